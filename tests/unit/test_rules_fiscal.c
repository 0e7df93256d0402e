/*
 * test_rules_fiscal.c — dates, fiscal years and Japanese era labels (R6):
 * parsing, day numbers, ITBCP_TODAY, the April boundary of 年度, and the
 * 平成/令和 change on 2019-05-01.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "rules/rules_internal.h"
#include "util/lang.h"

/* A date literal. */
static struct civil_date D(int y, int m, int d)
{
	return (struct civil_date){ y, m, d };
}

static void test_parse_valid(void **state)
{
	(void)state;
	struct civil_date d = { 0, 0, 0 };
	assert_int_equal(civil_date_parse("2026-04-01", &d), 0);
	assert_int_equal(d.y, 2026);
	assert_int_equal(d.m, 4);
	assert_int_equal(d.d, 1);
	assert_int_equal(civil_date_parse("2024-02-29", &d), 0);
	assert_int_equal(civil_date_parse("2000-02-29", &d), 0);
	assert_int_equal(civil_date_parse("1900-01-01", &d), 0);
	assert_int_equal(civil_date_parse("9999-12-31", &d), 0);
	assert_int_equal(d.y, 9999);
}

static void test_parse_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"2026-04-00", "2026-4-1",   "2026/04/01", "26-04-01",   "2026-04-01x",
		" 2026-04-01", "",          "1899-12-31", "２０２６-04-01", "2026-0a-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct civil_date d = { 7, 7, 7 };
		if (civil_date_parse(bad[i], &d) != -1)
			fail_msg("accepted '%s'", bad[i]);
		assert_int_equal(d.y, 7); /* untouched */
	}
	struct civil_date d;
	assert_int_equal(civil_date_parse(NULL, &d), -1);
	assert_false(civil_date_valid(2026, 2, 29));
	assert_true(civil_date_valid(2028, 2, 29));
	assert_false(civil_date_valid(10000, 1, 1));
}

static void test_days(void **state)
{
	(void)state;
	assert_int_equal(civil_date_days(D(1970, 1, 1)), 0);
	assert_int_equal(civil_date_days(D(1969, 12, 31)), -1);
	assert_int_equal(civil_date_days(D(2000, 3, 1)), 11017);
	assert_int_equal(civil_date_days(D(1900, 1, 1)), -25567);
	assert_int_equal(civil_date_days(D(2026, 4, 1)) - civil_date_days(D(2026, 3, 31)), 1);
	assert_int_equal(civil_date_days(D(2025, 4, 1)) - civil_date_days(D(2024, 4, 1)), 365);
	assert_int_equal(civil_date_days(D(2024, 4, 1)) - civil_date_days(D(2023, 4, 1)), 366);
	/* Every day from 1900 to 2100 converts back to itself. */
	int64_t from = civil_date_days(D(1900, 1, 1)), to = civil_date_days(D(2100, 12, 31));
	struct civil_date prev = rules_date_from_days(from - 1);
	for (int64_t n = from; n <= to; n++) {
		struct civil_date d = rules_date_from_days(n);
		assert_true(civil_date_valid(d.y, d.m, d.d));
		assert_int_equal(civil_date_days(d), n);
		assert_true(d.y > prev.y || d.m > prev.m || d.d > prev.d);
		prev = d;
	}
}

static void test_month_days(void **state)
{
	(void)state;
	assert_int_equal(rules_month_days(2026, 2), 28);
	assert_int_equal(rules_month_days(2028, 2), 29);
	assert_int_equal(rules_month_days(2100, 2), 28);
	assert_int_equal(rules_month_days(2000, 2), 29);
	assert_int_equal(rules_month_days(2026, 4), 30);
	assert_int_equal(rules_month_days(2026, 5), 31);
	assert_int_equal(rules_month_days(2026, 13), 0);
}

static void test_today(void **state)
{
	(void)state;
	setenv("ITBCP_TODAY", "2026-03-31", 1);
	struct civil_date d = civil_date_today();
	assert_int_equal(d.y, 2026);
	assert_int_equal(d.m, 3);
	assert_int_equal(d.d, 31);
	/* Not a date: ignored, the real day in Tokyo is used. */
	setenv("ITBCP_TODAY", "2026-02-30", 1);
	d = civil_date_today();
	assert_true(civil_date_valid(d.y, d.m, d.d));
	assert_true(d.y >= 2024);
	unsetenv("ITBCP_TODAY");
	struct civil_date e = civil_date_today();
	assert_true(civil_date_valid(e.y, e.m, e.d));
	assert_true(civil_date_days(e) - civil_date_days(d) <= 1);
}

