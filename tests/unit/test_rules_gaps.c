/*
 * test_rules_gaps.c — R3 (target level from the plan's matrix) and R4
 * (gap = target − current, open risks first by tier, then gap, then plan
 * order): which assessments count and in what order they come.
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

/* Appends a system; rto_hours NO_VALUE leaves it without an RTO. */
static void add_system(struct plan *p, const char *id, int64_t rto_hours, bool in_scope)
{
	struct system *s = schema_append(schema_entity("systems"), p);
	set(&s->id, id);
	set(&s->name, id);
	s->rto_override_hours = rto_hours;
	s->in_scope = in_scope;
}

/* Appends an event type or a component. */
static void add_event(struct plan *p, const char *id)
{
	struct event_type *e = schema_append(schema_entity("events"), p);
	set(&e->id, id);
	set(&e->name, id);
}

static void add_component(struct plan *p, const char *id)
{
	struct component *c = schema_append(schema_entity("components"), p);
	set(&c->id, id);
	set(&c->name, id);
}

/* Appends one cell of the target matrix. */
static void add_target(struct plan *p, const char *event, const char *component,
		       const char *tier, int64_t level)
{
	struct target_level *t = schema_append(schema_entity("target_levels"), p);
	set(&t->event, event);
	set(&t->component, component);
	set(&t->tier, tier);
	t->level = level;
}

/* Appends an assessment of a current level. */
static void add_assessment(struct plan *p, const char *system, const char *event,
			   const char *component, int64_t current)
{
	struct assessment *a = schema_append(schema_entity("assessments"), p);
	set(&a->system, system);
	set(&a->event, event);
	set(&a->component, component);
	a->current_level = current;
}

/* Systems s1 (tier S, 3 h), s2 (tier A, 10 h), s5 (tier A, 20 h), off
 * (out of scope), norto (no RTO); events quake, cyber; the default
 * matrix rows of 大規模災害 for hardware, data_area, contractor. */
static void build(struct plan *p)
{
	plan_init(p);
	add_system(p, "s1", 3, true);
	add_system(p, "s2", 10, true);
	add_system(p, "s5", 20, true);
	add_system(p, "off", 3, false);
	add_system(p, "norto", NO_VALUE, true);
	add_event(p, "quake");
	add_event(p, "cyber");
	add_component(p, "staff");
	add_component(p, "hardware");
	add_component(p, "data_area");
	add_component(p, "contractor");
	static const char *const tiers[] = { "S", "A", "B", "C", "D", "E" };
	static const int64_t hw[] = { 4, 3, 3, 2, 2, 1 }, ct[] = { 3, 3, 3, 2, 2, 1 };
	for (int t = 0; t < 6; t++) {
		add_target(p, "quake", "hardware", tiers[t], hw[t]);
		add_target(p, "quake", "data_area", tiers[t], hw[t]);
		add_target(p, "quake", "contractor", tiers[t], ct[t]);
	}
	add_target(p, "cyber", "data_area", "A", 3);
	/* Deliberately not in the order expected from gaps_compute. */
	add_assessment(p, "s2", "quake", "contractor", 4); /* gap -1 */
	add_assessment(p, "s5", "quake", "hardware", 1);   /* A, gap 2 */
	add_assessment(p, "s2", "quake", "hardware", 1);   /* A, gap 2 */
	add_assessment(p, "s1", "quake", "hardware", 3);   /* S, gap 1 */
	add_assessment(p, "s2", "cyber", "data_area", 1);  /* A, gap 2 */
	add_assessment(p, "s1", "quake", "data_area", 0);  /* S, gap 4 */
	add_assessment(p, "s2", "quake", "data_area", 3);  /* A, gap 0 */
	add_assessment(p, "s2", "quake", "staff", 0);      /* no target */
	add_assessment(p, "off", "quake", "hardware", 0);  /* out of scope */
	add_assessment(p, "norto", "quake", "hardware", 0); /* no tier */
	add_assessment(p, "s1", "flood", "hardware", 0);   /* no such event */
	add_assessment(p, "ghost", "quake", "hardware", 0); /* no such system */
}

