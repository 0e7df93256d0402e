/*
 * route.c — the table of pages and the pipeline (route.h).
 *
 * route_run() takes a request that the server (server.c) or the test path
 * (web.c) has filled and, in this order: refuses what is malformed (413,
 * 400), picks the language, finds the route (404, 405), opens this
 * thread's database connection and the session (503 when the database
 * cannot be reached), refuses a write on a read-only standby (503,
 * standby.h), parses the form (400 on invalid UTF-8), checks role and
 * CSRF (303 to sign-in, 403), runs the handler (500 when it fails, 503
 * when its database went away or is a standby), and adds the headers
 * every answer carries.
 */
#include "web/core/route.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "util/xalloc.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/standby.h"
#include "web/core/web.h"
#include "store/store_standby.h"

/* An API route: JSON in and out, 401 without a session, the CSRF token in
 * the X-CSRF-Token header, refusals as {"errors":[…]} (api_plan.c). */
#define ROUTE_API 0x100u

const struct route route_table[] = {
	{ "GET", "/", page_dashboard, ROLE_VIEWER, 0 },
	{ "GET", "/login", page_login_form, ROLE_NONE, 0 },
	{ "POST", "/login", page_login_post, ROLE_NONE, 0 },
	/* the second step of a sign-in with a second factor (page_login_code.c) */
	{ "GET", "/login/code", page_login_code_form, ROLE_NONE, 0 },
	{ "POST", "/login/code", page_login_code_post, ROLE_NONE, 0 },
	{ "POST", "/logout", page_logout, ROLE_VIEWER, ROUTE_PASSWORD_DUE | ROUTE_TOTP_DUE },
	/* one's own second factor (page_totp.c) */
	{ "GET", "/account/totp", page_totp, ROLE_VIEWER, ROUTE_TOTP_DUE },
	{ "POST", "/account/totp/start", page_totp_start, ROLE_VIEWER, ROUTE_TOTP_DUE },
	{ "POST", "/account/totp/confirm", page_totp_confirm, ROLE_VIEWER, ROUTE_TOTP_DUE },
	{ "GET", "/account/password", page_password_form, ROLE_VIEWER, ROUTE_PASSWORD_DUE },
	{ "POST", "/account/password", page_password_post, ROLE_VIEWER, ROUTE_PASSWORD_DUE },
	{ "GET", "/admin/users", page_users, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users", page_users_add, ROLE_ADMIN, 0 },
	/* one account: revoke, role, temporary password, sessions, person */
	{ "GET", "/admin/users/{}", page_user, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users/{}/role", page_user_role, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users/{}/person", page_user_person, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users/{}/password", page_user_password, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users/{}/logout", page_user_logout, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users/{}/disable", page_user_disable, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users/{}/enable", page_user_enable, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users/{}/totp-reset", page_user_totp_reset, ROLE_ADMIN, 0 },
	{ "GET", "/admin/audit", page_audit, ROLE_ADMIN, 0 },
	{ "GET", "/admin/delivery", page_delivery, ROLE_ADMIN, 0 },
	{ "POST", "/admin/delivery", page_delivery_post, ROLE_ADMIN, 0 },
	{ "GET", "/views/findings", page_views_findings, ROLE_VIEWER, 0 },
	{ "GET", "/views/gaps", page_views_gaps, ROLE_VIEWER, 0 },
	{ "GET", "/views/training", page_views_training, ROLE_VIEWER, 0 },
	{ "GET", "/views/dependencies", page_views_dependencies, ROLE_VIEWER, 0 },
	{ "GET", "/versions", page_versions, ROLE_VIEWER, 0 },
	{ "POST", "/versions/submit", page_versions_submit, ROLE_PLANNER, 0 },
	{ "GET", "/versions/compare", page_versions_compare, ROLE_VIEWER, 0 },
	{ "POST", "/versions/{}/approve", page_versions_approve, ROLE_ADMIN, 0 },
	{ "POST", "/versions/{}/reject", page_versions_reject, ROLE_ADMIN, 0 },
	{ "GET", "/people/import", page_people, ROLE_PLANNER, 0 },
	{ "POST", "/people/import", page_people_upload, ROLE_PLANNER, 0 },
	{ "POST", "/people/import/apply", page_people_apply, ROLE_PLANNER, 0 },
	{ "GET", "/assets/*", page_asset, ROLE_NONE, ROUTE_NO_DB },
	/* a person's own check-in link: the token is the credential (page_checkin.c) */
	{ "GET", "/c/{}", page_checkin_form, ROLE_NONE, ROUTE_TOKEN },
	{ "POST", "/c/{}", page_checkin_post, ROLE_NONE, ROUTE_TOKEN },
	/* documents (page_documents*.c, page_download.c) */
	{ "GET", "/documents", page_documents, ROLE_VIEWER, 0 },
	{ "GET", "/documents/plan/{}", page_download_plan, ROLE_VIEWER, 0 },
	{ "GET", "/documents/table/{}/{}", page_download_table, ROLE_VIEWER, 0 },
	{ "GET", "/documents/figure/{}", page_download_figure, ROLE_VIEWER, 0 },
	{ "GET", "/documents/calendar", page_download_calendar, ROLE_VIEWER, 0 },
	{ "GET", "/documents/pack", page_download_pack, ROLE_VIEWER, 0 },
	{ "GET", "/documents/card/{}", page_card_form, ROLE_PLANNER, 0 },
	{ "POST", "/documents/card/{}", page_card_post, ROLE_PLANNER, 0 },
	/* running the plan in a crisis (page_incident*.c) */
	{ "GET", "/incidents", page_incidents, ROLE_VIEWER, 0 },
	{ "POST", "/incidents", page_incidents_start, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/jma", page_incidents_jma, ROLE_RESPONDER, 0 },
	{ "GET", "/incidents/{}", page_incident_board, ROLE_VIEWER, 0 },
	{ "POST", "/incidents/{}/checkins", page_incident_checkin_post, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/{}/resend", page_incident_resend_post, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/{}/hold", page_incident_hold_post, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/{}/qr", page_incident_qr_post, ROLE_RESPONDER, 0 },
	{ "GET", "/incidents/{}/steps", page_incident_steps, ROLE_VIEWER, 0 },
	{ "POST", "/incidents/{}/steps", page_incident_step_add, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/{}/steps/{}", page_incident_step_post, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/{}/ticks", page_incident_ticks_post, ROLE_RESPONDER, 0 },
	{ "GET", "/incidents/{}/systems", page_incident_systems, ROLE_VIEWER, 0 },
	{ "GET", "/incidents/{}/systems/{}", page_incident_system, ROLE_VIEWER, 0 },
	{ "POST", "/incidents/{}/systems/{}", page_incident_system_post, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/{}/records", page_incident_record, ROLE_RESPONDER, 0 },
	{ "GET", "/incidents/{}/report", page_incident_report, ROLE_VIEWER, 0 },
	{ "GET", "/incidents/{}/report.txt", page_incident_report_txt, ROLE_VIEWER, 0 },
	{ "GET", "/incidents/{}/report.pdf", page_incident_report_pdf, ROLE_VIEWER, 0 },
	{ "GET", "/incidents/{}/timeline", page_incident_timeline, ROLE_VIEWER, 0 },
	{ "GET", "/incidents/{}/review", page_incident_review, ROLE_VIEWER, 0 },
	{ "GET", "/incidents/{}/review.txt", page_incident_review_txt, ROLE_VIEWER, 0 },
	{ "POST", "/incidents/{}/review", page_incident_review_post, ROLE_RESPONDER, 0 },
	{ "POST", "/incidents/{}/close", page_incident_close, ROLE_RESPONDER, 0 },
	/* the plan, part by part (page_plan.c) */
	{ "GET", "/plan", page_plan_index, ROLE_VIEWER, 0 },
	{ "GET", "/plan/organisation", page_plan_org, ROLE_VIEWER, 0 },
	{ "POST", "/plan/organisation", page_plan_org_post, ROLE_PLANNER, 0 },
	{ "GET", "/plan/new/{}", page_plan_new, ROLE_PLANNER, 0 },
	{ "GET", "/plan/{}", page_plan_list, ROLE_VIEWER, 0 },
	{ "POST", "/plan/{}", page_plan_create, ROLE_PLANNER, 0 },
	{ "GET", "/plan/{}/{}", page_plan_element, ROLE_VIEWER, 0 },
	{ "POST", "/plan/{}/{}", page_plan_update, ROLE_PLANNER, 0 },
	{ "GET", "/plan/{}/{}/delete", page_plan_delete_form, ROLE_PLANNER, 0 },
	{ "POST", "/plan/{}/{}/delete", page_plan_delete, ROLE_PLANNER, 0 },
	{ "POST", "/plan/{}/{}/move", page_plan_move, ROLE_PLANNER, 0 },
	/* the JSON API (api_plan.c, doc/openapi.yaml) */
	{ "GET", "/api/v1/session", api_session, ROLE_VIEWER, ROUTE_API },
	{ "GET", "/api/v1/plan", api_plan, ROLE_VIEWER, ROUTE_API },
	{ "GET", "/api/v1/organisation", api_organisation, ROLE_VIEWER, ROUTE_API },
	{ "PUT", "/api/v1/organisation", api_organisation_put, ROLE_PLANNER, ROUTE_API },
	{ "GET", "/api/v1/{}", api_list, ROLE_VIEWER, ROUTE_API },
	{ "POST", "/api/v1/{}", api_create, ROLE_PLANNER, ROUTE_API },
	{ "GET", "/api/v1/{}/{}", api_get, ROLE_VIEWER, ROUTE_API },
	{ "PUT", "/api/v1/{}/{}", api_put, ROLE_PLANNER, ROUTE_API },
	{ "DELETE", "/api/v1/{}/{}", api_delete, ROLE_PLANNER, ROUTE_API },
	{ NULL, NULL, NULL, ROLE_NONE, 0 },
};

/* Matches path against pattern; on success the {} and * parts go to
 * r->params (when r is not NULL). */
static bool match(const char *pattern, const char *path, struct req *r)
{
	const char *start[REQ_MAX_PARAMS];
	size_t len[REQ_MAX_PARAMS], n = 0;
	const char *p = pattern, *s = path;
	while (*p) {
		if (p[0] == '*' && p[1] == '\0') {
			if (n == REQ_MAX_PARAMS)
				BUG("route %s: too many parameters", pattern);
			start[n] = s;
			len[n++] = strlen(s);
			s += strlen(s);
			p++;
			break;
		}
		if (p[0] == '{' && p[1] == '}') {
			const char *end = strchr(s, '/');
			size_t l = end ? (size_t)(end - s) : strlen(s);
			if (l == 0)
				return false;
			if (n == REQ_MAX_PARAMS)
				BUG("route %s: too many parameters", pattern);
			start[n] = s;
			len[n++] = l;
			s += l;
			p += 2;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*s)
		return false;
	if (r) {
		for (size_t i = 0; i < n; i++)
			r->params[i] = arena_strndup(&r->arena, start[i], len[i]);
		r->n_params = n;
	}
	return true;
}

/* True when pattern names one path only (no "{}", no "*"). */
static bool literal(const char *pattern)
{
	return !strchr(pattern, '{') && !strchr(pattern, '*');
}

/* True when row x answers path.  A path that some row names literally
 * belongs to its literal rows alone: "POST /api/v1/{}" does not make
 * /api/v1/session or /api/v1/organisation writable, so another method
 * there is a 405 (for every role) rather than a handler's 404 or the
 * role check's 403.  owned: route_owned(path). */
static bool row_answers(const struct route *x, const char *path, bool owned)
{
	return (!owned || literal(x->pattern)) && match(x->pattern, path, NULL);
}

/* True when some row's pattern is path itself. */
static bool route_owned(const char *path)
{
	for (const struct route *x = route_table; x->method; x++)
		if (literal(x->pattern) && strcmp(x->pattern, path) == 0)
			return true;
	return false;
}

const struct route *route_find(const char *method, const char *path, bool *path_known)
{
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	bool known = false, owned = route_owned(path);
	const struct route *rt = NULL;
	for (const struct route *x = route_table; x->method && !rt; x++) {
		if (!row_answers(x, path, owned))
			continue;
		known = true;
		if (strcmp(x->method, method) == 0)
			rt = x;
	}
	if (path_known)
		*path_known = known;
	return rt;
}

/* True when the path is one a page can have: absolute, valid UTF-8, no
 * control characters or backslashes, no "." or ".." segments, no "//". */
static bool path_ok(const char *path)
{
	size_t n = strlen(path);
	if (path[0] != '/' || !utf8_valid(path, n))
		return false;
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || c == '\\')
			return false;
		if (c == '/') {
			const char *seg = p + 1;
			size_t l = strcspn(seg, "/");
			if ((l == 1 && seg[0] == '.') || (l == 2 && seg[0] == '.' && seg[1] == '.'))
				return false;
			if (l == 0 && seg[0] == '/')
				return false;
		}
	}
	return true;
}

/* Picks the language: ?lang= (remembered in a cookie), else the cookie,
 * else the best of ja and en in Accept-Language, else Japanese. */
static void negotiate_lang(struct req *r)
{
	const char *q = req_query(r, "lang");
	if (q && (strcmp(q, "ja") == 0 || strcmp(q, "en") == 0)) {
		r->lang = q[0] == 'e' ? LANG_EN : LANG_JA;
		req_set_cookie(r, AUTH_COOKIE_LANG, q, 365L * 24 * 3600);
		return;
	}
	const char *c = req_cookie(r, AUTH_COOKIE_LANG);
	if (c && (strcmp(c, "ja") == 0 || strcmp(c, "en") == 0)) {
		r->lang = c[0] == 'e' ? LANG_EN : LANG_JA;
		return;
	}
	r->lang = req_accept_language(req_header(r, "Accept-Language"));
}

/* True when the request's body is an urlencoded form (or has no type). */
static bool form_body(const struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	if (!ct)
		return true;
	size_t n = strlen("application/x-www-form-urlencoded");
	return strncasecmp(ct, "application/x-www-form-urlencoded", n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* True when the request's body is JSON (or has no type). */
static bool json_body(const struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = strlen("application/json");
	return !ct || (strncasecmp(ct, "application/json", n) == 0 &&
		       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '));
}

/* The API's part of the pipeline: the CSRF token from its header, 401
 * without a session, the role and CSRF checks, then a JSON body (415
 * otherwise).  0: go on; 1: r holds the answer. */
static int api_prepare(struct req *r, const struct route *rt)
{
	const char *token = req_header(r, "X-CSRF-Token");
	if (token)
		req_kv_add(r, &r->form, "csrf", token);
	if (rt->min_role > ROLE_NONE && !r->signed_in) {
		route_error(r, 401, L(r->lang, "ログインしてください（セッションのクッキーが必要です）。",
				      "Please sign in (the session cookie is needed)."));
		return 1;
	}
	if (auth_guard(r, rt->min_role))
		return 1;
	if (req_changes_state(r) && r->body_len > 0 && !json_body(r)) {
		route_error(r, 415, L(r->lang, "Content-Type: application/json で送ってください。",
				      "Send Content-Type: application/json."));
		return 1;
	}
	return 0;
}

/* "GET, HEAD, POST": the methods the routes matching path answer. */
static const char *allowed_methods(struct req *r)
{
	struct buf b = BUF_INIT;
	bool owned = route_owned(r->path);
	for (const struct route *x = route_table; x->method; x++) {
		if (!row_answers(x, r->path, owned))
			continue;
		char m[16];
		snprintf(m, sizeof m, ", %s,", x->method);
		struct buf have = BUF_INIT;
		buf_addf(&have, ", %s,", b.data);
		if (!strstr(have.data, m))
			buf_addf(&b, "%s%s%s", b.len ? ", " : "", x->method,
				 strcmp(x->method, "GET") == 0 ? ", HEAD" : "");
		buf_release(&have);
	}
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}

/* Adds the headers every answer carries. */
static void finish(struct req *r)
{
	req_set_header(r, "X-Content-Type-Options", "nosniff");
	/* Over HTTPS, the browser is told to come back over it only, for a
	 * year (not includeSubDomains: the agency's other hosts are not ours
	 * to decide for). */
	if (r->secure)
		req_set_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (r->static_body)
		return;
	if (!req_out_header(r, "Cache-Control"))
		req_set_header(r, "Cache-Control", "no-store");
	req_set_header(r, "Content-Security-Policy",
		       "default-src 'none'; style-src 'self'; img-src 'self' data:; "
		       "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
		       "base-uri 'none'");
	req_set_header(r, "X-Frame-Options", "DENY");
	req_set_header(r, "Referrer-Policy", "same-origin");
	req_set_header(r, "Content-Language", r->lang == LANG_EN ? "en" : "ja");
}

/* Logs a server-side failure (never shown to the person). */
static void log_failure(const struct req *r)
{
	fprintf(stderr, "itbcp serve: %s %s: %s\n", r->method, r->path,
		r->err.msg[0] ? r->err.msg : "handler failed");
}

/* Answers 503 because the database cannot be reached (its server was
 * stopped or killed): the person is told to try again, never a 500, and
 * the thread's next request opens a new connection (web_thread_store). */
static void unavailable(struct req *r)
{
	log_failure(r);
	route_error(r, 503,
		    L(r->lang, "データベースに接続できません。しばらくしてからもう一度お試しください。",
		      "The database cannot be reached. Please try again in a moment."));
	req_set_header(r, "Retry-After", "10");
}

/* A handler failed: 503 when the database is gone or this site turned out
 * to be a standby (a page that reads may write an audit entry or a
 * session's time, which a standby refuses), else 500. */
static void failed(struct req *r)
{
	if (r->store && store_lost(r->store)) {
		unavailable(r);
	} else if (r->store && standby_now(r)) {
		log_failure(r);
		standby_refuse(r);
	} else {
		log_failure(r);
		route_error(r, 500, NULL);
	}
}

void route_run(struct req *r)
{
	const struct route *rt = NULL;
	bool path_known = false;

	req_parse_cookies(r);
	negotiate_lang(r);
	if (r->body_too_large) {
		route_error(r, 413, L(r->lang, "送信されたデータが大きすぎます。",
				      "What was sent is too large."));
		goto done;
	}
	if (!path_ok(r->path)) {
		route_error(r, 400, NULL);
		goto done;
	}
	for (size_t i = 0; i < r->query.n; i++)
		if (!utf8_valid(r->query.v[i].value, strlen(r->query.v[i].value)) ||
		    !utf8_valid(r->query.v[i].name, strlen(r->query.v[i].name))) {
			route_error(r, 400, NULL);
			goto done;
		}

	/* The server may have found it already, to choose the thread. */
	rt = r->route ? r->route : route_find(r->method, r->path, &path_known);
	if (!rt) {
		/* A page of its own for a signed-in person: the menu leads back,
		 * so the session is read for it (a failure only loses the menu). */
		if (strncmp(r->path, "/api/", 5) != 0) {
			r->store = web_thread_store(r->web, &r->err);
			if (!r->store || auth_load_session(r))
				r->signed_in = false;
			r->err = (struct err)ERR_INIT;
		}
		route_error(r, path_known ? 405 : 404, NULL);
		if (path_known)
			req_set_header(r, "Allow", allowed_methods(r));
		goto done;
	}
	match(rt->pattern, r->path, r);
	r->route = rt;

	if (!(rt->flags & ROUTE_NO_DB)) {
		r->store = web_thread_store(r->web, &r->err);
		/* A personal link is its own credential: no session is looked up
		 * for it, even when the person is also signed in. */
		if (!r->store) {
			unavailable(r);
			goto done;
		}
		if (!(rt->flags & ROUTE_TOKEN) && auth_load_session(r)) {
			failed(r);
			goto done;
		}
		/* A standby takes no write of any kind, sign-in included
		 * (sessions are rows): 503 before the form is even read.  A
		 * personal link's report is refused by its own page, in the
		 * phone's own layout (page_checkin.c). */
		if (req_changes_state(r) && !(rt->flags & ROUTE_TOKEN) && standby_now(r)) {
			standby_refuse(r);
			goto done;
		}
	}
	if (rt->flags & ROUTE_API) {
		if (api_prepare(r, rt))
			goto done;
	} else if (req_changes_state(r) && r->body_len > 0 && req_is_multipart(r)) {
		if (req_parse_multipart(r)) { /* file uploads (people import) */
			route_error(r, 400, L(r->lang, "送信されたフォームの形式が正しくありません。",
					      "The form data is malformed."));
			goto done;
		}
	} else if (req_changes_state(r) && r->body_len > 0) {
		if (!form_body(r)) {
			route_error(r, 415, NULL);
			goto done;
		}
		if (req_parse_urlencoded(r, r->body, r->body_len, &r->form)) {
			route_error(r, 400, L(r->lang, "フォームの内容に不正な文字が含まれています。",
					      "The form holds invalid characters."));
			goto done;
		}
	}
	if (!(rt->flags & ROUTE_TOKEN) && auth_guard(r, rt->min_role))
		goto done;
	if (r->signed_in && r->session.user.must_change_password && rt->min_role > ROLE_NONE &&
	    !(rt->flags & ROUTE_PASSWORD_DUE)) {
		/* An admin set a temporary password: nothing else until it is
		 * changed (users_reset_password). */
		if (!req_changes_state(r) && !(rt->flags & ROUTE_API))
			req_redirect(r, "/account/password");
		else
			route_error(r, 403,
				    L(r->lang, "仮のパスワードを変更するまで、他の操作はできません。",
				      "Change your temporary password first."));
		goto done;
	}
	if (r->signed_in && !r->session.user.must_change_password &&
	    r->session.user.role == ROLE_ADMIN && !r->session.user.totp_active &&
	    rt->min_role > ROLE_NONE && !(rt->flags & ROUTE_TOTP_DUE)) {
		/* An admin without a second factor: nothing else until one is
		 * set up (totp_store.h), as with a temporary password above. */
		if (!req_changes_state(r) && !(rt->flags & ROUTE_API))
			req_redirect(r, "/account/totp");
		else
			route_error(r, 403,
				    L(r->lang, "管理者は二要素認証を設定するまで、他の操作はできません。",
				      "Admins must set up their second factor first."));
		goto done;
	}
	if (rt->fn(r)) {
		failed(r);
	} else if (r->out.overflow) {
		log_failure(r);
		route_error(r, 500, NULL);
	}
done:
	finish(r);
}

/* The title of an error page. */
static const char *status_title(enum lang lang, int status)
{
	switch (status) {
	case 400: return L(lang, "リクエストが正しくありません", "Bad request");
	case 401: return L(lang, "ログインが必要です", "Sign-in required");
	case 409: return L(lang, "この操作はできません", "Conflict");
	case 422: return L(lang, "入力内容に誤りがあります", "Invalid input");
	case 403: return L(lang, "アクセスできません", "Forbidden");
	case 404: return L(lang, "ページが見つかりません", "Page not found");
	case 405: return L(lang, "この方法では利用できません", "Method not allowed");
	case 413: return L(lang, "送信データが大きすぎます", "Request too large");
	case 415: return L(lang, "この形式は受け付けられません", "Unsupported media type");
	case 500: return L(lang, "サーバーでエラーが発生しました", "Server error");
	case 503: return L(lang, "ただいま受け付けられません", "Service unavailable");
	default: return L(lang, "エラー", "Error");
	}
}

/* The API's error answer: {"errors":[{"path":"$","message":"…"}]}. */
static void api_error(struct req *r, int status, const char *message)
{
	r->content_type = "application/json; charset=utf-8";
	buf_adds(&r->out, "{\"errors\":[{\"path\":\"$\",\"message\":\"");
	for (const char *p = message ? message : status_title(r->lang, status); *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\')
			buf_addf(&r->out, "\\%c", c);
		else if (c < 0x20)
			buf_addf(&r->out, "\\u%04x", c);
		else
			buf_addc(&r->out, (char)c);
	}
	buf_adds(&r->out, "\"}]}\n");
}

void route_error(struct req *r, int status, const char *message)
{
	r->status = status;
	r->static_body = NULL;
	r->static_len = 0;
	r->content_type = "text/html; charset=utf-8";
	r->out_headers.n = 0;
	buf_reset(&r->out);
	if (strncmp(r->path ? r->path : "", "/api/", 5) == 0) {
		api_error(r, status, message);
		return;
	}
	const char *title = status_title(r->lang, status);
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (message)
		html(r, "<p>%s</p>\n", message);
	if (status == 500)
		html(r, "<p>%s</p>\n",
		     L(r->lang, "処理を完了できませんでした。しばらくしてからもう一度お試しください。",
		       "The request could not be completed. Please try again in a moment."));
	html(r, "<p><a href=\"/\">%s</a></p>\n", L(r->lang, "トップページへ", "Go to the start page"));
	page_end(r);
}
