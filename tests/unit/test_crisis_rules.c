/*
 * test_crisis_rules.c — the crisis rules (rules/crisis.h): ISO 8601 times,
 * Japanese national holidays (2025 and 2026 in full, the special years,
 * pre-2007 rules), the time variant at its boundaries, JMA intensities,
 * assembly criteria, deadlines and RTO/RLO achievement, answer-rate
 * times, role coverage, and the snapshot of the demo plan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "rules/crisis.h"
#include "util/embedded.h"
#include "util/xalloc.h"

/* UTC seconds of an ISO 8601 literal (fails the test when invalid). */
static int64_t T(const char *s)
{
	int64_t t;
	if (crisis_time_parse(s, &t))
		fail_msg("bad time literal %s", s);
	return t;
}

static void test_time_parse(void **state)
{
	(void)state;
	assert_int_equal(T("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(T("1970-01-01T09:00+09:00"), 0);
	assert_int_equal(T("2026-01-12T18:00+09:00"), T("2026-01-12T09:00:00Z"));
	assert_int_equal(T("2026-01-12 18:00:30-05:00"), T("2026-01-12T23:00:30Z"));
	static const char *const bad[] = { "2026-01-12T18:00", "2026-01-12", "2026-02-30T00:00Z",
					   "2026-01-12T24:00Z", "2026-01-12T18:60Z", "2026-01-12T18:00+9",
					   "2026-01-12T18:00+09:00x", "", "2026/01/12T18:00Z" };
	int64_t t;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (crisis_time_parse(bad[i], &t) == 0)
			fail_msg("accepted %s", bad[i]);
	char buf[40];
	crisis_time_iso(T("2026-01-12T09:00:00Z"), buf, sizeof buf);
	assert_string_equal(buf, "2026-01-12T18:00:00+09:00");
	crisis_time_short(T("2026-12-31T15:30:00Z"), buf, sizeof buf);
	assert_string_equal(buf, "2027-01-01 00:30");
	crisis_time_short(T("2026-03-04T14:59:00Z"), buf, sizeof buf);
	assert_string_equal(buf, "2026-03-04 23:59");
	char small[11];
	crisis_time_short(T("2026-03-04T14:59:00Z"), small, sizeof small); /* cut, ended */
	assert_string_equal(small, "2026-03-04");
	crisis_duration(-3900, buf, sizeof buf);
	assert_string_equal(buf, "-1:05");
	crisis_duration(200 * 3600 + 59, buf, sizeof buf);
	assert_string_equal(buf, "200:00");
}

/* Every holiday of year y as "MM-DD" lines. */
static void holidays_of(int y, char *out, size_t n)
{
	size_t k = 0;
	out[0] = '\0';
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= 31; d++) {
			if (!civil_date_valid(y, m, d))
				continue;
			if (jp_holiday_name((struct civil_date){ y, m, d }))
				k += (size_t)snprintf(out + k, n - k, "%02d-%02d ", m, d);
		}
}

static void test_holidays_2025_2026(void **state)
{
	(void)state;
	char got[512];
	holidays_of(2026, got, sizeof got);
	assert_string_equal(got, "01-01 01-12 02-11 02-23 03-20 04-29 05-03 05-04 05-05 05-06 "
				 "07-20 08-11 09-21 09-22 09-23 10-12 11-03 11-23 ");
	holidays_of(2025, got, sizeof got);
	assert_string_equal(got, "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 "
				 "05-06 07-21 08-11 09-15 09-23 10-13 11-03 11-23 11-24 ");
	assert_string_equal(jp_holiday_name((struct civil_date){ 2026, 5, 6 }), "振替休日");
	assert_string_equal(jp_holiday_name((struct civil_date){ 2026, 9, 22 }), "国民の休日");
	assert_string_equal(jp_holiday_name((struct civil_date){ 2026, 3, 20 }), "春分の日");
	assert_string_equal(jp_holiday_name((struct civil_date){ 2026, 9, 23 }), "秋分の日");
	assert_null(jp_holiday_name((struct civil_date){ 2026, 1, 13 }));
}

static void test_holidays_special_years(void **state)
{
	(void)state;
	struct {
		int y, m, d;
		const char *name; /* NULL: not a holiday */
	} cases[] = {
		{ 2019, 4, 30, "国民の休日" },	  { 2019, 5, 1, "天皇の即位の日" },
		{ 2019, 5, 2, "国民の休日" },	  { 2019, 10, 22, "即位礼正殿の儀" },
		{ 2019, 12, 23, NULL },		  { 2018, 12, 23, "天皇誕生日" },
		{ 2018, 12, 24, "振替休日" },	  { 2020, 7, 23, "海の日" },
		{ 2020, 7, 24, "スポーツの日" },  { 2020, 8, 10, "山の日" },
		{ 2020, 10, 12, NULL },		  { 2021, 7, 22, "海の日" },
		{ 2021, 8, 8, "山の日" },	  { 2021, 8, 9, "振替休日" },
		{ 2009, 9, 22, "国民の休日" },	  { 2006, 5, 4, "国民の休日" },
		{ 2006, 4, 29, "みどりの日" },	  { 2007, 4, 29, "昭和の日" },
		{ 2002, 7, 20, "海の日" },	  { 2003, 7, 21, "海の日" },
		{ 2002, 9, 15, "敬老の日" },	  { 2000, 1, 10, "成人の日" },
		{ 2015, 8, 11, NULL },		  { 2016, 8, 11, "山の日" },
		{ 2012, 9, 22, "秋分の日" },	  { 2099, 3, 20, "春分の日" },
		{ 2008, 5, 6, "振替休日" }, /* 5/4 Sunday: next non-holiday day */
		{ 2005, 1, 10, "成人の日" },	  { 1999, 1, 1, NULL }, /* out of range */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = jp_holiday_name((struct civil_date){ cases[i].y, cases[i].m, cases[i].d });
		if ((got == NULL) != (cases[i].name == NULL) ||
		    (got && strcmp(got, cases[i].name) != 0))
			fail_msg("%04d-%02d-%02d: expected %s, got %s", cases[i].y, cases[i].m,
				 cases[i].d, cases[i].name ? cases[i].name : "(none)",
				 got ? got : "(none)");
	}
}

static void test_variant_boundaries(void **state)
{
	(void)state;
	/* Tuesday 2026-01-13, an ordinary working day. */
	assert_int_equal(crisis_time_variant(T("2026-01-13T08:29:59+09:00")), VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(crisis_time_variant(T("2026-01-13T08:30:00+09:00")), VARIANT_WEEKDAY_DAY);
	assert_int_equal(crisis_time_variant(T("2026-01-13T18:14:59+09:00")), VARIANT_WEEKDAY_DAY);
	assert_int_equal(crisis_time_variant(T("2026-01-13T18:15:00+09:00")), VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(crisis_time_variant(T("2026-01-13T00:00:00+09:00")), VARIANT_NIGHT_HOLIDAY);
	/* The same instant given in UTC: 2026-01-13 01:00 UTC = 10:00 JST. */
	assert_int_equal(crisis_time_variant(T("2026-01-13T01:00:00Z")), VARIANT_WEEKDAY_DAY);
	/* 2026-01-12 is 成人の日, 2026-01-10 a Saturday, 2026-12-29 year-end. */
	assert_int_equal(crisis_time_variant(T("2026-01-12T10:00+09:00")), VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(crisis_time_variant(T("2026-01-10T10:00+09:00")), VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(crisis_time_variant(T("2026-12-29T10:00+09:00")), VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(crisis_time_variant(T("2026-09-22T10:00+09:00")), VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(crisis_time_variant(T("2026-05-07T10:00+09:00")), VARIANT_WEEKDAY_DAY);
	/* The seed's scenario: Sunday 18:00. */
	assert_int_equal(crisis_time_variant(T("2026-01-18T18:00+09:00")), VARIANT_NIGHT_HOLIDAY);
	assert_int_equal(civil_weekday((struct civil_date){ 2026, 1, 18 }), 0);
	assert_true(jp_closed_day((struct civil_date){ 2027, 1, 3 }));
	assert_false(jp_closed_day((struct civil_date){ 2027, 1, 4 }));
}

static void test_intensity(void **state)
{
	(void)state;
	static const char *const order[] = { "0", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7" };
	for (int i = 0; i < 10; i++) {
		assert_int_equal(crisis_intensity_parse(order[i]), i);
		assert_string_equal(crisis_intensity_name(i), order[i]);
	}
	assert_int_equal(crisis_intensity_parse("6弱"), 7);
	assert_int_equal(crisis_intensity_parse("震度６強"), 8);
	assert_int_equal(crisis_intensity_parse("5強"), 6);
	assert_int_equal(crisis_intensity_parse("4 "), 4);
	assert_int_equal(crisis_intensity_parse("５－"), 5);
	assert_string_equal(crisis_intensity_label(7), "6弱");
	static const char *const bad[] = { "", "5", "6", "8", "-", "6--", "six", "5+-" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (crisis_intensity_parse(bad[i]) != -1)
			fail_msg("accepted intensity '%s'", bad[i]);
	assert_true(crisis_intensity_parse("5+") < crisis_intensity_parse("6-"));
}

static void test_assembly_match(void **state)
{
	(void)state;
	struct assembly_criterion crit[2] = {
		{ .id = "c-decision", .event = "quake", .automatic = false, .condition = "",
		  .hazard = "earthquake", .min_intensity = "", .areas = "" },
		{ .id = "c-auto", .event = "quake", .automatic = true, .condition = "",
		  .hazard = "earthquake", .min_intensity = "6-", .areas = "東京都" },
	};
	struct plan p = { 0 };
	p.assembly_criteria = crit;
	p.n_assembly_criteria = 2;
	struct incident_area tokyo23_6m = { "東京都２３区", 7 }, tokyo_5p = { "東京都", 6 },
			     kanagawa_7 = { "神奈川県", 9 }, tokyo_7 = { "東京都", 9 };
	const struct assembly_criterion *c = crisis_assembly_match(&p, "quake", &tokyo23_6m, 1);
	assert_non_null(c);
	assert_string_equal(c->id, "c-auto");
	assert_null(crisis_assembly_match(&p, "quake", &tokyo_5p, 1));
	assert_null(crisis_assembly_match(&p, "quake", &kanagawa_7, 1));
	assert_null(crisis_assembly_match(&p, "other", &tokyo_7, 1));
	struct incident_area both[2] = { { "神奈川県", 9 }, { "東京都", 7 } };
	assert_non_null(crisis_assembly_match(&p, "quake", both, 2));
	assert_true(crisis_area_matches("東京都", "東京都"));
	assert_false(crisis_area_matches("京都府", "東京都"));
	assert_true(crisis_area_matches("京都府", ""));
}

/* A one-system incident started at `start` with RTO 15 h, RLO 70 %. */
static void one_system(struct incident *inc, struct incident_system *s, int64_t start)
{
	memset(inc, 0, sizeof *inc);
	memset(s, 0, sizeof *s);
	inc->started_at = start;
	inc->systems = s;
	inc->n_systems = 1;
	s->rto_hours = 15;
	s->rlo_percent = 70;
	s->level = NO_VALUE;
	s->restored_at = NO_VALUE;
	s->tier = TIER_A;
}

static void test_deadlines(void **state)
{
	(void)state;
	struct incident inc;
	struct incident_system s;
	int64_t start = T("2026-01-18T18:00+09:00");
	one_system(&inc, &s, start);
	assert_int_equal(crisis_deadline(&inc, &s), T("2026-01-19T09:00+09:00"));
	assert_int_equal(crisis_rto_achieved(&inc, &s, start + 3600), -1);
	assert_int_equal(crisis_rto_achieved(&inc, &s, start + 15 * 3600), -1); /* at the deadline */
	assert_int_equal(crisis_rto_achieved(&inc, &s, start + 15 * 3600 + 1), 0);
	s.work = WORK_RESTORED;
	s.restored_at = start + 15 * 3600; /* exactly the RTO: achieved */
	s.level = 70;
	assert_int_equal(crisis_rto_achieved(&inc, &s, start + 20 * 3600), 1);
	assert_int_equal(crisis_rlo_achieved(&s), 1);
	s.level = 69;
	assert_int_equal(crisis_rlo_achieved(&s), 0);
	s.restored_at = start + 15 * 3600 + 60;
	assert_int_equal(crisis_rto_achieved(&inc, &s, start + 20 * 3600), 0);
	s.rto_hours = NO_VALUE;
	assert_int_equal(crisis_deadline(&inc, &s), NO_VALUE);
	assert_int_equal(crisis_rto_achieved(&inc, &s, start), -1);

	/* The board: time left, overdue, recovery time. */
	one_system(&inc, &s, start);
	struct crisis_board b;
	crisis_board_compute(&inc, start + 16 * 3600, &b);
	assert_int_equal(b.systems[0].left, -3600);
	assert_true(b.systems[0].overdue);
	assert_int_equal(b.systems[0].recovery, NO_VALUE);
	assert_int_equal(b.elapsed, 16 * 3600);
	crisis_board_release(&b);
	s.work = WORK_RESTORED;
	s.restored_at = start + 5 * 3600;
	s.level = 100;
	crisis_board_compute(&inc, start + 16 * 3600, &b);
	assert_false(b.systems[0].overdue);
	assert_int_equal(b.systems[0].recovery, 5 * 3600);
	assert_int_equal(b.systems[0].rto_ok, 1);
	assert_int_equal(b.systems[0].rlo_ok, 1);
	crisis_board_release(&b);

	struct incident_step st = { 0 };
	st.due_at = start + 3600;
	st.done_at = NO_VALUE;
	assert_false(crisis_step_late(&st, start));
	assert_true(crisis_step_late(&st, start + 3601));
	st.state = STEP_DONE;
	st.done_at = start + 3000;
	assert_false(crisis_step_late(&st, start + 9999));
	st.done_at = start + 4000;
	assert_true(crisis_step_late(&st, start + 9999));
}

static void test_answer_times(void **state)
{
	(void)state;
	int64_t t[] = { 10, 20, 30, 40, 50, 60, 70, 80 };
	/* 15 called: 25 % = 4th answer, 50 % = 8th, 75 % = 12th (not yet). */
	assert_int_equal(crisis_answer_time(t, 8, 15, 25), 40);
	assert_int_equal(crisis_answer_time(t, 8, 15, 50), 80);
	assert_int_equal(crisis_answer_time(t, 8, 15, 75), NO_VALUE);
	/* 4 called: 1st, 2nd, 3rd answers. */
	assert_int_equal(crisis_answer_time(t, 4, 4, 25), 10);
	assert_int_equal(crisis_answer_time(t, 4, 4, 50), 20);
	assert_int_equal(crisis_answer_time(t, 4, 4, 75), 30);
	assert_int_equal(crisis_answer_time(t, 0, 0, 25), NO_VALUE);
	assert_int_equal(crisis_answer_time(t, 2, 3, 75), NO_VALUE);
	assert_int_equal(crisis_answer_time(t, 1, 1, 25), 10);
}

/* An incident with one role held by p0 (primary), p1, p2 (deputies). */
struct cover_fixture {
	struct incident inc;
	struct incident_person people[3];
	struct incident_holder holders[3];
	struct checkin checkins[8];
};

static void cover_init(struct cover_fixture *f)
{
	static char *ids[] = { "p0", "p1", "p2" };
	memset(f, 0, sizeof *f);
	for (int i = 0; i < 3; i++) {
		f->people[i] = (struct incident_person){ ids[i], ids[i], "", i == 2 ? "B" : "A", "r", true };
		f->holders[i] = (struct incident_holder){ "r", "Role", ids[i], i };
	}
	f->inc.people = f->people;
	f->inc.n_people = 3;
	f->inc.holders = f->holders;
	f->inc.n_holders = 3;
	f->inc.checkins = f->checkins;
	f->inc.started_at = 1000;
}

static void cover_report(struct cover_fixture *f, int person, enum checkin_status s,
			 enum checkin_assembly a, int64_t at, int64_t eta)
{
	size_t k = f->inc.n_checkins++;
	f->checkins[k] = (struct checkin){ .id = (int64_t)k + 1, .person = f->people[person].person,
					   .status = s, .assembly = a, .at = at, .eta = eta };
}

static void test_role_coverage(void **state)
{
	(void)state;
	struct cover_fixture f;
	struct crisis_board b;
	cover_init(&f);
	crisis_board_compute(&f.inc, 2000, &b);
	assert_int_equal(b.n_roles, 1);
	assert_int_equal(b.roles[0].cover, COVER_NONE);
	assert_int_equal(b.answered, 0);
	assert_int_equal(b.n_locations, 2);
	crisis_board_release(&b);

	cover_report(&f, 0, CHECKIN_CANNOT_ACT, ASSEMBLY_NO, 1100, NO_VALUE);
	cover_report(&f, 2, CHECKIN_SAFE, ASSEMBLY_YES, 1200, 5000);
	crisis_board_compute(&f.inc, 2000, &b);
	assert_int_equal(b.roles[0].cover, COVER_DEPUTY);
	assert_string_equal(b.roles[0].cover_person, "p2");
	assert_int_equal(b.people[2].presence, PRESENCE_ON_THE_WAY);
	assert_int_equal(b.people[0].presence, PRESENCE_UNAVAILABLE);
	assert_int_equal(b.people[1].presence, PRESENCE_SILENT);
	assert_int_equal(b.answered, 2);
	assert_int_equal(b.answer_at[0], 1100); /* 25 % of 3 = 1st */
	assert_int_equal(b.answer_at[1], 1200); /* 50 % of 3 = 2nd */
	assert_int_equal(b.answer_at[2], NO_VALUE);
	crisis_board_release(&b);

	/* A lower-ranked deputy (p1) takes over from p2. */
	cover_report(&f, 1, CHECKIN_INJURED, ASSEMBLY_ONLINE, 1300, NO_VALUE);
	crisis_board_compute(&f.inc, 6000, &b);
	assert_int_equal(b.roles[0].cover, COVER_DEPUTY);
	assert_string_equal(b.roles[0].cover_person, "p1");
	assert_int_equal(b.people[2].presence, PRESENCE_ON_SITE); /* ETA passed */
	assert_int_equal(b.people[1].presence, PRESENCE_ONLINE);
	assert_int_equal(b.answer_at[2], 1300);
	assert_int_equal(b.roles[0].injured, 1);
	assert_int_equal(b.roles[0].cannot_act, 1);
	crisis_board_release(&b);

	/* The primary reports again: the latest report counts. */
	cover_report(&f, 0, CHECKIN_SAFE, ASSEMBLY_YES, 1400, NO_VALUE);
	crisis_board_compute(&f.inc, 6000, &b);
	assert_int_equal(b.roles[0].cover, COVER_PRIMARY);
	assert_string_equal(b.roles[0].cover_person, "p0");
	assert_int_equal(b.people[0].first_at, 1100);
	assert_int_equal(b.answered, 3);
	crisis_board_release(&b);
}

/* The demo plan's snapshot for an earthquake on a weekday afternoon. */
static void test_snapshot_demo(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	assert_non_null(f);
	if (plan_json_read((const char *)f->data, f->len, "demo", &p, &errors, LANG_EN))
		fail_msg("%s", errors.data);
	int64_t t = T("2026-01-13T14:00+09:00");
	const struct procedure *pr = crisis_procedure_for(&p, "disaster", crisis_time_variant(t));
	assert_non_null(pr);
	assert_string_equal(pr->id, "proc-disaster-day");
	pr = crisis_procedure_for(&p, "disaster", VARIANT_NIGHT_HOLIDAY);
	assert_string_equal(pr->id, "proc-disaster-night");
	assert_string_equal(crisis_procedure_for(&p, "security", VARIANT_NIGHT_HOLIDAY)->id,
			    "proc-security");
	struct incident inc = INCIDENT_INIT;
	inc.event = xstrdup("disaster");
	inc.procedure = xstrdup("proc-disaster-night");
	inc.system_hit = xstrdup("mail");
	crisis_snapshot(&p, &inc, NULL);
	assert_int_equal(inc.n_systems, 4);
	struct incident_system *mail = incident_system_find(&inc, "mail");
	assert_non_null(mail);
	assert_int_equal(mail->rto_hours, 15);
	assert_int_equal(mail->tier, TIER_A);
	assert_int_equal(mail->rlo_percent, 100);
	assert_true(mail->hit);
	assert_string_equal(mail->damage, "down");
	assert_int_equal(inc.n_steps, 13);
	assert_string_equal(inc.steps[0].step, "dn-01");
	assert_non_null(strstr(inc.steps[0].roles, "role-chief"));
	assert_int_equal(inc.n_holders, 16);
	assert_int_equal(inc.n_people, 15); /* p-ito holds two crisis roles */
	struct incident_person *ito = incident_person_find(&inc, "p-ito");
	assert_non_null(ito);
	assert_string_equal(ito->roles, "role-worker\nrole-altsite");
	/* Located by the role held at the lowest rank: worker rank 0. */
	assert_non_null(strstr(ito->location, "サーバ室"));
	struct incident_area tokyo = { "東京都", 8 };
	assert_non_null(crisis_assembly_match(&p, "disaster", &tokyo, 1));
	tokyo.intensity = 6;
	assert_null(crisis_assembly_match(&p, "disaster", &tokyo, 1));
	incident_release(&inc);
	plan_release(&p);
	buf_release(&errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),	    cmocka_unit_test(test_holidays_2025_2026),
		cmocka_unit_test(test_holidays_special_years), cmocka_unit_test(test_variant_boundaries),
		cmocka_unit_test(test_intensity),	    cmocka_unit_test(test_assembly_match),
		cmocka_unit_test(test_deadlines),	    cmocka_unit_test(test_answer_times),
		cmocka_unit_test(test_role_coverage),	    cmocka_unit_test(test_snapshot_demo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
