#!/usr/bin/env bash
# Start-up of the courier command against curl and HTTPie: one GET to a local httpbin, wall time
# and CPU time (user + system) per run, the commands interleaved round by round so that a busy
# machine slows them alike. Also courier with each JVM start-up option alone, to see what each
# one gains, all three together, and through the ./courier launcher (bash, the cached JDK path,
# the staleness check). Prints a Markdown table (median and mean of the rounds).
#
#   courier-bench/startup.sh [ROUNDS]     (default 15; needs curl, http (HTTPie), ./courier built)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-15}
. "$root/scripts/java-env.sh"
"$root/courier" --version >/dev/null   # builds the jar and its archive when stale
java="$JAVA_HOME/bin/java"
jar="$root/courier-cli/target/courier.jar"
jsa="$root/courier-cli/target/courier.jsa"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$java" -jar "$jar" serve --httpbin -q "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "127.0.0.1:$port/get" && break; sleep 0.3; done
url="127.0.0.1:$port/get"

names=(curl httpie courier-jvm-defaults courier-c1 courier-serial-gc courier-appcds courier-all-three courier-launcher)
commands=(
  "curl -s $url"
  "http --ignore-stdin $url"
  "$java -jar $jar $url"
  "$java -XX:TieredStopAtLevel=1 -jar $jar $url"
  "$java -XX:+UseSerialGC -jar $jar $url"
  "$java -XX:SharedArchiveFile=$jsa -Xlog:cds=off -jar $jar $url"
  "$java -XX:SharedArchiveFile=$jsa -Xlog:cds=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar $url"
  "$root/courier $url"
)

for ((r = 0; r < rounds; r++)); do
  for i in "${!names[@]}"; do
    # %e wall seconds, %U + %S CPU seconds (GNU time's format, done by bash's own time)
    TIMEFORMAT="%R %U %S"
    { time ${commands[$i]} >/dev/null 2>&1; } 2>>"$work/${names[$i]}"
  done
done

echo "| command | wall median (ms) | wall mean (ms) | CPU median (ms) | runs |"
echo "|---|---:|---:|---:|---:|"
for name in "${names[@]}"; do
  python3 - "$work/$name" "$name" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
wall = [r[0] * 1000 for r in rows]
cpu = [(r[1] + r[2]) * 1000 for r in rows]
print(f"| {sys.argv[2]} | {statistics.median(wall):.0f} | {statistics.mean(wall):.0f} | {statistics.median(cpu):.0f} | {len(rows)} |")
PY
done
