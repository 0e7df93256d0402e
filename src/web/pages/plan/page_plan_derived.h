/*
 * page_plan_derived.h — derived figures of single elements that more than
 * one place shows: the plan's lists (page_plan.c) and the JSON API
 * (api_plan.c).  The sections beside the inputs are in form.h.
 */
#ifndef ITBCP_WEB_PAGES_PLAN_PAGE_PLAN_DERIVED_H
#define ITBCP_WEB_PAGES_PLAN_PAGE_PLAN_DERIVED_H

#include <stdint.h>

#include "model/plan.h"

/* R3: the target level of assessment a (its system's tier against the
 * target-level matrix); NO_VALUE when its system or the matrix has none. */
int64_t plan_assessment_target(const struct plan *p, const struct assessment *a);

/* R5: the budget of step st in thousand yen, the sum of its items' budgets
 * (items without one add nothing). */
int64_t plan_step_budget(const struct plan *p, const struct countermeasure_step *st);

#endif
