/*
 * rules.h — the plan's rules R1–R6 and R8 of doc/domain.md as pure functions.
 *
 * No I/O, no SQL, no allocation beyond the result lists they fill.  Every
 * pointer in a result is borrowed from the plan passed in and lives as long
 * as that plan is neither released nor changed.
 */
#ifndef ITBCP_RULES_RULES_H
#define ITBCP_RULES_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/plan.h"

/* ---- dates and fiscal years (R6) ------------------------------------- */

struct civil_date {
	int y, m, d;
};

/* Parses "YYYY-MM-DD" (a real calendar date, years 1900..9999); -1 if not. */
int civil_date_parse(const char *s, struct civil_date *out);
bool civil_date_valid(int y, int m, int d);
/* Days since 1970-01-01 (negative before). */
int64_t civil_date_days(struct civil_date d);
/* Today in Asia/Tokyo, or ITBCP_TODAY=YYYY-MM-DD when set (tests, drills). */
struct civil_date civil_date_today(void);

/* Fiscal year (年度): April to March, named by the Gregorian year of April. */
int fiscal_year_of(struct civil_date d);
/* 令和 year of a fiscal or calendar year: year - 2018 (令和8年度 = FY2026). */
int reiwa_year(int year);
/* "令和8年度" / "FY2026" into out (size n). 令和1 is written 令和元. */
void fiscal_year_label(int fy, int lang, char *out, size_t n);
/* "令和8年4月1日" (dates from 2019-05-01; 平成 before) or "2026-04-01" for
 * English, into out. */
void wareki_date(struct civil_date d, int lang, char *out, size_t n);

/* ---- RTO and tier (R1, R2) ------------------------------------------- */

/* "S".."E" for tiers, "-" for TIER_NONE. */
const char *tier_name(enum tier t);
/* "S".."E" (one upper-case letter); TIER_NONE otherwise. */
enum tier tier_parse(const char *s);
/* R2: the tier of an RTO, with max_hours[0..4] the upper bounds of S..D
 * (a boundary value belongs to the faster tier).  TIER_NONE if hours < 0. */
enum tier tier_from_hours(const int64_t max_hours[TIER_COUNT - 1], int64_t hours);

/* R1 and R2 for one system. */
struct system_rto {
	int64_t derived_hours;        /* min over businesses of RTO(b) + alt; NO_VALUE if none */
	const struct business *set_by;  /* the business giving that minimum */
	int64_t set_by_alt_hours;     /* its alternative-means duration */
	int64_t hours;                /* effective: override when set, else derived */
	bool rto_overridden;
	enum tier derived_tier;       /* tier of the effective hours (R2) */
	enum tier tier;               /* effective: tier override when set */
	bool tier_overridden;
};
void system_rto_compute(const struct plan *p, const struct system *s, struct system_rto *out);
/* R1 and R2 for every system at once: out[i] is what system_rto_compute
 * gives for p->systems[i] (out has p->n_systems entries).  One pass over the
 * links with the systems and businesses indexed by id, so a plan of 500
 * systems and 1,500 links costs a few thousand comparisons, not a million:
 * the way to take every system's RTO (a list, a heat map, a snapshot). */
void system_rto_compute_all(const struct plan *p, struct system_rto *out);

/* One candidate of R1: business b using system s. */
struct rto_candidate {
	const struct business *business;
	const struct business_system *link;
	int64_t hours; /* RTO(b) + alt_hours */
};
/* All candidates for s in plan order; returns the count written (<= max). */
size_t rto_candidates(const struct plan *p, const struct system *s,
		      struct rto_candidate *out, size_t max);

/* ---- target levels and gaps (R3, R4) --------------------------------- */

/* R3: the target level of component for tier t under event, from the
 * plan's matrix; NO_VALUE when the matrix has no entry. */
int64_t target_level(const struct plan *p, const char *event_id, const char *component_id,
		     enum tier t);

struct gap {
	const struct system *system;
	const struct event_type *event;
	const struct component *component;
	const struct assessment *assessment;
	enum tier tier;
	int64_t current, target, gap; /* gap = target - current */
};

struct gap_list {
	struct gap *v;
	size_t n, cap;
};
#define GAP_LIST_INIT { NULL, 0, 0 }

/* R4: one entry per assessment of an in-scope system whose target is
 * defined.  Sorted: tier (S first), gap (largest first), system (plan
 * order), event, component (plan order).  With open_only, gap > 0 only. */
void gaps_compute(const struct plan *p, bool open_only, struct gap_list *out);
void gap_list_release(struct gap_list *l);

/* ---- budgets (R5) ---------------------------------------------------- */

/* A roll-up line: key is a step id, a fiscal year ("2026") or a
 * department id; total in thousand yen; unknown counts items with no
 * budget yet. */
struct budget_line {
	const char *key;       /* borrowed, or points into fy_key */
	char fy_key[16];
	const struct countermeasure_step *step; /* by step only */
	const struct department *department;   /* by department only */
	int64_t fy;            /* by fiscal year only, else NO_VALUE */
	int64_t total_kyen;
	size_t items;
	size_t unknown;
};

struct budget_list {
	struct budget_line *v;
	size_t n, cap;
	int64_t grand_total_kyen;
};
#define BUDGET_LIST_INIT { NULL, 0, 0, 0 }

enum budget_by { BUDGET_BY_STEP, BUDGET_BY_FY, BUDGET_BY_DEPARTMENT };
/* Lines in plan order (step, department) or ascending fiscal year. */
void budget_compute(const struct plan *p, enum budget_by by, struct budget_list *out);
void budget_list_release(struct budget_list *l);

/* The fiscal year an item's budget falls in: its own fy, else its step's
 * fy_from; NO_VALUE when neither is known. */
int64_t countermeasure_item_fy(const struct plan *p, const struct countermeasure_item *it);

/* R5: the level a component of a system under an event has before step s
 * (the assessment's current level, raised by earlier steps' items). */
int64_t level_before_step(const struct plan *p, const struct countermeasure_step *s,
			  const char *event_id, const char *component_id);

/* ---- annual review (R8) ---------------------------------------------- */

enum review_state {
	REVIEW_DONE,       /* an annual review is dated within this fiscal year's window or later */
	REVIEW_DUE,        /* we are inside the window and it has not been done */
	REVIEW_NOT_YET,    /* before the window, not done yet this year */
	REVIEW_OVERDUE     /* the window has passed without one */
};
struct review_status {
	enum review_state state;
	const struct review *last; /* the latest annual review, or NULL */
	struct civil_date window_from, window_to; /* this fiscal year's window */
};
void review_status_compute(const struct plan *p, struct civil_date today,
			   struct review_status *out);

#endif
