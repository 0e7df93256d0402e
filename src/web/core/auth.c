/*
 * auth.c — sessions, roles and CSRF for each request (auth.h).
 */
#include "web/core/auth.h"

#include <string.h>

#include "web/core/html.h"
#include "web/core/route.h"
#include "web/core/url.h"
#include "web/core/web.h"

int auth_load_session(struct req *r)
{
	const char *token = req_cookie(r, AUTH_COOKIE_SESSION);
	r->signed_in = false;
	if (!token || !r->store)
		return 0;
	int found = users_session_find(r->store, token, &r->session, &r->err);
	if (found < 0)
		return -1;
	r->signed_in = found == 1;
	return 0;
}

const char *auth_csrf_token(struct req *r)
{
	if (r->signed_in)
		return r->session.csrf;
	const char *pre = req_cookie(r, AUTH_COOKIE_PRE);
	if (pre && strlen(pre) == USERS_TOKEN_LEN)
		return pre;
	/* Set once per response even when several forms ask. */
	if (!r->pre_csrf) {
		char tok[USERS_TOKEN_LEN + 1];
		users_random_token(tok);
		r->pre_csrf = arena_strdup(&r->arena, tok);
		req_set_cookie(r, AUTH_COOKIE_PRE, tok, -1);
	}
	return r->pre_csrf;
}

bool auth_csrf_ok(struct req *r)
{
	const char *sent = req_form(r, "csrf");
	const char *want = r->signed_in ? r->session.csrf : req_cookie(r, AUTH_COOKIE_PRE);
	if (!want || strlen(want) != USERS_TOKEN_LEN)
		return false;
	return users_token_equal(sent, want) && req_same_origin(r);
}

void auth_csrf_field(struct req *r)
{
	html(r, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", auth_csrf_token(r));
}

int auth_guard(struct req *r, enum user_role min)
{
	if (min > ROLE_NONE && !r->signed_in) {
		if (!req_changes_state(r)) {
			req_redirect(r, arena_printf(&r->arena, "/login?next=%s", url_encode(r, r->path)));
			return 1;
		}
		route_error(r, 403, L(r->lang, "ログインしてください。", "Please sign in."));
		return 1;
	}
	if (min > ROLE_NONE && r->session.user.role < min) {
		route_error(r, 403, L(r->lang, "この操作を行う権限がありません。",
				      "Your role does not allow this."));
		return 1;
	}
	if (req_changes_state(r) && !auth_csrf_ok(r)) {
		route_error(r, 403,
			    L(r->lang, "フォームの有効期限が切れたか、別のサイトから送信されました。"
				       "ページを開き直してもう一度送信してください。",
			      "The form has expired or came from another site. Reload the page and "
			      "send it again."));
		return 1;
	}
	return 0;
}

const char *auth_actor(const struct req *r)
{
	return r->signed_in ? r->session.actor : "-";
}
