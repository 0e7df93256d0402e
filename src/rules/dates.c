/*
 * dates.c — calendar dates (R6): parsing "YYYY-MM-DD", day numbers, and
 * today's date in Japan.
 *
 * Dates are proleptic Gregorian; day numbers count from 1970-01-01 with the
 * algorithms of Howard Hinnant's "chrono-compatible low-level date
 * algorithms", exact for every year this program accepts.  Today is
 * computed as UTC+9 from time(NULL): Japan has kept no daylight saving
 * since 1951, so no time-zone database is needed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/rules_internal.h"

#define JST_OFFSET_SECONDS (9 * 3600)
#define SECONDS_PER_DAY 86400

/* See rules_internal.h. */
int rules_month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* True for a real date in the years this program handles, 1900..9999. */
bool civil_date_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= rules_month_days(y, m);
}

/* The value of n ASCII digits at s, or -1 when one of them is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parses exactly "YYYY-MM-DD" naming a valid date; 0, or -1 with *out
 * untouched. */
int civil_date_parse(const char *s, struct civil_date *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !civil_date_valid(y, m, d))
		return -1;
	*out = (struct civil_date){ y, m, d };
	return 0;
}

/* Days from 1970-01-01 to d (negative before). */
int64_t civil_date_days(struct civil_date d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* See rules_internal.h. */
struct civil_date rules_date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (struct civil_date){ (int)(yoe + era * 400 + (m <= 2)), m, d };
}

/* Today in Asia/Tokyo.  ITBCP_TODAY=YYYY-MM-DD replaces it (tests, drills
 * replaying a past date); a value that does not parse is ignored. */
struct civil_date civil_date_today(void)
{
	struct civil_date d;
	const char *env = getenv("ITBCP_TODAY");
	if (env && civil_date_parse(env, &d) == 0)
		return d;
	int64_t t = (int64_t)time(NULL) + JST_OFFSET_SECONDS;
	int64_t days = t / SECONDS_PER_DAY - (t % SECONDS_PER_DAY < 0);
	return rules_date_from_days(days);
}
