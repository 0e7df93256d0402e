# checkin_web.sh — the personal check-in link over HTTP (issue 5): the
# form for the person's token, a report recorded and shown by
# `itbcp incident show`, a second report on the same keep-alive connection
# (the connection is suspended while the writer commits, and must stay
# open), bad tokens 404, bad fields 400 with nothing written, English,
# the rate limit's 429 for wrong links once an address has failed too
# often while its right links still work, and a clean stop.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"


demo_db d.db
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident tokens --json >tokens.json
path_of() { jq -r --arg p "$1" '.[] | select(.person == $p) | .url' tokens.json; }
SATO=$(path_of p-sato)
SUZUKI=$(path_of p-suzuki)
YAMADA=$(path_of p-yamada) # in the plan, not called
[ -n "$SATO" ] && [ -n "$YAMADA" ] || fail "no tokens"

# The server's clock half an hour into the incident, so that the ETA of
# 19:30 below is ahead whatever the time of the run (a time past by more
# than an hour is asked about, not recorded).
export ITBCP_NOW=2026-01-12T18:30+09:00
serve_start

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
reports() { $ITBCP --db d.db incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length'; }

# The form: the person's name and incident, no script, small.
curl -s -D h.txt "$U$SATO" >form.html
expect_contains h.txt "200 OK" "form status"
expect_contains form.html "佐藤 一郎" "the person's name"
expect_contains form.html "大規模災害" "the incident"
expect_contains form.html 'name="status" value="safe"' "status choice"
grep -q "<script" form.html && fail "the check-in page has a script"
grep -q "鈴木" form.html && fail "the page shows another person"
css=$(sed -n 's/.*href="\(\/assets\/checkin.css?v=[0-9a-f]*\)".*/\1/p' form.html)
curl -s "$U$css" >checkin.css
size=$(($(wc -c <form.html) + $(wc -c <checkin.css)))
[ "$size" -lt 6144 ] || fail "page and stylesheet are $size bytes, not under 6 KB"

# A report: "受け付けました", and on the board.
curl -s -D h.txt --data-urlencode status=safe --data-urlencode assembly=yes --data-urlencode eta=19:30 \
	--data-urlencode location=自宅 --data-urlencode note=徒歩で向かいます "$U$SATO" >ok.html
expect_contains h.txt "200 OK" "report status"
expect_contains ok.html "受け付けました" "received page"
expect_contains ok.html "徒歩で向かいます" "what was recorded"
$ITBCP --db d.db incident show 1 --json >board.json
expect_eq "$(jq -r '.checkins.people[] | select(.person == "p-sato") | .status' board.json)" safe "status on the board"
expect_eq "$(jq -r '.checkins.people[] | select(.person == "p-sato") | .where' board.json)" 自宅 "where on the board"

# Keep-alive through suspend/resume: two reports on one connection.
curl -sv --data 'status=injured&assembly=online' "$U$SATO" -o r1.html \
	--next --data 'status=safe&assembly=no' "$U$SUZUKI" -o r2.html 2>ka.txt
expect_contains ka.txt "Re-using existing connection" "second report reuses the connection"
grep -qi "< Connection: close" ka.txt && fail "a check-in answer closed the connection"
expect_contains r1.html "受け付けました" "first report on the connection"
expect_contains r2.html "受け付けました" "second report on the connection"
# and a page after a report on the same connection
curl -sv --data 'status=safe&assembly=online' "$U$SATO" -o /dev/null --next "$U$SATO" -o again.html 2>ka.txt
expect_contains ka.txt "Re-using existing connection" "a GET after a report reuses the connection"
expect_contains again.html "前回の報告" "the latest report is shown"
expect_eq "$(reports)" 4 "every report kept"
$ITBCP --db d.db incident show 1 --json >board.json
expect_eq "$(jq -r '.checkins.people[] | select(.person == "p-sato") | .status' board.json)" safe "the latest counts"

# Refused, nothing written.
n=$(reports)
expect_eq "$(code --data 'status=safe&assembly=yes' "$U$YAMADA")" 409 "a person not called"
expect_eq "$(code --data 'status=safe&assembly=yes&note=%ff' "$U$SATO")" 400 "invalid UTF-8"
long=$(head -c 300 /dev/zero | tr '\0' x)
expect_eq "$(code --data "status=safe&assembly=yes&location=$long" "$U$SATO")" 400 "location too long"
expect_eq "$(code --data 'assembly=yes' "$U$SATO")" 422 "no status chosen"
expect_eq "$(reports)" "$n" "nothing written by refused reports"

# English.
curl -s -H 'Accept-Language: en' --data 'status=safe&assembly=online' "$U$SATO" >en.html
expect_contains en.html "Received" "English answer"

# Bad tokens: the plain 404; then 429 for wrong links from this address,
# while a right link from it still works (issue 15: a shared office
# address must not lock everyone out).
expect_eq "$(code "$U/c/AAAAAAAAAAAAAAAAAAAAAAAAAAA")" 404 "unknown token"
expect_eq "$(code "$U/c/not-a-token")" 404 "malformed token"
i=0
while [ $i -lt 25 ]; do
	code "$U/c/BBBBBBBBBBBBBBBBBBBBBBBBBBB" >>codes
	echo >>codes
	i=$((i + 1))
done
grep -q 429 codes || fail "no 429 after many bad tokens"
expect_eq "$(code "$U/c/CCCCCCCCCCCCCCCCCCCCCCCCCCC")" 429 "a wrong link over the limit"
n=$(reports)
expect_eq "$(code --data 'status=safe&assembly=yes' "$U/c/CCCCCCCCCCCCCCCCCCCCCCCCCCC")" 429 \
	"a report on a wrong link over the limit"
expect_eq "$(reports)" "$n" "nothing written for a wrong link"
expect_eq "$(code "$U$SATO")" 200 "a right link still opens while the address is limited"
expect_eq "$(code --data 'status=safe&assembly=yes' "$U$SATO")" 200 \
	"a right report is still received while the address is limited"
expect_eq "$(reports)" "$((n + 1))" "the right report is written"
expect_contains serve.err "wrong check-in links from" "the limit is logged"

# A clean stop.
serve_stop
expect_contains serve.out "stopped" "server says it stopped"
$ITBCP --db d.db incident verify 1 >/dev/null || fail "the chain does not verify"
