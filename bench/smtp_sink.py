#!/usr/bin/python3
"""smtp_sink.py — the benchmark's SMTP server (Debian's python3-aiosmtpd),
and a client to measure that server's own ceiling.

usage: smtp_sink.py serve DIR
       smtp_sink.py blast PORT COUNT CONNS SIZE

serve: aiosmtpd (the tests' server) listens on a loopback port the
kernel picks, writes it to DIR/port once it accepts connections, accepts
every message without keeping it, and keeps in DIR/stats one line
"COUNT FIRST LAST" (messages accepted, the wall-clock time of the first
and of the last acceptance, seconds since the epoch), rewritten every
0.05 s while it changes.  Stops on SIGTERM.  The
messages are not written to disk (tests/support/smtpd.py does that, and
its two files per message would be what is measured).

blast: sends COUNT messages of SIZE bytes on CONNS connections at once, as
libcurl does (EHLO once per connection, then MAIL, RCPT, DATA per message,
each answer awaited), and prints "COUNT messages in S s: R/s" — the
server's rate with the least client there can be (a floor of its ceiling:
the client takes CPU too).
"""
import asyncio
import os
import signal
import socket
import sys
import threading
import time


lock = threading.Lock()
st = {"n": 0, "first": 0.0, "last": 0.0}


def accepted():
    now = time.time()
    with lock:
        st["n"] += 1
        if st["n"] == 1:
            st["first"] = now
        st["last"] = now


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def announce(out, port):
    with open(os.path.join(out, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))


def keep_stats(out, stop):
    """Rewrites DIR/stats while it changes, until SIGTERM; then stop()."""
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    signal.signal(signal.SIGINT, lambda *a: done.set())
    written = None
    while True:
        with lock:
            line = "%d %.6f %.6f\n" % (st["n"], st["first"], st["last"])
        if line != written:
            with open(os.path.join(out, "stats.tmp"), "w") as f:
                f.write(line)
            os.rename(os.path.join(out, "stats.tmp"), os.path.join(out, "stats"))
            written = line
        if done.wait(0.05):
            break
    stop()


def serve(out):
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            accepted()
            return "250 OK"

    port = free_port()
    c = Controller(Handler(), hostname="127.0.0.1", port=port, decode_data=False)
    c.start()
    announce(out, port)
    keep_stats(out, c.stop)


async def blast(port, count, conns, size):
    body = (b"x" * 74 + b"\r\n") * max(1, size // 76)
    left = [count]

    async def one():
        r, w = await asyncio.open_connection("127.0.0.1", port)

        async def reply():
            while True:
                line = await r.readline()
                if not line:
                    raise RuntimeError("connection closed")
                if line[3:4] != b"-":
                    return line

        await reply()
        w.write(b"EHLO bench\r\n")
        await reply()
        while left[0] > 0:
            left[0] -= 1
            for cmd in (b"MAIL FROM:<bench@example.go.jp>\r\n", b"RCPT TO:<to@example.go.jp>\r\n",
                        b"DATA\r\n"):
                w.write(cmd)
                await reply()
            w.write(b"Subject: bench\r\n\r\n" + body + b".\r\n")
            line = await reply()
            if not line.startswith(b"250"):
                raise RuntimeError(line)
        w.write(b"QUIT\r\n")
        await reply()
        w.close()

    t = time.monotonic()
    await asyncio.gather(*(one() for _ in range(conns)))
    s = time.monotonic() - t
    print("%d messages in %.2f s: %.0f/s" % (count, s, count / s))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif len(sys.argv) == 6 and sys.argv[1] == "blast":
        asyncio.run(blast(*(int(a) for a in sys.argv[2:])))
    else:
        sys.exit(__doc__)
