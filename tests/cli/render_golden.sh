# render_golden.sh — every document of the demo plan, byte for byte
# against the files committed in tests/golden/ (issue 13): the plan as
# html, md, odt, xlsx and pdf, each table as csv, both figures as svg,
# the training calendar as ics and a wallet card as pdf.  Any byte that
# changes fails the test, with a diff for the text formats; when the
# change is meant, scripts/golden-refresh.sh writes the new files
# (GOLDEN_REFRESH=1 makes this script write instead of compare).
#
# What would vary is fixed here:
#  - the date: ITBCP_TODAY, which also fixes the stamps the formats carry
#    (the PDFs' CreationDate, the XLSX's created date, the ICS's DTSTAMP:
#    that day at 00:00 UTC; render/doc.h doc_fixed_time);
#  - TZ=UTC, because cairo writes the PDF's CreationDate with the local
#    offset ("Z" or "+09'00");
#  - the card's QR code, which by default carries the person's check-in
#    token (random at init): --url gives a fixed address;
#  - the language and base URL from the environment (unset).
# ODT and XLSX entries already carry a fixed zip time (1980-01-01, as
# libxlsxwriter and render/office/zip.c write them).  The bytes also
# depend on the libraries and fonts of the build machine (Graphviz lays
# out the figures, pango and Noto CJK shape the PDF): the golden files
# are those of Debian 12's packages, which scripts/deps.sh installs.
. "$TESTS_DIR/lib.sh"
# Graphviz's fontconfig caches live until exit (tests/lsan.supp).
export LSAN_OPTIONS="suppressions=$TESTS_DIR/lsan.supp:print_suppressions=0"
export ITBCP_TODAY=2026-06-01 TZ=UTC
unset ITBCP_LANG ITBCP_BASE_URL ITBCP_DB
GOLDEN="$TESTS_DIR/golden"

demo_db d.db
mkdir out
for f in html md odt xlsx pdf; do
	$ITBCP --db d.db render plan --format "$f" -o "out/plan.$f" || fail "render plan --format $f"
done
for t in business-systems contacts training risks budget rto systems; do
	$ITBCP --db d.db render table "$t" --format csv -o "out/table-$t.csv" || fail "render table $t"
done
$ITBCP --db d.db render figure command -o out/figure-command.svg || fail "render figure command"
$ITBCP --db d.db render figure flow -o out/figure-flow.svg || fail "render figure flow"
$ITBCP --db d.db render calendar -o out/calendar.ics || fail "render calendar"
$ITBCP --db d.db render card p-tanaka --url https://bcp.example.jp/c/GOLDEN -o out/card-p-tanaka.pdf ||
	fail "render card"

if [ "${GOLDEN_REFRESH:-}" = 1 ]; then
	mkdir -p "$GOLDEN"
	rm -f "$GOLDEN"/*
	cp out/* "$GOLDEN"/
	echo "golden files written to $GOLDEN"
	exit 0
fi

bad=""
for f in out/*; do
	name=$(basename "$f")
	if [ ! -f "$GOLDEN/$name" ]; then
		echo "$name: not in tests/golden/" >&2
		bad="$bad $name"
	elif ! cmp "$GOLDEN/$name" "$f" >&2; then
		case "$name" in
		*.html | *.md | *.csv | *.svg | *.ics) diff -u "$GOLDEN/$name" "$f" | head -n 40 >&2 ;;
		esac
		bad="$bad $name"
	fi
done
for g in "$GOLDEN"/*; do
	[ -f "out/$(basename "$g")" ] || { echo "$(basename "$g"): golden file no longer rendered" >&2; bad="$bad $(basename "$g")"; }
done
[ -z "$bad" ] || fail "documents differ from tests/golden/:$bad
If the change is meant, run scripts/golden-refresh.sh and commit tests/golden/ with it."
echo "$(ls out | wc -l) documents identical to tests/golden/"
