#!/usr/bin/env bash
# Start-up of the courier command against curl and HTTPie: one GET to a local httpbin, output to
# a pipe, timed by hyperfine (wall time; CPU time = user + system). Every command is in each
# hyperfine run and the runs are repeated round after round, so a busy machine slows them alike;
# compare within one table. Besides ./courier itself (the launcher: bash, the kept JDK path, the
# staleness check), courier with each start-up measure, to see what each one gains:
#
#   courier-jvm-defaults  java -jar courier.jar: no archive, both JIT compilers, G1
#   courier-picocli       every command line read by picocli (-Dcourier.cli.picocliOnly=true),
#                         with an AppCDS archive, C1 only and the serial collector
#   courier-appcds        + the plain request reader (PlainRequest): the launcher on JDK 21-24
#   courier-aot           an AOT cache instead of AppCDS (JDK 25+): the launcher on JDK 25
#                         before it stopped waiting at exit (the HTTPS row courier-exit-wait-https)
#   courier-before        COURIER_BEFORE=DIR: DIR/courier.jar with DIR/courier.aot (JDK 25) or
#                         DIR/courier.jsa, another build (e.g. the one before a change), as the
#                         launcher ran it then
#
# The archives are trained here (dev.courier.cli.Training) for the jar under test. The same GET
# over HTTPS follows (curl, HTTPie and the launcher; needs openssl), each row compared with
# HTTPie's over the same scheme. Prints the load average before and after, and a Markdown table:
# median wall time over all runs, mean CPU.
#
#   courier-bench/startup.sh [ROUNDS [RUNS]]   (default 5 rounds of 3 runs; needs hyperfine,
#                                               curl, http (HTTPie); builds ./courier when stale)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-5}
runs=${2:-3}
. "$root/scripts/java-env.sh"
. "$root/courier-bench/hyperfine-rounds.sh"
"$root/courier" --version >/dev/null   # builds the jar (and the launcher's archive) when stale
java="$JAVA_HOME/bin/java"
jar="$root/courier-cli/target/courier.jar"
work=$(mktemp -d)
server=""
tls_server=""
trap 'for pid in $server $tls_server; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT

fast=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
"$java" -XX:ArchiveClassesAtExit="$work/courier.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off "${fast[@]}" \
    -cp "$jar" dev.courier.cli.Training >/dev/null 2>&1
aot=""
# As the launcher records it: without the training run's profiles, when the JDK accepts the flag.
if "$java" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining -XX:AOTCacheOutput="$work/courier.aot" \
    -Xlog:aot=off -Xlog:cds=off "${fast[@]}" -cp "$jar" dev.courier.cli.Training >/dev/null 2>&1 \
    || "$java" -XX:AOTCacheOutput="$work/courier.aot" -Xlog:aot=off -Xlog:cds=off "${fast[@]}" \
    -cp "$jar" dev.courier.cli.Training >/dev/null 2>&1; then
  aot="$work/courier.aot"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$java" -jar "$jar" serve --httpbin -q "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "127.0.0.1:$port/get" && break; sleep 0.3; done
url="127.0.0.1:$port/get"

names=(curl httpie courier-jvm-defaults courier-picocli courier-appcds)
commands=(
  "curl -s $url"
  "http GET $url"
  "$java -jar $jar GET $url"
  "$java -Dcourier.cli.picocliOnly=true -XX:SharedArchiveFile=$work/courier.jsa -Xlog:cds=off ${fast[*]} -jar $jar GET $url"
  "$java -XX:SharedArchiveFile=$work/courier.jsa -Xlog:cds=off ${fast[*]} -jar $jar GET $url"
)
if [ -n "$aot" ]; then
  names+=(courier-aot)
  commands+=("$java -XX:AOTCache=$aot -Xlog:aot=off -Xlog:cds=off ${fast[*]} -jar $jar GET $url")
fi
# JDK 22+: the launcher also tells the JVM not to wait at exit for threads in native code (the
# virtual-thread poller, there once an HTTP/2 reader has waited on its socket)
no_wait=""
if "$java" -XX:UserThreadWaitAttemptsAtExit=0 -version >/dev/null 2>&1; then
  no_wait=-XX:UserThreadWaitAttemptsAtExit=0
fi
before=""
if [ -n "${COURIER_BEFORE:-}" ]; then
  if [ -f "$COURIER_BEFORE/courier.aot" ]; then
    before="$java -XX:AOTCache=$COURIER_BEFORE/courier.aot -Xlog:aot=off -Xlog:cds=off ${fast[*]} -jar $COURIER_BEFORE/courier.jar"
  else
    before="$java -XX:SharedArchiveFile=$COURIER_BEFORE/courier.jsa -Xlog:cds=off ${fast[*]} -jar $COURIER_BEFORE/courier.jar"
  fi
  names+=(courier-before)
  commands+=("$before GET $url")
fi
names+=(courier-launcher)
commands+=("$root/courier GET $url")

# The same GET over HTTPS (TLS 1.3, a throw-away P-256 certificate that each client is told to
# trust): in a fresh JVM the handshake's cryptography runs interpreted or C1-compiled.
if command -v openssl >/dev/null 2>&1; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
      -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
  tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$java" -jar "$jar" serve --httpbin -q --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" "$tls_port" \
      >/dev/null 2>&1 &
  tls_server=$!
  tls_url="https://127.0.0.1:$tls_port/get"
  for _ in $(seq 1 100); do curl -s -o /dev/null --cacert "$work/cert.pem" "$tls_url" && break; sleep 0.3; done
  names+=(curl-https httpie-https courier-launcher-https)
  commands+=(
    "curl -s --cacert $work/cert.pem $tls_url"
    "http --verify=$work/cert.pem GET $tls_url"
    "$root/courier --verify=$work/cert.pem GET $tls_url"
  )
  if [ -n "$aot" ] && [ -n "$no_wait" ]; then
    # the launcher's JVM options without the one above: what the exit wait costs over h2 (0.3 s
    # while the HTTP/2 reader was a virtual thread; since session 23 a connection opened from the
    # main thread reads on a platform thread and starts no poller, so about nothing)
    names+=(courier-exit-wait-https)
    commands+=("$java -XX:AOTCache=$aot -Xlog:aot=off -Xlog:cds=off ${fast[*]} -jar $jar --verify=$work/cert.pem GET $tls_url")
  fi
  if [ -n "$before" ]; then
    names+=(courier-before-https)
    commands+=("$before --verify=$work/cert.pem GET $tls_url")
  fi
fi

hyperfine_rounds "$work" "$rounds" "$runs"
rounds_table "$work" "$rounds" httpie
