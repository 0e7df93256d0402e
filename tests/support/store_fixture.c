/* store_fixture.c — a database per store test, on SQLite or PostgreSQL,
 * and the demo plan (store_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/record_key.h"
#include "store/store.h"

#include "store_fixture.h"

#include "format/plan_json.h"
#include "util/embedded.h"

char store_db_path[256];

/* The binary's PostgreSQL database: its URI once made, "" before. */
static char pg_db[256];
static char pg_admin[256]; /* the cluster's database postgres, to make and drop it */
static char pg_key[64];    /* the record key file of the process */

bool store_fixture_pg(void)
{
	const char *engine = getenv("ITBCP_TEST_STORE_ENGINE");
	if (!engine || strcmp(engine, "postgresql") != 0)
		return false;
	const char *base = getenv("ITBCP_PG_BASE");
	if (!base || !*base)
		fail_msg("ITBCP_TEST_STORE_ENGINE=postgresql needs ITBCP_PG_BASE "
			 "(tests/support/pg_cluster.sh)");
	return true;
}

/* sql on the database at uri, outside a transaction: 0, or -1 with the
 * message on stderr. */
static int pg_exec(const char *uri, const char *sql)
{
	struct db db = DB_INIT;
	struct err e = ERR_INIT;
	int rc = 0;
	if (db_open(&db, uri, 0, &e) || db_exec(&db, sql, &e)) {
		fprintf(stderr, "store_fixture: %s: %s\n", sql, e.msg);
		rc = -1;
	}
	db_close(&db);
	return rc;
}

/* atexit: drops the binary's database and its record key file. */
static void pg_drop(void)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS itbcp_t_%d WITH (FORCE)", (int)getpid());
	pg_exec(pg_admin, sql);
	unlink(pg_key);
	store_record_key_file_set(NULL);
}

/* What a test may have changed in the schema (tables, columns, triggers,
 * functions of schema public), as counts, into out: "" when it cannot be
 * read. */
static void pg_schema_shape(struct db *db, char *out, size_t n)
{
	struct stmt st = STMT_INIT;
	out[0] = '\0';
	if (db_prepare(db, &st,
		       "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace) "
		       "|| '/' || (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = "
		       "a.attrelid WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND "
		       "NOT a.attisdropped) || '/' || (SELECT count(*) FROM pg_trigger t JOIN pg_class "
		       "c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace) || '/' || "
		       "(SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)",
		       NULL) == 0 &&
	    db_step(&st, NULL) == 1)
		snprintf(out, n, "%s", db_col_text(&st, 0));
	db_finalize(&st);
}

/* The shape of the freshly migrated schema (pg_schema_shape), "" before. */
static char pg_shape[64];

/* The database migrated once for the whole run (tests/run.sh makes it and
 * closes it to connections, so no test can change it), or NULL: then each
 * binary migrates its own. */
static const char *pg_template(void)
{
	const char *t = getenv("ITBCP_PG_TEMPLATE");
	return t && *t ? t : NULL;
}

/* 0 when the template is closed to connections (so what it holds is what
 * tests/run.sh migrated: no test can have changed it), else -1 with the
 * reason on stderr. */
static int pg_template_sealed(void)
{
	struct db db = DB_INIT;
	struct err e = ERR_INIT;
	int64_t sealed = -1;
	if (db_open(&db, pg_admin, 0, &e) == 0)
		sealed = db_int(&db, -1,
				 "SELECT count(*) FROM pg_database WHERE datname = ?1 AND "
				 "datistemplate AND NOT datallowconn",
				 pg_template());
	db_close(&db);
	if (sealed == 1)
		return 0;
	fprintf(stderr, "store_fixture: ITBCP_PG_TEMPLATE=%s is not a template closed to connections "
			"(ALTER DATABASE … WITH IS_TEMPLATE true ALLOW_CONNECTIONS false)%s%s\n",
		pg_template(), e.msg[0] ? ": " : "", e.msg);
	return -1;
}

/* Makes the binary's database anew (dropped first when again): a copy of
 * the run's template (pg_template), or an empty one.  0 or -1. */
static int pg_create(bool again)
{
	char sql[256];
	if (pg_template() && pg_template_sealed())
		return -1;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS itbcp_t_%d%s", (int)getpid(),
		 again ? " WITH (FORCE)" : "");
	if (pg_exec(pg_admin, sql))
		return -1;
	if (pg_template())
		snprintf(sql, sizeof sql, "CREATE DATABASE itbcp_t_%d TEMPLATE \"%s\"", (int)getpid(),
			 pg_template());
	else
		snprintf(sql, sizeof sql, "CREATE DATABASE itbcp_t_%d", (int)getpid());
	return pg_exec(pg_admin, sql);
}

/* Puts the database at the newest schema with only the migrations' rows,
 * keeping a copy of those rows (schema itbcp_fixture) for pg_clear: 0 or
 * -1.  With the run's template a copy of it replaces the database (unless
 * made just now: created), which costs the server a file copy instead of
 * the migrations (59 tables, 103 triggers); without one the schema is
 * dropped and migrated again.  store_open migrates in either case what
 * is missing, so a template behind this binary is brought up to date. */
