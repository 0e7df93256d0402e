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

/* The binary's database, made on first use (and dropped at exit), then
 * emptied: 0 or -1. */
static int pg_fresh(void)
{
	if (!pg_db[0]) {
		const char *base = getenv("ITBCP_PG_BASE");
		char sql[128];
		snprintf(pg_admin, sizeof pg_admin, "%s/postgres", base);
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS itbcp_t_%d", (int)getpid());
		if (pg_exec(pg_admin, sql))
			return -1;
		snprintf(sql, sizeof sql, "CREATE DATABASE itbcp_t_%d", (int)getpid());
		if (pg_exec(pg_admin, sql))
			return -1;
		snprintf(pg_db, sizeof pg_db, "%s/itbcp_t_%d", base, (int)getpid());
		snprintf(pg_key, sizeof pg_key, "/tmp/itbcp-test-pg-%d.record-key", (int)getpid());
		atexit(pg_drop);
		return 0;
	}
	unlink(pg_key);
	store_record_key_file_set(pg_key);
	return pg_exec(pg_db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
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
