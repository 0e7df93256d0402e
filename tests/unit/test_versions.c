/*
 * test_versions.c — versions of the plan (策定・改訂) through the web
 * pipeline and the store: a planner submits the draft, a second
 * submission waits, a viewer or planner cannot approve, the admin
 * approves it as 第1版 (version_current says so) while the draft goes on
 * changing, the comparison shows a changed business RTO as old → new with
 * the system's RTO that follows, a rejection keeps its reason, the
 * database refuses to change or delete a decided version, and every step
 * is in the audit log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "rules/rules.h"
#include "store/db.h"
#include "store/store.h"
#include "store/users.h"
#include "store/version_store.h"
#include "util/buf.h"
#include "web/core/route.h"
#include "web/core/web.h"
#include "web_client.h"

/* A fresh demo database with the users of tests/support/web_client.h. */
static int setup(void **state)
{
	(void)state;
	return web_client_setup("versions");
}

/* Business 1 (優先業務1, 3 h) now has a 4-hour RTO. */
static void rto_to_4(struct plan *p)
{
	for (size_t i = 0; i < p->n_businesses; i++)
		if (p->businesses[i].rto_hours == 3)
			p->businesses[i].rto_hours = 4;
}

/* POSTs body (with the session's token prepended) as c; the status. */
static int post(struct client *c, const char *target, const char *body)
{
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64];
	session_csrf(c, csrf);
	struct buf b = BUF_INIT;
	buf_addf(&b, "csrf=%s%s%s", csrf, body[0] ? "&" : "", body);
	send_req(c, "POST", target, b.data, &res);
	int s = res.status;
	web_response_release(&res);
	buf_release(&b);
	return s;
}

/* Counts audit entries whose action is action. */
static int64_t audit_count(const char *action)
{
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	struct audit_entry *v;
	size_t n;
	assert_int_equal(users_audit_list(st, 0, 1000, &v, &n, &e), 0);
	int64_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(v[i].action, action) == 0;
	users_audit_free(v, n);
	return k;
}

