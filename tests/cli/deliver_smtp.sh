# deliver_smtp.sh — an incident's call-out reaches every called person
# (issue 14, item 4): started, each person gets one mail per address of
# theirs (work, then private) and one webhook POST, each with their own
# check-in link and nobody else's; checked on what a real SMTP server
# (aiosmtpd) and an HTTP listener received, byte for byte where it
# matters: the RFC 2047 Subject decodes to the Japanese text, the UTF-8
# body holds exactly the person's link.  A 451 is tried again, a 550 and
# an HTTP 404 fail for good, and nothing is sent twice.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/deliver_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/deps.sh installs it)"

demo_db d.db
# A private address for p-sato (sent after the work one), none for others.
$ITBCP --db d.db export -o plan.json
jq '(.people[] | select(.id == "p-sato")).email_private = "ichiro.home@example.net"' plan.json >plan2.json
$ITBCP --db d.db import plan2.json >/dev/null || fail "import with email_private"
$ITBCP --db d.db export | jq -e '.people[] | select(.id == "p-sato") | .email_private == "ichiro.home@example.net"' >/dev/null ||
	fail "email_private did not survive export"

# Without public_url nothing is queued: delivery is not set up.
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --drill --as tester >/dev/null || fail "incident start (not set up)"
expect_eq "$($ITBCP --db d.db deliver list --json | jq length)" 0 "messages queued without public_url"

# Settings: refused values say what and where, nothing stored.
set +e
$ITBCP --db d.db deliver set smtp_url 'smtp://user:pw@host:25' 2>err.txt
st=$?
set -e
expect_eq "$st" 2 "credentials in smtp_url refused"
expect_contains err.txt "smtp_url" "the refusal names the setting"
$ITBCP --db d.db deliver set public_url nope 2>/dev/null && fail "public_url without http(s) accepted"
echo 'secret-password-1' >pw
chmod 600 pw
$ITBCP --db d.db deliver set smtp_password_file "$T/pw" >/dev/null
$ITBCP --db d.db deliver show >show.txt
grep -q secret-password-1 show.txt && fail "deliver show printed the password"
$ITBCP --db d.db deliver set smtp_password_file '' >/dev/null

REJECT=ken.takahashi@example.go.jp   # answered 550: failed for good
FLAKY=hanako.suzuki@example.go.jp    # answered 451 once: tried again
smtpd_start smtp --reject "$REJECT" --fail-once "$FLAKY"
hookd_start hook
$ITBCP --db d.db deliver set public_url https://bcp.example.go.jp/ >/dev/null
$ITBCP --db d.db deliver set smtp_url "$SMTP_URL" >/dev/null
$ITBCP --db d.db deliver set smtp_from bcp@example.go.jp >/dev/null
$ITBCP --db d.db deliver set webhook_url "$HOOK_URL/hook $HOOK_URL/gone" >/dev/null
$ITBCP --db d.db deliver show --json | jq -e '.ready' >/dev/null || fail "deliver show: not ready"

