# pg_schema.sh — PostgreSQL's baseline schema (issue 18) is SQLite's:
# src/store/migrations/pg/022_baseline.sql applied to an empty database,
# then every later pg/NNN_*.sql in order as the runner applies them, must
# give the tables, columns (order, type, NOT NULL, default), keys,
# foreign keys, indexes and triggers that `itbcp init` gives SQLite after
# all its migrations, each difference named; and the same statements
# run on both engines must be refused or let through alike, with the
# append-only tables' very messages, and must move the plan revision by
# the same amounts.  Then what only PostgreSQL has: TRUNCATE refused or
# counted, foreign keys deferrable (store_replace_plan defers them),
# text sorted by bytes.
#
# With ITBCP_PG_BASE set (a cluster the runner started) the test takes a
# database of its own there; otherwise it starts a cluster of its own
# (tests/support/pg_cluster.sh).
. "$TESTS_DIR/lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/deps.sh installs it)"
# Debian's python3 before one on PATH: a pyenv shim costs ~0.4 s of CPU a call.
PY=$(command -v /usr/bin/python3 || command -v python3) || fail "python3 is missing"
. "$TESTS_DIR/support/pg_cluster.sh"
[ -x "$PG_BIN/initdb" ] || fail "PostgreSQL 15 is missing (scripts/deps.sh installs postgresql-15)"
BASELINE=$TESTS_DIR/../src/store/migrations/pg/022_baseline.sql

trap 'pg_test_cleanup; rm -rf "$T"' EXIT
pg_test_db pg_schema || fail "no PostgreSQL database for the test"
_pg_psql -1 -d "$PG" -f "$BASELINE" 2>apply.err || { cat apply.err >&2; fail "022_baseline.sql does not apply"; }
[ -s apply.err ] && { cat apply.err >&2; fail "022_baseline.sql applies with messages"; }
# The pairs after the baseline (023 …), each in its own transaction.
for f in "${BASELINE%/*}"/[0-9][0-9][0-9]_*.sql; do
	[ "$f" = "$BASELINE" ] && continue
	_pg_psql -1 -d "$PG" -f "$f" 2>apply.err || { cat apply.err >&2; fail "${f##*/} does not apply"; }
	[ -s apply.err ] && { cat apply.err >&2; fail "${f##*/} applies with messages"; }
done

$ITBCP --db x.db init >/dev/null || fail "init"

# (a) The schema, compared mechanically.  Each comparison is a pair of
# queries, one per engine, whose rows must be the same; all the queries of
# an engine run in one sqlite3 or psql call (a connection costs CPU).
# pair NAME SQLITE_SQL PG_SQL: queue the two queries; their rows land,
# sorted, in NAME.sqlite and NAME.pg.
printf '.separator |\n' >schema.sqlite
printf '\\pset format unaligned\n\\pset tuples_only on\n\\pset fieldsep |\n' >schema.psql
pair() {
	printf '.output %s.sqlite\n%s;\n' "$1" "$2" >>schema.sqlite
	printf '\\o %s.pg\n%s;\n' "$1" "$3" >>schema.psql
}
# pgonly NAME PG_SQL: a query of PostgreSQL's alone, its rows in NAME.pg.
pgonly() { printf '\\o %s.pg\n%s;\n' "$1" "$2" >>schema.psql; }
# same NAME WHAT: the two engines' rows agree, or the test fails with
# every row that differs (< SQLite only, > PostgreSQL only).
same() {
	LC_ALL=C sort "$1.sqlite" | tr -d '"' >sqlite.txt
	LC_ALL=C sort "$1.pg" | tr -d '"' >pg.txt
	diff sqlite.txt pg.txt >diff.txt ||
		{ cat diff.txt >&2; fail "$2 differ (< SQLite only, > PostgreSQL only)"; }
}

pair tables "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'" \
	"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"

