# web_documents.sh — the plan's documents from `itbcp serve` over HTTP with
# curl (issue 4, item 5): the whole plan as PDF and XLSX with their types,
# magic bytes and Japanese file names; a viewer gets no personal data and
# no wallet card; a planner's wallet card carries the person's own
# check-in address (the one `itbcp incident tokens` prints, on
# ITBCP_BASE_URL), and what was typed for it is found afterwards in no
# database file and no log line (the server runs with --access-log).
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v pdftotext >/dev/null || fail "pdftotext is missing (poppler-utils)"
# Graphviz's and fontconfig's own leaks: tests/lsan.supp.
export LSAN_OPTIONS="suppressions=$TESTS_DIR/lsan.supp:print_suppressions=0"

demo_db d.db
echo 'viewer-pass-1' | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
echo 'planner-pass-1' | $ITBCP --db d.db user add pat --role planner --password-stdin >/dev/null
export ITBCP_BASE_URL=https://bcp.example.go.jp/
serve_start --access-log

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# header FILE NAME: the value of header NAME in a curl -D dump.
header() { sed -n "s/^$2: \\(.*\\)\\r\$/\\1/Ip" "$1" | head -n 1; }
expect_eq "$(login vj vera viewer-pass-1)" 303 "viewer signs in"
expect_eq "$(login pj pat planner-pass-1)" 303 "planner signs in"

# The whole plan as PDF, for a viewer: no personal numbers in it.
curl -s -D h.txt -o plan.pdf -b vj "$U/documents/plan/pdf"
expect_contains h.txt "200 OK" "plan PDF status"
expect_eq "$(header h.txt Content-Type)" "application/pdf" "plan PDF type"
expect_eq "$(header h.txt Content-Disposition)" \
	"attachment; filename=\"itbcp-plan.pdf\"; filename*=UTF-8''%E6%83%85%E5%A0%B1%E3%82%B7%E3%82%B9%E3%83%86%E3%83%A0%E9%81%8B%E7%94%A8%E7%B6%99%E7%B6%9A%E8%A8%88%E7%94%BB.pdf" \
	"plan PDF file name (情報システム運用継続計画.pdf)"
expect_eq "$(head -c 5 plan.pdf)" "%PDF-" "PDF magic"
pdftotext plan.pdf plan.txt
expect_contains plan.txt "メールシステム" "the PDF holds the plan"
grep -q "090-0000-1201" plan.txt && fail "a viewer's PDF holds a mobile number"
expect_eq "$(code -b vj "$U/documents/plan/pdf?personal=1")" 403 "viewer refused personal data"
expect_eq "$(code -b vj "$U/documents/card/p-sato")" 403 "viewer refused the wallet card"

# The whole plan as XLSX.
curl -s -D h.txt -o plan.xlsx -b vj "$U/documents/plan/xlsx?lang=en"
expect_eq "$(header h.txt Content-Type)" \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "XLSX type"
expect_eq "$(head -c 2 plan.xlsx)" "PK" "XLSX magic (a ZIP)"
expect_contains h.txt "filename*=UTF-8''IT_continuity_plan.xlsx" "English file name"

# The wallet card: the personal part goes into the PDF and nowhere else.
marker="ひみつ町1-2-3"
curl -s -b pj "$U/documents/card/p-sato" >card.html
curl -s -D h.txt -o card.pdf -b pj --data-urlencode "csrf=$(csrf_of card.html)" \
	--data-urlencode "name=佐藤 一郎" --data-urlencode "address=$marker" \
	--data-urlencode "family1_name=佐藤 花子" --data-urlencode "family1_phone=090-7777-8888" \
	--data-urlencode "insurance_no=HK-99887766" --data-urlencode "contacts_personal=1" \
	"$U/documents/card/p-sato"
expect_contains h.txt "200 OK" "card status"
expect_eq "$(header h.txt Content-Type)" "application/pdf" "card type"
expect_eq "$(header h.txt Cache-Control)" "no-store" "card not cached"
pdftotext card.pdf card.txt
expect_contains card.txt "$marker" "the address is on the card"
expect_contains card.txt "090-7777-8888" "the family phone is on the card"
link=$($ITBCP --db d.db incident tokens | awk -F'\t' '$1 == "p-sato" { print $3 }')
[ -n "$link" ] || fail "no check-in link for p-sato"
expect_contains card.txt "https://bcp.example.go.jp$link" "the QR's check-in address"

# Stored nowhere, logged nowhere.
for f in d.db d.db-wal serve.out serve.err; do
	[ -f "$f" ] || continue
	grep -qa -e "$marker" -e "090-7777-8888" -e "HK-99887766" "$f" && fail "the personal part is in $f"
done
expect_contains serve.err "POST /documents/card/p-sato 200" "the access log names the request"
$ITBCP --db d.db export >plan.json
grep -q "$marker" plan.json && fail "the personal part is in the plan"

serve_stop
