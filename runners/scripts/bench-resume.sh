#!/usr/bin/env bash
# What a run killed part-way costs its rerun: a first run of 200 common parts x 24 views (render, embed, QA, fuse:
# the defaults) is killed (SIGKILL, no shutdown hook) once its progress line shows STAGE >= N, then the same command
# runs again. Prints what was on disk and journaled at the kill, the rerun's wall time, and what it rendered,
# embedded and kept (the manifest's rebuild section).
# Usage: bench-resume.sh OUT [render|embed] [N] [JAR]   (JAR: another build to compare; default ./brickbox's jar)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out=${1:?usage: bench-resume.sh OUT [render|embed] [N] [JAR]}
stage=${2:-embed}
n=${3:-2400}
jar=${4:-$root/runners/target/brickbox-all.jar}
cd "$root"
[[ -n "${4:-}" ]] || ./brickbox help > /dev/null   # builds the jar when it is missing or stale
source runners/scripts/native-memory.sh
args=(run --partsFile=runners/parts/common-200.txt --views=24 --out="$out")
rm -rf "$out"
java -Dai.djl.offline=true -jar "$jar" "${args[@]}" > "$out.first.log" 2>&1 &
pid=$!
start=$(date +%s)
reached=0
while kill -0 $pid 2>/dev/null; do
  reached=$(grep -o "$stage [0-9]*/" "$out.first.log" | tail -1 | grep -o '[0-9]*' || echo 0)
  [[ ${reached:-0} -ge $n ]] && break
  sleep 0.5
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
echo "killed after $(( $(date +%s) - start )) s at $stage ${reached:-0}: images $(find "$out/images" -name '*.mask.png' | wc -l)," \
  "journaled: records $(cat "$out"/records/made/*.jsonl 2>/dev/null | wc -l), vectors $(cat "$out"/embeddings/made/*.jsonl 2>/dev/null | wc -l)"
t0=$(date +%s.%N)
java -Dai.djl.offline=true -jar "$jar" "${args[@]}" > "$out.rerun.log" 2>&1
rc=$?
echo "rerun exit $rc, wall $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" <<'PY'
import json, sys
m = json.load(open(sys.argv[1] + "/manifest.json"))
r = m["sections"]["rebuild"]
k = r["renderKeys"]
print(f"rerun: {m['status']}; rendered {k['rendered']}, kept {k['unchanged']} of {k['planned']}; "
      f"embedded {r['embedded']}, vectors kept {r['reusedVectors']}")
print("reason:", r["reason"])
PY
