# deliver_serve.sh — inside `itbcp serve` the outbox is sent by its own
# threads when delivery is set up (issue 14): an incident started from the
# command line while the server runs reaches the SMTP server within a few
# seconds, and the server still stops cleanly on SIGTERM (exit 0, no leak
# under the sanitizers).  Without delivery set up, serve starts no sender.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/deliver_lib.sh"
. "$TESTS_DIR/web_lib.sh"
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$SMTPD_PID" ] && kill "$SMTPD_PID" 2>/dev/null; rm -rf "$T"' EXIT
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

$ITBCP --db d.db init --demo >/dev/null
smtpd_start smtp
$ITBCP --db d.db deliver set public_url https://bcp.example.go.jp >/dev/null
$ITBCP --db d.db deliver set smtp_url "$SMTP_URL" >/dev/null
$ITBCP --db d.db deliver set smtp_from bcp@example.go.jp >/dev/null
serve_start
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
serve_stop
expect_eq "$(ls smtp/mail | grep -c '\.eml$')" "$want" "each mail once"
