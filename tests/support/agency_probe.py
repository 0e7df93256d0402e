#!/usr/bin/python3
"""agency_probe.py: one agency's people against another agency's data, on
one `itbcp serve --agencies` (tests/cli/web_agencies.sh, issue 18 item 5).

Usage: agency_probe.py PORT ROUTE_C TOTP_SECRET_FILE MARKER OUT_DIR
with the two agencies a.example.test (A) and b.example.test (B), each with
an admin "admin" (password admin-pass-1, the second factor of
TOTP_SECRET_FILE) and a planner "pat" (planner-pass-1); B's plan and pages
carry MARKER, A's do not.

1. B's admin walks B's site from "/" (every link of every HTML page, one
   or two addresses per route), which gives an address with B's real
   identifiers for each route of the table (read from ROUTE_C); a GET
   route it cannot reach is listed and fails the probe.
2. Every route of the table, every method (and every document B's pages
   offer), is then sent to B's host with
   the cookies of A's admin and of A's planner (and A's CSRF token as form
   field and header): each answer must refuse (a redirect to sign in,
   401, 403, 404; never 2xx) and hold no MARKER.
3. Every address of step 1 but the binary files is sent to A's host as
   A's admin: no answer holds MARKER.
Prints one line per check done and exits 1 on the first failure.
"""
import base64
import hashlib
import hmac
import http.client
import re
import struct
import subprocess
import sys
import time
import urllib.parse

