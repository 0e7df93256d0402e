/*
 * test_rules_rto.c — R1 (system RTO from the businesses using it) and R2
 * (tier from RTO): every tier boundary with the default and custom
 * thresholds, the seed's mail-system example, overrides that keep the
 * derived value visible, and systems with no RTO at all.
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

/* Appends a business with an RTO (NO_VALUE = none). */
static void add_business(struct plan *p, const char *id, int64_t rto)
{
	struct business *b = schema_append(schema_entity("businesses"), p);
	set(&b->id, id);
	set(&b->name, id);
	b->rto_hours = rto;
}

/* Appends an in-scope system without overrides. */
static void add_system(struct plan *p, const char *id)
{
	struct system *s = schema_append(schema_entity("systems"), p);
	set(&s->id, id);
	set(&s->name, id);
}

/* Appends "business uses system", with alt_hours on alternative means. */
static void add_link(struct plan *p, const char *business, const char *system,
		     const char *alt_means, int64_t alt_hours)
{
	struct business_system *l = schema_append(schema_entity("business_systems"), p);
	set(&l->business, business);
	set(&l->system, system);
	set(&l->alt_means, alt_means);
	l->alt_hours = alt_hours;
}

/* A plan with default organisation settings and the seed's example:
 * 優先業務1 (3 h) uses mail with the telephone good for 12 h, 優先業務2
 * (1 day) and 優先業務3 (3 days) use it with no alternative. */
static void seed_plan(struct plan *p)
{
	plan_init(p);
	add_business(p, "b1", 3);
	add_business(p, "b2", 24);
	add_business(p, "b3", 72);
	add_system(p, "mail");
	add_link(p, "b2", "mail", "", 0);
	add_link(p, "b1", "mail", "電話", 12);
	add_link(p, "b3", "mail", "", 0);
}

/* The system with id in p (asserted to exist). */
static struct system *sys(struct plan *p, const char *id)
{
	const struct system *s = plan_system(p, id);
	assert_non_null(s);
	return (struct system *)s;
}

static void test_tier_names(void **state)
{
	(void)state;
	assert_string_equal(tier_name(TIER_S), "S");
	assert_string_equal(tier_name(TIER_E), "E");
	assert_string_equal(tier_name(TIER_NONE), "-");
	assert_string_equal(tier_name(TIER_COUNT), "-");
	assert_int_equal(tier_parse("S"), TIER_S);
	assert_int_equal(tier_parse("A"), TIER_A);
	assert_int_equal(tier_parse("D"), TIER_D);
	assert_int_equal(tier_parse("E"), TIER_E);
	assert_int_equal(tier_parse("s"), TIER_NONE);
	assert_int_equal(tier_parse("F"), TIER_NONE);
	assert_int_equal(tier_parse("SA"), TIER_NONE);
	assert_int_equal(tier_parse(""), TIER_NONE);
	assert_int_equal(tier_parse(NULL), TIER_NONE);
	for (int t = TIER_S; t < TIER_COUNT; t++)
		assert_int_equal(tier_parse(tier_name((enum tier)t)), t);
}

static void test_tier_boundaries_default(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p); /* schema defaults: 3, 24, 72, 168, 336 */
	const int64_t *m = p.organisation.tier_max_hours;
	static const struct {
		int64_t hours;
		enum tier tier;
	} cases[] = {
		{ 0, TIER_S },   { 3, TIER_S },   { 4, TIER_A },   { 24, TIER_A },
		{ 25, TIER_B },  { 72, TIER_B },  { 73, TIER_C },  { 168, TIER_C },
		{ 169, TIER_D }, { 336, TIER_D }, { 337, TIER_E }, { 87840, TIER_E },
		{ -1, TIER_NONE },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (tier_from_hours(m, cases[i].hours) != cases[i].tier)
			fail_msg("%lld h: tier %s, expected %s", (long long)cases[i].hours,
				 tier_name(tier_from_hours(m, cases[i].hours)),
				 tier_name(cases[i].tier));
	plan_release(&p);
}

static void test_tier_boundaries_custom(void **state)
{
	(void)state;
	const int64_t m[TIER_COUNT - 1] = { 1, 12, 48, 100, 200 };
	assert_int_equal(tier_from_hours(m, 1), TIER_S);
	assert_int_equal(tier_from_hours(m, 2), TIER_A);
	assert_int_equal(tier_from_hours(m, 3), TIER_A);
	assert_int_equal(tier_from_hours(m, 12), TIER_A);
	assert_int_equal(tier_from_hours(m, 13), TIER_B);
	assert_int_equal(tier_from_hours(m, 48), TIER_B);
	assert_int_equal(tier_from_hours(m, 100), TIER_C);
	assert_int_equal(tier_from_hours(m, 200), TIER_D);
	assert_int_equal(tier_from_hours(m, 201), TIER_E);
	/* An agency with no S tier at all: nothing is that fast. */
	const int64_t z[TIER_COUNT - 1] = { 0, 24, 72, 168, 336 };
	assert_int_equal(tier_from_hours(z, 0), TIER_S);
	assert_int_equal(tier_from_hours(z, 1), TIER_A);
}

