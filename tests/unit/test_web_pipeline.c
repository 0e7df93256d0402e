/*
 * test_web_pipeline.c — whole requests through the web pipeline without a
 * socket (web_test_request): sign-in, access rules for every route and
 * role, CSRF, bad input (404, 405, 413, 400), assets and their cache
 * headers, language choice, a failing database becoming a clean 500 while
 * the next request still works, password change, the second factor
 * (TOTP) at sign-in, on the account page and in an admin's hands, and the
 * audit log's hash chain.
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
#include "store/db.h"
#include "store/store.h"
#include "store/totp_store.h"
#include "store/users.h"
#include "util/buf.h"
#include "util/lang.h"
#include "util/totp.h"
#include "web/core/login_limit.h"
#include "web/core/route.h"
#include "web/core/web.h"
#include "store_fixture.h"
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

	/* (pat: an account without a second factor; the admin, who has one,
	 * signs in with its code in test_admin_signs_in_with_a_code) */
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

/* A database that cannot be opened is a clean 503; the next request with
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
	/* a database that cannot be reached is "try again", not a server
	 * error (two sites, issue 18: a PostgreSQL server that went away) */
	assert_int_equal(res.status, 503);
	char ra[16];
	assert_true(web_response_header(&res, "Retry-After", ra, sizeof ra));
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

/* ---- the second factor (issue 15, item 9): the admin's sign-in with a
 * code, the half-done sign-in that reaches no page, one step either side,
 * a reused code refused, wrong codes counted in the login limit;
 * enrollment from the account page (secret and QR code once, active
 * after the first code, ten recovery codes kept hashed) and a recovery
 * code used once; an admin without a second factor held at /account/totp;
 * an admin's reset.  Here rather than in a file of their own: a web
 * test's demo database costs 2.3 s of CPU under ASan. */

static struct store *store(void)
{
	struct err e = ERR_INIT;
	struct store *st = web_thread_store(&w, &e);
	assert_non_null(st);
	return st;
}

/* An integer from the database. */
static int64_t q(const char *sql, const char *param)
{
	return db_int(&store()->db, -999, sql, param);
}

/* The code of key (20 bytes) at now_step + d. */
static void code_at(const char *key, int d, char out[8])
{
	assert_int_equal(totp_code((const unsigned char *)key, 20,
				   totp_step_of((int64_t)time(NULL)) + d, TOTP_SHA1, 6, out),
			 0);
}

/* Posts name and password at /login as c (cookies dropped first); the
 * CSRF token of the form into csrf. */
static void password_step(struct client *c, const char *name, const char *password, char *csrf,
			  struct web_response *res)
{
	char body[256];
	memset(c, 0, sizeof *c);
	send_req(c, "GET", "/login", NULL, res);
	csrf_of(res, csrf);
	snprintf(body, sizeof body, "csrf=%s&name=%s&password=%s&next=/plan", csrf, name, password);
	send_req(c, "POST", "/login", body, res);
}

/* Posts code at /login/code as c; the status. */
static int code_step(struct client *c, const char *csrf, const char *code, struct web_response *res)
{
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&code=%s&next=/plan", csrf, code);
	send_req(c, "POST", "/login/code", body, res);
	return res->status;
}

