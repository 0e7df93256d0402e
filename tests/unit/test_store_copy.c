/*
 * test_store_copy.c — the pieces of `itbcp copy` below the store
 * (copy_schema.h, copy_rows.h), on two small SQLite files: values of
 * every kind copied as they were (NULL, integers at both ends, text,
 * blobs with 0x00 and 0xff, an empty blob, a BLOB column holding text),
 * but not a text SQLite kept in an integer column; the digest refusing a
 * target one value off; a virtual table refused; the schemas joined only
 * when they agree, but for the one difference the engines have (a last
 * column rowid that a SQLite rowid table has implicitly), which carries
 * the implicit rowids over.  The whole command, on both engines, is
 * tests/cli/pg_copy.sh.
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

#include "store/copy_rows.h"
#include "store/copy_schema.h"
#include "store/db.h"

struct pair {
	char dir[64], a_path[96], b_path[96];
	struct db a, b;
};

/* Two empty SQLite files in a temporary folder. */
static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof *p);
	struct err e = ERR_INIT;
	snprintf(p->dir, sizeof p->dir, "/tmp/itbcp-copy.XXXXXX");
	if (!mkdtemp(p->dir))
		return -1;
	snprintf(p->a_path, sizeof p->a_path, "%s/a.db", p->dir);
	snprintf(p->b_path, sizeof p->b_path, "%s/b.db", p->dir);
	if (db_open(&p->a, p->a_path, DB_CREATE, &e) || db_open(&p->b, p->b_path, DB_CREATE, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pair *p = *state;
	db_close(&p->a);
	db_close(&p->b);
	const char *side[] = { "", "-wal", "-shm" };
	char f[128];
	for (int i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s%s", p->a_path, side[i]);
		unlink(f);
		snprintf(f, sizeof f, "%s%s", p->b_path, side[i]);
		unlink(f);
	}
	rmdir(p->dir);
	free(p);
	return 0;
}

/* Runs sql on db, which must take it. */
static void run(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	if (db_exec(db, sql, &e))
		fail_msg("%s: %s", sql, e.msg);
}

/* Reads both schemas and joins them: the join's answer, its message in e. */
static int join(struct pair *p, struct copy_schema *src, struct err *e)
{
	struct copy_schema dst = COPY_SCHEMA_INIT;
	assert_int_equal(copy_schema_read(&p->a, src, e), 0);
	assert_int_equal(copy_schema_read(&p->b, &dst, e), 0);
	int r = copy_schema_join(src, &dst, e);
	copy_schema_release(&dst);
	return r;
}

static const char *const values_table =
	"CREATE TABLE v (id INTEGER PRIMARY KEY, t TEXT, n INTEGER, b BLOB);";

/* Every kind of value arrives as it was; the digest sees a changed one. */
static void test_values_copied_and_checked(void **state)
{
	struct pair *p = *state;
	struct err e = ERR_INIT;
	struct copy_schema s = COPY_SCHEMA_INIT;
	run(&p->a, values_table);
	run(&p->b, values_table);
	run(&p->a, "INSERT INTO v VALUES (1, 'テキスト', -9223372036854775808, x'00ff00');"
		   "INSERT INTO v VALUES (2, NULL, 9223372036854775807, x'');"
		   "INSERT INTO v VALUES (3, '', NULL, NULL);"
		   "INSERT INTO v VALUES (4, 'x', 0, 'text in a BLOB column');");
	assert_int_equal(join(p, &s, &e), 0);
	struct copy_table *t = copy_schema_find(&s, "v");
	assert_non_null(t);
	assert_int_equal(t->cols[2].kind, COPY_INT);
	assert_int_equal(t->cols[3].kind, COPY_BLOB);
	run(&p->b, "BEGIN");
	assert_int_equal(copy_rows(&p->a, &p->b, t, &e), 0);
	run(&p->b, "COMMIT");
	assert_int_equal(t->rows, 4);
	assert_int_equal(copy_rows_check(&p->b, t, &e), 0);
	/* the values themselves, and their types */
	assert_int_equal(db_int(&p->b, -1,
				"SELECT count(*) FROM v WHERE id = 1 AND t = 'テキスト' AND "
				"n = -9223372036854775808 AND b = x'00ff00'",
				NULL),
			 1);
	assert_int_equal(db_int(&p->b, -1,
				"SELECT count(*) FROM v WHERE id = 2 AND t IS NULL AND "
				"typeof(b) = 'blob' AND length(b) = 0",
				NULL),
			 1);
	assert_int_equal(db_int(&p->b, -1,
				"SELECT count(*) FROM v WHERE id = 3 AND t = '' AND "
				"n IS NULL AND b IS NULL",
				NULL),
			 1);
	/* a BLOB column's text arrives as a blob of its bytes (bytea on
	 * PostgreSQL could hold nothing else) */
	assert_int_equal(db_int(&p->b, -1,
				"SELECT count(*) FROM v WHERE id = 4 AND "
				"typeof(b) = 'blob' AND b = CAST('text in a BLOB column' AS BLOB)",
				NULL),
			 1);
	/* One value off, one row more: each is seen. */
	run(&p->b, "UPDATE v SET n = 1 WHERE id = 4");
	assert_int_equal(copy_rows_check(&p->b, t, &e), -1);
	assert_non_null(strstr(e.msg, "table v"));
	run(&p->b, "UPDATE v SET n = 0 WHERE id = 4");
	assert_int_equal(copy_rows_check(&p->b, t, &e), 0);
	run(&p->b, "INSERT INTO v VALUES (5, NULL, NULL, NULL)");
	assert_int_equal(copy_rows_check(&p->b, t, &e), -1);
	/* SQLite kept a text in the integer column: refused, not copied as 0 */
	run(&p->a, "UPDATE v SET n = 'abc' WHERE id = 3");
	run(&p->b, "DELETE FROM v");
	assert_int_equal(copy_rows(&p->a, &p->b, t, &e), -1);
	assert_non_null(strstr(e.msg, "not an integer"));
	copy_schema_release(&s);
}

/* Schemas that differ are refused, naming the table. */
static void test_join_refuses_differences(void **state)
{
	struct pair *p = *state;
	struct err e = ERR_INIT;
	struct copy_schema s = COPY_SCHEMA_INIT;
	run(&p->a, values_table);
	run(&p->a, "CREATE TABLE extra (k TEXT PRIMARY KEY)");
	run(&p->b, values_table);
	assert_int_equal(join(p, &s, &e), -1);
	assert_non_null(strstr(e.msg, "table extra is only in"));
	copy_schema_release(&s);
	run(&p->b, "CREATE TABLE extra (k INTEGER PRIMARY KEY)"); /* another kind */
	assert_int_equal(join(p, &s, &e), -1);
	assert_non_null(strstr(e.msg, "the columns of table extra"));
	copy_schema_release(&s);
	run(&p->b, "DROP TABLE extra; CREATE TABLE extra (k TEXT PRIMARY KEY, more TEXT)");
	assert_int_equal(join(p, &s, &e), -1);
	copy_schema_release(&s);
	run(&p->b, "DROP TABLE extra; CREATE TABLE extra (k TEXT PRIMARY KEY)");
	assert_int_equal(join(p, &s, &e), 0);
	copy_schema_release(&s);
	/* a virtual table, which would need a copy of its own */
	run(&p->a, "CREATE VIRTUAL TABLE words USING fts5(w)");
	assert_int_equal(copy_schema_read(&p->a, &s, &e), -1);
	assert_non_null(strstr(e.msg, "table words"));
	copy_schema_release(&s);
	run(&p->a, "DROP TABLE words");
	/* a type the copy does not know */
	run(&p->a, "CREATE TABLE r (x REAL)");
	assert_int_equal(copy_schema_read(&p->a, &s, &e), -1);
	assert_non_null(strstr(e.msg, "column x (REAL) cannot be copied"));
	copy_schema_release(&s);
}

/* A last column rowid on one side, the implicit rowid of a SQLite rowid
 * table on the other: joined, and the rowids travel (the order of a
 * checklist's steps); a WITHOUT ROWID table has none to give. */
static void test_rowid_joined(void **state)
{
	struct pair *p = *state;
	struct err e = ERR_INIT;
	struct copy_schema s = COPY_SCHEMA_INIT;
	run(&p->a, "CREATE TABLE steps (step TEXT PRIMARY KEY, no INTEGER NOT NULL);"
		   "INSERT INTO steps (rowid, step, no) VALUES (7, 'b', 1), (3, 'a', 1)");
	run(&p->b, "CREATE TABLE steps (step TEXT PRIMARY KEY, no INTEGER NOT NULL, rowid INTEGER)");
	assert_int_equal(join(p, &s, &e), 0);
	struct copy_table *t = copy_schema_find(&s, "steps");
	assert_int_equal(t->n_cols, 3);
	assert_string_equal(t->cols[2].name, "rowid");
	assert_int_equal(copy_rows(&p->a, &p->b, t, &e), 0);
	assert_int_equal(db_int(&p->b, -1, "SELECT rowid FROM steps WHERE step = 'b'", NULL), 7);
	assert_int_equal(db_int(&p->b, -1, "SELECT rowid FROM steps WHERE step = 'a'", NULL), 3);
	assert_int_equal(copy_rows_check(&p->b, t, &e), 0);
	copy_schema_release(&s);
	/* the other way round: the column into the implicit rowid */
	struct copy_schema back = COPY_SCHEMA_INIT, dst = COPY_SCHEMA_INIT;
	run(&p->a, "DELETE FROM steps");
	assert_int_equal(copy_schema_read(&p->b, &back, &e), 0);
	assert_int_equal(copy_schema_read(&p->a, &dst, &e), 0);
	assert_int_equal(copy_schema_join(&back, &dst, &e), 0);
	assert_int_equal(copy_rows(&p->b, &p->a, copy_schema_find(&back, "steps"), &e), 0);
	assert_int_equal(db_int(&p->a, -1, "SELECT rowid FROM steps WHERE step = 'b'", NULL), 7);
	copy_schema_release(&back);
	copy_schema_release(&dst);
	/* WITHOUT ROWID: no implicit rowid to join */
	run(&p->a, "DROP TABLE steps; CREATE TABLE steps (step TEXT PRIMARY KEY, no INTEGER NOT NULL)"
		   " WITHOUT ROWID");
	assert_int_equal(join(p, &s, &e), -1);
	copy_schema_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values_copied_and_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join_refuses_differences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rowid_joined, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
