# pg_failover.sh — the failover drill of two sites (issue 18, item 4): a
# PostgreSQL primary and its synchronous streaming standby, an itbcp
# serve in front of each.  The standby's itbcp serves read-only, with the
# banner on every page and 503 (Retry-After, a link to the primary) for
# every write (a check-in's on the phone's own page), and served as one
# agency of several (serve --agencies) links to that agency's own address
# at the primary; a burst of check-ins goes to the primary's itbcp; the
# primary's PostgreSQL (postmaster and every child) is killed with SIGKILL
# in the middle of it; the primary's itbcp answers 503 and lives on; the
# standby is promoted (pg_ctl promote, README "Two sites"); its itbcp
# takes writes without a restart; every report the primary's itbcp
# answered "受け付けました" is on the promoted side, and the incident's
# record verifies there.  Last, the promoted site's PostgreSQL is
# restarted under its itbcp: 503 while it is down, check-ins and pages
# again once it is back, without a restart of itbcp.
#
# Why no answered report is lost: the primary names the standby in
# synchronous_standby_names and keeps synchronous_commit = on (the
# server's default), so a commit returns only once the standby has
# flushed its WAL to disk, and the check-in writer answers a batch only
# after such a waiting commit that comes after it (store/wal.c);
# promotion replays every WAL record the standby flushed.  remote_apply
# would add only that the standby's readers see the report before the
# promotion.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh" # login, csrf_of; the servers below are this test's own
. "$TESTS_DIR/support/pg_cluster.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

