/*
 * steps.c — levels along a system's pre-countermeasure steps (R5, §3.2,
 * 表3.2-2).
 *
 * A system's steps are ordered by their number (ステップ1, 2 …); each item
 * of a step lifts one component, for one event, to the item's level.  The
 * level a component has before a step is its assessed current level,
 * raised by every item of the system's earlier steps.
 */
#include "rules/rules_internal.h"

/* The current level assessed for (system, event, component); NO_VALUE when
 * there is no assessment (the first in plan order wins). */
static int64_t assessed_level(const struct plan *p, const char *system_id, const char *event_id,
			      const char *component_id)
{
	for (size_t i = 0; i < p->n_assessments; i++) {
		const struct assessment *a = &p->assessments[i];
		if (rules_same_id(a->system, system_id) && rules_same_id(a->event, event_id) &&
		    rules_same_id(a->component, component_id))
			return a->current_level;
	}
	return NO_VALUE;
}

/* The highest level the items of step st reach for (event, component), or
 * floor when none reaches higher. */
static int64_t raised_by_step(const struct plan *p, const struct countermeasure_step *st,
			      const char *event_id, const char *component_id, int64_t floor)
{
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		if (rules_same_id(it->step, st->id) && rules_same_id(it->event, event_id) &&
		    rules_same_id(it->component, component_id) && it->level != NO_VALUE &&
		    (floor == NO_VALUE || it->level > floor))
			floor = it->level;
	}
	return floor;
}

/* R5: the assessed current level of (s's system, event, component), raised
 * to the highest level an item of an earlier step (lower no) of the same
 * system reaches.  NO_VALUE when there is neither an assessment nor such
 * an item.  Steps with the same number as s are not earlier. */
int64_t level_before_step(const struct plan *p, const struct countermeasure_step *s,
			  const char *event_id, const char *component_id)
{
	int64_t level = assessed_level(p, s->system, event_id, component_id);
	for (size_t i = 0; i < p->n_countermeasure_steps; i++) {
		const struct countermeasure_step *st = &p->countermeasure_steps[i];
		if (st->no < s->no && rules_same_id(st->system, s->system))
			level = raised_by_step(p, st, event_id, component_id, level);
	}
	return level;
}
