/*
 * test_web_checkin.c — a person's own check-in page (/c/TOKEN) through the
 * whole pipeline without a socket (web_test_request), and the group-commit
 * writer (checkin/checkin_writer.h) on its own.
 *
 * The page: the form shows the person and their incident only, in a few
 * kilobytes; a report is recorded and answered "受け付けました"; a second
 * report is kept beside the first and counts; unknown and malformed tokens
 * get the plain 404; a closed incident and a person not called are
 * refused with nothing written; oversized or control-character fields are
 * 400 and invalid UTF-8 is 400, with nothing written and what was typed
 * kept beside the error; a missing choice is 422; English by
 * Accept-Language and ?lang=en; and after FAIL_MAX failures the client
 * gets 429 for wrong links while its right links still work (issue 15: an
 * office behind one NAT is not locked out).  The writer: reports from several
 * threads are all committed before their done() runs, in batches, and a
 * drain commits what is queued and refuses what comes later.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/app_incident.h"
#include "store/checkin_store.h"
#include "store/incident_store.h"
#include "store/db.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "checkin/checkin_writer.h"
#include "web/core/web.h"

#include "store_fixture.h"

static char db_path[256];
static struct web w;
static char sato[STORE_TOKEN_LEN + 1], suzuki[STORE_TOKEN_LEN + 1], yamada[STORE_TOKEN_LEN + 1];

/* Starts an incident of the demo plan; returns its id. */
static int64_t start_incident(const char *at)
{
	struct incident_start_req q = {
		.event = "disaster", .at = at, .intensity = "6-", .area = "東京都"
	};
	struct incident inc = INCIDENT_INIT;
	struct err e = ERR_INIT;
	if (app_incident_start(db_path, &q, "tester", LANG_JA, &inc, &e))
		fail_msg("%s", e.msg);
	int64_t id = inc.id;
	incident_release(&inc);
	return id;
}

