# deliver_serve.sh — inside `itbcp serve` the outbox is sent by its own
# threads when delivery is set up (issue 14): an incident started from the
# command line while the server runs reaches the SMTP server within a few
# seconds, and the server still stops cleanly on SIGTERM (exit 0, no leak
# under the sanitizers).  Delivery is set up by an admin on
# /admin/delivery while the server runs (no restart): bad values refused
# beside their fields with nothing changed, the webhook's secret never
# shown back nor audit-logged, each change in the audit log.  The board's
# 連絡 column shows each person's messages as sent, and a responder can
# send a person's link again; the record's check values reach a witness
# address once it is set.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/deliver_lib.sh"
. "$TESTS_DIR/web_lib.sh"
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$SMTPD_PID" ] && kill "$SMTPD_PID" 2>/dev/null; rm -rf "$T"' EXIT
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

demo_db d.db
smtpd_start smtp
# The server starts before delivery is set up; an admin sets it up on
# /admin/delivery and it applies without a restart.
serve_start
echo 'admin-pass-word-1' | $ITBCP --db d.db user add ada --role admin --totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null
expect_eq "$(login ajar ada admin-pass-word-1)" 303 "sign in as admin"
curl -s -b ajar -c ajar "$U/admin/delivery" >set0.html
expect_contains set0.html "配信：未設定" "the page says delivery is not set up"
expect_contains set0.html 'name="remind_interval"' "a field per setting"
# post_settings FILE FIELD…: POSTs the form with the page's token and each
# name=value FIELD; prints the status.
post_settings() {
	out=$1
	shift
	set -- --data-urlencode "csrf=$(csrf_of set0.html)" $(for f in "$@"; do printf ' --data-urlencode %s' "$f"; done)
	curl -s -o "$out" -w '%{http_code}' -b ajar -c ajar "$@" "$U/admin/delivery"
}
HOOK_SECRET=https://chat.example.go.jp/hooks/T0k3nS3cr3t
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b ajar --data-urlencode public_url=https://x.example.go.jp "$U/admin/delivery")" \
	403 "a POST without the CSRF token is refused"
expect_eq "$(post_settings bad.html public_url=https://bcp.example.go.jp smtp_url=http://mail.example.go.jp remind_interval=-1)" \
	422 "bad values refused"
expect_contains bad.html 'id="f-smtp_url-err"' "the refusal is beside smtp_url"
expect_contains bad.html "smtp://ホスト:ポート" "and says what it takes"
expect_contains bad.html 'id="f-remind_interval-err"' "and beside remind_interval"
grep -q 'id="f-smtp_url"[^>]*aria-invalid="true"' bad.html || fail "the refused field is marked invalid"
expect_eq "$($ITBCP --db d.db deliver show --json | jq -r '.public_url // "unset"')" unset \
	"nothing changed by a refused form"
expect_eq "$(post_settings ok.html public_url=https://bcp.example.go.jp smtp_url="$SMTP_URL" smtp_from=bcp@example.go.jp \
	webhook_url=$HOOK_SECRET remind_interval=900)" 303 "the settings saved"
