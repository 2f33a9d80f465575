#!/usr/bin/env bash
# Memory per idle HTTP/2 connection (a probe, beside `run-server-bench.sh idle`, which speaks
# HTTP/1.1): each server of ServerBenchmark, in its own JVM (-Xms1g -Xmx1g -XX:+UseParallelGC),
# serves h2c, and is sent CONNECTIONS connections with prior knowledge, 200 from each source
# address from 127.0.0.2 on (under every server's per-address cap). Each connection makes one
# `GET /plaintext`, reads the answer, and then waits. The figure is the growth of the live heap
# (a class histogram after a full collection) divided by the connections, measured after a first
# pass of the same connections has warmed the server up. One pass per server, one after the other.
#
#   courier-bench/idle-h2.sh [CONNECTIONS [SERVERS]]   (default 1000 and "courier netty jetty";
#                                                      needs python3 and jcmd; builds the benchmarks)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
count=${1:-1000}
servers=${2:-courier netty jetty}
. "$root/scripts/java-env.sh"
(cd "$root" && mvn -B -q -ntp -DskipTests -pl courier-bench -am package >&2)
jar="$root/courier-bench/target/benchmarks.jar"
work=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'Hello, World!' >"$work/plaintext"

# The client: prior-knowledge preface, SETTINGS and its ACK, one HEADERS (GET /plaintext, HPACK
# static-table indices and literals without indexing), then read frames until stream 1 ends.
cat >"$work/hold.py" <<'PY'
import socket, sys, time, resource
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
port, n, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"
ack = b"\x00\x00\x00\x04\x01\x00\x00\x00\x00"
block = b"\x82\x86" + b"\x04\x0a/plaintext" + b"\x01\x09localhost"
headers = len(block).to_bytes(3, "big") + b"\x01\x05" + (1).to_bytes(4, "big") + block
held = []
for i in range(n):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (2 + i // 200), 0))
    s.connect(("127.0.0.1", port))
    s.settimeout(10)
    s.sendall(preface + ack + headers)
    got, ended = b"", False
    while not ended:
        chunk = s.recv(65536)
        if not chunk:
            sys.exit("connection %d closed before its answer" % i)
        got += chunk
        at = 0
        while at + 9 <= len(got):
            length = int.from_bytes(got[at:at + 3], "big")
            if at + 9 + length > len(got):
                break
            kind, flags, stream = got[at + 3], got[at + 4], int.from_bytes(got[at + 5:at + 9], "big") & 0x7fffffff
            if kind in (0, 1) and flags & 1 and stream == 1:
                ended = True
            at += 9 + length
    held.append(s)
print("ready", len(held), flush=True)
time.sleep(hold)
PY

live() { jcmd "$1" GC.class_histogram | awk '/^Total/ {print $3}'; }
echo "| server | idle h2c connections | heap bytes per connection |"
echo "|---|--:|--:|"
for server in $servers; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$jar" dev.courier.bench.ServerBenchmark \
      serve "$server" "$port" "$work" h2c >"$work/$server.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 100); do grep -q listening "$work/$server.log" && break; sleep 0.2; done
  python3 "$work/hold.py" "$port" "$count" 1 >/dev/null   # warm-up pass
  sleep 1
  before=$(live "$pid")
  python3 "$work/hold.py" "$port" "$count" 60 >"$work/client.out" &
  client=$!
  for _ in $(seq 1 240); do grep -q ready "$work/client.out" && break; sleep 0.5; done
  grep -q ready "$work/client.out" || { echo "$server: the connections did not open" >&2; exit 1; }
  sleep 1
  after=$(live "$pid")
  echo "| $server | $count | $(( (after - before) / count )) |"
  kill "$client" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
done
