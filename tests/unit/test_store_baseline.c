/*
 * test_store_baseline.c — SQLite's baseline (src/store/migrations/
 * baseline/NNN.sql, written by scripts/sqlite-baseline.sh): a new database
 * made from it is the one migrations 001–NNN make, and the newer ones
 * after it — the same schema as SQLite stores its text, the same rows in
 * every table, the same version — and store_open does make a new database
 * from it; a database that already holds something is not made from it.
 * (PostgreSQL has its own baseline, pg/022_baseline.sql, checked by
 * tests/cli/pg_schema.sh.)
 */
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
#include "store/store.h"
#include "util/buf.h"

#include "store_fixture.h"

struct pair {
	char dir[64], chain[96], base[96];
	struct store a, b;
};

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof *p);
	snprintf(p->dir, sizeof p->dir, "/tmp/itbcp-baseline.XXXXXX");
	if (!p || !mkdtemp(p->dir))
		return -1;
	snprintf(p->chain, sizeof p->chain, "%s/chain.db", p->dir);
	snprintf(p->base, sizeof p->base, "%s/base.db", p->dir);
	p->a = (struct store)STORE_INIT;
	p->b = (struct store)STORE_INIT;
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	char cmd[128];
	store_close(&p->a);
	store_close(&p->b);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", p->dir);
	int rc = system(cmd);
	free(p);
	return rc == 0 ? 0 : -1;
}

/* Every row of every table of db, each table's name first, its columns
 * found by pragma_table_info and quoted, the rows sorted as text (table
 * names are plain: no comma, store_fixture_column's separator). */
static char *contents_of(struct db *db)
{
	char *tables = store_fixture_column(db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
						"AND name NOT LIKE 'sqlite_%' ORDER BY name");
	struct buf all = BUF_INIT;
	for (char *t = strtok(tables, ","); t; t = strtok(NULL, ",")) {
		char sql[512];
		snprintf(sql, sizeof sql,
			 "SELECT 'SELECT ' || group_concat('quote(\"' || name || '\")', ' || ''|'' || ') "
			 "|| ' FROM \"%s\" ORDER BY 1' FROM pragma_table_info('%s')",
			 t, t);
		char *select = store_fixture_column(db, sql);
		char *rows = store_fixture_column(db, select);
		buf_addf(&all, "[%s]\n%s\n", t, rows);
		free(rows);
		free(select);
	}
	free(tables);
	return buf_detach(&all);
}

static const char *SCHEMA = "SELECT type || ' ' || name || ' ' || tbl_name || ': ' || "
			    "coalesce(sql, '') || char(10) FROM sqlite_schema ORDER BY type, name";

/* The baseline and the chain make the same database: schema text, rows,
 * version.  (When not: a migration's file changed after the baseline was
 * written — migrations are never changed — or the runner did; see
 * scripts/sqlite-baseline.sh.) */
static void test_baseline_is_the_chain(void **state)
{
	struct pair *p = *state;
	struct err e = ERR_INIT;
	assert_int_equal(store_open_by_migrations(&p->a, p->chain, &e), 0);
	assert_int_equal(store_open(&p->b, p->base, STORE_CREATE, &e), 0);
	assert_int_equal(store_schema_version(&p->a), store_schema_latest());
	assert_int_equal(store_schema_version(&p->b), store_schema_latest());

	char *sa = store_fixture_column(&p->a.db, SCHEMA), *sb = store_fixture_column(&p->b.db, SCHEMA);
	assert_true(strlen(sa) > 1000); /* tables, indexes, triggers: not nothing */
	if (strcmp(sa, sb) != 0)
		fail_msg("the baseline's schema is not the migrations' (scripts/sqlite-baseline.sh):\n"
			 "migrations:\n%s\nbaseline:\n%s",
			 sa, sb);
	char *ca = contents_of(&p->a.db), *cb = contents_of(&p->b.db);
	assert_non_null(strstr(ca, "[plan_revision]\n1|0\n")); /* a migration's row, quoted */
	if (strcmp(ca, cb) != 0)
		fail_msg("the baseline's rows are not the migrations' (scripts/sqlite-baseline.sh):\n"
			 "migrations:\n%s\nbaseline:\n%s",
			 ca, cb);
	free(sa);
	free(sb);
	free(ca);
	free(cb);
}

/* Where sqlite_schema's first index or trigger comes, in the order the
 * objects were made (rowid), and its last table (a table's automatic
 * indexes, sql NULL, come with it): the baseline (sqlite3's
 * .dump) makes every table first; the chain interleaves them, a later
 * migration adding a table after earlier ones' indexes and triggers. */
static void first_other_last_table(struct db *db, int64_t *first_other, int64_t *last_table)
{
	*first_other = db_int(db, -1,
			      "SELECT min(rowid) FROM sqlite_schema WHERE type <> 'table' "
			      "AND sql IS NOT NULL",
			      NULL);
	*last_table = db_int(db, -1, "SELECT max(rowid) FROM sqlite_schema WHERE type = 'table'", NULL);
}

/* store_open makes a new database from the baseline, not by the chain. */
static void test_new_database_from_the_baseline(void **state)
{
	struct pair *p = *state;
	struct err e = ERR_INIT;
	int64_t other, table;
	assert_int_equal(store_open(&p->b, p->base, STORE_CREATE, &e), 0);
	first_other_last_table(&p->b.db, &other, &table);
	assert_true(other > table);
	assert_int_equal(store_open_by_migrations(&p->a, p->chain, &e), 0);
	first_other_last_table(&p->a.db, &other, &table);
	assert_true(other < table);
}

/* A database at version 0 that holds something (a file of another
 * program) is not made from the baseline: the chain runs on it as it
 * always did, beside what was there. */
static void test_not_empty_takes_the_chain(void **state)
{
	struct pair *p = *state;
	struct err e = ERR_INIT;
	struct db db = DB_INIT;
	assert_int_equal(db_open(&db, p->base, DB_CREATE, &e), 0);
	assert_int_equal(
		db_exec(&db, "CREATE TABLE other_program (x); INSERT INTO other_program VALUES (7)", &e),
		0);
	db_close(&db);
	assert_int_equal(store_open(&p->b, p->base, STORE_CREATE, &e), 0);
	assert_int_equal(store_schema_version(&p->b), store_schema_latest());
	assert_int_equal(db_int(&p->b.db, -1, "SELECT x FROM other_program", NULL), 7);
	int64_t other, table;
	first_other_last_table(&p->b.db, &other, &table);
	assert_true(other < table); /* the chain's order */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_baseline_is_the_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_database_from_the_baseline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_empty_takes_the_chain, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
