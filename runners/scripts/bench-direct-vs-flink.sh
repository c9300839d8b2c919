#!/usr/bin/env bash
# The whole graph (render, embed, QA, fuse; 24 views per part as measured, defaults otherwise) on the DirectRunner for the first
# 50, 100 and 200 parts of common-200, then the 200 on Flink's embedded cluster: wall time and peak RSS of each
# ./brickbox run (figures in BENCHMARKS.md, "DirectRunner against Flink embedded"). About 20 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=$(mktemp -d /tmp/brickbox-direct-vs-flink.XXXXXX)
"$root/brickbox" help > /dev/null   # builds the jar first, so no run below pays for it
list="$root/runners/parts/common-200.txt"
measure() { # $1: label, $2: images, rest: run options
  local label="$1" images="$2" start end
  shift 2
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$root/brickbox" run "$@" > "$work/$label.log" 2>&1
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2]); print(f'{sys.argv[1]:>14} {int(sys.argv[3]):>6} images {s:7.0f} s {int(sys.argv[3])/s:6.1f} images/s peak RSS {int(sys.argv[4])/1e6:.1f} GB')" \
    "$label" "$(echo "$end - $start" | bc)" "$images" "$(cat "$work/rss")"
}
for n in 50 100 200; do
  grep -v '^#' "$list" | grep -v '^[[:space:]]*$' | head -n "$n" > "$work/parts-$n.txt"
  measure "direct-$n" $((n * 24)) --partsFile="$work/parts-$n.txt" --views=24 --out="$work/direct-$n" \
    --directRunnerMaxImages=0
done
measure flink-200 4800 --partsFile="$work/parts-200.txt" --views=24 --out="$work/flink-200" --runner=FlinkRunner \
  --flinkMaster=[local]
echo "outputs and logs in $work"