# Columns: position, type (INTEGER → bigint, TEXT → text, BLOB → bytea),
# NOT NULL (a key column is NOT NULL in PostgreSQL), default.  The one
# column SQLite does not list, incident_steps.rowid, stands for its rowid.
pair columns "SELECT m.name, p.cid, p.name,
	CASE p.type WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
		WHEN 'BLOB' THEN 'bytea' ELSE 'unmapped ' || p.type END,
	p.\"notnull\" OR p.pk > 0, coalesce(p.dflt_value, '')
	FROM sqlite_schema m JOIN pragma_table_info(m.name) p
	WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'" \
	"SELECT table_name, ordinal_position - 1, column_name, data_type,
	(is_nullable = 'NO')::int, coalesce(regexp_replace(column_default, '::[a-z ]+\$', ''), '')
	FROM information_schema.columns
	WHERE table_schema = 'public' AND (table_name, column_name) <> ('incident_steps', 'rowid')"
pgonly rowid "SELECT is_identity, ordinal_position FROM information_schema.columns
	WHERE (table_name, column_name) = ('incident_steps', 'rowid')"
printf '.output rowid.sqlite\nSELECT count(*) FROM pragma_table_info('"'incident_steps'"');\n' \
	>>schema.sqlite

# The ids SQLite fills in are identities; every text column sorts by bytes.
pair identity "SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p
	WHERE m.type = 'table' AND p.pk = 1 AND p.type = 'INTEGER'
	AND (SELECT count(*) FROM pragma_table_info(m.name) WHERE pk > 0) = 1
	AND m.name NOT IN ('organisation', 'checkin_secret', 'plan_revision', 'whom_version', 'totp',
		'timeline_unsigned')" \
	"SELECT table_name, column_name FROM information_schema.columns
	WHERE table_schema = 'public' AND is_identity = 'YES' AND column_name <> 'rowid'"
pgonly collation "SELECT table_name || '.' || column_name FROM information_schema.columns
	WHERE table_schema = 'public' AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C'"

# Primary keys and UNIQUE constraints, with their columns in order.
pair keys "SELECT m.name, 'p', (SELECT group_concat(name, ',') FROM
		(SELECT name FROM pragma_table_info(m.name) WHERE pk > 0 ORDER BY pk))
	FROM sqlite_schema m WHERE m.type = 'table'
	AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE pk > 0)
	UNION ALL
	SELECT m.name, 'u', (SELECT group_concat(name, ',') FROM
		(SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))
	FROM sqlite_schema m, pragma_index_list(m.name) l
	WHERE m.type = 'table' AND l.origin = 'u'" \
	"SELECT c.conrelid::regclass, c.contype, string_agg(a.attname, ',' ORDER BY k.ord)
	FROM pg_constraint c CROSS JOIN unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
	JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
	WHERE c.contype IN ('p', 'u') AND c.connamespace = 'public'::regnamespace
	AND (c.conrelid::regclass::text, a.attname) <> ('incident_steps', 'rowid')
	GROUP BY c.oid, c.conrelid, c.contype"

# Foreign keys: column, referred table and column, ON DELETE.  Each is
# deferrable in PostgreSQL (SQLite's PRAGMA defer_foreign_keys).
pair fkeys "SELECT m.name, f.\"from\", f.\"table\", f.\"to\", f.on_delete
	FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'" \
	"SELECT c.conrelid::regclass, a.attname, c.confrelid::regclass, r.attname,
	CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT'
		WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
	FROM pg_constraint c
	JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
	JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
	WHERE c.contype = 'f'"
pgonly fkeys_deferrable "SELECT conrelid::regclass || ' ' || conname FROM pg_constraint
	WHERE contype = 'f' AND (NOT condeferrable OR condeferred OR cardinality(conkey) <> 1)"

# Indexes made by CREATE INDEX: table, columns, partial or not.
pair indexes "SELECT m.name, m.tbl_name, (SELECT group_concat(name, ',') FROM
		(SELECT name FROM pragma_index_info(m.name) ORDER BY seqno)),
	m.sql LIKE '% WHERE %'
	FROM sqlite_schema m WHERE m.type = 'index' AND m.sql IS NOT NULL" \
	"SELECT x.relname, i.indrelid::regclass, string_agg(a.attname, ',' ORDER BY k.ord),
	(i.indpred IS NOT NULL)::int
	FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
	CROSS JOIN unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
	JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
	WHERE x.relnamespace = 'public'::regnamespace
	AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
	GROUP BY x.relname, i.indrelid, i.indpred"

