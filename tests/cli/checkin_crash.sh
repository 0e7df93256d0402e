# checkin_crash.sh — "received" means durable (issue 5): a burst of
# check-ins over HTTP, the server killed with SIGKILL in the middle of it,
# then restarted; every report that got the "受け付けました" answer must be
# in the incident's record, and the record's hash chain must verify.  Then
# a second burst is stopped with SIGTERM: the server drains its queue,
# answers, exits 0 (without leaks under the sanitizers), and again every
# answered report is recorded.
#
# Eight shell workers each POST reports one after another (each with a
# unique note) until the server stops answering; the server is stopped
# once enough have been answered.  A request cut off may or may not be
# recorded — only the answered ones are promised.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh" # serve_stop; the start below is this test's own
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

trap '[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$T"' EXIT
WORKERS=8
KILL_AFTER=${KILL_AFTER:-60}   # answered reports before the kill

demo_db d.db
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident show 1 --json | jq -r '.checkins.people[] | select(.called) | .person' >called
$ITBCP --db d.db incident tokens --json |
	jq -r --rawfile c called '($c | split("\n")) as $cs | .[] | select(.person as $p | $cs | index($p)) | .url' >paths
[ "$(wc -l <paths)" -ge 10 ] || fail "expected the demo's called people, got $(wc -l <paths)"

# start: the server on a port the kernel picks; U gets its address.
start() {
	: >serve.out
	$ITBCP --db d.db serve --listen 127.0.0.1:0 >serve.out 2>>serve.err &
	PID=$!
	i=0
	until grep -q "listening on" serve.out 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || { cat serve.err; fail "server did not start"; }
		kill -0 "$PID" 2>/dev/null || { cat serve.err; fail "server exited"; }
		sleep 0.1
	done
	U=$(sed -n 's|.*listening on \(http://127.0.0.1:[0-9]*\)/.*|\1|p' serve.out)
}
start

# worker W: POSTs until the server is gone; logs "NOTE CODE" per request,
# and keeps the body of each 200 as ok.NOTE.  $PHASE prefixes the notes.
worker() {
	w=$1 n=0
	npaths=$(wc -l <paths)
	while [ $n -lt 2000 ]; do
		n=$((n + 1))
		note="$PHASE-$w-$n"
		path=$(sed -n "$(((w * 7 + n) % npaths + 1))p" paths)
		# A cut-off answer (curl fails) counts as none: the person saw nothing.
		code=$(curl -s -o "body.$w" -w '%{http_code}' --max-time 20 \
			--data "status=safe&assembly=online&note=$note" "$U$path") || code=000
		echo "$note $code" >>"log.$w"
		if [ "$code" = 200 ]; then
			grep -q "受け付けました" "body.$w" && grep -q "$note" "body.$w" && mv "body.$w" "ok.$note"
		fi
		[ "$code" = 000 ] && break
	done
}
# burst PHASE SIGNAL: the workers against the server, stopped with SIGNAL
# once KILL_AFTER reports have been answered (or after 20 s); then the
# answered reports (ok.PHASE-*) into promised.PHASE.
burst() {
	PHASE=$1
	rm -f log.*
	w=0
	while [ $w -lt $WORKERS ]; do
		worker $w &
		w=$((w + 1))
	done
	i=0
	while [ "$(cat log.* 2>/dev/null | grep -c ' 200$' || true)" -lt "$KILL_AFTER" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "-$2" "$PID"
	set +e
	wait "$PID"
	STATUS=$?
	set -e
	PID=""
	wait # the workers end at their first unanswered request
	cat log.* >"all.$PHASE"
	answered=$(grep -c ' 200$' "all.$PHASE" || true)
	echo "$PHASE: answered $answered, cut off $(grep -c ' 000$' "all.$PHASE" || true)," \
		"other: $(grep -vc ' 200$\| 000$' "all.$PHASE" || true)"
	[ "$answered" -ge 1 ] || { cat serve.err; fail "$PHASE: no report was answered"; }
	ls ok.$PHASE-* | sed 's/^ok\.//' | sort >"promised.$PHASE"
	expect_eq "$(wc -l <"promised.$PHASE" | tr -d ' ')" "$answered" \
		"$PHASE: every 200 carried the received page with its note"
}

# expect_recorded PHASE: every answered report of PHASE is in the record,
# and the chain verifies.
expect_recorded() {
	$ITBCP --db d.db incident timeline 1 --json |
		jq -r '.[] | select(.kind == "checkin") | .content.note' | sort >recorded
	missing=$(comm -23 "promised.$1" recorded)
	[ -z "$missing" ] || fail "$1: answered as received but not recorded: $missing"
	$ITBCP --db d.db incident verify 1 >verify.out || { cat verify.out; fail "$1: the chain does not verify"; }
	echo "$1: all $(wc -l <"promised.$1") answered reports recorded ($(wc -l <recorded) in all)"
}

burst kill KILL
grep -v ' 200$\| 000$' all.kill && fail "answers other than 200 before the kill"

# Restart (SQLite recovers its write-ahead log on open) and look.
start
expect_recorded kill

# SIGTERM in the middle of a burst: the queue drains, the server exits 0;
# a report that comes after the drain began is answered 503 (not recorded).
burst term TERM
expect_eq "$STATUS" 0 "server exit status after SIGTERM in a burst"
expect_contains serve.out "stopped" "server says it stopped"
grep -v ' 200$\| 000$\| 503$' all.term && fail "answers other than 200 or 503 in the drain"
expect_recorded term
start

# The restarted server takes reports again; then a clean stop.
code=$(curl -s -o after.html -w '%{http_code}' --data "status=injured&assembly=no&note=after" \
	"$U$(head -n 1 paths)")
expect_eq "$code" 200 "a report after the restart"
serve_stop
$ITBCP --db d.db incident verify 1 >/dev/null || fail "the chain does not verify at the end"
