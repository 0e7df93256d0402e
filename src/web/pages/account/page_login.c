/*
 * page_login.c — signing in and out.
 *
 * GET /login shows the form (its CSRF token comes from the pre-session
 * cookie), POST /login checks the name and password, starts a new session
 * (a fresh token, so a session cannot be fixed in advance) and returns to
 * the page the person wanted; POST /logout ends the session.
 *
 * Before a password is hashed, login_limit.h is asked: an account or an
 * address that has failed too often waits (429 with Retry-After, no hash),
 * and when the hashing turns are all taken the answer is 503 at once, so
 * a flood of sign-ins never queues the staff's pages behind its hashes.
 * Every failure that was hashed is logged on stderr with the address and
 * the account name, escaped (util/logesc.h).
 *
 * An account with a second factor (totp_store.h) is not signed in by its
 * password: it gets a half-done sign-in (its own cookie, which opens no
 * page) and is sent to /login/code (page_login_code.c).  Its account's
 * failures are then cleared only by the right code, or a password alone
 * would buy an attacker five free codes at every try.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/totp_store.h"
#include "util/logesc.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/login_limit.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/core/web.h"
#include "web/pages/account/page_login.h"

/* The agency whose sign-in this is, above the form: one service may
 * serve several (serve --agencies), each at its own address, and a person
 * who followed the wrong one sees it before typing a password.  Nothing
 * when the plan cannot be read or names no organisation. */
static void agency_line(struct req *r)
{
	struct err e = ERR_INIT;
	const struct plan *p = r->store ? store_plan_cached(r->store, &e) : NULL;
	const char *name = p ? p->organisation.name : NULL;
	if (p && r->lang == LANG_EN && p->organisation.name_en && *p->organisation.name_en)
		name = p->organisation.name_en;
	if (name && *name)
		html(r, "<p class=\"agency\">%s</p>\n", name);
}

/* The sign-in form, keeping the name typed, with an optional error. */
static void login_form(struct req *r, const char *name, const char *error, const char *next)
{
	const char *title = L(r->lang, "ログイン", "Sign in");
	page_begin(r, title);
	agency_line(r);
	html(r, "<h1>%s</h1>\n", title);
	if (error)
		page_notice(r, "error", error);
	html(r, "<form method=\"post\" action=\"/login\" class=\"card\">\n");
	auth_csrf_field(r);
	html(r, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	page_input(r, "text", "name", L(r->lang, "ユーザー名", "User name"), name, NULL, "username");
	page_input(r, "password", "password", L(r->lang, "パスワード", "Password"), NULL, NULL,
		   "current-password");
	html(r, "<button type=\"submit\">%s</button>\n</form>\n", title);
	page_end(r);
}

/* GET /login */
int page_login_form(struct req *r)
{
	const char *next = req_query(r, "next");
	if (!req_local_path(next))
		next = "/";
	if (r->signed_in) {
		req_redirect(r, next);
		return 0;
	}
	login_form(r, "", NULL, next);
	return 0;
}

/* See page_login.h. */
const char *page_login_address_key(struct req *r)
{
	const char *a = r->client;
	struct in6_addr a6;
	char t[INET6_ADDRSTRLEN];
	if (!a || !*a)
		return "a:local";
	if (!strchr(a, ':') || inet_pton(AF_INET6, a, &a6) != 1)
		return arena_printf(&r->arena, "a:%s", a);
	if (IN6_IS_ADDR_V4MAPPED(&a6) && inet_ntop(AF_INET, &a6.s6_addr[12], t, sizeof t))
		return arena_printf(&r->arena, "a:%s", t);
	memset(&a6.s6_addr[8], 0, 8);
	if (!inet_ntop(AF_INET6, &a6, t, sizeof t))
		return arena_printf(&r->arena, "a:%s", a);
	return arena_printf(&r->arena, "a:%s/64", t);
}

/* See page_login.h. */
void page_login_log_failure(struct req *r, const char *name, unsigned account_fails,
			    unsigned address_fails)
{
	struct buf line = BUF_INIT;
	buf_adds(&line, "itbcp: sign-in failed: address ");
	logesc_append(&line, r->client ? r->client : "-", strlen(r->client ? r->client : "-"), 64);
	buf_adds(&line, " account \"");
	logesc_append(&line, name, strlen(name), USERS_NAME_MAX);
	buf_addf(&line, "\" (failures: account %u, address %u)\n", account_fails, address_fails);
	fwrite(line.data, 1, line.len, stderr);
	buf_release(&line);
}

/* Answers an attempt refused before its hash: status (429 or 503), the
 * seconds to wait in Retry-After, and the form again with why. */
static void refuse(struct req *r, int status, int64_t wait, const char *name, const char *next)
{
	r->status = status;
	req_set_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)wait));
	const char *why =
		status == 429
			? arena_printf(&r->arena,
				       L(r->lang,
					 "ログインの失敗が続いたため、%lld秒後までお待ちください。"
					 "その後は正しいパスワードでログインできます。",
					 "Too many failed sign-ins: wait %lld seconds. After that the "
					 "right password works again."),
				       (long long)wait)
			: L(r->lang, "ログインが混み合っています。数秒後にもう一度お試しください。",
			    "Many sign-ins at once: try again in a few seconds.");
	login_form(r, name, why, next);
}

