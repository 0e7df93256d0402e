# web_keepalive.sh — ordinary answers keep the connection open (issue 4;
# doc/performance.md: keep-alive is worth a factor of six).  curl
# asks for several URLs on one connection — a page (200), a redirect (303),
# a missing page (404), a refusal (403), a stylesheet (200, then 304), a
# downloaded document, forms' POSTs answered with 422, 403 and 303 — and
# every answer must come on that one connection, none with
# "Connection: close".  (An oversized body is the exception on purpose:
# 413 closes, so the rest of it is not read.)
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"


demo_db d.db
echo 'viewer-pass-1' | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
echo 'planner-pass-1' | $ITBCP --db d.db user add pat --role planner --password-stdin >/dev/null
serve_start

expect_eq "$(login vj vera viewer-pass-1)" 303 "viewer signs in"
expect_eq "$(login pj pat planner-pass-1)" 303 "planner signs in"
curl -s -b vj "$U/" >dash.html
css=$(sed -n 's/.*href="\(\/assets\/app\.css?v=[0-9a-f]*\)".*/\1/p' dash.html | head -n 1)
[ -n "$css" ] || fail "no stylesheet link on the dashboard"
curl -s -D css.h -o /dev/null "$U$css"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' css.h)

# one_connection WHAT EXPECTED-CODES CURL-ARGS…: the answers' codes in
# order must be EXPECTED-CODES, all on one connection, none closing it.
one_connection() {
	what=$1 want=$2
	shift 2
	curl -sv -w '%{http_code}\n' "$@" >codes.txt 2>trace.txt || true
	got=$(grep -v '^$' codes.txt | tr '\n' ' ' | sed 's/ $//')
	expect_eq "$got" "$want" "$what: status codes"
	n=$(printf '%s\n' $want | wc -l)
	expect_eq "$(grep -c '^\* Connected to' trace.txt)" 1 "$what: one TCP connection for $n requests"
	expect_eq "$(grep -c 'Re-using existing connection' trace.txt)" $((n - 1)) "$what: connection reused"
	if grep -qi '^< Connection: close' trace.txt; then
		grep -i '^< HTTP\|^< Connection' trace.txt >&2
		fail "$what: an answer said Connection: close"
	fi
}

# GET: 200 page, 303 (/login when signed in), 404, 403 (an admin page for a
# viewer), 200 asset, 200 plan page, 200 document (CSV).
one_connection "GET answers" "200 303 404 403 200 200 200" -b vj \
	"$U/" -o /dev/null "$U/login" -o /dev/null "$U/no/such/page" -o /dev/null \
	"$U/admin/users" -o /dev/null "$U$css" -o /dev/null "$U/plan/systems" -o /dev/null \
	"$U/documents/table/rto/csv" -o /dev/null
one_connection "revalidated asset" "304 304" -H "If-None-Match: $etag" \
	"$U$css" -o /dev/null "$U$css" -o /dev/null
one_connection "signed out" "303 200 404" "$U/" -o /dev/null "$U/login" -o /dev/null \
	"$U/nope" -o /dev/null

# POST: a refused form answers 422, a missing CSRF token 403, signing
# out 303 — each on the connection of the GET before it.
curl -s -b pj "$U/account/password" >pw.html
tok=$(csrf_of pw.html)
[ -n "$tok" ] || fail "no form on the password page"
W='%{http_code}\n'
one_connection "form answers" "200 422 403 303" -b pj "$U/account/password" -o /dev/null \
	--next -sv -w "$W" -b pj --data-urlencode "csrf=$tok" --data-urlencode current=wrong-pass-1 \
	--data-urlencode new=another-pass-1 --data-urlencode confirm=another-pass-1 \
	"$U/account/password" -o /dev/null \
	--next -sv -w "$W" -b pj --data-urlencode current=wrong-pass-1 "$U/account/password" -o /dev/null \
	--next -sv -w "$W" -b pj --data-urlencode "csrf=$tok" "$U/logout" -o /dev/null

serve_stop