# Triggers: table, name, timing, event, row level, WHEN or not (SQLite's
# triggers are all row level).  PostgreSQL's own TRUNCATE triggers are
# not in information_schema: 28 plan tables counted, 9 append-only tables
# (plan_versions too) refusing; they are tried below.  The links'
# version's triggers (pg/025_whom_version.sql, named *_whom) are
# PostgreSQL's only: SQLite's writer reads PRAGMA data_version instead.
pair triggers "SELECT tbl_name, name,
	CASE WHEN instr(sql, ' BEFORE ') THEN 'BEFORE' ELSE 'AFTER' END,
	CASE WHEN instr(sql, ' INSERT ON ') THEN 'INSERT' WHEN instr(sql, ' UPDATE ON ') THEN 'UPDATE'
		ELSE 'DELETE' END, 'ROW', instr(sql, 'WHEN ') > 0
	FROM sqlite_schema WHERE type = 'trigger'" \
	"SELECT event_object_table, trigger_name, action_timing, event_manipulation,
	action_orientation, (action_condition IS NOT NULL)::int
	FROM information_schema.triggers WHERE trigger_schema = 'public'
	AND trigger_name NOT LIKE '%\_whom'"
pgonly whom_triggers "SELECT pg_get_triggerdef(oid) FROM pg_trigger
	WHERE NOT tgisinternal AND (tgname LIKE '%\_whom' OR tgfoid = 'whom_version_bump'::regproc)
	ORDER BY tgname"
pgonly truncate "SELECT count(*) FILTER (WHERE tgname LIKE '%\_rev\_t'),
	count(*) FILTER (WHERE tgname LIKE '%\_no\_truncate') FROM pg_trigger
	WHERE tgtype & 32 <> 0 AND NOT tgisinternal"

sqlite3 x.db <schema.sqlite || fail "the SQLite schema queries"
_pg_psql -d "$PG" -f schema.psql || fail "the PostgreSQL schema queries"
[ "$(wc -l <tables.sqlite)" -gt 50 ] || fail "init made $(wc -l <tables.sqlite) tables"
[ "$(wc -l <triggers.sqlite)" -gt 100 ] || fail "init made $(wc -l <triggers.sqlite) triggers"
same tables "the tables"
same columns "the columns"
expect_eq "$(cat rowid.pg)" "YES|$(($(cat rowid.sqlite) + 1))" \
	"incident_steps.rowid, an identity after SQLite's columns"
same identity "the identity columns"
expect_eq "$(cat collation.pg)" "" "text columns without COLLATE \"C\""
same keys "the primary keys and UNIQUE constraints"
same fkeys "the foreign keys"
expect_eq "$(cat fkeys_deferrable.pg)" "" "foreign keys not single-column DEFERRABLE INITIALLY IMMEDIATE"
same indexes "the indexes"
same triggers "the triggers"
expect_eq "$(cat truncate.pg)" "28|9" "TRUNCATE triggers"
# Which columns' updates move the links' version: those store_checkin_whom
# reads, never those a check-in writes (incident_people.last_checkin …).
cat >whom_triggers.expected <<'EOF'
CREATE TRIGGER checkin_tokens_whom AFTER INSERT OR DELETE OR UPDATE OF token_hash, person OR TRUNCATE ON public.checkin_tokens FOR EACH STATEMENT EXECUTE FUNCTION whom_version_bump()
CREATE TRIGGER incident_people_whom AFTER INSERT OR DELETE OR UPDATE OF incident, person, name, called, ask OR TRUNCATE ON public.incident_people FOR EACH STATEMENT EXECUTE FUNCTION whom_version_bump()
CREATE TRIGGER incidents_whom AFTER INSERT OR DELETE OR UPDATE OF id, event_name, drill, started_at, state OR TRUNCATE ON public.incidents FOR EACH STATEMENT EXECUTE FUNCTION whom_version_bump()
EOF
diff whom_triggers.expected whom_triggers.pg >&2 || fail "the links' version's triggers (< expected)"

