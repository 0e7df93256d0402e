# web_views.sh — the views, versions and people import of `itbcp serve`
# over HTTP with curl (issue 4 items 4, 6, 7): the dashboard holds the
# plan check, the heat map (mail × hardware: gap 3) and the SVG charts;
# a planner submits the draft and an admin approves it as 第1版; a people
# list (Shift_JIS CSV) is previewed, then applied, through a real
# multipart upload; an oversized upload gets 413.  The server binds a
# port the kernel picks and is stopped however the test ends.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v iconv >/dev/null || fail "iconv is missing"


demo_db d.db
echo 'admin-pass-1' | $ITBCP --db d.db user add admin --role admin --totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null
echo 'planner-pass-1' | $ITBCP --db d.db user add pat --role planner --password-stdin >/dev/null

serve_start

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
hidden() { sed -n "s/.*name=\"$2\" value=\"\\([^\"]*\\)\".*/\\1/p" "$1" | head -n 1; }
expect_eq "$(login pj pat planner-pass-1)" 303 "planner signs in"
expect_eq "$(login aj admin admin-pass-1)" 303 "admin signs in"

# The dashboard: findings, heat map, budget chart, calendar, graph.
curl -s -b pj "$U/" >dash.html
expect_contains dash.html '<h2 id="h-findings">' "plan check findings"
expect_contains dash.html '<table class="heat">' "heat map"
expect_contains dash.html '<td class="g3">3 <small>0→3</small></td>' "mail hardware gap 3"
expect_contains dash.html '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360' "budget chart SVG"
expect_contains dash.html '>令和8年度</text>' "fiscal year label"
expect_contains dash.html '<table class="cal">' "training calendar"
expect_contains dash.html 'class="chart graph"' "dependency graph SVG"
echo "dashboard: $(wc -c <dash.html) bytes"

# Long lists in pages of 100 with a search box (issue 16 item 16): the
# demo's 160 step–role rows are two pages; the pager and the search form
# keep the other query parameters; junk in ?page= or ?q= is a 4xx.
rows() { grep -c '<tr><th scope="row">' "$1"; }
curl -s -b pj "$U/plan/step_roles" >sr1.html
expect_contains sr1.html '1–100件目 / 全160件（100件ずつ表示）' "page size stated"
expect_contains sr1.html '<a href="/plan/step_roles?page=2" rel="next">' "link to page 2"
expect_eq "$(rows sr1.html)" 100 "rows on page 1"
curl -s -b pj "$U/plan/step_roles?page=2" >sr2.html
expect_contains sr2.html '101–160件目 / 全160件' "page 2 says where it is"
expect_eq "$(rows sr2.html)" 60 "rows on page 2"
curl -s -b pj -G "$U/plan/step_roles" --data-urlencode 'q=情報システム' >srq.html
expect_contains srq.html '全151件（100件ずつ表示）・「情報システム」を含むもの' "search counted"
expect_contains srq.html \
	'href="/plan/step_roles?q=%E6%83%85%E5%A0%B1%E3%82%B7%E3%82%B9%E3%83%86%E3%83%A0&amp;page=2"' \
	"the pager keeps the search"
curl -s -b pj -G "$U/plan/step_roles" --data-urlencode role=role-chief --data-urlencode 'q=安否' >srf.html
expect_contains srf.html '<input type="hidden" name="role" value="role-chief">' "the search keeps the filter"
expect_contains srf.html '<a href="/plan/step_roles?role=role-chief">検索を解除</a>' "clearing keeps the filter"
curl -s -b pj "$U/plan/systems?q=MAIL" >sq.html
expect_eq "$(rows sq.html)" 1 "search by id in any case"
expect_contains sq.html 'メールシステム' "the mail system found"
for junk in page=0 page=abc page=-1 page=1e3 page=1234567 page= page=%EF%BC%92; do
	expect_eq "$(code -b pj "$U/plan/step_roles?$junk")" 400 "?$junk refused"
done
curl -s -b pj "$U/plan/step_roles?page=abc" >junk.html
expect_contains junk.html 'page には 1 以上の整数（6桁まで）を指定してください。' "why ?page= was refused"
expect_eq "$(code -b pj "$U/plan/step_roles?page=3")" 404 "a page past the end"
expect_eq "$(code -b pj "$U/plan/step_roles?q=$(head -c 101 /dev/zero | tr '\0' a)")" 400 "101-byte search"
expect_eq "$(code -b pj "$U/plan/step_roles?q=$(head -c 100 /dev/zero | tr '\0' a)")" 200 "100-byte search"
# The plan check's findings: the same pages and search (code, message, element).
curl -s -b pj "$U/views/findings?q=GAP-NO" >fq.html
expect_contains fq.html '1–9件目 / 全9件（100件ずつ表示）・「GAP-NO」を含むもの' "findings searched by code"
expect_eq "$(code -b pj "$U/views/findings?page=2")" 404 "findings: a page past the end"
expect_eq "$(code -b pj "$U/views/findings?page=x")" 400 "findings: junk page"
curl -s -b pj "$U/views/gaps?q=MAIL" >gq.html
expect_eq "$(grep -c '<tr><th scope="row"' gq.html)" 1 "heat map searched by system id"
expect_eq "$(code -b pj "$U/views/gaps?page=2")" 404 "heat map: a page past the end"

