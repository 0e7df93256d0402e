# pg_copy.sh — `itbcp copy --to` (issue 18, item 3): a whole database
# moved from SQLite to PostgreSQL and back to a new SQLite file.  The
# demo plan, plan versions, users and their audit log, an incident with
# check-ins, steps, system states, decisions and check-in tokens; after
# the two copies the three export the same bytes and show the same
# incident, the record verifies on each (the copy itself also verified
# every table's rows, every record and the audit log before committing),
# the check-in tokens are the same, and the round trip's SQLite file holds
# exactly the rows of the first (PostgreSQL's ids go on after the copied
# ones).  Refused, with nothing changed: a target that is
# not empty (either engine), a bad URI, another schema version, and a
# source whose record does not verify (the target stays empty, a file the
# copy made is removed).
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/support/pg_cluster.sh"
trap 'pg_drop_second; pg_test_cleanup; rm -rf "$T"' EXIT
pg_drop_second() { :; }
pg_test_db pg_copy || fail "no PostgreSQL database for the test"
# a second, empty database in the same cluster, for the refused copy
PG2=$(pg_cluster_newdb "${PG_TEST_DB}_e") || fail "no second PostgreSQL database"
pg_drop_second() {
	_pg_psql -d "$ITBCP_PG_BASE/postgres" -c "DROP DATABASE IF EXISTS ${PG_TEST_DB}_e WITH (FORCE)" \
		>/dev/null 2>&1 || :
}
# one record key for the three: the signatures go on with the same key
export ITBCP_RECORD_KEY="$T/record.key"
export ITBCP_NOW=2026-01-12T19:00+09:00

# The source: the demo plan and a bit of everything.
demo_db a.db
I="$ITBCP --db a.db incident"
$I start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- --area 東京都 --drill \
	--as tester >/dev/null || fail "incident start"
$I checkin 1 p-sato --status safe --eta 2026-01-12T19:30+09:00 --location 自宅 \
	--at 2026-01-12T18:10+09:00 >/dev/null || fail "checkin"
$I checkin 1 p-suzuki --status injured --assembly online --note 軽傷 --at 2026-01-12T18:12+09:00 \
	>/dev/null || fail "checkin 2"
$I add-step 1 "報道対応" --roles role-resp --due 2026-01-12T20:00+09:00 >/dev/null || fail "add-step"
$I system 1 mail --damage down --policy alternate_site --state in_progress >/dev/null || fail "system"
$I decide 1 "本部を設置する" --as tester >/dev/null || fail "decide"
$I tokens --base-url https://bcp.example.lg.jp --json >tokens.a || fail "tokens"
echo 'planner-pass-cp-1' | $ITBCP --db a.db user add tanaka --role planner --password-stdin >/dev/null ||
	fail "user add"
echo 'viewer-pass-cp-12' | $ITBCP --db a.db user add sato --role viewer --password-stdin >/dev/null
# Plan versions are submitted on the web; two rows as it writes them.
$ITBCP --db a.db export >plan.json
sqlite3 a.db "INSERT INTO plan_versions (state, number, document, doc_hash, submitted_by,
	submitted_at, comment, decided_by, decided_at) VALUES ('approved', 1, CAST(readfile('plan.json') AS TEXT),
	'h1', 'tanaka', '2026-01-05T00:00:00Z', '第1版', 'admin', '2026-01-06T00:00:00Z');
	INSERT INTO plan_versions (document, doc_hash, submitted_by, submitted_at)
	VALUES ('{}', 'h2', 'tanaka', '2026-01-07T00:00:00Z')" || fail "versions"

# SQLite → PostgreSQL → a new SQLite file.
$ITBCP --db a.db copy --to "$PG" >copy1.out 2>copy1.err || { cat copy1.err; fail "copy to PostgreSQL"; }
expect_contains copy1.out "コピーしました" "the first copy's report"
$ITBCP --db "$PG" copy --to b.db --json >copy2.json 2>copy2.err || { cat copy2.err; fail "copy back"; }
expect_eq "$(jq -r '.created, .incidents_verified' copy2.json | tr '\n' ' ')" "true 1 " "the copy back"
[ "$(jq .rows copy2.json)" -gt 500 ] || fail "the copy back moved $(jq .rows copy2.json) rows"

# The same plan and incident on all three; the record verifies on each.
for db in a.db "$PG" b.db; do
	n=$((${n:-0} + 1))
	$ITBCP --db "$db" export >export.$n || fail "export $n"
	$ITBCP --db "$db" incident show 1 --json >show.$n || fail "show $n"
	$ITBCP --db "$db" incident verify 1 >verify.$n 2>&1 || { cat verify.$n; fail "verify on $n"; }
	expect_contains verify.$n "記録は完全です" "the record on $n"
	[ $n = 1 ] && continue
	for f in export show verify; do
		cmp -s $f.1 $f.$n || { diff $f.1 $f.$n | cut -c1-300 | head; fail "$f differs after copy $((n - 1))"; }
	done
