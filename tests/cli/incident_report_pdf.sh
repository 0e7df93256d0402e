# incident_report_pdf.sh — a situation report is as short as it is
# (issue 16, item 7): its PDF has no title page and no contents, the
# report begins on page 1 (two pages for the demo's incident, four before);
# and every format states the same facts — the
# event line with its intensity and area, each system with its state, the
# decisions, the staff answered, the record check — read from the PDF's
# text (pdftotext) against the text version.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v pdftotext >/dev/null || fail "pdftotext is missing (scripts/deps.sh installs poppler-utils)"

demo_db d.db
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --drill --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident system 1 sys-a --damage down --state in_progress --as tester >/dev/null || fail "system"
$ITBCP --db d.db incident decide 1 "代替拠点で復旧する" --as tester >/dev/null || fail "decide"
$ITBCP --db d.db incident checkin 1 p-sato --status safe --as tester >/dev/null || fail "checkin"
printf 'viewer-pass-report-1\n' | $ITBCP --db d.db user add viewer --role viewer --password-stdin >/dev/null
serve_start
expect_eq "$(login jar viewer viewer-pass-report-1)" 303 "sign-in"
for kind in situation completion; do
	curl -s -b jar -o "$kind.pdf" "$U/incidents/1/report.pdf?kind=$kind" || fail "$kind: PDF"
	curl -s -b jar -o "$kind.txt" "$U/incidents/1/report.txt?kind=$kind" || fail "$kind: text"
	pages=$(pdfinfo "$kind.pdf" | sed -n 's/^Pages: *//p')
	[ "$pages" -le 2 ] || fail "$kind: $pages pages (a title page and contents for a page or two?)"
	pdftotext -enc UTF-8 "$kind.pdf" "$kind.pdf.txt" || fail "$kind: pdftotext"
	# Page 1 is the report itself: its title and the event, no contents.
	pdftotext -enc UTF-8 -f 1 -l 1 "$kind.pdf" "$kind.p1.txt"
	grep -q '目次' "$kind.pdf.txt" && fail "$kind: the PDF has a table of contents"
	grep -q '^事象' "$kind.p1.txt" || { cat "$kind.p1.txt"; fail "$kind: page 1 is not the report (a title page?)"; }
	# Compared without white space: the PDF breaks lines where the page does.
	tr -d ' \n\t　' <"$kind.pdf.txt" >"$kind.flat"
	# has WHAT TEXT: TEXT (white space taken out) is in the PDF.
	has() {
		f=$(printf '%s' "$2" | tr -d ' \n\t　')
		grep -qF -- "$f" "$kind.flat" || { cat "$kind.pdf.txt" >&2; fail "$kind: $1 ('$2') not in the PDF"; }
	}
	has "the title" "$(head -n 1 "$kind.txt")"
	ev=$(sed -n 's/^事象: //p' "$kind.txt")
	has "the event line" "$ev"
	has "the intensity" "震度6弱"
	has "the record check" "$(grep '^記録の確認値' "$kind.txt")"
done
# The situation report's systems, decisions and staff.
kind=situation
grep '^- \[' situation.txt | sed 's/^- \[.\] \([^:]*\): \([^，,（]*\).*/\1\t\2/' >systems.tsv
[ -s systems.tsv ] || { cat situation.txt; fail "no system lines in the text version"; }
while IFS="$(printf '\t')" read -r name state; do
	has "system $name" "$name"
	has "the state of $name" "$state"
done <systems.tsv
has "the decision" "代替拠点で復旧する"
has "the staff answered" "$(grep -o '安否回答 [0-9]*/[0-9]*名' situation.txt)"
serve_stop
echo ok