# Versions: submit, approve, compare.
curl -s -b pj "$U/versions" >v.html
expect_eq "$(code -b pj --data-urlencode "csrf=$(csrf_of v.html)" --data-urlencode 'comment=策定' \
	"$U/versions/submit")" 303 "planner submits"
expect_eq "$(code -b pj --data-urlencode "csrf=$(csrf_of v.html)" "$U/versions/1/approve")" 403 \
	"planner cannot approve"
curl -s -b aj "$U/versions" >va.html
expect_eq "$(code -b aj --data-urlencode "csrf=$(csrf_of va.html)" "$U/versions/1/approve")" 303 \
	"admin approves"
curl -s -b pj "$U/versions" >v.html
expect_contains v.html '<strong>第1版</strong>' "第1版"

# People: a Shift_JIS CSV as HR exports it; preview, then apply.
printf 'id,氏名,所属,役職\r\np-sato,佐藤 一郎,部局A,部局長\r\np-hr1,"人事, 一郎",部局B,係長\r\n' |
	iconv -f UTF-8 -t CP932 >hr.csv
curl -s -b pj "$U/people/import" >pi.html
curl -s -b pj -F "csrf=$(csrf_of pi.html)" -F "file=@hr.csv;type=text/csv" "$U/people/import" >prev.html
expect_contains prev.html 'hr.csv（CP932）' "encoding detected"
expect_contains prev.html '<del>部局A長</del></td><td>→ <ins>部局長</ins>' "change old → new"
expect_contains prev.html '人事, 一郎' "quoted field with a comma"
$ITBCP --db d.db export | grep -q '"p-hr1"' && fail "applied before apply"
expect_eq "$(code -b pj --data-urlencode "csrf=$(csrf_of prev.html)" \
	--data-urlencode "token=$(hidden prev.html token)" --data-urlencode "digest=$(hidden prev.html digest)" \
	"$U/people/import/apply")" 303 "apply"
$ITBCP --db d.db export | grep -q '"p-hr1"' || fail "p-hr1 not added"

# A bad e-mail: an error with row and column, and nothing to apply.
printf 'id,氏名,email\np-x,X,not-mail\n' >bad.csv
curl -s -b pj -F "csrf=$(csrf_of pi.html)" -F "file=@bad.csv" "$U/people/import" >bad.html
expect_contains bad.html '<tr><td class="num">2</td><td>email</td>' "error row and column"
grep -q 'people/import/apply' bad.html && fail "apply offered despite errors"

# Too large: 413.
head -c 2000000 /dev/zero | tr '\0' 'a' >big.csv
expect_eq "$(code -b pj -F "csrf=$(csrf_of pi.html)" -F "file=@big.csv" "$U/people/import")" 413 \
	"oversized upload"
# Near the limit (1 MiB with the multipart framing): read whole, answered
# (the connection's memory pool is small, the body goes to our own buffer).
{
	printf 'id,氏名\np-near,'
	head -c 1040000 /dev/zero | tr '\0' 'a'
	printf '\n'
} >near.csv
near=$(code -b pj -F "csrf=$(csrf_of pi.html)" -F "file=@near.csv" "$U/people/import")
[ "$near" = 200 ] || [ "$near" = 422 ] || fail "upload near 1 MiB: HTTP $near"
# A long Cookie header (6 KB of other cookies before the session's; the 16 KB
# pool takes ~7 KB, near nginx's and Apache's 8 KB per header line), and one
# too long for it: 431, not a crash or a cut-off request.
sess=$(sed 's/^#HttpOnly_//' pj | awk '!/^#/ && NF >= 7 { print $6 "=" $7 }' | tail -n 1)
[ -n "$sess" ] || fail "no session cookie in the jar"
pad=$(head -c 6000 /dev/zero | tr '\0' 'c')
expect_eq "$(curl -s -o long.html -w '%{http_code}' -H "Cookie: pad=$pad; $sess" "$U/people/import")" \
	200 "long Cookie header"
expect_contains long.html 'name="csrf"' "signed in through the long Cookie header"
pad=$(head -c 12000 /dev/zero | tr '\0' 'c')
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: pad=$pad; $sess" "$U/people/import")" \
	431 "Cookie header beyond the connection's memory"
kill "$PID"
wait "$PID" 2>/dev/null || true
PID=""
