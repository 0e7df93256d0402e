/*
 * test_crisis_criteria.c — the assembly criteria as data
 * (rules/crisis_criteria.c): lists, area matching by name, beginning,
 * code and prefecture with full-width folding, tsunami levels, the
 * criteria met, and whom they call (role groups with deputies, everyone,
 * safety asked of the rest, a person's own areas), and the people an
 * aftershock adds to a running incident.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rules/crisis.h"
#include "util/xalloc.h"

static void test_list(void **state)
{
	(void)state;
	const char *s = " 東京都\n神奈川県、千葉県 ;\u3000埼玉県\u3000,,";
	char item[64];
	const char *want[] = { "東京都", "神奈川県", "千葉県", "埼玉県" };
	for (size_t i = 0; i < 4; i++) {
		assert_true(crisis_list_next(&s, item, sizeof item));
		assert_string_equal(item, want[i]);
	}
	assert_false(crisis_list_next(&s, item, sizeof item));
	struct buf b = BUF_INIT;
	crisis_list_join("a\nb", "・", &b);
	assert_string_equal(b.data, "a・b");
	buf_release(&b);
}

static void test_area_in(void **state)
{
	(void)state;
	struct crisis_observed ku = { "東京都２３区", "350", "東京都", 7 };
	struct crisis_observed chiyoda = { "千代田区", "1310100", "東京都", 7 };
	struct crisis_observed kyoto = { "京都府南部", "", "京都府", 7 };
	assert_true(crisis_area_in(&ku, "東京都"));        /* beginning of the name */
	assert_true(crisis_area_in(&ku, "東京都23区"));    /* full-width digits folded */
	assert_true(crisis_area_in(&ku, "大阪府\n350"));   /* a code */
	assert_true(crisis_area_in(&chiyoda, "東京都"));   /* its prefecture */
	assert_false(crisis_area_in(&kyoto, "東京都"));
	assert_false(crisis_area_in(&ku, "京都府"));
	assert_true(crisis_area_in(&kyoto, ""));           /* an empty list is anywhere */
	assert_false(crisis_area_in(&kyoto, "35"));         /* codes match whole */
}

static void test_tsunami_levels(void **state)
{
	(void)state;
	assert_int_equal(crisis_tsunami_parse("advisory"), CRISIS_TSUNAMI_ADVISORY);
	assert_int_equal(crisis_tsunami_parse("major"), CRISIS_TSUNAMI_MAJOR);
	assert_int_equal(crisis_tsunami_parse(""), -1);
	assert_int_equal(crisis_tsunami_parse("big"), -1);
	assert_true(CRISIS_TSUNAMI_ADVISORY < CRISIS_TSUNAMI_WARNING &&
		    CRISIS_TSUNAMI_WARNING < CRISIS_TSUNAMI_MAJOR);
	assert_string_equal(crisis_tsunami_label(CRISIS_TSUNAMI_WARNING, LANG_JA), "津波警報");
	struct assembly_criterion t = { .automatic = true, .hazard = "tsunami", .min_tsunami = "warning",
					.min_intensity = "", .areas = "千葉県内房" };
	struct crisis_observed adv = { "千葉県内房", "311", "", CRISIS_TSUNAMI_ADVISORY };
	struct crisis_observed warn = { "千葉県内房", "311", "", CRISIS_TSUNAMI_WARNING };
	struct crisis_observed major_elsewhere = { "伊豆諸島", "321", "", CRISIS_TSUNAMI_MAJOR };
	assert_int_equal(crisis_criterion_met(&t, HAZARD_TSUNAMI, &adv, 1), -1);
	assert_int_equal(crisis_criterion_met(&t, HAZARD_TSUNAMI, &warn, 1), CRISIS_TSUNAMI_WARNING);
	assert_int_equal(crisis_criterion_met(&t, HAZARD_TSUNAMI, &major_elsewhere, 1), -1);
	/* a tsunami criterion is not met by intensities, nor the reverse */
	assert_int_equal(crisis_criterion_met(&t, HAZARD_EARTHQUAKE, &warn, 1), -1);
	struct assembly_criterion q = { .automatic = true, .hazard = "earthquake",
					.min_intensity = "6-", .min_tsunami = "", .areas = "" };
	struct crisis_observed six = { "千葉県北西部", "", "千葉県", 7 };
	assert_int_equal(crisis_criterion_met(&q, HAZARD_EARTHQUAKE, &six, 1), 7);
	q.automatic = false;
	assert_int_equal(crisis_criterion_met(&q, HAZARD_EARTHQUAKE, &six, 1), -1);
	q.automatic = true;
	q.min_intensity = "";
	assert_int_equal(crisis_criterion_threshold(&q), -1);
	assert_int_equal(crisis_criterion_met(&q, HAZARD_EARTHQUAKE, &six, 1), -1);
}

