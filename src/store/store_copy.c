/*
 * store_copy.c — a whole database copied into an empty one (store_copy.h).
 *
 * The append-only triggers of both engines (audit_log, incident_timeline,
 * the record's signatures, plan_versions …) refuse UPDATE, DELETE and
 * TRUNCATE, never INSERT: a copy into an empty database is inserts only,
 * so every trigger stays in force and none needs a way round.  A session
 * flag the triggers would honour "during a copy" would be a way round for
 * anyone who sets it; it was not made.  The rows the migrations write
 * themselves, the counters of plan_revision (005) and whom_version (025),
 * are not inserted but moved forward (an UPDATE those tables allow), past
 * both the target's own and the source's value, so no cache of either
 * database (the plan's, the check-in writer's links) takes the copy for
 * data it saw.  One rule for both: a counter table may hold its row in an
 * "empty" target, and is not copied.
 *
 * Foreign keys are checked at the commit (the tables go in by name, a
 * child before its parent), as store_replace_plan does.  The target's
 * identity sequences (PostgreSQL) are set past the highest id copied, so
 * the next insert does not collide; setval is not undone by a rollback,
 * so it comes last, when only the checks remain (a refused copy leaves at
 * most a sequence further on: ids have gaps on PostgreSQL anyway).
 */
#include "store/store_copy.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store/copy_rows.h"
#include "store/copy_schema.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/users.h"

/* The tables the migrations fill, each one row (singleton 1) of a counter
 * n: 005_plan_revision.sql, 025_whom_version.sql.  Names written into SQL
 * text below: constants. */
static const char *const copy_counters[] = { "plan_revision", "whom_version" };

/* Whether table is one of copy_counters. */
static bool is_counter(const char *table)
{
	for (size_t i = 0; i < sizeof copy_counters / sizeof *copy_counters; i++)
		if (!strcmp(table, copy_counters[i]))
			return true;
	return false;
}

/* -1 with e when a table of s other than a counter has a row in db. */
static int check_empty(struct db *db, const struct copy_schema *s, struct err *e)
{
	for (size_t i = 0; i < s->n; i++) {
		if (is_counter(s->v[i].name))
			continue;
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", s->v[i].name);
		struct stmt st = STMT_INIT;
		int64_t n = -1;
		if (db_prepare(db, &st, sql, e) == 0 && db_step(&st, e) == 1)
			n = db_col_int(&st, 0);
		db_finalize(&st);
		if (n < 0)
			return -1;
		if (n > 0)
			return err_set(e,
				       "コピー先は空ではありません（表 %s に %lld 行） / the target is not "
				       "empty (table %s has %lld rows)",
				       s->v[i].name, (long long)n, s->v[i].name, (long long)n);
	}
	return 0;
}

/* Moves the target's counter `table` past the source's value and its own
 * (which the triggers of the tables copied may have moved). */
static int carry_counter(struct db *from, struct db *to, const char *table, struct err *e)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT n FROM \"%s\" WHERE singleton = 1", table);
	int64_t n = db_int(from, 0, sql, NULL);
	char sqlite[160], pg[160];
	snprintf(sqlite, sizeof sqlite, "UPDATE \"%s\" SET n = max(n, ?1) + 1 WHERE singleton = 1", table);
	snprintf(pg, sizeof pg,
		 "UPDATE \"%s\" SET n = greatest(n, CAST(?1 AS BIGINT)) + 1 "
		 "WHERE singleton = 1",
		 table);
	struct stmt s = STMT_INIT;
	int rc = db_prepare2(to, &s, sqlite, pg, e);
	if (rc == 0) {
		db_bind_int(&s, 1, n);
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	return rc;
}

/* PostgreSQL: every identity column's sequence set to its table's highest
 * value (the next id is one more); *n how many were set. */
