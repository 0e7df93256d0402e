# web_smoke.sh — `itbcp serve` as a black box over HTTP with curl (issue 4):
# sign-in, a page, CSRF refusal, roles, 404, 413, 400 for traversal and bad
# UTF-8, keep-alive, and a clean stop.  The server binds loopback on a port
# the kernel picks, and is stopped however the test ends.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"


demo_db d.db
echo 'admin-pass-1' | $ITBCP --db d.db user add admin --role admin --totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null
echo 'viewer-pass-1' | $ITBCP --db d.db user add vera --role viewer >/dev/null

serve_start
[ -n "$U" ] || fail "no address in: $(cat serve.out)"

# code METHOD-ARGS… URL: prints the status code only.
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# csrf_of FILE: the CSRF token of the first form in FILE.
# login JAR NAME PASSWORD: signs in, leaving the session in JAR.

# Without a session the start page sends people to sign in.
expect_eq "$(code "$U/")" 303 "anonymous / redirects"
curl -s -D h.txt -o /dev/null "$U/"
expect_contains h.txt "Location: /login?next=/" "redirect target"

# A wrong password is refused with the form again; the right one signs in.
expect_eq "$(login jar admin wrong-password)" 422 "wrong password"
expect_eq "$(login jar admin admin-pass-1)" 303 "sign in"
grep -q "itbcp_session" jar || fail "no session cookie"
curl -s -D h.txt -b jar "$U/" >dash.html
expect_contains h.txt "200 OK" "dashboard status"
expect_contains dash.html "メールシステム" "dashboard lists the mail system"
expect_contains dash.html "15時間" "mail system RTO (R1)"
expect_contains h.txt "Content-Security-Policy" "security headers"

# English by switch.
curl -s -b jar "$U/?lang=en" >en.html
expect_contains en.html "Dashboard" "English by ?lang=en"
expect_contains en.html '<html lang="en">' "html lang en"

# CSRF: a state-changing POST without the token is refused and changes nothing.
before=$($ITBCP --db d.db user list | wc -l)
expect_eq "$(code -b jar --data-urlencode name=mallory --data-urlencode role=admin \
	--data-urlencode password=mallory-pass-1 "$U/admin/users")" 403 "POST without CSRF token"
expect_eq "$(code -b jar --data-urlencode csrf=forged-token-forged-token-forged-token-xxx \
	--data-urlencode name=mallory --data-urlencode role=admin \
	--data-urlencode password=mallory-pass-1 "$U/admin/users")" 403 "POST with a wrong token"
expect_eq "$($ITBCP --db d.db user list | wc -l)" "$before" "nothing changed after refused POSTs"
$ITBCP --db d.db user list | grep -q mallory && fail "mallory was created"

# With the token the admin adds a user; the audit log shows it.
curl -s -b jar "$U/admin/users" >users.html
expect_eq "$(code -b jar --data-urlencode "csrf=$(csrf_of users.html)" --data-urlencode name=pat \
	--data-urlencode role=planner --data-urlencode password=planner-pass-1 \
	"$U/admin/users")" 303 "admin adds a user"
$ITBCP --db d.db user list | grep -q "^pat	planner" || fail "pat not created"
# A validation error keeps what was typed and shows the error beside the field.
curl -s -b jar --data-urlencode "csrf=$(csrf_of users.html)" --data-urlencode name='bad name!' \
	--data-urlencode display_name='山田 <太郎>' --data-urlencode role=viewer \
	--data-urlencode password=short "$U/admin/users" >invalid.html
expect_contains invalid.html 'value="山田 &lt;太郎&gt;"' "typed value kept, escaped"
expect_contains invalid.html 'aria-invalid="true"' "error beside the field"
curl -s -b jar "$U/admin/audit" >audit.html
expect_contains audit.html "user.add" "audit log lists user.add"
expect_contains audit.html "pat" "audit log names the target"

# Roles: a viewer cannot reach the admin pages.
expect_eq "$(login vjar vera viewer-pass-1)" 303 "viewer signs in"
expect_eq "$(code -b vjar "$U/admin/users")" 403 "viewer refused the user admin page"
expect_eq "$(code -b vjar "$U/")" 200 "viewer sees the dashboard"

# Bad input gets a clear 4xx and the server keeps serving.
expect_eq "$(code "$U/no/such/page")" 404 "unknown route"
expect_eq "$(code -X DELETE -b jar "$U/")" 405 "unknown method"
head -c 2000000 /dev/zero | tr '\0' a >big
expect_eq "$(code -b jar --data-binary @big "$U/login")" 413 "body over 1 MiB"
expect_eq "$(code --path-as-is "$U/assets/../store/migrations/001_plan.sql")" 400 "traversal"
expect_eq "$(code --path-as-is "$U/assets/%2e%2e/%2e%2e/etc/passwd")" 400 "encoded traversal"
expect_eq "$(code "$U/assets/nope.css")" 404 "unknown asset"
expect_eq "$(code -b jar --data 'csrf=x&name=%ff%fe' "$U/admin/users")" 400 "invalid UTF-8 in a form"
expect_eq "$(code "$U/login?next=%c3%28")" 400 "invalid UTF-8 in a query"

# The stylesheet: compiled in, with an ETag and a year of caching; 304 on revalidation.
css=$(sed -n 's/.*href="\(\/assets\/app.css?v=[0-9a-f]*\)".*/\1/p' dash.html)
curl -s -D h.txt -o /dev/null "$U$css"
expect_contains h.txt "max-age=31536000" "asset cached"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' h.txt)
expect_eq "$(code -H "If-None-Match: $etag" "$U$css")" 304 "asset revalidation"

# Keep-alive: two requests on one connection, no "Connection: close".
curl -sv -b jar "$U/" "$U$css" -o /dev/null -o /dev/null 2>ka.txt
expect_contains ka.txt "Re-using existing connection" "second request reuses the connection"
grep -qi "< Connection: close" ka.txt && fail "an ordinary answer closed the connection"

# Sign out ends the session.
curl -s -b jar "$U/" >dash.html
expect_eq "$(code -b jar --data-urlencode "csrf=$(csrf_of dash.html)" "$U/logout")" 303 "sign out"
expect_eq "$(code -b jar "$U/")" 303 "session gone after sign out"

# Still serving after all that; then a clean stop.
expect_eq "$(code "$U/login")" 200 "still serving"
serve_stop
expect_contains serve.out "stopped" "server says it stopped"
