# web_agencies_burst.sh — two agencies' check-ins at once on one server
# (issue 18, item 5; run under ThreadSanitizer too: TSAN_CLI in
# tests/run.sh).  Each agency has its own check-in writer: every person
# called at A and at B reports at the same time, from 8 clients, each
# report to its own agency's host, with the other agency's links sent to
# the wrong host among them (404) and sign-in pages asked of both; then
# each agency's record holds exactly its own people's reports, once each,
# and verifies; and each agency's backup, taken at start, is in a folder of
# its own (--backup-dir DIR: DIR/HOST) and checks.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

for x in a b; do
	demo_db $x.db
	$ITBCP --db $x.db incident start --event disaster --at 2026-01-12T18:00+09:00 \
		--intensity 6- --area 東京都 --as tester >/dev/null || fail "incident start at $x"
	# the links of the people called (the others' answer 409: not called)
	$ITBCP --db $x.db incident show 1 --json | jq '[.checkins.people[] | select(.called) | .person]' >$x.called
	$ITBCP --db $x.db incident tokens --json |
		jq -r --slurpfile c $x.called '.[] | select(.person as $p | $c[0] | index($p)) | .url' |
		sed 's|.*/c/|/c/|' >$x.links
done
n=$(wc -l <a.links)
[ "$n" -gt 5 ] && [ "$(wc -l <b.links)" = "$n" ] || fail "links: $n at A, $(wc -l <b.links) at B"
printf 'a.example.test a.db\nb.example.test b.db\n' >agencies.txt
export ITBCP_NOW=2026-01-12T18:30+09:00
SERVE_DB=unused.db serve_start --agencies agencies.txt --threads 2 --backup-dir bk

# One line per request: HOST PATH EXPECTED_STATUS, shuffled together.
{
	sed 's|^|a.example.test |; s|$| 200|' a.links
	sed 's|^|b.example.test |; s|$| 200|' b.links
	head -n 3 a.links | sed 's|^|b.example.test |; s|$| 404|'
	head -n 3 b.links | sed 's|^|a.example.test |; s|$| 404|'
	for i in 1 2 3 4; do echo "a.example.test /login 200"; echo "b.example.test /login 200"; done
} | shuf >jobs.txt
export U
# shellcheck disable=SC2016
xargs -P 8 -L 1 sh -c '
	if [ "$1" = /login ]; then
		st=$(curl -s -o /dev/null -w "%{http_code}" -H "Host: $0" "$U$1")
	else
		st=$(curl -s -o /dev/null -w "%{http_code}" -H "Host: $0" --data "status=safe&assembly=no" "$U$1")
	fi
	[ "$st" = "$2" ] || { echo "$0 $1: $st, expected $2"; exit 255; }
' <jobs.txt || fail "a request of the burst"

# Each agency's backups in a folder of its own, taken at start.
wait_log 2 "itbcp backup: 保存しました" 30 "no backup of each agency at start"
serve_stop
for x in a b; do
	ls bk/$x.example.test/itbcp-*.itbcp-backup >/dev/null 2>&1 || fail "no backup in bk/$x.example.test"
	$ITBCP --db chk.db restore --check bk/$x.example.test/itbcp-*.itbcp-backup >check.out 2>&1 ||
		{ cat check.out; fail "$x's backup does not check"; }
done
[ "$(ls bk | wc -l)" = 2 ] || fail "bk holds more than the two agencies' folders: $(ls bk)"

for x in a b; do
	got=$($ITBCP --db $x.db incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length')
	expect_eq "$got" "$n" "check-ins recorded at $x"
	people=$($ITBCP --db $x.db incident timeline 1 --json |
		jq -r '[.[] | select(.kind == "checkin") | .content.person] | unique | length')
	expect_eq "$people" "$n" "one report per person at $x"
	$ITBCP --db $x.db incident verify 1 >verify.out 2>&1 || { cat verify.out; fail "verify at $x"; }
done
expect_contains serve.out "a.example.test: $n check-in reports" "A's writer"
expect_contains serve.out "b.example.test: $n check-in reports" "B's writer"
echo "ok: $n reports at each agency, each by its own writer"
