#!/usr/bin/python3
"""webhookd.py — the tests' webhook listener.

usage: webhookd.py DIR

Listens on a loopback port the kernel picks (written to DIR/port), keeps
each POST's body as DIR/hook/NNNNNN.json and its headers as .hdr, and
answers 200 — except on the path /flaky, answered 503 the first time, and
/gone, always 404.
"""
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

out = sys.argv[1]
os.makedirs(os.path.join(out, "hook"), exist_ok=True)
lock = threading.Lock()
state = {"n": 0, "flaky": 0}


class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            if self.path == "/gone":
                code = 404
            elif self.path == "/flaky" and state["flaky"] == 0:
                state["flaky"] = 1
                code = 503
            else:
                code = 200
            if code == 200:
                state["n"] += 1
                base = os.path.join(out, "hook", "%06d" % state["n"])
                with open(base + ".hdr", "w") as f:
                    f.write(self.path + "\n" + str(self.headers))
                with open(base + ".json", "wb") as f:
                    f.write(body)
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok" if code == 200 else b"no")

    def log_message(self, *a):
        pass


srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
srv.serve_forever()
