/*
 * page_dashboard.c — the start page: what the plan check found, the
 * systems by recovery priority (R2) with their RTO (R1, with the business
 * that sets it), the gap heat map (R4), the budget by fiscal year (R5),
 * the training calendar (§4.1) and the dependency graph of the systems.
 *
 * The plan is read in one snapshot from this thread's connection; the
 * figures come from the rules, so the page and `itbcp systems` agree.
 * The views themselves are in page_views*.c; here they are capped (the
 * heat map, the findings, the graph, the systems table, the names on the
 * tier board), each linking to its full page, so the page stays small on
 * a phone whatever the plan's size: about 25 KB for 500 systems.
 * What lies below the heading depends on the plan, the day and the
 * language only, so each thread makes it once per plan (cache.h).
 *
 * Above all that, while an incident is open, a banner per open incident
 * (newest first): the event, whether it is a drill, the time since the
 * event, the answer rate of the check-ins and the systems already past
 * their RTO deadline, linking to the incident's board.  It changes by the
 * minute, so it is made on every request and never cached: one query for
 * the incidents' headers, and for each open one its systems and two counts
 * (store_incident_load_summary: no person or report is read).
 *
 * Under the heading, one line on the backups (issue 17): the last good
 * one, how old it is, and a last attempt that failed; also made on every
 * request (one indexed row).
 */
#include <stdlib.h>

#include "app/app_incident.h"
#include "rules/crisis.h"
#include "app/app_backup.h"
#include "rules/rules.h"
#include "store/backup_store.h"
#include "store/incident_store.h"
#include "store/store.h"
#include "util/xalloc.h"
#include "web/core/cache.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/incident/page_incident.h"
#include "web/pages/views/page_views.h"

/* Caps that keep the page small on a large plan (the rest under /views/). */
#define DASH_FINDINGS 6
#define DASH_HEAT_ROWS 25
#define DASH_GRAPH_NODES 40
#define DASH_SYSTEMS 20 /* the most urgent first; all on /plan/systems */
#define DASH_TIER_NAMES 5 /* systems named per tier; the rest on /plan/systems?tier= */
#define DASH_OVERDUE_NAMES 5 /* overdue systems named in a banner; the rest counted */

struct row {
	const struct system *s;
	struct system_rto rto;
	size_t pos;
};

/* Tier first (S first, none last), then RTO, then plan order. */
static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int tx = x->rto.tier == TIER_NONE ? TIER_COUNT : (int)x->rto.tier;
	int ty = y->rto.tier == TIER_NONE ? TIER_COUNT : (int)y->rto.tier;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	int64_t hx = x->rto.hours == NO_VALUE ? INT64_MAX : x->rto.hours;
	int64_t hy = y->rto.hours == NO_VALUE ? INT64_MAX : y->rto.hours;
	if (hx != hy)
		return hx < hy ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* An RTO for people: "15時間", "3日" / "15 h", "3 days"; "—" when unknown. */
static const char *rto_text(struct req *r, int64_t h)
{
	if (h == NO_VALUE)
		return "—";
	if (h >= 24 && h % 24 == 0)
		return arena_printf(&r->arena, L(r->lang, "%lld日", "%lld days"), (long long)(h / 24));
	return arena_printf(&r->arena, L(r->lang, "%lld時間", "%lld h"), (long long)h);
}

/* The systems table and the tier summary. */
static void systems_section(struct req *r, const struct plan *p)
{
	const struct system_rto *rto = cache_system_rtos(r, p); /* once per plan revision */
	struct row *rows = xcalloc(p->n_systems ? p->n_systems : 1, sizeof *rows);
	size_t n = 0;
	for (size_t i = 0; i < p->n_systems; i++) {
		if (!p->systems[i].in_scope)
			continue;
		rows[n].s = &p->systems[i];
		rows[n].pos = i;
		rows[n].rto = rto[i];
		n++;
	}
	qsort(rows, n, sizeof *rows, row_cmp);

	html(r, "<h2>%s</h2>\n", L(r->lang, "対象システムとRTO", "Systems and their RTO"));
	html(r, "<div class=\"scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(r->lang, "対象システムとRTO（表5.3-2）", "Systems in scope and their RTO (表5.3-2)"),
	     L(r->lang, "優先度", "Tier"), L(r->lang, "システム", "System"),
	     L(r->lang, "RTO", "RTO"), L(r->lang, "根拠", "Set by"));
	for (size_t i = 0; i < n && i < DASH_SYSTEMS; i++) {
		const struct row *w = &rows[i];
		const struct department *d = plan_department(p, w->s->department);
		const char *tn = tier_name(w->rto.tier);
		html(r, "<tr><td class=\"tier-%s\"><span class=\"badge\">%s</span></td>"
			"<td class=\"name\">%s<br><small>%s</small></td><td class=\"num\">%s</td><td>",
		     w->rto.tier == TIER_NONE ? "none" : tn, tn, w->s->name, d ? d->name : "",
		     rto_text(r, w->rto.hours));
		if (w->rto.rto_overridden)
			html(r, "%s %s", L(r->lang, "上書き：", "override:"),
			     w->s->rto_override_reason);
		else if (w->rto.set_by && w->rto.set_by_alt_hours > 0)
			html(r, "%s（%s%s＋%s%s）", w->rto.set_by->name,
			     L(r->lang, "業務RTO ", "business RTO "), rto_text(r, w->rto.set_by->rto_hours),
			     L(r->lang, "代替手段 ", "alternative means "),
			     rto_text(r, w->rto.set_by_alt_hours));
		else if (w->rto.set_by)
			html(r, "%s（%s%s）", w->rto.set_by->name, L(r->lang, "業務RTO ", "business RTO "),
			     rto_text(r, w->rto.set_by->rto_hours));
		else
			html(r, "%s", L(r->lang, "業務との対応なし", "no business linked"));
		html(r, "</td></tr>\n");
	}
	if (n == 0)
		html(r, "<tr><td colspan=\"4\">%s</td></tr>\n",
		     L(r->lang, "対象システムはまだありません。", "No systems in scope yet."));
	html(r, "</tbody></table></div>\n");
	if (n > DASH_SYSTEMS)
		html(r, "<p><a href=\"/plan/systems\">%s（%zu）</a></p>\n",
		     L(r->lang, "すべてのシステムを見る", "All systems"), n);
	free(rows);
}

