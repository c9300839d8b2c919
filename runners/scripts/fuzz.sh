#!/usr/bin/env bash
# Coverage-guided fuzzing of one Jazzer fuzz test (issue 18), e.g.
#   runners/scripts/fuzz.sh io LDrawFuzzTest
#   runners/scripts/fuzz.sh transforms PhotoFuzzTest
#   runners/scripts/fuzz.sh pipeline PreviousRunFuzzTest
# Runs until the test's @FuzzTest limit (1,000,000 executions or 1 h) or the first finding. A finding is written
# into the test's corpus (src/test/resources/<package>/<Test>Inputs/<method>/crash-*), so that every later
# `mvn -B verify` replays it: fix it, keep the input. The inputs the fuzzer found interesting stay in
# MODULE/.cifuzz-corpus/ (not committed) and seed the next campaign.
set -euo pipefail
module=${1:?usage: fuzz.sh MODULE TEST_CLASS}
test=${2:?usage: fuzz.sh MODULE TEST_CLASS}
cd "$(dirname "$0")/../.."
status=0
JAZZER_FUZZ=1 mvn -B -o test -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false || status=$?
report="$module/target/surefire-reports/org.brickbox"
# libFuzzer's statistics: executions, coverage (cov: edges, ft: features), corpus size, speed.
grep -hE "^#[0-9]+.*(DONE|pulse|INITED)|Done [0-9]+ runs|Test unit written|== Java Exception|FuzzerSecurityIssue" \
  "$report".*"$test"-output.txt 2>/dev/null | tail -15 || true
exit $status
