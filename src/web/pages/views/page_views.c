/*
 * page_views.c — the views people would rather look at than read: the
 * plan check's findings, the systems by recovery tier, and the /views/
 * pages that show each figure in full (the dashboard shows them capped).
 *
 * Each view_X() writes one <section> with its own <h2> into the page, from
 * the plan the caller holds (store_plan_cached); the figures themselves are
 * in page_views_gaps.c (heat map), page_views_budget.c (bar chart),
 * page_views_training.c (month grid) and page_views_graph.c (dependency
 * graph).  Links to plan elements are made by form_finding_url()
 * (web/core/form.h), the element pages of the plan editor.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/check.h"
#include "rules/rules.h"
#include "store/store.h"
#include "util/xalloc.h"
#include "web/core/cache.h"
#include "web/core/form.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/paging.h"
#include "web/core/url.h"
#include "web/pages/views/page_views.h"

const char *page_views_system_name(struct req *r, const struct system *s)
{
	(void)r;
	return s->name[0] ? s->name : s->id;
}

/* The severity's CSS class. */
static const char *sev_class(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
}

/* The plan check's findings for p: the thread's, made once per plan
 * revision and day (cache_findings), else run here into *own. */
static const struct findings *findings_of(struct req *r, const struct plan *p, struct findings *own)
{
	const struct findings *f = cache_findings(r, p);
	if (f)
		return f;
	plan_check(p, civil_date_today(), own);
	return own;
}

/* True when finding x matches pg's search: its message in r's language,
 * its code or its element. */
static bool finding_matches(struct req *r, const struct finding *x, const struct paging *pg)
{
	return !pg || paging_match(pg, r->lang == LANG_EN ? x->message_en : x->message_ja) ||
	       paging_match(pg, x->code) || paging_match(pg, x->element);
}

size_t page_views_findings_matching(struct req *r, const struct plan *p, const struct paging *pg)
{
	struct findings own = FINDINGS_INIT;
	const struct findings *f = findings_of(r, p, &own);
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += finding_matches(r, &f->v[i], pg);
	findings_release(&own);
	return n;
}

/* The findings section: at most limit rows (0: all), or the page of pg. */
static void findings_section(struct req *r, const struct plan *p, size_t limit, bool with_info,
			     const struct paging *pg)
{
	struct findings own = FINDINGS_INIT;
	const struct findings *f = findings_of(r, p, &own);
	size_t ne = findings_count(f, SEV_ERROR), nw = findings_count(f, SEV_WARNING),
	       ni = findings_count(f, SEV_INFO);
	html(r, "<section aria-labelledby=\"h-findings\">\n<h2 id=\"h-findings\">%s</h2>\n",
	     L(r->lang, "計画のチェック結果", "Plan check"));
	html(r, "<ul class=\"counts\"><li class=\"sev error\">%s <strong>%zu</strong></li>"
		"<li class=\"sev warning\">%s <strong>%zu</strong></li>"
		"<li class=\"sev info\">%s <strong>%zu</strong></li></ul>\n",
	     severity_name(SEV_ERROR, (int)r->lang), ne, severity_name(SEV_WARNING, (int)r->lang),
	     nw, severity_name(SEV_INFO, (int)r->lang), ni);
	if (pg)
		paging_search_form(r, pg, "/views/findings",
				   L(r->lang, "指摘の文・コード・要素で絞り込む",
				     "Find by message, code or element"));
	size_t shown = 0, match = 0, listed = ne + nw + (with_info ? ni : 0);
	if (listed)
		html(r, "<ul class=\"findings\">\n");
	for (size_t i = 0; i < f->n && (limit == 0 || shown < limit); i++) {
		const struct finding *x = &f->v[i];
		if (x->severity == SEV_INFO && !with_info)
			continue;
		if (pg && (!finding_matches(r, x, pg) || !paging_shows(pg, match++)))
			continue;
		html(r, "<li><span class=\"sev %s\">%s</span> <span class=\"sec\">%s</span> ",
		     sev_class(x->severity), severity_name(x->severity, (int)r->lang), x->section);
		/* the message starts with the element's name: it is the link */
		const char *msg = r->lang == LANG_EN ? x->message_en : x->message_ja;
		if (x->element && strchr(x->element, '/'))
			html(r, "<a href=\"%s\">%s</a></li>\n", form_finding_url(r, x->element), msg);
		else
			html(r, "%s</li>\n", msg);
		shown++;
	}
	if (listed)
		html(r, "</ul>\n");
	if (pg)
		paging_nav(r, pg, "/views/findings");
	else if (shown < listed)
		html(r, "<p><a href=\"/views/findings\">%s（%zu）</a></p>\n",
		     L(r->lang, "すべての指摘を見る", "All findings"), listed);
	else if (!listed)
		html(r, "<p>%s</p>\n", L(r->lang, "指摘はありません。", "Nothing to report."));
	html(r, "</section>\n");
	findings_release(&own);
}

