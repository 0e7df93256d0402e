/*
 * page_user.c — one account, for an admin (issue 15, item 3): who it is,
 * and the forms that revoke or change it.
 *
 * GET /admin/users/NAME shows the account (its person in the plan, role,
 * state, live sessions, its recent audit rows) and one form per action,
 * each its own route (route.c), so the route table's ROLE_ADMIN guards
 * every one: disable / enable, role, temporary password, end sessions,
 * person, second factor reset.  Each action is one store call (users.h) that writes the change
 * and its audit row in one transaction; on success the page redirects
 * back with a notice (a reload does not act twice), on a refusal it is
 * shown again, 422, with the reason beside the form.
 *
 * An admin acts on others here; on their own account they change their
 * password on /account/password, and may not disable, demote or reset
 * themselves (locking oneself out is the mistake a tired admin makes).
 */
#include <stdio.h>
#include <string.h>

#include "model/plan.h"
#include "store/totp_store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/pages/account/page_account.h"

int page_account_person_name(struct req *r, const char *id, char *out, size_t n)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (n)
		out[0] = '\0';
	if (!p)
		return -1;
	for (size_t i = 0; i < p->n_people; i++)
		if (strcmp(p->people[i].id, id) == 0) {
			snprintf(out, n, "%s", p->people[i].name ? p->people[i].name : "");
			return 1;
		}
	return 0;
}

void page_account_person_cell(struct req *r, const struct user *u)
{
	if (!u->person[0])
		html(r, "—");
	else if (u->person_name[0])
		html(r, "%s%s%s%s", u->person_name, L(r->lang, "（", " ("), u->person,
		     L(r->lang, "）", ")"));
	else
		html(r, "%s%s%s", L(r->lang, "計画にいない人物（", "not in the plan ("), u->person,
		     L(r->lang, "）", ")"));
}

const char *page_account_user_state(struct req *r, const struct user *u)
{
	const char *s = u->disabled ? L(r->lang, "停止中", "disabled") : L(r->lang, "有効", "enabled");
	if (!u->must_change_password)
		return s;
	return arena_printf(&r->arena, "%s%s", s,
			    L(r->lang, "（パスワード変更待ち）", " (must change password)"));
}

/* The errors of the forms, one per action (NULL: none). */
struct user_errors {
	const char *role, *person, *password, *sessions, *state, *totp;
};

/* One small form: action URL, CSRF token, then what fill writes. */
static void form_open(struct req *r, const struct user *u, const char *action)
{
	html(r, "<form method=\"post\" action=\"/admin/users/%s/%s\" class=\"card\">\n",
	     url_encode_segment(r, u->name), action);
	auth_csrf_field(r);
}

/* The error of a form without a field of its own. */
static void form_error(struct req *r, const char *msg)
{
	if (msg)
		page_notice(r, "error", msg);
}

/* The account's recent audit rows (those naming it as their target). */
static int recent_audit(struct req *r, const struct user *u)
{
	struct audit_entry *v;
	size_t n, shown = 0;
	if (users_audit_list(r->store, 0, 500, &v, &n, &r->err))
		return -1;
	html(r, "<h2>%s</h2>\n<ul>\n", L(r->lang, "最近の記録", "Recent record"));
	for (size_t i = 0; i < n && shown < 10; i++) {
		if (strcmp(v[i].target, u->name) != 0 || strncmp(v[i].action, "user.", 5) != 0)
			continue;
		html(r, "<li><span class=\"time\">%s</span> %s — %s %s</li>\n",
		     page_time_jst(r, v[i].at), v[i].action, v[i].actor, v[i].detail);
		shown++;
	}
	if (!shown)
		html(r, "<li>%s</li>\n", L(r->lang, "なし", "none"));
	html(r, "</ul>\n");
	users_audit_free(v, n);
	return 0;
}

