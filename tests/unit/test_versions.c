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
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "store/store.h"
#include "store/users.h"
#include "store/version_store.h"
#include "util/buf.h"
#include "web/route.h"
#include "web/web.h"

#define TEST_NAME "versions"
static char db_path[64];
static struct web w;

/* A browser: its cookies. */
struct client {
	char session[64];
	char pre[64];
	char lang[64];
};

/* A fresh demo database with one user of each role used here. */
static int setup(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	snprintf(db_path, sizeof db_path, "/tmp/itbcp-test-" TEST_NAME "-%d.db", (int)getpid());
	unlink(db_path);
	if (app_init(db_path, true, false, LANG_JA, &e))
		fail_msg("%s", e.msg);
	if (web_init(&w, db_path, &e))
		fail_msg("%s", e.msg);
	struct store *st = web_thread_store(&w, &e);
	assert_non_null(st);
	assert_int_equal(users_add(st, "admin", "管理 太郎", ROLE_ADMIN, "admin-pass-1", "test", &e), 0);
	assert_int_equal(users_add(st, "pat", "", ROLE_PLANNER, "planner-pass-1", "test", &e), 0);
	assert_int_equal(users_add(st, "vera", "", ROLE_VIEWER, "viewer-pass-1", "test", &e), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char side[80];
	web_release(&w);
	unlink(db_path);
	snprintf(side, sizeof side, "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", db_path);
	unlink(side);
	return 0;
}

/* Takes the cookies a response sets into c. */
static void take_cookies(struct client *c, const struct web_response *res)
{
	for (const char *p = res->headers; (p = strstr(p, "Set-Cookie: ")); p++) {
		p += strlen("Set-Cookie: ");
		size_t n = strcspn(p, ";\r");
		char *dst = strncmp(p, "itbcp_session=", 14) == 0 ? c->session
			    : strncmp(p, "itbcp_pre=", 10) == 0   ? c->pre
			    : strncmp(p, "itbcp_lang=", 11) == 0  ? c->lang
								  : NULL;
		if (!dst)
			continue;
		const char *v = strchr(p, '=') + 1;
		snprintf(dst, 64, "%.*s", (int)(n - (size_t)(v - p)), v);
	}
}

/* Sends a request as client c with a body of content type ctype (NULL:
 * urlencoded when there is a body). */
static void send_raw(struct client *c, const char *method, const char *target, const char *ctype,
		     const char *body, size_t len, struct web_response *res)
{
	struct buf h = BUF_INIT;
	buf_addf(&h, "Cookie: itbcp_session=%s; itbcp_pre=%s; itbcp_lang=%s\n", c->session, c->pre,
		 c->lang);
	if (body)
		buf_addf(&h, "Content-Type: %s\n", ctype ? ctype : "application/x-www-form-urlencoded");
	web_response_release(res);
	web_test_request(&w, method, target, h.data, body, len, res);
	take_cookies(c, res);
	buf_release(&h);
}

static void send_req(struct client *c, const char *method, const char *target, const char *body,
		     struct web_response *res)
{
	send_raw(c, method, target, NULL, body, body ? strlen(body) : 0, res);
}

/* The CSRF token of the first form in res, into out (64 bytes). */
static void csrf_of(const struct web_response *res, char *out)
{
	const char *p = strstr(res->body, "name=\"csrf\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	snprintf(out, 64, "%.*s", (int)strcspn(p, "\""), p);
}

/* Signs c in as name; asserts it worked. */
static void sign_in(struct client *c, const char *name, const char *password)
{
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64], body[256];
	memset(c, 0, sizeof *c);
	snprintf(c->lang, sizeof c->lang, "ja");
	send_req(c, "GET", "/login", NULL, &res);
	assert_int_equal(res.status, 200);
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s&name=%s&password=%s&next=/", csrf, name, password);
	send_req(c, "POST", "/login", body, &res);
	assert_int_equal(res.status, 303);
	web_response_release(&res);
}

/* The session's CSRF token (from a page with a form). */
static __attribute__((unused)) void session_csrf(struct client *c, char *out)
{
	struct web_response res = WEB_RESPONSE_INIT;
	send_req(c, "GET", "/account/password", NULL, &res);
	assert_int_equal(res.status, 200);
	csrf_of(&res, out);
	web_response_release(&res);
}

/* Replaces the plan in the database with p changed by fn. */
static __attribute__((unused)) void edit_plan(void (*fn)(struct plan *p))
{
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	struct plan p = PLAN_INIT;
	assert_int_equal(store_load_plan(st, &p, &e), 0);
	fn(&p);
	if (store_replace_plan(st, &p, &e))
		fail_msg("%s", e.msg);
	plan_release(&p);
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
	assert_non_null(strstr(res.body, "<th scope=\"row\">rto_hours</th><td><del>3</del></td><td>→ <ins>4</ins>"));
	assert_non_null(strstr(res.body, "RTO 15 → 16時間")); /* the mail system follows (R1) */
	assert_null(strstr(res.body, "<h2>§1.4")); /* nothing else changed */
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
	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	/* decided rows cannot change or go */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE plan_versions SET comment = 'x' WHERE id = 1",
					  NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(db, "UPDATE plan_versions SET state = 'pending', number = NULL "
					      "WHERE id = 1", NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM plan_versions", NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(db, "UPDATE plan_versions SET document = '{}' WHERE id = 3",
					  NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
	sqlite3_close(db);
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	assert_int_equal(version_decide(st, 1, false, "x", "y", NULL, &e), 1);
	assert_int_equal(version_current(st, NULL, &e), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_submit_approve_compare),
		cmocka_unit_test(test_versions_immutable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
