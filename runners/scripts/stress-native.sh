#!/usr/bin/env bash
# Native-memory stress: runs the tests that drive PyTorch (training, embedding) and OpenCV (QA, photos) round after
# round in ONE JVM, then the io/transforms/pipeline suites in a loop, all under glibc's heap checking: a buffer freed
# while native code still points into it is refilled (MALLOC_PERTURB_) and the allocator's consistency checks
# (glibc.malloc.check=3 with libc_malloc_debug) abort at the first corrupt chunk, so misuse fails here, every time,
# instead of "sometimes" in CI.
#
#   runners/scripts/stress-native.sh [--rounds=N] [--suite-loops=M] [test.Class | test.package.* ...]
#
# Defaults: 15 rounds of the embedding, training, QA and photo tests; 2 loops of the module suites (0 skips them).
# Exit status 0 only when every round and loop passed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rounds=15
loops=2
tests=()
for arg in "$@"; do
  case "$arg" in
    --rounds=*) rounds="${arg#--rounds=}" ;;
    --suite-loops=*) loops="${arg#--suite-loops=}" ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) tests+=("$arg") ;;
  esac
done
if [[ ${#tests[@]} -eq 0 ]]; then
  tests=(org.brickbox.embed.* org.brickbox.stages.embed.* org.brickbox.qa.* org.brickbox.fuse.*
         org.brickbox.pipeline.embed.TrainingTest)
fi

runners/scripts/setup-ldraw.sh >&2
echo "stress: building (mvn -B -q -DskipTests install -pl pipeline -am) ..." >&2
mvn -B -q -DskipTests install -pl pipeline -am >&2
cp_file="$root/pipeline/target/stress.classpath"
mvn -B -q -o -pl pipeline dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2

# glibc >= 2.34 keeps the checking allocator in libc_malloc_debug; without it glibc.malloc.check is ignored.
debug_lib=$(ls /lib/*/libc_malloc_debug.so.0 /usr/lib/*/libc_malloc_debug.so.0 2>/dev/null | head -1 || true)
export GLIBC_TUNABLES=glibc.malloc.check=3
export MALLOC_PERTURB_=165
if [[ -n "$debug_lib" ]]; then
  export LD_PRELOAD="$debug_lib${LD_PRELOAD:+:$LD_PRELOAD}"
else
  echo "stress: libc_malloc_debug.so.0 not found: heap consistency checks off, MALLOC_PERTURB_ still on" >&2
fi
echo "stress: GLIBC_TUNABLES=$GLIBC_TUNABLES MALLOC_PERTURB_=$MALLOC_PERTURB_ LD_PRELOAD=${LD_PRELOAD:-}" >&2

# The same JVM settings as the surefire forks (test.jvm.args in the root pom).
jvm_args=$(sed -n 's:.*<test.jvm.args>\(.*\)</test.jvm.args>.*:\1:p' pom.xml)
[[ -n "$jvm_args" ]] || { echo "stress: test.jvm.args not found in pom.xml" >&2; exit 2; }
# Tests read files relative to their module directory, as under surefire; transforms' and pipeline's are siblings.
# shellcheck disable=SC2086
(cd pipeline && java $jvm_args -cp "$root/pipeline/target/test-classes:$root/pipeline/target/classes:$(cat "$cp_file")" \
  org.brickbox.pipeline.NativeStress --rounds="$rounds" "${tests[@]}")

for ((i = 1; i <= loops; i++)); do
  echo "stress: module suites, loop $i/$loops (mvn -B -o verify -pl io,transforms,pipeline)" >&2
  if ! mvn -B -o verify -pl io,transforms,pipeline > "$root/pipeline/target/stress-suite-$i.log" 2>&1; then
    grep -E "Tests run:.*Fail|FAIL|ERROR\]|malloc|SIGSEGV|SIGABRT|crashed" "$root/pipeline/target/stress-suite-$i.log" | head -40 >&2
    echo "stress: FAILED in module suite loop $i (log: pipeline/target/stress-suite-$i.log)" >&2
    exit 1
  fi
  grep -E "Tests run: [0-9]+, Failures" "$root/pipeline/target/stress-suite-$i.log" | tail -3 >&2
done
echo "stress: clean ($rounds rounds in one JVM, $loops module-suite loops)"