static void test_admin_signs_in_with_a_code(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64], loc[128], code[8];
	assert_int_equal(db_exec(&store()->db, "UPDATE totp SET last_step = 0", NULL), 0);

	password_step(&c, "admin", "admin-pass-1", csrf, &res);
	assert_int_equal(res.status, 303);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/login/code?next=/plan");
	assert_string_equal(c.session, ""); /* not signed in yet */
	assert_int_equal(strlen(c.pending), USERS_TOKEN_LEN);

	/* half signed in: no page, not even the plan it asked for */
	assert_int_equal(status_of(&c, "GET", "/plan", NULL), 303);
	assert_int_equal(status_of(&c, "GET", "/admin/users", NULL), 303);
	assert_int_equal(status_of(&c, "GET", "/account/totp", NULL), 303);
	send_req(&c, "GET", "/login/code?next=/plan", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "name=\"code\""));

	/* wrong, two steps off, malformed: refused, still half signed in */
	assert_int_equal(code_step(&c, csrf, "000000", &res), 422);
	code_at(WEB_CLIENT_TOTP_KEY, -2, code);
	assert_int_equal(code_step(&c, csrf, code, &res), 422);
	code_at(WEB_CLIENT_TOTP_KEY, 2, code);
	assert_int_equal(code_step(&c, csrf, code, &res), 422);
	assert_int_equal(code_step(&c, csrf, "12ab", &res), 422);
	assert_string_equal(c.session, "");

	/* the step before (a slow phone): signed in, to the page asked for */
	code_at(WEB_CLIENT_TOTP_KEY, -1, code);
	assert_int_equal(code_step(&c, csrf, code, &res), 303);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/plan");
	assert_int_equal(strlen(c.session), USERS_TOKEN_LEN);
	assert_int_equal(status_of(&c, "GET", "/admin/users", NULL), 200);
	assert_int_equal(q("SELECT count(*) FROM login_pending", NULL), 0);

	/* the same code again: a replay, refused; the next step is taken */
	password_step(&c, "admin", "admin-pass-1", csrf, &res);
	assert_int_equal(code_step(&c, csrf, code, &res), 422);
	code_at(WEB_CLIENT_TOTP_KEY, 0, code);
	assert_int_equal(code_step(&c, csrf, code, &res), 303);
	/* after it, the step before it is refused too */
	password_step(&c, "admin", "admin-pass-1", csrf, &res);
	code_at(WEB_CLIENT_TOTP_KEY, -1, code);
	assert_int_equal(code_step(&c, csrf, code, &res), 422);
	/* (the wrong codes above are the account's: forget them for the rest) */
	login_limit_clear(w.login_limit, "u:admin");
	login_limit_clear(w.login_limit, "a:local");
	web_response_release(&res);
}

/* Wrong codes count in the login limit as wrong passwords do; five end
 * the half-done sign-in. */
static void test_wrong_codes_are_limited(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64];
	assert_int_equal(db_exec(&store()->db, "DELETE FROM login_pending", NULL), 0);
	password_step(&c, "admin", "admin-pass-1", csrf, &res);
	for (int i = 0; i < TOTP_STORE_PENDING_FAILURES; i++)
		assert_int_equal(code_step(&c, csrf, "999999", &res), 422);
	/* the half-done sign-in is gone: back to the password */
	assert_int_equal(code_step(&c, csrf, "999999", &res), 303);
	assert_int_equal(q("SELECT count(*) FROM login_pending", NULL), 0);
	/* Each wrong code counted against the account, as the table says (not
	 * the clock: the first delay, 1 s, can pass before the next request on
	 * a loaded machine, PostgreSQL especially).  Three more failures of
	 * its own make the delay 8 s, so that the refusal below is seen. */
	int64_t now = (int64_t)time(NULL);
	assert_int_equal(login_limit_fail(w.login_limit, "u:admin", now), TOTP_STORE_PENDING_FAILURES + 1);
	login_limit_fail(w.login_limit, "u:admin", now);
	login_limit_fail(w.login_limit, "u:admin", now);
	/* and the account now waits, password or code */
	password_step(&c, "admin", "admin-pass-1", csrf, &res);
	assert_int_equal(res.status, 429);
	assert_string_equal(c.pending, "");
	login_limit_clear(w.login_limit, "u:admin");
	login_limit_clear(w.login_limit, "a:local");
	web_response_release(&res);
}

/* The text between the first after and the next end in s, into out. */
static void between(const char *s, const char *after, const char *end, char *out, size_t n)
{
	const char *p = strstr(s, after);
	assert_non_null(p);
	p += strlen(after);
	const char *q2 = strstr(p, end);
	assert_non_null(q2);
	snprintf(out, n, "%.*s", (int)(q2 - p), p);
}

