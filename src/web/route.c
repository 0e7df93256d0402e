/*
 * route.c — the table of pages and the pipeline (route.h).
 *
 * web_run() takes a request that the server (server.c) or the test path
 * (web.c) has filled and, in this order: refuses what is malformed (413,
 * 400), picks the language, finds the route (404, 405), opens this
 * thread's database connection and the session, parses the form (400 on
 * invalid UTF-8), checks role and CSRF (303 to sign-in, 403), runs the
 * handler (500 when it fails), and adds the headers every answer carries.
 */
#include "web/route.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "util/xalloc.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/page.h"
#include "web/web.h"

const struct route web_routes[] = {
	{ "GET", "/", page_dashboard, ROLE_VIEWER, 0 },
	{ "GET", "/login", page_login_form, ROLE_NONE, 0 },
	{ "POST", "/login", page_login_post, ROLE_NONE, 0 },
	{ "POST", "/logout", page_logout, ROLE_VIEWER, 0 },
	{ "GET", "/account/password", page_password_form, ROLE_VIEWER, 0 },
	{ "POST", "/account/password", page_password_post, ROLE_VIEWER, 0 },
	{ "GET", "/admin/users", page_users, ROLE_ADMIN, 0 },
	{ "POST", "/admin/users", page_users_add, ROLE_ADMIN, 0 },
	{ "GET", "/admin/audit", page_audit, ROLE_ADMIN, 0 },
	{ "GET", "/assets/*", page_asset, ROLE_NONE, ROUTE_NO_DB },
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
	const char *al = req_header(r, "Accept-Language");
	double best = 0;
	r->lang = LANG_JA;
	while (al && *al) {
		while (*al == ' ' || *al == ',')
			al++;
		const char *tag = al;
		while (*al && *al != ',' && *al != ';' && *al != ' ')
			al++;
		size_t tl = (size_t)(al - tag);
		double qv = 1.0;
		while (*al && *al != ',') {
			if (strncmp(al, ";q=", 3) == 0 || strncmp(al, "; q=", 4) == 0) {
				const char *v = strchr(al, '=') + 1;
				qv = 0;
				if (*v == '1')
					qv = 1;
				else if (v[0] == '0' && v[1] == '.' && v[2] >= '0' && v[2] <= '9')
					qv = (v[2] - '0') / 10.0;
			}
			al++;
		}
		bool ja = tl >= 2 && strncasecmp(tag, "ja", 2) == 0 && (tl == 2 || tag[2] == '-');
		bool en = tl >= 2 && strncasecmp(tag, "en", 2) == 0 && (tl == 2 || tag[2] == '-');
		if ((ja || en) && qv > best) {
			best = qv;
			r->lang = en ? LANG_EN : LANG_JA;
		}
	}
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

/* Adds the headers every answer carries. */
static void finish(struct req *r)
{
	req_set_header(r, "X-Content-Type-Options", "nosniff");
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

void web_run(struct req *r)
{
	const struct route *rt = NULL;
	bool path_known = false;
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

	req_parse_cookies(r);
	negotiate_lang(r);
	if (r->body_too_large) {
		web_error(r, 413, L(r->lang, "送信されたデータが大きすぎます。",
				    "What was sent is too large."));
		goto done;
	}
	if (!path_ok(r->path)) {
		web_error(r, 400, NULL);
		goto done;
	}
	for (size_t i = 0; i < r->query.n; i++)
		if (!utf8_valid(r->query.v[i].value, strlen(r->query.v[i].value)) ||
		    !utf8_valid(r->query.v[i].name, strlen(r->query.v[i].name))) {
			web_error(r, 400, NULL);
			goto done;
		}

	for (const struct route *x = web_routes; x->method && !rt; x++) {
		if (!match(x->pattern, r->path, NULL))
			continue;
		path_known = true;
		if (strcmp(x->method, method) == 0)
			rt = x;
	}
	if (!rt) {
		web_error(r, path_known ? 405 : 404, NULL);
		if (path_known)
			req_set_header(r, "Allow", "GET, HEAD, POST");
		goto done;
	}
	match(rt->pattern, r->path, r);
	r->route = rt;

	if (!(rt->flags & ROUTE_NO_DB)) {
		r->store = web_thread_store(r->web, &r->err);
		if (!r->store || auth_load_session(r)) {
			log_failure(r);
			web_error(r, 500, NULL);
			goto done;
		}
	}
	if (req_changes_state(r) && r->body_len > 0) {
		if (!form_body(r)) {
			web_error(r, 415, NULL);
			goto done;
		}
		if (req_parse_urlencoded(r, r->body, r->body_len, &r->form)) {
			web_error(r, 400, L(r->lang, "フォームの内容に不正な文字が含まれています。",
					    "The form holds invalid characters."));
			goto done;
		}
	}
	if (auth_guard(r, rt->min_role))
		goto done;
	if (rt->fn(r) || r->out.overflow) {
		log_failure(r);
		web_error(r, 500, NULL);
	}
done:
	finish(r);
}

/* The title of an error page. */
static const char *status_title(enum lang lang, int status)
{
	switch (status) {
	case 400: return L(lang, "リクエストが正しくありません", "Bad request");
	case 403: return L(lang, "アクセスできません", "Forbidden");
	case 404: return L(lang, "ページが見つかりません", "Page not found");
	case 405: return L(lang, "この方法では利用できません", "Method not allowed");
	case 413: return L(lang, "送信データが大きすぎます", "Request too large");
	case 415: return L(lang, "この形式は受け付けられません", "Unsupported media type");
	case 500: return L(lang, "サーバーでエラーが発生しました", "Server error");
	default: return L(lang, "エラー", "Error");
	}
}

void web_error(struct req *r, int status, const char *message)
{
	r->status = status;
	r->static_body = NULL;
	r->static_len = 0;
	r->content_type = "text/html; charset=utf-8";
	r->out_headers.n = 0;
	buf_reset(&r->out);
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