static void test_submit_approve_compare(void **state)
{
	(void)state;
	struct client pat, admin, vera;
	struct web_response res = WEB_RESPONSE_INIT;
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	sign_in(&pat, "pat", "planner-pass-1");
	sign_in(&admin, "admin", "admin-pass-1");
	sign_in(&vera, "vera", "viewer-pass-1");

	assert_int_equal(version_current(st, NULL, &e), 0);
	/* a viewer may not submit; a planner may */
	assert_int_equal(post(&vera, "/versions/submit", "comment=x"), 403);
	assert_int_equal(post(&pat, "/versions/submit", "comment=%E7%AD%96%E5%AE%9A"), 303);
	/* one pending submission at a time */
	assert_int_equal(post(&pat, "/versions/submit", "comment=again"), 409);
	send_req(&pat, "GET", "/versions", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "承認待ちの提出"));
	assert_null(strstr(res.body, "/versions/1/approve")); /* no approve form for a planner */
	/* only an admin approves */
	assert_int_equal(post(&pat, "/versions/1/approve", ""), 403);
	assert_int_equal(post(&admin, "/versions/1/approve", ""), 303);
	assert_int_equal(post(&admin, "/versions/1/approve", ""), 409); /* decided already */
	assert_int_equal(post(&admin, "/versions/99/approve", ""), 409);
	struct plan_version cur;
	assert_int_equal(version_current(st, &cur, &e), 1);
	assert_string_equal(cur.submitted_by, "pat");
	assert_string_equal(cur.decided_by, "admin");
	assert_string_equal(cur.comment, "策定");
	version_release(&cur);

	/* the draft goes on: a business RTO changes */
	edit_plan(rto_to_4);
	send_req(&vera, "GET", "/versions", NULL, &res);
	assert_non_null(strstr(res.body, "<strong>第1版</strong>"));
	assert_non_null(strstr(res.body, "下書きはこの版から変更されています"));
	send_req(&vera, "GET", "/versions/compare?from=1&to=draft", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "<h2>§5.3・別表1 RTO・RLO・復旧優先度</h2>"));
	/* fields named by their labels (labels.c), as on the forms */
	assert_non_null(strstr(res.body, "<th scope=\"row\">業務目標復旧時間（時間）</th><td><del>3</del></td><td>→ <ins>4</ins>"));
	assert_null(strstr(res.body, ">rto_hours<"));
	assert_non_null(strstr(res.body, "RTO 15 → 16時間")); /* the mail system follows (R1) */
	assert_null(strstr(res.body, "<h2>§1.4")); /* nothing else changed */
	send_req(&vera, "GET", "/versions/compare?from=1&to=draft&lang=en", NULL, &res);
	assert_non_null(strstr(res.body, "<th scope=\"row\">Business RTO (hours)</th><td><del>3</del>"));
	send_req(&vera, "GET", "/versions/compare?from=1&to=draft&lang=ja", NULL, &res);
	/* the same version against itself */
	send_req(&vera, "GET", "/versions/compare?from=1&to=1", NULL, &res);
	assert_non_null(strstr(res.body, "違いはありません"));
	send_req(&vera, "GET", "/versions/compare?from=1&to=77", NULL, &res);
	assert_int_equal(res.status, 404);
	send_req(&vera, "GET", "/versions/compare?from=abc&to=draft", NULL, &res);
	assert_int_equal(res.status, 404);

	/* a second submission, rejected with a reason (required) */
	assert_int_equal(post(&pat, "/versions/submit", "comment=RTO"), 303);
	assert_int_equal(post(&admin, "/versions/2/reject", "reason="), 422);
	assert_int_equal(post(&admin, "/versions/2/reject", "reason=%E6%A0%B9%E6%8B%A0%E4%B8%8D%E8%B6%B3"), 303);
	send_req(&vera, "GET", "/versions", NULL, &res);
	assert_non_null(strstr(res.body, "理由：根拠不足"));
	assert_non_null(strstr(res.body, "提出2（差し戻し）"));
	assert_int_equal(version_current(st, NULL, &e), 1);
	/* and a third, approved as 第2版 */
	assert_int_equal(post(&pat, "/versions/submit", "comment=RTO2"), 303);
	assert_int_equal(post(&admin, "/versions/3/approve", ""), 303);
	assert_int_equal(version_current(st, NULL, &e), 2);
	send_req(&vera, "GET", "/versions/compare?from=1&to=3", NULL, &res);
	assert_non_null(strstr(res.body, "<del>3</del></td><td>→ <ins>4</ins>"));
	web_response_release(&res);

	assert_int_equal(audit_count("version.submit"), 3);
	assert_int_equal(audit_count("version.approve"), 2);
	assert_int_equal(audit_count("version.reject"), 1);
}

static void test_versions_immutable(void **state)
{
	(void)state;
	/* A connection of its own, as anyone who can open the database. */
	struct db db = DB_INIT;
	struct err de = ERR_INIT;
	assert_int_equal(db_open(&db, db_path, 0, &de), 0);
	/* decided rows cannot change or go */
	assert_int_not_equal(db_exec(&db, "UPDATE plan_versions SET comment = 'x' WHERE id = 1", NULL), 0);
	assert_int_not_equal(db_exec(&db, "UPDATE plan_versions SET state = 'pending', number = NULL "
					  "WHERE id = 1",
				     NULL),
			     0);
	assert_int_not_equal(db_exec(&db, "DELETE FROM plan_versions", NULL), 0);
	assert_int_not_equal(db_exec(&db, "UPDATE plan_versions SET document = '{}' WHERE id = 3", NULL),
			     0);
	db_close(&db);
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	assert_int_equal(version_decide(st, 1, false, "x", "y", NULL, &e), 1);
	assert_int_equal(version_current(st, NULL, &e), 2);
}

