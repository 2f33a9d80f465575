#!/usr/bin/env bash
# A program that makes one HTTPS GET and ends, with each client (dev.courier.bench.OneGet), timed
# as a whole process by hyperfine: JVM start, class loading, the TLS handshake, the request, and
# the JVM's exit. The exit matters: HotSpot waits up to 300 ms at exit for threads in native code
# (a reader blocked on a socket, the JDK's virtual-thread poller), which a client that leaves one
# running costs every short program. Each way runs in each hyperfine run, rounds after rounds, so a
# busy moment falls on all alike. Prints the load average before and after and a Markdown table:
# median wall time, mean CPU, each against OkHttp's unclosed program.
#
#   courier-bench/one-get.sh [ROUNDS [RUNS]]   (default 4 rounds of 3 runs; needs hyperfine,
#                                               openssl, curl; builds what it runs)
#   COURIER_BEFORE=JAR courier-bench/one-get.sh   also courier-before: Courier.get with the Courier
#                                               classes of JAR (another build's benchmarks.jar) first
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-4}
runs=${2:-3}
. "$root/scripts/java-env.sh"
. "$root/courier-bench/hyperfine-rounds.sh"
(cd "$root" && mvn -B -q -ntp -DskipTests -pl courier-cli,courier-bench -am package >&2)
java="$JAVA_HOME/bin/java"
cli="$root/courier-cli/target/courier.jar"
bench="$root/courier-bench/target/benchmarks.jar"
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
"$JAVA_HOME/bin/keytool" -importcert -noprompt -alias server -file "$work/cert.pem" \
    -keystore "$work/trust.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$java" -jar "$cli" serve --httpbin -q --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" "$port" >/dev/null 2>&1 &
server=$!
url="https://127.0.0.1:$port/get"
for _ in $(seq 1 100); do curl -s -o /dev/null --cacert "$work/cert.pem" "$url" && break; sleep 0.3; done

ways=(courier courier-session okhttp okhttp-closed jdk jdk-closed)
run=("$java" -Djavax.net.ssl.trustStore="$work/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit
    -cp "$bench" dev.courier.bench.OneGet)
names=("${ways[@]}")
commands=()
for way in "${ways[@]}"; do commands+=("${run[*]} $way $url"); done
if [ -n "${COURIER_BEFORE:-}" ]; then
  names+=(courier-before)
  commands+=("$java -Djavax.net.ssl.trustStore=$work/trust.p12 -Djavax.net.ssl.trustStorePassword=changeit -cp $COURIER_BEFORE:$bench dev.courier.bench.OneGet courier $url")
fi
for command in "${commands[@]}"; do $command >&2; done   # each says which protocol it used

hyperfine_rounds "$work" "$rounds" "$runs"
rounds_table "$work" "$rounds" okhttp
