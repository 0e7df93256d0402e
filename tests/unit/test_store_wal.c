/*
 * test_store_wal.c — the check-in writer's log (store/wal.h): a
 * connection that leaves syncing to its caller commits without syncing
 * (synchronous=NORMAL) and store_wal_sync flushes its log, from another
 * thread too; other connections keep synchronous=FULL; a log removed
 * behind the server's back is reported, not synced in silence; a closed
 * wal_file syncs nothing and says so by succeeding.  The background
 * checkpointer (checkin/wal_checkpointer.h) copies a writer's log into the
 * database file while the writer, which never checkpoints, goes on, and
 * runs no more often than its pause allows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "store/store.h"
#include "store/wal.h"
#include "store_fixture.h"
#include "checkin/wal_checkpointer.h"

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
	char wal[sizeof store_db_path + 8];
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

/* The size of the database file itself (not its log). */
static long long file_size(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return (long long)sb.st_size;
}

static void sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

/* A writer that never checkpoints commits ~1 MB; the background thread
 * moves it into the database file, and no more often than every
 * WAL_CHECKPOINTER_MS however often it is poked. */
static void test_background_checkpoint(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store st;
	open_db(&st);
	store_wal_autocheckpoint(&st, false);
	struct wal_checkpointer *c = NULL;
	assert_int_equal(wal_checkpointer_start(&c, store_db_path, &e), 0);
	assert_int_equal(wal_checkpointer_runs(c), 0);
	assert_int_equal(wal_checkpointer_log_pages(c), 0);
	long long before = file_size(store_db_path);

	/* 1,000 commits of ~1 KB, poked after each: about 0.1–0.5 s; then
	 * up to 5 s for the rows to reach the database file (the last poke
	 * makes one more checkpoint due). */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(db_exec(&st.db, "INSERT INTO t VALUES (randomblob(1000))", &e), 0);
		wal_checkpointer_poke(c);
	}
	long long want = before + 1000LL * 1000;
	for (int i = 0; i < 1000 && file_size(store_db_path) < want; i++)
		sleep_ms(5);
	/* (the file grows during a checkpoint, which is counted when done) */
	for (int i = 0; i < 1000 && wal_checkpointer_runs(c) == 0; i++)
		sleep_ms(5);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* The rows are in the database file now, not only in its log. */
	assert_true(file_size(store_db_path) >= want);
	unsigned long ran = wal_checkpointer_runs(c);
	double elapsed_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	assert_true(ran >= 1);
	assert_true((double)ran <= elapsed_ms / WAL_CHECKPOINTER_MS + 2);
	assert_true(wal_checkpointer_log_pages(c) > 0);
	assert_int_equal(db_int(&st.db, -1, "SELECT count(*) FROM t", NULL), 1000);
	wal_checkpointer_free(c);
	wal_checkpointer_free(NULL);
	store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_sync_by_caller),
		STORE_TEST(test_removed_log_reported),
		STORE_TEST(test_background_checkpoint),
		cmocka_unit_test(test_closed_file_syncs_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