static void test_target_level(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	assert_int_equal(target_level(&p, "quake", "hardware", TIER_S), 4);
	assert_int_equal(target_level(&p, "quake", "hardware", TIER_A), 3);
	assert_int_equal(target_level(&p, "quake", "hardware", TIER_C), 2);
	assert_int_equal(target_level(&p, "quake", "hardware", TIER_E), 1);
	assert_int_equal(target_level(&p, "quake", "contractor", TIER_B), 3);
	assert_int_equal(target_level(&p, "quake", "staff", TIER_S), NO_VALUE);
	assert_int_equal(target_level(&p, "cyber", "data_area", TIER_A), 3);
	assert_int_equal(target_level(&p, "cyber", "data_area", TIER_S), NO_VALUE);
	assert_int_equal(target_level(&p, "quake", "hardware", TIER_NONE), NO_VALUE);
	assert_int_equal(target_level(&p, NULL, "hardware", TIER_S), NO_VALUE);
	plan_release(&p);
}

/* Asserts gap i is (system, event, component, tier, current, target). */
static void expect(const struct gap_list *l, size_t i, const char *system, const char *event,
		   const char *component, enum tier t, int64_t current, int64_t target)
{
	assert_true(i < l->n);
	const struct gap *g = &l->v[i];
	assert_string_equal(g->system->id, system);
	assert_string_equal(g->event->id, event);
	assert_string_equal(g->component->id, component);
	assert_int_equal(g->tier, t);
	assert_int_equal(g->current, current);
	assert_int_equal(g->target, target);
	assert_int_equal(g->gap, target - current);
	assert_string_equal(g->assessment->system, system);
	assert_string_equal(g->assessment->component, component);
}

static void test_all_gaps_sorted(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	struct gap_list l = GAP_LIST_INIT;
	gaps_compute(&p, false, &l);
	assert_int_equal(l.n, 7);
	expect(&l, 0, "s1", "quake", "data_area", TIER_S, 0, 4);
	expect(&l, 1, "s1", "quake", "hardware", TIER_S, 3, 4);
	/* Tier A, gap 2: s2 before s5 (plan order), quake before cyber. */
	expect(&l, 2, "s2", "quake", "hardware", TIER_A, 1, 3);
	expect(&l, 3, "s2", "cyber", "data_area", TIER_A, 1, 3);
	expect(&l, 4, "s5", "quake", "hardware", TIER_A, 1, 3);
	expect(&l, 5, "s2", "quake", "data_area", TIER_A, 3, 3);
	expect(&l, 6, "s2", "quake", "contractor", TIER_A, 4, 3);
	gap_list_release(&l);
	gap_list_release(&l); /* harmless twice */
	plan_release(&p);
}

static void test_open_only(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	struct gap_list l = GAP_LIST_INIT;
	gaps_compute(&p, false, &l);
	gaps_compute(&p, true, &l); /* refills, does not append */
	assert_int_equal(l.n, 5);
	for (size_t i = 0; i < l.n; i++)
		assert_true(l.v[i].gap > 0);
	expect(&l, 0, "s1", "quake", "data_area", TIER_S, 0, 4);
	expect(&l, 4, "s5", "quake", "hardware", TIER_A, 1, 3);
	gap_list_release(&l);
	plan_release(&p);
}

static void test_tier_from_override_and_scope(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	/* s5 judged tier S by the planner: its target rises to 4, and it now
	 * comes before s1's smaller gap. */
	struct system *s5 = (struct system *)plan_system(&p, "s5");
	set(&s5->tier_override, "S");
	/* The out-of-scope system stays out even with a tier. */
	struct gap_list l = GAP_LIST_INIT;
	gaps_compute(&p, true, &l);
	assert_int_equal(l.n, 5);
	expect(&l, 0, "s1", "quake", "data_area", TIER_S, 0, 4);
	expect(&l, 1, "s5", "quake", "hardware", TIER_S, 1, 4);
	expect(&l, 2, "s1", "quake", "hardware", TIER_S, 3, 4);
	for (size_t i = 0; i < l.n; i++)
		assert_string_not_equal(l.v[i].system->id, "off");
	gap_list_release(&l);
	plan_release(&p);
}

static void test_empty_plan(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	struct gap_list l = GAP_LIST_INIT;
	gaps_compute(&p, false, &l);
	assert_int_equal(l.n, 0);
	gap_list_release(&l);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_level),
		cmocka_unit_test(test_all_gaps_sorted),
		cmocka_unit_test(test_open_only),
		cmocka_unit_test(test_tier_from_override_and_scope),
		cmocka_unit_test(test_empty_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