# (b) The same statements on both engines, one per line, each in its own
# transaction; @blobN@ is N bytes.  A line starting with ! expects a
# refusal whose words are each engine's own (a CHECK, a key): only the
# refusal is compared.  Every other refusal is compared word for word.
# Ids given after a refused insert are not compared: an identity skips
# the number the refused row took, SQLite gives it again.
cat >probes.sql <<'EOF'
INSERT INTO incidents (event, started_at, entered_at, variant) VALUES ('e', 1, 2, 'weekday_day')
!INSERT INTO incidents (event, started_at, entered_at, variant) VALUES ('e', 1, 2, 'weekend')
-- append-only: an UPDATE or DELETE of a row is refused, of no row is not
INSERT INTO audit_log (at, actor, action, prev_hash, hash) VALUES ('t', 'a', 'x', '', 'h')
UPDATE audit_log SET detail = 'changed'
DELETE FROM audit_log
UPDATE audit_log SET detail = 'changed' WHERE id = 99
!INSERT INTO audit_log (at, actor, action, prev_hash, hash, hash_alg) VALUES ('t', 'a', 'x', '', 'h', 'md5')
SELECT count(*), max(detail), max(hash_alg) FROM audit_log
INSERT INTO incident_timeline (incident, seq, at, author, kind, content, prev_hash, hash) VALUES (1, 1, 5, 'a', 'start', '{}', '', 'h1')
UPDATE incident_timeline SET content = '{"x":1}'
DELETE FROM incident_timeline WHERE incident = 1
!INSERT INTO incident_timeline (incident, seq, at, author, kind, content, prev_hash, hash) VALUES (2, 1, 5, 'a', 'start', '{}', '', 'h1')
INSERT INTO jma_reports (received_at, source, digest, type, status, info, event_id, title, max_intensity, decision, reason, incident, body) VALUES (1, 'feed', 'd1', 'VXSE53', '通常', '発表', 'ev', '震源・震度に関する情報', '6-', 'none', 'r', 1, @blob32@)
UPDATE jma_reports SET reason = 'other'
DELETE FROM jma_reports
!INSERT INTO jma_reports (received_at, source, digest, type, status, info, event_id, title, max_intensity, decision, reason, body) VALUES (1, 'feed', 'd2', 'VXSE53', '通常', '発表', 'ev', 't', '6-', 'maybe', 'r', @blob32@)
INSERT INTO jma_feed_entries (fetched_at, feed, entry_id, link, type, outcome, report, reason) VALUES (1, 'f', 'e1', 'l1', 'VXSE53', 'ingested', 1, '')
UPDATE jma_feed_entries SET reason = 'x'
DELETE FROM jma_feed_entries
INSERT INTO incident_pack_ticks (incident, step, ticked_at, ticked_by, seq) VALUES (1, 's1', 3, 'p', 2)
UPDATE incident_pack_ticks SET seq = 3
DELETE FROM incident_pack_ticks
INSERT INTO record_keys (public_key, made_at, reason) VALUES (@blob32@, 1, 'new')
!INSERT INTO record_keys (public_key, made_at, reason) VALUES (@blob64@, 1, 'new')
UPDATE record_keys SET reason = 'other'
DELETE FROM record_keys
INSERT INTO timeline_signatures (incident, seq, key, sig) VALUES (1, 1, 1, @blob64@)
!INSERT INTO timeline_signatures (incident, seq, key, sig) VALUES (1, 2, 1, @blob32@)
!INSERT INTO timeline_signatures (incident, seq, key, sig) VALUES (1, 3, 7, @blob64@)
UPDATE timeline_signatures SET seq = 9
DELETE FROM timeline_signatures
INSERT INTO timeline_unsigned (incident, last_seq) VALUES (1, 5)
UPDATE timeline_unsigned SET last_seq = 6
DELETE FROM timeline_unsigned
SELECT (SELECT count(*) FROM incident_timeline) + (SELECT count(*) FROM jma_reports) + (SELECT count(*) FROM jma_feed_entries) + (SELECT count(*) FROM incident_pack_ticks) + (SELECT count(*) FROM record_keys) + (SELECT count(*) FROM timeline_signatures) + (SELECT last_seq FROM timeline_unsigned)
-- plan versions: a pending row changes only its decision, once
INSERT INTO plan_versions (document, doc_hash, submitted_by, submitted_at) VALUES ('{}', 'h', 'u', 't')
UPDATE plan_versions SET comment = 'c' WHERE id = 1
UPDATE plan_versions SET state = 'rejected', decided_by = 'b', decided_at = 't2', reason = 'no' WHERE id = 1
UPDATE plan_versions SET reason = 'again' WHERE id = 1
UPDATE plan_versions SET document = '{"x":1}' WHERE id = 1
UPDATE plan_versions SET state = 'pending', submitted_by = 'v' WHERE id = 1
DELETE FROM plan_versions
INSERT INTO plan_versions (document, doc_hash, submitted_by, submitted_at) VALUES ('{}', 'h', 'u', 't')
!UPDATE plan_versions SET state = 'approved' WHERE id = 2
!UPDATE plan_versions SET number = 0 WHERE id = 2
UPDATE plan_versions SET state = 'approved', number = 1, decided_by = 'b' WHERE id = 2
UPDATE plan_versions SET decided_by = NULL WHERE id = 2
UPDATE plan_versions SET id = 5 WHERE id = 2
INSERT INTO plan_versions (document, doc_hash, submitted_by, submitted_at) VALUES ('{}', 'h', 'u', 't')
!UPDATE plan_versions SET state = 'approved', number = 1 WHERE id = 3
UPDATE plan_versions SET comment = NULL WHERE id = 3
SELECT id, state, number, decided_by, reason FROM plan_versions ORDER BY id
-- the plan revision: once per row changed in a plan table, never otherwise
SELECT n FROM plan_revision
INSERT INTO department (pos, id, name) VALUES (0, 'd1', 'D1'), (1, 'd2', 'D2'), (2, 'd3', 'D3')
SELECT n FROM plan_revision
UPDATE department SET name = name || '!'
SELECT n FROM plan_revision
UPDATE department SET name = 'x' WHERE id = 'none'
DELETE FROM department WHERE id IN ('d2', 'd3')
SELECT n FROM plan_revision
!INSERT INTO department (pos, id) VALUES (3, 'd1')
!INSERT INTO person (pos, id, department) VALUES (0, 'p1', 'nowhere')
INSERT INTO person (pos, id, department) VALUES (0, 'p1', 'd1')
!DELETE FROM department
INSERT INTO organisation (singleton, name) VALUES (1, 'org')
UPDATE organisation SET name = 'org2'
!INSERT INTO organisation (singleton) VALUES (2)
SELECT n FROM plan_revision
INSERT INTO "system" (pos, id, department) VALUES (0, 's1', 'd1'), (1, 's2', NULL)
INSERT INTO system_dependency (pos, "system", depends_on) VALUES (0, 's1', 's2')
!INSERT INTO system_dependency (pos, "system", depends_on) VALUES (1, 's1', 's2')
UPDATE "role" SET name = 'none'
INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)
INSERT INTO users (name, role, pwhash, created_at, password_changed_at) VALUES ('u', 'admin', 'x', 't', 't')
INSERT INTO incident_people (incident, person, pos, name) VALUES (1, 'p1', 0, 'P')
SELECT n FROM plan_revision
DELETE FROM system_dependency
DELETE FROM "system"
DELETE FROM person
SELECT n FROM plan_revision
SELECT (SELECT count(*) FROM department), (SELECT max(name) FROM organisation), (SELECT count(*) FROM person)
-- the rest: CHECKs, ON DELETE CASCADE, rowid order
!INSERT INTO users (name, role, pwhash, created_at, password_changed_at) VALUES ('v', 'boss', 'x', 't', 't')
!INSERT INTO users (name, role, pwhash, created_at, password_changed_at) VALUES ('u', 'viewer', 'x', 't', 't')
INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ('t1', 1, 'c', 1, 2)
INSERT INTO totp (user_id, secret, created_at) VALUES (1, 's', 't')
INSERT INTO totp_recovery (user_id, hash) VALUES (1, 'h')
INSERT INTO login_pending (token_hash, user_id, expires_at) VALUES ('l1', 1, 2)
!INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ('t2', 7, 'c', 1, 2)
DELETE FROM users
SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM totp) + (SELECT count(*) FROM totp_recovery) + (SELECT count(*) FROM login_pending)
!INSERT INTO incident_checkins (incident, person, status, assembly, at, seq) VALUES (1, 'p1', 'fine', 'yes', 1, 1)
!INSERT INTO incident_checkins (incident, person, status, assembly, at, seq) VALUES (1, 'p1', 'safe', 'maybe', 1, 1)
INSERT INTO incident_checkins (incident, person, status, assembly, at, seq) VALUES (1, 'p1', 'cannot_act', 'online', 1, 1)
!INSERT INTO outbox (kind, person, channel, address, link, subject, body, created_at, due_at, next_attempt_at) VALUES ('fax', 'p', 'mail', 'a', 'l', 's', 'b', 1, 1, 1)
INSERT INTO outbox (kind, person, channel, address, link, subject, body, created_at, due_at, next_attempt_at) VALUES ('witness', 'p', 'webhook', 'a', 'l', 's', 'b', 1, 1, 1)
!UPDATE outbox SET state = 'lost'
!UPDATE incidents SET hold_state = 'paused'
!UPDATE incident_people SET ask = 'never'
!INSERT INTO backups (started, finished, target, ok) VALUES (1, 2, 't', 2)
SELECT kind, state, attempts FROM outbox
INSERT INTO incident_steps (incident, step, no, title) VALUES (1, 'b', 1, 'B')
INSERT INTO incident_steps (incident, step, no, title) VALUES (1, 'c', 0, 'C')
INSERT INTO incident_steps (incident, step, no, title) VALUES (1, 'a', 1, 'A')
SELECT step, state FROM incident_steps WHERE incident = 1 ORDER BY no, rowid
-- text sorts by bytes, as SQLite's BINARY collation, whatever the locale
INSERT INTO policy (pos, id) VALUES (0, 'b'), (1, 'B'), (2, 'á'), (3, 'a'), (4, 'ａ'), (5, 'A')
SELECT id FROM policy ORDER BY id
EOF
cat >probes.expected <<'EOF'
ok
ERR
ok
ERR audit_log is append-only
ERR audit_log is append-only
ok
ERR
1||blake2b
ok
ok
ERR incident_timeline is append-only
ERR incident_timeline is append-only
ERR
ok
ERR jma_reports is append-only
ERR jma_reports is append-only
ERR
ok
ERR jma_feed_entries is append-only
ERR jma_feed_entries is append-only
ok
ERR incident_pack_ticks is append-only
ERR incident_pack_ticks is append-only
ok
ERR
ERR record_keys is append-only
ERR record_keys is append-only
ok
ERR
ERR
ERR timeline_signatures is append-only
ERR timeline_signatures is append-only
ok
ERR timeline_unsigned is written once
ERR timeline_unsigned is written once
11
ok
ok
ERR plan_versions: a submitted snapshot cannot change
ok
ERR plan_versions: a decided version is frozen
ERR plan_versions: a submitted snapshot cannot change
ERR plan_versions: a submitted snapshot cannot change
ERR plan_versions is append-only
ok
ERR
ERR
ok
ERR plan_versions: a decided version is frozen
ERR plan_versions: a submitted snapshot cannot change
ok
ERR
ERR plan_versions: a submitted snapshot cannot change
1|rejected||b|no
2|approved|1|b|
3|pending|||
ok
0
ok
ok
3
ok
ok
6
ok
ok
ok
8
ok
ERR
ERR
ok
ERR
ok
ok
ERR
11
ok
ok
ok
ERR
ok
ok
ok
ok
14
ok
ok
ok
ok
18
ok
1|org2|0
ok
ERR
ERR
ok
ok
ok
ok
ERR
ok
0
ok
ERR
ERR
ok
ERR
ok
ERR
ERR
ERR
ERR
witness|queued|0
ok
ok
ok
ok
c|pending
b|pending
a|pending
ok
ok
A
B
a
b
á
ａ
ok
EOF

