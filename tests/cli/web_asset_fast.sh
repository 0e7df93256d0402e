# web_asset_fast.sh — the assets' fast path (server.c) answers exactly as
# the pipeline (page_asset.c, route.c) does.  A query argument other than
# v= sends a request through the pipeline, so each fast answer is compared
# with the pipeline's to the same URL plus "&x=1": status, headers (but
# Date) and body, for GET 200, GET 304 and HEAD.  Unknown names and dot
# segments still answer 404 and 400, ?lang= still sets its cookie, and
# the fast answers keep the connection open.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"

demo_db d.db
serve_start

curl -s "$U/login" >login.html
css=$(sed -n 's/.*href="\(\/assets\/app\.css?v=[0-9a-f]*\)".*/\1/p' login.html | head -n 1)
[ -n "$css" ] || fail "no stylesheet link on the sign-in page"

# same WHAT CURL-ARGS… URL: the fast answer to URL and the pipeline's to
# URL&x=1 must be the same but for Date.
same() {
	what=$1
	shift
	curl -s -D fast.h -o fast.b "$@"
	curl -s -D slow.h -o slow.b "$@" -G -d x=1
	grep -vi '^date:' fast.h | sort >fast.hs
	grep -vi '^date:' slow.h | sort >slow.hs
	cmp -s fast.hs slow.hs || { diff fast.hs slow.hs >&2; fail "$what: headers differ"; }
	# With -I, what curl writes as the body is the header block again:
	# its Date may differ too (the two requests can straddle a second).
	grep -avi '^date:' fast.b >fast.bs || true
	grep -avi '^date:' slow.b >slow.bs || true
	cmp -s fast.bs slow.bs || fail "$what: bodies differ"
}
same "GET" "$U$css"
expect_contains fast.h "HTTP/1.1 200" "GET answers 200"
expect_contains fast.h "Cache-Control: public, max-age=31536000, immutable" "GET is cacheable"
cmp -s fast.b "$TESTS_DIR/../src/web/assets/app.css" || fail "GET: not the stylesheet's bytes"
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/p' fast.h)
[ -n "$etag" ] || fail "GET: no ETag"
same "GET without ?v=" "$U/assets/checkin.css"
same "If-None-Match" -H "If-None-Match: $etag" "$U$css"
expect_contains fast.h "HTTP/1.1 304" "If-None-Match answers 304"
same "HEAD" -I "$U$css"

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
expect_eq "$(code "$U/assets/nope.css")" 404 "an unknown asset"
expect_eq "$(code --path-as-is "$U/assets/../assets/app.css")" 400 "a dot segment"
expect_eq "$(code --path-as-is "$U/assets/.hidden")" 400 "a dot name"
expect_eq "$(code -X POST "$U$css")" 405 "POST"
curl -s -D lang.h -o /dev/null "$U$css&lang=en"
expect_contains lang.h "Set-Cookie:" "?lang= still sets its cookie"

# Several fast answers on one connection, none closing it.
curl -sv -o /dev/null -o /dev/null -o /dev/null "$U$css" "$U$css" -H "If-None-Match: $etag" \
	"$U/assets/checkin.css" 2>trace.txt || true
expect_eq "$(grep -c '^\* Connected to' trace.txt)" 1 "one TCP connection"
grep -qi '^< Connection: close' trace.txt && fail "a fast answer said Connection: close"

serve_stop
[ ! -s serve.err ] || { cat serve.err; fail "the server wrote errors (leaks?)"; }
echo ok
