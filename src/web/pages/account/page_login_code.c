/*
 * page_login_code.c — the second step of signing in: the code from the
 * authenticator app, or a recovery code (totp_store.h).
 *
 * GET /login/code shows the form to a browser holding a live half-done
 * sign-in (AUTH_COOKIE_PENDING), and sends any other to /login.  POST
 * /login/code checks what was typed.  A wrong code counts in the login
 * limit exactly as a wrong password does (login_limit.h: the account and
 * the address, the same waits), is logged the same way, and five of them
 * end the half-done sign-in; the right one clears the account's count and
 * starts the session.  A recovery code costs an argon2id hash, so it takes
 * a hashing turn as a password does.
 */
#include <string.h>
#include <time.h>

#include "store/totp_store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/login_limit.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/core/web.h"
#include "web/pages/account/page_login.h"

/* The code form, with an optional error. */
static void code_form(struct req *r, const char *error, const char *next)
{
	const char *title = L(r->lang, "確認コードの入力", "Enter your code");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (error)
		page_notice(r, "error", error);
	html(r, "<p>%s</p>\n",
	     L(r->lang,
	       "パスワードを確認しました。認証アプリに表示されている6桁のコードを入力してください。"
	       "スマートフォンが手元にないときは、回復コード（xxxxx-xxxxx）を一つ入力できます。",
	       "Your password is right. Type the 6-digit code your authenticator app shows. "
	       "Without your phone, type one of your recovery codes (xxxxx-xxxxx) instead."));
	html(r, "<form method=\"post\" action=\"/login/code\" class=\"card\">\n");
	auth_csrf_field(r);
	html(r, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	page_input(r, "text", "code", L(r->lang, "確認コード", "Code"), NULL, NULL, "one-time-code");
	html(r, "<button type=\"submit\">%s</button>\n</form>\n", L(r->lang, "ログイン", "Sign in"));
	html(r, "<p><a href=\"/login\">%s</a></p>\n", L(r->lang, "最初からやり直す", "Start again"));
	page_end(r);
}

/* To the password form again: the half-done sign-in is gone. */
static void restart(struct req *r, const char *next)
{
	req_set_cookie(r, AUTH_COOKIE_PENDING, "", 0);
	req_redirect(r, arena_printf(&r->arena, "/login?next=%s", url_encode(r, next)));
}

/* GET /login/code */
int page_login_code_form(struct req *r)
{
	const char *next = req_query(r, "next");
	struct user u;
	if (!req_local_path(next))
		next = "/";
	if (r->signed_in) {
		req_redirect(r, next);
		return 0;
	}
	int found = totp_store_pending_find(r->store, req_cookie(r, AUTH_COOKIE_PENDING), &u, &r->err);
	if (found < 0)
		return -1;
	if (!found) {
		restart(r, next);
		return 0;
	}
	code_form(r, NULL, next);
	return 0;
}

/* POST /login/code: code, next. */
int page_login_code_post(struct req *r)
{
	const char *pending = req_cookie(r, AUTH_COOKIE_PENDING);
	const char *next = req_form(r, "next");
	char typed[16], token[USERS_TOKEN_LEN + 1];
	struct user u;
	if (!req_local_path(next))
		next = "/";
	int found = totp_store_pending_find(r->store, pending, &u, &r->err);
	if (found < 0)
		return -1;
	if (!found) {
		restart(r, next);
		return 0;
	}
	struct login_limit *lim = r->web->login_limit;
	const char *account = arena_printf(&r->arena, "u:%s", u.name);
	const char *address = page_login_address_key(r);
	int64_t now = (int64_t)time(NULL);
	int64_t wait = login_limit_wait(lim, address, LOGIN_FREE_ADDRESS, LOGIN_DELAY_ADDRESS_MAX, now);
	int64_t wait_account =
		login_limit_wait(lim, account, LOGIN_FREE_ACCOUNT, LOGIN_DELAY_ACCOUNT_MAX, now);
	if (wait_account > wait)
		wait = wait_account;
	if (wait > 0) {
		r->status = 429;
		req_set_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)wait));
		code_form(r,
			  arena_printf(&r->arena,
				       L(r->lang, "ログインの失敗が続いたため、%lld秒後までお待ちください。",
					 "Too many failed sign-ins: wait %lld seconds."),
				       (long long)wait),
			  next);
		return 0;
	}
	enum totp_input kind = totp_store_input(req_form(r, "code"), typed);
	int ok = 0, left = -1;
	if (kind == TOTP_INPUT_RECOVERY &&
	    !login_limit_hash_begin(
		    lim, login_limit_has_failed(lim, address, now) ? 0 : LOGIN_HASH_WAIT_MS)) {
		r->status = 503;
		req_set_header(r, "Retry-After", "1");
		code_form(r,
			  L(r->lang, "ログインが混み合っています。数秒後にもう一度お試しください。",
			    "Many sign-ins at once: try again in a few seconds."),
			  next);
		return 0;
	}
	if (kind != TOTP_INPUT_BAD)
		ok = totp_store_sign_in(r->store, pending, kind, typed,
					r->signed_in ? req_cookie(r, AUTH_COOKIE_SESSION) : NULL,
					token, &left, &r->err);
	if (kind == TOTP_INPUT_RECOVERY)
		login_limit_hash_end(lim);
	if (ok < 0)
		return -1;
	if (ok == 2) {
		restart(r, next);
		return 0;
	}
	if (ok == 0) {
		page_login_log_failure(r, u.name, login_limit_fail(lim, account, now),
				       login_limit_fail(lim, address, now));
		r->status = 422;
		code_form(r,
			  L(r->lang, "コードが違うか、すでに使われています。次に表示されるコードを入力してください。",
			    "The code is wrong or was already used. Type the next code the app shows."),
			  next);
		return 0;
	}
	login_limit_clear(lim, account);
	req_set_cookie(r, AUTH_COOKIE_SESSION, token, USERS_SESSION_HOURS * 3600L);
	req_set_cookie(r, AUTH_COOKIE_PENDING, "", 0);
	req_set_cookie(r, AUTH_COOKIE_PRE, "", 0);
	/* After a recovery code, the account page says how many are left and
	 * offers to set up the new phone. */
	req_redirect(r, left >= 0 ? "/account/totp?recovered=1" : next);
	return 0;
}
