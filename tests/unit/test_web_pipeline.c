/*
 * test_web_pipeline.c — whole requests through the web pipeline without a
 * socket (web_test_request): sign-in, access rules for every route and
 * role, CSRF, bad input (404, 405, 413, 400), assets and their cache
 * headers, language choice, a failing database becoming a clean 500 while
 * the next request still works, password change, and the audit log's
 * hash chain.
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
#include "util/buf.h"
#include "web/core/route.h"
#include "web/core/web.h"
#include "web_client.h"

/* A fresh demo database with the users of tests/support/web_client.h. */
static int setup(void **state)
{
	(void)state;
	return web_client_setup("web");
}

static void test_sign_in(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	char loc[128], csrf[64], body[256];
	memset(&c, 0, sizeof c);
	send_hdr(&c, "GET", "/", NULL, NULL, &res);
	assert_int_equal(res.status, 303);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/login?next=/");

	send_hdr(&c, "GET", "/login", NULL, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_true(strlen(c.pre) == USERS_TOKEN_LEN);
	csrf_of(&res, csrf);
	assert_string_equal(csrf, c.pre);

	/* (pat: an account without a second factor; test_web_totp.c signs
	 * the admin in with its code) */
	snprintf(body, sizeof body, "csrf=%s&name=pat&password=wrong-pass&next=/", csrf);
	send_hdr(&c, "POST", "/login", NULL, body, &res);
	assert_int_equal(res.status, 422);
	assert_non_null(strstr(res.body, "value=\"pat\"")); /* the name typed is kept */
	assert_string_equal(c.session, "");

	snprintf(body, sizeof body, "csrf=%s&name=pat&password=planner-pass-1&next=%%2F%%2Fevil", csrf);
	send_hdr(&c, "POST", "/login", NULL, body, &res);
	assert_int_equal(res.status, 303);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/"); /* never off-site */
	assert_non_null(strstr(res.headers, "HttpOnly; SameSite=Lax"));

	send_hdr(&c, "GET", "/", NULL, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "メールシステム"));
	assert_non_null(strstr(res.body, "15時間"));
	assert_non_null(strstr(res.headers, "Cache-Control: no-store"));
	web_response_release(&res);
}

/* A path the pattern matches: {} becomes "x", * becomes "app.css". */
static void example_path(const char *pattern, char *out, size_t n)
{
	struct buf b = BUF_INIT;
	for (const char *p = pattern; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			buf_addc(&b, 'x');
			p++;
		} else if (*p == '*') {
			buf_adds(&b, "app.css");
		} else {
			buf_addc(&b, *p);
		}
	}
	snprintf(out, n, "%s", b.data);
	buf_release(&b);
}

/* Every route refuses the anonymous and the too-lowly; every POST needs
 * the CSRF token even with a session. */
static void test_every_route_guarded(void **state)
{
	(void)state;
	struct client anon, viewer, admin;
	memset(&anon, 0, sizeof anon);
	sign_in(&viewer, "vera", "viewer-pass-1");
	sign_in(&admin, "admin", "admin-pass-1");
	for (const struct route *rt = route_table; rt->method; rt++) {
		char path[128];
		example_path(rt->pattern, path, sizeof path);
		bool post = strcmp(rt->method, "POST") == 0;
		if (rt->min_role > ROLE_NONE)
			assert_int_equal(status_of(&anon, rt->method, path, post ? "a=b" : NULL),
					 strncmp(rt->pattern, "/api/", 5) == 0 ? 401 : post ? 403 : 303);
		if (rt->min_role > ROLE_VIEWER)
			assert_int_equal(status_of(&viewer, rt->method, path, post ? "a=b" : NULL), 403);
		if (post && !(rt->flags & ROUTE_TOKEN)) { /* a token route has no CSRF token */
			assert_int_equal(status_of(&admin, "POST", path, "a=b"), 403);
			assert_int_equal(status_of(&admin, "POST", path, NULL), 403);
		}
	}
}

/* A refused POST changes nothing; a cross-site one is refused even with
 * the token; the right one works and is audited. */
