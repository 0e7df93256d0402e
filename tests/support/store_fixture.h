/*
 * store_fixture.h — what the store's unit tests share: a database file of
 * their own, removed with its -wal and -shm after every test, and the demo
 * plan to fill it with.
 *
 * A test includes cmocka.h before this (cmocka needs its own headers
 * first) and lists its tests as STORE_TEST(fn) (store_fixture_setup and
 * store_fixture_teardown around each); the helpers assert with cmocka.
 */
#ifndef ITBCP_TESTS_STORE_FIXTURE_H
#define ITBCP_TESTS_STORE_FIXTURE_H

#include "model/plan.h"

/* The database file of the running test, /tmp/itbcp-test-store-PID.db:
 * named by store_fixture_setup, absent until the test creates it. */
extern char store_db_path[64];

/* Removes the database file path, the -wal and -shm files SQLite leaves
 * beside it and the record key a timeline write made (those that exist). */
void store_fixture_remove(const char *path);

/* cmocka setup: names store_db_path and removes a file left there. */
int store_fixture_setup(void **state);
/* cmocka teardown: removes store_db_path and its -wal and -shm files. */
int store_fixture_teardown(void **state);

/* A cmocka test entry with the fixture's setup and teardown. */
#define STORE_TEST(f) cmocka_unit_test_setup_teardown(f, store_fixture_setup, store_fixture_teardown)

/* The demo plan (src/demo/demo-plan.json, compiled in) into p; fails the
 * test when it does not read. */
void store_fixture_demo(struct plan *p);

#endif