static void test_seed_example(void **state)
{
	(void)state;
	struct plan p;
	seed_plan(&p);
	struct system_rto r;
	system_rto_compute(&p, sys(&p, "mail"), &r);
	assert_int_equal(r.derived_hours, 15);
	assert_int_equal(r.hours, 15);
	assert_non_null(r.set_by);
	assert_string_equal(r.set_by->id, "b1");
	assert_int_equal(r.set_by_alt_hours, 12);
	assert_false(r.rto_overridden);
	assert_int_equal(r.derived_tier, TIER_A);
	assert_int_equal(r.tier, TIER_A);
	assert_false(r.tier_overridden);

	struct rto_candidate c[4];
	assert_int_equal(rto_candidates(&p, sys(&p, "mail"), c, 4), 3);
	assert_string_equal(c[0].business->id, "b2"); /* plan order of the links */
	assert_int_equal(c[0].hours, 24);
	assert_string_equal(c[1].business->id, "b1");
	assert_int_equal(c[1].hours, 15);
	assert_string_equal(c[1].link->alt_means, "電話");
	assert_string_equal(c[2].business->id, "b3");
	assert_int_equal(c[2].hours, 72);
	assert_int_equal(rto_candidates(&p, sys(&p, "mail"), c, 2), 2);
	assert_int_equal(rto_candidates(&p, sys(&p, "mail"), c, 0), 0);
	plan_release(&p);
}

static void test_custom_thresholds_in_plan(void **state)
{
	(void)state;
	struct plan p;
	seed_plan(&p);
	p.organisation.tier_max_hours[0] = 15; /* S up to 15 h */
	struct system_rto r;
	system_rto_compute(&p, sys(&p, "mail"), &r);
	assert_int_equal(r.tier, TIER_S);
	p.organisation.tier_max_hours[0] = 14;
	system_rto_compute(&p, sys(&p, "mail"), &r);
	assert_int_equal(r.tier, TIER_A);
	plan_release(&p);
}

static void test_rto_override_keeps_derived(void **state)
{
	(void)state;
	struct plan p;
	seed_plan(&p);
	sys(&p, "mail")->rto_override_hours = 2;
	set(&sys(&p, "mail")->rto_override_reason, "全庁の連絡手段");
	struct system_rto r;
	system_rto_compute(&p, sys(&p, "mail"), &r);
	assert_true(r.rto_overridden);
	assert_int_equal(r.hours, 2);
	assert_int_equal(r.derived_hours, 15);
	assert_string_equal(r.set_by->id, "b1");
	assert_int_equal(r.set_by_alt_hours, 12);
	assert_int_equal(r.derived_tier, TIER_S); /* the tier of the effective hours */
	assert_int_equal(r.tier, TIER_S);
	assert_false(r.tier_overridden);
	/* An override of 0 h is an override too. */
	sys(&p, "mail")->rto_override_hours = 0;
	system_rto_compute(&p, sys(&p, "mail"), &r);
	assert_true(r.rto_overridden);
	assert_int_equal(r.hours, 0);
	plan_release(&p);
}

static void test_tier_override(void **state)
{
	(void)state;
	struct plan p;
	seed_plan(&p);
	set(&sys(&p, "mail")->tier_override, "C");
	struct system_rto r;
	system_rto_compute(&p, sys(&p, "mail"), &r);
	assert_true(r.tier_overridden);
	assert_int_equal(r.tier, TIER_C);
	assert_int_equal(r.derived_tier, TIER_A);
	assert_int_equal(r.hours, 15);
	assert_false(r.rto_overridden);
	/* Not a tier: no override. */
	set(&sys(&p, "mail")->tier_override, "X");
	system_rto_compute(&p, sys(&p, "mail"), &r);
	assert_false(r.tier_overridden);
	assert_int_equal(r.tier, TIER_A);
	plan_release(&p);
}

