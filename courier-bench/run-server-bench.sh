#!/usr/bin/env bash
# Builds the benchmarks and compares Courier's server (three ways: `courier` with an ordinary handler
# and the defaults, which try it on the read loop; `courier-inline` with one declared non-blocking;
# `courier-threads` with every exchange on a virtual thread) with the JDK's, Jetty 12,
# Undertow, Netty and nginx using wrk on loopback, then writes report.md and charts (PNG and SVG) into
# courier-bench/target/report (or --out DIR). Options go to ServerBenchmark: --duration S,
# --warmup S, --rounds N, --connections 64,256, --threads N, --gcs parallel,g1,
# --servers courier,nginx,..., --tests plaintext,pipelined,file (the default) and tls (HTTPS,
# HTTP/1.1, one certificate for all servers: JSSE in the JVMs, OpenSSL in nginx) or tls-close (the
# same, a new connection per request; give it --warmup 45) or upload (a 1 MiB POST body read to its
# end by each server) or post (a 512-byte POST body, at each connection count) or gzip (a 7.6 KB JSON
# answer gzipped on the fly; courier, netty and nginx) or gzip-file (the same as a static file;
# courier and nginx): run the gzip tests apart, since they turn compression on for the whole JVM
# server; close (a new connection per request) or browser (a browser's 700-byte head) or page (a
# 7.6 KB static file) or asset (a 40 KiB static script) or revalidate (the page asked
# If-Modified-Since, answered 304; without netty), --pipeline DEPTH, --jfr.
# HTTP/2 (h2load over h2c) is run-h2-bench.sh, the same harness with --protocol h2c.
# `run-server-bench.sh idle [options]` measures instead the memory each server holds per idle
# keep-alive connection (IdleConnectionMemory: --connections N, --tls-connections N, --servers,
# --gc, --rounds, --out, and --protocol h2c for HTTP/2: h2c and h2 over TLS by ALPN; report in
# courier-bench/target/idle-report).
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
cd "$root"
if [ "${1:-}" = idle ]; then
  shift
  exec "$JAVA_HOME/bin/java" -cp "$here/target/benchmarks.jar" dev.courier.bench.IdleConnectionMemory "$@"
fi
exec "$JAVA_HOME/bin/java" -Djava.awt.headless=true -cp "$here/target/benchmarks.jar" dev.courier.bench.ServerBenchmark run "$@"