static void test_enroll_and_recover(void **state)
{
	(void)state;
	struct client c;
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64], body[256], shown[128], code[8], rec[TOTP_STORE_CODES][16];
	unsigned char key[TOTP_SECRET_MAX];
	size_t n = 0;
	sign_in(&c, "vera", "viewer-pass-1");
	send_req(&c, "GET", "/account/totp", NULL, &res);
	assert_int_equal(res.status, 200);
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	send_req(&c, "POST", "/account/totp/start", body, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "<svg")); /* the QR code of the otpauth:// address */
	between(res.body, "id=\"totp-secret\">", "<", shown, sizeof shown);
	assert_int_equal(totp_base32_decode(shown, key, sizeof key, &n), 0);
	assert_int_equal(n, TOTP_SECRET_LEN);
	/* not active before the first code */
	assert_int_equal(q("SELECT active FROM totp WHERE user_id = (SELECT id FROM users WHERE "
			   "name = ?1)",
			   "vera"),
			 0);
	snprintf(body, sizeof body, "csrf=%s&code=000000", csrf);
	send_req(&c, "POST", "/account/totp/confirm", body, &res);
	assert_int_equal(res.status, 422);
	assert_null(strstr(res.body, shown)); /* never shown again */
	assert_int_equal(totp_code(key, n, totp_step_of((int64_t)time(NULL)), TOTP_SHA1, 6, code), 0);
	snprintf(body, sizeof body, "csrf=%s&code=%s", csrf, code);
	send_req(&c, "POST", "/account/totp/confirm", body, &res);
	assert_int_equal(res.status, 200);
	const char *p = strstr(res.body, "id=\"recovery-codes\"");
	assert_non_null(p);
	for (int i = 0; i < TOTP_STORE_CODES; i++) {
		between(p, "<code>", "</code>", rec[i], sizeof rec[i]);
		assert_int_equal(strlen(rec[i]), TOTP_STORE_CODE_LEN);
		p = strstr(p, "</code>") + 1;
	}
	/* kept as hashes only */
	assert_int_equal(q("SELECT count(*) FROM totp_recovery WHERE user_id = (SELECT id FROM "
			   "users WHERE name = ?1)",
			   "vera"),
			 TOTP_STORE_CODES);
	assert_int_equal(q("SELECT count(*) FROM totp_recovery WHERE hash = ?1", rec[0]), 0);
	assert_int_equal(q("SELECT active FROM totp WHERE user_id = (SELECT id FROM users WHERE "
			   "name = ?1)",
			   "vera"),
			 1);
	send_req(&c, "GET", "/account/totp", NULL, &res);
	assert_null(strstr(res.body, shown));
	assert_non_null(strstr(res.body, "10"));
	snprintf(body, sizeof body, "csrf=%s", csrf);
	assert_int_equal(status_of(&c, "POST", "/account/totp/start", body), 409);

	/* a recovery code instead of the phone, as typed: upper case, spaced */
	char typed[32];
	snprintf(typed, sizeof typed, "%.5s+%.5s", rec[3], rec[3] + 6);
	for (char *t = typed; *t; t++)
		*t = (char)(*t >= 'a' && *t <= 'z' ? *t - 32 : *t);
	password_step(&c, "vera", "viewer-pass-1", csrf, &res);
	assert_int_equal(res.status, 303);
	assert_int_equal(code_step(&c, csrf, typed, &res), 303);
	char loc[128];
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/account/totp?recovered=1");
	assert_int_equal(strlen(c.session), USERS_TOKEN_LEN);
	/* once only */
	password_step(&c, "vera", "viewer-pass-1", csrf, &res);
	assert_int_equal(code_step(&c, csrf, rec[3], &res), 422);
	assert_int_equal(code_step(&c, csrf, rec[4], &res), 303);
	assert_int_equal(q("SELECT count(*) FROM audit_log WHERE action = 'user.totp.recovery' AND "
			   "detail = 'left=8'",
			   NULL),
			 1);
	assert_int_equal(q("SELECT count(*) FROM audit_log WHERE action = 'user.totp.enable' AND "
			   "target = ?1",
			   "vera"),
			 1);
	login_limit_clear(w.login_limit, "u:vera");
	login_limit_clear(w.login_limit, "a:local");
	web_response_release(&res);
}

