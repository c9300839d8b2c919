#!/usr/bin/env bash
# Renders ground-truth part masks for a photo proxy folder (runners/blender/photo_proxy_masks.py): the scenes
# photo_proxy.py drew for the captures, rebuilt from the same seed, each camera rendering the part's silhouette.
# `./brickbox bench segment --photos=PHOTOS --masks=OUT` scores segmentation against them.
#
#   runners/scripts/render-photo-proxy-masks.sh --meshes=DIR --jobs=FILE --photos=DIR --out=DIR [--seed=N]
#                                               [--threads=N] [--no-bevel]
#
# --meshes, --jobs, --seed, --no-bevel  exactly those the photos were rendered with (render-photo-proxy.sh writes
#            OUT/jobs.tsv when it was given --parts/--colours); they decide the scene.
# --photos   the photo proxy folder: only captures whose three JPEGs exist there get masks.
# --out      OUT/<part>/<capture>_<side>.png, 600 x 600 grey (255 = part); existing masks are skipped.
# --threads  Cycles threads (default 1: about a second per mask on this machine's shared cores).
# Environment: BLENDER (default `blender` on PATH). Exit codes: 0 done, 1 a capture failed, 2 bad usage, 3 no Blender.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
script="$here/../blender/photo_proxy_masks.py"
blender_bin="${BLENDER:-blender}"
threads=1
args=()
for arg in "$@"; do
  case "$arg" in
    --threads=*) threads="${arg#--threads=}" ;;
    --meshes=*|--jobs=*|--photos=*|--out=*|--seed=*|--no-bevel) args+=("$arg") ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "render-photo-proxy-masks: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
if ! command -v "$blender_bin" >/dev/null 2>&1; then
  echo "render-photo-proxy-masks: Blender not found (${blender_bin}); run runners/scripts/setup-blender.sh" >&2
  exit 3
fi
"$blender_bin" -b --factory-startup -noaudio --python-exit-code 1 -P "$script" -- "${args[@]}" \
  "--threads=$threads" | grep --line-buffered "^photo-proxy: "
