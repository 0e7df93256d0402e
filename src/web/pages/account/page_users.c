/*
 * page_users.c — the admin's list of users and the form that adds one.
 *
 * POST /admin/users validates every field, shows each error beside its
 * field with what was typed kept (the password excepted), and on success
 * redirects back to the list (so a reload does not add twice).  Each
 * account's name links to its own page (page_user.c), where an admin
 * disables it, changes its role, resets its password, ends its sessions
 * or ties it to a person of the plan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/pages/account/page_account.h"

struct user_form {
	const char *name, *display_name, *role, *person;
	const char *name_err, *display_err, *role_err, *password_err, *person_err;
};

/* The table of users. */
static int users_table(struct req *r)
{
	struct user *v;
	size_t n;
	if (users_list(r->store, &v, &n, &r->err))
		return -1;
	html(r, "<div class=\"scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(r->lang, "登録されているユーザー", "Registered users"),
	     L(r->lang, "ユーザー名", "User name"), L(r->lang, "氏名", "Name"),
	     L(r->lang, "計画上の人物", "Person in the plan"), L(r->lang, "役割", "Role"),
	     L(r->lang, "状態", "State"), L(r->lang, "ログイン中", "Sessions"),
	     L(r->lang, "登録日時", "Created"));
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><td><a href=\"/admin/users/%s\">%s</a></td><td>%s</td><td>",
		     url_encode_segment(r, v[i].name), v[i].name, v[i].display_name);
		page_account_person_cell(r, &v[i]);
		html(r, "</td><td>%s</td><td>%s</td><td>%lld</td><td class=\"time\">%s</td></tr>\n",
		     page_role_label(r->lang, v[i].role), page_account_user_state(r, &v[i]),
		     (long long)users_session_count(r->store, v[i].id),
		     page_time_jst(r, v[i].created_at));
	}
	html(r, "</tbody></table></div>\n");
	free(v);
	return 0;
}

/* The whole page: notice, table, and the form to add a user. */
static int users_page(struct req *r, const struct user_form *f, const char *done)
{
	static const enum user_role roles[] = { ROLE_VIEWER, ROLE_RESPONDER, ROLE_PLANNER,
						ROLE_ADMIN };
	const char *title = L(r->lang, "ユーザー管理", "Users");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (done)
		page_notice(r, "ok", done);
	if (users_table(r))
		return -1;
	html(r, "<h2 id=\"add\">%s</h2>\n<form method=\"post\" action=\"/admin/users\" "
		"class=\"card\">\n",
	     L(r->lang, "ユーザーを追加", "Add a user"));
	auth_csrf_field(r);
	page_input(r, "text", "name",
		   L(r->lang, "ユーザー名（半角英数字と . _ @ -）", "User name (A-Z a-z 0-9 . _ @ -)"),
		   f->name, f->name_err, "off");
	page_input(r, "text", "display_name", L(r->lang, "氏名", "Full name"), f->display_name,
		   f->display_err, "off");
	page_input(r, "text", "person",
		   L(r->lang, "計画上の人物ID（任意、例: p-tanaka）",
		     "Person id in the plan (optional, e.g. p-tanaka)"),
		   f->person, f->person_err, "off");
	html(r, "<div class=\"field%s\"><label for=\"f-role\">%s</label>", f->role_err ? " bad" : "",
	     L(r->lang, "役割", "Role"));
	if (f->role_err)
		html(r, "<p class=\"err\" id=\"f-role-err\">%s</p>", f->role_err);
	html(r, "<select id=\"f-role\" name=\"role\">");
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		const char *rn = users_role_name(roles[i]);
		bool sel = f->role ? strcmp(f->role, rn) == 0 : roles[i] == ROLE_VIEWER;
		if (sel)
			html(r, "<option value=\"%s\" selected>%s</option>", rn,
			     page_role_label(r->lang, roles[i]));
		else
			html(r, "<option value=\"%s\">%s</option>", rn,
			     page_role_label(r->lang, roles[i]));
	}
	html(r, "</select></div>\n");
	page_input(r, "password", "password",
		   L(r->lang, "初期パスワード（8文字以上）", "First password (8 characters or more)"),
		   NULL, f->password_err, "new-password");
	html(r, "<p class=\"hint\">%s</p>\n", PAGE_ACCOUNT_PASSWORD_HINT(r->lang));
	html(r, "<button type=\"submit\">%s</button>\n</form>\n", L(r->lang, "追加する", "Add"));
	page_end(r);
	return 0;
}

/* GET /admin/users[?added=NAME] */
int page_users(struct req *r)
{
	struct user_form f = { 0 };
	const char *added = req_query(r, "added");
	const char *done = added ? arena_printf(&r->arena, "%s%s%s", L(r->lang, "「", "Added "),
						 added, L(r->lang, "」を追加しました。", "."))
				 : NULL;
	return users_page(r, &f, done);
}

/* POST /admin/users: name, display_name, role, password. */
int page_users_add(struct req *r)
{
	struct user_form f = { 0 };
	struct err e = ERR_INIT;
	const char *password = req_form(r, "password");
	f.name = req_form_trim(r, "name");
	f.display_name = req_form_trim(r, "display_name");
	f.role = req_form_trim(r, "role");
	f.person = req_form_trim(r, "person");
	password = password ? password : "";
	if (users_check_name(f.name, r->lang, &e))
		f.name_err = arena_strdup(&r->arena, e.msg);
	if (strlen(f.display_name) > USERS_DISPLAY_MAX)
		f.display_err = L(r->lang, "氏名が長すぎます。", "The name is too long.");
	enum user_role role = users_role_parse(f.role);
	if (role == ROLE_NONE)
		f.role_err = L(r->lang, "役割を選んでください。", "Choose a role.");
	struct user who = { 0 };
	snprintf(who.name, sizeof who.name, "%s", f.name);
	snprintf(who.display_name, sizeof who.display_name, "%s", f.display_name);
	if (*f.person && page_account_person_name(r, f.person, who.person_name,
					       sizeof who.person_name) == 0)
		f.person_err = L(r->lang, "計画にこの人物IDはありません。",
				 "There is no person with this id in the plan.");
	if (users_check_password(password, &who, r->lang, &e))
		f.password_err = arena_strdup(&r->arena, e.msg);
	if (!f.name_err && !f.display_err && !f.role_err && !f.password_err && !f.person_err) {
		int rc = users_add(r->store, f.name, f.display_name, role, f.person, password,
				   auth_actor(r), &r->err);
		if (rc < 0)
			return -1;
		if (rc == 2) { /* the person left the plan meanwhile */
			f.person_err = L(r->lang, "計画にこの人物IDはありません。",
					 "There is no person with this id in the plan.");
			r->status = 422;
			return users_page(r, &f, NULL);
		}
		if (rc == 0) {
			req_redirect(r, arena_printf(&r->arena, "/admin/users?added=%s",
						     url_encode(r, f.name)));
			return 0;
		}
		f.name_err = L(r->lang, "このユーザー名は既に使われています。",
			       "This user name is taken.");
	}
	r->status = 422;
	return users_page(r, &f, NULL);
}