/* POST /login: name, password, next. */
int page_login_post(struct req *r)
{
	const char *name = req_form_trim(r, "name");
	const char *password = req_form(r, "password");
	const char *next = req_form(r, "next");
	struct user u;
	char token[USERS_TOKEN_LEN + 1];
	int ok = 0;
	if (!password)
		password = "";
	if (!req_local_path(next))
		next = "/";
	bool checked = *name && strlen(name) <= USERS_NAME_MAX && strlen(password) <= USERS_PASSWORD_MAX;
	struct login_limit *lim = r->web->login_limit;
	const char *account = arena_printf(&r->arena, "u:%s", name);
	const char *address = page_login_address_key(r);
	if (checked) {
		int64_t now = (int64_t)time(NULL);
		int64_t wait = login_limit_wait(lim, address, LOGIN_FREE_ADDRESS,
						LOGIN_DELAY_ADDRESS_MAX, now);
		int64_t wait_account = login_limit_wait(lim, account, LOGIN_FREE_ACCOUNT,
							LOGIN_DELAY_ACCOUNT_MAX, now);
		if (wait_account > wait)
			wait = wait_account;
		if (wait > 0) {
			refuse(r, 429, wait, name, next);
			return 0;
		}
		if (!login_limit_hash_begin(lim, login_limit_has_failed(lim, address, now)
							 ? 0
							 : LOGIN_HASH_WAIT_MS)) {
			refuse(r, 503, 1, name, next);
			return 0;
		}
		ok = users_authenticate(r->store, name, password, &u, &r->err);
		login_limit_hash_end(lim);
	}
	if (ok < 0)
		return -1;
	if (!ok && checked) {
		int64_t now = (int64_t)time(NULL);
		page_login_log_failure(r, name, login_limit_fail(lim, account, now),
				       login_limit_fail(lim, address, now));
	}
	if (ok && !u.totp_active)
		login_limit_clear(lim, account);
	if (!ok) {
		r->status = 422;
		login_form(r, name,
			   L(r->lang, "ユーザー名またはパスワードが違います。",
			     "The user name or password is wrong."),
			   next);
		return 0;
	}
	if (u.totp_active) {
		/* Half signed in: the code is asked next (page_login_code.c). */
		if (totp_store_pending_new(r->store, u.id, token, &r->err))
			return -1;
		req_set_cookie(r, AUTH_COOKIE_PENDING, token, TOTP_STORE_PENDING_SECONDS);
		req_redirect(r, arena_printf(&r->arena, "/login/code?next=%s", url_encode(r, next)));
		return 0;
	}
	if (users_sign_in(r->store, &u,
			  r->signed_in ? req_cookie(r, AUTH_COOKIE_SESSION) : NULL, token, &r->err))
		return -1;
	req_set_cookie(r, AUTH_COOKIE_SESSION, token, USERS_SESSION_HOURS * 3600L);
	req_set_cookie(r, AUTH_COOKIE_PRE, "", 0);
	req_redirect(r, next);
	return 0;
}

/* POST /logout */
int page_logout(struct req *r)
{
	if (totp_store_pending_end(r->store, req_cookie(r, AUTH_COOKIE_PENDING), &r->err))
		return -1;
	if (users_session_end(r->store, req_cookie(r, AUTH_COOKIE_SESSION), &r->err))
		return -1;
	req_set_cookie(r, AUTH_COOKIE_SESSION, "", 0);
	req_redirect(r, "/login");
	return 0;
}
