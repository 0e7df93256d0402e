/*
 * page_views_training.c — the training calendar of §4.1: one fiscal year
 * as a month grid from April to March, ● in the months a training is held
 * and ▼ above the months the plan marks (plan review, earthquake drill).
 *
 * A table again, for the same reasons as the heat map: the months are
 * column headers, the trainings row headers, and ● / ▼ are characters,
 * so nothing is said by colour alone.  The labels of the ▼ markers follow
 * the grid as a list, since a month column is too narrow for them.
 */
#include <stdlib.h>

#include "rules/rules.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/views/page_views.h"

/* True when fiscal year fy has a training or a marker. */
static bool fy_used(const struct plan *p, int64_t fy)
{
	for (size_t i = 0; i < p->n_trainings; i++)
		if (p->trainings[i].fy == fy)
			return true;
	for (size_t i = 0; i < p->n_calendar_markers; i++)
		if (p->calendar_markers[i].fy == fy)
			return true;
	return false;
}

int64_t page_views_training_default_fy(const struct plan *p)
{
	int64_t now = fiscal_year_of(civil_date_today());
	if (fy_used(p, now))
		return now;
	int64_t best = NO_VALUE;
	for (size_t i = 0; i < p->n_trainings + p->n_calendar_markers; i++) {
		int64_t fy = i < p->n_trainings ? p->trainings[i].fy
						: p->calendar_markers[i - p->n_trainings].fy;
		if (best == NO_VALUE || llabs(fy - now) < llabs(best - now) ||
		    (llabs(fy - now) == llabs(best - now) && fy > best))
			best = fy;
	}
	return best == NO_VALUE ? now : best;
}

/* Month of column c (0 = April … 11 = March). */
static int col_month(int c)
{
	return c < 9 ? c + 4 : c - 8;
}

void page_views_training_section(struct req *r, const struct plan *p, int64_t fy, bool nav)
{
	if (fy == NO_VALUE)
		fy = page_views_training_default_fy(p);
	char fyl[32];
	fiscal_year_label((int)fy, (int)r->lang, fyl, sizeof fyl);
	html(r, "<section aria-labelledby=\"h-training\">\n<h2 id=\"h-training\">%s（%s）</h2>\n",
	     L(r->lang, "教育訓練の年間計画", "Training calendar"), fyl);
	if (nav) {
		char prev[32], next[32];
		fiscal_year_label((int)fy - 1, (int)r->lang, prev, sizeof prev);
		fiscal_year_label((int)fy + 1, (int)r->lang, next, sizeof next);
		html(r, "<p class=\"pager\"><a href=\"/views/training?fy=%lld\">← %s</a> "
			"<a href=\"/views/training?fy=%lld\">%s →</a></p>\n",
		     (long long)(fy - 1), prev, (long long)(fy + 1), next);
	}
	size_t nt = 0;
	for (size_t i = 0; i < p->n_trainings; i++)
		nt += p->trainings[i].fy == fy;
	uint16_t marked = 0;
	for (size_t i = 0; i < p->n_calendar_markers; i++)
		if (p->calendar_markers[i].fy == fy && p->calendar_markers[i].month >= 1 &&
		    p->calendar_markers[i].month <= 12)
			marked |= (uint16_t)(1u << p->calendar_markers[i].month);
	if (nt == 0 && !marked) {
		html(r, "<p>%s</p>\n</section>\n",
		     L(r->lang, "この年度の教育訓練はまだ登録されていません。",
		       "No training planned for this year yet."));
		return;
	}
	html(r, "<div class=\"scroll\" tabindex=\"0\"><table class=\"cal\">\n<caption>%s</caption>\n<thead><tr>"
		"<th scope=\"col\">%s</th>",
	     L(r->lang, "列は月（4月〜翌3月）、●は実施月、▼は目印",
	       "Columns are months (April to March); ● held, ▼ marker"),
	     L(r->lang, "教育訓練", "Training"));
	for (int c = 0; c < 12; c++)
		html(r, "<th scope=\"col\">%d</th>", col_month(c));
	html(r, "</tr></thead>\n<tbody>\n");
	if (marked) {
		html(r, "<tr class=\"mk\"><th scope=\"row\">%s</th>", L(r->lang, "目印", "Markers"));
		for (int c = 0; c < 12; c++)
			html(r, "<td>%s</td>", marked & (1u << col_month(c)) ? "▼" : "");
		html(r, "</tr>\n");
	}
	for (size_t i = 0; i < p->n_trainings; i++) {
		const struct training *t = &p->trainings[i];
		if (t->fy != fy)
			continue;
		html(r, "<tr><th scope=\"row\">%s</th>", t->title);
		for (int c = 0; c < 12; c++) {
			if (t->months & (1u << col_month(c)))
				html(r, "<td class=\"on\">●</td>");
			else
				html(r, "<td></td>");
		}
		html(r, "</tr>\n");
	}
	html(r, "</tbody></table></div>\n");
	if (marked) {
		html(r, "<ul class=\"marks\">");
		for (int c = 0; c < 12; c++)
			for (size_t i = 0; i < p->n_calendar_markers; i++) {
				const struct calendar_marker *m = &p->calendar_markers[i];
				if (m->fy == fy && m->month == col_month(c))
					html(r, "<li>▼ %d%s %s</li>", col_month(c), L(r->lang, "月", ":"),
					     m->label);
			}
		html(r, "</ul>\n");
	}
	if (!nav)
		html(r, "<p><a href=\"/views/training?fy=%lld\">%s</a></p>\n", (long long)fy,
		     L(r->lang, "他の年度を見る", "Other years"));
	html(r, "</section>\n");
}