/* The whole page of account u. */
static int user_page(struct req *r, const struct user *u, const struct user_errors *ue, const char *done)
{
	static const enum user_role roles[] = { ROLE_VIEWER, ROLE_RESPONDER, ROLE_PLANNER, ROLE_ADMIN };
	static const struct user_errors none = { 0 };
	const char *title = arena_printf(&r->arena, "%s%s", L(r->lang, "ユーザー: ", "User: "), u->name);
	bool self = u->id == r->session.user.id;
	if (!ue)
		ue = &none;
	page_begin(r, title);
	html(r, "<p><a href=\"/admin/users\">%s</a></p>\n<h1>%s</h1>\n",
	     L(r->lang, "← ユーザー管理", "← Users"), title);
	if (done)
		page_notice(r, "ok", done);
	html(r, "<dl>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", L(r->lang, "氏名", "Name"),
	     u->display_name, L(r->lang, "計画上の人物", "Person in the plan"));
	page_account_person_cell(r, u);
	html(r,
	     "</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%lld</dd>\n"
	     "<dt>%s</dt><dd class=\"time\">%s</dd>\n</dl>\n",
	     L(r->lang, "役割", "Role"), page_role_label(r->lang, u->role), L(r->lang, "状態", "State"),
	     page_account_user_state(r, u), L(r->lang, "ログイン中のセッション", "Live sessions"),
	     (long long)users_session_count(r->store, u->id), L(r->lang, "登録日時", "Created"),
	     page_time_jst(r, u->created_at));

	if (self)
		html(r, "<p>%s <a href=\"/account/password\">%s</a></p>\n",
		     L(r->lang, "自分のアカウントは停止・役割変更・リセットできません。",
		       "You cannot disable, change the role of or reset your own account."),
		     L(r->lang, "自分のパスワードを変更する", "Change your own password"));

	/* the person of the plan: who the records name */
	html(r, "<h2>%s</h2>\n<p>%s</p>\n", L(r->lang, "計画上の人物", "Person in the plan"),
	     L(r->lang, "紐付けると、記録（監査ログ・対応記録）に氏名が残ります。空欄で解除します。",
	       "Once tied, the records (audit log, incident timeline) name the person. Leave it "
	       "empty to untie."));
	form_open(r, u, "person");
	page_input(r, "text", "person",
		   L(r->lang, "人物ID（例: p-tanaka）", "Person id (e.g. p-tanaka)"), u->person,
		   ue->person, "off");
	html(r, "<button type=\"submit\">%s</button>\n</form>\n", L(r->lang, "保存する", "Save"));

	if (!self) {
		html(r, "<h2>%s</h2>\n", L(r->lang, "役割", "Role"));
		form_open(r, u, "role");
		html(r, "<div class=\"field%s\"><label for=\"f-role\">%s</label>",
		     ue->role ? " bad" : "", L(r->lang, "新しい役割", "New role"));
		if (ue->role)
			html(r, "<p class=\"err\" id=\"f-role-err\">%s</p>", ue->role);
		html(r, "<select id=\"f-role\" name=\"role\">");
		for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
			html(r, "<option value=\"%s\"%s>%s</option>", users_role_name(roles[i]),
			     roles[i] == u->role ? " selected" : "",
			     page_role_label(r->lang, roles[i]));
		html(r, "</select></div>\n<button type=\"submit\">%s</button>\n</form>\n",
		     L(r->lang, "変更する", "Change"));

		html(r, "<h2>%s</h2>\n<p>%s</p>\n",
		     L(r->lang, "パスワードのリセット", "Reset the password"),
		     L(r->lang,
		       "仮のパスワードを設定します。本人は次のログインで必ず変更します。"
		       "ログイン中のセッションはすべて終了します。",
		       "Sets a temporary password, which the person must change at their next "
		       "sign-in. Every session of the account ends."));
		form_open(r, u, "password");
		page_input(r, "password", "password",
			   L(r->lang, "仮のパスワード（8文字以上）",
			     "Temporary password (8 characters or more)"),
			   NULL, ue->password, "new-password");
		html(r, "<p class=\"hint\">%s</p>\n", PAGE_ACCOUNT_PASSWORD_HINT(r->lang));
		html(r, "<button type=\"submit\">%s</button>\n</form>\n",
		     L(r->lang, "リセットする", "Reset"));

		/* a lost phone: the second factor removed, to be set up again */
		html(r, "<h2>%s</h2>\n", L(r->lang, "二要素認証の解除", "Reset the second factor"));
		form_open(r, u, "totp-reset");
		form_error(r, ue->totp);
		html(r, "<p>%s</p>\n<p>%s</p>\n<button type=\"submit\">%s</button>\n</form>\n",
		     u->totp_active ? L(r->lang, "二要素認証：有効", "Second factor: on")
				    : L(r->lang, "二要素認証：未設定", "Second factor: not set up"),
		     L(r->lang,
		       "スマートフォンをなくしたときなどに、認証アプリの設定と回復コードを削除し、"
		       "すべてのログインを終了します。本人はパスワードでログインし直して設定し直します"
		       "（管理者はそれまで他のページを開けません）。",
		       "When a phone is lost: removes the authenticator and the recovery codes and "
		       "ends every session. The person signs in with the password and sets it up "
		       "again (an admin can open nothing else until then)."),
		     L(r->lang, "二要素認証を解除する", "Reset the second factor"));

		html(r, "<h2>%s</h2>\n", L(r->lang, "ログインの終了", "End sessions"));
		form_open(r, u, "logout");
		form_error(r, ue->sessions);
		html(r, "<p>%s</p>\n<button type=\"submit\">%s</button>\n</form>\n",
		     L(r->lang, "このアカウントのすべての端末のログインを今すぐ終了します。",
		       "Signs this account out on every device, now."),
		     L(r->lang, "すべてのログインを終了する", "End every session"));

		html(r, "<h2>%s</h2>\n", L(r->lang, "利用の停止", "Disable"));
		form_open(r, u, u->disabled ? "enable" : "disable");
		form_error(r, ue->state);
		if (u->disabled)
			html(r, "<p>%s</p>\n<button type=\"submit\">%s</button>\n</form>\n",
			     L(r->lang, "このアカウントは停止中です。再開するとログインできるようになります。",
			       "This account is disabled. Enabled again, it can sign in."),
			     L(r->lang, "利用を再開する", "Enable"));
		else
			html(r, "<p>%s</p>\n<button type=\"submit\">%s</button>\n</form>\n",
			     L(r->lang,
			       "停止するとログインできなくなり、ログイン中のセッションもすぐに終了します。"
			       "記録は残ります。",
			       "Disabled, it cannot sign in and its sessions end at once. Its records "
			       "stay."),
			     L(r->lang, "利用を停止する", "Disable"));
	}
	if (recent_audit(r, u))
		return -1;
	page_end(r);
	return 0;
}

