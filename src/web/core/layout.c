/*
 * layout.c — the page shell and the small pieces every page uses.
 *
 * Pages are plain HTML5 with one stylesheet, no script, readable on a
 * 360-pixel phone: a skip link, a header with the site name, navigation
 * by role and the language switch, then <main>.  Labels come in both
 * languages at the place they are written.
 */
#include "web/core/page.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/standby.h"
#include "web/core/url.h"

/* One navigation link, marked as the current page when it is. */
static void nav_link(struct req *r, const char *href, const char *label)
{
	if (strcmp(r->path, href) == 0)
		html(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, label);
	else
		html(r, "<li><a href=\"%s\">%s</a></li>", href, label);
}

void page_begin(struct req *r, const char *title)
{
	enum lang lang = r->lang;
	html(r,
	     "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	     "<title>%s — %s</title>\n<link rel=\"stylesheet\" href=\"%s\">\n</head>\n<body>\n",
	     lang == LANG_EN ? "en" : "ja", title, L(lang, "IT-BCP 運用継続計画", "IT-BCP"),
	     page_asset_url(r, "app.css"));
	html(r, "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"bar\">\n",
	     L(lang, "本文へ移動", "Skip to content"));
	html(r, "<a class=\"brand\" href=\"/\">%s</a>\n",
	     L(lang, "情報システム運用継続計画", "IT continuity plan"));
	if (r->signed_in) {
		html(r, "<nav aria-label=\"%s\"><ul>", L(lang, "メニュー", "Menu"));
		nav_link(r, "/", L(lang, "ダッシュボード", "Dashboard"));
		nav_link(r, "/plan", L(lang, "計画", "Plan"));
		nav_link(r, "/incidents", L(lang, "危機対応", "Incidents"));
		nav_link(r, "/versions", L(lang, "版", "Versions"));
		if (r->session.user.role >= ROLE_PLANNER)
			nav_link(r, "/people/import", L(lang, "担当者の取り込み", "Import people"));
		if (r->session.user.role >= ROLE_ADMIN) {
			nav_link(r, "/admin/users", L(lang, "ユーザー", "Users"));
			nav_link(r, "/admin/audit", L(lang, "監査ログ", "Audit log"));
			nav_link(r, "/admin/delivery", L(lang, "配信の設定", "Delivery"));
		}
		nav_link(r, "/account/password", L(lang, "パスワード変更", "Password"));
		nav_link(r, "/account/totp", L(lang, "二要素認証", "Two-factor"));
		html(r, "</ul></nav>\n<div class=\"who\"><span>%s（%s）</span>",
		     r->session.user.name, page_role_label(lang, r->session.user.role));
		html(r, "<form method=\"post\" action=\"/logout\">");
		auth_csrf_field(r);
		html(r, "<button type=\"submit\" class=\"link\">%s</button></form></div>\n",
		     L(lang, "ログアウト", "Sign out"));
	}
	/* r->path is decoded: encoded again, or a key holding "%2C" or "%25"
	 * would lead to another address (a 404). */
	if (lang == LANG_EN)
		html(r, "<a class=\"lang\" href=\"%s?lang=ja\" lang=\"ja\" hreflang=\"ja\">日本語</a>\n",
		     url_encode(r, r->path));
	else
		html(r, "<a class=\"lang\" href=\"%s?lang=en\" lang=\"en\" hreflang=\"en\">English</a>\n",
		     url_encode(r, r->path));
	html(r, "</header>\n<main id=\"main\">\n");
	standby_banner(r);
}

void page_end(struct req *r)
{
	html(r, "</main>\n<footer><p>%s</p></footer>\n</body>\n</html>\n",
	     L(r->lang, "NISC「情報システム運用継続計画ガイドライン」付録に基づく",
	       "Following the NISC IT continuity plan guideline appendix"));
}

void page_input(struct req *r, const char *type, const char *name, const char *label,
		const char *value, const char *error, const char *autocomplete)
{
	html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", error ? " bad" : "", name,
	     label);
	if (error)
		html(r, "<p class=\"err\" id=\"f-%s-err\">%s</p>", name, error);
	html(r, "<input type=\"%s\" id=\"f-%s\" name=\"%s\" value=\"%s\"", type, name, name,
	     value ? value : "");
	if (autocomplete)
		html(r, " autocomplete=\"%s\"", autocomplete);
	if (error)
		html(r, " aria-invalid=\"true\" aria-describedby=\"f-%s-err\"", name);
	html(r, "></div>\n");
}

void page_notice(struct req *r, const char *kind, const char *text)
{
	html(r, "<p class=\"notice %s\" role=\"%s\">%s</p>\n", kind,
	     strcmp(kind, "error") == 0 ? "alert" : "status", text);
}

const char *page_role_label(enum lang lang, enum user_role role)
{
	switch (role) {
	case ROLE_ADMIN: return L(lang, "管理者", "admin");
	case ROLE_PLANNER: return L(lang, "計画担当", "planner");
	case ROLE_RESPONDER: return L(lang, "対応要員", "responder");
	case ROLE_VIEWER: return L(lang, "閲覧者", "viewer");
	default: return "-";
	}
}

const char *page_time_jst(struct req *r, const char *utc)
{
	struct tm tm = { 0 };
	if (sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return utc;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + 9 * 3600; /* Japan keeps no summer time */
	struct tm jst;
	gmtime_r(&t, &jst);
	return arena_printf(&r->arena, "%04d-%02d-%02d %02d:%02d", jst.tm_year + 1900,
			    jst.tm_mon + 1, jst.tm_mday, jst.tm_hour, jst.tm_min);
}
