/*
 * page_views_budget.c — the pre-countermeasure budget by fiscal year (R5,
 * R6) as a bar chart drawn in SVG by the server.
 *
 * Horizontal bars, one per fiscal year (令和8年度 …), each labelled with
 * its amount in thousand yen, so the chart reads on a 390-pixel phone
 * without a legend or a hover.  The same figures are in the chart's
 * <desc> for screen readers, and the total follows as text.  The viewBox
 * is 360 units wide: on a phone one unit is about one pixel, so 12-unit
 * text stays legible; on a wide screen the chart is capped by CSS.
 */
#include <stdio.h>

#include "rules/rules.h"
#include "util/numfmt.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/svg.h"
#include "web/pages/views/page_views.h"

#define CH_W 360
#define CH_LABEL 86  /* width of the fiscal-year column */
#define CH_VALUE 104 /* room right of the longest bar for its value */
#define CH_ROW 30
#define CH_BAR 18

const char *page_views_kyen(struct req *r, int64_t v)
{
	char n[NUMFMT_MAX];
	return arena_printf(&r->arena, L(r->lang, "%s千円", "¥%sk"), numfmt_thousands(v < 0 ? 0 : v, n));
}

/* The fiscal year's label ("令和8年度", "FY2026", "年度未定"). */
static const char *fy_label(struct req *r, int64_t fy)
{
	if (fy == NO_VALUE)
		return L(r->lang, "年度未定", "year not set");
	char b[32];
	fiscal_year_label((int)fy, (int)r->lang, b, sizeof b);
	return arena_strdup(&r->arena, b);
}

void page_views_budget_section(struct req *r, const struct plan *p)
{
	struct budget_list bl = BUDGET_LIST_INIT;
	budget_compute(p, BUDGET_BY_FY, &bl);
	html(r, "<section aria-labelledby=\"h-budget\">\n<h2 id=\"h-budget\">%s</h2>\n",
	     L(r->lang, "事前対策の予算（年度別、表3.2-2）", "Countermeasure budget by fiscal year (表3.2-2)"));
	if (bl.n == 0) {
		html(r, "<p>%s</p>\n</section>\n",
		     L(r->lang, "事前対策の実施内容はまだありません。", "No countermeasure items yet."));
		budget_list_release(&bl);
		return;
	}
	int64_t max = 1;
	struct buf desc = BUF_INIT;
	for (size_t i = 0; i < bl.n; i++) {
		if (bl.v[i].total_kyen > max)
			max = bl.v[i].total_kyen;
		buf_addf(&desc, "%s%s %s", i ? L(r->lang, "、", "; ") : "", fy_label(r, bl.v[i].fy),
			 page_views_kyen(r, bl.v[i].total_kyen));
	}
	int h = (int)bl.n * CH_ROW + 8;
	svg_open(&r->out, "budget", "chart bars", CH_W, h,
		 L(r->lang, "年度別の予算（千円）", "Budget by fiscal year (thousand yen)"), desc.data);
	buf_release(&desc);
	int span = CH_W - CH_LABEL - CH_VALUE;
	svg(&r->out, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#767676\"/>", CH_LABEL,
	    CH_LABEL, h);
	for (size_t i = 0; i < bl.n; i++) {
		const struct budget_line *ln = &bl.v[i];
		int y = (int)i * CH_ROW + 6;
		int len = (int)(ln->total_kyen * span / max);
		if (ln->total_kyen > 0 && len < 2)
			len = 2;
		svg_text(&r->out, CH_LABEL - 6, y + 14, "end", 13, "#1a1a1a", 12, fy_label(r, ln->fy));
		svg_rect(&r->out, CH_LABEL, y, len, CH_BAR, "#0b57a4");
		const char *v = page_views_kyen(r, ln->total_kyen);
		if (ln->unknown)
			v = arena_printf(&r->arena, "%s%s", v, L(r->lang, "＋未定", " + TBD"));
		svg_text(&r->out, CH_LABEL + len + 4, y + 14, "start", 12, "#1a1a1a", 0, v);
	}
	svg_close(&r->out);
	html(r, "<p>%s <strong>%s</strong></p>\n", L(r->lang, "合計", "Total"),
	     page_views_kyen(r, bl.grand_total_kyen));
	html(r, "</section>\n");
	budget_list_release(&bl);
}
