# web_access_log.sh — what `itbcp serve --access-log` writes (issue 15,
# item 7): a check-in link only as /c/ and its first four characters, on
# the form, the report and an asset request alike; an encoded CR/LF in a
# path written as \x0D\x0A, not as a line of its own; one line per request.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

demo_db d.db
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident tokens --json >tokens.json
LINK=$(jq -r '.[] | select(.person == "p-sato") | .url' tokens.json)
TOKEN=${LINK#/c/}
[ ${#TOKEN} -gt 8 ] || fail "no check-in link"
serve_start --access-log

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect_eq "$(code "$U$LINK")" 200 "the form"
expect_eq "$(code --data 'status=safe&assembly=online' "$U$LINK")" 200 "the report"
expect_eq "$(code "$U/c/${TOKEN}x")" 404 "a wrong link"
expect_eq "$(code "$U/x%0D%0A127.0.0.1%20GET%20/admin/users%20200%201")" 400 "a path with CR/LF"
expect_eq "$(code "$U/assets/app.css%0Aforged")" 400 "an asset path with LF"
serve_stop

grep -F "$TOKEN" serve.err && fail "the log holds a whole check-in token"
grep -F "${TOKEN#????}" serve.err && fail "the log holds the secret part of a token"
expect_eq "$(grep -c "^127.0.0.1 GET /c/$(printf %.4s "$TOKEN")… 200 " serve.err)" 1 "the form's line"
expect_eq "$(grep -c "^127.0.0.1 POST /c/$(printf %.4s "$TOKEN")… 200 " serve.err)" 1 "the report's line"
expect_eq "$(grep -c "^127.0.0.1 GET /c/$(printf %.4s "$TOKEN")… 404 " serve.err)" 1 "the wrong link's line"
expect_contains serve.err '127.0.0.1 GET /x\x0D\x0A127.0.0.1\x20GET\x20/admin/users\x20200\x201 400 ' \
	"CR/LF escaped"
expect_contains serve.err '127.0.0.1 GET /assets/app.css\x0Aforged 400 ' "LF escaped on the asset path"
grep -q '^127.0.0.1 GET /admin/users 200 1' serve.err && fail "a forged log line"
grep -q '^forged' serve.err && fail "a forged log line"
expect_eq "$(grep -c '^127.0.0.1 ' serve.err)" 5 "one line per request"
echo "ok: links cut to 4 characters, CR/LF escaped"
