#!/usr/bin/env python3
"""bench/flood.py — the two attackers of bench/flood.sh, until SIGTERM.

  flood.py hold SRC PORT N
      keeps up to N connections from address SRC to 127.0.0.1:PORT open
      and silent: opens them, and every half second opens again those the
      server has closed (refused over the per-address limit, or timed out);
      on SIGTERM prints "hold: open now O, opened in all A, closed by the
      server C".
  flood.py login SRC PORT NAME WORKERS
      WORKERS threads, each on its own kept-alive connection from SRC,
      POST /login for account NAME with wrong passwords as fast as they are
      answered; on SIGTERM prints "login: answers T (CODE COUNT …)".

Loopback answers all of 127/8, so SRC 127.0.0.2 and 127.0.0.3 are other
addresses than wrk's 127.0.0.1.
"""
import http.client
import re
import signal
import socket
import sys
import threading
import time

stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())


def hold(src, port, n):
    socks, opened, closed = [], 0, 0

    def still_open(s):
        s.setblocking(False)
        try:
            return s.recv(1) != b""
        except BlockingIOError:
            return True
        except OSError:
            return False

    while not stop.is_set():
        alive = []
        for s in socks:
            if still_open(s):
                alive.append(s)
            else:
                s.close()
                closed += 1
        socks = alive
        while len(socks) < n and not stop.is_set():
            s = socket.socket()
            s.bind((src, 0))
            try:
                s.connect(("127.0.0.1", port))
            except OSError:
                s.close()
                break
            socks.append(s)
            opened += 1
        stop.wait(0.5)
    print(f"hold: open now {sum(still_open(s) for s in socks)}, opened in all {opened}, "
          f"closed by the server {closed}", flush=True)


def login(src, port, name, workers):
    counts, lock = {}, threading.Lock()

    def worker(i):
        conn = None
        k = 0
        while not stop.is_set():
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                                      source_address=(src, 0))
                    conn.request("GET", "/login")
                    r = conn.getresponse()
                    page = r.read().decode()
                    cookie = r.getheader("Set-Cookie").split(";")[0]
                    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
                k += 1
                body = f"csrf={csrf}&name={name}&password=wrong-{i}-{k}&next=/"
                conn.request("POST", "/login", body, {
                    "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
                r = conn.getresponse()
                r.read()
                code = r.status
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException, AttributeError):
                code = "error"
                if conn:
                    conn.close()
                conn = None
                time.sleep(0.05)
            with lock:
                counts[code] = counts.get(code, 0) + 1

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(workers)]
    for t in threads:
        t.start()
    while not stop.is_set():
        stop.wait(0.2)
    for t in threads:
        t.join(timeout=12)
    total = sum(counts.values())
    detail = " ".join(f"{c} {counts[c]}" for c in sorted(counts, key=str))
    print(f"login: answers {total} ({detail})", flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "hold":
        hold(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 6 and sys.argv[1] == "login":
        login(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)
