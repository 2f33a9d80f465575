#!/usr/bin/env bash
# Compares two builds of Courier in one run: the client and session JMH benchmarks (allocation per
# request from -prof gc, throughput) and the server under wrk (requests/s and CPU per request),
# alternating the builds round by round so both see the same machine load.
#
#   courier-bench/compare-builds.sh BEFORE.jar AFTER.jar [rounds]
#
# Each jar is a courier-bench/target/benchmarks.jar built from the commit to compare. Needs nginx
# (the client benchmarks start one) and wrk; loopback only.
set -euo pipefail
before=$1; after=$2; rounds=${3:-2}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java-env.sh"
out=$(mktemp -d)
echo "compare-builds: results in $out"

jmh() { # label jar
  "$JAVA_HOME/bin/java" -jar "$2" 'ClientBenchmark.courier$|SessionBenchmark.(courierSession|bareHttpConnection)$' \
    -prof gc -wi 2 -w 2s -i 3 -r 3s -f 1 -rf csv -rff "$out/$1.csv" >"$out/$1.log" 2>&1
  awk -F, 'NR>1 && ($1 !~ /:/ || $1 ~ /gc.alloc.rate.norm/) {gsub(/"/,""); printf "  %-70s %12.1f %s\n", $1, $5, $7}' "$out/$1.csv"
}

server() { # label jar
  local port=18080 dir pid t0 t1 rps
  dir=$(mktemp -d); echo -n "Hello, World!" >"$dir/plaintext"
  "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$2" dev.courier.bench.ServerBenchmark serve courier $port "$dir" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null && break; sleep 0.2; done
  wrk -t1 -c64 -d3s "http://127.0.0.1:$port/plaintext" >/dev/null
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  rps=$(wrk -t1 -c64 -d10s "http://127.0.0.1:$port/plaintext" | awk '/Requests\/sec/ {print $2}')
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  kill $pid; wait $pid 2>/dev/null || true; rm -rf "$dir"
  awk -v r="$rps" -v c="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "  server GET /plaintext wrk -t1 -c64: %.0f req/s, %.1f CPU us/request\n", r, c / hz * 1e6 / (r * 10)}'
}

for round in $(seq "$rounds"); do
  for build in before after; do
    jar=$before; [ $build = after ] && jar=$after
    echo "round $round, $build ($jar)"
    jmh "$build-$round" "$jar"
    server "$build-$round" "$jar"
  done
done
