/*
 * test_backup_keep.c — the backups' retention rule (app_backup_keep): the
 * newest of each hour and of each day (Asia/Tokyo), names that are not
 * backups never touched, the newest always kept, several copies in one
 * second ordered by their suffix; and the names the rule reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_backup.h"

static void test_name_time(void **state)
{
	(void)state;
	assert_int_equal(app_backup_name_time("itbcp-20260112T090000Z.itbcp-backup"), 1768208400);
	assert_int_equal(app_backup_name_time("itbcp-20260112T090000Z-3.itbcp-backup"), 1768208400);
	assert_int_equal(app_backup_name_time("itbcp-20260112T090000Z-.itbcp-backup"), -1);
	assert_int_equal(app_backup_name_time("itbcp-20260112T090000Z-x.itbcp-backup"), -1);
	assert_int_equal(app_backup_name_time("itbcp-20260112X090000Z.itbcp-backup"), -1);
	assert_int_equal(app_backup_name_time("itbcp-20261312T090000Z.itbcp-backup"), -1);
	assert_int_equal(app_backup_name_time("itbcp-20260112T090000Z.itbcp-backup.tmp"), -1);
	assert_int_equal(app_backup_name_time("notes.txt"), -1);
	assert_int_equal(app_backup_name_time(""), -1);
}

/* Hourly copies for three days (72 of them, every hour on the hour from
 * 2026-01-10 00:00 JST), two an hour: 48 hourly keep the last 48 hours'
 * newest, 30 daily add the newest of each earlier day. */
static void test_hourly_and_daily(void **state)
{
	(void)state;
	enum { N = 144 };
	char *names[N];
	bool keep[N];
	int64_t start = 1767970800; /* 2026-01-09T15:00:00Z = 2026-01-10 00:00 JST */
	for (int i = 0; i < N; i++) {
		char buf[64], stamp[32];
		time_t t = (time_t)(start + (int64_t)(i / 2) * 3600 + (i % 2) * 1800);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
		snprintf(buf, sizeof buf, "itbcp-%s.itbcp-backup", stamp);
		names[i] = strdup(buf);
	}
	app_backup_keep((const char *const *)names, N, 48, 30, keep);
	int kept = 0;
	for (int i = 0; i < N; i++)
		kept += keep[i];
	/* the last 48 hours' newest (the :30 copies of hours 24..71), and of
	 * days 1 and 2 (JST) the newest: hour 23's and hour 47's :30 copy,
	 * which hour 47's is among the 48 already: 48 + 1 */
	assert_int_equal(kept, 49);
	assert_true(keep[N - 1]);
	assert_false(keep[N - 2]); /* the same hour's older copy */
	assert_true(keep[47]);     /* 2026-01-10 23:30 JST, day 1's newest */
	assert_false(keep[45]);
	assert_false(keep[0]);
	for (int i = 0; i < N; i++)
		free(names[i]);
}

/* Other files are kept; three copies in one second: the -3 is newest. */
static void test_other_names_and_suffix(void **state)
{
	(void)state;
	const char *names[] = { "itbcp-20260112T090000Z.itbcp-backup",
				"itbcp-20260112T090000Z-3.itbcp-backup",
				"itbcp-20260112T090000Z-2.itbcp-backup", "README",
				"itbcp-20260112T090000Z.itbcp-backup.tmp" };
	bool keep[5];
	app_backup_keep(names, 5, 48, 30, keep);
	assert_false(keep[0]);
	assert_true(keep[1]);
	assert_false(keep[2]);
	assert_true(keep[3]);
	assert_true(keep[4]);
	/* 0 and 0: everything stays */
	app_backup_keep(names, 5, 0, 0, keep);
	for (int i = 0; i < 5; i++)
		assert_true(keep[i]);
	/* nothing to do on an empty directory */
	app_backup_keep(NULL, 0, 48, 30, keep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_time),
		cmocka_unit_test(test_hourly_and_daily),
		cmocka_unit_test(test_other_names_and_suffix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
