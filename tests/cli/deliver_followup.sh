# deliver_followup.sh — reaching people after the call-out (issue 14,
# items 2 and 4), against a real SMTP server (aiosmtpd) and one `itbcp
# serve` session:
#  - reminders and deputies: a called person still silent after
#    remind_interval gets a reminder with their own link (remind_count of
#    them), then their deputy is told, naming them, with the deputy's own
#    link; one who answered gets no reminder, and nobody is told about
#    them;
#  - the hold (callout_hold): a new incident's call-out waits, shown on the
#    board with a countdown, 今すぐ送信 and 停止; 停止 sends nothing,
#    今すぐ送信 sends at once, a hold that runs out sends by itself, and
#    JMA's 取消 of the report that started it withdraws it;
#  - a person's link as a QR code on the board, for responders only.
# The intervals are seconds here (minutes in use), so it runs in ~15 s.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/deliver_lib.sh"
. "$TESTS_DIR/web_lib.sh"
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$SMTPD_PID" ] && kill "$SMTPD_PID" 2>/dev/null; rm -rf "$T"' EXIT
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/deps.sh installs it)"

D="$ITBCP --db d.db"
$D init --demo >/dev/null
smtpd_start smtp
$D deliver set public_url https://bcp.example.go.jp >/dev/null
$D deliver set smtp_url "$SMTP_URL" >/dev/null
$D deliver set smtp_from bcp@example.go.jp >/dev/null
$D deliver set remind_interval 2 >/dev/null
$D deliver set remind_count 1 >/dev/null
set +e
$D deliver set remind_count 11 2>err.txt
st=$?
set -e
expect_eq "$st" 2 "remind_count over 10 refused"
expect_contains err.txt "remind_count" "the refusal names the setting"

