# web_page_threads.sh — staff pages are made on page threads, so a phone's
# check-in link is answered while slow documents are being made, even
# with a single request thread (--threads 1); and a stop (SIGTERM) with
# pages queued still answers each of them whole and exits 0.
#
# Ordering, not timing: six situation-report PDFs (~0.1 s each, more
# under ASan) are asked first, then the check-in form; it must come back
# before all but two of them.  Made on the request thread, as before the
# page threads, it came back last.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

demo_db d.db
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident tokens --json >tokens.json
LINK=$(jq -r '.[] | select(.person == "p-sato") | .url' tokens.json)
[ -n "$LINK" ] || fail "no check-in link"
echo viewer-pass-1 | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null

serve_start --threads 1
expect_eq "$(login jar vera viewer-pass-1)" 303 "viewer signs in"

# pdf N: asks for the situation report PDF into pdfN and notes when done.
pdf() {
	curl -s -b jar -o "pdf$1" -w '%{http_code}\n' "$U/incidents/1/report.pdf" >"code$1"
	echo "pdf$1" >>order.txt
}
# whole N: pdfN is a whole PDF (its header and its end; the bytes differ
# from one to the next: each is stamped with the time it was made).
whole() {
	[ "$(head -c 5 "pdf$1")" = "%PDF-" ] && tail -c 8 "pdf$1" | grep -q '%%EOF'
}
pdf 0 # once first, so each later one costs the same
expect_eq "$(cat code0)" 200 "the PDF"
whole 0 || fail "the first PDF is not whole"
: >order.txt

# (wait for these by their pids: a bare wait would wait for the server too)
pids=""
for i in 1 2 3 4 5 6; do
	pdf $i &
	pids="$pids $!"
done
sleep 0.05
curl -s -o form.html -w '%{http_code}' "$U$LINK" >checkin_code
echo checkin >>order.txt
wait $pids
expect_eq "$(cat checkin_code)" 200 "the check-in form"
expect_contains form.html 'name="status"' "the check-in form"
pos=$(grep -n '^checkin$' order.txt | cut -d: -f1)
[ "$pos" -le 5 ] || { cat order.txt; fail "the check-in link was answered after $((pos - 1)) of 6 PDFs (expected before the last two)"; }
for i in 1 2 3 4 5 6; do
	expect_eq "$(cat code$i)" 200 "PDF $i"
	whole $i || fail "PDF $i is not whole"
done

# The board and a plain page, through the page threads.
curl -s -b jar -o board.html -w '%{http_code}' "$U/incidents/1" >code
expect_eq "$(cat code)" 200 "the board"
expect_contains board.html "佐藤" "the board lists the people"

# A stop with PDFs queued: each is still made and sent whole.
pids=""
for i in 1 2 3 4; do
	pdf $i &
	pids="$pids $!"
done
# (stop only once the four are connected: /proc/net/tcp lists each
# established connection twice on loopback, the server's side with its port)
hexport=$(printf '%04X' "${U##*:}")
established() { awk -v p=":$hexport" '$2 ~ p"$" && $4 == "01"' /proc/net/tcp | wc -l; }
i=0
until [ "$(established)" -ge 4 ] || [ $i -ge 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
sleep 0.2
serve_stop
wait $pids
for i in 1 2 3 4; do
	expect_eq "$(cat code$i)" 200 "PDF $i asked before the stop"
	whole $i || fail "PDF $i asked before the stop is not whole"
done
