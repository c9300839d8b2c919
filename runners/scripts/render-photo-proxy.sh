#!/usr/bin/env bash
# Renders the photo proxy set: Blender Cycles images set up like photographs of parts on a sorting machine
# (three cameras per capture: front, back, below). A PROXY FOR PHOTOGRAPHS, NOT PHOTOGRAPHS: the renderer is one no
# BrickBox training sees, so `./brickbox bench photos` can measure the photo path on images it has not learnt.
#
#   runners/scripts/render-photo-proxy.sh --meshes=DIR --jobs=FILE --out=DIR [--samples=N] [--workers=N]
#                                         [--seed=N] [--limit=N] [--no-bevel] [--fixedCamera=FOCAL,DISTANCE]
#   runners/scripts/render-photo-proxy.sh --meshes=DIR --parts=FILE|IDS --colours=CODES --out=DIR [...]
#   runners/scripts/render-photo-proxy.sh --selftest [--out=DIR]
#
# --meshes   folder of part meshes from `./brickbox export --format=obj`: DIR/<part>.obj + .mtl, millimetres,
#            Z up, LDraw origin, `vn` normals, one `usemtl ldraw_<code>` group per colour (ldraw_16 = main colour).
# --jobs     the jobs file (below).
# --parts, --colours  instead of --jobs: every part (a file with one id per line, or comma-separated ids) in every
#            LDraw colour code listed (comma-separated); RGB and finish come from LDConfig.ldr of the LDraw library
#            (--ldrawDir, else $LDRAW_DIR, else the cache ./brickbox setup fills); written to OUT/jobs.tsv.
# --out      output folder: OUT/<part>/c<colour>_front.jpg, _back.jpg, _below.jpg (600 x 600 JPEG) and
#            OUT/manifest.json (every job, its seed and scene, Blender version, settings, timings). Captures whose
#            three images exist are skipped, so an interrupted run resumes where it stopped.
# --samples  Cycles samples per pixel, adaptive (default 16; Debian's Blender has no denoiser).
# --workers  Blender processes, each rendering every N-th job with cores/N threads (default 1). One process
#            renders many jobs: Blender starts once per worker, not once per image.
# --seed     base seed (default 0): with the part and the colour code it draws every choice of a capture. A seed
#            other than 0 names its captures c<colour>s<seed>: more sessions of the same part beside the first
#            (what `bench photos --shots=K` needs: several captures per part).
# --limit    render at most N new captures per worker (for trying settings).
# --no-bevel no rounded-edge shader (faster, edges look sharper than moulded plastic).
# --fixedCamera  a sorting machine's fixed cameras instead of a photographer's: every capture's cameras have focal
#            length FOCAL and stand DISTANCE millimetres from the support under the part (front and back at 50
#            degrees elevation, below straight up), so every photo has about the same scale (it changes only with
#            the part's height) and small parts are small in the frame. E.g. 50,170: 120 mm across the frame,
#            5 pixels per millimetre. What `./brickbox calibrate` on the photos should find.
# --selftest render the hand-made test box (runners/blender/make_test_box.py) in one colour and check the three
#            JPEGs: they exist, decode, are 600 x 600 and are not uniform; then run again and check nothing is
#            rendered twice. Needs Blender (runners/scripts/setup-blender.sh) and python3.
#
# Jobs file: UTF-8 text, one job per line, fields separated by tabs (any whitespace works); '#' starts a comment,
# blank lines are ignored; a (part, colour) listed twice is rendered once.
#   part     LDraw part id as in the mesh folder's file names (3001, 3626bpr0001, ...)
#   colour   LDraw colour code (4) or a direct colour 0x2RRGGBB; names the capture: c4
#   r g b    the colour's RGB, 0-255, sRGB (LDConfig.ldr's VALUE)
#   finish   solid | trans | chrome | metal | pearl | rubber | glitter (as trans) | speckle (as solid) | milky;
#            optional, default solid
# Example:
#   # part	colour	r	g	b	finish
#   3001	4	201	26	9	solid
#   3001	15	255	255	255	solid
#   3062b	41	201	26	9	trans
#
# Environment: BLENDER (the Blender binary, default `blender` on PATH).
# Exit codes: 0 every job rendered (or cached); 1 a job failed (see OUT/manifest.json and OUT/.photo-proxy/logs/),
# or the self-check failed; 2 bad usage; 3 Blender is missing (run runners/scripts/setup-blender.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
script="$here/../blender/photo_proxy.py"
box="$here/../blender/make_test_box.py"
blender_bin="${BLENDER:-blender}"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "render-photo-proxy: $*" >&2; exit 2; }