curl -s -b ajar "$U/admin/delivery?saved=5" >set1.html
expect_contains set1.html "配信：設定済み" "the page says delivery is set up"
expect_contains set1.html "https://chat.example.go.jp/…" "the webhook shown by its host"
grep -q T0k3nS3cr3t set1.html && fail "the webhook's secret shown back"
$ITBCP --db d.db deliver show --json >show.json
grep -q "$HOOK_SECRET" show.json || fail "the webhook was not stored"
# An empty webhook field keeps it; its box removes it (so the mails below
# are the only messages).
expect_eq "$(post_settings ok.html remind_interval=600)" 303 "saved again, webhook field empty"
$ITBCP --db d.db deliver show --json | grep -q T0k3nS3cr3t || fail "an empty field removed the webhook"
expect_eq "$(post_settings ok.html webhook_url_remove=1)" 303 "the webhook removed"
$ITBCP --db d.db deliver show --json | grep -q T0k3nS3cr3t && fail "the webhook was not removed"
sqlite3 d.db "SELECT detail FROM audit_log WHERE action = 'setting.set' AND actor = 'ada'" >audit.txt
expect_contains audit.txt "https://chat.example.go.jp/…" "the audit log names the webhook by its host"
grep -q T0k3nS3cr3t audit.txt && fail "the audit log holds the webhook's secret"
expect_eq "$(grep -c . audit.txt)" 7 "each change audit-logged by the admin"
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
want=$($ITBCP --db d.db deliver list --json | jq length)
[ "$want" -ge 10 ] || fail "expected the demo's called people's mails, got $want"
i=0
until [ "$(ls smtp/mail | grep -c '\.eml$' || true)" -ge "$want" ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || { cat serve.err; fail "the server's sender did not send $want mails in 20 s"; }
	sleep 0.1
done
echo "serve sent $want mails in about $((i / 10)).$((i % 10)) s"
# Marked sent (the mark follows the server's answer by a moment).
i=0
until [ "$($ITBCP --db d.db deliver list --json | jq '[.[] | select(.state == "sent")] | length')" = "$want" ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "the rows were not marked sent"
	sleep 0.1
done
# The board says, per person, that their messages went (no addresses).
echo 'viewer-pass-1' | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
expect_eq "$(login jar vera viewer-pass-1)" 303 "sign in"
curl -s -b jar "$U/incidents/1" >board.html
n_sent=$(grep -o '<td class="sent"[^>]*>送信済み 1/1' board.html | wc -l)
expect_eq "$n_sent" "$want" "board: one 送信済み cell per called person"
grep -q 'example.go.jp' board.html && fail "board shows an e-mail address to a viewer"

# A responder sends p-sato's link again from the board (the proxy form's
# person): one more mail to p-sato only, a note on the timeline.
echo 'responder-pass-1' | $ITBCP --db d.db user add rita --role responder --password-stdin >/dev/null
expect_eq "$(login rjar rita responder-pass-1)" 303 "sign in as responder"
curl -s -b rjar -c rjar "$U/incidents/1" >board2.html
grep -q 'formaction="/incidents/1/resend"' board2.html || fail "board: no resend button"
code=$(curl -s -o resent.html -w '%{http_code}' -b rjar -c rjar --data-urlencode "csrf=$(csrf_of board2.html)" \
	--data-urlencode person=p-sato "$U/incidents/1/resend")
expect_eq "$code" 303 "resend answered with a redirect"
code=$(curl -s -o bad.html -w '%{http_code}' -b rjar -c rjar --data-urlencode "csrf=$(csrf_of board2.html)" \
	--data-urlencode person=nobody "$U/incidents/1/resend")
expect_eq "$code" 422 "resend to someone not called"
expect_contains bad.html "招集された人ではありません" "the refusal says why"
i=0
until [ "$(grep -l ichiro.sato@example.go.jp smtp/mail/*.rcpt | wc -l)" -ge 2 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the resent mail did not arrive"
	sleep 0.1
done
$ITBCP --db d.db incident timeline 1 --json | jq -e '[.[] | select(.kind == "note") | .content.text |
	select(test("再送"))] | length == 1' >/dev/null || fail "the resend is not on the timeline"
# The record's check values go to a witness (issue 15, item 12): set while
# the server runs, the first message goes at the sender's next look, with
# the record's last entry and hash as `incident verify` has them.
$ITBCP --db d.db deliver set witness_to witness@example.go.jp >/dev/null
i=0
until wf=$(grep -l witness@example.go.jp smtp/mail/*.rcpt 2>/dev/null); do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat serve.err; fail "the witness message did not arrive"; }
	sleep 0.1
done
$PY -c 'import email, sys; m = email.message_from_binary_file(open(sys.argv[1], "rb")); print(m.get_payload(decode=True).decode())' \
	"${wf%.rcpt}.eml" >witness.txt
$ITBCP --db d.db incident verify 1 --json >v.json
expect_contains witness.txt "Incident #1 Record check: entries to $(jq -r .entries v.json), SHA-256 $(jq -r .head v.json)" \
	"the witness message carries the record's last entry and hash"
expect_contains witness.txt "Record key: ed25519:$(jq -r .key.public_key v.json)" "the witness message names the record key"
if $ITBCP --db d.db deliver set witness_to "not an address" 2>wbad.err; then fail "a bad witness_to was taken"; fi
expect_contains wbad.err "witness_to" "the refusal names the setting"
serve_stop
expect_eq "$(ls smtp/mail | grep -c '\.eml$')" "$((want + 2))" "each mail once, the one resent, and the witness's"
