/*
 * test_rules_budget.c — R5: the level a component has before each
 * pre-countermeasure step, the fiscal year of an item's spend, and the
 * budget roll-ups per step, per fiscal year and per department, with
 * items whose budget is not yet known.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
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

/* Appends a department. */
static void add_department(struct plan *p, const char *id)
{
	struct department *d = schema_append(schema_entity("departments"), p);
	set(&d->id, id);
	set(&d->name, id);
}

/* Appends a step of system's plan. */
static void add_step(struct plan *p, const char *id, const char *system, int64_t no,
		     int64_t fy_from)
{
	struct countermeasure_step *s = schema_append(schema_entity("countermeasure_steps"), p);
	set(&s->id, id);
	set(&s->system, system);
	s->no = no;
	s->fy_from = fy_from;
	s->fy_to = fy_from;
}

/* Appends an item of step on (event, component). */
static void add_item(struct plan *p, const char *id, const char *step, const char *event,
		     const char *component, int64_t level, int64_t kyen, int64_t fy,
		     const char *owner)
{
	struct countermeasure_item *it = schema_append(schema_entity("countermeasure_items"), p);
	set(&it->id, id);
	set(&it->step, step);
	set(&it->event, event);
	set(&it->component, component);
	it->level = level;
	it->budget_kyen = kyen;
	it->fy = fy;
	set(&it->owner, owner);
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

/* mail: step 2 listed before step 1, an empty step 3; sys2: one step
 * without a fiscal year.  Budgets: 1000 + ? + 5000 + 2000 + 700. */
static void build(struct plan *p)
{
	plan_init(p);
	add_department(p, "dA");
	add_department(p, "dB");
	add_department(p, "dC");
	add_step(p, "m2", "mail", 2, 2027);
	add_step(p, "m1", "mail", 1, 2026);
	add_step(p, "x1", "sys2", 1, NO_VALUE);
	add_step(p, "m3", "mail", 3, 2029);
	add_assessment(p, "mail", "quake", "hardware", 1);
	add_assessment(p, "sys2", "quake", "data_area", 2);
	add_item(p, "i1", "m1", "quake", "hardware", 2, 1000, NO_VALUE, "dA");
	add_item(p, "i2", "m1", "quake", "data_area", 3, NO_VALUE, NO_VALUE, "dB");
	add_item(p, "i3", "m2", "quake", "hardware", 4, 5000, 2028, "dA");
	add_item(p, "i4", "m2", "quake", "data_area", 4, 2000, NO_VALUE, NULL);
	add_item(p, "i5", "x1", "quake", "hardware", 3, 700, NO_VALUE, "dB");
	add_item(p, "i6", "m1", "cyber", "hardware", 3, 0, NO_VALUE, "dA");
}

/* The step with id in p (asserted to exist). */
static const struct countermeasure_step *step(const struct plan *p, const char *id)
{
	const struct countermeasure_step *s = plan_countermeasure_step(p, id);
	assert_non_null(s);
	return s;
}

static void test_level_before_step(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	/* Step 1 starts from the assessment; step 2 from step 1's level. */
	assert_int_equal(level_before_step(&p, step(&p, "m1"), "quake", "hardware"), 1);
	assert_int_equal(level_before_step(&p, step(&p, "m2"), "quake", "hardware"), 2);
	assert_int_equal(level_before_step(&p, step(&p, "m3"), "quake", "hardware"), 4);
	/* No assessment: unknown before step 1, then what step 1 reached. */
	assert_int_equal(level_before_step(&p, step(&p, "m1"), "quake", "data_area"), NO_VALUE);
	assert_int_equal(level_before_step(&p, step(&p, "m2"), "quake", "data_area"), 3);
	/* Events are separate: the cyber item does not lift quake. */
	assert_int_equal(level_before_step(&p, step(&p, "m2"), "cyber", "hardware"), 3);
	/* Another system's items do not count, nor does its assessment. */
	assert_int_equal(level_before_step(&p, step(&p, "x1"), "quake", "hardware"), NO_VALUE);
	assert_int_equal(level_before_step(&p, step(&p, "x1"), "quake", "data_area"), 2);
	plan_release(&p);
}

static void test_level_is_max_not_last(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	/* Step 2 lowering the level to 1 (an error check reports it) does not
	 * lower what step 3 starts from. */
	add_item(&p, "low", "m2", "quake", "hardware", 1, 10, NO_VALUE, "dA");
	add_assessment(&p, "mail", "quake", "contractor", 3);
	add_item(&p, "c1", "m1", "quake", "contractor", 2, 10, NO_VALUE, "dA");
	assert_int_equal(level_before_step(&p, step(&p, "m3"), "quake", "hardware"), 4);
	assert_int_equal(level_before_step(&p, step(&p, "m2"), "quake", "contractor"), 3);
	/* A second step numbered 1 is not earlier than step 1. */
	add_step(&p, "m1b", "mail", 1, 2026);
	assert_int_equal(level_before_step(&p, step(&p, "m1b"), "quake", "hardware"), 1);
	plan_release(&p);
}

static void test_item_fy(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	assert_int_equal(countermeasure_item_fy(&p, &p.countermeasure_items[0]), 2026);
	assert_int_equal(countermeasure_item_fy(&p, &p.countermeasure_items[2]), 2028);
	assert_int_equal(countermeasure_item_fy(&p, &p.countermeasure_items[3]), 2027);
	assert_int_equal(countermeasure_item_fy(&p, &p.countermeasure_items[4]), NO_VALUE);
	plan_release(&p);
}

/* Asserts line i of l is (key, total, items, unknown). */
static void expect(const struct budget_list *l, size_t i, const char *key, int64_t total,
		   size_t items, size_t unknown)
{
	assert_true(i < l->n);
	const struct budget_line *ln = &l->v[i];
	assert_non_null(ln->key);
	assert_string_equal(ln->key, key);
	assert_int_equal(ln->total_kyen, total);
	assert_int_equal(ln->items, items);
	assert_int_equal(ln->unknown, unknown);
}

static void test_by_step(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	struct budget_list l = BUDGET_LIST_INIT;
	budget_compute(&p, BUDGET_BY_STEP, &l);
	assert_int_equal(l.n, 4); /* every step, plan order */
	expect(&l, 0, "m2", 7000, 2, 0);
	expect(&l, 1, "m1", 1000, 3, 1);
	expect(&l, 2, "x1", 700, 1, 0);
	expect(&l, 3, "m3", 0, 0, 0);
	assert_ptr_equal(l.v[1].step, step(&p, "m1"));
	assert_null(l.v[1].department);
	assert_int_equal(l.v[1].fy, NO_VALUE);
	assert_int_equal(l.grand_total_kyen, 8700);
	budget_list_release(&l);
	budget_list_release(&l);
	plan_release(&p);
}

static void test_by_fy(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	struct budget_list l = BUDGET_LIST_INIT;
	budget_compute(&p, BUDGET_BY_FY, &l);
	assert_int_equal(l.n, 4);
	expect(&l, 0, "2026", 1000, 3, 1);
	expect(&l, 1, "2027", 2000, 1, 0);
	expect(&l, 2, "2028", 5000, 1, 0);
	expect(&l, 3, "", 700, 1, 0); /* year unknown, last */
	assert_int_equal(l.v[0].fy, 2026);
	assert_int_equal(l.v[2].fy, 2028);
	assert_int_equal(l.v[3].fy, NO_VALUE);
	assert_null(l.v[0].step);
	assert_int_equal(l.grand_total_kyen, 8700);
	budget_list_release(&l);
	plan_release(&p);
}

static void test_by_fy_many_years(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	add_step(&p, "s", "sys", 1, 2030);
	/* 20 years, newest first, so the lines must grow and be sorted. */
	for (int i = 0; i < 20; i++) {
		char id[16];
		snprintf(id, sizeof id, "i%d", i);
		add_item(&p, id, "s", "quake", "hardware", 1, 100 + i, 2049 - i, NULL);
	}
	struct budget_list l = BUDGET_LIST_INIT;
	budget_compute(&p, BUDGET_BY_FY, &l);
	assert_int_equal(l.n, 20);
	for (size_t i = 0; i < l.n; i++) {
		char key[16];
		snprintf(key, sizeof key, "%d", 2030 + (int)i);
		expect(&l, i, key, 100 + 19 - (int64_t)i, 1, 0);
		assert_ptr_equal(l.v[i].key, l.v[i].fy_key);
	}
	budget_list_release(&l);
	plan_release(&p);
}

static void test_by_department(void **state)
{
	(void)state;
	struct plan p;
	build(&p);
	struct budget_list l = BUDGET_LIST_INIT;
	budget_compute(&p, BUDGET_BY_DEPARTMENT, &l);
	assert_int_equal(l.n, 3); /* dC owns nothing */
	expect(&l, 0, "dA", 6000, 3, 0);
	expect(&l, 1, "dB", 700, 2, 1);
	expect(&l, 2, "", 2000, 1, 0);
	assert_string_equal(l.v[0].department->id, "dA");
	assert_null(l.v[2].department);
	assert_int_equal(l.grand_total_kyen, 8700);
	/* Recomputing in another view replaces the lines. */
	budget_compute(&p, BUDGET_BY_STEP, &l);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.grand_total_kyen, 8700);
	budget_list_release(&l);
	plan_release(&p);
}

static void test_empty(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	for (int by = BUDGET_BY_STEP; by <= BUDGET_BY_DEPARTMENT; by++) {
		struct budget_list l = BUDGET_LIST_INIT;
		budget_compute(&p, (enum budget_by)by, &l);
		assert_int_equal(l.n, 0);
		assert_int_equal(l.grand_total_kyen, 0);
		budget_list_release(&l);
	}
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_before_step),
		cmocka_unit_test(test_level_is_max_not_last),
		cmocka_unit_test(test_item_fy),
		cmocka_unit_test(test_by_step),
		cmocka_unit_test(test_by_fy),
		cmocka_unit_test(test_by_fy_many_years),
		cmocka_unit_test(test_by_department),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
