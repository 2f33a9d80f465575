#!/usr/bin/env bash
# Builds the benchmarks and runs Courier's client beside OkHttp, Apache HttpClient 5, the JDK's
# and Jetty's against a local nginx (sequential, 64 virtual-thread and 64 platform-thread
# callers), then writes report.md and charts into courier-bench/target/client-report (or --out).
# Options go to ClientLoad: --duration S, --warmup S, --rounds N, --clients a,b, --modes
# sequential,virtual,platform, --callers N, --out DIR, --protocol http1|https|h2 (default http1),
# --method get|post (post: each request POSTs the JSON as application/json; plain HTTP/1.1 only),
# --body small|gzip|api (gzip: a 7.6 KB page of JSON records sent gzip-compressed, 1.3 KB, which each
# client asks for and decodes; api: the small JSON with 14 fields of a JSON API's answer and an
# affinity cookie set on every response; plain HTTP/1.1 GETs only).
# GC: COURIER_BENCH_GC=parallel|g1 (default parallel).
#
#   courier-bench/run-client-bench.sh                     # plain HTTP/1.1, all clients, 3 rounds
#   courier-bench/run-client-bench.sh --protocol https    # HTTP/1.1 over TLS 1.3, each client's pool of
#                                                         # up to 64 connections; writes into
#                                                         # courier-bench/target/https-report/client
#   courier-bench/run-client-bench.sh --protocol https --duration 4 --warmup 3 --rounds 1 --clients courier,apache
#
# `run-client-bench.sh download [options]` measures large bodies instead (ClientDownload: a 64 MiB
# stream, 8 MiB and 1 MiB read whole, a gzip-compressed JSON stream; --tests, --clients, --duration,
# --warmup, --rounds, --out, --protocol https|h2, --rtt MS, --fresh: a new client per download; report in
# courier-bench/target/download-report).
# `run-client-bench.sh upload [options]` measures large PUTs into nginx (ClientUpload: a 64 MiB file
# and an 8 MiB array; --tests, --clients, --duration, --warmup, --rounds, --out, --protocol
# http1|https|h2; report in courier-bench/target/upload-report/PROTOCOL).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/scripts/java-env.sh"
(cd "$root" && mvn -B -q -ntp -DskipTests -pl courier-bench -am package >&2)
cd "$root"
gc=-XX:+UseParallelGC; [ "${COURIER_BENCH_GC:-parallel}" = g1 ] && gc=-XX:+UseG1GC
main=dev.courier.bench.ClientLoad
case "${1:-}" in
  download) shift; main=dev.courier.bench.ClientDownload ;;
  upload) shift; main=dev.courier.bench.ClientUpload ;;
esac
exec "$JAVA_HOME/bin/java" -Xms1g -Xmx1g "$gc" -Djava.awt.headless=true -cp "$here/target/benchmarks.jar" "$main" "$@"