static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	if (store_fixture_target(db_path, sizeof db_path, "checkin"))
		fail_msg("no database for the test");
	if (app_init(db_path, true, false, LANG_JA, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(start_incident("2026-01-12T18:00+09:00"), 1);
	if (app_incident_person_token(db_path, "p-sato", sato, &e) ||
	    app_incident_person_token(db_path, "p-suzuki", suzuki, &e) ||
	    app_incident_person_token(db_path, "p-yamada", yamada, &e)) /* in the plan, not called */
		fail_msg("%s", e.msg);
	if (web_init(&w, db_path, &e))
		fail_msg("%s", e.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	web_release(&w);
	store_fixture_remove(db_path);
	return 0;
}

/* One request; headers may be NULL.  A body is sent as a form. */
static void send_req(const char *method, const char *target, const char *headers, const char *body,
		     size_t body_len, struct web_response *res)
{
	struct buf h = BUF_INIT;
	if (body)
		buf_adds(&h, "Content-Type: application/x-www-form-urlencoded\n");
	if (headers)
		buf_adds(&h, headers);
	web_response_release(res);
	web_test_request(&w, method, target, h.data, body, body_len, res);
	buf_release(&h);
}

/* POSTs body to /c/token (the target's query may follow in token). */
static void post(const char *token, const char *body, struct web_response *res)
{
	char target[128];
	snprintf(target, sizeof target, "/c/%s", token);
	send_req("POST", target, NULL, body, strlen(body), res);
}

static void get(const char *token, const char *headers, struct web_response *res)
{
	char target[128];
	snprintf(target, sizeof target, "/c/%s", token);
	send_req("GET", target, headers, NULL, 0, res);
}

/* The reports of person in incident id, oldest first: count, and the
 * latest's status into *status (may be NULL). */
static size_t reports_of(int64_t id, const char *person, enum checkin_status *status)
{
	struct incident inc = INCIDENT_INIT;
	struct err e = ERR_INIT;
	size_t n = 0;
	if (app_incident_load(db_path, id, LANG_JA, &inc, &e))
		fail_msg("%s", e.msg);
	for (size_t i = 0; i < inc.n_checkins; i++) {
		if (strcmp(inc.checkins[i].person, person) != 0)
			continue;
		n++;
		if (status)
			*status = inc.checkins[i].status;
	}
	incident_release(&inc);
	return n;
}

/* The timeline of incident id verifies. */
static void expect_whole(int64_t id)
{
	struct timeline_check tc;
	struct err e = ERR_INIT;
	assert_int_equal(app_incident_verify(db_path, id, LANG_JA, &tc, &e), 0);
	assert_int_equal(tc.bad_seq, 0);
}

static void test_form(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	get(sato, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "<html lang=\"ja\">"));
	assert_non_null(strstr(res.body, "佐藤 一郎"));
	assert_non_null(strstr(res.body, "大規模災害"));
	assert_non_null(strstr(res.body, "name=\"status\" value=\"safe\""));
	assert_non_null(strstr(res.body, "name=\"assembly\" value=\"online\""));
	assert_null(strstr(res.body, "csrf"));
	assert_null(strstr(res.body, "<script"));
	/* nothing about anybody else: not another person's name */
	assert_null(strstr(res.body, "鈴木"));
	char h[64];
	assert_true(web_response_header(&res, "Cache-Control", h, sizeof h));
	assert_string_equal(h, "no-store");
	/* small: the page and its stylesheet under 6 KB */
	const struct embedded_file *css = embedded_find("web/assets/checkin.css");
	assert_non_null(css);
	assert_true(res.body_len + css->len < 6 * 1024);
	web_response_release(&res);
}

static void test_report_and_again(void **state)
{
	(void)state;
	/* half an hour into incident 1: an arrival at 18:45 or 19:30 is ahead */
	setenv("ITBCP_NOW", "2026-01-12T18:30+09:00", 1);
	struct web_response res = WEB_RESPONSE_INIT;
	post(sato,
	     "incident=1&status=safe&assembly=yes&eta=19%3A30&location=%E8%87%AA%E5%AE%85"
	     "&note=line1%0D%0Aline2",
	     &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "受け付けました"));
	assert_non_null(strstr(res.body, "自宅"));
	assert_non_null(strstr(res.body, "line1\nline2")); /* CRLF kept as one newline */
	assert_non_null(strstr(res.body, "19:30"));
	char h[64];
	assert_true(web_response_header(&res, "Content-Security-Policy", h, sizeof h));
	enum checkin_status st;
	assert_int_equal(reports_of(1, "p-sato", &st), 1);
	assert_int_equal(st, CHECKIN_SAFE);

	/* Again: both kept, the latest counts; the form shows the last one. */
	post(sato, "status=injured&assembly=online&location=&note=", &res);
	assert_int_equal(res.status, 200);
	assert_int_equal(reports_of(1, "p-sato", &st), 2);
	assert_int_equal(st, CHECKIN_INJURED);
	get(sato, NULL, &res);
	assert_non_null(strstr(res.body, "前回の報告"));
	assert_non_null(strstr(res.body, "負傷"));
	expect_whole(1);
	unsetenv("ITBCP_NOW");
	web_response_release(&res);
}

static void test_cannot_act_and_full_width_eta(void **state)
{
	(void)state;
	/* half an hour into incident 1: an arrival at 18:45 or 19:30 is ahead */
	setenv("ITBCP_NOW", "2026-01-12T18:30+09:00", 1);
	struct web_response res = WEB_RESPONSE_INIT;
	/* cannot act: assembly may be left out (it is "no") */
	post(suzuki, "status=cannot_act", &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "参集できない"));
	/* an ETA typed with full-width digits and colon */
	post(suzuki, "status=safe&assembly=yes&eta=%EF%BC%91%EF%BC%98%EF%BC%9A%EF%BC%94%EF%BC%95",
	     &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "18:45"));
	assert_int_equal(reports_of(1, "p-suzuki", NULL), 2);
	unsetenv("ITBCP_NOW");
	web_response_release(&res);
}

/* An arrival time already past by more than an hour (17:00 at 18:30) is
 * not moved to tomorrow behind the person's back: the form asks which
 * day, nothing is written, and each answer is recorded as chosen. */