$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident show 2 --json | jq -r '.checkins.people[] | select(.called) | .person' | sort >called
$ITBCP --db d.db export | jq -r --rawfile c called '($c | split("\n")) as $cs | .people[] |
	select(.id as $p | $cs | index($p)) | [.id, .email, (.email_private // "")] | @tsv' >addr.tsv
# The expected mails: person TAB address, one per non-empty address.
awk -F '\t' '{ if ($2 != "") print $1 "\t" $2; if ($3 != "") print $1 "\t" $3 }' addr.tsv | sort >want.mail
n_called=$(wc -l <called)
n_mail=$(wc -l <want.mail)
[ "$n_called" -ge 10 ] || fail "expected the demo's called people, got $n_called"
grep -q "ichiro.home@example.net" want.mail || fail "p-sato is not called in the demo"
queued=$($ITBCP --db d.db deliver list --incident 2 --json | jq length)
expect_eq "$queued" "$((n_mail + 2 * n_called))" "rows queued with the incident (mail + 2 webhooks each)"

$ITBCP --db d.db deliver run --once >run1.out || fail "deliver run --once"
cat run1.out

# The links each person should get.
$ITBCP --db d.db incident tokens --json | jq -r '.[] | [.person, .url] | @tsv' >tokens.tsv

# What the SMTP server received, checked in Python's email package.
$PY - "$T" <<'PY' || fail "the mails received"
import email, os, re, sys
from email import policy
T = sys.argv[1]
tokens = dict(l.rstrip("\n").split("\t") for l in open(os.path.join(T, "tokens.tsv")))
want = [tuple(l.rstrip("\n").split("\t")) for l in open(os.path.join(T, "want.mail"))]
by_addr = {a: p for p, a in want}
got, ids = [], set()
maildir = os.path.join(T, "smtp", "mail")
subject = "【安否確認】大規模災害：安否と参集の可否を報告してください / Check in: 大規模災害"
for f in sorted(os.listdir(maildir)):
    if not f.endswith(".eml"):
        continue
    raw = open(os.path.join(maildir, f), "rb").read()
    rcpt = open(os.path.join(maildir, f[:-4] + ".rcpt")).read().split()
    assert rcpt[0] == "bcp@example.go.jp", rcpt
    assert len(rcpt) == 2, ("one recipient per message", rcpt)
    addr = rcpt[1]
    person = by_addr[addr]
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # headers are 7-bit
    for line in head.split("\r\n"):
        assert len(line) <= 78, ("header line over 78", line)
    subj_raw = re.search(r"^Subject: ([^\r\n]*(?:\r\n [^\r\n]*)*)", head, re.M).group(1)
    for w in subj_raw.split("\r\n "):
        assert re.fullmatch(r"=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=", w), w
        assert len(w) <= 75, w
    m = email.message_from_bytes(raw, policy=policy.default)
    assert m["Subject"] == subject, m["Subject"]
    assert m["To"] == addr and m["From"] == "bcp@example.go.jp"
    assert "\r\nContent-Type: text/plain; charset=UTF-8\r\n" in head, head
    assert "\r\nMIME-Version: 1.0\r\n" in head and "\r\nDate: " in "\r\n" + head, head
    mid = m["Message-ID"]
    assert re.fullmatch(r"<itbcp\.\d+\.\d+@example\.go\.jp>", mid), mid
    assert mid not in ids, ("Message-ID twice", mid)
    ids.add(mid)
    body = m.get_payload(decode=True).decode("utf-8")
    link = "https://bcp.example.go.jp" + tokens[person]
    lines = body.split("\r\n")
    assert lines.count(link) == 1, ("the link once, on a line of its own", person, body)
    found = re.findall(r"https?://\S+", body)
    assert found == [link], ("only the person's own link", found)
    for other, url in tokens.items():
        if other != person:
            assert url.split("/c/")[1] not in body, ("someone else's token", other)
    assert body.index("安否") < body.index("Open the link"), "Japanese first, then English"
    got.append((person, addr))
reject = "ken.takahashi@example.go.jp"
flaky = "hanako.suzuki@example.go.jp"
expect = sorted(x for x in want if x[1] not in (reject, flaky))
assert sorted(got) == expect, ("one mail per address", sorted(got), expect)
print("mails ok:", len(got), "messages,", len(ids), "Message-IDs")
PY

# The 550 failed for good, the 451 waits for its retry.
$ITBCP --db d.db deliver list --incident 2 --json >list1.json
expect_eq "$(jq -r --arg a "$REJECT" '.[] | select(.address == $a) | .state' list1.json)" failed "550 recipient"
jq -r --arg a "$REJECT" '.[] | select(.address == $a) | .last_error' list1.json | grep -q 550 ||
	fail "the 550 is shown"
expect_eq "$(jq -r --arg a "$FLAKY" '.[] | select(.address == $a) | "\(.state) \(.attempts)"' list1.json)" \
	"queued 1" "451 recipient waits for its retry"
expect_eq "$(jq '[.[] | select(.address | endswith("/gone")) | select(.state == "failed")] | length' list1.json)" \
	"$n_called" "webhook answered 404: failed for good"
# Its retry falls due (10 s later; moved here instead of waiting).
sqlite3 d.db "UPDATE outbox SET next_attempt_at = 0 WHERE state = 'queued'"
$ITBCP --db d.db deliver run --once >run2.out || fail "second deliver run --once"
$ITBCP --db d.db deliver list --incident 2 --json >list2.json
expect_eq "$(jq -r --arg a "$FLAKY" '.[] | select(.address == $a) | "\(.state) \(.attempts)"' list2.json)" \
	"sent 2" "451 recipient sent on the second attempt"
expect_eq "$(jq '[.[] | select(.state == "sent")] | length' list2.json)" "$((n_mail - 1 + n_called))" \
	"sent: every mail but the 550, every /hook POST"
jq -r '.[] | select(.state == "sent" and .channel == "mail") | .response' list2.json | grep -v '^250 ' &&
	fail "a sent mail without the server's 250"
expect_eq "$(ls smtp/mail/*.eml | wc -l)" "$((n_mail - 1))" "mails at the server: none twice"
grep -l "$FLAKY" smtp/mail/*.rcpt | wc -l | grep -qx 1 || fail "the retried mail arrived more than once"

# The webhook POSTs: one per called person, each with their own link.
$PY - "$T" <<'PY' || fail "the webhook posts"
import json, os, sys
T = sys.argv[1]
tokens = dict(l.rstrip("\n").split("\t") for l in open(os.path.join(T, "tokens.tsv")))
called = [l.strip() for l in open(os.path.join(T, "called")) if l.strip()]
d = os.path.join(T, "hook", "hook")
seen = []
for f in sorted(os.listdir(d)):
    if not f.endswith(".json"):
        continue
    o = json.loads(open(os.path.join(d, f), "rb").read().decode("utf-8"))
    assert set(o) == {"text", "person", "link", "incident", "kind", "id"}, o
    link = "https://bcp.example.go.jp" + tokens[o["person"]]
    assert o["link"] == link and link in o["text"], o
    assert o["incident"] == 2 and o["kind"] == "callout", o
    for other, url in tokens.items():
        if other != o["person"]:
            assert url.split("/c/")[1] not in o["text"], ("someone else's token", other)
    seen.append(o["person"])
assert sorted(seen) == sorted(called), (sorted(seen), sorted(called))
print("webhooks ok:", len(seen))
PY
smtpd_stop