done
$ITBCP --db b.db incident tokens --base-url https://bcp.example.lg.jp --json >tokens.b
cmp -s tokens.a tokens.b || fail "the check-in tokens changed"
# Every row of every table made the round trip (but the counters, the
# plan's revision and the links' version, moved on, and the order of rows
# PostgreSQL keeps in none).
sqlite3 a.db .dump | grep -Ev '^INSERT INTO (plan_revision|whom_version)' | sort >dump.a
sqlite3 b.db .dump | grep -Ev '^INSERT INTO (plan_revision|whom_version)' | sort >dump.b
# … and moved on past the source's: PostgreSQL's triggers moved the links'
# version with the copy's inserts (at least 1), then the copy moved it one
# further on each way (SQLite's, which nothing else moves, too).
v=$(sqlite3 b.db 'SELECT n FROM whom_version')
[ "$v" -ge 3 ] || fail "whom_version after the round trip: $v, not moved on"
cmp -s dump.a dump.b || { diff dump.a dump.b | cut -c1-300 | head; fail "the round trip changed rows"; }
grep -q "^INSERT INTO plan_versions" dump.b || fail "no versions in the round trip"
# The copy's steps keep their order among equal numbers (SQLite's rowid).
q="SELECT step FROM incident_steps ORDER BY no, rowid"
expect_eq "$(sqlite3 b.db "$q" | md5sum)" "$(sqlite3 a.db "$q" | md5sum)" "the checklist's order"

# PostgreSQL's ids go on after the copied ones.
$ITBCP --db "$PG" incident start --event disaster --at 2026-01-12T18:30+09:00 --drill --json \
	>start2.json 2>start2.err || { cat start2.err; fail "an incident after the copy"; }
expect_eq "$(jq .id start2.json)" 2 "the next incident's id"

# Refused, nothing changed: targets that are not empty.
cp b.db b.before
if $ITBCP --db a.db copy --to "$PG" >out 2>err; then fail "copied into a PostgreSQL database with rows"; fi
expect_contains err "コピー先は空ではありません" "the refusal of a full target"
expect_eq "$(_pg_psql -At -d "$PG" -c 'SELECT count(*) FROM incidents')" 2 "incidents after the refusal"
if $ITBCP --db a.db copy --to b.db >out 2>err; then fail "copied into a SQLite file with rows"; fi
cmp -s b.db b.before || fail "the refused copy changed the SQLite file"
# A bad URI, the same database, another schema version.
set +e
$ITBCP --db a.db copy --to "postgresql://%zz" >out 2>err2
expect_eq $? 2 "exit status for a bad URI"
$ITBCP --db a.db copy --to a.db >out 2>err3
expect_eq $? 2 "exit status for the same database"
cp b.db c.db && sqlite3 c.db "PRAGMA user_version = 22"
$ITBCP --db a.db copy --to c.db >out 2>err4
expect_eq $? 2 "exit status for another schema version"
set -e
expect_contains err2 "the target postgresql://%zz: " "the bad URI named"
expect_contains err2 "invalid percent-encoded" "the bad URI's fault"
expect_contains err3 "コピー元とコピー先が同じです" "the same database"
# (the source's version is the newest migration's number: read, not written
# here, so that the next migration does not break this line)
expect_contains err4 "スキーマの版が違います（コピー元 $(sqlite3 b.db 'PRAGMA user_version')、コピー先 22）" \
	"the schema versions"
expect_eq "$(sqlite3 c.db 'PRAGMA user_version')" 22 "the older target left as it was"

# A source whose record was rewritten behind the triggers' back: the copy
# finds it before the commit, and the targets stay empty.
cp a.db t.db
sqlite3 t.db "DROP TRIGGER incident_timeline_no_update;
	UPDATE incident_timeline SET content = replace(content, '本部', '支部') WHERE kind = 'decision'"
if $ITBCP --db t.db copy --to d.db >out 2>err; then fail "copied a record that does not verify"; fi
expect_contains err "事案 1 の記録がコピー先で検証できません" "the broken record named"
[ ! -e d.db ] && [ ! -e d.db-wal ] || fail "the refused copy left its file"
if $ITBCP --db t.db copy --to "$PG2" >out 2>err; then fail "copied a broken record to PostgreSQL"; fi
expect_eq "$(_pg_psql -At -d "$PG2" -c 'SELECT (SELECT count(*) FROM organisation) +
	(SELECT count(*) FROM incidents) + (SELECT count(*) FROM users)')" 0 "rows after a refused copy"
