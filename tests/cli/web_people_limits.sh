# web_people_limits.sh — a people upload cannot grow the database or the
# server by much more than the file (issue 15 item 4).  A 4 KB XLSX whose
# 60,000 cells each name one 4,000-byte shared string (240 MB of text)
# is refused with 422 and the reason, and the database and its log do not
# grow; a CSV of one row too many (20,001) is refused; what a preview
# stages is only the columns the import reads, one preview per account,
# and an applied upload keeps no text.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v python3 >/dev/null || fail "python3 is missing"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing"

$ITBCP --db d.db init --demo >/dev/null
echo 'planner-pass-1' | $ITBCP --db d.db user add pat --role planner --password-stdin >/dev/null
serve_start
code() { o=$1; shift; curl -s -o "$o" -w "%{http_code}" "$@"; }
hidden() { sed -n "s/.*name=\"$2\" value=\"\\([^\"]*\\)\".*/\\1/p" "$1" | head -n 1; }
size() { du -kc d.db* | tail -n 1 | cut -f1; }
expect_eq "$(login pj pat planner-pass-1)" 303 "planner signs in"
curl -s -b pj "$U/people/import" >pi.html
csrf=$(csrf_of pi.html)

# The amplified XLSX: refused, and nothing written.
python3 - <<'PY'
import zipfile
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
sst = ('<sst %s><si><t>id</t></si><si><t>name</t></si><si><t>%s</t></si></sst>' % (ns, 'x' * 4000))
row = '<row>' + '<c t="s"><v>2</v></c>' * 100 + '</row>'
sheet = ('<worksheet %s><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>%s'
         '</sheetData></worksheet>' % (ns, row * 600))
with zipfile.ZipFile('bomb.xlsx', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr('xl/sharedStrings.xml', sst)
    z.writestr('xl/worksheets/sheet1.xml', sheet)
PY
[ "$(wc -c <bomb.xlsx)" -lt 8192 ] || fail "the fixture is not small"
before=$(size)
expect_eq "$(code bomb.html -b pj -F "csrf=$csrf" -F "file=@bomb.xlsx" "$U/people/import")" 422 \
	"amplified XLSX refused"
expect_contains bomb.html 'ファイル全体のセルか文字が多すぎます（セル1000000個、文字8MiBまで）' "the reason"
expect_contains bomb.html 'required aria-invalid="true" aria-describedby="f-file-err">' "the field marked"
after=$(size)
[ $((after - before)) -lt 1024 ] || fail "database grew from $before kB to $after kB"
expect_eq "$(sqlite3 d.db 'SELECT count(*) FROM people_imports')" 0 "nothing staged"

# One row too many.
awk 'BEGIN { print "id,氏名"; for (i = 0; i < 20000; i++) printf "p-%d,名前\n", i }' >rows.csv
expect_eq "$(code rows.html -b pj -F "csrf=$csrf" -F "file=@rows.csv" "$U/people/import")" 422 \
	"20,001 rows refused"
expect_contains rows.html '行が多すぎます（20000行まで）' "rows: the reason"

# An HR export with many other columns: only what is read is staged.
awk 'BEGIN {
	printf "id,氏名"; for (j = 0; j < 30; j++) printf ",項目%d", j; printf "\n"
	for (i = 1; i <= 3; i++) {
		printf "p-hr%d,人事 %d郎", i, i
		for (j = 0; j < 30; j++) printf ",%0100d", j
		printf "\n"
	}
}' >hr.csv
expect_eq "$(code prev.html -b pj -F "csrf=$csrf" -F "file=@hr.csv" "$U/people/import")" 200 "preview"
expect_contains prev.html '<th scope="row">p-hr3</th>' "preview lists the people"
staged=$(sqlite3 d.db "SELECT length(csv) FROM people_imports WHERE applied_at IS NULL")
[ "$staged" -lt 400 ] || fail "staged $staged bytes for a $(wc -c <hr.csv)-byte file"
# again: the new preview replaces the account's last one
expect_eq "$(code prev.html -b pj -F "csrf=$csrf" -F "file=@hr.csv" "$U/people/import")" 200 "preview again"
expect_eq "$(sqlite3 d.db 'SELECT count(*) FROM people_imports')" 1 "one preview per account"
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b pj --data-urlencode "csrf=$csrf" \
	--data-urlencode "token=$(hidden prev.html token)" --data-urlencode "digest=$(hidden prev.html digest)" \
	"$U/people/import/apply")" 303 "apply"
$ITBCP --db d.db export | grep -q '"p-hr3"' || fail "p-hr3 not added"
expect_eq "$(sqlite3 d.db "SELECT length(csv) FROM people_imports WHERE applied_at IS NOT NULL")" 0 \
	"an applied upload keeps no text"
serve_stop
