#!/usr/bin/env bash
# Soak (issue 18): every non-alias part of the LDraw library through the whole graph (render, embed, QA, fuse) on
# a local Flink session cluster of two TaskManagers, one of them killed (SIGKILL) part-way and replaced. Expected:
# the job completes; every planned key is either in the records exactly once or a dead letter with its reason;
# every accepted image has exactly one vector; no temporary file is left; the memory of every JVM stays flat.
#
#   runners/scripts/soak-whole-library.sh [--views=N] [--sample=N] [--kill-at=FRACTION] [--work=DIR]
#
# --sample=N builds N parts spread over the library instead of all (a rehearsal); --kill-at is the share of the
# planned images embedded when the TaskManager is killed (default 0.3: render is done by then and the embed, QA
# and view-cue tasks are running). Writes into the work dir: the run's output (out/), the launcher's log,
# rss.csv (every JVM's resident and peak memory every 15 s) and summary.txt (what is printed at the end).
# Needs curl and python3. TaskManager memory: FLINK_TM_MEMORY (default here 4096m: the index build holds every
# view's vector in one task).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
views=12 sample=0 kill_at=0.3 work=""
for arg in "$@"; do
  case "$arg" in
    --views=*) views="${arg#*=}" ;;
    --sample=*) sample="${arg#*=}" ;;
    --kill-at=*) kill_at="${arg#*=}" ;;
    --work=*) work="${arg#*=}" ;;
    *) echo "usage: $0 [--views=N] [--sample=N] [--kill-at=FRACTION] [--work=DIR]" >&2; exit 2 ;;
  esac
done
work="$(realpath -m "${work:-$(mktemp -d /tmp/brickbox-soak.XXXXXX)}")"
mkdir -p "$work"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export FLINK_WORK_DIR="$work/cluster" FLINK_REST_PORT="$(free_port)" FLINK_RPC_PORT="$(free_port)"
export FLINK_TM_MEMORY="${FLINK_TM_MEMORY:-4096m}"
out="$work/out"
trap '"$root/runners/flink/stop-cluster.sh" > /dev/null 2>&1 || true' EXIT

[[ -s "$root/runners/target/brickbox-job.jar" ]] || (cd "$root" && mvn -B -q -DskipTests package)
"$root/runners/flink/start-cluster.sh" --taskmanagers=2 --slots=1 > "$work/cluster.log"
rm -rf "$out"
start=$SECONDS
# --incremental=false: a soak builds everything, even into a work dir that holds an earlier soak's output.
"$root/brickbox" run --views="$views" --sampleParts="$sample" --incremental=false --out="$out" \
  --runner=FlinkRunner --flinkMaster="127.0.0.1:$FLINK_REST_PORT" --parallelism=2 > "$work/run.log" 2>&1 &
job_pid=$!

# Watches the run: samples every cluster JVM's memory and the launcher's, reads the workers' live counts, and kills
# one TaskManager (and starts a replacement) once the embedded share passes --kill-at. Prints what it did.
python3 - "$work" "$FLINK_WORK_DIR" "$job_pid" "$kill_at" "$root/runners/flink/start-taskmanager.sh" <<'PY' | tee "$work/watch.log"
import glob, json, os, re, subprocess, sys, time
work, cluster, job_pid, kill_at, start_tm = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
out = os.path.join(work, "out")

def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False

def memory(pid):  # (VmRSS, VmHWM) in MB
    try:
        status = open(f"/proc/{pid}/status").read()
    except OSError:
        return None
    value = lambda key: int(re.search(key + r":\s+(\d+)", status).group(1)) // 1024
    return value("VmRSS"), value("VmHWM")

def jvms():  # name -> pid: the cluster's pid files, and the launcher's JVM (the one writing this output)
    found = {os.path.basename(p)[:-4]: int(open(p).read().strip()) for p in glob.glob(f"{cluster}/pids/*.pid")}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            args = open(f"/proc/{pid}/cmdline").read().split("\0")
        except OSError:
            continue
        if args and args[0].endswith("java") and f"--out={out}" in args:
            found["launcher"] = int(pid)
    return found

def planned():
    m = re.findall(r"embed \d+/(\d+)", open(os.path.join(work, "run.log"), errors="replace").read())
    return int(m[-1]) if m else 0

def counters():
    sums = {}
    for f in glob.glob(f"{out}/progress/*/worker-*.json"):
        try:
            for name, n in json.load(open(f)).get("counters", {}).items():
                sums[name] = sums.get(name, 0) + n
        except (OSError, ValueError):
            pass  # a worker rewriting its file: read it next time
    return sums

