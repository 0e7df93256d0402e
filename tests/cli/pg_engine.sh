# pg_engine.sh — the same commands on PostgreSQL give what they give on
# SQLite (issue 18, item 1): the demo plan made, exported, checked and
# derived; a plan imported back; accounts; an incident recorded, its
# record verified and refused a rewrite by PostgreSQL's own trigger; the
# web application signing a person in and serving the plan from it.
# The engine is chosen by the --db value alone.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
. "$TESTS_DIR/support/pg_cluster.sh"
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; pg_test_cleanup; rm -rf "$T"' EXIT
pg_test_db pg_engine || fail "no PostgreSQL database for the test"
# (the record's key: a PostgreSQL database has no folder to keep it beside)
export ITBCP_RECORD_KEY="$T/record.key"

# both CMD…: CMD on SQLite (lite.db) and on PostgreSQL; their output and
# exit status must be the same.
both() {
	set +e
	$ITBCP --db lite.db "$@" >lite.out 2>lite.err
	ls=$?
	$ITBCP --db "$PG" "$@" >pg.out 2>pg.err
	ps=$?
	set -e
	[ "$ls" = "$ps" ] || { cat lite.err pg.err; fail "$*: exit $ls on SQLite, $ps on PostgreSQL"; }
	cmp -s lite.out pg.out || { diff lite.out pg.out | head -20; fail "$*: the engines differ"; }
}

$ITBCP --db lite.db init --demo >/dev/null || fail "init --demo on SQLite"
$ITBCP --db "$PG" init --demo >init.out 2>init.err || { cat init.err; fail "init --demo on PostgreSQL"; }
both export
[ -s pg.out ] || fail "export on PostgreSQL is empty"
cp pg.out plan.json
both check
both systems --json
both gaps --all
both budget --by fy
both rto

# A plan replaced whole, then read back as it was written.
jq '.systems[0].name = "人事給与システム（改）"' plan.json >changed.json
$ITBCP --db "$PG" import changed.json >/dev/null 2>import.err || { cat import.err; fail "import on PostgreSQL"; }
$ITBCP --db lite.db import changed.json >/dev/null || fail "import on SQLite"
both export
expect_contains pg.out "人事給与システム（改）" "the imported plan"
# A plan the rules refuse changes nothing on either engine.
jq '.systems[0].id = .systems[1].id' plan.json >bad.json
both import bad.json
both export
expect_contains pg.out "人事給与システム（改）" "the plan after a refused import"

# Accounts.
echo 'planner-pass-pg-1' | $ITBCP --db "$PG" user add tanaka --role planner --password-stdin >/dev/null ||
	fail "user add on PostgreSQL"
echo 'planner-pass-pg-1' | $ITBCP --db lite.db user add tanaka --role planner --password-stdin >/dev/null
both user add tanaka --role viewer --password-stdin </dev/null
both user role tanaka nobody
$ITBCP --db "$PG" user list >users.out || fail "user list"
expect_contains users.out tanaka "user list on PostgreSQL"

# An incident: recorded, verified, and its record refused a rewrite.
$ITBCP --db "$PG" incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --drill --as tester >/dev/null 2>start.err || { cat start.err; fail "incident start"; }
$ITBCP --db "$PG" incident decide 1 "本部を設置する" --as tester >/dev/null || fail "decide"
$ITBCP --db "$PG" incident checkin 1 p-sato --status safe --as tester >/dev/null || fail "checkin"
$ITBCP --db "$PG" incident verify 1 >verify.out 2>&1 || { cat verify.out; fail "the record does not verify"; }
if _pg_psql -d "$PG" -c "UPDATE incident_timeline SET detail = 'x' WHERE incident = 1" 2>upd.err; then
	fail "PostgreSQL let a timeline entry be rewritten"
fi
grep -q "incident_timeline" upd.err || { cat upd.err; fail "the refusal does not name the timeline"; }
$ITBCP --db "$PG" incident verify 1 >verify.out 2>&1 || { cat verify.out; fail "the record after a refused rewrite"; }
# Verifying needs only the public keys in the database, so no key file
# (as on SQLite without one beside the database); writing still asks for it.
env -u ITBCP_RECORD_KEY $ITBCP --db "$PG" incident verify 1 >verify.out 2>&1 ||
	{ cat verify.out; fail "verify without ITBCP_RECORD_KEY"; }
expect_contains verify.out "記録は完全です" "the record verified without ITBCP_RECORD_KEY"
if env -u ITBCP_RECORD_KEY $ITBCP --db "$PG" incident note 1 "鍵なし" --as tester >/dev/null 2>note.err; then
	fail "a record written without ITBCP_RECORD_KEY"
fi
expect_contains note.err "ITBCP_RECORD_KEY" "the refused write names ITBCP_RECORD_KEY"
$ITBCP --db "$PG" incident timeline 1 >timeline.out || fail "timeline"
grep -q "鍵なし" timeline.out && fail "the refused note was written"

# The web application on PostgreSQL: a person signs in and reads the plan.
SERVE_DB=$PG serve_start
expect_eq "$(login jar tanaka planner-pass-pg-1)" 303 "sign-in on PostgreSQL"
expect_eq "$(curl -s -o systems.html -w '%{http_code}' -b jar "$U/plan/systems")" 200 "GET /plan/systems"
expect_contains systems.html "人事給与システム（改）" "the systems page read from PostgreSQL"
serve_stop