static int set_sequences(struct db *db, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	int r;
	*n = 0;
	if (db_prepare(db, &s,
		       "SELECT table_name, column_name FROM information_schema.columns WHERE "
		       "table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1, 2",
		       e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		const char *t = db_col_text(&s, 0), *c = db_col_text(&s, 1);
		/* written into the text: the catalogue's names of our own
		 * schema, held to copy_schema's rule all the same */
		if (!copy_plain_name(t) || !copy_plain_name(c)) {
			r = err_set(e, "PostgreSQL: identity %.64s.%.64s: not a plain name", t, c);
			break;
		}
		char sql[320];
		snprintf(sql, sizeof sql,
			 "SELECT setval(pg_get_serial_sequence(?1, ?2), max(\"%s\")) FROM \"%s\" "
			 "HAVING max(\"%s\") IS NOT NULL",
			 c, t, c);
		struct stmt set = STMT_INIT;
		if (db_prepare(db, &set, sql, e) == 0) {
			db_bind_text(&set, 1, t);
			db_bind_text(&set, 2, c);
			r = db_step(&set, e);
		} else {
			r = -1;
		}
		db_finalize(&set);
		if (r < 0)
			break;
		*n += r == 1;
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* Every incident's record and the audit log's chain, verified in st. */
static int verify_records(struct store *st, struct store_copy_result *res, struct err *e)
{
	int64_t id;
	struct timeline_check c;
	if (store_timeline_verify_all(st, &res->incidents, &id, &c, e))
		return -1;
	if (id)
		return err_set(e,
			       "事案 %lld の記録がコピー先で検証できません（記録 %lld: %s）"
			       "。元の記録を itbcp incident verify で確かめてください / "
			       "incident %lld's record does not verify in the copy (entry "
			       "%lld: %s): check the source's with itbcp incident verify",
			       (long long)id, (long long)c.bad_seq, c.reason, (long long)id,
			       (long long)c.bad_seq, c.reason);
	int64_t bad = 0;
	int v = users_audit_verify(st, &res->audit, &bad, e);
	if (v < 0)
		return -1;
	if (v == 0)
		return err_set(e,
			       "監査ログの連鎖がコピー先で検証できません（%lld 行目） / the audit "
			       "log's chain does not verify in the copy (entry %lld)",
			       (long long)bad, (long long)bad);
	return 0;
}

/* The copy proper, inside from's snapshot and to's write transaction. */
static int copy_all(struct store *from, struct store *to, struct store_copy_result *res, struct err *e)
{
	struct copy_schema src = COPY_SCHEMA_INIT, dst = COPY_SCHEMA_INIT;
	int rc = -1;
	int vf = store_schema_version(from), vt = store_schema_version(to);
	if (vf != vt) {
		err_set(e,
			"スキーマの版が違います（コピー元 %d、コピー先 %d） / the schema versions "
			"differ (source %d, target %d)",
			vf, vt, vf, vt);
		goto out;
	}
	res->schema = vf;
	if (copy_schema_read(&from->db, &src, e) || copy_schema_read(&to->db, &dst, e) ||
	    copy_schema_join(&src, &dst, e) || check_empty(&to->db, &dst, e))
		goto out;
	if (db_exec(&to->db,
		    db_engine(&to->db) == DB_PG ? "SET CONSTRAINTS ALL DEFERRED"
						: "PRAGMA defer_foreign_keys = ON",
		    e))
		goto out;
	for (size_t i = 0; i < src.n; i++) {
		struct copy_table *t = &src.v[i];
		if (is_counter(t->name))
			continue;
		if (copy_rows(&from->db, &to->db, t, e))
			goto out;
		res->rows += t->rows;
	}
	res->tables = src.n;
	for (size_t i = 0; i < sizeof copy_counters / sizeof *copy_counters; i++)
		if (carry_counter(&from->db, &to->db, copy_counters[i], e))
			goto out;
	/* PostgreSQL: the references checked now, before the read-back's
	 * work, rather than at the commit (SQLite checks its deferred ones
	 * there; a broken one refuses the commit either way) */
	if (db_engine(&to->db) == DB_PG && db_exec(&to->db, "SET CONSTRAINTS ALL IMMEDIATE", e))
		goto out;
	for (size_t i = 0; i < src.n; i++)
		if (!is_counter(src.v[i].name) && copy_rows_check(&to->db, &src.v[i], e))
			goto out;
	if (verify_records(to, res, e))
		goto out;
	if (db_engine(&to->db) == DB_PG && set_sequences(&to->db, &res->sequences, e))
		goto out;
	rc = 0;
out:
	copy_schema_release(&src);
	copy_schema_release(&dst);
	return rc;
}

/* See store_copy.h. */
int store_copy(struct store *from, struct store *to, struct store_copy_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	if (db_read_begin(&from->db, e))
		return -1;
	if (db_begin(&to->db, e)) {
		db_read_end(&from->db);
		return -1;
	}
	int rc = copy_all(from, to, res, e);
	if (rc == 0)
		rc = db_commit(&to->db, e);
	if (rc)
		db_rollback(&to->db);
	db_read_end(&from->db);
	return rc;
}

/* See store_copy.h. */
int store_copy_probe(const char *target, int *version, struct err *e)
{
	struct store st = STORE_INIT;
	if (store_open(&st, target, STORE_READONLY, e))
		return -1;
	*version = store_schema_version(&st);
	int rc = 0;
	if (*version == 0) {
		struct copy_schema s = COPY_SCHEMA_INIT;
		if (copy_schema_tables(&st.db, &s, e))
			rc = -1;
		else if (s.n > 0)
			rc = err_set(e,
				     "itbcp のデータベースではありません（表 %s があります） / not "
				     "an itbcp database (it has a table %s)",
				     s.v[0].name, s.v[0].name);
		copy_schema_release(&s);
	}
	store_close(&st);
	return rc;
}