static void test_past_eta_asks(void **state)
{
	(void)state;
	/* half an hour into incident 1: an arrival at 18:45 or 19:30 is ahead */
	setenv("ITBCP_NOW", "2026-01-12T18:30+09:00", 1);
	struct web_response res = WEB_RESPONSE_INIT;
	int before = reports_of(1, "p-suzuki", NULL);
	post(suzuki, "status=safe&assembly=yes&eta=17%3A00", &res);
	assert_int_equal(res.status, 422);
	assert_non_null(strstr(res.body, "この時刻はもう過ぎています"));
	assert_non_null(strstr(res.body, "name=\"eta_day\" value=\"today\""));
	assert_non_null(strstr(res.body, "name=\"eta_day\" value=\"tomorrow\""));
	assert_non_null(strstr(res.body, "value=\"17:00\"")); /* what was typed is kept */
	assert_int_equal(reports_of(1, "p-suzuki", NULL), before);
	post(suzuki, "status=safe&assembly=yes&eta=17%3A00&eta_day=tomorrow", &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "2026-01-13 17:00"));
	post(suzuki, "status=safe&assembly=yes&eta=17%3A00&eta_day=today", &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "2026-01-12 17:00"));
	/* within the hour: today, without asking (on the way, a little late) */
	post(suzuki, "status=safe&assembly=yes&eta=18%3A00", &res);
	assert_int_equal(res.status, 200);
	assert_int_equal(reports_of(1, "p-suzuki", NULL), before + 3);
	/* a day no form of ours sends */
	post(suzuki, "status=safe&assembly=yes&eta=17%3A00&eta_day=later", &res);
	assert_int_equal(res.status, 400);
	unsetenv("ITBCP_NOW");
	web_response_release(&res);
}

/* Late in the evening, a time soon after midnight is tomorrow's without
 * asking (00:25 at 23:45: 40 minutes away); one far ahead still asks. */
static void test_eta_across_midnight(void **state)
{
	(void)state;
	setenv("ITBCP_NOW", "2026-01-12T23:45+09:00", 1);
	struct web_response res = WEB_RESPONSE_INIT;
	int before = reports_of(1, "p-suzuki", NULL);
	post(suzuki, "status=safe&assembly=yes&eta=00%3A25", &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "2026-01-13 00:25"));
	post(suzuki, "status=safe&assembly=yes&eta=05%3A45", &res); /* six hours: still */
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "2026-01-13 05:45"));
	post(suzuki, "status=safe&assembly=yes&eta=05%3A46", &res);
	assert_int_equal(res.status, 422);
	post(suzuki, "status=safe&assembly=yes&eta=21%3A00", &res);
	assert_int_equal(res.status, 422);
	assert_non_null(strstr(res.body, "name=\"eta_day\" value=\"tomorrow\""));
	assert_int_equal(reports_of(1, "p-suzuki", NULL), before + 2);
	unsetenv("ITBCP_NOW");
	web_response_release(&res);
}

