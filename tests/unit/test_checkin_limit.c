/*
 * test_checkin_limit.c — the in-memory rate limit on wrong check-in links
 * (checkin/checkin_limit.h): a key is refused after CHECKIN_FAIL_MAX failures
 * within its window and free again once the window has passed; keys do
 * not affect each other (also keys longer than the table keeps, cut to
 * the same prefix, count together); and a table filled with more keys
 * than it holds keeps working, the newest keys counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "checkin/checkin_limit.h"

static void fail_n(struct checkin_limit *l, const char *key, int n, int64_t at)
{
	for (int i = 0; i < n; i++)
		checkin_limit_fail(l, key, at);
}

static void test_window(void **state)
{
	(void)state;
	struct checkin_limit *l = checkin_limit_new();
	const int64_t t0 = 1768730400;
	assert_false(checkin_limit_over(l, "10.0.0.1", t0));
	fail_n(l, "10.0.0.1", CHECKIN_FAIL_MAX - 1, t0);
	assert_false(checkin_limit_over(l, "10.0.0.1", t0 + 1));
	checkin_limit_fail(l, "10.0.0.1", t0 + 2);
	assert_true(checkin_limit_over(l, "10.0.0.1", t0 + 2));
	assert_true(checkin_limit_over(l, "10.0.0.1", t0 + CHECKIN_FAIL_WINDOW - 1));
	/* another address is not affected */
	assert_false(checkin_limit_over(l, "10.0.0.2", t0 + 2));
	assert_false(checkin_limit_over(l, "2001:db8:1:2::/64", t0 + 2));
	/* the window passes: free again, and counting starts anew */
	assert_false(checkin_limit_over(l, "10.0.0.1", t0 + CHECKIN_FAIL_WINDOW));
	checkin_limit_fail(l, "10.0.0.1", t0 + CHECKIN_FAIL_WINDOW);
	assert_false(checkin_limit_over(l, "10.0.0.1", t0 + CHECKIN_FAIL_WINDOW + 1));
	checkin_limit_free(l);
}

static void test_long_keys(void **state)
{
	(void)state;
	struct checkin_limit *l = checkin_limit_new();
	char a[200], b[200];
	memset(a, 'a', sizeof a - 1);
	a[sizeof a - 1] = '\0';
	memcpy(b, a, sizeof b);
	b[150] = 'b'; /* differs only after what is kept */
	fail_n(l, a, CHECKIN_FAIL_MAX, 100);
	assert_true(checkin_limit_over(l, a, 100));
	assert_true(checkin_limit_over(l, b, 100));
	b[3] = 'b'; /* differs inside it */
	assert_false(checkin_limit_over(l, b, 100));
	checkin_limit_free(l);
}

static void test_full_table(void **state)
{
	(void)state;
	struct checkin_limit *l = checkin_limit_new();
	char key[32];
	/* Four times as many keys as slots, each at its limit. */
	for (int i = 0; i < 4 * CHECKIN_LIMIT_SLOTS; i++) {
		snprintf(key, sizeof key, "10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
		fail_n(l, key, CHECKIN_FAIL_MAX, 1000 + i / 64);
	}
	/* The last keys are still refused; a new key still starts free. */
	int over = 0;
	for (int i = 4 * CHECKIN_LIMIT_SLOTS - 100; i < 4 * CHECKIN_LIMIT_SLOTS; i++) {
		snprintf(key, sizeof key, "10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
		over += checkin_limit_over(l, key, 1000 + i / 64);
	}
	assert_true(over >= 90);
	assert_false(checkin_limit_over(l, "192.0.2.1", 1300));
	checkin_limit_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_long_keys),
		cmocka_unit_test(test_full_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