t0 = time.time()
killed = False
with open(os.path.join(work, "rss.csv"), "w") as csv:
    csv.write("seconds,jvm,pid,rss_mb,peak_mb\n")
    last_sample = 0
    while alive(job_pid):
        now = time.time()
        if now - last_sample >= 15:
            last_sample = now
            for name, pid in sorted(jvms().items()):
                m = memory(pid)
                if m:
                    csv.write(f"{now - t0:.0f},{name},{pid},{m[0]},{m[1]}\n")
            csv.flush()
        if not killed:
            total, embedded = planned(), counters().get("embed/images_embedded", 0)
            if total and embedded >= kill_at * total:
                pid = int(open(f"{cluster}/pids/taskmanager-1.pid").read())
                os.kill(pid, 9)
                killed = True
                print(f"killed taskmanager-1 (pid {pid}) at {now - t0:.0f} s: {embedded} of {total} images embedded",
                      flush=True)
                subprocess.run([start_tm], check=True, stdout=subprocess.DEVNULL)
                print(f"replacement TaskManager started at {time.time() - t0:.0f} s", flush=True)
        time.sleep(1)
if not killed:
    print("the job ended before the kill point", flush=True)
PY
code=0
wait "$job_pid" || code=$?
wall=$((SECONDS - start))

python3 - "$work" "$code" "$wall" <<'PY' | tee "$work/summary.txt"
import collections, glob, json, os, sys
work, code, wall = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = os.path.join(work, "out")
problems = []

def lines(pattern):
    for f in sorted(glob.glob(os.path.join(out, pattern))):
        for line in open(f):
            yield json.loads(line)

print(f"job exit {code} after {wall} s ({wall / 60:.1f} min)")
if code:
    problems.append("the job failed")
manifest = json.load(open(os.path.join(out, "manifest.json")))
counts = manifest.get("counts", {})
planned, selected = counts.get("render.keys.planned", 0), counts.get("parts.selected", 0)
print(f"manifest: {manifest.get('status')}; {selected} parts, {planned} images planned")
renders = collections.Counter(r["key"] for r in lines("records/renders-*.jsonl"))
vectors = collections.Counter(r["key"] for r in lines("embeddings/vectors-*.jsonl"))
failures = list(lines("failures.jsonl"))
failed_keys = {f.get("key") for f in failures}
print(f"render records {sum(renders.values())} ({len(renders)} keys), vectors {sum(vectors.values())} "
      f"({len(vectors)} keys), dead letters {len(failures)}")
for name, counter in (("render record", renders), ("vector", vectors)):
    doubled = [k for k, n in counter.items() if n > 1]
    if doubled:
        problems.append(f"{len(doubled)} keys with more than one {name}, e.g. {doubled[:3]}")
if set(vectors) - set(renders):
    problems.append(f"{len(set(vectors) - set(renders))} vectors without a render record")
unembedded = set(renders) - set(vectors) - failed_keys
if unembedded:
    problems.append(f"{len(unembedded)} rendered keys neither embedded nor a dead letter, e.g. {sorted(unembedded)[:3]}")
by_stage = collections.Counter((f.get("stage"), (f.get("message") or "")[:70]) for f in failures)
for (stage, message), n in by_stage.most_common(8):
    print(f"  dead letters: {n} x {stage}: {message}")
# every planned image is rendered once or accounted for by a dead letter: its own, or its part's (a part that
# cannot be loaded fails once for all its views)
render_failures = [f for f in failures if f.get("stage") == "render"]
part_failures = sum(1 for f in render_failures if "/" not in (f.get("key") or ""))
view_failures = len(render_failures) - part_failures
views = int(manifest.get("options", {}).get("views", 0))
accounted = len(renders) + view_failures + part_failures * views
print(f"planned {planned} = rendered {len(renders)} + failed views {view_failures} + {part_failures} failed parts "
      f"x {views} views = {accounted}")
if accounted != planned:
    problems.append(f"{planned - accounted} planned images neither rendered nor dead letters")
temporaries = [os.path.join(d, n) for d, _, names in os.walk(out) for n in names if n.startswith(".tmp-")]
if temporaries:
    problems.append(f"{len(temporaries)} temporary files left, e.g. {temporaries[:3]}")
index = json.load(open(os.path.join(out, "index", "index.json")))
print(f"index: {index.get('references')} references of {index.get('parts')} parts, {index.get('searchMode')} search")
for line in open(os.path.join(work, "run.log"), errors="replace"):
    if line.startswith(("Identification of", "BrickBox run")):
        print(line.rstrip())
peaks = {}
rows = [line.strip().split(",") for line in open(os.path.join(work, "rss.csv"))][1:]
for seconds, jvm, pid, rss, peak in rows:
    key = f"{jvm} (pid {pid})"
    first = peaks.setdefault(key, {"first": int(rss), "samples": []})
    first["samples"].append((int(seconds), int(rss)))
    first["peak"] = int(peak)
for key, p in sorted(peaks.items()):
    samples = p["samples"]
    half = samples[len(samples) // 2:]
    print(f"memory {key}: peak RSS {p['peak']} MB; RSS at start {samples[0][1]}, mid {samples[len(samples) // 2][1]}, "
          f"end {samples[-1][1]} MB; max in the second half {max(r for _, r in half)} MB over {len(samples)} samples")
for p in problems:
    print("PROBLEM: " + p)
print("FAIL" if problems else "PASS: completed, no key missing or doubled, no temporary file left")
sys.exit(1 if problems else 0)
PY
