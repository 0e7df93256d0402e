/*
 * test_outbox_followup.c — reminders, deputies and the hold through the
 * sender's look (app/app_followup.h) on a real database, its clock driven
 * by the test: a silent person is reminded at each interval and once only
 * however often the sender looks, then their deputies are told, each with
 * their own link; one who answered is left alone; a hold queues nothing
 * until it ends, ends once, and a stop sends nothing ever.  In peacetime
 * the admins tied to a person are told of a version waiting for approval
 * with the submission, and the planners once per window that the annual
 * review is due.  The record's check values go to the witness at once,
 * then once an interval, and only when they changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_followup.h"
#include "app/app_incident.h"
#include "app/app_witness.h"
#include "rules/crisis.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/outbox_followup.h"
#include "store/outbox_hold.h"
#include "store/outbox_store.h"
#include "store/settings_store.h"
#include "store/users.h"
#include "store/version_store.h"
#include "util/xalloc.h"
#include "store_fixture.h"

/* The demo plan, delivery set up (public_url; no sender runs here), and
 * incident 1 started from a snapshot; *t0 the time its call-out went. */
static void setup_incident(struct store *st, const char *hold, int64_t *t0)
{
	struct err e = ERR_INIT;
	struct plan p = PLAN_INIT;
	store_fixture_demo(&p);
	assert_int_equal(store_open(st, store_db_path, STORE_CREATE, &e), 0);
	assert_int_equal(store_replace_plan(st, &p, &e), 0);
	assert_int_equal(store_setting_set(st, "public_url", "https://bcp.example.go.jp", "t", "", &e), 0);
	assert_int_equal(store_setting_set(st, "remind_interval", "600", "t", "", &e), 0);
	assert_int_equal(store_setting_set(st, "remind_count", "2", "t", "", &e), 0);
	if (hold)
		assert_int_equal(store_setting_set(st, "callout_hold", hold, "t", "", &e), 0);
	struct incident inc = INCIDENT_INIT;
	inc.event = xstrdup("disaster");
	inc.event_name = xstrdup("大規模災害");
	inc.event_kind = xstrdup("disaster");
	inc.procedure = xstrdup("");
	inc.system_hit = xstrdup("");
	inc.author = xstrdup("t");
	crisis_snapshot(&p, &inc, NULL);
	json_t *c = json_object();
	*t0 = (int64_t)time(NULL);
	assert_int_equal(store_incident_create(st, &inc, *t0, "t", c, &e), 0);
	json_decref(c);
	incident_release(&inc);
	plan_release(&p);
}

static int64_t count(struct store *st, const char *where)
{
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE %s", where);
	return db_int(&st->db, -1, sql, NULL);
}

/* The tick at t, its stats. */
static struct app_followup_stats tick(struct store *st, int64_t t)
{
	struct err e = ERR_INIT;
	struct app_followup_stats s = { 0 };
	assert_int_equal(app_followup_tick(st, t, &s, &e), 0);
	return s;
}

static void test_reminders_then_deputies(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t t0;
	setup_incident(&st, NULL, &t0);
	int64_t called = db_int(&st.db, -1, "SELECT count(*) FROM outbox_followup", NULL);
	assert_true(called >= 10);
	/* p-takahashi answers (through the check-in path) */
	struct incident_checkin_req q = { .person = "p-takahashi", .status = "safe" };
	struct checkin_result res;
	assert_int_equal(app_incident_checkin(store_db_path, 1, &q, "t", LANG_JA, &res, &e), 0);

	assert_int_equal(tick(&st, t0 + 590).queued, 0); /* t0 may be a second late */
	/* the first reminder, to everyone silent, once however often one looks */
	struct app_followup_stats s = tick(&st, t0 + 601);
	assert_int_equal(s.reminded, called - 1);
	assert_int_equal(tick(&st, t0 + 601).queued, 0);
	assert_int_equal(tick(&st, t0 + 900).queued, 0);
	assert_int_equal(count(&st, "kind = 'reminder' AND person = 'p-takahashi'"), 0);
	assert_int_equal(count(&st, "kind = 'reminder' AND person = 'p-sato'"), 1);
	/* the reminder carries the person's own link */
	char tok[STORE_TOKEN_LEN + 1];
	assert_int_equal(store_checkin_token(&st, "p-sato", tok, &e), 0);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND person = 'p-sato' AND "
		 "link = 'https://bcp.example.go.jp/c/%s' AND body LIKE '%%' || link || '%%'",
		 tok);
	assert_int_equal(db_int(&st.db, -1, sql, NULL), 1);
	/* the second, an interval after the first */
	assert_int_equal(tick(&st, t0 + 1200).reminded, 0);
	assert_int_equal(tick(&st, t0 + 1201).reminded, called - 1);
	/* then the deputies: p-sato's (p-yamamoto, role-chief; p-sato also
	 * holds promo-chief, not a crisis role, so not in the incident) */
	s = tick(&st, t0 + 1801);
	assert_true(s.deputies > 0);
	assert_int_equal(count(&st, "kind = 'deputy' AND person = 'p-yamamoto' AND "
				    "body LIKE '%佐藤 一郎%'"),
			 1);
	/* p-takahashi answered: their deputy hears nothing about them */
	assert_int_equal(count(&st, "kind = 'deputy' AND person = 'p-kobayashi' AND "
				    "body LIKE '%高橋 健%'"),
			 0);
	/* the deputy's message carries the deputy's link, never p-sato's */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM outbox WHERE kind = 'deputy' AND body LIKE '%%%s%%'", tok);
	assert_int_equal(db_int(&st.db, -1, sql, NULL), 0);
	assert_int_equal(count(&st, "kind = 'deputy' AND person = 'p-yamamoto' AND "
				    "body LIKE '%' || link || '%' AND link LIKE '%/c/%'"),
			 1);
	/* and nothing more, ever */
	int64_t total = count(&st, "1 = 1");
	assert_int_equal(tick(&st, t0 + 99999).queued, 0);
	assert_int_equal(count(&st, "1 = 1"), total);
	store_close(&st);
}

