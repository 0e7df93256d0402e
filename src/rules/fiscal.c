/*
 * fiscal.c — fiscal years (年度) and Japanese era dates (R6).
 *
 * A fiscal year runs April to March and is named by the Gregorian year of
 * its April.  Japanese output writes years in the era (元号) of the date:
 * 令和 from 2019-05-01, 平成 from 1989-01-08, 昭和 from 1926-12-25; the
 * first year of an era is 元年.  A fiscal year is named in the era in
 * force on its first day (FY1988 is 昭和63年度, FY1989 平成元年度), except
 * that the government named FY2019 令和元年度 although it began in 平成 31.
 */
#include <stdio.h>

#include "rules/rules_internal.h"
#include "util/lang.h"

/* The eras this program writes, newest first. */
static const struct era {
	const char *name;
	struct civil_date start;
	int first_fy; /* the first fiscal year named in this era */
} eras[] = {
	{ "令和", { 2019, 5, 1 }, 2019 },
	{ "平成", { 1989, 1, 8 }, 1989 },
	{ "昭和", { 1926, 12, 25 }, 1927 },
};
#define N_ERAS (sizeof eras / sizeof eras[0])

/* The era that date d falls in, or NULL before 昭和. */
static const struct era *era_of(struct civil_date d)
{
	for (size_t i = 0; i < N_ERAS; i++)
		if (civil_date_days(d) >= civil_date_days(eras[i].start))
			return &eras[i];
	return NULL;
}

/* "元" or the era year y as digits, into out (size n). */
static void era_year(int y, char *out, size_t n)
{
	if (y == 1)
		snprintf(out, n, "元");
	else
		snprintf(out, n, "%d", y);
}

/* The fiscal year (named by the year of its April) that d falls in. */
int fiscal_year_of(struct civil_date d)
{
	return d.m >= 4 ? d.y : d.y - 1;
}

/* 令和 year of a Gregorian year: 2019 is 令和1 (元年), 2026 令和8. */
int reiwa_year(int year)
{
	return year - 2018;
}

/* "令和8年度" or "FY2026" into out; years before 昭和 are written
 * "1920年度". */
void fiscal_year_label(int fy, int lang, char *out, size_t n)
{
	if (!out || n == 0)
		return;
	if (lang == LANG_EN) {
		snprintf(out, n, "FY%d", fy);
		return;
	}
	const struct era *e = NULL;
	for (size_t i = 0; i < N_ERAS && !e; i++)
		if (fy >= eras[i].first_fy)
			e = &eras[i];
	if (!e) {
		snprintf(out, n, "%d年度", fy);
		return;
	}
	char y[16];
	era_year(fy - e->start.y + 1, y, sizeof y);
	snprintf(out, n, "%s%s年度", e->name, y);
}

/* "令和8年4月1日" or "2026-04-01" into out; dates before 昭和 are
 * written "1920年4月1日". */
void wareki_date(struct civil_date d, int lang, char *out, size_t n)
{
	if (!out || n == 0)
		return;
	if (lang == LANG_EN) {
		snprintf(out, n, "%04d-%02d-%02d", d.y, d.m, d.d);
		return;
	}
	const struct era *e = era_of(d);
	if (!e) {
		snprintf(out, n, "%d年%d月%d日", d.y, d.m, d.d);
		return;
	}
	char y[16];
	era_year(d.y - e->start.y + 1, y, sizeof y);
	snprintf(out, n, "%s%s年%d月%d日", e->name, y, d.m, d.d);
}
