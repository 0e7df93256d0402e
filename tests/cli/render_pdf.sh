# render_pdf.sh — the plan and the wallet card as PDF (issue 3): every
# chapter heading and system name in the text, fonts embedded, the card
# at card size, the generated large plan valid; the page layout measured
# (issue 16 item 6).
. "$TESTS_DIR/lib.sh"
# Graphviz's and fontconfig's own leaks: tests/lsan.supp.
export LSAN_OPTIONS="suppressions=$TESTS_DIR/lsan.supp:print_suppressions=0"

demo_db d.db
$ITBCP --db d.db render plan --format pdf -o plan.pdf 2>err || { cat err; fail "render plan pdf"; }
head -c 5 plan.pdf | grep -q '%PDF-' || fail "not a PDF"
pdftotext -enc UTF-8 plan.pdf plan.txt
for h in "1." "2." "3." "4." "5."; do
	grep -q "^$h" plan.txt || fail "chapter $h missing from the PDF text"
done
for s in メールシステム Aシステム Bシステム Cシステム; do
	expect_contains plan.txt "$s" "system name in the PDF"
done
# Issue 16: the appendix's table numbers, amounts with separators, and the
# document control: the classification and 「案」 on the cover and on every
# page (the running header, the contents too).
# (pdftotext puts a table's number and its caption on lines of their own)
grep -A 12 "^表 3.2-2-1$" plan.txt | grep -q "メールシステムにおける各ステップで実施する内容" ||
	fail "表3.2-2 is the step overview"
grep -A 12 "^表 5.4-5$" plan.txt | grep -q "委託先の事業継続能力における復旧優先度別の対策目標" ||
	fail "表5.4-5 is the contractor's targets"
grep -q "^54,300$" plan.txt || fail "the budget total with separators"
# The appendix's footnotes (1.1, 3.1's two, 5.4.2's two), each at the foot
# of the page that marks it (pdf_layout.py below measures where), and
# 表3.1-1 once per system in scope, branched as 3.2's are.
[ "$(grep -c '^※[1-5] ' plan.txt)" -eq 5 ] || fail "the five footnotes of the appendix"
grep -q "^表 3.1-1-2$" plan.txt || fail "表3.1-1 branched per system"
# 1.2's policy and 2.1.1's events numbered (1) (2) … as the appendix does
grep -q "^(1) 大規模災害（地震、風水害等）$" plan.txt || fail "2.1.1 numbered (1)"
grep -q "^(4) 情報システム運用継続計画と業務継続計画の整合性を確保する。$" plan.txt ||
	fail "1.2 numbered (1) … (4)"
grep -q "^改定履歴$" plan.txt || fail "the revision history"
awk 'BEGIN { RS = "\f" } NF && (!/機密性2/ || !/（案）/) { print "page " NR; bad = 1 }
	END { exit bad }' plan.txt || fail "a page without the classification or 「案」"
pdffonts plan.pdf >fonts.txt
[ "$(tail -n +3 fonts.txt | wc -l)" -ge 1 ] || fail "no fonts"
if tail -n +3 fonts.txt | awk '$(NF-4) != "yes" { bad = 1 } END { exit !bad }'; then
	cat fonts.txt >&2
	fail "a font is not embedded"
fi
pdfinfo plan.pdf >info.txt
expect_contains info.txt "A4" "A4 pages"
pages=$(awk '/^Pages:/ { print $2 }' info.txt)
[ "$pages" -ge 10 ] || fail "only $pages pages"

# The wallet card: card-sized first page, the personal part from stdin.
person=$($ITBCP --db d.db export | jq -r '.role_holders[0].person')
printf '{"name":"試験 太郎","address":"東京都千代田区1-1","family":[{"name":"試験 花子","phone":"090-0000-0000"}]}' |
	$ITBCP --db d.db render card "$person" --personal-json - --url https://bcp.example.go.jp/c/t0k3n -o card.pdf 2>err ||
	{ cat err; fail "render card"; }
pdfinfo card.pdf >cinfo.txt
expect_contains cinfo.txt "Page size:       257.953 x 155.906 pts" "card-sized first page (91 x 55 mm)"
pdfinfo -f 9 -l 9 card.pdf | grep -q "595.276 x 841.89" || fail "A4 print sheet"
pdftotext -enc UTF-8 card.pdf card.txt
for t in 初動対応 参集基準と参集場所 安否報告先 171 web171 試験 花子 "東京都千代田区1-1"; do
	expect_contains card.txt "$t" "card text"
done
if $ITBCP --db d.db render card nobody -o x.pdf 2>err; then fail "unknown person accepted"; fi
if echo '{"name":1}' | $ITBCP --db d.db render card "$person" --personal-json - -o x.pdf 2>err; then
	fail "bad personal JSON accepted"
fi

# The benchmark's generator: a valid plan that imports.
$ITBCP test-generate --systems 30 --people 60 --businesses 10 -o gen.json || fail "test-generate"
$ITBCP --db g.db init >/dev/null
$ITBCP --db g.db import gen.json >/dev/null || fail "generated plan does not import"
[ "$(jq '.systems | length' gen.json)" -eq 30 ] || fail "generated systems"
[ "$(jq '.people | length' gen.json)" -eq 60 ] || fail "generated people"

# More businesses than a landscape page holds: 別表1 in column bands, every
# band with its caption, every system in every band.
$ITBCP test-generate --systems 12 --people 30 --businesses 90 -o wide.json || fail "test-generate wide"
$ITBCP --db w.db init >/dev/null
$ITBCP --db w.db import wide.json >/dev/null || fail "wide plan does not import"
$ITBCP --db w.db render plan --format pdf -o wide.pdf 2>err || { cat err; fail "render wide plan pdf"; }
pdftotext -enc UTF-8 wide.pdf wide.txt
expect_contains wide.txt "業務システム関連表（その1/" "first column band of 別表1"
expect_contains wide.txt "業務システム関連表（その2/" "second column band of 別表1"
bands=$(grep -o '業務システム関連表（その1/[0-9]*' wide.txt | head -n 1 | sed 's|.*/||')
last=$(jq -r '.systems[-1].name' wide.json)
# 別表1 alone: from its heading to 別表2's
sed -n '/^別表1\./,/^別表2\./p' wide.txt >annex.txt
[ "$(grep -cF -- "$last" annex.txt)" -eq "$bands" ] || fail "the last system is not in each of the $bands bands"

# The page layout, measured on the words of every page (issue 16 item 6):
# in the plans, no heading or caption last on its page, a continued table
# under its header, no caption and header alone at a foot, header words
# whole, footnotes at the foot of the page that marks them, nothing under
# 6.5 pt; nothing under 6 pt on the card
# (tests/support/pdf_layout.py says how).  Debian's python when there is
# one: a version manager's shim costs more than the measuring.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
$py "$TESTS_DIR/support/pdf_layout.py" --plan --min-size 6.5 plan.pdf --plan --min-size 6.5 wide.pdf \
	--min-size 6 card.pdf >layout.txt || { cat layout.txt >&2; fail "page layout"; }
