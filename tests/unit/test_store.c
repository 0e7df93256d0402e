/*
 * test_store.c — the database: migrations agree with schema.c, an older
 * database upgrades without loss, a plan survives the store unchanged,
 * and a failed replace changes nothing.
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

#include "format/plan_json.h"
#include "model/schema.h"
#include "store/db.h"
#include "store/store.h"
#include "store_fixture.h"

/* Fails the test unless a and b are the same plan: the same export. */
static void assert_same_plan(const struct plan *a, const struct plan *b)
{
	char *ja = plan_json_write(a), *jb = plan_json_write(b);
	assert_string_equal(ja, jb);
	free(ja);
	free(jb);
}

/* Every kind's table has exactly pos (or singleton) and the schema's fields. */
static void test_tables_match_schema(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_schema_version(&st), store_schema_latest());
	for (size_t k = 0; k <= schema_n_entities; k++) {
		const struct entity_def *ent = k < schema_n_entities ? &schema_entities[k] : &schema_organisation;
		char sql[160];
		struct stmt s = STMT_INIT;
		snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", ent->table);
		assert_int_equal(db_prepare(&st.db, &s, sql, &e), 0);
		size_t col = 0;
		while (db_step(&s, &e) == 1) {
			const char *name = db_col_text(&s, 0);
			if (col == 0)
				assert_string_equal(name, k < schema_n_entities ? "pos" : "singleton");
			else if (col - 1 < ent->n_fields)
				assert_string_equal(name, ent->fields[col - 1].name);
			col++;
		}
		db_finalize(&s);
		if (col != ent->n_fields + 1)
			fail_msg("table %s has %zu columns, schema.c %zu fields", ent->table, col,
				 ent->n_fields);
	}
	store_close(&st);
}

static void test_plan_survives_store(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT, b = PLAN_INIT;
	store_fixture_demo(&a);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_true(store_plan_empty(&st));
	if (store_replace_plan(&st, &a, &e))
		fail_msg("%s", e.msg);
	assert_false(store_plan_empty(&st));
	store_close(&st);
	assert_int_equal(store_open(&st, store_db_path, 0, &e), 0);
	assert_int_equal(store_load_plan(&st, &b, &e), 0);
	store_close(&st);
	assert_same_plan(&a, &b);
	plan_release(&a);
	plan_release(&b);
}

/* A plan whose reference is broken fails at commit: the old plan stays. */
static void test_failed_replace_changes_nothing(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT, bad = PLAN_INIT, after = PLAN_INIT;
	store_fixture_demo(&a);
	store_fixture_demo(&bad);
	free(bad.systems[0].department);
	bad.systems[0].department = strdup("no-such-department");
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	assert_int_equal(store_replace_plan(&st, &bad, &e), -1);
	assert_non_null(strstr(e.msg, "FOREIGN KEY"));
	assert_int_equal(store_load_plan(&st, &after, &e), 0);
	assert_same_plan(&a, &after);
	store_close(&st);
	plan_release(&a);
	plan_release(&bad);
	plan_release(&after);
}

/* A database made at schema version 1 opens with the newest binary and
 * keeps its plan. */
static void test_upgrade_from_version_1(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT, b = PLAN_INIT;
	store_fixture_demo(&a);
	assert_int_equal(store_open_at_version(&st, store_db_path, 1, &e), 0);
	assert_int_equal(store_schema_version(&st), 1);
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	store_close(&st);
	assert_int_equal(store_open(&st, store_db_path, 0, &e), 0);
	assert_int_equal(store_schema_version(&st), store_schema_latest());
	assert_int_equal(store_load_plan(&st, &b, &e), 0);
	store_close(&st);
	assert_same_plan(&a, &b);
	plan_release(&a);
	plan_release(&b);
}

/* The cached plan is read once, and again after a write by this
 * connection or by another. */
static void test_plan_cache(void **state)
{
	(void)state;
	struct store st = STORE_INIT, other = STORE_INIT;
	struct err e = ERR_INIT;
	struct plan a = PLAN_INIT;
	store_fixture_demo(&a);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	const struct plan *p1 = store_plan_cached(&st, &e);
	assert_non_null(p1);
	assert_int_equal(p1->n_systems, a.n_systems);
	assert_ptr_equal(store_plan_cached(&st, &e), p1); /* unchanged: not read again */

	/* Another connection (another thread, or the CLI) replaces the plan. */
	free(a.systems[0].name);
	a.systems[0].name = strdup("改名システム");
	assert_int_equal(store_open(&other, store_db_path, 0, &e), 0);
	assert_int_equal(store_replace_plan(&other, &a, &e), 0);
	store_close(&other);
	const struct plan *p2 = store_plan_cached(&st, &e);
	assert_string_equal(p2->systems[0].name, "改名システム");

	/* This connection writes: read again too. */
	free(a.systems[0].name);
	a.systems[0].name = strdup("再改名");
	assert_int_equal(store_replace_plan(&st, &a, &e), 0);
	assert_string_equal(store_plan_cached(&st, &e)->systems[0].name, "再改名");
	store_close(&st);
	plan_release(&a);
}

static void test_newer_database_refused(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(db_exec(&st.db, "PRAGMA user_version = 999", &e), 0);
	store_close(&st);
	assert_int_equal(store_open(&st, store_db_path, 0, &e), -1);
	assert_non_null(strstr(e.msg, "newer itbcp"));
}

static void test_missing_database(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(store_open(&st, store_db_path, 0, &e), -1);
	assert_non_null(strstr(e.msg, "no such database"));
	assert_int_equal(access(store_db_path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_tables_match_schema),
		STORE_TEST(test_plan_survives_store),
		STORE_TEST(test_failed_replace_changes_nothing),
		STORE_TEST(test_upgrade_from_version_1),
		STORE_TEST(test_plan_cache),
		STORE_TEST(test_newer_database_refused),
		STORE_TEST(test_missing_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
