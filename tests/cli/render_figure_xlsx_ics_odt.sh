# render_figure_xlsx_ics_odt.sh — `itbcp render` in the formats of render/{xlsx,ics,odt,graph}:
# workbooks, the training calendar, the editable .odt and the figures as SVG.
. "$TESTS_DIR/lib.sh"
# Graphviz's fontconfig caches live until exit.
export LSAN_OPTIONS="suppressions=$TESTS_DIR/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

demo_db d.db

# XLSX: 別表1 alone, contacts without and with personal data, every table.
$ITBCP --db d.db render table business-systems --format xlsx -o bs.xlsx || fail "render xlsx"
unzip -tq bs.xlsx >/dev/null || fail "xlsx is a valid zip"
unzip -p bs.xlsx xl/sharedStrings.xml > sst.xml
for s in メールシステム Aシステム Bシステム Cシステム 優先業務1 ●; do
	expect_contains sst.xml "$s" "xlsx 別表1"
done
$ITBCP --db d.db render table contacts --format xlsx -o c.xlsx || fail "contacts xlsx"
$ITBCP --db d.db render table contacts --format xlsx --personal -o cp.xlsx || fail "contacts xlsx"
unzip -p c.xlsx xl/sharedStrings.xml > c.xml
unzip -p cp.xlsx xl/sharedStrings.xml > cp.xml
expect_contains c.xml "B株式会社" "contacts"
if grep -qF "090-0000-5001" c.xml; then fail "mobile hidden without --personal"; fi
expect_contains cp.xml "090-0000-5001" "mobile with --personal"
$ITBCP --db d.db render plan --format xlsx -o all.xlsx || fail "all tables xlsx"
[ "$(unzip -l all.xlsx | grep -c 'xl/worksheets/sheet')" -gt 20 ] || fail "a sheet per table"
if $ITBCP --db d.db render table nonsense --format xlsx -o x.xlsx 2>err.txt; then
	fail "unknown xlsx table accepted"
fi
expect_contains err.txt "nonsense" "unknown table named"

# ICS: the training calendar, one fiscal year.
ITBCP_TODAY=2026-04-01 $ITBCP --db d.db render calendar --fy 2026 -o t.ics || fail "render ics"
expect_contains t.ics "BEGIN:VCALENDAR" "ics"
expect_contains t.ics "DTSTART;VALUE=DATE:20260501" "training in May 2026"
expect_contains t.ics "DTSTAMP:20260401T000000Z" "reproducible stamp"
[ "$(grep -c '^BEGIN:VEVENT' t.ics)" -eq 10 ] || fail "8 sessions and 2 markers"
if $ITBCP --db d.db render calendar --fy 26 2>/dev/null; then fail "bad --fy accepted"; fi

# ODT: mimetype first and stored, headings and tables inside.
$ITBCP --db d.db render plan --format odt -o plan.odt || fail "render odt"
[ "$(unzip -Z1 plan.odt | head -1)" = mimetype ] || fail "mimetype first"
unzip -p plan.odt content.xml > content.xml
expect_contains content.xml 'text:outline-level="1"' "odt headings"
expect_contains content.xml "<table:table-header-rows>" "odt header rows"
expect_contains content.xml "Pictures/fig1.svg" "odt figure"
for s in メールシステム Aシステム Bシステム Cシステム; do
	expect_contains content.xml "$s" "odt system"
done

# Figures as SVG.
$ITBCP --db d.db render figure command -o cmd.svg || fail "figure command"
expect_contains cmd.svg "<svg" "svg"
expect_contains cmd.svg "B株式会社" "contractor in the command figure"
$ITBCP --db d.db render figure flow --event security -o flow.svg || fail "figure flow"
expect_contains flow.svg "デモ省CSIRT" "CSIRT in the security flow"
if $ITBCP --db d.db render figure other 2>/dev/null; then fail "unknown figure accepted"; fi
exit 0
