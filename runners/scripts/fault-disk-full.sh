#!/usr/bin/env bash
# Fault check: the output folder fills up mid-run. Expected: the run fails with one line naming the file it could
# not write and why; no output file is left truncated as if complete (every records line whole, every PNG ends
# with its IEND chunk, every .npy as long as its header says); the manifest says "failed" (or still "running" when
# not even it could be written); and once there is room
# the same command completes with outputs identical to a run that never ran out of space.
#
#   sudo runners/scripts/fault-disk-full.sh [SIZE_BEFORE=3m]
# Needs root (it mounts a small tmpfs as the output folder) and python3; builds the job jar if needed (./brickbox).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${1:-3m}"
[[ $(id -u) == 0 ]] || { echo "fault-disk-full: needs root to mount a tmpfs of $size" >&2; exit 2; }
work=$(mktemp -d /tmp/brickbox-disk-full.XXXXXX)
mnt="$work/small"
mkdir -p "$mnt"
mount -t tmpfs -o size="$size" tmpfs "$mnt"
trap 'umount "$mnt" 2>/dev/null || true' EXIT
args=(run --parts=3001,3003,3004,3010,3020,3022,3023,3024,3069b,3062b --views=12 --imageSize=128)

set +e
"$root/brickbox" "${args[@]}" --out="$mnt/run" > "$work/full.log" 2>&1
code=$?
set -e
echo "1. run on a $size output folder: exit $code; $(grep 'run failed' "$work/full.log" || echo 'no failure line')"
[[ $code == 1 ]] || { echo "FAIL: expected exit 1"; exit 1; }
grep -q "run failed: cannot write .*: No space left on device" "$work/full.log" \
  || { echo "FAIL: the failure line does not name the file and the cause"; exit 1; }

python3 - "$mnt/run" <<'PY'
import json, os, re, sys
out = sys.argv[1]
bad, files = [], 0
for dirpath, _, names in os.walk(out):
    for name in names:
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, out)
        if name.startswith(".tmp-"):
            continue  # a writer's temporary: never read as output, swept by the next run
        files += 1
        data = open(path, "rb").read()
        if name.endswith(".jsonl"):
            if data and not data.endswith(b"\n"):
                bad.append(rel + ": last line cut off")
            for i, line in enumerate(data.splitlines()):
                try:
                    json.loads(line)
                except ValueError:
                    bad.append(f"{rel}:{i + 1}: not a whole record")
        elif name.endswith(".png") and not data.endswith(b"IEND\xaeB`\x82"):
            bad.append(rel + ": PNG without its end")
        elif name.endswith(".npy"):
            header_len = int.from_bytes(data[8:10], "little")
            rows, cols = map(int, re.search(rb"'shape': \((\d+), (\d+)\)", data[10:10 + header_len]).groups())
            if len(data) != 10 + header_len + rows * cols * 4:
                bad.append(rel + ": shorter than its header says")
        elif name == "manifest.json":
            manifest = json.loads(data)
            print(f"   manifest: status {manifest['status']}, error: {manifest.get('error')}")
            # "failed", or still "running" when the disk had no room left for the failed manifest either: both
            # say the run did not complete (the next run treats "running" as interrupted and completes it).
            if manifest["status"] not in ("failed", "running"):
                bad.append("manifest.json: status " + manifest["status"])
print(f"2. {files} files left in the output: {len(bad)} truncated or inconsistent" + "".join("\n   " + b for b in bad))
sys.exit(1 if bad else 0)
PY

mount -o remount,size=512m "$mnt"
start=$(date +%s)
"$root/brickbox" "${args[@]}" --out="$mnt/run" > "$work/again.log" 2>&1
echo "3. the same command once there is room: exit 0 in $(( $(date +%s) - start )) s;" \
  "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['sections']['rebuild']['reason'])" "$mnt/run/manifest.json")"
"$root/brickbox" "${args[@]}" --out="$work/reference" > "$work/reference.log" 2>&1
python3 - "$mnt/run" "$work/reference" <<'PY'
import filecmp, os, sys
def tree(d):
    skip = ("logs/", "history/", "previous/", "manifest.json", "report.html", "operation_logs.jsonl")
    return sorted(os.path.relpath(os.path.join(p, n), d) for p, _, ns in os.walk(d) for n in ns
                  if not os.path.relpath(os.path.join(p, n), d).startswith(skip))
a, b = tree(sys.argv[1]), tree(sys.argv[2])
differ = [f for f in a if f in b and not filecmp.cmp(os.path.join(sys.argv[1], f), os.path.join(sys.argv[2], f), False)]
# Vectors may differ by float rounding between batch groupings (README, Determinism); images and records may not.
differ = [f for f in differ if not f.startswith(("embeddings/", "index/", "fuse/", "qa/"))]
print(f"4. repaired output vs a run that never ran out of space: {len(a)} vs {len(b)} files, "
      f"{len(set(a) ^ set(b))} only on one side, {len(differ)} images/records differ")
sys.exit(1 if set(a) != set(b) or differ else 0)
PY
echo "PASS (logs in $work)"
