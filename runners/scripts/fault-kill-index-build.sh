#!/usr/bin/env bash
# Fault check (issue 18): a TaskManager killed while the fuse stage builds the reference index and evaluates it.
# The index build is one task over every view (a single key), so losing it loses the largest piece of work that
# cannot be split. Expected: Flink restarts the lost work on a replacement TaskManager, the job succeeds, and every
# output (index, vectors, held-out identifications, records, QA) equals an undisturbed run of the same job.
#
#   runners/scripts/fault-kill-index-build.sh [--parts=N] [--views=N] [--work=DIR]
#
# Starts its own session cluster (two TaskManagers, two slots each) on free ports under the work dir, runs the job
# twice on it: undisturbed (the baseline), then again with the TaskManager that runs the busy index-build subtask
# killed (SIGKILL) once that subtask has run for half a second, and a replacement started. Prints what it saw and
# exits non-zero on any difference. Default: the first 100 parts of common-200 at 24 views; needs curl and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
parts=100 views=24 work=""
for arg in "$@"; do
  case "$arg" in
    --parts=*) parts="${arg#*=}" ;;
    --views=*) views="${arg#*=}" ;;
    --work=*) work="${arg#*=}" ;;
    *) echo "usage: $0 [--parts=N] [--views=N] [--work=DIR]" >&2; exit 2 ;;
  esac
done
work="${work:-$(mktemp -d /tmp/brickbox-kill-index.XXXXXX)}"
mkdir -p "$work"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export FLINK_WORK_DIR="$work/cluster" FLINK_REST_PORT="$(free_port)" FLINK_RPC_PORT="$(free_port)"
rest="http://127.0.0.1:$FLINK_REST_PORT"
baseline="$work/baseline-${parts}x${views}" # kept for later runs of the script with the same work dir
trap '"$root/runners/flink/stop-cluster.sh" > /dev/null 2>&1 || true' EXIT

grep -v '^#' "$root/runners/parts/common-200.txt" | head -n "$parts" > "$work/parts.txt"
[[ -s "$root/runners/target/brickbox-job.jar" ]] || (cd "$root" && mvn -B -q -DskipTests package)
"$root/runners/flink/start-cluster.sh" --taskmanagers=2 --slots=2 > "$work/cluster.log"
args=(run --partsFile="$work/parts.txt" --views="$views" --runner=FlinkRunner
  --flinkMaster="127.0.0.1:$FLINK_REST_PORT" --parallelism=2)

rest_get() { curl -fsS --max-time 5 "$rest$1"; }
latest_job() {
  rest_get /jobs/overview | python3 -c '
import json, sys
jobs = sorted(json.load(sys.stdin)["jobs"], key=lambda j: j["start-time"])
print(jobs[-1]["jid"] if jobs else "")'
}

if [[ -f "$baseline/manifest.json" ]] && grep -q '"status" : "completed"' "$baseline/manifest.json"; then
  echo "1. baseline: kept from an earlier run of this script in $baseline"
else
  echo "1. baseline: ${parts} parts x ${views} views on the session cluster, undisturbed"
  start=$SECONDS
  "$root/brickbox" "${args[@]}" --out="$baseline" > "$work/baseline.log" 2>&1 \
    || { tail -n 30 "$work/baseline.log"; echo "FAIL: the baseline run failed"; exit 1; }
  echo "   done in $((SECONDS - start)) s"
fi
latest_job > "$work/baseline.jid"

echo "2. the same job, its index-build TaskManager killed"
start=$SECONDS
rm -rf "$work/killed"
"$root/brickbox" "${args[@]}" --out="$work/killed" > "$work/killed.log" 2>&1 &
job_pid=$!
# One long-lived poller (spawning a process per look was too slow on a loaded machine): finds the job, its
# index-build vertex once, then watches only that vertex's subtasks.
victim=$(python3 - "$rest" "$(cat "$work/baseline.jid")" "$job_pid" <<'PY' 2> "$work/poll.log" || true
import json, os, sys, time, urllib.request
rest, baseline, job_pid = sys.argv[1], sys.argv[2], int(sys.argv[3])

def get(path):
    with urllib.request.urlopen(rest + path, timeout=10) as answer:
        return json.load(answer)

def alive():
    try:
        os.kill(job_pid, 0)
        return True
    except OSError:
        return False

jid = vid = None
while alive():
    try:
        if jid is None:
            jobs = [j for j in get("/jobs/overview")["jobs"] if j["jid"] != baseline]
            jid = jobs[0]["jid"] if jobs else None
        elif vid is None:
            vid = next((v["id"] for v in get(f"/jobs/{jid}")["vertices"]
                        if "GroupReduce at fuse/AllViews" in v["name"]), None)
        else:
            subtasks = get(f"/jobs/{jid}/vertices/{vid}")["subtasks"]
            # the busy subtask is the one reading the views (the other has no key); kill it a moment into its work
            busy = [s for s in subtasks if s["status"] == "RUNNING" and s["duration"] >= 500]
            busy.sort(key=lambda s: -s["metrics"].get("read-bytes", 0))
            if busy:
                s = busy[0]
                print(s["taskmanager-id"], s["duration"], s["metrics"].get("read-bytes", 0))
                sys.exit(0)
    except (OSError, ValueError, KeyError) as e:
        print("poll:", e, file=sys.stderr)  # the REST API busy or the job not there yet: look again
    time.sleep(0.1)
print("the job ended; last seen job", jid, "vertex", vid, file=sys.stderr)
sys.exit(1)
PY
)
if [[ -z "$victim" ]]; then
  tail -n 5 "$work/poll.log"
  echo "FAIL: the job ended before its index build was seen"
  exit 1
