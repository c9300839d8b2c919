#!/usr/bin/env bash
# Nightly BrickBox rebuild: incremental run → retrain triggers → (when recommended) train and re-embed.
#
#   runners/nightly/nightly.sh            # uses the variables below; see README "Nightly rebuilds"
#
# Environment:
#   BRICKBOX_HOME    checkout with ./brickbox (default: this script's repository)
#   NIGHTLY_OUT      output directory of the dataset (default: $BRICKBOX_HOME/out/nightly)
#   NIGHTLY_ARGS     extra options for ./brickbox run (part selection, runner, ...), e.g. "--categories=Brick,Plate"
#   NIGHTLY_MODELS   where trained models go (default: $BRICKBOX_HOME/models/nightly)
#   NIGHTLY_TRAIN_ARGS  extra options for ./brickbox train (default: "--epochs=40 --seed=1")
#
# Exit: 0 done (with or without retraining), 1 a step failed, 75 another nightly run holds the lock.
set -euo pipefail

BRICKBOX_HOME=${BRICKBOX_HOME:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${NIGHTLY_OUT:-$BRICKBOX_HOME/out/nightly}
MODELS=${NIGHTLY_MODELS:-$BRICKBOX_HOME/models/nightly}
read -r -a RUN_ARGS <<< "${NIGHTLY_ARGS:-}"
read -r -a TRAIN_ARGS <<< "${NIGHTLY_TRAIN_ARGS:---epochs=40 --seed=1}"
RETRAIN=10   # ./brickbox triggers: retraining recommended

mkdir -p "$OUT"
# One nightly run per output at a time: the run history numbers entries by "next free", and two writers of
# one output would race. A second start exits at once (a cron line or a timer that fires twice).
exec 9>"$OUT/.nightly.lock"
if ! flock -n 9; then
  echo "nightly: another run holds $OUT/.nightly.lock; exiting" >&2
  exit 75
fi

cd "$BRICKBOX_HOME"
log() { echo "nightly $(date -u +%FT%TZ): $*"; }

# The model in use: the newest nightly model if one was trained, else the built-in one.
model=builtin
if [[ -f "$MODELS/current" ]]; then model="brickbox:$(cat "$MODELS/current")"; fi

log "incremental rebuild into $OUT with --model=$model"
./brickbox run --out="$OUT" --model="$model" "${RUN_ARGS[@]}"

set +e
./brickbox triggers --out="$OUT"
verdict=$?
set -e
if [[ $verdict -eq 0 ]]; then
  log "no retraining needed"
  exit 0
elif [[ $verdict -ne $RETRAIN ]]; then
  log "triggers failed (exit $verdict)"
  exit 1
fi

dir="$MODELS/$(date -u +%Y%m%dT%H%M%SZ)"
log "retraining recommended: training $dir on $OUT"
./brickbox train --data="$OUT" --out="$dir" "${TRAIN_ARGS[@]}"
mkdir -p "$MODELS"
echo "$dir" > "$MODELS/current.tmp" && mv "$MODELS/current.tmp" "$MODELS/current"

# Same parts and render inputs, new model version: the rebuild renders nothing and re-embeds every image.
log "re-embedding with the new model"
./brickbox run --out="$OUT" --model="brickbox:$dir" "${RUN_ARGS[@]}"
log "done"
