# web_gzip.sh — large answers gzip-compressed for clients that take it,
# over HTTP: the board of an incident with 600 people called comes
# compressed (Content-Encoding: gzip, Vary: Accept-Encoding) and inflates
# to exactly the page sent to a client that does not take gzip; "gzip;q=0"
# gets it plain; a small page (sign-in) is never compressed; and a
# personal check-in answer (small, the hot path) neither.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v gzip >/dev/null || fail "gzip is missing"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

$ITBCP test-generate --systems 20 --people 1500 --businesses 10 -o plan.json >/dev/null
$ITBCP --db d.db init >/dev/null
$ITBCP --db d.db import plan.json >/dev/null
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
echo viewer-pass-1 | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
serve_start
expect_eq "$(login jar vera viewer-pass-1)" 303 "viewer signs in"

# get URL HEADER-FILE BODY-FILE [curl args…]: the answer's headers and body.
get() {
	u=$1 h=$2 b=$3
	shift 3
	curl -s -D "$h" -o "$b" -b jar "$@" "$u" || fail "GET $u"
}
# The board shows the minute it was made (class="asof") and times counted
# from it (elapsed, time left to each RTO): the two answers are compared
# only when made in the same minute, asked again (three times at most)
# when a minute turned between them — on a loaded machine it did.
for try in 1 2 3; do
	get "$U/incidents/1" plain.h plain.html
	get "$U/incidents/1" gz.h gz.bin -H 'Accept-Encoding: gzip, deflate, br'
	gzip -dc <gz.bin >inflated.html || fail "the answer is not gzip"
	[ "$(grep 'class="asof"' plain.html)" = "$(grep 'class="asof"' inflated.html)" ] && break
done
get "$U/incidents/1" q0.h q0.html -H 'Accept-Encoding: gzip;q=0, identity'
size=$(wc -c <plain.html)
[ "$size" -gt 32768 ] || fail "the board is only $size bytes: too small to test compression"
grep -qi '^content-encoding: gzip' gz.h || fail "no Content-Encoding: gzip on the large board"
grep -qi '^vary: accept-encoding' gz.h || fail "no Vary on the compressed board"
grep -qi '^vary: accept-encoding' plain.h || fail "no Vary on the plain board"
grep -qi '^content-encoding' plain.h && fail "compressed for a client that did not ask"
grep -qi '^content-encoding' q0.h && fail "compressed although gzip;q=0"
cmp -s plain.html inflated.html || fail "the compressed board differs from the plain one"
zsize=$(wc -c <gz.bin)
[ "$zsize" -lt $((size / 4)) ] || fail "compressed $size to $zsize bytes only"
echo "board: $size bytes, gzip $zsize"

get "$U/login" small.h small.html -H 'Accept-Encoding: gzip'
grep -qi '^content-encoding' small.h && fail "a small page was compressed"
who=$($ITBCP --db d.db incident show 1 --json | jq -r '[.checkins.people[] | select(.called)][0].person')
T1=$($ITBCP --db d.db incident tokens --json | jq -r --arg p "$who" '.[] | select(.person == $p) | .url')
curl -s -D ci.h -o ci.html -H 'Accept-Encoding: gzip' --data 'incident=1&status=safe&assembly=online' \
	"$U$T1" || fail "check-in"
grep -q '^HTTP/1.1 200' ci.h || fail "check-in answered $(head -n 1 ci.h)"
grep -qi '^content-encoding' ci.h && fail "a check-in answer was compressed"
serve_stop
echo ok
