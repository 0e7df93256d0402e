/*
 * page_views_gaps.c — the gap heat map (R4): systems × components for one
 * event type, each cell the gap between the target level (R3) and the
 * current level (§3.1), coloured by its size.
 *
 * The map is an HTML table, not a picture: a screen reader reads it like
 * any table (row and column headers with scope), every cell carries its
 * number and the levels it comes from ("0→3"), and the colour only repeats
 * what the number says (JIS X 8341-3: not by colour alone).  The legend
 * names each colour.  Rows follow the tier (S first), then plan order;
 * /views/gaps shows them a page of systems at a time, with a search by
 * system name or ID (web/core/paging.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "util/xalloc.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/paging.h"
#include "web/core/url.h"
#include "web/pages/views/page_views.h"

const char *page_views_default_event(const struct plan *p)
{
	for (size_t i = 0; i < p->n_events; i++)
		if (strcmp(p->events[i].kind, "disaster") == 0)
			return p->events[i].id;
	return p->n_events ? p->events[0].id : NULL;
}

/* The CSS class of a gap: g0 (met), g1, g2, g3 (three or more). */
static const char *gap_class(int64_t gap)
{
	return gap <= 0 ? "g0" : gap == 1 ? "g1" : gap == 2 ? "g2" : "g3";
}

struct hm_row {
	size_t sys;    /* index in p->systems */
	enum tier tier;
	int64_t worst; /* largest gap in the row */
};

/* Tier (S first, none last), then plan order. */
static int hm_row_cmp(const void *a, const void *b)
{
	const struct hm_row *x = a, *y = b;
	int tx = x->tier == TIER_NONE ? TIER_COUNT : (int)x->tier;
	int ty = y->tier == TIER_NONE ? TIER_COUNT : (int)y->tier;
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return (x->sys > y->sys) - (x->sys < y->sys);
}

/* The legend below the map. */
static void legend(struct req *r)
{
	html(r, "<ul class=\"legend\" aria-label=\"%s\">"
		"<li><span class=\"sw g0\"></span>0 %s</li>"
		"<li><span class=\"sw g1\"></span>1</li>"
		"<li><span class=\"sw g2\"></span>2</li>"
		"<li><span class=\"sw g3\"></span>3+ %s</li>"
		"<li><span class=\"sw gn\"></span>— %s</li></ul>\n",
	     L(r->lang, "凡例", "Legend"), L(r->lang, "目標達成", "target met"),
	     L(r->lang, "差が大きい", "largest gap"),
	     L(r->lang, "評価または目標なし", "not assessed or no target"));
}

/* True when system s matches pg's search (its name or ID); always without one. */
static bool system_matches(const struct paging *pg, const struct system *s)
{
	return !pg || paging_match(pg, s->name) || paging_match(pg, s->id);
}

size_t page_views_gaps_matching(const struct plan *p, const char *event_id, const struct paging *pg)
{
	if (!event_id)
		event_id = page_views_default_event(p);
	const struct event_type *ev = plan_event(p, event_id);
	if (!ev || p->n_components == 0)
		return 0;
	bool *has = xcalloc(p->n_systems ? p->n_systems : 1, sizeof *has);
	struct gap_list gl = GAP_LIST_INIT;
	gaps_compute(p, false, &gl);
	for (size_t i = 0; i < gl.n; i++)
		if (gl.v[i].event == ev)
			has[gl.v[i].system - p->systems] = true;
	size_t n = 0;
	for (size_t s = 0; s < p->n_systems; s++)
		n += has[s] && system_matches(pg, &p->systems[s]);
	gap_list_release(&gl);
	free(has);
	return n;
}

void page_views_gaps_section(struct req *r, const struct plan *p, const char *event_id, size_t limit)
{
	page_views_gaps_page(r, p, event_id, limit, NULL);
}

