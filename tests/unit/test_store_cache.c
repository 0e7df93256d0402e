/*
 * test_store_cache.c — the plan each web worker keeps (store_plan_cached)
 * and what it derives from it: every plan table moves the plan revision
 * (005_plan_revision.sql); commits to other tables (the audit log, here
 * standing for check-ins and sessions), by this connection or another,
 * keep the plan and its derived data; a change to the plan, by either,
 * reads it again and frees the derived data; a database without the
 * revision (an older schema) still works, reading again on every change;
 * and kept prepared statements (db.c) survive all of that.
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
#include "store/users.h"
#include "store_fixture.h"

/* Derived data that counts its frees. */
static int freed;
static void count_free(void *p)
{
	(void)p;
	freed++;
}

/* Every table of the plan has its three triggers (four on PostgreSQL). */
static void test_every_plan_table_counts(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store st = STORE_INIT;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	for (size_t k = 0; k <= schema_n_entities; k++) {
		const char *table = k < schema_n_entities ? schema_entities[k].table : "organisation";
		/* PostgreSQL's triggers call a function that bumps it: by one
		 * (the baseline's, TRUNCATE) or by the statement's rows (024's);
		 * matched by the statement with its semicolon, not by the
		 * comments that quote it */
		int64_t n = db_int(&st.db, -1,
				   store_fixture_pg()
					   ? "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = "
					     "t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid WHERE c.relname = "
					     "?1 AND c.relnamespace = 'public'::regnamespace AND (p.prosrc "
					     "LIKE '%UPDATE plan_revision SET n = n + 1;%' OR p.prosrc LIKE "
					     "'%UPDATE plan_revision SET n = n + (SELECT count(*) FROM changed);%')"
					   : "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
					     "tbl_name = ?1 AND sql LIKE '%UPDATE plan_revision SET n = n + 1%'",
				   table);
		/* insert, update, delete; and on PostgreSQL truncate (the baseline) */
		int64_t want = store_fixture_pg() ? 4 : 3;
		if (n != want)
			fail_msg("table %s has %lld plan_revision triggers, not %lld", table, (long long)n,
				 (long long)want);
	}
	store_close(&st);
}

/* The counter now. */
static int64_t revision(struct store *st)
{
	return db_int(&st->db, -1, "SELECT n FROM plan_revision WHERE singleton = 1", NULL);
}

/* The counter moves by the rows each statement inserts, updates or
 * deletes in a plan table, the same on both engines (PostgreSQL writes it
 * once per statement since migration 024, SQLite once per row), seen in
 * the writing transaction itself and after its commit; a read, or a
 * statement that changes no row, leaves it. */
static void test_revision_counts_each_change(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store st = STORE_INIT;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	int64_t n = revision(&st);
	assert_true(n >= 0);
#define CHANGES(sql, by)                                         \
	do {                                                     \
		assert_int_equal(db_exec(&st.db, sql, &e), 0);   \
		assert_int_equal(revision(&st), n + (by));       \
		n += (by);                                       \
	} while (0)
	CHANGES("INSERT INTO department (pos, id, name) VALUES (0, 'd0', 'D0')", 1);
	CHANGES("INSERT INTO department (pos, id, name) VALUES (1, 'd1', 'D1'), (2, 'd2', 'D2'), "
		"(3, 'd3', 'D3')",
		3);
	CHANGES("INSERT INTO person (pos, id, department) VALUES (0, 'p0', 'd1')", 1);
	CHANGES("UPDATE department SET name = name || '!' WHERE pos >= 2", 2);
	CHANGES("UPDATE department SET name = 'x' WHERE id = 'none'", 0);
	CHANGES("UPDATE person SET name = 'P'", 1);
	CHANGES("DELETE FROM department WHERE id = 'd3'", 1);
	CHANGES("DELETE FROM department WHERE id = 'none'", 0);
	CHANGES("DELETE FROM person", 1);
	/* reads, and writes outside the plan */
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM department", NULL), 3);
	assert_int_equal(users_audit_add(&st, "t", "test", "-", "", &e), 0);
	assert_int_equal(revision(&st), n);
	/* several statements in one transaction: each seen at once, all kept */
	assert_int_equal(db_begin(&st.db, &e), 0);
	CHANGES("INSERT INTO policy (pos, id) VALUES (0, 'a'), (1, 'b')", 2);
	CHANGES("UPDATE policy SET text = 't'", 2);
	CHANGES("DELETE FROM policy WHERE id = 'a'", 1);
	CHANGES("DELETE FROM department", 3);
	assert_int_equal(db_commit(&st.db, &e), 0);
	assert_int_equal(revision(&st), n);
	/* rolled back: as it was */
	assert_int_equal(db_begin(&st.db, &e), 0);
	CHANGES("DELETE FROM policy", 1);
	db_rollback(&st.db);
	n -= 1;
	assert_int_equal(revision(&st), n);
#undef CHANGES
	/* the whole plan replaced (import): rows deleted and inserted, many to
	 * a statement, each counted */
	struct plan p = PLAN_INIT;
	store_fixture_demo(&p);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	int64_t after_first = revision(&st);
	assert_true(after_first > n + (int64_t)p.n_people);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	assert_true(revision(&st) > after_first + 2 * (int64_t)p.n_people);
	plan_release(&p);
	store_close(&st);
}