/* Everything below the page's heading: the same for every role and
 * request on one plan, day and language (nothing here names the person,
 * a form or the query), hence cached whole. */
static void dashboard_body(struct req *r, const struct plan *p)
{
	const struct organisation *o = &p->organisation;
	const char *org = r->lang == LANG_EN && o->name_en && o->name_en[0] ? o->name_en : o->name;
	if (o->plan_title && o->plan_title[0])
		html(r, "<p class=\"lead\">%s</p>\n", o->plan_title);
	else if (org && org[0])
		html(r, "<p class=\"lead\">%s</p>\n", org);
	if (store_plan_empty(r->store)) {
		page_notice(r, "error",
			    L(r->lang, "計画がまだ登録されていません（itbcp import で取り込めます）。",
			      "No plan yet (load one with itbcp import)."));
		return;
	}
	html(r, "<p class=\"docs\">%s%s<a href=\"/documents/plan/pdf\">%s</a> · "
		"<a href=\"/documents/plan/xlsx\">Excel</a> · <a href=\"/documents\">%s</a></p>\n",
	     L(r->lang, "文書の出力", "Documents"), L(r->lang, "：", ": "),
	     L(r->lang, "計画書PDF", "The plan as PDF"),
	     L(r->lang, "すべての文書（CSV・ODT・図・予定表・携行カード）",
	       "every document (CSV, ODT, figures, calendar, wallet cards)"));
	page_views_findings_section(r, p, DASH_FINDINGS, false);
	page_views_tiers_section(r, p, DASH_TIER_NAMES);
	systems_section(r, p);
	page_views_gaps_section(r, p, NULL, DASH_HEAT_ROWS);
	page_views_budget_section(r, p);
	page_views_training_section(r, p, NO_VALUE, false);
	page_views_dependencies_section(r, p, DASH_GRAPH_NODES);
}

/* One open incident's banner: b holds its systems' state (the incident
 * is loaded without people), called and answered the check-ins. */
static void incident_banner(struct req *r, const struct incident *inc, const struct crisis_board *b,
			    size_t called, size_t answered)
{
	enum lang lang = r->lang;
	size_t overdue = 0;
	for (size_t i = 0; i < b->n_systems; i++)
		overdue += b->systems[i].overdue;
	html(r, "<div class=\"inc-banner %s%s\">\n<h3><a href=\"%s\">%s</a> <span class=\"kind\">%s</span></h3>\n"
		"<dl class=\"facts\">",
	     inc->drill ? "drill" : "real", overdue ? " overdue" : "", page_incident_url(r, inc, ""),
	     page_incident_title(r, inc),
	     inc->drill ? L(lang, "訓練", "drill") : L(lang, "実際の事象（訓練ではありません）", "real event (not a drill)"));
	html(r, "<div><dt>%s</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div>",
	     L(lang, "発生", "Event at"), page_incident_time(r, inc->started_at),
	     L(lang, "発生から", "Since the event"), page_incident_duration(r, b->now - inc->started_at));
	if (called)
		html(r, L(lang, "<div><dt>%s</dt><dd>%zu / %zu名（%zu%%）</dd></div>",
			  "<div><dt>%s</dt><dd>%zu / %zu (%zu%%)</dd></div>"),
		     L(lang, "安否回答", "Check-ins answered"), answered, called, answered * 100 / called);
	else
		html(r, "<div><dt>%s</dt><dd>%s</dd></div>", L(lang, "安否回答", "Check-ins answered"),
		     L(lang, "招集なし", "nobody called"));
	html(r, "<div><dt>%s</dt><dd>", L(lang, "RTO期限を超過したシステム", "Systems past their RTO deadline"));
	if (!overdue) {
		html(r, "%s", L(lang, "なし", "none"));
	} else {
		html(r, "<strong>%zu</strong>%s", overdue, L(lang, "件：", ": "));
		size_t shown = 0;
		for (size_t i = 0; i < b->n_systems && shown < DASH_OVERDUE_NAMES; i++)
			if (b->systems[i].overdue)
				html(r, "%s%s", shown++ ? L(lang, "、", ", ") : "", b->systems[i].s->name);
		if (overdue > shown)
			html(r, L(lang, " ほか%zu件", " and %zu more"), overdue - shown);
	}
	html(r, "</dd></div></dl>\n<p><a href=\"%s\">%s</a></p>\n</div>\n", page_incident_url(r, inc, ""),
	     L(lang, "状況ボードを開く", "Open the board"));
}