# mails_to ADDRESS: the .eml files the server received for ADDRESS.
mails_to() { grep -l -x "$1" smtp/mail/*.rcpt 2>/dev/null | sed 's/\.rcpt$/.eml/' || true; }
# wait_for WHAT COMMAND…: until COMMAND succeeds, 20 s at most.
wait_for() {
	what=$1
	shift
	i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { tail -n 20 serve.err; fail "waited 20 s for $what"; }
		sleep 0.2
	done
}
# rows ID: the outbox's rows of incident ID.  While waiting, sqlite3
# reads them (the sanitised itbcp costs ~0.1 s of CPU a look).
rows() { sqlite3 d.db "SELECT count(*) FROM outbox WHERE incident = $1"; }
SATO=ichiro.sato@example.go.jp          # answers at once
TAKAHASHI=ken.takahashi@example.go.jp   # role-lead's holder, stays silent
KOBAYASHI=makoto.kobayashi@example.go.jp # role-lead's deputy
YAMAMOTO=takuya.yamamoto@example.go.jp   # p-sato's deputy (role-chief)

# 1. Incident 1 starts (its call-out queued), p-sato answers before any
# sender runs; then the server sends, reminds and tells the deputies.
$D incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- --area 東京都 \
	--as tester >/dev/null || fail "incident start"
$D incident checkin 1 p-sato --status safe --assembly yes --as tester >/dev/null || fail "p-sato answers"
serve_start
# subjects ADDRESS: the decoded Subject of each mail to ADDRESS, a line each.
subjects() { mails_to "$1" | xargs -r $PY -c '
import email, sys
from email import policy
for f in sys.argv[1:]:
    print(email.message_from_bytes(open(f, "rb").read(), policy=policy.default)["Subject"])
'; }
has_deputy_mail() { subjects $KOBAYASHI | grep -q 代理者へ; }
wait_for "p-kobayashi's deputy notice" has_deputy_mail
# One more interval: nothing further may come for p-takahashi.
sleep 2.5
$D incident tokens --json | jq -r '.[] | [.person, .url] | @tsv' >tokens.tsv
$PY - "$T" <<'PY' || fail "reminders and deputies"
import email, os, sys
from email import policy
T = sys.argv[1]
tokens = {p: "https://bcp.example.go.jp" + u for p, u in
          (l.rstrip("\n").split("\t") for l in open(os.path.join(T, "tokens.tsv")))}
box = {}
d = os.path.join(T, "smtp", "mail")
for f in sorted(os.listdir(d)):
    if f.endswith(".eml"):
        rcpt = open(os.path.join(d, f[:-4] + ".rcpt")).read().split()[1]
        m = email.message_from_bytes(open(os.path.join(d, f), "rb").read(), policy=policy.default)
        box.setdefault(rcpt, []).append((m["Subject"], m.get_payload(decode=True).decode("utf-8")))
def kinds(addr):
    out = []
    for s, _ in box.get(addr, []):
        out.append("deputy" if "代理者へ" in s else "reminder" if "再通知" in s else "callout")
    return sorted(out)
sato, taka, koba, yama = ("ichiro.sato@example.go.jp", "ken.takahashi@example.go.jp",
                          "makoto.kobayashi@example.go.jp", "takuya.yamamoto@example.go.jp")
assert kinds(sato) == ["callout"], ("p-sato answered: no reminder", kinds(sato))
assert kinds(taka) == ["callout", "reminder"], ("p-takahashi: one reminder, then no more", kinds(taka))
s, body = [x for x in box[taka] if "再通知" in x[0]][0]
assert s.startswith("【再通知1】【安否確認】大規模災害"), s
assert body.split("\r\n").count(tokens["p-takahashi"]) == 1, "the reminder carries their own link"
dep = [x for x in box[koba] if "代理者へ" in x[0]]
assert len(dep) == 1, ("the deputy is told once", kinds(koba))
s, body = dep[0]
assert "高橋 健" in s and "高橋 健" in body, ("the deputy notice names who is silent", s)
assert "作業を実施する責任者" in body, ("and the role they hold", body)
assert body.split("\r\n").count(tokens["p-kobayashi"]) == 1, "the deputy's own link"
assert tokens["p-takahashi"] not in body, "never the silent person's link"
assert body.index("代理者として") < body.index("As their deputy"), "Japanese first"
# p-sato answered: their deputy hears nothing about them
for s, b in box.get(yama, []):
    assert "佐藤 一郎" not in s, ("told about someone who answered", s)
print("followup ok:", {a: kinds(a) for a in (sato, taka, koba)})
PY
$D deliver list --incident 1 --json >list1.json
expect_eq "$(jq '[.[] | select(.person == "p-sato" and .kind != "callout")] | length' list1.json)" 0 \
	"nothing but the call-out queued for p-sato"
expect_eq "$(jq '[.[] | select(.person == "p-takahashi" and .kind == "reminder")] | length' list1.json)" 1 \
	"one reminder row for p-takahashi"
$D deliver set remind_interval 0 >/dev/null # the rest is about holds

# 2. The hold: new incidents' call-outs wait a minute.
$D deliver set callout_hold 60 >/dev/null
echo 'responder-pass-1' | $D user add rita --role responder --password-stdin >/dev/null
echo 'viewer-pass-1' | $D user add vera --role viewer --password-stdin >/dev/null
expect_eq "$(login rjar rita responder-pass-1)" 303 "sign in as responder"
expect_eq "$(login vjar vera viewer-pass-1)" 303 "sign in as viewer"
start() { $D incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"; }
# hold ID ACTION: presses ACTION on incident ID's board as the responder.
hold() {
	curl -s -b rjar -c rjar "$U/incidents/$1" >form.html
	curl -s -o hold.html -w '%{http_code}' -b rjar -c rjar --data-urlencode "csrf=$(csrf_of form.html)" \
		--data-urlencode "action=$2" "$U/incidents/$1/hold"
}

# 2a. Held, then stopped: nothing is ever sent.
start
expect_eq "$(rows 2)" 0 "held: nothing queued with the incident"
curl -s -D head2.txt -b rjar "$U/incidents/2" >b2.html
grep -qi '^Refresh: 10' head2.txt || fail "a held board refreshes itself every 10 s"
expect_contains b2.html "安否確認の一斉送信は保留中です" "the board shows the hold"
grep -q 'class="countdown">[0-9]*分[0-9][0-9]秒<' b2.html || fail "the board shows the time left"
expect_contains b2.html 'value="stop"' "a stop button"
expect_contains b2.html 'value="send"' "a send-now button"
curl -s -b vjar "$U/incidents/2" >v2.html
expect_contains v2.html "保留中です" "a viewer sees the hold"
grep -q 'value="stop"' v2.html && fail "a viewer is offered the stop button"
expect_eq "$(hold 2 stop)" 303 "停止 answered with a redirect"
expect_eq "$(hold 2 stop)" 409 "a second stop: nothing on hold any more"
expect_contains hold.html "保留中の一斉送信はありません" "and it says why"
curl -s -b rjar "$U/incidents/2" >b2s.html
expect_contains b2s.html "誰にも送信していません" "the board says nothing was sent"
$D incident timeline 2 --json | jq -e '[.[] | .content.text // "" | select(test("rita が保留中の安否確認の一斉送信を停止"))] | length == 1' \
	>/dev/null || fail "the stop is on the timeline with who pressed it"

# 2b. Held, then 今すぐ送信: queued at once and sent.
start
expect_eq "$(rows 3)" 0 "incident 3 held"
expect_eq "$(hold 3 send)" 303 "今すぐ送信 answered with a redirect"
n3=$(rows 3)
[ "$n3" -ge 10 ] || fail "今すぐ送信 queued the call-out ($n3 rows)"
sent3() { [ "$(sqlite3 d.db "SELECT count(*) FROM outbox WHERE incident = 3 AND state = 'sent'")" = "$n3" ]; }
wait_for "incident 3's call-out to be sent" sent3
expect_eq "$(hold 3 send)" 409 "sent once only"

# 2c. A hold that runs out sends by itself.
$D deliver set callout_hold 1 >/dev/null
start
queued4() { [ "$(rows 4)" -ge 10 ]; }
wait_for "incident 4's hold to run out" queued4
$D incident timeline 4 --json | jq -e '[.[] | select(.author == "itbcp") | .content.text |
	select(test("保留時間が過ぎた"))] | length == 1' >/dev/null || fail "the end of the hold is on the timeline"

# 2d. JMA's 取消 of the report that started a held incident withdraws it.
$D deliver set callout_hold 60 >/dev/null
report() {
	cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
  <Control><Title>震度速報</Title><Status>訓練</Status></Control>
  <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>震度速報</Title>
    <TargetDateTime>2026-01-18T01:00:00+09:00</TargetDateTime><EventID>20260118010000</EventID>
    <InfoType>$1</InfoType><Serial>$2</Serial></Head>
  <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/">$3</Body>
</Report>
XML
}
report 発表 1 '<Intensity><Observation><MaxInt>6-</MaxInt><Pref><Name>東京都</Name><MaxInt>6-</MaxInt><Area><Name>東京都２３区</Name><MaxInt>6-</MaxInt></Area></Pref></Observation></Intensity>' >quake.xml
report 取消 2 '<Text>先ほどの震度速報を取り消します。</Text>' >cancel.xml
$D jma ingest quake.xml --json >q.json || fail "ingest the report"
expect_eq "$(jq -r '.[0].incident' q.json)" 5 "the report started incident 5"
expect_eq "$(rows 5)" 0 "incident 5 held"
$D jma ingest cancel.xml --json >c.json || fail "ingest the withdrawal"
expect_eq "$(jq -r '.[0].decision' c.json)" flagged "the withdrawal is flagged"
jq -r '.[0].reason' c.json | grep -q "保留中の一斉送信を取り止めました" || fail "the reason says the call-out was withdrawn"
curl -s -b rjar "$U/incidents/5" >b5.html
expect_contains b5.html "気象庁の取消により" "the board says JMA withdrew it"
sleep 1.2 # a look of the sender later: still nothing
expect_eq "$(rows 5)" 0 "nothing sent for the withdrawn call-out"
# The command line does what the board's buttons do: stop refused (not
# held any more), send after all.
set +e
$D incident hold 5 --stop --as tester 2>err.txt
st=$?
set -e
expect_eq "$st" 2 "incident hold --stop of a withdrawn call-out"
expect_contains err.txt "保留中の一斉送信はありません" "and it says why"
$D incident hold 5 --send --as tester --json | jq -e '.recorded' >/dev/null || fail "incident hold --send"
[ "$(rows 5)" -ge 10 ] || fail "sent after all"

# 3. A person's link as a QR code, from the board's form: responders only.
curl -s -b rjar -c rjar "$U/incidents/1" >b1.html
# (the board's 連絡 column says p-takahashi was reminded and their deputies told)
grep -A3 '<th scope="row">高橋 健</th>' b1.html | grep -q '再通知 1回<.*代理者に連絡済み' ||
	fail "the board shows p-takahashi's reminder and deputies"
grep -q 'formaction="/incidents/1/qr"' b1.html || fail "board: no QR button"
code=$(curl -s -o qr.html -w '%{http_code}' -b rjar -c rjar --data-urlencode "csrf=$(csrf_of b1.html)" \
	--data-urlencode person=p-sato "$U/incidents/1/qr")
expect_eq "$code" 200 "the QR page"
grep -q '<svg [^>]*class="qr" role="img"' qr.html || fail "the QR code is an SVG image"
grep -q '<path d="M4 4h7v1h-7z' qr.html || fail "the SVG draws the code"
expect_contains qr.html "$(grep '^p-sato' tokens.tsv | cut -f2)</code>" "p-sato's own link, to read out"
$D incident timeline 1 --json | jq -e '[.[] | .content.text // "" | select(test("rita が 佐藤 一郎 さんの安否報告リンクをQRコードで表示"))] |
	length == 1' >/dev/null || fail "who showed whose link is on the timeline"
code=$(curl -s -o qr2.html -w '%{http_code}' -b rjar -c rjar --data-urlencode "csrf=$(csrf_of b1.html)" \
	--data-urlencode person=nobody "$U/incidents/1/qr")
expect_eq "$code" 422 "QR of someone not called"
curl -s -b vjar -c vjar "$U/incidents/1" >vb1.html
grep -q 'formaction="/incidents/1/qr"' vb1.html && fail "a viewer is offered the QR button"
code=$(curl -s -o vqr.html -w '%{http_code}' -b vjar -c vjar --data-urlencode "csrf=$(csrf_of vb1.html)" \
	--data-urlencode person=p-sato "$U/incidents/1/qr")
expect_eq "$code" 403 "a viewer may not see a link"
grep -q '/c/' vqr.html && fail "the refusal shows a link"

serve_stop
smtpd_stop