/* A small plan: two roles (chief with a deputy, worker), four people of
 * the agency and one of a contractor, p-home living in 神奈川県. */
static struct department depts[] = { { "it", "IT", "it", "" }, { "co", "Co", "contractor", "" } };
static struct person people[] = {
	{ .id = "p-chief", .name = "Chief", .department = "it", .own_areas = "" },
	{ .id = "p-deputy", .name = "Deputy", .department = "it", .own_areas = "" },
	{ .id = "p-worker", .name = "Worker", .department = "it", .own_areas = "" },
	{ .id = "p-home", .name = "Home", .department = "it", .own_areas = "神奈川県" },
	{ .id = "p-co", .name = "Contractor", .department = "co", .own_areas = "" },
};
static struct role roles[] = {
	{ .id = "chief", .name = "Chief", .structure = "crisis" },
	{ .id = "worker", .name = "Worker", .structure = "crisis" },
};
static struct role_holder holders[] = {
	{ "chief", "p-chief", 0 }, { "chief", "p-deputy", 1 }, { "worker", "p-worker", 0 },
	{ "worker", "p-co", 1 },
};
static struct assembly_criterion crits[] = {
	{ .id = "c-6m", .event = "quake", .automatic = true, .condition = "6弱", .hazard = "earthquake",
	  .min_intensity = "6-", .min_tsunami = "", .areas = "東京都", .roles = "chief",
	  .ask_everyone = true },
	{ .id = "c-6p", .event = "quake", .automatic = true, .condition = "6強", .hazard = "earthquake",
	  .min_intensity = "6+", .min_tsunami = "", .areas = "東京都", .roles = "",
	  .call = "everyone" },
};

static struct plan small_plan(void)
{
	struct plan p = PLAN_INIT;
	p.departments = depts;
	p.n_departments = 2;
	p.people = people;
	p.n_people = 5;
	p.roles = roles;
	p.n_roles = 2;
	p.role_holders = holders;
	p.n_role_holders = 4;
	p.assembly_criteria = crits;
	p.n_assembly_criteria = 2;
	return p;
}

static void test_callout_groups(void **state)
{
	(void)state;
	struct plan p = small_plan();
	struct crisis_observed tokyo6m = { "東京都２３区", "350", "東京都", 7 };
	struct crisis_callout co;
	crisis_callout_compute(&p, NULL, HAZARD_EARTHQUAKE, &tokyo6m, 1, &co);
	assert_non_null(co.criterion);
	assert_string_equal(co.criterion->id, "c-6m");
	assert_true(co.office);
	/* the chief's group with its deputy called in; the rest of the staff
	 * asked; the contractor neither */
	assert_int_equal(co.ask[0], CRISIS_ASK_ASSEMBLE);
	assert_int_equal(co.ask[1], CRISIS_ASK_ASSEMBLE);
	assert_int_equal(co.ask[2], CRISIS_ASK_SAFETY);
	assert_int_equal(co.ask[3], CRISIS_ASK_SAFETY);
	assert_int_equal(co.ask[4], CRISIS_ASK_NONE);
	assert_int_equal(crisis_callout_count(&co, CRISIS_ASK_ASSEMBLE), 2);

	struct incident inc = INCIDENT_INIT;
	crisis_snapshot(&p, &inc, &co);
	assert_int_equal(inc.n_holders, 2); /* the chief's role only */
	assert_int_equal(inc.n_people, 4);
	assert_int_equal(incident_person_find(&inc, "p-worker")->ask, ASK_SAFETY);
	assert_int_equal(incident_person_find(&inc, "p-deputy")->ask, ASK_ASSEMBLE);
	assert_null(incident_person_find(&inc, "p-co"));
	crisis_callout_release(&co);

	/* 6強: everyone called in: those only asked are called in now, and
	 * the worker role's holders (the contractor too) come with it */
	struct crisis_observed tokyo6p = { "東京都２３区", "350", "東京都", 8 };
	crisis_callout_compute(&p, NULL, HAZARD_EARTHQUAKE, &tokyo6p, 1, &co);
	struct incident_person *add;
	struct incident_holder *hs;
	size_t na, nh;
	crisis_people_to_add(&p, &inc, &co, &add, &na, &hs, &nh);
	assert_int_equal(na, 3); /* p-worker and p-home upgraded, p-co new */
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(add[i].ask, ASK_ASSEMBLE);
		assert_true(strcmp(add[i].person, "p-chief") != 0);
	}
	assert_int_equal(nh, 2); /* the worker role's two holders */
	crisis_people_free(add, na, hs, nh);
	crisis_callout_release(&co);

	/* a weaker aftershock adds nobody */
	struct crisis_observed tokyo5p = { "東京都", "13", "", 6 };
	crisis_callout_compute(&p, NULL, HAZARD_EARTHQUAKE, &tokyo5p, 1, &co);
	assert_null(co.criterion);
	crisis_people_to_add(&p, &inc, &co, &add, &na, &hs, &nh);
	assert_int_equal(na, 0);
	crisis_people_free(add, na, hs, nh);
	crisis_callout_release(&co);
	incident_release(&inc);
}