meshes="" jobs="" parts="" colours="" ldraw_dir="" out="" samples=16 workers=1 seed=0 limit=0 bevel="" selftest=0
fixed_camera=""
for arg in "$@"; do
  case "$arg" in
    --meshes=*) meshes="${arg#*=}" ;;
    --jobs=*) jobs="${arg#*=}" ;;
    --parts=*) parts="${arg#*=}" ;;
    --colours=*) colours="${arg#*=}" ;;
    --ldrawDir=*) ldraw_dir="${arg#*=}" ;;
    --out=*) out="${arg#*=}" ;;
    --samples=*) samples="${arg#*=}" ;;
    --workers=*) workers="${arg#*=}" ;;
    --seed=*) seed="${arg#*=}" ;;
    --limit=*) limit="${arg#*=}" ;;
    --no-bevel) bevel="--no-bevel" ;;
    --fixedCamera=*) fixed_camera="${arg#*=}" ;;
    --selftest) selftest=1 ;;
    -h|--help) usage ;;
    *) die "unknown option $arg (--help lists them)" ;;
  esac
done
[[ "$samples" =~ ^[1-9][0-9]*$ ]] || die "--samples must be a positive integer"
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive integer"
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer"
[[ "$limit" =~ ^[0-9]+$ ]] || die "--limit must be a non-negative integer"
[[ -z "$fixed_camera" || "$fixed_camera" =~ ^[0-9.]+,[0-9.]+$ ]] || die "--fixedCamera must be FOCAL,DISTANCE in millimetres"

if ! command -v "$blender_bin" >/dev/null 2>&1; then
  echo "render-photo-proxy: Blender not found (${blender_bin}); run runners/scripts/setup-blender.sh" >&2
  exit 3
fi

blender_run() {
  "$blender_bin" -b --factory-startup -noaudio --python-exit-code 1 -P "$script" -- "$@"
}

# Renders the jobs with $workers Blender processes; their output goes to OUT/.photo-proxy/logs/, the lines the
# script prints for people (photo-proxy: ...) also to the terminal. Returns the worst exit code.
render() {
  local cores threads k rc=0 code
  cores=$(nproc 2>/dev/null || echo 2)
  threads=$(( cores / workers )); (( threads >= 1 )) || threads=1
  local logdir="$out/.photo-proxy/logs"
  mkdir -p "$logdir"
  local common=(--meshes="$meshes" --jobs="$jobs" --out="$out" --samples="$samples" --seed="$seed"
                --limit="$limit" --threads="$threads" --workers="$workers")
  [[ -n "$bevel" ]] && common+=("$bevel")
  [[ -n "$fixed_camera" ]] && common+=(--fixed-camera="$fixed_camera")
  local pids=() logs=()
  for (( k = 0; k < workers; k++ )); do : > "$logdir/blender-$k.log"; logs+=("$logdir/blender-$k.log"); done
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; exit 130' INT TERM
  for (( k = 0; k < workers; k++ )); do
    local merge=()
    (( workers == 1 )) && merge=(--merge)
    ( set +e
      blender_run "${common[@]}" --worker="$k" "${merge[@]}" > "$logdir/blender-$k.log" 2>&1
      echo $? > "$logdir/blender-$k.rc" ) &
    pids+=($!)
  done
  # show progress lines while the workers run
  tail -q -n +1 -F "${logs[@]}" 2>/dev/null | grep --line-buffered '^photo-proxy' &
  local tailer=$!
  for p in "${pids[@]}"; do wait "$p" || true; done
  sleep 0.3
  kill "$tailer" 2>/dev/null || true
  wait "$tailer" 2>/dev/null || true
  trap - INT TERM
  for (( k = 0; k < workers; k++ )); do
    code=$(cat "$logdir/blender-$k.rc" 2>/dev/null || echo 1)
    rm -f "$logdir/blender-$k.rc"
    (( code > rc )) && rc=$code
  done
  if (( workers > 1 )); then
    blender_run "${common[@]}" --merge-only > "$logdir/blender-merge.log" 2>&1 || rc=1
    grep '^photo-proxy' "$logdir/blender-merge.log" || true
  fi
  # A clean run leaves only the part folders and manifest.json (what bench photos reads); after a failure the
  # Blender logs stay in OUT/.photo-proxy/logs/.
  if (( rc == 0 )); then
    rm -rf "$out/.photo-proxy"
  else
    (( rc == 1 )) && echo "render-photo-proxy: some jobs failed (OUT/manifest.json says which); Blender's logs are in $logdir" >&2
    (( rc == 1 )) || echo "render-photo-proxy: Blender exited with code $rc; its logs are in $logdir" >&2
  fi
  return "$rc"
}

