#!/usr/bin/env bash
# Builds the benchmarks and runs Courier's client beside OkHttp, Apache HttpClient 5, the JDK's
# and Jetty's against a local nginx (sequential, 64 virtual-thread and 64 platform-thread
# callers), then writes report.md and charts into courier-bench/target/client-report (or --out).
# Options go to ClientLoad: --duration S, --warmup S, --rounds N, --clients a,b, --modes
# sequential,virtual,platform, --callers N. GC: COURIER_BENCH_GC=parallel|g1 (default parallel).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/scripts/java-env.sh"
(cd "$root" && mvn -B -q -ntp -DskipTests -pl courier-bench -am package >&2)
cd "$root"
gc=-XX:+UseParallelGC; [ "${COURIER_BENCH_GC:-parallel}" = g1 ] && gc=-XX:+UseG1GC
exec "$JAVA_HOME/bin/java" -Xms1g -Xmx1g "$gc" -Djava.awt.headless=true -cp "$here/target/benchmarks.jar" dev.courier.bench.ClientLoad "$@"
