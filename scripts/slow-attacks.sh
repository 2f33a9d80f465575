#!/usr/bin/env bash
# Slow HTTP attacks with slowhttptest against `courier serve` and nginx in the same run:
#   scripts/slow-attacks.sh [seconds per attack, default 30] [connections, default 200]
# Each of slow headers (-H, slowloris), slow body (-B, R-U-Dead-Yet), slow read (-X) and the range
# attack (-R) runs against each server in turn while a well-behaved client (curl, every 0.25 s)
# fetches a page. Prints a Markdown table: whether slowhttptest's own probe found the service
# available every second, the good client's success rate and latency, the most attack connections
# open at once, when the server first closed one, and how many were still open at the end.
# Defaults fit a 2-core machine: 200 connections stay under `courier serve`'s 256 per address (the
# good client shares 127.0.0.1 with the attacker, so past that cap it would be refused too).
# Both servers run with their defaults. Not part of ./check (minutes, and load-sensitive).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-30}
conns=${2:-200}
for tool in slowhttptest curl; do
  command -v "$tool" >/dev/null || { echo "slow-attacks: $tool is not installed" >&2; exit 1; }
done
nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
[ -n "$nginx" ] || { echo "slow-attacks: nginx is not installed" >&2; exit 1; }
. "$root/scripts/java-env.sh"
jar="$root/courier-cli/target/courier.jar"
[ -f "$jar" ] || "$root/courier" --version >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/www"
echo '<!doctype html><title>probe</title><p>hello</p>' >"$work/www/index.html"
head -c $((1024 * 1024)) /dev/urandom >"$work/www/big.bin"
chmod -R a+rX "$work"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "slow-attacks: nothing listens on $1" >&2; return 1
}

courier_port=$(free_port)
"$JAVA_HOME/bin/java" -jar "$jar" serve "$courier_port" -d "$work/www" --httpbin -q >"$work/courier.log" 2>&1 &
pids+=($!)

nginx_port=$(free_port)
user_line=""; [ "$(id -u)" -eq 0 ] && user_line="user root root;"
cat >"$work/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    # reads and keeps the request body, as httpbin's /post does (nginx discards a body for a file)
    location = /post { client_max_body_size 1m; client_body_in_single_buffer on; return 200 "ok\n"; }
  }
}
EOF
"$nginx" -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log" -g 'daemon off;' >"$work/nginx.out" 2>&1 &
pids+=($!)
wait_port "$courier_port"
wait_port "$nginx_port"

# The good client: one fetch every 0.25 s, 5 s at most each; writes "code seconds" lines.
probe() {
  local url=$1 out=$2
  while :; do
    curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}\n' "$url" >>"$out" || echo "000 5" >>"$out"
    sleep 0.25
  done
}

# One attack: slowhttptest's CSV (Seconds,Closed,Pending,Connected,Service Available) and the probe.
attack() {
  local name=$1 mode=$2 port=$3 path=$4 extra=$5
  local prefix="$work/$name-$mode"
  : >"$prefix.probe"
  probe "http://127.0.0.1:$port/index.html" "$prefix.probe" &
  local probe_pid=$!
  # shellcheck disable=SC2086
  timeout $((seconds + 30)) slowhttptest "-$mode" -c "$conns" -r 100 -l "$seconds" -p 3 -g -o "$prefix" \
    -u "http://127.0.0.1:$port$path" $extra >"$prefix.out" 2>&1 || true
  kill "$probe_pid" 2>/dev/null || true
  wait "$probe_pid" 2>/dev/null || true
  python3 - "$prefix.csv" "$prefix.probe" "$name" "$mode" <<'PY'
import csv, sys, statistics
rows = list(csv.DictReader(open(sys.argv[1]))) if sys.argv[1] else []
probe = [l.split() for l in open(sys.argv[2]) if l.strip()]
ok = [float(t) for c, t in probe if c == "200"]
avail = sum(1 for r in rows if int(r["Service Available"]) > 0)
connected = [int(r["Connected"]) for r in rows]
first_close = next((r["Seconds"] for r in rows if int(r["Closed"]) > 0), "never")
end = rows[-1] if rows else {"Connected": "?", "Closed": "?"}
lat = f"{statistics.median(ok)*1000:.0f} / {max(ok)*1000:.0f}" if ok else "-"
print(f"| {sys.argv[3]} | {sys.argv[4]} | {avail}/{len(rows)} s | {len(ok)}/{len(probe)} | {lat} "
      f"| {max(connected) if connected else 0} | {first_close} | {end['Connected']} open, {end['Closed']} closed |")
PY
}

echo "slowhttptest $(slowhttptest -h 2>&1 | sed -n 's/.*version //p' | head -n 1): $conns connections, $seconds s per attack, $(nproc) cores"
echo
echo "| server | attack | slowhttptest probe: available | good client: 200s | good client ms (median / max) | most attack connections open | first closed by server (s) | at the end |"
echo "|---|---|---|---|---|---|---|---|"
for mode in H B X R; do
  case $mode in
    H) path=/index.html; extra="-i 5" ;;
    B) path=/post; extra="-i 5 -s 65536" ;;
    X) path=/big.bin; extra="-w 512 -y 1024 -n 5 -z 32 -k 3" ;;
    R) path=/big.bin; extra="-a 10 -b 3000" ;;
  esac
  cpath=$path; [ "$mode" = B ] && cpath=/httpbin/post
  attack courier "$mode" "$courier_port" "$cpath" "$extra"
  attack nginx "$mode" "$nginx_port" "$path" "$extra"
done
