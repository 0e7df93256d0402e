# deliver_crash.sh — the outbox survives a crash of its sender (issue 14):
# a generated plan whose called people have a work and a private address
# (over 300 mails), `itbcp deliver run` killed with SIGKILL when about half
# have reached the SMTP server, then run again.  Every message must have
# arrived, counted by Message-ID at the server: exactly once, except those
# the sender held in "sending" when it was killed — it cannot know whether
# the server took them, so it sends them once more with the same
# Message-ID.  Those extra copies are counted, stated, and must not exceed
# the rows put back from "sending" (at most deliver_parallel × 2).
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/deliver_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/deps.sh installs it)"
SENDER=""
trap '[ -n "$SENDER" ] && kill -9 "$SENDER" 2>/dev/null; [ -n "$SMTPD_PID" ] && kill "$SMTPD_PID" 2>/dev/null; rm -rf "$T"' EXIT

$ITBCP test-generate --people 600 -o gen.json
jq '.people |= map(if .email != "" then .email_private = (.id + "@home.example.net") else . end)' \
	gen.json >plan.json
$ITBCP --db d.db init >/dev/null
$ITBCP --db d.db import plan.json >/dev/null || fail "import the generated plan"
smtpd_start smtp
$ITBCP --db d.db deliver set public_url https://bcp.example.go.jp >/dev/null
$ITBCP --db d.db deliver set smtp_url "$SMTP_URL" >/dev/null
$ITBCP --db d.db deliver set smtp_from bcp@example.go.jp >/dev/null
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 7 \
	--area 東京都 --as tester >/dev/null || fail "incident start"
total=$(sqlite3 d.db "SELECT count(*) FROM outbox")
[ "$total" -ge 300 ] || fail "expected over 300 messages queued, got $total"

# The sender, killed when about half the mails have reached the server.
$ITBCP --db d.db deliver run >run1.out 2>run1.err &
SENDER=$!
half=$((total / 2))
i=0
while [ "$(ls smtp/mail 2>/dev/null | grep -c '\.eml$' || true)" -lt "$half" ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || { cat run1.err; fail "the sender sent fewer than $half in 60 s"; }
	kill -0 "$SENDER" 2>/dev/null || { cat run1.err; fail "the sender exited"; }
	sleep 0.1
done
kill -9 "$SENDER"
wait "$SENDER" 2>/dev/null || true
SENDER=""
at_kill=$(ls smtp/mail | grep -c '\.eml$' || true)
sending=$(sqlite3 d.db "SELECT count(*) FROM outbox WHERE state = 'sending'")
sent=$(sqlite3 d.db "SELECT count(*) FROM outbox WHERE state = 'sent'")
echo "killed: $at_kill mails at the server, $sent rows marked sent, $sending in sending"
[ "$sent" -lt "$total" ] || fail "everything was sent before the kill: not a crash half-way"

# Run again: it puts back what was in sending and sends the rest.
$ITBCP --db d.db deliver run --once >run2.out 2>run2.err || { cat run2.err; fail "deliver run after the crash"; }
cat run2.out
recovered=$(sed -n 's/.*送信中から戻した \([0-9]*\).*/\1/p' run2.out)
expect_eq "$recovered" "$sending" "rows put back from sending"
expect_eq "$(sqlite3 d.db "SELECT count(*) FROM outbox WHERE state = 'sent'")" "$total" "every row sent"

# At the server: every row's Message-ID, once — or twice for a row put back.
sqlite3 d.db "SELECT id FROM outbox" | sort -n >rows
$PY - "$T" "$recovered" <<'PY' || fail "arrivals by Message-ID"
import collections, email, os, re, sys
from email import policy
T, recovered = sys.argv[1], int(sys.argv[2])
rows = {int(l) for l in open(os.path.join(T, "rows"))}
d = os.path.join(T, "smtp", "mail")
count = collections.Counter()
for f in os.listdir(d):
    if f.endswith(".eml"):
        m = email.message_from_bytes(open(os.path.join(d, f), "rb").read(), policy=policy.default)
        count[int(re.fullmatch(r"<itbcp\.(\d+)\.\d+@example\.go\.jp>", m["Message-ID"]).group(1))] += 1
missing = rows - set(count)
assert not missing, ("never arrived", sorted(missing))
assert set(count) <= rows, "a Message-ID that is no row"
twice = [k for k, v in count.items() if v == 2]
more = [k for k, v in count.items() if v > 2]
assert not more, ("arrived three times or more", more)
assert len(twice) <= recovered, ("more duplicates than rows put back", len(twice), recovered)
print("arrived: %d messages, %d exactly once, %d twice (of %d put back from sending)"
      % (len(rows), len(rows) - len(twice), len(twice), recovered))
PY
smtpd_stop