static void test_fiscal_year_boundary(void **state)
{
	(void)state;
	assert_int_equal(fiscal_year_of(D(2026, 3, 31)), 2025);
	assert_int_equal(fiscal_year_of(D(2026, 4, 1)), 2026);
	assert_int_equal(fiscal_year_of(D(2026, 1, 1)), 2025);
	assert_int_equal(fiscal_year_of(D(2026, 12, 31)), 2026);
	assert_int_equal(fiscal_year_of(D(2027, 3, 31)), 2026);
	assert_int_equal(reiwa_year(2026), 8);
	assert_int_equal(reiwa_year(2019), 1);
}

static void test_fiscal_year_label(void **state)
{
	(void)state;
	char b[64];
	fiscal_year_label(fiscal_year_of(D(2026, 4, 1)), LANG_JA, b, sizeof b);
	assert_string_equal(b, "令和8年度");
	fiscal_year_label(fiscal_year_of(D(2026, 3, 31)), LANG_JA, b, sizeof b);
	assert_string_equal(b, "令和7年度");
	fiscal_year_label(2026, LANG_EN, b, sizeof b);
	assert_string_equal(b, "FY2026");
	fiscal_year_label(2019, LANG_JA, b, sizeof b);
	assert_string_equal(b, "令和元年度");
	fiscal_year_label(2020, LANG_JA, b, sizeof b);
	assert_string_equal(b, "令和2年度");
	fiscal_year_label(2018, LANG_JA, b, sizeof b);
	assert_string_equal(b, "平成30年度");
	fiscal_year_label(1989, LANG_JA, b, sizeof b);
	assert_string_equal(b, "平成元年度");
	fiscal_year_label(1988, LANG_JA, b, sizeof b);
	assert_string_equal(b, "昭和63年度");
	fiscal_year_label(1920, LANG_JA, b, sizeof b);
	assert_string_equal(b, "1920年度");
}

static void test_wareki_date(void **state)
{
	(void)state;
	char b[64];
	wareki_date(D(2019, 5, 1), LANG_JA, b, sizeof b);
	assert_string_equal(b, "令和元年5月1日");
	wareki_date(D(2019, 4, 30), LANG_JA, b, sizeof b);
	assert_string_equal(b, "平成31年4月30日");
	wareki_date(D(2026, 4, 1), LANG_JA, b, sizeof b);
	assert_string_equal(b, "令和8年4月1日");
	wareki_date(D(2020, 1, 1), LANG_JA, b, sizeof b);
	assert_string_equal(b, "令和2年1月1日");
	wareki_date(D(1989, 1, 8), LANG_JA, b, sizeof b);
	assert_string_equal(b, "平成元年1月8日");
	wareki_date(D(1989, 1, 7), LANG_JA, b, sizeof b);
	assert_string_equal(b, "昭和64年1月7日");
	wareki_date(D(2026, 4, 1), LANG_EN, b, sizeof b);
	assert_string_equal(b, "2026-04-01");
	wareki_date(D(1999, 12, 31), LANG_EN, b, sizeof b);
	assert_string_equal(b, "1999-12-31");
}

static void test_small_buffers(void **state)
{
	(void)state;
	char b[5];
	memset(b, 'x', sizeof b);
	wareki_date(D(2026, 4, 1), LANG_EN, b, sizeof b);
	assert_string_equal(b, "2026");
	fiscal_year_label(2026, LANG_EN, b, 3);
	assert_string_equal(b, "FY");
	b[0] = 'z';
	fiscal_year_label(2026, LANG_JA, b, 0); /* writes nothing */
	assert_int_equal(b[0], 'z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_month_days),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_fiscal_year_boundary),
		cmocka_unit_test(test_fiscal_year_label),
		cmocka_unit_test(test_wareki_date),
		cmocka_unit_test(test_small_buffers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