/* Other commits keep the plan; a plan change reads it again. */
static void test_reload_only_on_plan_change(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store st = STORE_INIT, other = STORE_INIT;
	struct plan p = PLAN_INIT;
	store_fixture_demo(&p);
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	assert_int_equal(store_open(&other, store_db_path, 0, &e), 0);

	const struct plan *c = store_plan_cached(&st, &e);
	assert_non_null(c);
	assert_int_equal(st.cache_loads, 1);
	freed = 0;
	store_plan_set_derived(&st, &freed, count_free);

	/* nothing committed; then commits to other tables, here and there */
	assert_ptr_equal(store_plan_cached(&st, &e), c);
	assert_int_equal(users_audit_add(&st, "t", "test.here", "-", "", &e), 0);
	assert_ptr_equal(store_plan_cached(&st, &e), c);
	assert_int_equal(users_audit_add(&other, "t", "test.there", "-", "", &e), 0);
	assert_ptr_equal(store_plan_cached(&st, &e), c);
	assert_int_equal(st.cache_loads, 1);
	assert_int_equal(freed, 0);
	assert_ptr_equal(store_plan_derived(&st), &freed);

	/* the plan changed by the other connection: read again, derived freed */
	p.businesses[2].rto_hours = 24;
	assert_int_equal(store_replace_plan(&other, &p, &e), 0);
	c = store_plan_cached(&st, &e);
	assert_non_null(c);
	assert_int_equal(st.cache_loads, 2);
	assert_int_equal(freed, 1);
	assert_null(store_plan_derived(&st));
	assert_int_equal(c->businesses[2].rto_hours, 24);

	/* and by this one */
	store_plan_set_derived(&st, &freed, count_free);
	p.businesses[2].rto_hours = 48;
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	c = store_plan_cached(&st, &e);
	assert_int_equal(st.cache_loads, 3);
	assert_int_equal(freed, 2);
	assert_int_equal(c->businesses[2].rto_hours, 48);

	/* closing frees the derived data too */
	store_plan_set_derived(&st, &freed, count_free);
	store_close(&st);
	assert_int_equal(freed, 3);
	store_close(&other);
	plan_release(&p);
}

/* A database of the schema before 005 (opened without migrating): the plan
 * is read again on every commit, as before the revision existed. */
