#!/usr/bin/env bash
# Fuzzes one Jazzer target for a while: scripts/fuzz.sh Class#method [duration]
#   scripts/fuzz.sh Http1ParserFuzzTest#all 30m
# A finding fails the run and leaves a crash-* file in the target's saved inputs under
# courier-core/src/test/resources/<package>/<Class>Inputs/<method>/ (give it a name and commit it:
# it is a regression test from then on). Without JAZZER_FUZZ, plain `mvn test` only replays the
# saved inputs. A target that runs no test (a typo, a renamed method) fails the run too, and the
# last line gives the executions and the corpus size.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java-env.sh"
target=${1:?usage: scripts/fuzz.sh Class#method [duration, e.g. 20s or 30m]}
duration=${2:-5m}
cd "$root"
reports=courier-core/target/surefire-reports
rm -rf "$reports"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! JAZZER_FUZZ=1 mvn -B -ntp -pl courier-core test -Dtest="$target" \
    -Djazzer.max_duration="$duration" -Djunit.jupiter.execution.timeout.mode=disabled \
    -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
  grep -v '^\[INFO\] Download' "$log" | tail -n 80
  echo "fuzz: $target FAILED (a finding, or a build error; see above)" >&2
  exit 1
fi
# Surefire with failIfNoSpecifiedTests=false passes when nothing matched: count what ran.
ran=0
for report in "$reports"/TEST-*.xml; do
  [ -e "$report" ] || continue
  n=$(sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)".*/\1/p' "$report" | head -n 1)
  ran=$((ran + ${n:-0}))
done
# libFuzzer ends each fuzzing run with "#<executions> DONE cov: .. corp: <entries>/<size> ..".
done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
if [ "$ran" -eq 0 ] || [ -z "$done_line" ]; then
  tail -n 20 "$log"
  echo "fuzz: $target ran no fuzz test (unknown class or method?): $ran tests, no fuzzing run" >&2
  exit 1
fi
executions=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$done_line")
corpus=$(sed -E 's/.*corp: ([0-9]+\/[0-9A-Za-z]+).*/\1/' <<<"$done_line")
echo "fuzz: $target ran for $duration with no finding: $executions executions, corpus $corpus (entries/bytes)"
