/*
 * store_fixture.h — what the store's unit tests share: a database of their
 * own, emptied or removed after every test, and the demo plan to fill it
 * with.
 *
 * The engine (issue 18): SQLite by default, a file removed with its -wal
 * and -shm after every test.  With ITBCP_TEST_STORE_ENGINE=postgresql and
 * ITBCP_PG_BASE=postgresql://USER@HOST:PORT (tests/run.sh exports it; by
 * hand, tests/support/pg_cluster.sh), the same tests run on PostgreSQL:
 * the binary makes one database of its own, itbcp_t_PID, on first use,
 * migrates it to the newest schema, and before every later test deletes
 * every row but those the migrations wrote (a test that changed the
 * schema, dropping a trigger, gets it migrated again); exit drops it.
 * One database per binary, not one per test, and rows deleted rather than
 * the schema made again: CREATE DATABASE copies a template, and the
 * baseline migration costs the server about 0.3 s of CPU, a delete of a
 * few rows from every table a few hundredths.  With ITBCP_PG_TEMPLATE
 * (tests/run.sh: a database it migrated once and closed to connections)
 * the binary's database is a copy of that template instead of migrated,
 * and a test that changed the schema gets a new copy: the migrations run
 * once per run, not once per binary.  The record key file is named for
 * the process (PostgreSQL has no file to put it beside).
 *
 * A test includes cmocka.h before this (cmocka needs its own headers
 * first) and lists its tests as STORE_TEST(fn) (store_fixture_setup and
 * store_fixture_teardown around each); the helpers assert with cmocka.  A
 * test that looks at what only SQLite has (the file, PRAGMA, an upgrade
 * from a version older than PostgreSQL's baseline) starts with
 * STORE_SQLITE_ONLY("why").
 */
#ifndef ITBCP_TESTS_STORE_FIXTURE_H
#define ITBCP_TESTS_STORE_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/plan.h"

/* The database of the running test: /tmp/itbcp-test-store-PID.db (absent
 * until the test creates it), or the URI of the binary's PostgreSQL
 * database (at the newest schema, no rows but the migrations').  Named by
 * store_fixture_setup. */
extern char store_db_path[256];

/* True when the tests run on PostgreSQL (ITBCP_TEST_STORE_ENGINE=
 * postgresql); fails the test when ITBCP_PG_BASE is missing then. */
bool store_fixture_pg(void);

/* A fresh database for a test into out (n bytes): the file
 * /tmp/itbcp-test-NAME-PID.db, removed if it was there, or on PostgreSQL
 * the binary's database, emptied of every row the migrations did not
 * write (NAME is not used: one test at a time uses it).  0, or -1 with a
 * message on stderr. */
int store_fixture_target(char *out, size_t n, const char *name);

/* Removes the database at path: a file with the -wal and -shm files SQLite
 * leaves beside it and the record key a timeline write made (those that
 * exist); nothing on PostgreSQL (the next test empties it, exit drops it). */
void store_fixture_remove(const char *path);

/* cmocka setup: names store_db_path and removes a file left there, or
 * empties the PostgreSQL database (store_fixture_target). */
int store_fixture_setup(void **state);
/* cmocka teardown: removes store_db_path and its -wal and -shm files. */
int store_fixture_teardown(void **state);

/* A cmocka test entry with the fixture's setup and teardown. */
#define STORE_TEST(f) cmocka_unit_test_setup_teardown(f, store_fixture_setup, store_fixture_teardown)

/* Skips the running test on PostgreSQL, printing why: for a test of what
 * only SQLite has. */
#define STORE_SQLITE_ONLY(why)                                                                    \
	do {                                                                                      \
		if (store_fixture_pg()) {                                                         \
			print_message("[ SQLITE   ] %s\n", why);                                  \
			skip();                                                                   \
		}                                                                                 \
	} while (0)

struct db;

/* The first column of every row sql gives, joined by commas, the
 * caller's to free(); fails the test when sql fails.  What a test would
 * ask of SQLite's group_concat, on either engine (PostgreSQL has
 * string_agg instead): order the rows in sql. */
char *store_fixture_column(struct db *db, const char *sql);

/* Drops the trigger name of table (DROP TRIGGER takes the table on
 * PostgreSQL only), for a test that goes behind a trigger's back: 0, or
 * -1 (the message on stderr). */
int store_fixture_drop_trigger(struct db *db, const char *table, const char *name);

/* The demo plan (src/demo/demo-plan.json, compiled in) into p; fails the
 * test when it does not read. */
void store_fixture_demo(struct plan *p);

#endif