/* call "nobody" with ask_everyone: a safety check only (安否確認 at 5弱
 * before the call-in at 6弱). */
static void test_safety_check_only(void **state)
{
	(void)state;
	struct plan p = small_plan();
	struct assembly_criterion c = { .id = "c-5m", .event = "quake", .automatic = true,
					.condition = "5弱", .hazard = "earthquake",
					.min_intensity = "5-", .min_tsunami = "", .areas = "東京都",
					.roles = "", .call = "nobody", .ask_everyone = true };
	p.assembly_criteria = &c;
	p.n_assembly_criteria = 1;
	struct crisis_observed tokyo5m = { "東京都２３区", "350", "東京都", 5 };
	struct crisis_callout co;
	crisis_callout_compute(&p, NULL, HAZARD_EARTHQUAKE, &tokyo5m, 1, &co);
	assert_non_null(co.criterion);
	assert_int_equal(crisis_callout_count(&co, CRISIS_ASK_ASSEMBLE), 0);
	assert_int_equal(crisis_callout_count(&co, CRISIS_ASK_SAFETY), 4); /* not the contractor */
	struct incident inc = INCIDENT_INIT;
	crisis_snapshot(&p, &inc, &co);
	assert_int_equal(inc.n_holders, 0);
	assert_int_equal(inc.n_people, 4);
	incident_release(&inc);
	crisis_callout_release(&co);
}

static void test_own_areas(void **state)
{
	(void)state;
	struct plan p = small_plan();
	struct crisis_observed obs[2] = { { "神奈川県東部", "", "神奈川県", 7 },
					  { "東京都２３区", "350", "東京都", 3 } };
	struct crisis_callout co;
	crisis_callout_compute(&p, NULL, HAZARD_EARTHQUAKE, obs, 2, &co);
	assert_non_null(co.criterion); /* the criterion whose threshold was met at home */
	assert_false(co.office);
	assert_int_equal(co.n_own, 1);
	assert_int_equal(co.ask[3], CRISIS_ASK_SAFETY);
	assert_int_equal(crisis_callout_count(&co, CRISIS_ASK_ASSEMBLE), 0);
	assert_int_equal(crisis_callout_count(&co, CRISIS_ASK_SAFETY), 1);
	crisis_callout_release(&co);
	/* below the threshold at home: nobody */
	obs[0].level = 6;
	crisis_callout_compute(&p, NULL, HAZARD_EARTHQUAKE, obs, 2, &co);
	assert_null(co.criterion);
	assert_int_equal(crisis_callout_count(&co, CRISIS_ASK_SAFETY), 0);
	crisis_callout_release(&co);
}

/* The board counts the called-in and the asked apart. */
static void test_board_populations(void **state)
{
	(void)state;
	struct incident_person ps[3] = {
		{ .person = "a", .name = "a", .department = "", .location = "L", .roles = "r", .called = true, .ask = ASK_ASSEMBLE },
		{ .person = "b", .name = "b", .department = "", .location = "", .roles = "", .called = true, .ask = ASK_SAFETY },
		{ .person = "c", .name = "c", .department = "", .location = "", .roles = "", .called = true, .ask = ASK_SAFETY },
	};
	struct checkin ck = { .id = 1, .person = "b", .status = CHECKIN_INJURED, .assembly = ASSEMBLY_NO,
			      .eta = NO_VALUE, .location = "", .note = "", .at = 100, .author = "self" };
	struct incident inc = INCIDENT_INIT;
	inc.people = ps;
	inc.n_people = 3;
	inc.checkins = &ck;
	inc.n_checkins = 1;
	struct crisis_board b;
	crisis_board_compute(&inc, 200, &b);
	assert_int_equal(b.called, 1);
	assert_int_equal(b.answered, 0);
	assert_int_equal(b.asked, 2);
	assert_int_equal(b.asked_answered, 1);
	assert_int_equal(b.asked_injured, 1);
	assert_int_equal(b.asked_answer_at[0], 100); /* 25 % of 2 = the first */
	assert_int_equal(b.asked_answer_at[2], NO_VALUE);
	assert_int_equal(b.n_locations, 1); /* only the called-in have a location group */
	crisis_board_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),	       cmocka_unit_test(test_area_in),
		cmocka_unit_test(test_tsunami_levels), cmocka_unit_test(test_callout_groups),
		cmocka_unit_test(test_own_areas),      cmocka_unit_test(test_board_populations),
		cmocka_unit_test(test_safety_check_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
