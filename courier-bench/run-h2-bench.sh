#!/usr/bin/env bash
# HTTP/2 benchmarks in one run (issue 14): h2load against Courier's, Jetty's, Netty's and nginx's
# servers over h2c (and, with `server --tests h2c,tls`, over TLS with ALPN h2), then Courier's
# HTTP/2 client beside OkHttp's, the JDK's and Jetty's, each multiplexing 64 virtual-thread callers
# over ONE TLS connection to a local nginx. Writes
# report.md, results.csv and charts into courier-bench/target/h2-report/{server,client} and prints
# both tables. About 6 minutes with the defaults.
#
#   courier-bench/run-h2-bench.sh                        # both parts, defaults
#   courier-bench/run-h2-bench.sh --duration 5 --rounds 1  # both parts, shorter (only these three
#                                                        # options, and --warmup, apply to both)
#   courier-bench/run-h2-bench.sh server [ServerBenchmark options: --servers, --connections 10,64,
#                                         --streams 100,10, --tests h2c,tls, --gcs, --duration, --rounds, --out ...]
#   courier-bench/run-h2-bench.sh server --tests h2c,tls  # h2c, then HTTP/2 over TLS 1.3: h2load to
#                                         # https://, ALPN h2; the JVMs through SunJSSE, nginx through
#                                         # OpenSSL (--tests tls: the TLS scenarios alone)
#   courier-bench/run-h2-bench.sh server --tests tls-file --servers courier,jetty,nginx --connections 16  # the
#                                         # 1 MiB static file over HTTP/2 and TLS, one stream per connection
#   courier-bench/run-h2-bench.sh client [ClientLoad options: --clients, --callers, --duration ...]
#   courier-bench/run-h2-bench.sh upload [H2Upload options: --servers, --rtt MS (default 40), --rounds,
#                                         --uploads N, --mib SIZE, --warmup N, --out DIR]: 16 MiB bodies over h2 and
#                                         TLS from h2load, through a relay that puts the client 40 ms
#                                         away, into Courier, Netty, Jetty and nginx; report in
#                                         courier-bench/target/h2-report/upload (not part of "all")
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/scripts/java-env.sh"
part=all
case "${1:-}" in server|client|upload|all) part=$1; shift ;; esac
for tool in h2load:nghttp2-client nginx:nginx openssl:openssl; do
  cmd=${tool%%:*} pkg=${tool#*:}
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get install -y -qq "$pkg" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq "$pkg" >/dev/null; }
    else
      echo "run-h2-bench: $cmd is needed (apt-get install $pkg)" >&2; exit 1
    fi
  fi
done
(cd "$root" && mvn -B -q -ntp -DskipTests -pl courier-bench -am package >&2)
cd "$root"
jar="$here/target/benchmarks.jar"
out="$here/target/h2-report"
gc=-XX:+UseParallelGC; [ "${COURIER_BENCH_GC:-parallel}" = g1 ] && gc=-XX:+UseG1GC
server() {
  "$JAVA_HOME/bin/java" -Djava.awt.headless=true -cp "$jar" dev.courier.bench.ServerBenchmark run --protocol h2c "$@"
}
client() {
  "$JAVA_HOME/bin/java" -Xms1g -Xmx1g "$gc" -Djava.awt.headless=true -cp "$jar" dev.courier.bench.ClientLoad \
      --protocol h2 "$@"
}
case "$part" in
  server) server "$@" ;;
  client) client "$@" ;;
  upload)
    "$JAVA_HOME/bin/java" -Xmx2g -Djava.awt.headless=true -cp "$jar" dev.courier.bench.H2Upload "$@" ;;
  all)
    server "$@"
    client "$@"
    echo "reports: $out/server/report.md $out/client/report.md" >&2 ;;
esac
