/*
 * review.c — the annual review of the plan (R8, §4.2.3).
 *
 * Each fiscal year has a review window: from the 1st of
 * organisation.review_month_from to the last day of review_month_to
 * (default April–May, after the April personnel changes).  Months out of
 * 1..12 fall back to those defaults.  The window opens in the fiscal year
 * it belongs to (January–March are the next calendar year); a window whose
 * end month comes before its start month in fiscal order (e.g. February to
 * May) runs on into the next fiscal year.
 *
 * Decisions:
 *   - only reviews of occasion "annual" with a valid date count; a review
 *     dated after today is a plan, not a record, and is ignored;
 *   - the year's review is done when such a review is dated on or after
 *     the window's first day (a review before the window, e.g. before the
 *     April personnel changes, belongs to the year before);
 *   - the window in force is this fiscal year's, or last fiscal year's
 *     while today is still inside that one (a window running past March).
 */
#include "rules/rules_internal.h"

#define DEFAULT_FROM 4
#define DEFAULT_TO 5

/* Position of month m in the fiscal year: April 0 … March 11. */
static int fiscal_pos(int m)
{
	return (m + 8) % 12;
}

/* The calendar year of month m within fiscal year fy. */
static int year_in_fy(int fy, int m)
{
	return m >= 4 ? fy : fy + 1;
}

/* The review window of fiscal year fy into *from and *to. */
static void window_of(const struct organisation *o, int fy, struct civil_date *from,
		      struct civil_date *to)
{
	int mf = o->review_month_from >= 1 && o->review_month_from <= 12
			 ? (int)o->review_month_from : DEFAULT_FROM;
	int mt = o->review_month_to >= 1 && o->review_month_to <= 12
			 ? (int)o->review_month_to : DEFAULT_TO;
	int fy_to = fiscal_pos(mt) < fiscal_pos(mf) ? fy + 1 : fy;
	*from = (struct civil_date){ year_in_fy(fy, mf), mf, 1 };
	int ty = year_in_fy(fy_to, mt);
	*to = (struct civil_date){ ty, mt, rules_month_days(ty, mt) };
}

/* The latest annual review dated on or before today (the later in plan
 * order on equal dates), with its date in *date; NULL when none. */
static const struct review *last_annual(const struct plan *p, int64_t today,
					int64_t *date)
{
	const struct review *last = NULL;
	for (size_t i = 0; i < p->n_reviews; i++) {
		const struct review *r = &p->reviews[i];
		struct civil_date d;
		if (!rules_same_id(r->occasion, "annual") || civil_date_parse(r->date, &d) != 0)
			continue;
		int64_t days = civil_date_days(d);
		if (days <= today && (!last || days >= *date)) {
			last = r;
			*date = days;
		}
	}
	return last;
}

/* R8 as of today (see rules.h and the decisions above). */
void review_status_compute(const struct plan *p, struct civil_date today,
			   struct review_status *out)
{
	int64_t now = civil_date_days(today);
	int fy = fiscal_year_of(today);
	window_of(&p->organisation, fy, &out->window_from, &out->window_to);
	if (now < civil_date_days(out->window_from)) {
		struct civil_date from, to;
		window_of(&p->organisation, fy - 1, &from, &to);
		if (now <= civil_date_days(to)) {
			out->window_from = from;
			out->window_to = to;
		}
	}
	int64_t last_day = 0;
	out->last = last_annual(p, now, &last_day);
	if (out->last && last_day >= civil_date_days(out->window_from))
		out->state = REVIEW_DONE;
	else if (now < civil_date_days(out->window_from))
		out->state = REVIEW_NOT_YET;
	else if (now <= civil_date_days(out->window_to))
		out->state = REVIEW_DUE;
	else
		out->state = REVIEW_OVERDUE;
}
