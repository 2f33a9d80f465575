#!/usr/bin/env bash
# Builds the benchmarks and compares Courier's server with the JDK's, Jetty 12, Undertow, Netty and
# nginx using wrk on loopback. Options go to ServerBenchmark: --duration S, --warmup S,
# --connections N, --threads N, --servers courier,nginx,..., --jfr (records Courier with JFR).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/scripts/java-env.sh"
for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get install -y -qq "$tool" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq "$tool" >/dev/null; }
    else
      echo "run-server-bench: $tool is needed (apt-get install $tool)" >&2; exit 1
    fi
  fi
done
(cd "$root" && mvn -B -q -ntp -DskipTests -pl courier-bench -am package >&2)
exec "$JAVA_HOME/bin/java" -cp "$here/target/benchmarks.jar" dev.courier.bench.ServerBenchmark run "$@"