/* An admin without a second factor reaches nothing but its enrollment;
 * an admin resets another's (a lost phone), never their own on the web. */
static void test_admin_enrolls_and_resets(void **state)
{
	(void)state;
	struct client ada, admin;
	struct web_response res = WEB_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char csrf[64], body[256], loc[128];
	assert_int_equal(
		users_add(store(), "ada", "", ROLE_ADMIN, NULL, "ada-pass-lovelace", "test", &e), 0);
	sign_in(&ada, "ada", "ada-pass-lovelace");
	send_req(&ada, "GET", "/admin/users", NULL, &res);
	assert_int_equal(res.status, 303);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/account/totp");
	assert_int_equal(status_of(&ada, "GET", "/", NULL), 303);
	send_req(&ada, "GET", "/account/totp", NULL, &res);
	assert_int_equal(res.status, 200);
	assert_non_null(strstr(res.body, "管理者は二要素認証"));
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s&name=eve&role=admin&password=eve-pass-12345", csrf);
	assert_int_equal(status_of(&ada, "POST", "/admin/users", body), 403);
	assert_int_equal(q("SELECT count(*) FROM users WHERE name = ?1", "eve"), 0);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	assert_int_equal(status_of(&ada, "POST", "/logout", body), 303);

	/* the admin resets vera's (enrolled above, or provisioned here) */
	unsigned char k[20];
	memcpy(k, "abcdefghijabcdefghij", 20);
	assert_int_equal(totp_store_provision(store(), "rita", k, 20, "test", LANG_EN, &e), 0);
	struct client rita;
	char rcsrf[64], code[8];
	password_step(&rita, "rita", "responder-pass-1", rcsrf, &res);
	code_at("abcdefghijabcdefghij", 0, code);
	assert_int_equal(code_step(&rita, rcsrf, code, &res), 303);
	assert_int_equal(status_of(&rita, "GET", "/", NULL), 200);

	sign_in(&admin, "admin", "admin-pass-1");
	send_req(&admin, "GET", "/admin/users/rita", NULL, &res);
	assert_non_null(strstr(res.body, "/admin/users/rita/totp-reset"));
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	assert_int_equal(status_of(&admin, "POST", "/admin/users/admin/totp-reset", body), 422);
	assert_int_equal(status_of(&admin, "POST", "/admin/users/rita/totp-reset", body), 303);
	assert_int_equal(status_of(&rita, "GET", "/", NULL), 303); /* signed out everywhere */
	assert_int_equal(q("SELECT count(*) FROM totp WHERE user_id = (SELECT id FROM users WHERE "
			   "name = ?1)",
			   "rita"),
			 0);
	assert_int_equal(q("SELECT count(*) FROM audit_log WHERE action = 'user.totp.reset' AND "
			   "target = ?1 AND actor LIKE '%admin%'",
			   "rita"),
			 1);
	/* refused a second time: there is none to reset */
	assert_int_equal(status_of(&admin, "POST", "/admin/users/rita/totp-reset", body), 422);
	/* rita signs in with the password alone again */
	password_step(&rita, "rita", "responder-pass-1", rcsrf, &res);
	assert_true(web_response_header(&res, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/plan");
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
	assert_int_not_equal(db_exec(&st->db, "UPDATE audit_log SET actor = 'x' WHERE id = 2", NULL), 0);
	assert_int_not_equal(db_exec(&st->db, "DELETE FROM audit_log", NULL), 0);
	assert_int_equal(store_fixture_drop_trigger(&st->db, "audit_log", "audit_log_no_update"), 0);
	assert_int_equal(db_exec(&st->db, "UPDATE audit_log SET actor = 'forged' WHERE id = 2", &e), 0);
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
		cmocka_unit_test(test_admin_signs_in_with_a_code),
		cmocka_unit_test(test_wrong_codes_are_limited),
		cmocka_unit_test(test_enroll_and_recover),
		cmocka_unit_test(test_admin_enrolls_and_resets),
		/* last: it forges a row of the audit log */
		cmocka_unit_test(test_audit_chain),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
