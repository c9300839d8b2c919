# Sourced by the cluster scripts: settings (overridable by environment), paths and process helpers.
# A cluster is identified by its work dir; every JVM it starts carries -Dbrickbox.flink.dir=<work dir> so that
# stop-cluster.sh only ever signals processes of that cluster, even if a pid was recycled.

flink_home="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$flink_home/../.." && pwd)"
# shellcheck source=../scripts/native-memory.sh
source "$repo_root/runners/scripts/native-memory.sh"

FLINK_WORK_DIR="$(realpath -m "${FLINK_WORK_DIR:-$repo_root/out/flink-cluster}")"
FLINK_REST_PORT="${FLINK_REST_PORT:-8081}"
FLINK_RPC_PORT="${FLINK_RPC_PORT:-6123}"
FLINK_TASKMANAGERS="${FLINK_TASKMANAGERS:-1}"
FLINK_SLOTS="${FLINK_SLOTS:-2}"
FLINK_JM_MEMORY="${FLINK_JM_MEMORY:-1024m}"
FLINK_TM_MEMORY="${FLINK_TM_MEMORY:-2048m}"
FLINK_RESTART_ATTEMPTS="${FLINK_RESTART_ATTEMPTS:-20}"
FLINK_SORT_SHUFFLE_BUFFERS="${FLINK_SORT_SHUFFLE_BUFFERS:-128}"
FLINK_READY_TIMEOUT="${FLINK_READY_TIMEOUT:-120}"
FLINK_CLASSPATH_FILE="${FLINK_CLASSPATH_FILE:-$flink_home/target/flink-cluster.classpath}"
FLINK_GPUS="${FLINK_GPUS:-0}"
# Flink's GPU driver plugin jar (flink-external-resource-gpu, from a Flink distribution's plugins/ folder: the Maven
# mirror serves the jar but not its parent POM, so the build cannot fetch it); needed only when FLINK_GPUS > 0.
FLINK_GPU_PLUGIN="${FLINK_GPU_PLUGIN:-}"
# Flink finds plugins (the GPU driver) here, each in its own classloader.
export FLINK_PLUGINS_DIR="$FLINK_WORK_DIR/plugins"

conf_dir="$FLINK_WORK_DIR/conf"
log_dir="$FLINK_WORK_DIR/log"
pid_dir="$FLINK_WORK_DIR/pids"
rest_url="http://127.0.0.1:$FLINK_REST_PORT"

# What flink-dist's config gives every Flink JVM on Java 17 (Kryo and the RPC layer reflect into these).
flink_jvm_opens=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

die() { echo "flink: $*" >&2; exit 1; }

cluster_classpath() {
  [[ -s "$FLINK_CLASSPATH_FILE" ]] || die "no cluster classpath at $FLINK_CLASSPATH_FILE; build it with: (cd $repo_root && mvn -B -q -DskipTests package)"
  cat "$FLINK_CLASSPATH_FILE"
}

# True when pid $1 is alive and is one of this cluster's JVMs.
is_cluster_process() {
  local cmdline
  cmdline=$(tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline") || return 1
  [[ "$cmdline" == *"-Dbrickbox.flink.dir=$FLINK_WORK_DIR "* ]]
}

# The memory flags Flink's own scripts would compute: BashJavaUtils prints the JVM flags on one result line
# and the derived -D settings on the next.
memory_params() { # $1: GET_TM_RESOURCE_PARAMS or GET_JM_RESOURCE_PARAMS
  local output
  output=$(java -cp "$classpath" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$conf_dir" 2>&1) || die "BashJavaUtils $1 failed: $output"
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$output" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# Starts one cluster JVM (on $classpath, see cluster_classpath) in its own session, detached, with a pid file and a log; prints nothing.
start_jvm() { # $1: name (jobmanager, taskmanager-N), $2: main class, $3: memory params kind, rest: program args
  local name="$1" main="$2" kind="$3"
  shift 3
  local params jvm_flags dynamic
  params=$(memory_params "$kind")
  jvm_flags=$(sed -n 1p <<<"$params")
  dynamic=$(sed -n 2p <<<"$params")
  # shellcheck disable=SC2086 # the memory flags are a space-separated list by design
  setsid nohup java -Dbrickbox.flink.dir="$FLINK_WORK_DIR" $jvm_flags "${flink_jvm_opens[@]}" \
    -Dai.djl.offline=true -Dlog.file="$log_dir/$name.log" \
    -Dlog4j.configurationFile="file:$conf_dir/log4j2.properties" \
    -cp "$classpath" "$main" --configDir "$conf_dir" "$@" $dynamic \
    > "$log_dir/$name.out" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$pid_dir/$name.pid"
  # Until it has exec'ed, the pid is a copy of this shell, whose command line is not the JVM's: a check then (on a
  # loaded machine the child can wait that long to run) took a starting JVM for one that had exited. Wait for the
  # exec, or for the process to end, which wait_until_ready reports.
  local deadline=$((SECONDS + 10))
  while kill -0 "$pid" 2>/dev/null && ! is_cluster_process "$pid" && ((SECONDS < deadline)); do sleep 0.05; done
}

rest_field() { # $1: field of /overview; prints its number or nothing
  curl -fsS --max-time 2 "$rest_url/overview" 2>/dev/null | grep -o "\"$1\":[0-9]*" | cut -d: -f2
}

# Waits until the REST API answers and at least $1 TaskManagers are registered, while the JVMs named in the
# other arguments (those just started) stay alive.
wait_until_ready() {
  local want="$1" deadline=$((SECONDS + FLINK_READY_TIMEOUT)) name registered
  shift
  while ((SECONDS < deadline)); do
    for name in "$@"; do
      # Alive is enough here: a JVM that has not exec'ed yet still has this shell's command line (start_jvm waits
      # for the exec only so long; on a machine loaded by two CI builds a TaskManager that went on to run the job
      # was reported as exited), and its pid cannot be reused while it lives.
      kill -0 "$(cat "$pid_dir/$name.pid")" 2>/dev/null || {
        tail -n 40 "$log_dir/$name.log" "$log_dir/$name.out" >&2 2>/dev/null || true
        die "$name exited during start-up (logs in $log_dir)"
      }
    done
    registered=$(rest_field taskmanagers || true)
    if [[ -n "$registered" ]] && ((registered >= want)); then return 0; fi
    sleep 0.5
  done
  die "cluster not ready after ${FLINK_READY_TIMEOUT}s: wanted $want TaskManagers at $rest_url (logs in $log_dir)"
}

running_taskmanagers() {
  local n=0 pidfile
  for pidfile in "$pid_dir"/taskmanager-*.pid; do
    [[ -e "$pidfile" ]] && is_cluster_process "$(cat "$pidfile")" && n=$((n + 1))
  done
  echo "$n"
}