static void test_bad_token(void **state)
{
	(void)state;
	struct web_response a = WEB_RESPONSE_INIT, b = WEB_RESPONSE_INIT;
	get("AAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &a); /* well-formed, unknown */
	get("x<y", NULL, &b);			      /* malformed */
	assert_int_equal(a.status, 404);
	assert_int_equal(b.status, 404);
	/* the plain 404 page, nothing about tokens or people */
	assert_null(strstr(a.body, "安否"));
	assert_null(strstr(b.body, "安否"));
	assert_non_null(strstr(a.body, "ページが見つかりません"));
	assert_non_null(strstr(b.body, "ページが見つかりません"));
	size_t before = reports_of(1, "p-sato", NULL);
	send_req("POST", "/c/AAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, "status=safe&assembly=yes", 24,
		 &a);
	assert_int_equal(a.status, 404);
	assert_int_equal(reports_of(1, "p-sato", NULL), before);
	/* A well-formed report goes to the writer, which finds the link
	 * nobody's: the same 404, the pipeline's headers kept. */
	static const char body[] = "incident=1&status=safe&assembly=yes";
	send_req("POST", "/c/AAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, body, sizeof body - 1, &b);
	assert_int_equal(b.status, 404);
	assert_non_null(strstr(b.body, "ページが見つかりません"));
	assert_null(strstr(b.body, "安否"));
	char h[64];
	assert_true(web_response_header(&b, "Referrer-Policy", h, sizeof h));
	assert_true(web_response_header(&b, "Content-Security-Policy", h, sizeof h));
	assert_int_equal(reports_of(1, "p-sato", NULL), before);
	web_response_release(&a);
	web_response_release(&b);
}

static void test_invalid_fields(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	size_t before = reports_of(1, "p-sato", NULL);
	struct buf body = BUF_INIT;

	/* 201 bytes of location: 400, the typed value and the error kept */
	buf_adds(&body, "status=safe&assembly=no&location=");
	buf_addrep(&body, "a", 201);
	post(sato, body.data, &res);
	assert_int_equal(res.status, 400);
	assert_non_null(strstr(res.body, "aria-invalid=\"true\" aria-describedby=\"e-location\""));
	assert_non_null(strstr(res.body, "value=\"aaaaaaaa"));
	assert_non_null(strstr(res.body, "value=\"safe\" checked"));
	/* a note of 1001 bytes */
	buf_reset(&body);
	buf_adds(&body, "status=safe&assembly=no&note=");
	buf_addrep(&body, "b", 1001);
	post(sato, body.data, &res);
	assert_int_equal(res.status, 400);
	assert_non_null(strstr(res.body, "id=\"e-note\""));
	/* a control character */
	post(sato, "status=safe&assembly=no&location=a%07b", &res);
	assert_int_equal(res.status, 400);
	/* an unknown status word */
	post(sato, "status=fine&assembly=no", &res);
	assert_int_equal(res.status, 400);
	/* invalid UTF-8: refused by the pipeline */
	post(sato, "status=safe&assembly=no&note=%FF%FE", &res);
	assert_int_equal(res.status, 400);
	/* the whole body over the server's cap */
	send_req("POST", "/c/x", NULL, "a", WEB_BODY_MAX + 1, &res);
	assert_int_equal(res.status, 413);
	/* nothing chosen: 422 with the errors beside the fields */
	post(sato, "location=%E9%A7%85", &res);
	assert_int_equal(res.status, 422);
	assert_non_null(strstr(res.body, "id=\"e-status\""));
	assert_non_null(strstr(res.body, "id=\"e-assembly\""));
	assert_non_null(strstr(res.body, "value=\"駅\""));
	/* an ETA that is no time */
	post(sato, "status=safe&assembly=yes&eta=25%3A00", &res);
	assert_int_equal(res.status, 422);
	assert_non_null(strstr(res.body, "id=\"e-eta\""));
	assert_non_null(strstr(res.body, "value=\"25:00\""));

	assert_int_equal(reports_of(1, "p-sato", NULL), before);
	buf_release(&body);
	web_response_release(&res);
}

static void test_english(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	get(sato, "Accept-Language: en-GB,en;q=0.9\n", &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "<html lang=\"en\">"));
	assert_non_null(strstr(res.body, "Safety and assembly report"));
	assert_non_null(strstr(res.body, "?lang=en\"")); /* the form keeps English */
	char target[128];
	snprintf(target, sizeof target, "/c/%s?lang=en", sato);
	send_req("POST", target, NULL, "status=safe&assembly=online", 27, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "Received"));
	assert_non_null(strstr(res.body, "your report was recorded"));
	web_response_release(&res);
}

/* A person in the plan but not called, a closed incident, and an incident
 * the person does not belong to: refused, nothing written. */
static void test_refused(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	get(yamada, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "報告をお願いしている事案はありません"));
	assert_null(strstr(res.body, "<form"));
	post(yamada, "status=safe&assembly=yes", &res);
	assert_int_equal(res.status, 409);
	assert_int_equal(reports_of(1, "p-yamada", NULL), 0);

	/* A second incident: the form offers both. */
	assert_int_equal(start_incident("2026-01-13T09:00+09:00"), 2);
	get(sato, NULL, &res);
	assert_non_null(strstr(res.body, "name=\"incident\" value=\"2\" checked"));
	assert_non_null(strstr(res.body, "name=\"incident\" value=\"1\""));
	post(sato, "incident=2&status=safe&assembly=yes", &res);
	assert_int_equal(res.status, 200);
	assert_int_equal(reports_of(2, "p-sato", NULL), 1);
	post(sato, "incident=99&status=safe&assembly=yes", &res);
	assert_int_equal(res.status, 409);

	/* Closed: refused, nothing written. */
	json_t *review = NULL;
	struct err e = ERR_INIT;
	if (app_incident_close(db_path, 2, NULL, NULL, "tester", LANG_JA, &review, &e))
		fail_msg("%s", e.msg);
	json_decref(review);
	post(sato, "incident=2&status=injured&assembly=no", &res);
	assert_int_equal(res.status, 409);
	assert_non_null(strstr(res.body, "受け付けていません"));
	assert_int_equal(reports_of(2, "p-sato", NULL), 1);
	expect_whole(2);
	web_response_release(&res);
}

