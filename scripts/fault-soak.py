#!/usr/bin/env python3
"""Fault soak: `courier serve` under good clients and faulty ones for N minutes.

    scripts/fault-soak.py [--minutes 10] [--csv soak.csv]

Starts `courier serve` (files and --httpbin) on a free port, then runs at once:
  - good clients: keep-alive GETs of a page and of /httpbin/get, and POSTs to /httpbin/post,
    each checked (status 200, whole body); every failure is counted;
  - faulty clients, picked at random: abrupt close mid-head, reset (RST) after the request,
    close mid-response, slow reader (a few KiB per second, then gone), garbage bytes, an oversize
    head, a body half-sent then closed, a body half-sent then stalled, a connection that never
    speaks.
Every 5 s it samples the server: heap used after a full GC (jcmd GC.run, then GC.heap_info),
open file descriptors (/proc/PID/fd) and platform threads (/proc/PID/status). After the clients
stop it waits for the server to close what is left, then prints a summary: heap after GC at the
start, the end and its maximum; file descriptors at the baseline (before any client), the
maximum and after the run; good requests and failures. The CSV holds every sample. Not part of
./check (it runs for minutes).
"""
import argparse
import csv
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def java_home():
    out = subprocess.run(["bash", "-c", f". {ROOT}/scripts/java-env.sh >/dev/null && echo $JAVA_HOME"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.good_ok = 0
        self.good_failed = 0
        self.failures = []
        self.faults = {}

    def ok(self):
        with self.lock:
            self.good_ok += 1

    def failed(self, why):
        with self.lock:
            self.good_failed += 1
            if len(self.failures) < 20:
                self.failures.append(why)

    def fault(self, kind):
        with self.lock:
            self.faults[kind] = self.faults.get(kind, 0) + 1


def read_response(f):
    """Reads one response from a file object; returns (status, body)."""
    status_line = f.readline()
    if not status_line:
        raise IOError("connection closed before a response")
    status = int(status_line.split()[1])
    length = None
    chunked = False
    while True:
        line = f.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
        if name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        body = b""
        while True:
            size = int(f.readline().split(b";")[0], 16)
            if size == 0:
                f.readline()
                break
            body += f.read(size)
            f.readline()
    else:
        body = f.read(length or 0)
        if length is not None and len(body) != length:
            raise IOError(f"body cut at {len(body)} of {length}")
    return status, body


def good_client(port, stats, stop, page):
    """Keep-alive requests with checks; reconnects when the server closes (as clients do)."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                f = s.makefile("rb")
                for _ in range(50):
                    if stop.is_set():
                        return
                    kind = random.random()
                    if kind < 0.5:
                        s.sendall(b"GET /index.html HTTP/1.1\r\nHost: soak\r\n\r\n")
                        status, body = read_response(f)
                        good = status == 200 and body == page
                    elif kind < 0.8:
                        s.sendall(b"GET /httpbin/get?x=1 HTTP/1.1\r\nHost: soak\r\n\r\n")
                        status, body = read_response(f)
                        good = status == 200 and b'"x"' in body
                    else:
                        payload = os.urandom(random.randint(1, 20000))
                        s.sendall(b"POST /httpbin/post HTTP/1.1\r\nHost: soak\r\nContent-Type: "
                                  b"application/octet-stream\r\nContent-Length: " + str(len(payload)).encode()
                                  + b"\r\n\r\n" + payload)
                        status, body = read_response(f)
                        good = status == 200
                    if good:
                        stats.ok()
                    else:
                        stats.failed(f"status {status}")
                    time.sleep(0.02)
        except (OSError, ValueError, IndexError) as e:
            stats.failed(repr(e))


def faulty_client(port, stats, stop):
    kinds = ["close-mid-head", "reset-after-request", "close-mid-response", "slow-reader", "garbage",
             "oversize-head", "half-body-close", "half-body-stall", "silent"]
    while not stop.is_set():
        kind = random.choice(kinds)
        stats.fault(kind)
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError:
            continue
        try:
            if kind == "close-mid-head":
                s.sendall(b"GET /index.html HTTP/1.1\r\nHost: so")
            elif kind == "reset-after-request":
                s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: soak\r\n\r\n")
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            elif kind == "close-mid-response":
                s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: soak\r\n\r\n")
                s.recv(1024)
            elif kind == "slow-reader":
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: soak\r\n\r\n")
                for _ in range(10):
                    if stop.is_set():
                        break
                    s.recv(2048)
                    time.sleep(1)
            elif kind == "garbage":
                s.sendall(os.urandom(random.randint(1, 4000)))
                s.settimeout(5)
                s.recv(4096)
            elif kind == "oversize-head":
                s.sendall(b"GET / HTTP/1.1\r\nHost: soak\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n")
                s.settimeout(5)
                s.recv(4096)
            elif kind == "half-body-close":
                s.sendall(b"POST /httpbin/post HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\n" + b"x" * 500)
            elif kind == "half-body-stall":
                s.sendall(b"POST /httpbin/post HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\n" + b"x" * 500)
                stop.wait(random.uniform(1, 8))
            elif kind == "silent":
                stop.wait(random.uniform(1, 8))
        except OSError:
            pass
        finally:
            s.close()
        time.sleep(0.05)


def fd_targets(pid):
    names = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            names.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            pass
    return names


def sample(jcmd, pid):
    subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=60)
    info = subprocess.run([jcmd, str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"used (\d+)K", info)
    heap_kb = int(m.group(1)) if m else -1
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    threads = -1
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("Threads:"):
                threads = int(line.split()[1])
    return heap_kb, fds, threads


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--csv", default="fault-soak.csv")
    ap.add_argument("--good", type=int, default=4, help="good client threads")
    ap.add_argument("--faulty", type=int, default=12, help="faulty client threads")
    args = ap.parse_args()

    home = java_home()
    jar = os.path.join(ROOT, "courier-cli", "target", "courier.jar")
    if not os.path.exists(jar):
        subprocess.run([os.path.join(ROOT, "courier"), "--version"], check=True, capture_output=True)
    www = tempfile.mkdtemp(prefix="courier-soak-")
    page = b"<!doctype html><title>soak</title><p>" + b"hello " * 200 + b"</p>\n"
    with open(os.path.join(www, "index.html"), "wb") as f:
        f.write(page)
    with open(os.path.join(www, "big.bin"), "wb") as f:
        f.write(os.urandom(4 << 20))
    port = free_port()
    server = subprocess.Popen([os.path.join(home, "bin", "java"), "-Xmx256m", "-jar", jar, "serve", str(port),
                               "-d", www, "--httpbin", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    jcmd = os.path.join(home, "bin", "jcmd")
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        # warm up first (the JVM opens some descriptors lazily: pollers, jar files), so that the
        # baseline is the server at rest after having served, not before its first request
        warm_stop = threading.Event()
        warm = Stats()
        warm_thread = threading.Thread(target=good_client, args=(port, warm, warm_stop, page), daemon=True)
        warm_thread.start()
        time.sleep(3)
        warm_stop.set()
        warm_thread.join(30)
        time.sleep(2)
        fd_names0 = fd_targets(server.pid)
        stats = Stats()
        rows = []
        start = time.time()
        heap0, fds0, threads0 = sample(jcmd, server.pid)
        rows.append((0, "baseline", heap0, fds0, threads0, 0, 0))
        stop = threading.Event()
        threads = [threading.Thread(target=good_client, args=(port, stats, stop, page), daemon=True)
                   for _ in range(args.good)]
        threads += [threading.Thread(target=faulty_client, args=(port, stats, stop), daemon=True)
                    for _ in range(args.faulty)]
        for t in threads:
            t.start()
        end = start + args.minutes * 60
        while time.time() < end:
            time.sleep(5)
            heap, fds, nthreads = sample(jcmd, server.pid)
            rows.append((round(time.time() - start), "load", heap, fds, nthreads, stats.good_ok, stats.good_failed))
        stop.set()
        for t in threads:
            t.join(30)
        # the server closes what is left: idle keep-alive (60 s at most), stalled heads and bodies
        settle_end = time.time() + 120
        while time.time() < settle_end:
            time.sleep(5)
            heap, fds, nthreads = sample(jcmd, server.pid)
            rows.append((round(time.time() - start), "after", heap, fds, nthreads, stats.good_ok, stats.good_failed))
            if fds <= fds0:
                break
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["seconds", "phase", "heap_used_after_gc_kib", "open_fds", "platform_threads",
                        "good_ok", "good_failed"])
            w.writerows(rows)
        load = [r for r in rows if r[1] == "load"]
        after = rows[-1]
        print(f"fault soak: {args.minutes:g} min, {args.good} good + {args.faulty} faulty client threads, csv {args.csv}")
        print(f"good requests: {stats.good_ok} ok, {stats.good_failed} failed")
        if stats.failures:
            print("  first failures: " + "; ".join(stats.failures[:5]))
        print("faults sent: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.faults.items())))
        print(f"heap used after full GC (KiB): start {heap0}, max under load {max(r[2] for r in load)}, "
              f"last under load {load[-1][2]}, end {after[2]}")
        print(f"open fds: baseline {fds0}, max under load {max(r[3] for r in load)}, end {after[3]} "
              f"({'back to baseline' if after[3] <= fds0 else 'NOT back to baseline'})")
        extra = sorted(set(fd_targets(server.pid)) - set(fd_names0))
        if extra:
            print("  descriptors beyond the baseline: " + ", ".join(extra[:10]))
        print(f"platform threads: baseline {threads0}, max {max(r[4] for r in load)}, end {after[4]}")
        return 0 if stats.good_failed == 0 and after[3] <= fds0 else 1
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        subprocess.run(["rm", "-rf", www])


if __name__ == "__main__":
    sys.exit(main())
