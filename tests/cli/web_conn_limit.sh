# web_conn_limit.sh — one address cannot take the server (issue 15, item 1).
# 1,100 connections from 127.0.0.1 that send nothing (more than
# libmicrohttpd's own default limit of ~1,020, which used to stop the
# server for everyone): the server keeps WEB_CONN_PER_ADDRESS (256) of
# them and closes the rest; a further connection from 127.0.0.1 is closed
# unanswered; meanwhile a phone at 127.0.0.2 (loopback answers all of
# 127/8) gets its check-in form and its report answered within 5 s; the
# held connections are still open at 5 s and closed by the idle timeout
# (10 s without a whole request header), as is one that sent half a
# header; then 127.0.0.1 is served again; the refusals are logged as a
# count, not a line each.  Before the fix, the phone got no answer at all.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v python3 >/dev/null || fail "python3 is missing"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

demo_db d.db
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident tokens --json >tokens.json
LINK=$(jq -r '.[] | select(.person == "p-sato") | .url' tokens.json)
[ -n "$LINK" ] || fail "no check-in link"
serve_start
expect_contains serve.out "at most 4096, 256 from one address" "the limits are stated at start"
PORT=${U##*:}

python3 - "$PORT" "$LINK" <<'PY' || { tail -n 20 serve.err >&2; fail "see above"; }
import resource, socket, sys, time

port, link = int(sys.argv[1]), sys.argv[2]
HELD, PER_ADDRESS, IDLE = 1100, 256, 10
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < HELD + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, HELD + 256), hard))

def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)

def connect(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    return s

def is_open(s):
    """True while the server has not closed s (nothing is ever sent to it)."""
    s.setblocking(False)
    try:
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False

def ask(src, method, path, body=b"", limit=2.0):
    """One request from address src; (status, seconds) or fails."""
    t = time.monotonic()
    s = connect(src)
    s.settimeout(limit)
    head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    if body:
        head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
    data = b""
    try:
        s.sendall(head.encode() + b"\r\n" + body)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        fail(f"{method} {path} from {src}: no answer within {limit} s")
    except (ConnectionResetError, BrokenPipeError):
        # Refused: closed by the server before reading the request (a
        # close with the request unread is a reset, as often as not).
        data = b""
    finally:
        s.close()
    if not data:
        return 0, time.monotonic() - t
    return int(data.split(b" ", 2)[1]), time.monotonic() - t

t0 = time.monotonic()
held = [connect("127.0.0.1") for _ in range(HELD)]
# In time: 5 s at most on a loaded test machine (~0.1 s alone).
code, secs = ask("127.0.0.2", "GET", link, limit=5.0)
print(f"check-in form from 127.0.0.2: {code} in {secs:.3f} s")
if code != 200:
    fail(f"the check-in form from 127.0.0.2 answered {code}")
code, secs = ask("127.0.0.2", "POST", link, b"status=safe&assembly=online", limit=5.0)
print(f"check-in report from 127.0.0.2: {code} in {secs:.3f} s")
if code != 200:
    fail(f"the check-in report from 127.0.0.2 answered {code}")

# The server accepts each and closes those beyond the per-address limit.
deadline = time.monotonic() + 5
while True:
    n_open = sum(is_open(s) for s in held)
    if n_open <= PER_ADDRESS or time.monotonic() > deadline:
        break
    time.sleep(0.2)
print(f"held from 127.0.0.1: {n_open} of {HELD} still open")
if n_open != PER_ADDRESS:
    fail(f"expected the server to keep {PER_ADDRESS} connections from one address, it kept {n_open}")
code, _ = ask("127.0.0.1", "GET", link, limit=3.0)
if code != 0:
    fail(f"a connection over the limit from 127.0.0.1 was answered {code}")

half = connect("127.0.0.3")
half.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the end of the header
time.sleep(max(0, t0 + IDLE / 2 - time.monotonic()))
# Not cut early (checked only while well within the timeout: a very slow
# machine may be past it by now).
if time.monotonic() < t0 + IDLE - 2:
    n_open = sum(is_open(s) for s in held)
    if n_open != PER_ADDRESS or not is_open(half):
        fail(f"at {IDLE / 2} s, {n_open} held connections open (expected {PER_ADDRESS}), half header open: {is_open(half)}")
# Closed once the timeout has passed: asked from 3 s after it, and until
# 30 s after it (the server's sweep runs between requests; on a loaded
# machine under ThreadSanitizer it once came later than 3 s).
time.sleep(max(0, t0 + IDLE + 3 - time.monotonic()))
while True:
    n_open = sum(is_open(s) for s in held)
    if (n_open == 0 and not is_open(half)) or time.monotonic() > t0 + IDLE + 30:
        break
    time.sleep(0.5)
print(f"after {time.monotonic() - t0:.0f} s idle: {n_open} held connections open, half header open: {is_open(half)}")
if n_open or is_open(half):
    fail("idle connections outlived the idle timeout")
code, _ = ask("127.0.0.1", "GET", link)
if code != 200:
    fail(f"127.0.0.1 after its connections closed: {code}")
for s in held:
    s.close()
half.close()
PY
reports=$($ITBCP --db d.db incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length')
expect_eq "$reports" 1 "the report from 127.0.0.2 was recorded"
serve_stop
# The refusals are counted, not logged one line each (~844 of them).
grep -q 'refused [0-9]* connections over the limits (4096 in all, 256 from one address)' serve.err ||
	{ cat serve.err >&2; fail "no line for the refused connections"; }
n=$(grep -c 'refused [0-9]* connections over the limits' serve.err)
[ "$n" -le 4 ] || fail "$n lines for refused connections, expected a few"
grep -q 'Server reached connection limit\|MHD_OPTION' serve.err && fail "libmicrohttpd's own lines in the log"
echo "ok: 256 from one address held, the rest closed, a check-in from another address answered"