# What only PostgreSQL has, run after the lines above: TRUNCATE refused
# with the same message on an append-only table, counted once on a plan
# table; foreign keys deferred, as store_replace_plan asks with PRAGMA
# defer_foreign_keys (a role reporting to one inserted after it), and
# still checked at the commit.
cat >pgonly.sql <<'EOF'
TRUNCATE audit_log
TRUNCATE plan_versions
SELECT count(*) FROM audit_log
SELECT n FROM plan_revision
TRUNCATE damage_assumption
SELECT n FROM plan_revision
BEGIN; SET CONSTRAINTS ALL DEFERRED; INSERT INTO "role" (pos, id, reports_to) VALUES (0, 'r1', 'r2'); INSERT INTO "role" (pos, id) VALUES (1, 'r2'); COMMIT
!BEGIN; SET CONSTRAINTS ALL DEFERRED; INSERT INTO "role" (pos, id, reports_to) VALUES (2, 'r3', 'r9'); COMMIT
!INSERT INTO "role" (pos, id, reports_to) VALUES (2, 'r3', 'r9')
SELECT string_agg(id, ' ' ORDER BY id) FROM "role"
-- the links' version (pg/025): not moved by what a check-in writes, nor by
-- an incident's hold or review; moved once by a statement that writes a
-- column an answer reads, however many rows, or none
SELECT n FROM whom_version
UPDATE incident_people SET last_checkin = 7, first_checkin = 7, first_at = 9
UPDATE incidents SET hold_state = 'held', hold_until = 5, review = 'r'
SELECT n FROM whom_version
UPDATE incident_people SET called = called
UPDATE incidents SET state = 'closed' WHERE id = 99
UPDATE checkin_tokens SET token_hash = token_hash
SELECT n FROM whom_version
EOF
cat >pgonly.expected <<'EOF'
ERR audit_log is append-only
ERR plan_versions is append-only
1
ok
24
ok
ok
25
ok
ok
ERR
ERR
r1 r2
ok
2
ok
ok
ok
2
ok
ok
ok
ok
5
ok
EOF

