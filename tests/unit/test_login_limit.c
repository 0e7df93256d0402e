/*
 * test_login_limit.c — the sign-in limit (web/core/login_limit.h): a key
 * may fail its free failures without waiting, then waits 1, 2, 4 … seconds
 * after its latest failure, never more than the cap; keys do not affect
 * each other; a cleared key and a key quiet for LOGIN_FORGET start again;
 * and only hash_max hashing turns are given out at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <time.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "web/core/login_limit.h"

#define FREE 5
#define CAP 60

static void test_delay_grows_and_is_capped(void **state)
{
	(void)state;
	struct login_limit *l = login_limit_new(1);
	const int64_t t0 = 1768730400;
	for (int i = 0; i < FREE - 1; i++) {
		assert_int_equal(login_limit_fail(l, "u:vera", t0), (unsigned)i + 1);
		assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0), 0);
	}
	/* the FREE-th failure: 1 s, then 2, 4, 8 … from the latest failure */
	login_limit_fail(l, "u:vera", t0);
	assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0), 1);
	assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0 + 1), 0);
	login_limit_fail(l, "u:vera", t0 + 1);
	assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0 + 1), 2);
	login_limit_fail(l, "u:vera", t0 + 3);
	assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0 + 4), 3);
	/* another key is not affected */
	assert_int_equal(login_limit_wait(l, "u:pat", FREE, CAP, t0 + 4), 0);
	assert_int_equal(login_limit_wait(l, "a:127.0.0.1", FREE, CAP, t0 + 4), 0);
	/* many failures: the wait is the cap, never more (no lockout) */
	for (int i = 0; i < 100; i++)
		login_limit_fail(l, "u:vera", t0 + 10);
	assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0 + 10), CAP);
	assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0 + 10 + CAP), 0);
	/* a right password clears the account */
	login_limit_clear(l, "u:vera");
	assert_int_equal(login_limit_fail(l, "u:vera", t0 + 20), 1);
	assert_int_equal(login_limit_wait(l, "u:vera", FREE, CAP, t0 + 20), 0);
	login_limit_free(l);
}

static void test_forgotten(void **state)
{
	(void)state;
	struct login_limit *l = login_limit_new(1);
	for (int i = 0; i < 10; i++)
		login_limit_fail(l, "a:10.0.0.1", 1000);
	assert_true(login_limit_wait(l, "a:10.0.0.1", FREE, CAP, 1000) > 0);
	assert_int_equal(login_limit_wait(l, "a:10.0.0.1", FREE, CAP, 1000 + LOGIN_FORGET), 0);
	assert_int_equal(login_limit_fail(l, "a:10.0.0.1", 1000 + LOGIN_FORGET), 1);
	login_limit_free(l);
}

static void test_full_table(void **state)
{
	(void)state;
	struct login_limit *l = login_limit_new(1);
	char key[32];
	for (int i = 0; i < 3 * LOGIN_LIMIT_SLOTS; i++) {
		snprintf(key, sizeof key, "u:n%d", i);
		login_limit_fail(l, key, 1000 + i);
	}
	/* the newest key is counted whatever was evicted */
	for (int i = 0; i < FREE; i++)
		login_limit_fail(l, key, 1000 + 3 * LOGIN_LIMIT_SLOTS);
	assert_true(login_limit_wait(l, key, FREE, CAP, 1000 + 3 * LOGIN_LIMIT_SLOTS) > 0);
	login_limit_free(l);
}

static void test_hash_turns(void **state)
{
	(void)state;
	struct login_limit *l = login_limit_new(1);
	assert_true(login_limit_hash_begin(l, 0));
	assert_false(login_limit_hash_begin(l, 0));
	login_limit_hash_end(l);
	assert_true(login_limit_hash_begin(l, 0));
	login_limit_hash_end(l);
	login_limit_set_hash_max(l, 2);
	assert_true(login_limit_hash_begin(l, 0));
	assert_true(login_limit_hash_begin(l, 0));
	assert_false(login_limit_hash_begin(l, 0));
	login_limit_hash_end(l);
	login_limit_hash_end(l);
	login_limit_free(l);
}

/* A sign-in that may wait gets the turn another frees, and gives up
 * when none does in time; failures mark only their own key. */
static void *release_soon(void *arg)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	login_limit_hash_end(arg);
	return NULL;
}

/* Several agencies in one server: each table counts its own failures
 * (the same account name at two agencies is two accounts) but takes the
 * turns of the one it shares them with. */
static void test_shared_turns(void **state)
{
	(void)state;
	struct login_limit *a = login_limit_new(1), *b = login_limit_new(1);
	login_limit_share_turns(b, a);
	assert_true(login_limit_hash_begin(b, 0));
	assert_false(login_limit_hash_begin(a, 0)); /* b's sign-in holds the one turn */
	assert_false(login_limit_hash_begin(b, 0));
	login_limit_hash_end(b);
	assert_true(login_limit_hash_begin(a, 0));
	login_limit_hash_end(a);
	login_limit_set_hash_max(a, 2); /* the owner's count is the server's */
	assert_true(login_limit_hash_begin(a, 0));
	assert_true(login_limit_hash_begin(b, 0));
	assert_false(login_limit_hash_begin(b, 0));
	login_limit_hash_end(a);
	login_limit_hash_end(b);
	for (int i = 0; i < 10; i++)
		login_limit_fail(a, "u:admin", 1000);
	assert_true(login_limit_wait(a, "u:admin", LOGIN_FREE_ACCOUNT, 60, 1000) > 0);
	assert_false(login_limit_has_failed(b, "u:admin", 1000));
	assert_int_equal(login_limit_wait(b, "u:admin", LOGIN_FREE_ACCOUNT, 60, 1000), 0);
	login_limit_free(b);
	login_limit_free(a);
}

static void test_hash_wait(void **state)
{
	(void)state;
	struct login_limit *l = login_limit_new(1);
	assert_true(login_limit_hash_begin(l, 0));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_false(login_limit_hash_begin(l, 150)); /* nobody frees it */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(waited >= 0.14);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, release_soon, l), 0);
	assert_true(login_limit_hash_begin(l, 5000)); /* freed after ~0.1 s */
	pthread_join(t, NULL);
	login_limit_hash_end(l);
	assert_false(login_limit_has_failed(l, "a:10.0.0.1", 1000));
	login_limit_fail(l, "a:10.0.0.1", 1000);
	assert_true(login_limit_has_failed(l, "a:10.0.0.1", 1000));
	assert_false(login_limit_has_failed(l, "a:10.0.0.2", 1000));
	assert_false(login_limit_has_failed(l, "a:10.0.0.1", 1000 + LOGIN_FORGET));
	login_limit_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delay_grows_and_is_capped),
		cmocka_unit_test(test_forgotten),
		cmocka_unit_test(test_full_table),
		cmocka_unit_test(test_hash_turns),
		cmocka_unit_test(test_hash_wait),
		cmocka_unit_test(test_shared_turns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
