#!/usr/bin/env bash
# Render-stage throughput at parallelism 1 and 2, on a Flink session cluster (1 TaskManager x 2 slots, started
# fresh for each run so every figure starts cold) and on the embedded MiniCluster, with the memory the JVMs used.
#
#   runners/flink/bench.sh [views]        (default 48 views of the 20 common parts at 224 px = 960 images)
#
# images/s = render_view records / (last - first render-stage log timestamp), from the run's manifest.
# Session: TaskManager VmHWM (peak RSS) from /proc, heap used/committed/max after the job from jcmd.
# Embedded: peak RSS of the whole launcher JVM (client + MiniCluster) from /usr/bin/time.
# Settings: FLINK_REST_PORT (default 18081 here), FLINK_RPC_PORT (16123), BENCH_OUT (out/flink-bench).
set -euo pipefail
views="${1:-48}"
export FLINK_REST_PORT="${FLINK_REST_PORT:-18081}" FLINK_RPC_PORT="${FLINK_RPC_PORT:-16123}"
export FLINK_WORK_DIR="${FLINK_WORK_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/out/flink-bench/cluster}"
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
bench_out="${BENCH_OUT:-$repo_root/out/flink-bench}"
parts=3001,3003,3020,3023,3069b,3040b,3062b,6141,3710,32523,3673,2780,3004,3005,3010,3022,3024,3068b,3070b,2420
trap '"$flink_home/stop-cluster.sh" >/dev/null' EXIT

render_rate() { # $1: output dir; prints "images seconds images/s"
  local m="$1/manifest.json" images start end
  images=$(jq '.counts["render.render_view.ok"]' "$m")
  start=$(date -d "$(jq -r '.stages[] | select(.name == "render") | .summary.startedAt' "$m")" +%s.%N)
  end=$(date -d "$(jq -r '.stages[] | select(.name == "render") | .summary.finishedAt' "$m")" +%s.%N)
  awk -v n="$images" -v s="$start" -v e="$end" 'BEGIN { printf "%d %.2f %.1f", n, e - s, n / (e - s) }'
}

tm_heap() { # $1: pid; prints "used/committed/max" heap MB of that JVM now
  local max
  max=$(jcmd "$1" VM.flags | grep -o 'MaxHeapSize=[0-9]*' | cut -d= -f2)
  jcmd "$1" GC.heap_info | awk -v max="$max" '/total/ && /used/ {
    gsub(/[K,]/, ""); for (i = 1; i <= NF; i++) { if ($i == "total") t = $(i + 1); if ($i == "used") u = $(i + 1) }
    printf "%d/%d/%d", u / 1024, t / 1024, max / 1048576; exit }'
}

run() { # $1: output dir, rest: brickbox run options; prints the launcher's wall seconds
  local start=$SECONDS
  # Render stage alone: embedding would share the same cores and blur what parallelism does for rendering.
  "$repo_root/brickbox" run --parts="$parts" --views="$views" --embed=false --out="$1" "${@:2}" > "$1.log" 2>&1 \
    || { tail -n 30 "$1.log" >&2; die "run failed (log $1.log)"; }
  echo $((SECONDS - start))
}

"$repo_root/brickbox" help > /dev/null # builds the job jar first, so no run below pays for it
rm -rf "$bench_out/session-p"* "$bench_out/embedded-p"*
mkdir -p "$bench_out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-9s %3s %7s %9s %9s %8s %11s %s\n' mode par images render_s images/s wall_s peak_rss_MB "heap used/committed/max MB"
for p in 1 2; do
  "$flink_home/start-cluster.sh" --taskmanagers=1 --slots=2 > /dev/null
  out="$bench_out/session-p$p"
  wall=$(run "$out" --runner=FlinkRunner --flinkMaster="127.0.0.1:$FLINK_REST_PORT" --parallelism="$p")
  tm_pid=$(cat "$pid_dir/taskmanager-1.pid")
  hwm=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$tm_pid/status")
  heap=$(tm_heap "$tm_pid")
  read -r images secs rate <<<"$(render_rate "$out")"
  printf '%-9s %3s %7s %9s %9s %8s %11s %s\n' session "$p" "$images" "$secs" "$rate" "$wall" "$hwm" "$heap"
  "$flink_home/stop-cluster.sh" > /dev/null
done
for p in 1 2; do
  out="$bench_out/embedded-p$p"
  wall=$(/usr/bin/time -f '%M' -o "$out.rss" bash -c "$(declare -f run die); repo_root='$repo_root' parts='$parts' views='$views' \
    run '$out' --runner=FlinkRunner '--flinkMaster=[local]' --parallelism=$p")
  read -r images secs rate <<<"$(render_rate "$out")"
  printf '%-9s %3s %7s %9s %9s %8s %11s %s\n' embedded "$p" "$images" "$secs" "$rate" "$wall" \
    "$(($(tail -n 1 "$out.rss") / 1024))" "-"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
