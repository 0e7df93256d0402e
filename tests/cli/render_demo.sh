# render_demo.sh — `itbcp render` writes the demo plan in every format (issue 3).
. "$TESTS_DIR/lib.sh"
# Figures go through Graphviz, whose fontconfig caches live until exit.
export LSAN_OPTIONS="suppressions=$TESTS_DIR/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

demo_db d.db

# The whole plan as HTML: every chapter, every system, the appendix's tables.
$ITBCP --db d.db render plan --format html -o plan.html || fail "render html"
for h in "1.</span>本計画の目的と基本方針" "2.</span>危機的事象発生時の対応計画" \
	"3.</span>事前対策計画" "4.</span>教育訓練計画・維持改善計画" \
	"5.</span>計画策定の根拠とした調査・分析・検討" "別表1.</span>" "別表2.</span>"; do
	expect_contains plan.html "$h" "html chapter"
done
for s in メールシステム Aシステム Bシステム Cシステム; do
	expect_contains plan.html "$s" "html system"
done
for t in "表 1.3-1" "表 2.1-1" "図 2.2-1" "表 2.2-2" "表 2.3-1" "表 3.1-1" "表 3.2-1" \
	"表 4.2-2" "表 5.2-3" "表 5.3-1" "表 5.3-2" "表 5.3-3" "表 5.4-1" "表 5.4-2"; do
	expect_contains plan.html "$t" "html table number"
done
expect_contains plan.html "<svg" "figures embedded"
expect_contains plan.html "令和" "wareki dates"
expect_contains plan.html "15時間" "mail RTO from R1"
if grep -q "<script" plan.html; then fail "no script in the page"; fi

# Personal data only with --personal.
$ITBCP --db d.db render plan -o plain.html
$ITBCP --db d.db render plan --personal -o personal.html
# (a contact at a related department or contractor: they are in 表2.2-1/2.2-2)
mobile=$($ITBCP --db d.db export | jq -r '(.departments | map(select(.kind != "it") | .id)) as $d
	| [.people[] | select(.mobile != "" and (.department as $x | $d | index($x))) | .mobile][0]')
[ -n "$mobile" ] && [ "$mobile" != null ] || fail "demo has a mobile number"
if grep -qF "$mobile" plain.html; then fail "mobile hidden without --personal"; fi
expect_contains personal.html "$mobile" "mobile shown with --personal"

# English.
$ITBCP --db d.db --lang en render plan -o en.html
expect_contains en.html '<html lang="en">' "english page"
expect_contains en.html "Crisis response plan" "english chapter"

# Markdown to stdout.
$ITBCP --db d.db render plan --format md >plan.md
expect_contains plan.md "## 1. 本計画の目的と基本方針" "markdown chapter"
expect_contains plan.md "| メールシステム |" "markdown table row"

# Every table as CSV: BOM, CRLF.
for name in business-systems contacts training risks budget rto systems; do
	$ITBCP --db d.db render table "$name" -o "$name.csv" || fail "csv $name"
	head -c 3 "$name.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "$name.csv BOM"
	grep -q "$(printf '\r')$" "$name.csv" || fail "$name.csv CRLF"
done
expect_contains business-systems.csv "●" "business-systems marks"
expect_contains business-systems.csv "メールシステム" "business-systems rows"

# Usage errors.
if $ITBCP --db d.db render table nope 2>err; then fail "unknown table accepted"; fi
expect_contains err "business-systems" "unknown table lists the names"
if $ITBCP --db d.db render plan --format csv 2>/dev/null; then fail "csv of the plan accepted"; fi
if $ITBCP --db d.db render nothing 2>/dev/null; then fail "bad WHAT accepted"; fi

# The 「ガイドラインの参照先」 boxes are for a draft's authors (issue 16): shown
# while no version is approved, left out with --guideline-refs off; the
# appendix's notes to the author are never plan text.
$ITBCP --db d.db render plan --format md -o draft.md
expect_contains draft.md "ガイドラインの参照先" "a draft shows the guideline boxes"
$ITBCP --db d.db render plan --format md --guideline-refs off -o issued.md
if grep -q "ガイドラインの参照先" issued.md; then fail "--guideline-refs off leaves them out"; fi
if grep -q "CSIRTを追加する\|明記する。" draft.md; then fail "a note to the author is printed"; fi
# 【自動参集】/【判断により参集】 in 2.1.3 are ours, an author aid: they go
# with the guideline boxes.
expect_contains draft.md "【自動参集】" "a draft marks the automatic criteria"
expect_contains draft.md "【判断により参集】" "a draft marks the criteria on decision"
if grep -q "【自動参集】\|【判断により参集】" issued.md; then fail "--guideline-refs off leaves the marks out"; fi

# 5.2: an event's damage_note is a paragraph right after its 表5.2-n; an
# event without one (the demo's 感染症) gets nothing after its table.
after() { awk -v t="$1" 'f && NF && !/^\|/ { print; exit } index($0, t) { f = 1 }' "$2"; }
case $(after "表 5.2-1" draft.md) in 上記の被害を想定するにあたり*) ;;
*) fail "the note follows 表5.2-1" ;; esac
case $(after "表 5.2-2" draft.md) in 情報システムが利用できなくなることを除き*) ;;
*) fail "the note follows 表5.2-2" ;; esac
case $(after "表 5.2-3" draft.md) in "> 付録の参照先"*) ;;
*) fail "nothing follows 表5.2-3 when the note is empty" ;; esac

set +e
$ITBCP --db d.db render plan --guideline-refs maybe >/dev/null 2>err; st=$?
set -e
expect_eq "$st" 2 "a bad --guideline-refs is a usage error"
expect_contains err "--guideline-refs" "the message names the option"
exit 0
