#!/bin/sh
# bench/pdf.sh — the whole plan to PDF: itbcp's own typesetting against
# headless Chromium printing the same plan's HTML, side by side in one run
# (doc/performance.md: goal ≥ 5× faster than Chromium, < 150 MB).
#
#   bench/pdf.sh [ITBCP]        default build/itbcp; RUNS=3 by default
#
# Generates a large plan (500 systems, 2,000 people, 300 businesses),
# imports it, renders HTML and PDF with itbcp and prints the HTML with
# Chromium; each timed RUNS times, the median reported.  Peak memory is
# GNU time's maximum resident set (largest single process) and, for
# Chromium, the sum over its processes sampled every 50 ms.  Prints
# figures; never passes or fails on them.
set -eu
ITBCP=$(realpath "${1:-build/itbcp}")
RUNS=${RUNS:-3}
SYSTEMS=${SYSTEMS:-500}
PEOPLE=${PEOPLE:-2000}
BUSINESSES=${BUSINESSES:-300}
CHROMIUM=${CHROMIUM:-chromium}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"

"$ITBCP" test-generate --systems "$SYSTEMS" --people "$PEOPLE" --businesses "$BUSINESSES" -o plan.json
"$ITBCP" --db b.db init >/dev/null
"$ITBCP" --db b.db import plan.json >/dev/null

# median FILE: the middle of the numbers in FILE.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# timed NAME CMD…: runs CMD under GNU time, appending seconds to NAME.t
# and peak RSS (kB) to NAME.m.
timed() {
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o time.out "$@" >/dev/null 2>&1
	awk '{ print $1 }' time.out >>"$name.t"
	awk '{ print $2 }' time.out >>"$name.m"
}

# chromium_sum: prints Chromium to PDF in its own session while summing the
# RSS of every process in that session; appends the peak (kB) to chr.sum.
chromium_run() {
	profile=$(mktemp -d)
	setsid /usr/bin/time -f "%e %M" -o time.out "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --user-data-dir="$profile" --print-to-pdf="$W/chr.pdf" \
		"file://$W/plan.html" >/dev/null 2>&1 &
	pid=$!
	peak=0
	while kill -0 "$pid" 2>/dev/null; do
		sid=$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')
		if [ -n "$sid" ]; then
			now=$(ps -o rss= -s "$sid" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
			[ "$now" -gt "$peak" ] && peak=$now
		fi
		sleep 0.05
	done
	wait "$pid" || true
	rm -rf "$profile"
	awk '{ print $1 }' time.out >>chr.t
	awk '{ print $2 }' time.out >>chr.m
	echo "$peak" >>chr.sum
}

i=0
while [ "$i" -lt "$RUNS" ]; do
	timed html "$ITBCP" --db b.db render plan --format html -o plan.html
	timed pdf "$ITBCP" --db b.db render plan --format pdf -o plan.pdf
	chromium_run
	i=$((i + 1))
done

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
html_t=$(median html.t)
pdf_t=$(median pdf.t)
chr_t=$(median chr.t)
echo "plan: $SYSTEMS systems, $PEOPLE people, $BUSINESSES businesses; $(wc -c <plan.html) bytes of HTML; median of $RUNS"
printf '%-34s %8s %10s %6s\n' "way" "wall s" "peak MB" "pages"
printf '%-34s %8s %10s %6s\n' "itbcp render --format html" "$html_t" \
	"$(median html.m | awk '{ printf "%.0f", $1 / 1024 }')" "-"
printf '%-34s %8s %10s %6s\n' "itbcp render --format pdf" "$pdf_t" \
	"$(median pdf.m | awk '{ printf "%.0f", $1 / 1024 }')" "$(pages plan.pdf)"
printf '%-34s %8s %10s %6s\n' "chromium --print-to-pdf (largest)" "$chr_t" \
	"$(median chr.m | awk '{ printf "%.0f", $1 / 1024 }')" "$(pages chr.pdf)"
printf '%-34s %8s %10s %6s\n' "chromium, all its processes" "" \
	"$(median chr.sum | awk '{ printf "%.0f", $1 / 1024 }')" ""
awk -v c="$chr_t" -v p="$pdf_t" 'BEGIN { if (p > 0) printf "ratio: itbcp PDF is %.1f× faster than Chromium (goal ≥ 5×)\n", c / p }'
