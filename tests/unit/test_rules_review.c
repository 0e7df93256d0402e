/*
 * test_rules_review.c — R8, the annual review: not yet / due / overdue /
 * done on either side of each edge of the window, with the default
 * April–May window and with windows the agency moved (later in the year,
 * in January–February, and running across the end of March).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model/schema.h"
#include "rules/rules.h"
#include "util/xalloc.h"

/* Replaces the string field *f with a copy of v (NULL stays NULL). */
static void set(char **f, const char *v)
{
	free(*f);
	*f = xstrdup_or_null(v);
}

/* Appends a review held on date for occasion. */
static void add_review(struct plan *p, const char *id, const char *occasion, const char *date)
{
	struct review *r = schema_append(schema_entity("reviews"), p);
	set(&r->id, id);
	set(&r->occasion, occasion);
	set(&r->date, date);
}

/* The review status of p on the day "YYYY-MM-DD". */
static struct review_status status_on(const struct plan *p, const char *today)
{
	struct civil_date d;
	assert_int_equal(civil_date_parse(today, &d), 0);
	struct review_status rs;
	review_status_compute(p, d, &rs);
	return rs;
}

/* Asserts that d is the date "YYYY-MM-DD". */
static void assert_date(struct civil_date d, const char *want)
{
	struct civil_date w;
	assert_int_equal(civil_date_parse(want, &w), 0);
	if (d.y != w.y || d.m != w.m || d.d != w.d)
		fail_msg("date %04d-%02d-%02d, expected %s", d.y, d.m, d.d, want);
}

static void test_default_window_edges(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p); /* April–May */
	struct review_status rs = status_on(&p, "2026-03-31");
	assert_int_equal(rs.state, REVIEW_OVERDUE); /* FY2025's window has passed */
	assert_date(rs.window_from, "2025-04-01");
	assert_date(rs.window_to, "2025-05-31");
	assert_null(rs.last);

	rs = status_on(&p, "2026-04-01");
	assert_int_equal(rs.state, REVIEW_DUE);
	assert_date(rs.window_from, "2026-04-01");
	assert_date(rs.window_to, "2026-05-31");
	assert_int_equal(status_on(&p, "2026-05-31").state, REVIEW_DUE);
	assert_int_equal(status_on(&p, "2026-06-01").state, REVIEW_OVERDUE);
	assert_int_equal(status_on(&p, "2027-03-31").state, REVIEW_OVERDUE);
	plan_release(&p);
}

static void test_done(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	add_review(&p, "old", "annual", "2025-04-20");
	add_review(&p, "prev", "annual", "2026-03-31"); /* last day of FY2025 */
	add_review(&p, "t", "training", "2026-04-15");  /* not an annual review */
	/* A review before the window does not do this year's. */
	struct review_status rs = status_on(&p, "2026-04-10");
	assert_int_equal(rs.state, REVIEW_DUE);
	assert_non_null(rs.last);
	assert_string_equal(rs.last->id, "prev");
	assert_int_equal(status_on(&p, "2026-06-01").state, REVIEW_OVERDUE);

	add_review(&p, "y26", "annual", "2026-04-01"); /* the window's first day */
	rs = status_on(&p, "2026-04-01");
	assert_int_equal(rs.state, REVIEW_DONE);
	assert_string_equal(rs.last->id, "y26");
	rs = status_on(&p, "2026-06-01");
	assert_int_equal(rs.state, REVIEW_DONE);
	/* A year later the same review is last year's. */
	rs = status_on(&p, "2027-04-01");
	assert_int_equal(rs.state, REVIEW_DUE);
	assert_string_equal(rs.last->id, "y26");
	plan_release(&p);
}

static void test_late_review_counts(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	add_review(&p, "late", "annual", "2026-07-15"); /* after the window: done, late */
	assert_int_equal(status_on(&p, "2026-07-14").state, REVIEW_OVERDUE);
	struct review_status rs = status_on(&p, "2026-07-15");
	assert_int_equal(rs.state, REVIEW_DONE);
	assert_string_equal(rs.last->id, "late");
	plan_release(&p);
}

