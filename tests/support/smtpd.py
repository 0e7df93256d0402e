#!/usr/bin/python3
"""smtpd.py — the tests' SMTP server (Debian's python3-aiosmtpd).

usage: smtpd.py DIR [--delay S] [--fail-once ADDR] [--reject ADDR] [--auth USER:PASSWORD]

Listens on a loopback port the kernel picks, writes that port to DIR/port
once it accepts connections, and keeps each message it accepts as
DIR/mail/NNNNNN.eml: the bytes received after DATA, exactly, with the
envelope in DIR/mail/NNNNNN.rcpt (MAIL FROM, then one RCPT per line).
--delay S waits S seconds before answering each DATA (a slow server, so
a test can kill the sender half-way); --fail-once ADDR answers 451 to the
first message for ADDR; --reject ADDR answers 550 to RCPT ADDR; --auth
requires AUTH (PLAIN or LOGIN, without TLS: loopback only) with that
account, and logs each attempt in DIR/auth.log.  Stops on SIGTERM.
"""
import asyncio
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

args = sys.argv[1:]
out = args.pop(0)
delay, fail_once, reject, auth = 0.0, set(), set(), None
while args:
    a = args.pop(0)
    if a == "--delay":
        delay = float(args.pop(0))
    elif a == "--fail-once":
        fail_once.add(args.pop(0))
    elif a == "--reject":
        reject.add(args.pop(0))
    elif a == "--auth":
        auth = args.pop(0).encode().split(b":", 1)
    else:
        sys.exit("smtpd.py: unknown option " + a)
os.makedirs(os.path.join(out, "mail"), exist_ok=True)
lock = threading.Lock()
count = [0]


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in reject:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if delay:
            await asyncio.sleep(delay)
        for r in envelope.rcpt_tos:
            if r in fail_once:
                fail_once.discard(r)
                return "451 4.3.0 try again later"
        with lock:
            count[0] += 1
            n = count[0]
        base = os.path.join(out, "mail", "%06d" % n)
        with open(base + ".rcpt.tmp", "w") as f:
            f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".rcpt.tmp", base + ".rcpt")
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 OK queued as %06d" % n


s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()


def authenticator(server, session, envelope, mechanism, data):
    ok = [data.login, data.password] == auth
    with open(os.path.join(out, "auth.log"), "a") as f:
        f.write("%s %s %s\n" % (mechanism, data.login.decode(), "ok" if ok else "refused"))
    return AuthResult(success=ok, handled=False)  # the server answers 235 or 535


kw = {}
if auth:
    kw = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
c = Controller(Handler(), hostname="127.0.0.1", port=port, decode_data=False, **kw)
c.start()
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: done.set())
signal.signal(signal.SIGINT, lambda *a: done.set())
while not done.wait(0.2):
    pass
c.stop()