/* Last: it fills the test client's failure count. */
static void test_rate_limit(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	int n404 = 0;
	for (int i = 0; i < 40; i++) {
		get("BBBBBBBBBBBBBBBBBBBBBBBBBBB", NULL, &res);
		if (res.status == 404)
			n404++;
		else
			assert_int_equal(res.status, 429);
	}
	assert_in_range(n404, 1, 20);
	/* over the limit: a wrong link is 429, a report on one writes nothing */
	char h[16];
	get("CCCCCCCCCCCCCCCCCCCCCCCCCCC", NULL, &res);
	assert_int_equal(res.status, 429);
	assert_true(web_response_header(&res, "Retry-After", h, sizeof h));
	size_t before = reports_of(1, "p-sato", NULL);
	post("CCCCCCCCCCCCCCCCCCCCCCCCCCC", "incident=1&status=safe&assembly=yes", &res);
	assert_int_equal(res.status, 429);
	post("not-a-token", "incident=1&status=safe&assembly=yes", &res);
	assert_int_equal(res.status, 429);
	/* but a right link from the same address still works, form and report */
	get(sato, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_null(strstr(res.body, "誤ったリンク"));
	post(sato, "status=safe&assembly=yes", &res);
	assert_int_equal(res.status, 200);
	assert_int_equal(reports_of(1, "p-sato", NULL), before + 1);
	post(sato, "incident=1&status=injured&assembly=no", &res);
	assert_int_equal(res.status, 200);
	assert_int_equal(reports_of(1, "p-sato", NULL), before + 2);
	web_response_release(&res);
}

/* ---- the writer ------------------------------------------------------------ */

#define PEOPLE 3
#define PER_THREAD 150

struct waiter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done;
};

static void job_done(void *arg)
{
	struct waiter *wt = arg;
	pthread_mutex_lock(&wt->mu);
	wt->done++;
	pthread_cond_signal(&wt->cv);
	pthread_mutex_unlock(&wt->mu);
}

struct submitter {
	struct checkin_writer *cw;
	const char *person;
	struct checkin_job jobs[PER_THREAD];
	struct waiter wt;
	int recorded;
};

/* Submits PER_THREAD reports one after another without waiting, then
 * waits for all and checks each was recorded before it was done. */
static void *submit_all(void *arg)
{
	struct submitter *s = arg;
	int64_t now = app_incident_now();
	for (int i = 0; i < PER_THREAD; i++) {
		struct checkin_job *j = &s->jobs[i];
		j->report = (struct checkin_report){ .incident = 1,
						     .person = s->person,
						     .status = CHECKIN_SAFE,
						     .assembly = ASSEMBLY_ONLINE,
						     .eta = NO_VALUE,
						     .at = now,
						     .author = "self" };
		j->done = job_done;
		j->done_arg = &s->wt;
		if (!checkin_writer_submit(s->cw, j))
			return NULL;
	}
	pthread_mutex_lock(&s->wt.mu);
	while (s->wt.done < PER_THREAD)
		pthread_cond_wait(&s->wt.cv, &s->wt.mu);
	pthread_mutex_unlock(&s->wt.mu);
	for (int i = 0; i < PER_THREAD; i++)
		if (atomic_load(&s->jobs[i].finished) &&
		    s->jobs[i].result.outcome == CHECKIN_RECORDED && s->jobs[i].result.seq > 0)
			s->recorded++;
	return NULL;
}