static void test_future_review_ignored(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	add_review(&p, "planned", "annual", "2026-05-20");
	add_review(&p, "bad", "annual", ""); /* no date */
	struct review_status rs = status_on(&p, "2026-05-01");
	assert_int_equal(rs.state, REVIEW_DUE);
	assert_null(rs.last);
	assert_int_equal(status_on(&p, "2026-05-20").state, REVIEW_DONE);
	plan_release(&p);
}

static void test_later_window(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	p.organisation.review_month_from = 6;
	p.organisation.review_month_to = 7;
	struct review_status rs = status_on(&p, "2026-05-31");
	assert_int_equal(rs.state, REVIEW_NOT_YET);
	assert_date(rs.window_from, "2026-06-01");
	assert_date(rs.window_to, "2026-07-31");
	assert_int_equal(status_on(&p, "2026-06-01").state, REVIEW_DUE);
	assert_int_equal(status_on(&p, "2026-07-31").state, REVIEW_DUE);
	assert_int_equal(status_on(&p, "2026-08-01").state, REVIEW_OVERDUE);
	/* In April the window of this fiscal year is still ahead. */
	assert_int_equal(status_on(&p, "2026-04-01").state, REVIEW_NOT_YET);
	/* A review in April is before the window: not this year's. */
	add_review(&p, "early", "annual", "2026-04-20");
	assert_int_equal(status_on(&p, "2026-06-02").state, REVIEW_DUE);
	plan_release(&p);
}

static void test_window_in_next_calendar_year(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	p.organisation.review_month_from = 1;
	p.organisation.review_month_to = 2;
	struct review_status rs = status_on(&p, "2027-12-31");
	assert_int_equal(rs.state, REVIEW_NOT_YET);
	assert_date(rs.window_from, "2028-01-01");
	assert_date(rs.window_to, "2028-02-29"); /* leap year */
	assert_int_equal(status_on(&p, "2028-02-29").state, REVIEW_DUE);
	assert_int_equal(status_on(&p, "2028-03-01").state, REVIEW_OVERDUE);
	rs = status_on(&p, "2028-04-01"); /* FY2028: the next window is ahead */
	assert_int_equal(rs.state, REVIEW_NOT_YET);
	assert_date(rs.window_from, "2029-01-01");
	assert_date(rs.window_to, "2029-02-28");
	plan_release(&p);
}

static void test_window_across_march(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	p.organisation.review_month_from = 2;
	p.organisation.review_month_to = 5;
	/* 2026-04-10 is in FY2026 but inside FY2025's window (Feb–May 2026). */
	struct review_status rs = status_on(&p, "2026-04-10");
	assert_int_equal(rs.state, REVIEW_DUE);
	assert_date(rs.window_from, "2026-02-01");
	assert_date(rs.window_to, "2026-05-31");
	rs = status_on(&p, "2026-06-01");
	assert_int_equal(rs.state, REVIEW_NOT_YET);
	assert_date(rs.window_from, "2027-02-01");
	add_review(&p, "feb", "annual", "2026-02-10");
	assert_int_equal(status_on(&p, "2026-04-10").state, REVIEW_DONE);
	assert_int_equal(status_on(&p, "2027-02-01").state, REVIEW_DUE);
	plan_release(&p);
}

static void test_bad_months_use_default(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	p.organisation.review_month_from = 0;
	p.organisation.review_month_to = NO_VALUE;
	struct review_status rs = status_on(&p, "2026-04-15");
	assert_int_equal(rs.state, REVIEW_DUE);
	assert_date(rs.window_from, "2026-04-01");
	assert_date(rs.window_to, "2026-05-31");
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_window_edges),
		cmocka_unit_test(test_done),
		cmocka_unit_test(test_late_review_counts),
		cmocka_unit_test(test_future_review_ignored),
		cmocka_unit_test(test_later_window),
		cmocka_unit_test(test_window_in_next_calendar_year),
		cmocka_unit_test(test_window_across_march),
		cmocka_unit_test(test_bad_months_use_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