static void test_no_rto(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	add_business(&p, "norto", NO_VALUE);
	add_system(&p, "lonely");
	add_system(&p, "unrated");
	add_link(&p, "norto", "unrated", "", 0);
	add_link(&p, "ghost", "unrated", "", 0); /* a business that does not exist */
	struct system_rto r;
	system_rto_compute(&p, sys(&p, "lonely"), &r);
	assert_int_equal(r.derived_hours, NO_VALUE);
	assert_int_equal(r.hours, NO_VALUE);
	assert_null(r.set_by);
	assert_int_equal(r.set_by_alt_hours, NO_VALUE);
	assert_int_equal(r.tier, TIER_NONE);
	assert_int_equal(r.derived_tier, TIER_NONE);

	system_rto_compute(&p, sys(&p, "unrated"), &r);
	assert_int_equal(r.hours, NO_VALUE);
	assert_int_equal(r.tier, TIER_NONE);
	struct rto_candidate c[4];
	assert_int_equal(rto_candidates(&p, sys(&p, "unrated"), c, 4), 1);
	assert_string_equal(c[0].business->id, "norto");
	assert_int_equal(c[0].hours, NO_VALUE);

	/* The planner's tier stands even without an RTO. */
	set(&sys(&p, "unrated")->tier_override, "B");
	system_rto_compute(&p, sys(&p, "unrated"), &r);
	assert_int_equal(r.tier, TIER_B);
	assert_true(r.tier_overridden);
	assert_int_equal(r.derived_tier, TIER_NONE);
	plan_release(&p);
}

static void test_ties_and_unset_alt(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	add_business(&p, "x", 10);
	add_business(&p, "y", 4);
	add_system(&p, "s");
	add_link(&p, "x", "s", "", NO_VALUE); /* unset alternative: 0 h */
	add_link(&p, "y", "s", "紙", 6);
	struct system_rto r;
	system_rto_compute(&p, sys(&p, "s"), &r);
	assert_int_equal(r.derived_hours, 10);
	assert_string_equal(r.set_by->id, "x"); /* equal: first link wins */
	assert_int_equal(r.set_by_alt_hours, 0);
	plan_release(&p);
}

/* system_rto_compute_all agrees with system_rto_compute on every system of
 * a plan with every case at once: ties, overrides, no RTO, a link to a
 * business or a system that does not exist, systems out of id order. */
static void test_compute_all_agrees(void **state)
{
	(void)state;
	struct plan p;
	seed_plan(&p);
	add_business(&p, "x", 10);
	add_business(&p, "y", 4);
	add_business(&p, "norto", NO_VALUE);
	add_system(&p, "zeta");
	add_system(&p, "alpha");
	add_system(&p, "lonely");
	add_link(&p, "x", "zeta", "", NO_VALUE);
	add_link(&p, "y", "zeta", "紙", 6);
	add_link(&p, "norto", "alpha", "", 0);
	add_link(&p, "ghost", "alpha", "", 0);
	add_link(&p, "y", "nowhere", "", 0);
	add_link(&p, "y", "alpha", "", 30);
	sys(&p, "lonely")->rto_override_hours = 100;
	set(&sys(&p, "zeta")->tier_override, "D");
	struct system_rto all[8];
	assert_true(p.n_systems <= 8);
	system_rto_compute_all(&p, all);
	for (size_t i = 0; i < p.n_systems; i++) {
		struct system_rto one;
		system_rto_compute(&p, &p.systems[i], &one);
		assert_int_equal(one.derived_hours, all[i].derived_hours);
		assert_ptr_equal(one.set_by, all[i].set_by);
		assert_int_equal(one.set_by_alt_hours, all[i].set_by_alt_hours);
		assert_int_equal(one.hours, all[i].hours);
		assert_int_equal(one.rto_overridden, all[i].rto_overridden);
		assert_int_equal(one.derived_tier, all[i].derived_tier);
		assert_int_equal(one.tier, all[i].tier);
		assert_int_equal(one.tier_overridden, all[i].tier_overridden);
	}
	assert_int_equal(all[1].derived_hours, 10); /* zeta: x first on a tie */
	assert_string_equal(all[1].set_by->id, "x");
	assert_int_equal(all[2].hours, 34); /* alpha: y + 30 */
	assert_int_equal(all[3].tier, TIER_C); /* lonely: 100 h overridden */
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tier_names),
		cmocka_unit_test(test_tier_boundaries_default),
		cmocka_unit_test(test_tier_boundaries_custom),
		cmocka_unit_test(test_seed_example),
		cmocka_unit_test(test_custom_thresholds_in_plan),
		cmocka_unit_test(test_rto_override_keeps_derived),
		cmocka_unit_test(test_tier_override),
		cmocka_unit_test(test_no_rto),
		cmocka_unit_test(test_ties_and_unset_alt),
		cmocka_unit_test(test_compute_all_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