static int pg_rebuild(bool created)
{
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	if (pg_template()) {
		if (!created && pg_create(true))
			return -1;
	} else if (pg_exec(pg_db, "DROP SCHEMA IF EXISTS itbcp_fixture CASCADE; DROP SCHEMA public "
				  "CASCADE; CREATE SCHEMA public")) {
		return -1;
	}
	if (store_open(&st, pg_db, STORE_CREATE, &e)) {
		fprintf(stderr, "store_fixture: %s\n", e.msg);
		return -1;
	}
	int rc = db_exec(&st.db,
			 "DO $$ DECLARE r record; n bigint; BEGIN "
			 "CREATE SCHEMA itbcp_fixture; "
			 "FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
			 "AND tablename <> 'itbcp_schema' LOOP "
			 "EXECUTE format('SELECT count(*) FROM public.%I', r.tablename) INTO n; "
			 "IF n > 0 THEN EXECUTE format('CREATE TABLE itbcp_fixture.%I AS "
			 "SELECT * FROM public.%I', r.tablename, r.tablename); END IF; "
			 "END LOOP; END $$",
			 &e);
	if (rc)
		fprintf(stderr, "store_fixture: %s\n", e.msg);
	else
		pg_schema_shape(&st.db, pg_shape, sizeof pg_shape);
	store_close(&st);
	return rc;
}

/* Puts the database back as pg_rebuild left it, cheaply: every table's
 * rows deleted (triggers and foreign keys off for it: the append-only
 * tables refuse a delete), the migrations' rows written again, the
 * identity sequences restarted, the schema's version the newest.  When a
 * test changed the schema itself (dropped a trigger), pg_rebuild instead.
 * Deleting a few rows from sixty tables costs a fraction of what
 * migrating again costs the server.  0 or -1. */
static int pg_clear(void)
{
	struct db db = DB_INIT;
	struct err e = ERR_INIT;
	char shape[64], sql[1024];
	if (db_open(&db, pg_db, 0, &e)) {
		fprintf(stderr, "store_fixture: %s\n", e.msg);
		return -1;
	}
	pg_schema_shape(&db, shape, sizeof shape);
	if (!shape[0] || strcmp(shape, pg_shape) != 0) {
		db_close(&db);
		return pg_rebuild(false);
	}
	snprintf(sql, sizeof sql,
		 "DO $$ DECLARE r record; BEGIN "
		 "PERFORM set_config('session_replication_role', 'replica', true); "
		 "FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
		 "AND tablename <> 'itbcp_schema' LOOP "
		 "EXECUTE format('DELETE FROM public.%%I', r.tablename); END LOOP; "
		 "FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'itbcp_fixture' LOOP "
		 "EXECUTE format('INSERT INTO public.%%I SELECT * FROM itbcp_fixture.%%I', "
		 "r.tablename, r.tablename); END LOOP; "
		 "FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP "
		 "EXECUTE format('ALTER SEQUENCE public.%%I RESTART', r.sequencename); END LOOP; "
		 "UPDATE itbcp_schema SET version = %d; END $$",
		 store_schema_latest());
	int rc = db_exec(&db, sql, &e);
	if (rc)
		fprintf(stderr, "store_fixture: %s\n", e.msg);
	db_close(&db);
	return rc;
}

/* The binary's database, made on first use (and dropped at exit), at
 * the newest schema and without a row the migrations did not write: 0 or
 * -1. */
static int pg_fresh(void)
{
	unlink(pg_key);
	if (pg_db[0])
		return pg_clear();
	const char *base = getenv("ITBCP_PG_BASE");
	snprintf(pg_admin, sizeof pg_admin, "%s/postgres", base);
	if (pg_create(false))
		return -1;
	snprintf(pg_db, sizeof pg_db, "%s/itbcp_t_%d", base, (int)getpid());
	snprintf(pg_key, sizeof pg_key, "/tmp/itbcp-test-pg-%d.record-key", (int)getpid());
	atexit(pg_drop);
	return pg_rebuild(true);
}

int store_fixture_target(char *out, size_t n, const char *name)
{
	if (store_fixture_pg()) {
		if (pg_fresh())
			return -1;
		store_record_key_file_set(pg_key);
		snprintf(out, n, "%s", pg_db);
		return 0;
	}
	snprintf(out, n, "/tmp/itbcp-test-%s-%d.db", name, (int)getpid());
	store_fixture_remove(out);
	return 0;
}

int store_fixture_setup(void **state)
{
	(void)state;
	return store_fixture_target(store_db_path, sizeof store_db_path, "store");
}

void store_fixture_remove(const char *path)
{
	char side[512];
	if (db_target_is_pg(path))
		return;
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof side, "%s.record-key", path);
	unlink(side);
}

int store_fixture_teardown(void **state)
{
	(void)state;
	store_fixture_remove(store_db_path);
	return 0;
}

char *store_fixture_column(struct db *db, const char *sql)
{
	struct stmt st = STMT_INIT;
	struct err e = ERR_INIT;
	struct buf b = BUF_INIT;
	int rc;
	if (db_prepare(db, &st, sql, &e))
		fail_msg("%s", e.msg);
	while ((rc = db_step(&st, &e)) == 1) {
		if (b.len)
			buf_addc(&b, ',');
		buf_adds(&b, db_col_text(&st, 0));
	}
	db_finalize(&st);
	if (rc < 0)
		fail_msg("%s", e.msg);
	return buf_detach(&b);
}

int store_fixture_drop_trigger(struct db *db, const char *table, const char *name)
{
	char sql[256];
	struct err e = ERR_INIT;
	if (db_engine(db) == DB_PG)
		snprintf(sql, sizeof sql, "DROP TRIGGER %s ON %s", name, table);
	else
		snprintf(sql, sizeof sql, "DROP TRIGGER %s", name);
	if (db_exec(db, sql, &e)) {
		fprintf(stderr, "store_fixture: %s: %s\n", sql, e.msg);
		return -1;
	}
	return 0;
}

void store_fixture_demo(struct plan *p)
{
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	struct buf errors = BUF_INIT;
	assert_non_null(f);
	if (plan_json_read((const char *)f->data, f->len, "demo", p, &errors, LANG_EN))
		fail_msg("%s", errors.data);
	buf_release(&errors);
}