/* Business 1 moves on again (4 → 5 h). */
static void rto_to_5(struct plan *p)
{
	for (size_t i = 0; i < p->n_businesses; i++)
		if (p->businesses[i].rto_hours == 4)
			p->businesses[i].rto_hours = 5;
}

/* GET target as c: whether the body holds needle (status asserted 200). */
static bool body_has(struct client *c, const char *target, const char *needle)
{
	struct web_response res = WEB_RESPONSE_INIT;
	send_req(c, "GET", target, NULL, &res);
	assert_int_equal(res.status, 200);
	bool has = strstr(res.body, needle) != NULL;
	web_response_release(&res);
	return has;
}

/* The 「ガイドラインの参照先」 boxes are for the authors of a draft: the plan
 * that is the approved version (第2版 here, after the test above) prints
 * without them, ?guideline=1 asks for them, and a changed draft has them
 * again.  The appendix's notes to the author are never printed. */
static void test_documents_follow_the_version(void **state)
{
	(void)state;
	struct client vera;
	sign_in(&vera, "vera", "viewer-pass-1");
	const char *box = "ガイドラインの参照先";
	assert_false(body_has(&vera, "/documents/plan/md", box));
	/* Document control (issue 16 item 5): the approved version carries its
	 * number, its history and its approval's date, not the printing day's. */
	setenv("ITBCP_TODAY", "2031-01-15", 1);
	assert_true(body_has(&vera, "/documents/plan/md", "第2版  \n策定日："));
	assert_true(body_has(&vera, "/documents/plan/md", "| 第1版 | "));
	assert_true(body_has(&vera, "/documents/plan/md", "| 第2版 | "));
	assert_false(body_has(&vera, "/documents/plan/md", "（案）"));
	assert_false(body_has(&vera, "/documents/plan/md", "令和13年1月15日"));
	/* 改定日 is the day 第2版 was approved in Japan (UTC + 9 h). */
	struct err e = ERR_INIT;
	struct plan_version cur;
	assert_int_equal(version_current(web_thread_store(&w, &e), &cur, &e), 2);
	struct tm tm = { 0 };
	assert_int_equal(sscanf(cur.decided_at, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon,
				&tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec),
			 6);
	version_release(&cur);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t jst = timegm(&tm) + 9 * 3600;
	struct tm d;
	gmtime_r(&jst, &d);
	char date[64], want[96];
	wareki_date((struct civil_date){ d.tm_year + 1900, d.tm_mon + 1, d.tm_mday }, 0, date,
		    sizeof date);
	snprintf(want, sizeof want, "改定日：%s", date);
	assert_true(body_has(&vera, "/documents/plan/md", want));
	assert_true(body_has(&vera, "/documents/plan/md?guideline=1", box));
	assert_false(body_has(&vera, "/documents/plan/html?guideline=0", box));
	struct web_response res = WEB_RESPONSE_INIT;
	send_req(&vera, "GET", "/documents/plan/md?guideline=yes", NULL, &res);
	assert_int_equal(res.status, 400);
	web_response_release(&res);
	edit_plan(rto_to_5);
	assert_true(body_has(&vera, "/documents/plan/md", "第3版（案）"));
	assert_true(body_has(&vera, "/documents/plan/md", "令和13年1月15日"));
	unsetenv("ITBCP_TODAY");
	assert_true(body_has(&vera, "/documents/plan/md", box));
	assert_true(body_has(&vera, "/documents/plan/html", box));
	assert_false(body_has(&vera, "/documents/plan/md", "連絡先としてCSIRTを追加する"));
	assert_false(body_has(&vera, "/documents/plan/md", "明記する。"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_submit_approve_compare),
		cmocka_unit_test(test_versions_immutable),
		cmocka_unit_test(test_documents_follow_the_version),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
