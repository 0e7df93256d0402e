/*
 * page_account.c — a signed-in person changes their own password.
 *
 * The current password is asked again (a session left open on a shared
 * machine must not be enough), the new one is checked and confirmed, and
 * every other session of the person ends when it changes.  After an admin
 * set a temporary password (users_reset_password) this is the only page
 * the session may open (route.c), and it says why.
 */
#include <string.h>

#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/account/page_account.h"

struct password_errors {
	const char *current, *fresh, *confirm;
};

/* The form, with errors beside their fields and an optional notice. */
static void password_form(struct req *r, const struct password_errors *pe, const char *done)
{
	const char *title = L(r->lang, "パスワード変更", "Change password");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (done)
		page_notice(r, "ok", done);
	else if (r->session.user.must_change_password)
		page_notice(r, "error",
			    L(r->lang,
			      "管理者が設定した仮のパスワードでログインしています。"
			      "続けるには新しいパスワードに変更してください。",
			      "You signed in with a temporary password an admin set. Change it to go "
			      "on."));
	html(r, "<form method=\"post\" action=\"/account/password\" class=\"card\">\n");
	auth_csrf_field(r);
	page_input(r, "password", "current", L(r->lang, "現在のパスワード", "Current password"),
		   NULL, pe ? pe->current : NULL, "current-password");
	page_input(r, "password", "new",
		   L(r->lang, "新しいパスワード（8文字以上）", "New password (8 characters or more)"),
		   NULL, pe ? pe->fresh : NULL, "new-password");
	page_input(r, "password", "confirm",
		   L(r->lang, "新しいパスワード（確認）", "New password again"), NULL,
		   pe ? pe->confirm : NULL, "new-password");
	html(r, "<p class=\"hint\">%s</p>\n", PAGE_ACCOUNT_PASSWORD_HINT(r->lang));
	html(r, "<button type=\"submit\">%s</button>\n</form>\n",
	     L(r->lang, "変更する", "Change"));
	page_end(r);
}

/* GET /account/password */
int page_password_form(struct req *r)
{
	password_form(r, NULL, NULL);
	return 0;
}

/* POST /account/password: current, new, confirm. */
int page_password_post(struct req *r)
{
	const char *current = req_form(r, "current");
	const char *fresh = req_form(r, "new");
	const char *confirm = req_form(r, "confirm");
	struct password_errors pe = { NULL, NULL, NULL };
	struct err e = ERR_INIT;
	struct user u;
	current = current ? current : "";
	fresh = fresh ? fresh : "";
	confirm = confirm ? confirm : "";
	if (users_check_password(fresh, &r->session.user, r->lang, &e))
		pe.fresh = arena_strdup(&r->arena, e.msg);
	else if (strcmp(fresh, confirm) != 0)
		pe.confirm = L(r->lang, "確認用のパスワードが一致しません。",
			       "The two new passwords differ.");
	int ok = strlen(current) <= USERS_PASSWORD_MAX
		? users_authenticate(r->store, r->session.user.name, current, &u, &r->err)
		: 0;
	if (ok < 0)
		return -1;
	if (!ok)
		pe.current = L(r->lang, "現在のパスワードが違います。", "The current password is wrong.");
	if (pe.current || pe.fresh || pe.confirm) {
		r->status = 422;
		password_form(r, &pe, NULL);
		return 0;
	}
	if (users_set_password(r->store, r->session.user.id, fresh,
			       req_cookie(r, AUTH_COOKIE_SESSION), auth_actor(r), &r->err))
		return -1;
	r->session.user.must_change_password = false; /* the page below says it is done */
	password_form(r, NULL,
		      L(r->lang, "パスワードを変更しました。他の端末のログインは終了しました。",
			"Password changed. Sessions on other devices have ended."));
	return 0;
}