/* The account of the URL into *u: 0 found; 1 not (r holds the 404);
 * -1 database error. */
static int load(struct req *r, struct user *u)
{
	int found = users_find(r->store, r->params[0], u, &r->err);
	if (found < 0)
		return -1;
	if (!found) {
		route_error(r, 404, L(r->lang, "このユーザーはいません。", "No such user."));
		return 1;
	}
	return 0;
}

/* After an action: back to the account's page with a notice (rc 0), or
 * the page again with the reason beside the form (rc 1, in *slot). */
static int after(struct req *r, const char *name, int rc, const char *done, const char **slot,
		 struct user_errors *ue, struct err *e)
{
	if (rc < 0) {
		r->err = *e;
		return -1;
	}
	if (rc == 0) {
		req_redirect(r, arena_printf(&r->arena, "/admin/users/%s?done=%s",
					     url_encode_segment(r, name), done));
		return 0;
	}
	*slot = arena_strdup(&r->arena, e->msg);
	struct user u;
	int k = load(r, &u);
	if (k)
		return k < 0 ? -1 : 0;
	r->status = 422;
	return user_page(r, &u, ue, NULL);
}

/* The refusal of an action on one's own account; true when refused. */
static bool refuse_self(struct req *r, const struct user *u, const char **slot,
			struct user_errors *ue, int *ret)
{
	if (u->id != r->session.user.id)
		return false;
	*slot = L(r->lang, "自分のアカウントにはこの操作はできません。",
		  "You cannot do this to your own account.");
	r->status = 422;
	*ret = user_page(r, u, ue, NULL);
	return true;
}

/* GET /admin/users/{name}[?done=WHAT] */
int page_user(struct req *r)
{
	struct user u;
	int k = load(r, &u);
	if (k)
		return k < 0 ? -1 : 0;
	const char *d = req_query(r, "done");
	const char *done = NULL;
	if (d && strcmp(d, "role") == 0)
		done = L(r->lang, "役割を変更しました。", "The role was changed.");
	else if (d && strcmp(d, "person") == 0)
		done = L(r->lang, "計画上の人物を保存しました。", "The person was saved.");
	else if (d && strcmp(d, "password") == 0)
		done = L(r->lang, "仮のパスワードを設定し、すべてのログインを終了しました。",
			 "A temporary password was set and every session ended.");
	else if (d && strcmp(d, "logout") == 0)
		done = L(r->lang, "すべてのログインを終了しました。", "Every session ended.");
	else if (d && strcmp(d, "disable") == 0)
		done = L(r->lang, "利用を停止し、すべてのログインを終了しました。",
			 "The account was disabled and every session ended.");
	else if (d && strcmp(d, "enable") == 0)
		done = L(r->lang, "利用を再開しました。", "The account was enabled.");
	else if (d && strcmp(d, "totp") == 0)
		done = L(r->lang, "二要素認証を解除し、すべてのログインを終了しました。",
			 "The second factor was reset and every session ended.");
	return user_page(r, &u, NULL, done);
}