void page_views_gaps_page(struct req *r, const struct plan *p, const char *event_id, size_t limit,
			  const struct paging *pg)
{
	if (!event_id)
		event_id = page_views_default_event(p);
	const struct event_type *ev = plan_event(p, event_id);
	html(r, "<section aria-labelledby=\"h-gaps\">\n<h2 id=\"h-gaps\">%s</h2>\n",
	     L(r->lang, "対策レベルの差（目標−現状）", "Countermeasure gaps (target − current)"));
	if (!ev || p->n_components == 0) {
		html(r, "<p>%s</p>\n</section>\n",
		     L(r->lang, "危機的事象または構成要素が登録されていません。",
		       "No event types or components yet."));
		return;
	}
	size_t nc = p->n_components, ns = p->n_systems;
	/* cell[s * nc + c]: index + 1 into the gap list, 0 when none */
	size_t *cell = xcalloc(ns * nc + 1, sizeof *cell);
	struct hm_row *rows = xcalloc(ns ? ns : 1, sizeof *rows);
	bool *has = xcalloc(ns ? ns : 1, sizeof *has);
	struct gap_list gl = GAP_LIST_INIT;
	gaps_compute(p, false, &gl);
	for (size_t i = 0; i < gl.n; i++) {
		const struct gap *g = &gl.v[i];
		if (g->event != ev)
			continue;
		size_t s = (size_t)(g->system - p->systems), c = (size_t)(g->component - p->components);
		cell[s * nc + c] = i + 1;
		has[s] = true;
	}
	size_t n = 0;
	for (size_t s = 0; s < ns; s++) {
		if (!has[s] || !system_matches(pg, &p->systems[s]))
			continue;
		struct system_rto rto;
		system_rto_compute(p, &p->systems[s], &rto);
		rows[n] = (struct hm_row){ s, rto.tier, 0 };
		for (size_t c = 0; c < nc; c++)
			if (cell[s * nc + c] && gl.v[cell[s * nc + c] - 1].gap > rows[n].worst)
				rows[n].worst = gl.v[cell[s * nc + c] - 1].gap;
		n++;
	}
	qsort(rows, n, sizeof *rows, hm_row_cmp);
	if (pg)
		paging_search_form(r, pg, "/views/gaps",
				   L(r->lang, "システム名・IDで絞り込む", "Find by system name or ID"));

	html(r, "<div class=\"scroll\" tabindex=\"0\"><table class=\"heat\">\n<caption>%s%s%s</caption>\n"
		"<thead><tr><th scope=\"col\">%s</th>",
	     L(r->lang, "危機的事象：", "Event: "),
	     r->lang == LANG_EN && ev->name_en[0] ? ev->name_en : ev->name,
	     L(r->lang, "（数字は差、小さい数字は現状→目標）", " (number: gap; small: current→target)"),
	     L(r->lang, "システム", "System"));
	for (size_t c = 0; c < nc; c++) {
		const struct component *m = &p->components[c];
		html(r, "<th scope=\"col\">%s</th>",
		     r->lang == LANG_EN && m->name_en[0] ? m->name_en : m->name);
	}
	html(r, "</tr></thead>\n<tbody>\n");
	size_t shown = limit && limit < n ? limit : n;
	for (size_t i = 0; i < shown; i++) {
		if (pg && !paging_shows(pg, i))
			continue;
		const struct system *s = &p->systems[rows[i].sys];
		const char *tn = tier_name(rows[i].tier);
		html(r, "<tr><th scope=\"row\" class=\"tier-%s\"><span class=\"badge\">%s</span> "
			"<a href=\"/plan/systems/%s\">%s</a></th>",
		     rows[i].tier == TIER_NONE ? "none" : tn, tn, url_encode(r, s->id),
		     page_views_system_name(r, s));
		for (size_t c = 0; c < nc; c++) {
			size_t k = cell[rows[i].sys * nc + c];
			if (!k) {
				html(r, "<td class=\"gn\">—</td>");
				continue;
			}
			const struct gap *g = &gl.v[k - 1];
			html(r, "<td class=\"%s\">%lld <small>%lld→%lld</small></td>", gap_class(g->gap),
			     (long long)(g->gap > 0 ? g->gap : 0), (long long)g->current,
			     (long long)g->target);
		}
		html(r, "</tr>\n");
	}
	if (n == 0)
		html(r, "<tr><td colspan=\"%zu\">%s</td></tr>\n", nc + 1,
		     L(r->lang, "この事象の評価（表3.1-1）はまだありません。",
		       "No assessments (表3.1-1) for this event yet."));
	html(r, "</tbody></table></div>\n");
	if (pg)
		paging_nav(r, pg, "/views/gaps");
	legend(r);
	if (shown < n)
		html(r, "<p><a href=\"/views/gaps?event=%s\">%s（%zu）</a></p>\n", url_encode(r, ev->id),
		     L(r->lang, "すべてのシステムを見る", "All systems"), n);
	html(r, "</section>\n");
	gap_list_release(&gl);
	free(cell);
	free(rows);
	free(has);
}