static void test_older_schema(void **state)
{
	(void)state;
	STORE_SQLITE_ONLY("SQLite's schema 4; PostgreSQL starts at its baseline");
	struct err e = ERR_INIT;
	struct store st = STORE_INIT;
	assert_int_equal(store_open_at_version(&st, store_db_path, 4, &e), 0);
	/* the plan fields added since (014, 015, 020), which this binary writes;
	 * the database is never migrated further here (what is tested is the
	 * revision) */
	assert_int_equal(db_exec(&st.db,
				 "ALTER TABLE person ADD COLUMN email_private TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE organisation ADD COLUMN aftershock_window_hours INTEGER;"
				 "ALTER TABLE person ADD COLUMN own_areas TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE assembly_criterion ADD COLUMN hazard TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE assembly_criterion ADD COLUMN min_tsunami TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE assembly_criterion ADD COLUMN areas TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE assembly_criterion ADD COLUMN roles TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE assembly_criterion ADD COLUMN call TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE assembly_criterion ADD COLUMN ask_everyone INTEGER;"
				 "ALTER TABLE organisation ADD COLUMN classification TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE organisation ADD COLUMN policy_statement TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE organisation ADD COLUMN venue_note TEXT NOT NULL DEFAULT '';"
				 "ALTER TABLE event_type ADD COLUMN damage_note TEXT NOT NULL DEFAULT '';",
				 &e),
			 0);
	struct plan p = PLAN_INIT;
	store_fixture_demo(&p);
	assert_int_equal(store_replace_plan(&st, &p, &e), 0);
	assert_non_null(store_plan_cached(&st, &e));
	assert_int_equal(users_audit_add(&st, "t", "test", "-", "", &e), 0);
	const struct plan *c = store_plan_cached(&st, &e);
	assert_non_null(c);
	assert_int_equal(st.cache_loads, 2);
	assert_int_equal(c->n_systems, p.n_systems);
	store_close(&st);
	plan_release(&p);
}

/* Kept statements: the same SQL many times, more distinct SQL than the
 * cache holds, a statement held open while the same text is prepared
 * again, a failed prepare, and a schema change under kept statements. */
static void test_kept_statements(void **state)
{
	(void)state;
	STORE_SQLITE_ONLY("the kept statements are SQLite's (db.c); db_pg.c prepares each anew");
	struct err e = ERR_INIT;
	struct store st = STORE_INIT;
	assert_int_equal(store_open(&st, store_db_path, STORE_CREATE, &e), 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(db_int(&st.db, -1, "SELECT n FROM plan_revision", NULL), 0);
	for (int i = 0; i < DB_STMT_CACHE * 3; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %d", i);
		assert_int_equal(db_int(&st.db, -1, sql, NULL), i);
	}
	struct stmt a = STMT_INIT, b = STMT_INIT;
	assert_int_equal(db_prepare(&st.db, &a, "SELECT ?1", &e), 0);
	assert_int_equal(db_prepare(&st.db, &b, "SELECT ?1", &e), 0);
	assert_ptr_not_equal(a.s, b.s); /* the kept one is in use: a second one */
	db_bind_int(&a, 1, 7);
	db_bind_int(&b, 1, 8);
	assert_int_equal(db_step(&a, &e), 1);
	assert_int_equal(db_step(&b, &e), 1);
	assert_int_equal(db_col_int(&a, 0), 7);
	assert_int_equal(db_col_int(&b, 0), 8);
	db_finalize(&a);
	db_finalize(&b);
	/* handed back reset, without the old binding */
	assert_int_equal(db_prepare(&st.db, &a, "SELECT ?1", &e), 0);
	assert_int_equal(db_step(&a, &e), 1);
	assert_true(db_col_null(&a, 0));
	db_finalize(&a);
	assert_int_equal(db_prepare(&st.db, &a, "SELECT * FROM no_such_table", &e), -1);
	db_finalize(&a); /* harmless after a failed prepare */
	assert_int_equal(db_exec(&st.db, "CREATE TABLE t (x); INSERT INTO t VALUES (5)", &e), 0);
	assert_int_equal(db_int(&st.db, -1, "SELECT x FROM t", NULL), 5);
	assert_int_equal(db_exec(&st.db, "ALTER TABLE t ADD COLUMN y DEFAULT 6", &e), 0);
	assert_int_equal(db_int(&st.db, -1, "SELECT x FROM t", NULL), 5);
	assert_int_equal(db_int(&st.db, -1, "SELECT y FROM t", NULL), 6);
	store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_every_plan_table_counts),
		STORE_TEST(test_revision_counts_each_change),
		STORE_TEST(test_reload_only_on_plan_change),
		STORE_TEST(test_older_schema),
		STORE_TEST(test_kept_statements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