static void test_writer_batches(void **state)
{
	(void)state;
	struct checkin_writer *cw;
	struct err e = ERR_INIT;
	static const char *const people[PEOPLE] = { "p-tanaka", "p-ito", "p-kato" };
	static struct submitter subs[PEOPLE];
	pthread_t t[PEOPLE];
	size_t before[PEOPLE];
	assert_int_equal(checkin_writer_start(&cw, db_path, &e), 0);
	for (int i = 0; i < PEOPLE; i++) {
		before[i] = reports_of(1, people[i], NULL);
		memset(&subs[i], 0, sizeof subs[i]);
		subs[i].cw = cw;
		subs[i].person = people[i];
		pthread_mutex_init(&subs[i].wt.mu, NULL);
		pthread_cond_init(&subs[i].wt.cv, NULL);
		assert_int_equal(pthread_create(&t[i], NULL, submit_all, &subs[i]), 0);
	}
	for (int i = 0; i < PEOPLE; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(subs[i].recorded, PER_THREAD);
		assert_int_equal(reports_of(1, people[i], NULL), before[i] + PER_THREAD);
	}
	struct checkin_writer_counts n;
	checkin_writer_counts(cw, &n);
	assert_int_equal(n.reports, PEOPLE * PER_THREAD);
	assert_true(n.batches >= 1 && n.batches <= n.reports);
	assert_true(n.syncs >= 1 && n.syncs <= n.batches); /* one sync may cover several */

	/* A person not called is refused inside the batch; the others go on. */
	struct waiter wt = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
	struct checkin_job jobs[2] = { 0 };
	const char *who[2] = { "p-yamada", "p-tanaka" };
	for (int i = 0; i < 2; i++) {
		jobs[i].report = (struct checkin_report){ .incident = 1,
							  .person = who[i],
							  .status = CHECKIN_SAFE,
							  .assembly = ASSEMBLY_NO,
							  .eta = NO_VALUE,
							  .at = app_incident_now(),
							  .author = "self" };
		jobs[i].done = job_done;
		jobs[i].done_arg = &wt;
		assert_true(checkin_writer_submit(cw, &jobs[i]));
	}
	/* Drain: what is queued is committed and done; later submits refused. */
	checkin_writer_drain(cw);
	assert_int_equal(wt.done, 2);
	assert_int_equal(jobs[0].result.outcome, CHECKIN_NOT_CALLED);
	assert_int_equal(jobs[1].result.outcome, CHECKIN_RECORDED);
	struct checkin_job late = jobs[1];
	assert_false(checkin_writer_submit(cw, &late));
	checkin_writer_free(cw);
	expect_whole(1);
	for (int i = 0; i < PEOPLE; i++) {
		pthread_mutex_destroy(&subs[i].wt.mu);
		pthread_cond_destroy(&subs[i].wt.cv);
	}
}

/* A report is answered "recorded" only once its log is flushed: when the
 * flush cannot confirm it (here the log was removed behind the server's
 * back), the writer says "not written" (the web answers 503 and offers to
 * send again), though the commit itself went through.  On a copy of the
 * database, which the removal spoils. */
static void test_unsynced_not_recorded(void **state)
{
	(void)state;
	STORE_SQLITE_ONLY("the check-in writer's WAL sync and a copy made by VACUUM INTO are SQLite's");
	struct err e = ERR_INIT;
	char copy[sizeof db_path + 8], wal[sizeof db_path + 16], sql[sizeof db_path + 64];
	snprintf(copy, sizeof copy, "%s.copy", db_path);
	store_fixture_remove(copy);
	struct store st = STORE_INIT;
	assert_int_equal(store_open(&st, db_path, 0, &e), 0);
	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", copy);
	assert_int_equal(db_exec(&st.db, sql, &e), 0);
	store_close(&st);

	struct checkin_writer *cw;
	assert_int_equal(checkin_writer_start(&cw, copy, &e), 0);
	snprintf(wal, sizeof wal, "%s-wal", copy);
	assert_int_equal(unlink(wal), 0);
	struct waiter wt = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
	struct checkin_job job = { 0 };
	job.report = (struct checkin_report){ .incident = 1, .person = "p-tanaka",
					      .status = CHECKIN_SAFE, .assembly = ASSEMBLY_NO,
					      .eta = NO_VALUE, .at = app_incident_now(), .author = "self" };
	job.done = job_done;
	job.done_arg = &wt;
	struct checkin_job later = job;
	assert_true(checkin_writer_submit(cw, &job));
	pthread_mutex_lock(&wt.mu);
	while (wt.done < 1)
		pthread_cond_wait(&wt.cv, &wt.mu);
	pthread_mutex_unlock(&wt.mu);
	assert_true(job.appended); /* it went to the commit */
	assert_int_equal(job.result.outcome, CHECKIN_NOT_WRITTEN);
	/* Nor is any report after it (the server says to restart). */
	assert_true(checkin_writer_submit(cw, &later));
	checkin_writer_drain(cw);
	assert_int_equal(wt.done, 2);
	assert_true(later.appended);
	assert_int_equal(later.result.outcome, CHECKIN_NOT_WRITTEN);
	checkin_writer_free(cw);
	store_fixture_remove(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_report_and_again),
		cmocka_unit_test(test_cannot_act_and_full_width_eta),
		cmocka_unit_test(test_past_eta_asks),
		cmocka_unit_test(test_eta_across_midnight),
		cmocka_unit_test(test_bad_token),
		cmocka_unit_test(test_invalid_fields),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_writer_batches),
		cmocka_unit_test(test_unsynced_not_recorded),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_rate_limit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