/* Two senders looking at once read the same state: only one queues. */
static void test_stale_state_queues_nothing(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t t0;
	size_t q = 0;
	setup_incident(&st, NULL, &t0);
	assert_int_equal(store_followup_remind(&st, 1, "p-sato", 0, t0 + 600, &q, &e), 0);
	assert_true(q >= 1);
	q = 0;
	/* the other read reminders = 0 too: refused, nothing written */
	assert_int_equal(store_followup_remind(&st, 1, "p-sato", 0, t0 + 600, &q, &e), 1);
	assert_int_equal(q, 0);
	assert_int_equal(count(&st, "kind = 'reminder' AND person = 'p-sato'"), 1);
	store_close(&st);
}

static void test_hold(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t t0, until;
	enum outbox_hold h;
	size_t q;
	setup_incident(&st, "120", &t0);
	assert_int_equal(count(&st, "1 = 1"), 0); /* held: nothing queued with it */
	assert_int_equal(store_hold_get(&st, 1, &h, &until, &e), 0);
	assert_int_equal(h, HOLD_HELD);
	assert_true(until >= t0 + 120 && until <= t0 + 122);
	/* no reminders for a call-out that has not gone */
	assert_int_equal(tick(&st, until - 1).queued, 0);
	assert_int_equal(count(&st, "1 = 1"), 0);
	/* the hold runs out: the call-out goes, once */
	struct app_followup_stats s = tick(&st, until);
	assert_int_equal(s.released, 1);
	assert_true(s.queued >= 10);
	assert_int_equal(count(&st, "kind = 'callout'"), (int64_t)s.queued);
	assert_int_equal(tick(&st, until + 1).released, 0);
	assert_int_equal(store_hold_end(&st, 1, HOLD_STOPPED, "x", until, "t", &q, &e), 1);
	assert_int_equal(count(&st, "kind = 'callout'"), (int64_t)s.queued);
	store_close(&st);
}

static void test_hold_stopped(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t t0;
	size_t q = 9;
	setup_incident(&st, "60", &t0);
	assert_int_equal(store_hold_end(&st, 1, HOLD_STOPPED, "停止", t0, "rita", &q, &e), 0);
	assert_int_equal(q, 0);
	/* long after the hold: never sent by itself */
	assert_int_equal(tick(&st, t0 + 99999).queued, 0);
	assert_int_equal(count(&st, "1 = 1"), 0);
	assert_int_equal(db_int(&st.db, -1,
				"SELECT count(*) FROM incident_records WHERE text = '停止' AND "
				"author = 'rita'",
				NULL),
			 1);
	/* a person may send after all, once */
	assert_int_equal(store_hold_end(&st, 1, HOLD_SENT, "送信", t0, "rita", &q, &e), 0);
	assert_true(q >= 10);
	assert_int_equal(store_hold_end(&st, 1, HOLD_SENT, "送信", t0, "rita", &q, &e), 1);
	store_close(&st);
}

