/*
 * test_crisis_remind.c — reminders and deputies (rules/crisis_remind.c):
 * a silent person is reminded every interval after their last message,
 * count times, then their deputies are told once; one who answered gets
 * nothing more; a sender back from a long outage sends one step, not all
 * it missed; and the deputies are the next in line in each role held,
 * called in this incident, each once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rules/crisis.h"

#define T0 1767600000 /* a call-out queued */

static void test_timeline_of_a_silent_person(void **state)
{
	(void)state;
	struct crisis_remind_state s = { .last_at = T0 };
	int64_t due;
	/* 10 min, 2 reminders: 10 min after the call-out the first */
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 599, &due), REMIND_WAIT);
	assert_int_equal(due, T0 + 600);
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 600, &due), REMIND_PERSON);
	s.reminders = 1;
	s.last_at = T0 + 600;
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 900, &due), REMIND_WAIT);
	assert_int_equal(due, T0 + 1200);
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 1200, &due), REMIND_PERSON);
	s.reminders = 2;
	s.last_at = T0 + 1200;
	/* the reminders used up: one interval later, the deputies */
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 1799, &due), REMIND_WAIT);
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 1800, &due), REMIND_DEPUTIES);
	s.deputies_told = true;
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 99999, &due), REMIND_DONE);
	assert_int_equal(due, INT64_MAX);
}

static void test_answer_stops_everything(void **state)
{
	(void)state;
	struct crisis_remind_state s = { .last_at = T0, .reminders = 1, .answered = true };
	int64_t due;
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 5000, &due), REMIND_DONE);
	assert_int_equal(due, INT64_MAX);
}

static void test_settings_edges(void **state)
{
	(void)state;
	struct crisis_remind_state s = { .last_at = T0 };
	/* interval 0: off */
	assert_int_equal(crisis_remind_next(&s, 0, 2, T0 + 5000, NULL), REMIND_DONE);
	/* no reminders: the deputies after one interval */
	assert_int_equal(crisis_remind_next(&s, 60, 0, T0 + 59, NULL), REMIND_WAIT);
	assert_int_equal(crisis_remind_next(&s, 60, 0, T0 + 60, NULL), REMIND_DEPUTIES);
	/* a sender down for an hour: one reminder now, the next an interval on */
	assert_int_equal(crisis_remind_next(&s, 600, 2, T0 + 3600, NULL), REMIND_PERSON);
	/* no overflow near the end of time */
	struct crisis_remind_state late = { .last_at = INT64_MAX - 5 };
	int64_t due;
	assert_int_equal(crisis_remind_next(&late, 600, 2, INT64_MAX - 1, &due), REMIND_WAIT);
	assert_int_equal(due, INT64_MAX);
}

/* Two roles: head (sato 0, suzuki 1, tanaka 2, abe 2), net (sato 0,
 * kato 1, suzuki 2, ito 3); kato is not called in this incident. */
static void test_deputies(void **state)
{
	(void)state;
	struct incident_person people[] = {
		{ .person = "sato", .called = true },	{ .person = "suzuki", .called = true },
		{ .person = "tanaka", .called = true }, { .person = "kato", .called = false },
		{ .person = "ito", .called = true },	{ .person = "abe", .called = true },
	};
	struct incident_holder holders[] = {
		{ .role = "head", .person = "sato", .rank = 0 },
		{ .role = "head", .person = "suzuki", .rank = 1 },
		{ .role = "head", .person = "tanaka", .rank = 2 },
		{ .role = "head", .person = "abe", .rank = 2 },
		{ .role = "net", .person = "sato", .rank = 0 },
		{ .role = "net", .person = "kato", .rank = 1 },
		{ .role = "net", .person = "suzuki", .rank = 2 },
		{ .role = "net", .person = "ito", .rank = 3 },
	};
	struct incident inc = { .people = people, .n_people = 6, .holders = holders, .n_holders = 8 };
	const char *out[8];
	/* head: suzuki next; net: kato is next but not called, so suzuki
	 * again (once) — not tanaka, abe or ito, later in line */
	size_t n = crisis_deputies(&inc, "sato", out, 8);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "suzuki");
	/* a deputy's own next in line: both of rank 2 in head, ito in net */
	n = crisis_deputies(&inc, "suzuki", out, 8);
	assert_int_equal(n, 3);
	assert_string_equal(out[0], "tanaka");
	assert_string_equal(out[1], "abe");
	assert_string_equal(out[2], "ito");
	assert_int_equal(crisis_deputies(&inc, "ito", out, 8), 0);
	assert_int_equal(crisis_deputies(&inc, "tanaka", out, 8), 0); /* abe is not after */
	assert_int_equal(crisis_deputies(&inc, "nobody", out, 8), 0);
	assert_int_equal(crisis_deputies(&inc, "suzuki", out, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeline_of_a_silent_person),
		cmocka_unit_test(test_answer_stops_everything),
		cmocka_unit_test(test_settings_edges),
		cmocka_unit_test(test_deputies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