PIDP="" PIDS="" PIDA="" PGT=""
# (set -e holds in the trap too: every step here may fail without
# leaving the rest undone)
cleanup() {
	[ -z "$PIDP" ] || kill -9 "$PIDP" 2>/dev/null || :
	[ -z "$PIDS" ] || kill -9 "$PIDS" 2>/dev/null || :
	[ -z "$PIDA" ] || kill -9 "$PIDA" 2>/dev/null || :
	if [ -n "$PGT" ]; then
		pg_cluster_stop "$PGT/standby" || :
		# the primary: stopped if a failure came before the drill
		# killed it (pg_ctl, so nothing of it is left), else only its
		# folder is left (its children end with the postmaster)
		pm=$(head -n 1 "$PGT/primary/data/postmaster.pid" 2>/dev/null || :)
		if [ -n "$pm" ] && kill -0 "$pm" 2>/dev/null; then
			pg_cluster_stop "$PGT/primary" || :
		fi
		rm -rf "$PGT"
	fi
	rm -rf "$T"
}
trap cleanup EXIT
WORKERS=6
KILL_AFTER=${KILL_AFTER:-24} # answered reports before the kill
# the clusters' folders must be reachable by the postgres user ($T is not)
PGT=$(mktemp -d /tmp/itbcp-failover.XXXXXX)
chmod 755 "$PGT"
psql_v() { "$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

# ---- two sites -----------------------------------------------------------
pg_cluster_start "$PGT/primary" || fail "no PostgreSQL primary"
PRIMARY=$ITBCP_PG_BASE
STANDBY=$(pg_cluster_standby "$PGT/primary" "$PGT/standby" itbcp_standby) || fail "no standby"
# Named after the base backup, so the standby (promoted, alone) does not
# inherit it and wait for a standby of its own that does not exist.
psql_v "$PRIMARY/postgres" "ALTER SYSTEM SET synchronous_standby_names = 'itbcp_standby'"
psql_v "$PRIMARY/postgres" "SELECT pg_reload_conf()" >/dev/null
i=0
until [ "$(psql_v "$PRIMARY/postgres" "SELECT state || ' ' || sync_state FROM pg_stat_replication")" = "streaming sync" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the standby is not streaming synchronously"
	sleep 0.1
done
psql_v "$PRIMARY/postgres" "CREATE DATABASE drill"
P=$PRIMARY/drill
S=$STANDBY/drill
# One record key for both sites: the promoted one goes on signing the
# same record (README: it is copied to the standby's machine).
export ITBCP_RECORD_KEY="$T/record.key"

$ITBCP --db "$P" init --demo >/dev/null || fail "init --demo on the primary"
echo 'viewer-pass-fo-1' | $ITBCP --db "$P" user add vera --role viewer --password-stdin >/dev/null
$ITBCP --db "$P" incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null || fail "incident start"
$ITBCP --db "$P" incident show 1 --json | jq -r '.checkins.people[] | select(.called) | .person' >called
$ITBCP --db "$P" incident tokens --json |
	jq -r --rawfile c called '($c | split("\n")) as $cs | .[] | select(.person as $p | $cs | index($p)) | .url' >paths
[ "$(wc -l <paths)" -ge 10 ] || fail "expected the demo's called people, got $(wc -l <paths)"

# start NAME DB ARGS…: itbcp serve on DB, its pid in PID, its URL in U.
start() {
	name=$1 db=$2
	shift 2
	$ITBCP --db "$db" serve --listen 127.0.0.1:0 "$@" >"$name.out" 2>"$name.err" &
	PID=$!
	i=0
	until grep -q "listening on" "$name.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || { cat "$name.err"; fail "$name: the server did not start"; }
		kill -0 "$PID" 2>/dev/null || { cat "$name.err"; fail "$name: the server exited"; }
		sleep 0.1
	done
	U=$(sed -n 's|.*listening on \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$name.out")
}
start primary "$P"
PIDP=$PID UP=$U
# The standby's own migrations are its primary's: it opens without them.
start standby "$S" --primary-url "$UP"
PIDS=$PID US=$U
grep -q "待機系\|hot standby" standby.err || fail "the standby's itbcp does not say at start what it serves"
PID=""

# ---- the standby before the promotion: read-only, and says so ----------------
# A session made on the primary is a replicated row: under one name (here
# 127.0.0.1, in production the sites' shared DNS name) its cookie reads
# the standby too.
U=$UP
expect_eq "$(login jar vera viewer-pass-fo-1)" 303 "sign-in on the primary"
code=$(curl -s -o sb.html -w '%{http_code}' -b jar "$US/incidents/1")
expect_eq "$code" 200 "the standby serves the incident board"
expect_contains sb.html 'class="notice standby"' "the standby's banner on the board"
expect_contains sb.html "このサイトは読み取り専用の待機系です" "the banner in Japanese"
expect_contains sb.html "href=\"$UP/\"" "the banner links to the primary"
curl -s -b jar -H 'Accept-Language: en' "$US/plan" >sb-en.html
expect_contains sb-en.html "This site is a read-only standby" "the banner in English"
ONE=$(head -n 1 paths)
curl -s "$US$ONE" >sb-form.html
expect_contains sb-form.html 'class="notice standby"' "the banner on a check-in link"
code=$(curl -s -D sb-post.h -o sb-post.html -w '%{http_code}' \
	--data "status=safe&assembly=online&note=on-standby" "$US$ONE")
expect_eq "$code" 503 "a check-in posted to the standby"
grep -qi '^retry-after: ' sb-post.h || fail "no Retry-After on the standby's 503"
expect_contains sb-post.html "href=\"$UP$ONE\"" "the 503 links to the same check-in link on the primary"
expect_contains sb-post.html "主系で報告する" "the 503 says where to report, in the phone's words"
expect_contains sb-post.html "/assets/checkin.css" "the 503 in the check-in page's own layout"
grep -q 'href="/incidents"' sb-post.html && fail "the phone's 503 has the staff's menu"
curl -s -c sj -b sj "$US/login" >sl.html
code=$(curl -s -o /dev/null -w '%{http_code}' -c sj -b sj --data-urlencode "csrf=$(csrf_of sl.html)" \
	--data-urlencode name=vera --data-urlencode password=viewer-pass-fo-1 "$US/login")
expect_eq "$code" 503 "sign-in on the standby (sessions are rows)"
code=$(curl -s -o /dev/null -w '%{http_code}' -b jar -X PUT -H 'Content-Type: application/json' \
	-d '{}' "$US/api/v1/organisation")
expect_eq "$code" 503 "an API write on the standby"
# The same standby serving as one agency of several (serve --agencies):
# its links to the primary are the agency's own address there.
# (--db is not used with --agencies: start's DB names nothing)
printf 'a.example.test %s\n' "$S" >agencies.txt
start sba unused --agencies agencies.txt --primary-url 'https://{host}.primary.example.test'
PIDA=$PID UA=$U
PID="" U=$UP
curl -s -H 'Host: a.example.test' "$UA/login" >sba.html
expect_contains sba.html 'href="https://a.example.test.primary.example.test/"' "an agency's standby links to its primary"
code=$(curl -s -o sba-post.html -w '%{http_code}' -H 'Host: a.example.test' \
	--data "status=safe&assembly=online" "$UA$ONE")
expect_eq "$code" 503 "a check-in at an agency's standby"
expect_contains sba-post.html "href=\"https://a.example.test.primary.example.test$ONE\"" \
	"the agency's own check-in link at the primary"
kill -TERM "$PIDA"
wait "$PIDA" || fail "the agencies' standby server's exit status"
PIDA=""

# ---- the burst, and the primary's PostgreSQL killed in it ---------------------
# worker W: POSTs until an answer is not 200; logs "NOTE CODE" per request
# and keeps the body of each 200 as ok.NOTE.
worker() {
	w=$1 n=0
	npaths=$(wc -l <paths)
	while [ $n -lt 2000 ]; do
		n=$((n + 1))
		note="drill-$w-$n"
		path=$(sed -n "$(((w * 7 + n) % npaths + 1))p" paths)
		code=$(curl -s -o "body.$w" -w '%{http_code}' --max-time 20 \
			--data "status=safe&assembly=online&note=$note" "$UP$path") || code=000
		echo "$note $code" >>"log.$w"
		[ "$code" = 200 ] || break
		grep -q "受け付けました" "body.$w" && grep -q "$note" "body.$w" && mv "body.$w" "ok.$note"
	done
}
w=0 WPIDS=""
while [ $w -lt $WORKERS ]; do
	worker $w &
	WPIDS="$WPIDS $!"
	w=$((w + 1))
done
i=0
while [ "$(cat log.* 2>/dev/null | grep -c ' 200$' || true)" -lt "$KILL_AFTER" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
pm=$(head -n 1 "$PGT/primary/data/postmaster.pid")
# shellcheck disable=SC2046
kill -9 "$pm" $(ps -o pid= --ppid "$pm")
# shellcheck disable=SC2086
wait $WPIDS # the workers end at their first answer other than 200
cat log.* >all
answered=$(grep -c ' 200$' all || true)
echo "burst: answered $answered, 503 $(grep -c ' 503$' all || true), cut off $(grep -c ' 000$' all || true)"
[ "$answered" -ge 1 ] || { cat primary.err; fail "no report was answered"; }
grep -v ' 200$\| 503$\| 000$' all && fail "answers other than 200, 503 or none"
ls ok.drill-* | sed 's/^ok\.//' | sort >promised
expect_eq "$(wc -l <promised | tr -d ' ')" "$answered" "every 200 carried the received page with its note"

# The primary's itbcp without its database: 503, and alive.
# (curl's own failure — the connection closed without an answer — is
# said with the server's log, not left to set -e)
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -b jar "$UP/incidents/1") ||
	{ tail -n 40 primary.err; fail "the primary's itbcp, a page, its database gone: no answer (curl $?, $code)"; }
expect_eq "$code" 503 "the primary's itbcp, a page, its database gone"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 \
	--data "status=safe&assembly=online&note=to-dead-primary" "$UP$ONE") ||
	{ tail -n 40 primary.err; fail "the primary's itbcp, a check-in, its database gone: no answer (curl $?, $code)"; }
expect_eq "$code" 503 "the primary's itbcp, a check-in, its database gone"
kill -0 "$PIDP" 2>/dev/null || { tail -n 20 primary.err; fail "the primary's itbcp died with its database"; }

# ---- promotion: one command, no restart of the standby's itbcp ----------------
_pg_owner "$PG_BIN/pg_ctl" -D "$PGT/standby/data" -w -t 60 promote >/dev/null ||
	fail "pg_ctl promote"
i=0
until [ "$(curl -s -o after.html -w '%{http_code}' --data "status=safe&assembly=online&note=after-promotion" \
	"$US$ONE")" = 200 ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { tail -n 20 standby.err; fail "the promoted site's itbcp takes no check-in"; }
	sleep 0.2
done
expect_contains after.html "受け付けました" "a check-in on the promoted site"
curl -s -b jar "$US/incidents/1" >promoted.html
grep -q 'class="notice standby"' promoted.html && fail "the promoted site still shows the standby banner"
expect_contains standby.err "promoted" "the standby's itbcp says it takes writes now"
kill -0 "$PIDS" || fail "the standby's itbcp was restarted"

# ---- every answered report is on the promoted side, and the record verifies ----
$ITBCP --db "$S" incident timeline 1 --json |
	jq -r '.[] | select(.kind == "checkin") | .content.note' | sort >recorded
missing=$(comm -23 promised recorded)
[ -z "$missing" ] || fail "answered as received but not on the promoted side: $missing"
grep -qx after-promotion recorded || fail "the check-in after the promotion is not recorded"
$ITBCP --db "$S" incident verify 1 >verify.out || { cat verify.out; fail "the record does not verify on the promoted side"; }
echo "all $(wc -l <promised) answered reports on the promoted side ($(wc -l <recorded) in all)"

# ---- the promoted site's PostgreSQL restarted: its itbcp reconnects -----------
_pg_owner "$PG_BIN/pg_ctl" -D "$PGT/standby/data" -m fast -w -t 60 stop >/dev/null || fail "pg_ctl stop"
code=$(curl -s -o /dev/null -w '%{http_code}' --data "status=safe&assembly=online&note=while-down" "$US$ONE")
expect_eq "$code" 503 "a check-in while the promoted site's database is down"
code=$(curl -s -o /dev/null -w '%{http_code}' -b jar "$US/incidents/1")
expect_eq "$code" 503 "a page while the promoted site's database is down"
_pg_owner "$PG_BIN/pg_ctl" -D "$PGT/standby/data" -l "$PGT/standby/server.log" \
	-o "-p ${STANDBY##*:}" -w -t 60 start >/dev/null || fail "pg_ctl start"
i=0
until [ "$(curl -s -o back.html -w '%{http_code}' --data "status=safe&assembly=online&note=after-restart" \
	"$US$ONE")" = 200 ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || { tail -n 20 standby.err; fail "no check-in taken after the database came back"; }
	sleep 0.2
done
code=$(curl -s -o /dev/null -w '%{http_code}' -b jar "$US/incidents/1")
[ "$code" = 200 ] || { tail -n 8 standby.err; fail "a page after the database came back: $code"; }
$ITBCP --db "$S" incident timeline 1 --json |
	jq -r '.[] | select(.kind == "checkin") | .content.note' >recorded
grep -qx after-restart recorded || fail "the check-in after the restart is not recorded"
$ITBCP --db "$S" incident verify 1 >verify.out || { cat verify.out; fail "the record does not verify after the restart"; }

# Both servers stop cleanly (the primary's with its database still gone).
for pid in "$PIDS" "$PIDP"; do
	kill -TERM "$pid"
	set +e
	wait "$pid"
	st=$?
	set -e
	[ "$st" = 0 ] || { tail -n 20 standby.err primary.err; fail "itbcp serve exit status $st after SIGTERM"; }
done
PIDS="" PIDP=""