static void test_csrf(void **state)
{
	(void)state;
	struct client admin;
	struct web_response res = WEB_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char csrf[64], body[256];
	struct store *st = web_thread_store(&w, &e);
	sign_in(&admin, "admin", "admin-pass-1");
	int64_t users = users_count(st);

	assert_int_equal(status_of(&admin, "POST", "/admin/users",
				   "name=mallory&role=admin&password=mallory-pass-1"),
			 403);
	send_hdr(&admin, "GET", "/admin/users", NULL, NULL, &res);
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s&name=mallory&role=admin&password=mallory-pass-1", csrf);
	send_hdr(&admin, "POST", "/admin/users", "Origin: http://evil.example\nHost: itbcp\n", body,
		 &res);
	assert_int_equal(res.status, 403);
	send_hdr(&admin, "POST", "/admin/users", "Sec-Fetch-Site: cross-site\n", body, &res);
	assert_int_equal(res.status, 403);
	assert_int_equal(users_count(st), users);

	send_hdr(&admin, "POST", "/admin/users", "Origin: http://itbcp\nHost: itbcp\n", body, &res);
	assert_int_equal(res.status, 303);
	assert_int_equal(users_count(st), users + 1);

	/* A validation error keeps what was typed, escaped, beside the field. */
	snprintf(body, sizeof body,
		 "csrf=%s&name=bad+name&display_name=%%3Cb%%3E&role=boss&password=short", csrf);
	send_hdr(&admin, "POST", "/admin/users", NULL, body, &res);
	assert_int_equal(res.status, 422);
	assert_non_null(strstr(res.body, "value=\"&lt;b&gt;\""));
	assert_null(strstr(res.body, "<b>"));
	assert_non_null(strstr(res.body, "aria-invalid=\"true\""));
	assert_int_equal(users_count(st), users + 1);

	send_hdr(&admin, "GET", "/admin/audit", NULL, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "user.add"));
	assert_non_null(strstr(res.body, "mallory"));
	web_response_release(&res);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct client admin;
	struct web_response res = WEB_RESPONSE_INIT;
	sign_in(&admin, "admin", "admin-pass-1");
	assert_int_equal(status_of(NULL, "GET", "/no/such/page", NULL), 404);
	assert_int_equal(status_of(&admin, "DELETE", "/", NULL), 405);
	assert_int_equal(status_of(NULL, "GET", "/assets/../store/migrations/001_plan.sql", NULL), 400);
	assert_int_equal(status_of(NULL, "GET", "/assets/%2e%2e/%2e%2e/etc/passwd", NULL), 400);
	assert_int_equal(status_of(NULL, "GET", "/assets//app.css", NULL), 400);
	assert_int_equal(status_of(NULL, "GET", "/assets/a%00b", NULL), 400);
	assert_int_equal(status_of(NULL, "GET", "/assets/%ff", NULL), 400);
	assert_int_equal(status_of(NULL, "GET", "/assets/nope.css", NULL), 404);
	assert_int_equal(status_of(NULL, "GET", "/login?next=%c3%28", NULL), 400);
	assert_int_equal(status_of(&admin, "POST", "/admin/users", "csrf=x&name=%ff"), 400);
	send_hdr(&admin, "POST", "/admin/users", "Content-Type: text/plain\n", NULL, &res);
	/* no body: the CSRF check refuses it */
	assert_int_equal(res.status, 403);

	size_t n = WEB_BODY_MAX + 1;
	char *big = malloc(n + 1);
	memset(big, 'a', n);
	big[n] = '\0';
	send_hdr(&admin, "POST", "/login", NULL, big, &res);
	assert_int_equal(res.status, 413);
	free(big);
	/* and the next request is served as usual */
	assert_int_equal(status_of(&admin, "GET", "/", NULL), 200);
	web_response_release(&res);
}

static void test_assets(void **state)
{
	(void)state;
	struct web_response res = WEB_RESPONSE_INIT;
	char etag[64], hdr[128], v[32];
	send_hdr(NULL, "GET", "/login", NULL, NULL, &res);
	const char *p = strstr(res.body, "/assets/app.css?v=");
	assert_non_null(p);
	snprintf(v, sizeof v, "%.16s", p + strlen("/assets/app.css?v="));
	send_hdr(NULL, "GET", "/assets/app.css", NULL, NULL, &res);
	assert_int_equal(res.status, 200);
	assert_true(web_response_header(&res, "Content-Type", hdr, sizeof hdr));
	assert_string_equal(hdr, "text/css; charset=utf-8");
	assert_true(web_response_header(&res, "ETag", etag, sizeof etag));
	assert_int_equal(strlen(etag), 18);
	assert_memory_equal(etag + 1, v, 16); /* the page links the current version */
	assert_true(web_response_header(&res, "Cache-Control", hdr, sizeof hdr));
	assert_non_null(strstr(hdr, "max-age=31536000"));
	assert_true(res.body_len > 100);
	snprintf(hdr, sizeof hdr, "If-None-Match: %s\n", etag);
	send_hdr(NULL, "GET", "/assets/app.css", hdr, NULL, &res);
	assert_int_equal(res.status, 304);
	assert_int_equal(res.body_len, 0);
	web_response_release(&res);
}