if (( selftest )); then
  command -v python3 >/dev/null 2>&1 || { echo "render-photo-proxy: --selftest needs python3" >&2; exit 3; }
  work=$(mktemp -d "${TMPDIR:-/tmp}/photo-proxy-selftest.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  [[ -n "$out" ]] || out="$work/out"
  meshes="$work/meshes" jobs="$work/jobs.tsv"
  python3 "$box" "$meshes" testbox > /dev/null
  printf '# part\tcolour\tr\tg\tb\tfinish\ntestbox\t4\t201\t26\t9\tsolid\n' > "$jobs"
  rm -f "$out"/testbox/c4_*.jpg
  echo "selftest: rendering the test box (3 images) into $out ..."
  set +e; render; rc=$?; set -e
  (( rc == 0 )) || { echo "selftest: FAILED (render exit code $rc; see $out/.photo-proxy/logs/)" >&2; exit 1; }
  files=("$out/testbox/c4_front.jpg" "$out/testbox/c4_back.jpg" "$out/testbox/c4_below.jpg")
  # python3: the files are complete JPEGs of 600 x 600 (from their markers), the manifest lists the job as done
  python3 - "$out" "${files[@]}" <<'PY' || { echo "selftest: FAILED (files or manifest)" >&2; exit 1; }
import json, struct, sys
out, files = sys.argv[1], sys.argv[2:]
def jpeg_size(path):
    data = open(path, "rb").read()
    if data[:2] != b"\xff\xd8" or data.rstrip(b"\x00")[-2:] != b"\xff\xd9":
        raise ValueError("not a complete JPEG")
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ValueError("bad marker at %d" % i)
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    raise ValueError("no frame header")
for f in files:
    w, h = jpeg_size(f)
    assert (w, h) == (600, 600), "%s is %dx%d" % (f, w, h)
m = json.load(open(out + "/manifest.json"))
job = [j for j in m["jobs"] if j["part"] == "testbox" and j["colour"] == "4"]
assert job and job[0]["status"] == "ok", "manifest: the job is not ok"
print("selftest: files are 600x600 JPEGs; manifest ok (%.1f s per image, Blender %s)"
      % (job[0]["render_seconds"] / 3, m["settings"]["blender"]))
PY
  # Blender's python: the images decode and are not uniform
  "$blender_bin" -b --factory-startup -noaudio --python-exit-code 1 -P "$script" -- --check "${files[@]}" \
      > "$work/check.log" 2>&1 || { grep '^photo-proxy' "$work/check.log" >&2; echo "selftest: FAILED (decode)" >&2; exit 1; }
  grep '^photo-proxy' "$work/check.log"
  # resume: a second run renders nothing and leaves the images as they are
  before=$(stat -c '%Y %s' "${files[@]}")
  set +e; render > "$work/second.log"; rc=$?; set -e
  after=$(stat -c '%Y %s' "${files[@]}")
  if (( rc != 0 )) || [[ "$before" != "$after" ]] || ! grep -q 'cached' "$work/second.log"; then
    echo "selftest: FAILED (a second run did not reuse the finished capture)" >&2; exit 1
  fi
  echo "selftest: ok (a second run reused the capture)"
  exit 0
fi

[[ -n "$meshes" && -n "$out" ]] || die "--meshes and --out are required (--help)"
[[ -d "$meshes" ]] || die "--meshes: $meshes is not a directory"
if [[ -z "$jobs" ]]; then
  [[ -n "$parts" && -n "$colours" ]] || die "give --jobs=FILE, or --parts and --colours (--help)"
  ldraw="${ldraw_dir:-${LDRAW_DIR:-${BRICKBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/brickbox}/ldraw}}"
  [[ -f "$ldraw/LDConfig.ldr" ]] || { echo "render-photo-proxy: no LDConfig.ldr in $ldraw (run ./brickbox setup or pass --ldrawDir)" >&2; exit 3; }
  command -v python3 >/dev/null 2>&1 || die "--parts/--colours need python3 (or write the jobs file and pass --jobs)"
  mkdir -p "$out"
  jobs="$out/jobs.tsv"
  python3 "$here/../blender/make_jobs.py" --parts="$parts" --colours="$colours" --ldconfig="$ldraw/LDConfig.ldr" \
      --to="$jobs" || exit 2
elif [[ -n "$parts" || -n "$colours" ]]; then
  die "--jobs and --parts/--colours exclude each other"
fi
[[ -f "$jobs" ]] || die "--jobs: $jobs is not a file"
set +e; render; rc=$?; set -e
exit "$rc"