# SQLite, through the database init made: Python's sqlite3 module, each
# statement in autocommit, foreign keys on as itbcp opens it (not synced:
# what is compared does not depend on it).
cp x.db probe.db
sed -e 's/@blob32@/zeroblob(32)/g' -e 's/@blob64@/zeroblob(64)/g' probes.sql >probes.sqlite
"$PY" - probe.db probes.sqlite >probes.sqlite.out <<'EOF' || fail "the SQLite probes did not run"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
db.execute("PRAGMA synchronous = OFF")
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("--"):
        continue
    quiet = line.startswith("!")
    try:
        for row in db.execute(line[1:] if quiet else line):
            print("|".join("" if v is None else str(v) for v in row))
        print("ok")
    except sqlite3.Error as e:
        print("ERR" if quiet else "ERR " + str(e))
EOF
# PostgreSQL: the same lines, then its own, through one psql, autocommit,
# not stopping at an error; psql's ERROR and LAST_ERROR_MESSAGE say how
# each went (of a line of several statements: how the last went).
{
	echo "SET synchronous_commit = off;"
	cat probes.sql pgonly.sql |
		sed -e "s/@blob32@/decode(repeat('ab', 32), 'hex')/g" \
			-e "s/@blob64@/decode(repeat('ab', 64), 'hex')/g" |
		awk '/^--/ || /^$/ { next }
		{
			quiet = substr($0, 1, 1) == "!"
			print (quiet ? substr($0, 2) : $0) ";"
			print "\\if :ERROR"
			print (quiet ? "\\echo ERR" : "\\echo ERR :LAST_ERROR_MESSAGE")
			print "\\else\n\\echo ok\n\\endif"
		}'
} >probes.psql
"$PG_BIN/psql" -X -q -At -F '|' -v ON_ERROR_STOP=0 -d "$PG" -f probes.psql >probes.pg.out \
	2>probes.pg.err || fail "the PostgreSQL probes did not run"

diff probes.expected probes.sqlite.out >probes.diff ||
	{ cat probes.diff >&2; fail "SQLite does not do what the probes expect (< expected, > SQLite)"; }
cat probes.sqlite.out pgonly.expected >probes.pg.expected
diff probes.pg.expected probes.pg.out >probes.diff || {
	cat probes.diff >&2
	fail "PostgreSQL does not do what SQLite does (< SQLite then pgonly.expected, > PostgreSQL;" \
		"the statements are those of probes.sql then pgonly.sql, in order)"
}