PORT = int(sys.argv[1])
ROUTE_C = sys.argv[2]
TOTP_FILE = sys.argv[3]
MARKER = sys.argv[4].encode()
OUT = sys.argv[5]
A, B = "a.example.test", "b.example.test"
checks = 0


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def request(host, method, path, cookies=None, body=None, headers=None):
    """One request to host (the Host header) on the server: (status,
    headers dict lower-cased, body bytes)."""
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    h = {"Host": host}
    if cookies:
        h["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    hs = {}
    for k, v in r.getheaders():
        hs.setdefault(k.lower(), []).append(v)
    c.close()
    return r.status, hs, data


def take_cookies(jar, hs):
    for v in hs.get("set-cookie", []):
        name, _, rest = v.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def csrf_of(body):
    m = re.search(rb'name="csrf" value="([^"]*)"', body)
    return m.group(1).decode() if m else ""


last_step = [0]


def totp():
    """The next code of TOTP_FILE: the server refuses a step used before."""
    step = max(int(time.time()) // 30, last_step[0] + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    last_step[0] = step
    k = base64.b32decode(open(TOTP_FILE).read().strip())
    h = hmac.new(k, struct.pack(">Q", step), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def sign_in(host, name, password):
    jar = {}
    st, hs, body = request(host, "GET", "/login")
    take_cookies(jar, hs)
    tok = csrf_of(body)
    form = urllib.parse.urlencode({"csrf": tok, "name": name, "password": password, "next": "/"})
    st, hs, _ = request(host, "POST", "/login", jar, form)
    take_cookies(jar, hs)
    if st == 303 and hs.get("location", [""])[0].startswith("/login/code"):
        form = urllib.parse.urlencode({"csrf": tok, "code": totp(), "next": "/"})
        st, hs, _ = request(host, "POST", "/login/code", jar, form)
        take_cookies(jar, hs)
    if st != 303 or not any(k for k in jar if "session" in k):
        fail("%s cannot sign in on %s (status %d, cookies %s)" % (name, host, st, sorted(jar)))
    st, hs, body = request(host, "GET", "/account/password", jar)
    return jar, csrf_of(body)


def routes():
    """(method, pattern, role, flags) of every row of the route table."""
    rows = re.findall(r'\{ "([A-Z]+)", "([^"]+)", \w+, (ROLE_\w+), ([^}]*)\}',
                      open(ROUTE_C, encoding="utf-8").read())
    if len(rows) < 50:
        fail("read only %d routes from %s" % (len(rows), ROUTE_C))
    return rows


def matches(pattern, path):
    """The values of the {} segments when path matches pattern, else None."""
    p, q = pattern.strip("/").split("/"), path.split("?")[0].strip("/").split("/")
    if p[-1] == "*":
        return [] if q[:len(p) - 1] == p[:-1] else None
    if len(p) != len(q):
        return None
    vals = []
    for a, b in zip(p, q):
        if a == "{}":
            vals.append(b)
        elif a != b:
            return None
    return vals


def route_of(table, method, path):
    """The row route_find would choose: literal rows before {} ones."""
    best = None
    for m, pat, role, flags in table:
        if m != method or matches(pat, path) is None:
            continue
        if best is None or pat.count("{}") < best[1].count("{}"):
            best = (m, pat, role, flags)
    return best


table = routes()

# ---- 1. B's admin walks B's site ----------------------------------------
b_admin, _ = sign_in(B, "admin", "admin-pass-1")
# Where no link leads: the API (a program's), the text of a closed
# incident's review (B's second), the comparison of versions.
SEEDS = ["/", "/views/gaps", "/views/dependencies", "/versions/compare",
         "/incidents/2/review.txt", "/api/v1/session", "/api/v1/plan",
         "/api/v1/organisation", "/api/v1/systems"]
seen, queue, by_route = set(), list(SEEDS), {}
documents = set()  # every document B's pages offer (each route's first two are fetched)
binary = set()     # addresses whose answer at B was a binary file (PDF, ODF, XLSX, ZIP)


def walk():
    while queue and len(seen) < 20000:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        rt = route_of(table, "GET", path)
        if rt is None:
            continue
        if len(by_route.get(rt[1], [])) >= 2:
            continue
        st, hs, body = request(B, "GET", path, b_admin)
        if st != 200:
            continue
        by_route.setdefault(rt[1], []).append(path)
        ctype = hs.get("content-type", [""])[0]
        if not (ctype.startswith("text/") or "json" in ctype or "svg" in ctype):
            binary.add(path)
        if not hs.get("content-type", [""])[0].startswith("text/html"):
            continue
        for href in re.findall(rb'href="(/[^"#]*)"', body):
            h = href.decode().replace("&amp;", "&")
            if h.startswith("/documents/"):
                documents.add(h)
            if h.startswith("/assets/") or "lang=" in h or h in seen:
                continue
            queue.append(h)


walk()
# An element through the API, at the key its page has.
for path in by_route.get("/plan/{}/{}", []):
    queue.append("/api/v1/" + path[len("/plan/"):])
walk()
missing = sorted(pat for m, pat, role, flags in table
                 if m == "GET" and pat not in by_route and role != "ROLE_NONE"
                 and "ROUTE_TOKEN" not in flags)
if missing:
    fail("B's admin reached no address of these routes: %s" % ", ".join(missing))
if MARKER not in request(B, "GET", "/", b_admin)[2]:
    fail("B's dashboard does not show B's marker: the probe would prove nothing")
print("B's site walked: %d addresses, %d routes" % (sum(map(len, by_route.values())), len(by_route)))


def fill(pattern):
    """An address for pattern with B's identifiers where B's walk found
    one (the same pattern, or the longest literal prefix's), else 1."""
    if pattern in by_route:
        return by_route[pattern][0]
    parts = pattern.strip("/").split("/")
    best = None
    for pat, paths in by_route.items():
        vals = matches(pat, paths[0])
        pp = pat.strip("/").split("/")
        n = 0
        while n < min(len(pp), len(parts)) and pp[n] == parts[n]:
            n += 1
        if vals and (best is None or n > best[0]):
            best = (n, vals)
    vals = list(best[1]) if best else []
    out = []
    for seg in parts:
        out.append(vals.pop(0) if seg == "{}" and vals else "1" if seg == "{}" else seg)
    return "/" + "/".join(x for x in out if x != "*")


# ---- 2. A's people at B's host ---------------------------------------------
a_admin, a_admin_csrf = sign_in(A, "admin", "admin-pass-1")
a_pat, a_pat_csrf = sign_in(A, "pat", "planner-pass-1")
for who, jar, tok in (("A's admin", a_admin, a_admin_csrf), ("A's planner", a_pat, a_pat_csrf)):
    for m, pat, role, flags in table:
        if "ROUTE_NO_DB" in flags or role == "ROLE_NONE":
            continue  # the assets, the sign-in pages and the links: below
        paths = by_route.get(pat, [fill(pat)]) if m == "GET" else [fill(pat)]
        if m == "GET" and pat.startswith("/documents/"):
            # every document, each language: refused before anything is made
            paths = sorted(set(paths) | {d for d in documents if route_of(table, m, d)[1] == pat})
        for path in paths:
            body = None if m == "GET" else urllib.parse.urlencode({"csrf": tok, "name": "x"})
            st, hs, data = request(B, m, path, jar, body,
                                   {"X-CSRF-Token": tok, "Accept": "application/json"}
                                   if pat.startswith("/api/") else {"X-CSRF-Token": tok})
            loc = hs.get("location", [""])[0]
            refused = st in (401, 403, 404) or (st == 303 and loc.startswith("/login"))
            if not refused:
                fail("%s: %s %s at B: %d %s" % (who, m, path, st, loc))
            if MARKER in data:
                fail("%s: %s %s at B answered with B's data" % (who, m, path))
            checks += 1
print("A's admin and planner refused at B's host: %d requests, every route and all %d "
      "documents B offers" % (checks, len(documents)))

# The personal links and the sign-in pages take no session: A's check-in
# link is unknown at B (and B's at A), and a sign-in at B with A's
# credentials fails.
for tok_file, host in (("a-token", B), ("b-token", A)):
    tok = open("%s/%s" % (OUT, tok_file)).read().strip()
    st, hs, data = request(host, "GET", "/c/" + tok)
    if st != 404:
        fail("%s's check-in link at the other host: %d, not 404" % (tok_file, st))
    st, hs, data = request(host, "POST", "/c/" + tok, None,
                           urllib.parse.urlencode({"status": "safe"}))
    if st != 404 and st != 400:
        fail("%s's check-in report at the other host: %d" % (tok_file, st))
    checks += 2
jar = {}
st, hs, body = request(B, "GET", "/login")
take_cookies(jar, hs)
form = urllib.parse.urlencode({"csrf": csrf_of(body), "name": "pat",
                               "password": "planner-pass-1", "next": "/"})
st, hs, _ = request(B, "POST", "/login", jar, form)
if st == 303:
    fail("A's planner's password signs in at B")
checks += 1
print("check-in links and passwords of one agency are unknown at the other")

# A wallet card made at B's host carries B's own address for its check-in
# link (not ITBCP_BASE_URL, which is one for the whole process).
card = by_route.get("/documents/card/{}", [None])[0]
if not card:
    fail("no wallet card form reached at B")
st, hs, body = request(B, "GET", card, b_admin)
st, hs, pdf = request(B, "POST", card, b_admin,
                      urllib.parse.urlencode({"csrf": csrf_of(body), "name": "x"}))
if st != 200 or not pdf.startswith(b"%PDF-"):
    fail("B's wallet card: %d" % st)
open("%s/b-card.pdf" % OUT, "wb").write(pdf)
text = subprocess.run(["pdftotext", "%s/b-card.pdf" % OUT, "-"], capture_output=True,
                      check=True).stdout
if b"http://b.example.test/c/" not in text or b"a.example.test" in text:
    fail("B's wallet card does not lead to B's host: %r" % text[:200])
print("B's wallet card leads to http://b.example.test/c/…")

# ---- 3. A's admin at A's host, on B's addresses ------------------------------
# (Not the binary files: no name could be read in them, and each costs a
# PDF or a spreadsheet made again.)
n = 0
for pat, paths in by_route.items():
    for path in paths:
        if path in binary:
            continue
        st, hs, data = request(A, "GET", path, a_admin)
        if MARKER in data:
            fail("A's admin: GET %s at A answered with B's data" % path)
        n += 1
print("A's admin at A: %d addresses (all but %d binary files), none with B's data"
      % (n, len(binary)))
print("checks: %d" % (checks + n))
