#!/usr/bin/env bash
# Stops every JVM of the session cluster in FLINK_WORK_DIR: TERM, then KILL after a grace period. Signals only
# pids from the cluster's pid files that still carry the cluster's marker, so it is safe to run at any time,
# any number of times; it returns once none of them is alive.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
grace="${FLINK_STOP_GRACE:-15}"

pids=()
for pidfile in "$pid_dir"/*.pid; do
  [[ -e "$pidfile" ]] || continue
  pid=$(cat "$pidfile")
  if is_cluster_process "$pid"; then pids+=("$pid"); kill -TERM "$pid" 2>/dev/null || true; fi
done
deadline=$((SECONDS + grace))
for pid in "${pids[@]}"; do
  while is_cluster_process "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  if is_cluster_process "$pid"; then
    echo "flink: pid $pid ignored TERM for ${grace}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while is_cluster_process "$pid"; do sleep 0.1; done
  fi
done
rm -f "$pid_dir"/*.pid
echo "Flink cluster stopped (${#pids[@]} process(es); work dir $FLINK_WORK_DIR)"
