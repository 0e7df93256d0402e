/*
 * test_web_totp.c — the second factor through the whole web pipeline
 * (web_test_request): the admin's sign-in with a code, the half-done
 * sign-in that reaches no page, one step either side, a reused code
 * refused, wrong codes counted in the login limit; enrollment from the
 * account page (secret and QR code once, active after the first code, ten
 * recovery codes kept hashed) and a recovery code used once; an admin
 * without a second factor held at /account/totp; an admin's reset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/totp_store.h"
#include "store/users.h"
#include "util/lang.h"
#include "util/totp.h"
#include "web/core/login_limit.h"
#include "web_client.h"

static int setup(void **state)
{
	(void)state;
	return web_client_setup("totp");
}

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admin_signs_in_with_a_code),
		cmocka_unit_test(test_wrong_codes_are_limited),
		cmocka_unit_test(test_enroll_and_recover),
		cmocka_unit_test(test_admin_enrolls_and_resets),
	};
	return cmocka_run_group_tests(tests, setup, web_client_teardown);
}
