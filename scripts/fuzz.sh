#!/usr/bin/env bash
# Fuzzes one Jazzer target for a while: scripts/fuzz.sh Class#method [duration]
#   scripts/fuzz.sh Http1ParserFuzzTest#all 30m
# A finding fails the run and leaves courier-core/crash-* (add it to the target's saved inputs
# under src/test/resources/<package>/<Class>Inputs/<method>/ to keep it as a regression test).
# Without JAZZER_FUZZ, plain `mvn test` only replays the saved inputs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java-env.sh"
target=${1:?usage: scripts/fuzz.sh Class#method [duration, e.g. 20s or 30m]}
duration=${2:-5m}
cd "$root"
JAZZER_FUZZ=1 mvn -B -q -ntp -pl courier-core test -Dtest="$target" \
  -Djazzer.max_duration="$duration" -Djunit.jupiter.execution.timeout.mode=disabled \
  -Dsurefire.failIfNoSpecifiedTests=false
echo "fuzz: $target ran for $duration with no finding"
