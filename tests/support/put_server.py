"""put_server.py — a small HTTP server for tests/cli/backup_offsite.sh: the
"other site" that `itbcp backup --to http://127.0.0.1:PORT/DIR/` sends its
copies to.  PUT stores a file, GET returns it, DELETE removes it, each under
the directory given (a path with /corrupt/ in it is stored with its
middle byte changed, as a failing disk at the other site would); every request must carry Basic credentials USER:PASS
(from the environment PUT_AUTH) or is answered 401.  It binds a free
loopback port, writes it to the file named by its second argument, and
logs one line per request (method, path, status, and whether an
Authorization header came, never its value) on standard error.

    python3 put_server.py ROOT PORTFILE
"""
import base64
import http.server
import os
import sys

ROOT = os.path.abspath(sys.argv[1])
AUTH = "Basic " + base64.b64encode(os.environ["PUT_AUTH"].encode()).decode()
LIMIT = 512 << 20


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("put_server: %s\n" % (fmt % args))

    def target(self):
        path = os.path.normpath(os.path.join(ROOT, self.path.lstrip("/")))
        return path if path.startswith(ROOT + os.sep) else None

    def allowed(self):
        if self.headers.get("Authorization") == AUTH:
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="backups"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def answer(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_PUT(self):
        if not self.allowed():
            return
        path = self.target()
        n = int(self.headers.get("Content-Length", "-1"))
        if path is None or n < 0 or n > LIMIT:
            return self.answer(400)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".part", "wb") as f:
            left = n
            while left:
                b = self.rfile.read(min(left, 65536))
                if not b:
                    return self.answer(400)
                f.write(b)
                left -= len(b)
        if "/corrupt/" in self.path and n:
            with open(path + ".part", "r+b") as f:
                f.seek(n // 2)
                b = f.read(1)
                f.seek(n // 2)
                f.write(bytes([b[0] ^ 1]))
        os.rename(path + ".part", path)
        self.answer(201)

    def do_GET(self):
        if not self.allowed():
            return
        path = self.target()
        if path is None or not os.path.isfile(path):
            return self.answer(404)
        with open(path, "rb") as f:
            self.answer(200, f.read())

    def do_DELETE(self):
        if not self.allowed():
            return
        path = self.target()
        if path is None or not os.path.isfile(path):
            return self.answer(404)
        os.unlink(path)
        self.answer(204)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
