/*
 * levels.c — target countermeasure levels (R3) and the gaps between them
 * and the current levels (R4, §3.1).
 *
 * The target matrix is plan data (表5.4-2..5, per event type), so R3 is a
 * lookup.  A gap is target − current for one assessment (system × event ×
 * component) of an in-scope system, the target taken at the system's
 * effective tier (rto.c); a positive gap is an open risk.
 */
#include <stdlib.h>

#include "rules/rules_internal.h"
#include "util/xalloc.h"

/* R3: the level of the first matrix entry for (event, component, t) in
 * plan order; NO_VALUE when there is none or t is not a tier. */
int64_t target_level(const struct plan *p, const char *event_id, const char *component_id,
		     enum tier t)
{
	if (t < TIER_S || t >= TIER_COUNT)
		return NO_VALUE;
	const char *tn = tier_name(t);
	for (size_t i = 0; i < p->n_target_levels; i++) {
		const struct target_level *tl = &p->target_levels[i];
		if (rules_same_id(tl->event, event_id) &&
		    rules_same_id(tl->component, component_id) && rules_same_id(tl->tier, tn))
			return tl->level;
	}
	return NO_VALUE;
}

/* Three-way comparison of two positions in one plan array. */
static int ptr_cmp(const void *a, const void *b)
{
	return (a > b) - (a < b);
}

/* qsort order of R4: tier (S first), gap (largest first), then system,
 * event and component in plan order; the assessment's plan order breaks
 * the ties duplicate assessments would leave. */
static int gap_cmp(const void *va, const void *vb)
{
	const struct gap *a = va, *b = vb;
	if (a->tier != b->tier)
		return a->tier < b->tier ? -1 : 1;
	if (a->gap != b->gap)
		return a->gap > b->gap ? -1 : 1;
	int c = ptr_cmp(a->system, b->system);
	if (!c)
		c = ptr_cmp(a->event, b->event);
	if (!c)
		c = ptr_cmp(a->component, b->component);
	return c ? c : ptr_cmp(a->assessment, b->assessment);
}

/* R4 (see rules.h).  out's previous entries are dropped, its memory kept.
 * Assessments whose system, event or component does not exist, or whose
 * current level is unset, have no gap and are left out.  Assessments are
 * usually grouped by system, so the last system's tier is kept instead of
 * being computed again. */
void gaps_compute(const struct plan *p, bool open_only, struct gap_list *out)
{
	const struct system *last = NULL;
	struct system_rto rto = { .tier = TIER_NONE };
	/* every tier at once: one system's R1 walks every link, and a plan of
	 * 500 systems made this the heat map's cost (issue 16 item 16) */
	struct system_rto *all = xcalloc(p->n_systems ? p->n_systems : 1, sizeof *all);
	system_rto_compute_all(p, all);
	out->n = 0;
	for (size_t i = 0; i < p->n_assessments; i++) {
		const struct assessment *a = &p->assessments[i];
		const struct system *s = last && rules_same_id(a->system, last->id)
						 ? last
						 : plan_system(p, a->system);
		if (!s || !s->in_scope)
			continue;
		if (s != last) {
			rto = all[s - p->systems];
			last = s;
		}
		const struct event_type *e = plan_event(p, a->event);
		const struct component *k = plan_component(p, a->component);
		if (rto.tier == TIER_NONE || !e || !k || a->current_level == NO_VALUE)
			continue;
		int64_t target = target_level(p, e->id, k->id, rto.tier);
		if (target == NO_VALUE || (open_only && target <= a->current_level))
			continue;
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = (struct gap){
			.system = s,
			.event = e,
			.component = k,
			.assessment = a,
			.tier = rto.tier,
			.current = a->current_level,
			.target = target,
			.gap = target - a->current_level,
		};
	}
	free(all);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, gap_cmp);
}

/* Frees the entries; l is empty and reusable after. */
void gap_list_release(struct gap_list *l)
{
	free(l->v);
	*l = (struct gap_list)GAP_LIST_INIT;
}
