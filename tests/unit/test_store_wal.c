/*
 * test_store_wal.c — the check-in writer's log (store/wal.h): a
 * connection that leaves syncing to its caller commits without syncing
 * (synchronous=NORMAL) and store_wal_sync flushes its log, from another
 * thread too; other connections keep synchronous=FULL; a log removed
 * behind the server's back is reported, not synced in silence; a closed
 * wal_file syncs nothing and says so by succeeding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/wal.h"
#include "store_fixture.h"

/* A database with a table to write to, open on st. */
static void open_db(struct store *st)
{
	struct err e = ERR_INIT;
	*st = (struct store)STORE_INIT;
	assert_int_equal(store_open(st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(db_exec(&st->db, "CREATE TABLE IF NOT EXISTS t (x INTEGER)", &e), 0);
}

struct sync_arg {
	struct wal_file *f;
	int rc;
};

static void *sync_thread(void *p)
{
	struct sync_arg *a = p;
	struct err e = ERR_INIT;
	a->rc = store_wal_sync(a->f, &e);
	return NULL;
}

/* Commits without syncing; the caller's sync (on another thread) works
 * while the connection goes on; other connections stay FULL. */
static void test_sync_by_caller(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store st, other;
	struct wal_file f = WAL_FILE_INIT;
	open_db(&st);
	assert_int_equal(db_int(&st.db, -1, "PRAGMA synchronous", NULL), 2); /* FULL */
	assert_int_equal(store_wal_sync_by_caller(&st, &f, &e), 0);
	assert_true(f.fd >= 0);
	assert_int_equal(db_int(&st.db, -1, "PRAGMA synchronous", NULL), 1); /* NORMAL */

	assert_int_equal(db_exec(&st.db, "INSERT INTO t VALUES (1)", &e), 0);
	struct sync_arg a = { &f, -1 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, sync_thread, &a), 0);
	assert_int_equal(db_exec(&st.db, "INSERT INTO t VALUES (2)", &e), 0); /* beside it */
	pthread_join(t, NULL);
	assert_int_equal(a.rc, 0);
	assert_int_equal(store_wal_sync(&f, &e), 0);

	open_db(&other);
	assert_int_equal(db_int(&other.db, -1, "PRAGMA synchronous", NULL), 2);
	assert_int_equal(db_int(&other.db, -1, "SELECT count(*) FROM t", NULL), 2);
	store_close(&other);
	store_wal_file_close(&f);
	assert_int_equal(f.fd, -1);
	store_wal_file_close(&f); /* twice is fine */
	store_close(&st);
}

/* A log whose file was removed is not the database's any more: the sync
 * says so instead of confirming commits nobody will find. */
static void test_removed_log_reported(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store st;
	struct wal_file f = WAL_FILE_INIT;
	char wal[80];
	open_db(&st);
	assert_int_equal(store_wal_sync_by_caller(&st, &f, &e), 0);
	assert_int_equal(db_exec(&st.db, "INSERT INTO t VALUES (1)", &e), 0);
	snprintf(wal, sizeof wal, "%s-wal", store_db_path);
	assert_int_equal(unlink(wal), 0);
	assert_int_equal(store_wal_sync(&f, &e), -1);
	assert_non_null(strstr(e.msg, "removed"));
	store_wal_file_close(&f);
	store_close(&st);
}

/* Not open: nothing to sync (the connection syncs its own commits). */
static void test_closed_file_syncs_nothing(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct wal_file f = WAL_FILE_INIT;
	assert_int_equal(store_wal_sync(&f, &e), 0);
	store_wal_file_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_sync_by_caller),
		STORE_TEST(test_removed_log_reported),
		cmocka_unit_test(test_closed_file_syncs_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
