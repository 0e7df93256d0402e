/*
 * page_plan_derived.h — the derived figures of the plan's pages: of single
 * elements, which more than one place shows (the plan's lists, page_plan.c,
 * and the JSON API, api_plan.c), the section beside an element's inputs,
 * and the "recalculated" box after a save.
 */
#ifndef ITBCP_WEB_PAGES_PLAN_PAGE_PLAN_DERIVED_H
#define ITBCP_WEB_PAGES_PLAN_PAGE_PLAN_DERIVED_H

#include <stdint.h>

#include "model/plan.h"
#include "model/schema.h"
#include "web/core/req.h"

/* R3: the target level of assessment a (its system's tier against the
 * target-level matrix); NO_VALUE when its system or the matrix has none. */
int64_t page_plan_derived_assessment_target(const struct plan *p, const struct assessment *a);

/* R5: the budget of step st in thousand yen, the sum of its items' budgets
 * (items without one add nothing). */
int64_t page_plan_derived_step_budget(const struct plan *p, const struct countermeasure_step *st);

/* ---- beside an element's inputs (page_plan.c) ------------------------ */

/* An RTO for people: "15時間", "3日" / "15 h", "3 days"; "—" when unknown. */
const char *page_plan_derived_hours_text(struct req *r, int64_t hours);
/* The figures an element's page shows beside its inputs: for a system its
 * derived RTO, the business that sets it, every candidate, the effective
 * RTO and tier; for a business the systems whose RTO it sets; for an
 * assessment its target level and gap; for a countermeasure step its
 * budget; and so on.  Nothing for kinds without derived values. */
void page_plan_derived_section(struct req *r, const struct plan *p, const struct entity_def *e,
			       const void *elem);
/* The derived figures of the whole plan (every system's RTO and tier, the
 * open gaps, the budget) as a short string for a redirect's query. */
const char *page_plan_derived_recalc_snapshot(struct req *r, const struct plan *p);
/* What changed between a snapshot `before` and plan p, as a query value
 * ("" when nothing changed) holding only the before-values of what moved. */
const char *page_plan_derived_recalc_diff(struct req *r, const char *before, const struct plan *p);
/* The "recalculated" box shown after a save: diff (from
 * page_plan_derived_recalc_diff) against the current plan p. */
void page_plan_derived_recalc_summary(struct req *r, const struct plan *p, const char *diff);

#endif