void page_views_findings_section(struct req *r, const struct plan *p, size_t limit, bool with_info)
{
	findings_section(r, p, limit, with_info, NULL);
}

void page_views_findings_page(struct req *r, const struct plan *p, const struct paging *pg)
{
	findings_section(r, p, 0, true, pg);
}

/* An in-scope system of the tier board and its RTO (R1). */
struct tier_row {
	size_t pos; /* in p->systems */
	int64_t hours;
};

/* The nearest RTO first (none last), then plan order. */
static int tier_row_cmp(const void *a, const void *b)
{
	const struct tier_row *x = a, *y = b;
	int64_t hx = x->hours == NO_VALUE ? INT64_MAX : x->hours;
	int64_t hy = y->hours == NO_VALUE ? INT64_MAX : y->hours;
	if (hx != hy)
		return hx < hy ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void page_views_tiers_section(struct req *r, const struct plan *p, size_t limit)
{
	html(r, "<section aria-labelledby=\"h-tiers\">\n<h2 id=\"h-tiers\">%s</h2>\n"
		"<div class=\"tierboard\">",
	     L(r->lang, "復旧優先度別のシステム（表5.3-3）", "Systems by recovery priority (表5.3-3)"));
	const struct system_rto *rto = cache_system_rtos(r, p); /* once per plan revision */
	struct tier_row *rows = xcalloc(p->n_systems ? p->n_systems : 1, sizeof *rows);
	size_t none = 0;
	for (size_t i = 0; i < p->n_systems; i++)
		if (p->systems[i].in_scope && rto[i].tier == TIER_NONE)
			none++;
	for (int t = TIER_S; t <= TIER_COUNT; t++) {
		if (t == TIER_COUNT && !none)
			break;
		size_t n = 0;
		for (size_t i = 0; i < p->n_systems; i++)
			if (p->systems[i].in_scope &&
			    (t == TIER_COUNT ? rto[i].tier == TIER_NONE : (int)rto[i].tier == t))
				rows[n++] = (struct tier_row){ i, rto[i].hours };
		qsort(rows, n, sizeof *rows, tier_row_cmp);
		const char *tn = t == TIER_COUNT ? "—" : tier_name((enum tier)t);
		html(r, "<div class=\"tiercol tier-%s\"><h3><span class=\"badge\">%s</span> "
			"<small>%zu</small></h3><ul>",
		     t == TIER_COUNT ? "none" : tn, tn, n);
		for (size_t k = 0; k < n && (limit == 0 || k < limit); k++) {
			const struct system *s = &p->systems[rows[k].pos];
			html(r, "<li><a href=\"/plan/systems/%s\">%s</a></li>", url_encode(r, s->id),
			     page_views_system_name(r, s));
		}
		/* the rest counted, the whole tier one link away */
		if (limit && n > limit)
			html(r, "<li class=\"more\"><a href=\"/plan/systems?tier=%s\">%s</a></li>",
			     t == TIER_COUNT ? "none" : tn,
			     arena_printf(&r->arena, L(r->lang, "ほか%zu件・すべて見る", "%zu more: see all"),
					  n - limit));
		html(r, "</ul></div>");
	}
	html(r, "</div>\n</section>\n");
	free(rows);
}

/* The plan for a views page, or NULL (r answered, or -1 in *rc). */
static const struct plan *views_plan(struct req *r, int *rc)
{
	*rc = 0;
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p)
		*rc = -1;
	return p;
}

/* Opens a views page with its title and a link back to the dashboard. */
static void views_begin(struct req *r, const char *title)
{
	page_begin(r, title);
	html(r, "<p class=\"crumb\"><a href=\"/\">%s</a></p>\n<h1>%s</h1>\n",
	     L(r->lang, "ダッシュボード", "Dashboard"), title);
}

/* GET /views/findings[?q=TEXT][&page=N]: every finding of the plan check,
 * a page at a time. */
