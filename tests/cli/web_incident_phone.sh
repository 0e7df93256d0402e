# web_incident_phone.sh — the crisis pages' additions over HTTP, black box:
# the dashboard's banner for an open incident (and none once it is
# closed); a report entered on the board for someone who phoned in
# (refused for a viewer and without the token, 422 with nothing written
# for a bad field, then recorded with the responder as author, which the
# CLI's timeline shows); a JMA earthquake report uploaded to fill the
# start form (refused when not one, and when too large); a clean stop.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"
JMA_DIR=${JMA_DIR:-$TESTS_DIR/fixtures/jma} # JMA's samples, 出典：気象庁

demo_db d.db
echo responder-pass-1 | $ITBCP --db d.db user add rita --role responder --password-stdin >/dev/null
echo viewer-pass-1 | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
AT=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M+00:00)
$ITBCP --db d.db incident start --event disaster --at "$AT" --intensity 6- --area 東京都 --drill \
	--as tester >/dev/null || fail "incident start"

serve_start
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
reports() { $ITBCP --db d.db incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length'; }

expect_eq "$(login rjar rita responder-pass-1)" 303 "responder signs in"
expect_eq "$(login vjar vera viewer-pass-1)" 303 "viewer signs in"

# The banner: on the dashboard, for viewers too.
curl -s -b vjar "$U/" >dash.html
expect_contains dash.html 'class="inc-banner drill"' "banner"
expect_contains dash.html '<a href="/incidents/1">#1 大規模災害（訓練）</a>' "banner link"
expect_contains dash.html '<dd>0 / 15名（0%）</dd>' "answer rate"

# The proxy check-in: the form for responders only.
curl -s -b vjar "$U/incidents/1" >vboard.html
grep -q 'action="/incidents/1/checkins"' vboard.html && fail "a viewer sees the proxy form"
curl -s -b rjar "$U/incidents/1" >board.html
expect_contains board.html 'action="/incidents/1/checkins"' "the proxy form"
TOK=$(csrf_of board.html)
VTOK=$(csrf_of vboard.html)
expect_eq "$(code -b vjar --data "csrf=$VTOK&person=p-tanaka&status=safe" "$U/incidents/1/checkins")" 403 "viewer refused"
expect_eq "$(code -b rjar --data "person=p-tanaka&status=safe" "$U/incidents/1/checkins")" 403 "no CSRF token"
expect_eq "$(code -b rjar --data "csrf=$TOK&person=p-tanaka&status=maybe" "$U/incidents/1/checkins")" 422 "bad status"
expect_eq "$(code -b rjar --data "csrf=$TOK&person=p-tanaka&status=safe&eta=soon" "$U/incidents/1/checkins")" 422 "bad eta"
expect_eq "$(code -b rjar --data "csrf=$TOK&person=p-nobody&status=safe" "$U/incidents/1/checkins")" 422 "not called"
expect_eq "$(reports)" 0 "nothing written on refusals"
curl -s -D h.txt -o /dev/null -b rjar --data-urlencode "csrf=$TOK" --data "person=p-tanaka&status=injured&assembly=online" \
	--data-urlencode "note=電話で連絡" "$U/incidents/1/checkins"
expect_contains h.txt "303 See Other" "recorded"
expect_contains h.txt "Location: /incidents/1?done=checkin&person=p-tanaka#proxy" "back to the board"
expect_eq "$(reports)" 1 "one report"
$ITBCP --db d.db incident timeline 1 --json >tl.json
expect_eq "$(jq -r '[.[] | select(.kind == "checkin")][0].author' tl.json)" rita "the responder is the author"
curl -s -b vjar "$U/incidents/1/timeline" >tl.html
expect_contains tl.html "田中 美咲: 負傷・オンライン参加（rita が代理入力）" "the timeline says who entered it"

# The JMA upload fills the start form and starts nothing.
curl -s -b rjar "$U/incidents" >inc.html
TOK=$(csrf_of inc.html)
curl -s -w '%{http_code}' -o jma.html -b rjar -F "csrf=$TOK" -F "jma=@$JMA_DIR/official_32-35_01_01_100806_VXSE51.xml;type=application/xml" \
	"$U/incidents/jma" >st.txt
expect_eq "$(cat st.txt)" 200 "JMA report read"
expect_contains jma.html 'name="at" value="2009-08-11T05:07"' "time filled"
expect_contains jma.html '<option value="6-" selected>' "intensity filled"
expect_contains jma.html 'name="area" value="静岡県"' "area filled"
expect_eq "$($ITBCP --db d.db incident list --json | jq length)" 1 "nothing started"
expect_eq "$(code -b rjar -F "csrf=$TOK" -F "jma=@$JMA_DIR/official_32-35_01_02_240613_VXSE52.xml" "$U/incidents/jma")" 422 "VXSE52 has no intensities"
expect_eq "$(code -b rjar -F "csrf=$TOK" -F "jma=@$JMA_DIR/official_15_15_01_220314_VPWW54.xml" "$U/incidents/jma")" 422 "a weather warning"
printf 'not xml' >junk.xml
expect_eq "$(code -b rjar -F "csrf=$TOK" -F "jma=@junk.xml" "$U/incidents/jma")" 422 "not XML"
head -c 1000001 /dev/zero | tr '\0' ' ' >big.xml
curl -s -w '%{http_code}' -o big.html -b rjar -F "csrf=$TOK" -F "jma=@big.xml" "$U/incidents/jma" >st.txt
expect_eq "$(cat st.txt)" 413 "over 1 MB"
expect_contains big.html "ファイルが大きすぎます（1MBまで）" "said beside the field"
head -c 1100000 /dev/zero | tr '\0' ' ' >huge.xml
expect_eq "$(code -b rjar -F "csrf=$TOK" -F "jma=@huge.xml" "$U/incidents/jma")" 413 "over the body limit"
expect_eq "$(code -b vjar -F "csrf=$VTOK" -F "jma=@junk.xml" "$U/incidents/jma")" 403 "viewer refused"

# Closed: no banner.
$ITBCP --db d.db incident close 1 --as tester >/dev/null || fail "close"
curl -s -b vjar "$U/" >dash.html
grep -q 'inc-banner' dash.html && fail "a banner for a closed incident"

serve_stop
$ITBCP --db d.db incident verify 1 >/dev/null || fail "the chain does not verify"