static void test_language(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	memset(&c, 0, sizeof c);
	send_hdr(NULL, "GET", "/login", NULL, NULL, &res);
	assert_non_null(strstr(res.body, "<html lang=\"ja\">"));
	assert_non_null(strstr(res.body, "ログイン"));
	send_hdr(NULL, "GET", "/login", "Accept-Language: en-GB,en;q=0.9,ja;q=0.5\n", NULL, &res);
	assert_non_null(strstr(res.body, "<html lang=\"en\">"));
	assert_non_null(strstr(res.body, "Sign in"));
	send_hdr(NULL, "GET", "/login", "Accept-Language: en;q=0.4, ja\n", NULL, &res);
	assert_non_null(strstr(res.body, "<html lang=\"ja\">"));
	send_hdr(&c, "GET", "/login?lang=en", NULL, NULL, &res);
	assert_non_null(strstr(res.body, "Sign in"));
	assert_string_equal(c.lang, "en");
	send_hdr(&c, "GET", "/login", "Accept-Language: ja\n", NULL, &res);
	assert_non_null(strstr(res.body, "Sign in")); /* the switch is remembered */
	web_response_release(&res);
}

/* A database that cannot be opened is a clean 500; the next request with
 * the database back works. */
static void test_server_error(void **state)
{
	(void)state;
	struct client admin;
	struct web_response res = WEB_RESPONSE_INIT;
	struct err e = ERR_INIT;
	sign_in(&admin, "admin", "admin-pass-1");
	/* Close this thread's connection and point at a missing file. */
	struct store *st = pthread_getspecific(w.store_key);
	store_close(st);
	free(st);
	pthread_setspecific(w.store_key, NULL);
	char *saved = w.db_path;
	w.db_path = "/nonexistent/itbcp.db";
	send_hdr(&admin, "GET", "/", NULL, NULL, &res);
	assert_int_equal(res.status, 500);
	assert_non_null(strstr(res.body, "</html>"));
	assert_null(strstr(res.body, "nonexistent")); /* nothing internal is shown */
	w.db_path = saved;
	assert_non_null(web_thread_store(&w, &e));
	send_hdr(&admin, "GET", "/", NULL, NULL, &res);
	assert_int_equal(res.status, 200);
	web_response_release(&res);
}

/* Changing the password ends the other sessions and keeps this one. */
static void test_password_change(void **state)
{
	(void)state;
	struct client a, b;
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64];
	sign_in(&a, "pat", "planner-pass-1");
	sign_in(&b, "pat", "planner-pass-1");
	send_hdr(&a, "GET", "/account/password", NULL, NULL, &res);
	csrf_of(&res, csrf);
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&current=wrong-pass-0&new=new-pass-22&confirm=other", csrf);
	send_hdr(&a, "POST", "/account/password", NULL, body, &res);
	assert_int_equal(res.status, 422);
	snprintf(body, sizeof body, "csrf=%s&current=planner-pass-1&new=new-pass-22&confirm=new-pass-22",
		 csrf);
	send_hdr(&a, "POST", "/account/password", NULL, body, &res);
	assert_int_equal(res.status, 200);
	assert_int_equal(status_of(&a, "GET", "/", NULL), 200);
	assert_int_equal(status_of(&b, "GET", "/", NULL), 303);
	sign_in(&b, "pat", "new-pass-22");
	/* sign out */
	send_hdr(&b, "GET", "/", NULL, NULL, &res);
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	send_hdr(&b, "POST", "/logout", NULL, body, &res);
	assert_int_equal(res.status, 303);
	assert_int_equal(status_of(&b, "GET", "/", NULL), 303);
	web_response_release(&res);
}

/* The audit log verifies, refuses UPDATE, and a forged row is detected. */
static void test_audit_chain(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	int64_t rows, bad;
	assert_int_equal(users_audit_verify(st, &rows, &bad, &e), 1);
	assert_true(rows >= 3);
	assert_int_not_equal(
		sqlite3_exec(st->db.h, "UPDATE audit_log SET actor = 'x' WHERE id = 2", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(st->db.h, "DELETE FROM audit_log", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_equal(sqlite3_exec(st->db.h,
				      "DROP TRIGGER audit_log_no_update;"
				      "UPDATE audit_log SET actor = 'forged' WHERE id = 2",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(users_audit_verify(st, &rows, &bad, &e), 0);
	assert_int_equal(bad, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_in),    cmocka_unit_test(test_every_route_guarded),
		cmocka_unit_test(test_csrf),       cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_assets),     cmocka_unit_test(test_language),
		cmocka_unit_test(test_server_error), cmocka_unit_test(test_password_change),
		cmocka_unit_test(test_audit_chain),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
