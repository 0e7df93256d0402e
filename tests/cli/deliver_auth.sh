# deliver_auth.sh — SMTP AUTH with the password read from a file
# (issue 14): the server (aiosmtpd) requires a login; with the right
# password in smtp_password_file the mail goes; with a wrong one nothing
# is sent, the message waits for a retry with the server's 535 shown, and
# the password appears neither in `deliver show`, nor in `deliver list`,
# nor in the database.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/deliver_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

demo_db d.db
smtpd_start smtp --auth 'bcp-sender:S3cret pass!'
printf 'wrong-password\n' >pw
chmod 600 pw
$ITBCP --db d.db deliver set public_url https://bcp.example.go.jp >/dev/null
$ITBCP --db d.db deliver set smtp_url "$SMTP_URL" >/dev/null
$ITBCP --db d.db deliver set smtp_from bcp@example.go.jp >/dev/null
$ITBCP --db d.db deliver set smtp_user bcp-sender >/dev/null
$ITBCP --db d.db deliver set smtp_password_file "$T/pw" >/dev/null
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
n=$($ITBCP --db d.db deliver list --json | jq length)

# Wrong password: refused, nothing sent, every message waits for a retry.
$ITBCP --db d.db deliver set deliver_parallel 1 >/dev/null
$ITBCP --db d.db deliver run --once >run1.out || fail "deliver run (wrong password)"
$ITBCP --db d.db deliver list --json >list1.json
expect_eq "$(jq '[.[] | select(.state == "queued")] | length' list1.json)" "$n" "all wait for a retry"
jq -r '.[0].last_error' list1.json | grep -q 535 || { jq '.[0]' list1.json; fail "the 535 is shown"; }
grep -q refused smtp/auth.log || fail "the server saw no refused login"
[ -z "$(ls smtp/mail)" ] || fail "a mail went without a login"

# The right password (with a space and a !; the file's final newline is
# not part of it): every mail goes.
printf 'S3cret pass!\n' >pw
sqlite3 d.db "UPDATE outbox SET next_attempt_at = 0"
$ITBCP --db d.db deliver run --once >run2.out || fail "deliver run (right password)"
expect_eq "$($ITBCP --db d.db deliver list --json | jq '[.[] | select(.state == "sent")] | length')" "$n" \
	"all sent after the login"
expect_eq "$(ls smtp/mail | grep -c '\.eml$')" "$n" "mails at the server"
grep -q 'bcp-sender ok' smtp/auth.log || fail "the server saw no good login"
for f in show list; do
	$ITBCP --db d.db deliver $f >"$f.txt"
	grep -q 'S3cret' "$f.txt" && fail "deliver $f shows the password"
done
grep -qa 'S3cret' d.db d.db-wal 2>/dev/null && fail "the password is in the database"
smtpd_stop