/* POST /admin/users/{name}/role: role. */
int page_user_role(struct req *r)
{
	struct user u;
	struct user_errors ue = { 0 };
	struct err e = ERR_INIT;
	int k = load(r, &u), ret;
	if (k)
		return k < 0 ? -1 : 0;
	if (refuse_self(r, &u, &ue.role, &ue, &ret))
		return ret;
	enum user_role role = users_role_parse(req_form_trim(r, "role"));
	int rc = role == ROLE_NONE
			 ? (err_set(&e, "%s", L(r->lang, "役割を選んでください。", "Choose a role.")), 1)
			 : users_set_role(r->store, u.name, role, auth_actor(r), r->lang, &e);
	return after(r, u.name, rc, "role", &ue.role, &ue, &e);
}

/* POST /admin/users/{name}/person: person (empty: untie). */
int page_user_person(struct req *r)
{
	struct user u;
	struct user_errors ue = { 0 };
	struct err e = ERR_INIT;
	int k = load(r, &u);
	if (k)
		return k < 0 ? -1 : 0;
	int rc = users_set_person(r->store, u.name, req_form_trim(r, "person"), auth_actor(r),
				  r->lang, &e);
	return after(r, u.name, rc, "person", &ue.person, &ue, &e);
}

/* POST /admin/users/{name}/password: password (the temporary one). */
int page_user_password(struct req *r)
{
	struct user u;
	struct user_errors ue = { 0 };
	struct err e = ERR_INIT;
	int k = load(r, &u), ret;
	if (k)
		return k < 0 ? -1 : 0;
	if (refuse_self(r, &u, &ue.password, &ue, &ret))
		return ret;
	const char *pw = req_form(r, "password");
	int rc = users_reset_password(r->store, u.name, pw ? pw : "", auth_actor(r), r->lang, &e);
	return after(r, u.name, rc, "password", &ue.password, &ue, &e);
}

/* POST /admin/users/{name}/logout */
int page_user_logout(struct req *r)
{
	struct user u;
	struct user_errors ue = { 0 };
	struct err e = ERR_INIT;
	int k = load(r, &u), ret;
	if (k)
		return k < 0 ? -1 : 0;
	if (refuse_self(r, &u, &ue.sessions, &ue, &ret))
		return ret;
	int rc = users_end_sessions(r->store, u.name, auth_actor(r), r->lang, NULL, &e);
	return after(r, u.name, rc, "logout", &ue.sessions, &ue, &e);
}

/* POST /admin/users/{name}/disable and …/enable. */
static int set_disabled(struct req *r, bool disabled)
{
	struct user u;
	struct user_errors ue = { 0 };
	struct err e = ERR_INIT;
	int k = load(r, &u), ret;
	if (k)
		return k < 0 ? -1 : 0;
	if (refuse_self(r, &u, &ue.state, &ue, &ret))
		return ret;
	int rc = users_set_disabled(r->store, u.name, disabled, auth_actor(r), r->lang, &e);
	return after(r, u.name, rc, disabled ? "disable" : "enable", &ue.state, &ue, &e);
}

int page_user_disable(struct req *r)
{
	return set_disabled(r, true);
}

int page_user_enable(struct req *r)
{
	return set_disabled(r, false);
}

/* POST /admin/users/{name}/totp-reset: a lost phone (totp_store_reset). */
int page_user_totp_reset(struct req *r)
{
	struct user u;
	struct user_errors ue = { 0 };
	struct err e = ERR_INIT;
	int k = load(r, &u), ret;
	if (k)
		return k < 0 ? -1 : 0;
	if (refuse_self(r, &u, &ue.totp, &ue, &ret))
		return ret;
	int rc = totp_store_reset(r->store, u.name, auth_actor(r), r->lang, &e);
	return after(r, u.name, rc, "totp", &ue.totp, &ue, &e);
}
