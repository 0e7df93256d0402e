/*
 * page_login.c — signing in and out.
 *
 * GET /login shows the form (its CSRF token comes from the pre-session
 * cookie), POST /login checks the name and password, starts a new session
 * (a fresh token, so a session cannot be fixed in advance) and returns to
 * the page the person wanted; POST /logout ends the session.
 */
#include <string.h>

#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"

/* The sign-in form, keeping the name typed, with an optional error. */
static void login_form(struct req *r, const char *name, const char *error, const char *next)
{
	const char *title = L(r->lang, "ログイン", "Sign in");
	page_begin(r, title);
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
	if (*name && strlen(name) <= USERS_NAME_MAX && strlen(password) <= USERS_PASSWORD_MAX)
		ok = users_authenticate(r->store, name, password, &u, &r->err);
	if (ok < 0)
		return -1;
	if (!ok) {
		r->status = 422;
		login_form(r, name,
			   L(r->lang, "ユーザー名またはパスワードが違います。",
			     "The user name or password is wrong."),
			   next);
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
	if (users_session_end(r->store, req_cookie(r, AUTH_COOKIE_SESSION), &r->err))
		return -1;
	req_set_cookie(r, AUTH_COOKIE_SESSION, "", 0);
	req_redirect(r, "/login");
	return 0;
}