int page_views_findings(struct req *r)
{
	int rc;
	const struct plan *p = views_plan(r, &rc);
	if (!p)
		return rc;
	/* A page is made once per thread, plan, day and query (cache.h): each
	 * finding's link looks its element up in the plan.  A page kept was
	 * counted when it was made: only a new one is counted (and may be a
	 * 404). */
	struct paging pg;
	if (paging_read(r, &pg) < 0)
		return 0; /* answered 400 */
	const char *key = paging_cache_key(r, &pg, "findings");
	size_t len;
	if ((!key || !cache_get(r, key, &len)) &&
	    paging_count(r, &pg, page_views_findings_matching(r, p, &pg)) < 0)
		return 0; /* answered 404 */
	views_begin(r, L(r->lang, "計画のチェック結果", "Plan check"));
	const char *body = key ? cache_get(r, key, &len) : NULL;
	if (body) {
		buf_add(&r->out, body, len);
	} else {
		size_t mark = r->out.len;
		page_views_findings_page(r, p, &pg);
		if (key)
			cache_put(r, key, r->out.data + mark, r->out.len - mark);
	}
	page_end(r);
	return 0;
}

/* GET /views/gaps[?event=ID][&q=TEXT][&page=N]: the whole heat map for one
 * event type, a page of systems at a time. */
int page_views_gaps(struct req *r)
{
	int rc;
	const struct plan *p = views_plan(r, &rc);
	if (!p)
		return rc;
	const char *ev = req_query(r, "event");
	if (ev && !plan_event(p, ev)) {
		route_error(r, 404, NULL);
		return 0;
	}
	/* kept as the findings are (above): only a page not kept is counted */
	struct paging pg;
	if (paging_read(r, &pg) < 0)
		return 0; /* answered 400 */
	const char *key = paging_cache_key(r, &pg, "gaps");
	size_t len;
	if ((!key || !cache_get(r, key, &len)) &&
	    paging_count(r, &pg, page_views_gaps_matching(p, ev, &pg)) < 0)
		return 0; /* answered 404 */
	views_begin(r, L(r->lang, "対策レベルの差（ヒートマップ）", "Countermeasure gaps (heat map)"));
	if (p->n_events > 1) {
		html(r, "<form method=\"get\" action=\"/views/gaps\" class=\"inline\">"
			"<label for=\"f-event\">%s</label> <select id=\"f-event\" name=\"event\">",
		     L(r->lang, "危機的事象", "Event type"));
		const char *cur = ev ? ev : page_views_default_event(p);
		for (size_t i = 0; i < p->n_events; i++)
			html(r, "<option value=\"%s\"%s>%s</option>", p->events[i].id,
			     cur && strcmp(cur, p->events[i].id) == 0 ? " selected" : "",
			     p->events[i].name);
		html(r, "</select> <button type=\"submit\">%s</button></form>\n",
		     L(r->lang, "表示", "Show"));
	}
	const char *body = key ? cache_get(r, key, &len) : NULL;
	if (body) {
		buf_add(&r->out, body, len);
	} else {
		size_t mark = r->out.len;
		page_views_gaps_page(r, p, ev, 0, &pg);
		if (key)
			cache_put(r, key, r->out.data + mark, r->out.len - mark);
	}
	page_end(r);
	return 0;
}

/* GET /views/training[?fy=YYYY]: the training calendar of one fiscal year. */
int page_views_training(struct req *r)
{
	int rc;
	const struct plan *p = views_plan(r, &rc);
	if (!p)
		return rc;
	int64_t fy = NO_VALUE;
	const char *q = req_query(r, "fy");
	if (q) {
		char *end;
		long v = strtol(q, &end, 10);
		if (*end || v < 2000 || v > 2200) {
			route_error(r, 400, NULL);
			return 0;
		}
		fy = v;
	}
	views_begin(r, L(r->lang, "教育訓練の年間計画", "Training calendar"));
	page_views_training_section(r, p, fy, true);
	html(r, "<p class=\"docs\"><a href=\"/documents/calendar?fy=%lld\">%s</a> <small>iCalendar</small></p>\n",
	     (long long)(fy == NO_VALUE ? page_views_training_default_fy(p) : fy),
	     L(r->lang, "この年度の予定を予定表に取り込む", "This year's trainings for your calendar app"));
	page_end(r);
	return 0;
}

/* GET /views/dependencies: the whole dependency graph of the systems. */
int page_views_dependencies(struct req *r)
{
	int rc;
	const struct plan *p = views_plan(r, &rc);
	if (!p)
		return rc;
	views_begin(r, L(r->lang, "システム間の依存関係", "Dependencies between systems"));
	page_views_dependencies_section(r, p, 0);
	page_end(r);
	return 0;
}