/* The banners of every open incident, newest first; nothing when none is
 * open.  -1 on a database error (r->err). */
static int open_incidents(struct req *r)
{
	struct incident *v = NULL;
	size_t n = 0, open = 0;
	int rc = 0;
	if (store_incident_list(r->store, &v, &n, &r->err))
		return -1;
	for (size_t i = 0; i < n; i++)
		open += v[i].state == INCIDENT_OPEN;
	if (open) {
		int64_t now = app_incident_now();
		html(r, "<section class=\"inc-banners\" aria-labelledby=\"h-open-inc\">\n<h2 id=\"h-open-inc\">%s</h2>\n",
		     arena_printf(&r->arena, L(r->lang, "対応中のインシデント（%zu件）", "Open incidents (%zu)"), open));
		for (size_t i = 0; i < n && rc == 0; i++) {
			if (v[i].state != INCIDENT_OPEN)
				continue;
			struct incident inc = INCIDENT_INIT;
			struct crisis_board b = CRISIS_BOARD_INIT;
			size_t called, answered;
			int lr = store_incident_load_summary(r->store, v[i].id, &inc, &called, &answered,
							     &r->err);
			if (lr < 0)
				rc = -1;
			else if (lr == 0) {
				crisis_board_compute(&inc, now, &b);
				incident_banner(r, &inc, &b, called, answered);
				crisis_board_release(&b);
			}
			incident_release(&inc);
		}
		html(r, "</section>\n");
	}
	for (size_t i = 0; i < n; i++)
		incident_release(&v[i]);
	free(v);
	return rc;
}

/* The backups' line: the last good copy and its age, stale (as `itbcp
 * check` says) or a failed last attempt in the alert's colours. */
static int backup_status(struct req *r)
{
	struct store_backup_row good, last;
	int g = store_backup_last(r->store, true, &good, &r->err);
	int l = g < 0 ? -1 : store_backup_last(r->store, false, &last, &r->err);
	if (g < 0 || l < 0)
		return -1;
	int64_t now = app_incident_now();
	bool stale = g == 0 || now - good.finished > APP_BACKUP_STALE_HOURS * 3600;
	bool failed = l == 1 && !last.ok;
	html(r, "<p class=\"backup-status%s\" id=\"backup-status\">", stale || failed ? " bad" : "");
	if (g == 0)
		html(r, "%s", L(r->lang, "バックアップの記録がありません。",
				 "No backup has been recorded."));
	else
		html(r, "%s %s（%s%s）%s", L(r->lang, "最後の正常なバックアップ:", "Last good backup:"),
		     page_incident_time(r, good.finished),
		     arena_printf(&r->arena, L(r->lang, "%lld時間前", "%lld h ago"),
				  (long long)((now - good.finished) / 3600)),
		     good.encrypted ? L(r->lang, "、暗号化", ", encrypted") : "",
		     stale ? L(r->lang, " — 古くなっています", " — stale") : "");
	if (failed)
		html(r, " %s %s", L(r->lang, "最後の試みは失敗しました:", "The last attempt failed:"),
		     last.message);
	html(r, "</p>\n");
	return 0;
}

/* GET / */
int page_dashboard(struct req *r)
{
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		return -1;
	const char *title = L(r->lang, "ダッシュボード", "Dashboard");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	if (open_incidents(r) || backup_status(r))
		return -1;
	/* The body is made once per thread, plan, day and language (cache.h):
	 * the plan check, R1/R2 for every system and the figures cost far more
	 * than copying their HTML. */
	const char *key = r->lang == LANG_EN ? "dash:en" : "dash:ja";
	size_t len;
	const char *body = cache_get(r, key, &len);
	if (body) {
		buf_add(&r->out, body, len);
	} else {
		size_t mark = r->out.len;
		dashboard_body(r, p);
		cache_put(r, key, r->out.data + mark, r->out.len - mark);
	}
	page_end(r);
	return 0;
}
