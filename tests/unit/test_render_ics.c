/*
 * test_render_ics.c — the training calendar: the file libical writes
 * parses back with libical, each training lands in its months of the
 * fiscal year (January–March in the next calendar year), UIDs are stable
 * and unique, and plan text comes back unchanged through the escaping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "format/plan_json.h"
#include "model/plan.h"
#include "render/ics.h"
#include "util/embedded.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Reads the embedded demo plan into p. */
static void demo_plan(struct plan *p)
{
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	assert_non_null(f);
	struct buf errors = BUF_INIT;
	if (plan_json_read((const char *)f->data, f->len, "demo", p, &errors, LANG_EN))
		fail_msg("demo plan: %s", errors.data);
	buf_release(&errors);
}

/* Asserts needle occurs in hay. */
static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not found in:\n%.3000s", needle, hay);
}

/* The VEVENT with this UID in cal, or NULL. */
static icalcomponent *find_uid(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
	     c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(c), uid) == 0)
			return c;
	return NULL;
}

/* Asserts the event uid starts on y-m-d as an all-day date. */
static void assert_on(icalcomponent *cal, const char *uid, int y, int m, int d)
{
	icalcomponent *c = find_uid(cal, uid);
	if (!c)
		fail_msg("no event %s", uid);
	struct icaltimetype t = icalcomponent_get_dtstart(c);
	assert_true(t.is_date);
	assert_int_equal(t.year, y);
	assert_int_equal(t.month, m);
	assert_int_equal(t.day, d);
	struct icaltimetype end = icalcomponent_get_dtend(c);
	assert_int_equal(icaltime_compare_date_only(end, t), 1);
}

static void test_event_day(void **state)
{
	(void)state;
	int y, d;
	ics_event_day(2026, 4, &y, &d); /* Wed 1 April 2026 */
	assert_int_equal(y, 2026);
	assert_int_equal(d, 1);
	ics_event_day(2026, 11, &y, &d); /* Sun 1, Mon 2 */
	assert_int_equal(d, 2);
	ics_event_day(2026, 1, &y, &d); /* January of FY2026 is 2027: Fri 1 is a holiday */
	assert_int_equal(y, 2027);
	assert_int_equal(d, 4);
	ics_event_day(2027, 5, &y, &d); /* Sat 1, Sun 2, 3–5 holidays */
	assert_int_equal(y, 2027);
	assert_int_equal(d, 6);
	ics_event_day(2027, 3, &y, &d);
	assert_int_equal(y, 2028);
}

static void test_demo_parses_back(void **state)
{
	(void)state;
	setenv("ITBCP_TODAY", "2026-04-01", 1);
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	/* a January and a March session: in the next calendar year */
	p.trainings[0].months |= (uint16_t)((1u << 1) | (1u << 3));
	struct err e = ERR_INIT;
	char *ics = render_ics(&p, 2026, LANG_JA, &e);
	if (!ics)
		fail_msg("%s", e.msg);
	assert_true(strncmp(ics, "BEGIN:VCALENDAR\r\n", 17) == 0);
	assert_has(ics, "DTSTAMP:20260401T000000Z\r\n");
	assert_has(ics, "DTSTART;VALUE=DATE:20260501\r\n");

	icalcomponent *cal = icalparser_parse_string(ics);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	/* 7 trainings in 8 months, 2 more months for the first, 2 markers */
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 12);
	char uid[128];
	const char *org = strchr(icalcomponent_get_uid(
					 icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)),
				 '@');
	assert_non_null(org);
	snprintf(uid, sizeof uid, "tr-2026-1.2026-05.training%s", org);
	assert_on(cal, uid, 2026, 5, 1);
	snprintf(uid, sizeof uid, "tr-2026-1.2027-01.training%s", org);
	assert_on(cal, uid, 2027, 1, 4);
	snprintf(uid, sizeof uid, "tr-2026-1.2027-03.training%s", org);
	assert_on(cal, uid, 2027, 3, 1);
	snprintf(uid, sizeof uid, "tr-2026-7.2026-07.training%s", org);
	assert_on(cal, uid, 2026, 7, 1);
	icalcomponent *ev = find_uid(cal, uid);
	assert_string_equal(icalcomponent_get_summary(ev), "新規配属者教育");
	assert_has(icalcomponent_get_description(ev), "受講対象: 一般職員");

	/* every UID distinct; the ▼ markers are there */
	size_t n = 0, markers = 0;
	const char *uids[32];
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
	     c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		for (size_t k = 0; k < n; k++)
			assert_string_not_equal(uids[k], icalcomponent_get_uid(c));
		uids[n++] = icalcomponent_get_uid(c);
		if (strncmp(icalcomponent_get_summary(c), "▼ ", 4) == 0)
			markers++;
	}
	assert_int_equal(markers, 2);
	icalcomponent_free(cal);

	/* the same plan gives the same file */
	char *again = render_ics(&p, 2026, LANG_JA, &e);
	assert_string_equal(ics, again);
	free(again);
	free(ics);

	/* another fiscal year: nothing but the calendar */
	ics = render_ics(&p, 2030, LANG_EN, &e);
	assert_null(strstr(ics, "BEGIN:VEVENT"));
	assert_has(ics, "training plan");
	free(ics);
	plan_release(&p);
	unsetenv("ITBCP_TODAY");
}

static void test_text_escaped(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	const char *nasty = "a,b;c\\d\r\nEND:VCALENDAR\nBEGIN:VEVENT";
	free(p.trainings[1].title);
	p.trainings[1].title = xstrdup(nasty);
	struct err e = ERR_INIT;
	char *ics = render_ics(&p, NO_VALUE, LANG_EN, &e);
	assert_non_null(ics);
	assert_has(ics, "SUMMARY:a\\,b\\;c\\\\d");
	/* the injected line is text inside SUMMARY, not a line of its own */
	assert_null(strstr(ics, "\r\nEND:VCALENDAR\r\nBEGIN:VEVENT"));
	icalcomponent *cal = icalparser_parse_string(ics);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 10);
	bool found = false;
	for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
	     c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strstr(icalcomponent_get_summary(c), "a,b;c\\d"))
			found = true;
	assert_true(found);
	/* lines are folded at 75 octets without splitting a character */
	for (const char *l = ics; *l;) {
		const char *end = strstr(l, "\r\n");
		assert_non_null(end);
		assert_true(end - l <= 75);
		assert_true(utf8_valid(l, (size_t)(end - l)));
		l = end + 2;
	}
	icalcomponent_free(cal);
	free(ics);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_day),
		cmocka_unit_test(test_demo_parses_back),
		cmocka_unit_test(test_text_escaped),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
	return rc;
}