static void test_approval_notice(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t t0, id;
	setup_incident(&st, NULL, &t0);
	assert_int_equal(users_add(&st, "ada", "", ROLE_ADMIN, "p-sato", "admin-pass-123", "t", &e), 0);
	assert_int_equal(users_add(&st, "abe", "", ROLE_ADMIN, NULL, "admin-pass-456", "t", &e), 0);
	assert_int_equal(users_add(&st, "pat", "", ROLE_PLANNER, "p-suzuki", "planner-pass-1", "t", &e), 0);
	int64_t before = count(&st, "1 = 1");
	assert_int_equal(version_submit(&st, "{}", "pat", "年度改訂", &id, &e), 0);
	/* to the admin tied to a person only: p-sato's address, the page */
	assert_int_equal(count(&st, "kind = 'approval'"), 1);
	assert_int_equal(count(&st, "kind = 'approval' AND person = 'p-sato' AND incident IS NULL AND "
				    "link = 'https://bcp.example.go.jp/versions' AND body LIKE '%pat%' "
				    "AND body LIKE '%年度改訂%' AND subject LIKE '%承認依頼%'"),
			 1);
	/* refused (one is pending): no notice either */
	assert_int_equal(version_submit(&st, "{}", "pat", "", &id, &e), 1);
	assert_int_equal(count(&st, "1 = 1"), before + 1);
	store_close(&st);
}

static void test_review_due_notice(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t t0;
	setup_incident(&st, NULL, &t0);
	assert_int_equal(users_add(&st, "pat", "", ROLE_PLANNER, "p-suzuki", "planner-pass-1", "t", &e), 0);
	assert_int_equal(users_add(&st, "ada", "", ROLE_ADMIN, "p-sato", "admin-pass-123", "t", &e), 0);
	/* the demo's annual review is dated 2026-05-20: done for FY2026 */
	setenv("ITBCP_TODAY", "2027-03-01", 1);
	assert_int_equal(tick(&st, t0).reviews, 0);
	/* FY2027's window (April–May) open, no review yet: the planner, once */
	setenv("ITBCP_TODAY", "2027-04-10", 1);
	struct app_followup_stats s = tick(&st, t0);
	assert_int_equal(s.reviews, 1);
	assert_int_equal(count(&st, "kind = 'review_due'"), 1);
	assert_int_equal(count(&st, "kind = 'review_due' AND person = 'p-suzuki' AND "
				    "link = 'https://bcp.example.go.jp/plan/reviews' AND "
				    "body LIKE '%2027-04-01%' AND body LIKE '%2027-05-31%'"),
			 1);
	assert_int_equal(tick(&st, t0).reviews, 0);
	/* overdue in the same window: told already */
	setenv("ITBCP_TODAY", "2027-06-10", 1);
	assert_int_equal(tick(&st, t0).reviews, 0);
	assert_int_equal(count(&st, "kind = 'review_due'"), 1);
	unsetenv("ITBCP_TODAY");
	store_close(&st);
}

/* The witness (app_witness.h): nothing until witness_to is set; then the
 * record's last entry and hash at once, nothing new within the interval
 * or while the record has not moved, the new values once it has. */
static void test_witness(void **state)
{
	(void)state;
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	int64_t t0;
	size_t q = 9;
	setup_incident(&st, NULL, &t0);
	assert_int_equal(app_witness_tick(&st, t0, &q, &e), 0);
	assert_int_equal(q, 0);
	assert_int_equal(store_setting_set(&st, "witness_to", "https://witness.example.jp/h", "t", "",
					   &e), 0);
	assert_int_equal(store_setting_set(&st, "witness_interval", "600", "t", "", &e), 0);
	assert_int_equal(app_witness_tick(&st, t0, &q, &e), 0);
	assert_int_equal(q, 1);
	char want[160];
	struct stmt h = STMT_INIT;
	assert_int_equal(db_prepare(&st.db, &h, "SELECT hash FROM incident_timeline WHERE incident = 1 "
				    "AND seq = 1", &e), 0);
	assert_int_equal(db_step(&h, &e), 1);
	snprintf(want, sizeof want, "%%Incident #1 Record check: entries to 1, SHA-256 %s%%",
		 db_col_text(&h, 0));
	db_finalize(&h);
	assert_int_equal(db_int(&st.db, 0, "SELECT count(*) FROM outbox WHERE kind = 'witness' AND "
				"channel = 'webhook' AND body LIKE ?1", want), 1);
	assert_int_equal(app_witness_tick(&st, t0 + 1, &q, &e), 0);
	assert_int_equal(q, 0);
	assert_int_equal(store_incident_record_add(&st, 1, "note", "x", t0 + 2, "t", NULL, &e), 0);
	assert_int_equal(app_witness_tick(&st, t0 + 599, &q, &e), 0);
	assert_int_equal(q, 0); /* within the interval */
	assert_int_equal(app_witness_tick(&st, t0 + 600, &q, &e), 0);
	assert_int_equal(q, 1);
	assert_int_equal(app_witness_tick(&st, t0 + 1300, &q, &e), 0);
	assert_int_equal(q, 0); /* nothing moved */
	assert_int_equal(count(&st, "kind = 'witness'"), 2);
	store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_reminders_then_deputies),
		STORE_TEST(test_stale_state_queues_nothing),
		STORE_TEST(test_hold),
		STORE_TEST(test_hold_stopped),
		STORE_TEST(test_approval_notice),
		STORE_TEST(test_review_due_notice),
		STORE_TEST(test_witness),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
