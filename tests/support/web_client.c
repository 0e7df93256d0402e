/*
 * web_client.c — the web tests' browser: see web_client.h.  Requests go
 * through web_test_request, the same route, guard and render path a
 * socket request takes, so a test sees what a browser would: status,
 * headers (Set-Cookie among them) and body.
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

#include "web_client.h"

#include "store_fixture.h"

#include "app/app.h"
#include "store/db.h"
#include "store/store.h"
#include "store/totp_store.h"
#include "store/users.h"
#include "util/buf.h"
#include "util/totp.h"

struct web w;
char db_path[256];

/* The Host every request names (web_client_host), or NULL. */
static const char *host_header;

int web_client_setup(const char *name)
{
	struct err e = ERR_INIT;
	/* The pid keeps builds running the same test side by side apart. */
	if (store_fixture_target(db_path, sizeof db_path, name))
		fail_msg("no database for the test");
	if (app_init(db_path, true, false, LANG_JA, &e))
		fail_msg("%s", e.msg);
	if (web_init(&w, db_path, &e))
		fail_msg("%s", e.msg);
	struct store *st = web_thread_store(&w, &e);
	assert_non_null(st);
	assert_int_equal(users_add(st, "admin", "管理 太郎", ROLE_ADMIN, NULL, "admin-pass-1", "test", &e), 0);
	assert_int_equal(users_add(st, "pat", "", ROLE_PLANNER, NULL, "planner-pass-1", "test", &e), 0);
	assert_int_equal(users_add(st, "vera", "", ROLE_VIEWER, NULL, "viewer-pass-1", "test", &e), 0);
	assert_int_equal(users_add(st, "rita", "", ROLE_RESPONDER, NULL, "responder-pass-1", "test", &e), 0);
	assert_int_equal(totp_store_provision(st, "admin", (const unsigned char *)WEB_CLIENT_TOTP_KEY,
					      20, "test", LANG_EN, &e),
			 0);
	return 0;
}

int web_client_teardown(void **state)
{
	(void)state;
	web_release(&w);
	store_fixture_remove(db_path);
	host_header = NULL;
	return 0;
}

void web_client_host(const char *host)
{
	host_header = host;
}

void take_cookies(struct client *c, const struct web_response *res)
{
	for (const char *p = res->headers; (p = strstr(p, "Set-Cookie: ")); p++) {
		p += strlen("Set-Cookie: ");
		size_t n = strcspn(p, ";\r");
		char *dst = strncmp(p, "itbcp_session=", 14) == 0 ? c->session
			    : strncmp(p, "itbcp_pre=", 10) == 0   ? c->pre
			    : strncmp(p, "itbcp_lang=", 11) == 0  ? c->lang
			    : strncmp(p, "itbcp_pending=", 14) == 0 ? c->pending
								  : NULL;
		if (!dst)
			continue;
		const char *v = strchr(p, '=') + 1;
		snprintf(dst, 64, "%.*s", (int)(n - (size_t)(v - p)), v);
	}
}

void send_full(struct client *c, const char *method, const char *target, const char *extra,
	       const char *ctype, const char *body, size_t len, struct web_response *res)
{
	struct buf h = BUF_INIT;
	/* Empty cookies are sent as such: the pipeline must treat them as absent. */
	if (c)
		buf_addf(&h, "Cookie: itbcp_session=%s; itbcp_pre=%s; itbcp_lang=%s; itbcp_pending=%s\n",
			 c->session, c->pre, c->lang, c->pending);
	if (host_header)
		buf_addf(&h, "Host: %s\n", host_header);
	if (body)
		buf_addf(&h, "Content-Type: %s\n", ctype ? ctype : "application/x-www-form-urlencoded");
	if (extra)
		buf_adds(&h, extra);
	web_response_release(res);
	web_test_request(&w, method, target, h.data, body, len, res);
	if (c)
		take_cookies(c, res);
	buf_release(&h);
}

void send_req(struct client *c, const char *method, const char *target, const char *body,
	      struct web_response *res)
{
	send_full(c, method, target, NULL, NULL, body, body ? strlen(body) : 0, res);
}

void send_hdr(struct client *c, const char *method, const char *target, const char *extra,
	      const char *body, struct web_response *res)
{
	send_full(c, method, target, extra, NULL, body, body ? strlen(body) : 0, res);
}

void send_ct(struct client *c, const char *method, const char *target, const char *extra,
	     const char *body, const char *ct, struct web_response *res)
{
	send_full(c, method, target, extra, ct, body, body ? strlen(body) : 0, res);
}

void send_raw(struct client *c, const char *method, const char *target, const char *ctype,
	      const char *body, size_t len, struct web_response *res)
{
	send_full(c, method, target, NULL, ctype, body, len, res);
}

int status_of(struct client *c, const char *method, const char *target, const char *body)
{
	struct web_response res = WEB_RESPONSE_INIT;
	send_req(c, method, target, body, &res);
	int s = res.status;
	web_response_release(&res);
	return s;
}

void csrf_of(const struct web_response *res, char *out)
{
	const char *p = strstr(res->body, "name=\"csrf\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"csrf\" value=\"");
	snprintf(out, 64, "%.*s", (int)strcspn(p, "\""), p);
}

void sign_in(struct client *c, const char *name, const char *password)
{
	struct web_response res = WEB_RESPONSE_INIT;
	char csrf[64], body[256];
	memset(c, 0, sizeof *c);
	snprintf(c->lang, sizeof c->lang, "ja");
	/* The form's token is the pre-session cookie: GET it first. */
	send_req(c, "GET", "/login", NULL, &res);
	assert_int_equal(res.status, 200);
	csrf_of(&res, csrf);
	snprintf(body, sizeof body, "csrf=%s&name=%s&password=%s&next=/", csrf, name, password);
	send_req(c, "POST", "/login", body, &res);
	assert_int_equal(res.status, 303);
	if (strstr(res.headers, "Location: /login/code")) {
		struct err e = ERR_INIT;
		char code[8];
		struct store *st = web_thread_store(&w, &e);
		assert_non_null(st);
		assert_int_equal(db_exec(&st->db, "UPDATE totp SET last_step = 0", &e), 0);
		web_client_totp_now(WEB_CLIENT_TOTP_KEY, code);
		snprintf(body, sizeof body, "csrf=%s&code=%s&next=/", csrf, code);
		send_req(c, "POST", "/login/code", body, &res);
		assert_int_equal(res.status, 303);
	}
	assert_true(strlen(c->session) == USERS_TOKEN_LEN);
	web_response_release(&res);
}

void web_client_totp_now(const char *key, char out[8])
{
	assert_int_equal(totp_code((const unsigned char *)key, 20, totp_step_of((int64_t)time(NULL)),
				   TOTP_SHA1, 6, out),
			 0);
}

void session_csrf(struct client *c, char *out)
{
	struct web_response res = WEB_RESPONSE_INIT;
	/* Every signed-in role may open the password form. */
	send_req(c, "GET", "/account/password", NULL, &res);
	assert_int_equal(res.status, 200);
	csrf_of(&res, out);
	web_response_release(&res);
}

void edit_plan(void (*fn)(struct plan *p))
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