fi
read -r tm_id ran_ms read_bytes <<< "$victim"
tm_log=$(grep -l -F "$tm_id" "$FLINK_WORK_DIR"/log/taskmanager-*.log | head -n 1)
tm_name=$(basename "$tm_log" .log)
tm_pid=$(cat "$FLINK_WORK_DIR/pids/$tm_name.pid")
kill -9 "$tm_pid"
echo "   killed $tm_name (pid $tm_pid, $tm_id): its index-build subtask had run ${ran_ms} ms, read ${read_bytes} bytes"
"$root/runners/flink/start-taskmanager.sh" > /dev/null
echo "   replacement TaskManager started"
code=0
wait "$job_pid" || code=$?
echo "   job exit $code after $((SECONDS - start)) s"
[[ $code == 0 ]] || { tail -n 30 "$work/killed.log"; echo "FAIL: the job did not survive"; exit 1; }
restarts=$(rest_get "/jobs/$(latest_job)/exceptions" | python3 -c '
import json, sys
print(len(json.load(sys.stdin).get("exceptionHistory", {}).get("entries", [])))')
echo "   failures the job recovered from: $restarts"
[[ $restarts -gt 0 ]] || { echo "FAIL: the job never saw its TaskManager fail"; exit 1; }

echo "3. outputs against the baseline"
python3 - "$baseline" "$work/killed" <<'PY'
import json, os, struct, sys
PER_RUN = {"operation_logs.jsonl", "manifest.json", "report.html"}

def tree(root):
    files = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if rel in PER_RUN or rel.startswith(("history/", "logs/")):
                continue
            files[rel] = open(os.path.join(root, rel), "rb").read()
    return files

def floats(npy):
    header = int.from_bytes(npy[8:10], "little")
    data = npy[10 + header:]
    return struct.unpack("<%df" % (len(data) // 4), data)

def qa_lines(data):
    for line in data.decode().splitlines():
        record = json.loads(line)
        yield record, record.get("metrics", {}).pop("embeddingDistance", None)

a, b = tree(sys.argv[1]), tree(sys.argv[2])
problems = sorted(f"only in the baseline: {f}" for f in a.keys() - b.keys())
problems += sorted(f"only after the kill: {f}" for f in b.keys() - a.keys())
temporaries = [f for f in b if os.path.basename(f).startswith(".tmp-")]
problems += [f"temporary file left: {f}" for f in temporaries]
for name in sorted(a.keys() & b.keys()):
    x, y = a[name], b[name]
    if x == y:
        continue
    if name.endswith(".npy") and len(x) == len(y):  # vectors agree to 1e-5 across batchings (PipelineRuns)
        if max(abs(p - q) for p, q in zip(floats(x), floats(y))) <= 1e-5:
            continue
    if name.startswith("qa/") and name.endswith(".jsonl"):
        pairs = list(zip(qa_lines(x), qa_lines(y)))
        if len(x.splitlines()) == len(y.splitlines()) and all(
                r == s and (d is None) == (e is None) and (d is None or abs(d - e) <= 1e-4)
                for (r, d), (s, e) in pairs):
            continue
    problems.append(f"differs: {name}")
index = json.loads(b["index/index.json"]) if "index/index.json" in b else {}
print(f"   {len(b)} files compared; index of {index.get('references', '?')} references")
for p in problems[:20]:
    print("   " + p)
if problems:
    print(f"FAIL: {len(problems)} differences")
    sys.exit(1)
print("PASS: same outputs as the undisturbed run")
PY
