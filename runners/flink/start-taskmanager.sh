#!/usr/bin/env bash
# Adds one TaskManager to the session cluster in FLINK_WORK_DIR (e.g. to replace a lost one) and waits until
# it has registered, unless --no-wait. Uses the conf dir that start-cluster.sh generated.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cluster-env.sh"
classpath=$(cluster_classpath)
[[ -f "$conf_dir/config.yaml" ]] || die "no cluster conf in $conf_dir; run start-cluster.sh first"

n=1
while [[ -e "$pid_dir/taskmanager-$n.pid" ]]; do n=$((n + 1)); done
start_jvm "taskmanager-$n" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
echo "Started taskmanager-$n (pid $(cat "$pid_dir/taskmanager-$n.pid"), log $log_dir/taskmanager-$n.log)"
[[ "${1:-}" == "--no-wait" ]] || wait_until_ready "$(running_taskmanagers)" jobmanager "taskmanager-$n"
