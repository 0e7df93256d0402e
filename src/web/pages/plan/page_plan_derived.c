/*
 * page_plan_derived.c — the derived values beside the inputs (form.h):
 * R1/R2 on a system's page, the systems a business sets the RTO of, R3/R4
 * on an assessment, R5 budgets on a countermeasure step, and the
 * "recalculated" box after each save.
 *
 * All figures come from src/rules/, so the pages, the dashboard and the
 * CLI agree; every system's RTO through the thread's cache
 * (cache_system_rtos), derived once per plan revision.  The box after a save compares a snapshot of the derived
 * figures taken before the save with the plan after it; the snapshot
 * travels in the redirect's query ("id:hours:tier" items joined by '.',
 * "~g:N" the open gaps, "~b:N" the budget in thousand yen), so the page
 * the browser lands on can say what moved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "store/element_store.h"
#include "util/numfmt.h"
#include "util/utf8.h"
#include "web/core/cache.h"
#include "web/core/form.h"
#include "web/core/html.h"
#include "web/core/labels.h"
#include "web/core/page.h"
#include "web/core/url.h"
#include "web/pages/plan/page_plan_derived.h"

#define MAX_CANDIDATES 256
#define MAX_DIFF_ITEMS 30

const char *page_plan_derived_hours_text(struct req *r, int64_t h)
{
	if (h == NO_VALUE)
		return "—";
	if (h >= 24 && h % 24 == 0)
		return arena_printf(&r->arena, L(r->lang, "%lld時間（%lld日）", "%lld h (%lld days)"),
				    (long long)h, (long long)(h / 24));
	return arena_printf(&r->arena, L(r->lang, "%lld時間", "%lld h"), (long long)h);
}

/* A tier badge. */
static void tier_badge(struct req *r, enum tier t)
{
	html(r, "<span class=\"tier-%s\"><span class=\"badge\">%s</span></span>",
	     t == TIER_NONE ? "none" : tier_name(t), tier_name(t));
}

/* A link to an element's page, named for people. */
static void elem_link(struct req *r, const struct plan *p, const char *key, const void *elem)
{
	const struct entity_def *e = schema_entity(key);
	html(r, "<a href=\"%s\">%s</a>", form_element_url(r, e, elem), form_name(r, p, e, elem));
}

/* s cut to about 60 bytes on a character boundary (r's arena). */
static const char *short_text(struct req *r, const char *s)
{
	size_t n = utf8_cut(s, 60);
	return s[n] ? arena_printf(&r->arena, "%.*s…", (int)n, s) : s;
}

/* R1 and R2 for a system, with every candidate. */
static void system_section(struct req *r, const struct plan *p, const struct system *s)
{
	struct system_rto rto;
	struct rto_candidate cand[MAX_CANDIDATES];
	cache_system_rto(r, p, s, &rto);
	size_t n = rto_candidates(p, s, cand, MAX_CANDIDATES);

	html(r, "<dl class=\"derived\">");
	html(r, "<dt>%s</dt><dd>%s", L(r->lang, "算定RTO（R1）", "Derived RTO (R1)"),
	     page_plan_derived_hours_text(r, rto.derived_hours));
	if (rto.set_by) {
		html(r, " ← ");
		elem_link(r, p, "businesses", rto.set_by);
		html(r, "（%s %s ＋ %s %s）", L(r->lang, "業務RTO", "business RTO"),
		     page_plan_derived_hours_text(r, rto.set_by->rto_hours),
		     L(r->lang, "代替手段", "alternative means"),
		     page_plan_derived_hours_text(r, rto.set_by_alt_hours));
	} else {
		html(r, " %s", L(r->lang, "（このシステムを使う優先業務がありません）",
				 "(no priority business uses this system)"));
	}
	html(r, "</dd><dt>%s</dt><dd><strong>%s</strong>%s</dd>",
	     L(r->lang, "RTO（採用値）", "RTO (effective)"), page_plan_derived_hours_text(r, rto.hours),
	     rto.rto_overridden ? L(r->lang, "（上書き）", " (override)") : "");
	html(r, "<dt>%s</dt><dd>", L(r->lang, "復旧優先度（R2）", "Recovery tier (R2)"));
	tier_badge(r, rto.tier);
	if (rto.tier_overridden) {
		html(r, " %s ", L(r->lang, "（上書き。RTOからは", "(override; from the RTO:"));
		tier_badge(r, rto.derived_tier);
		html(r, "）");
	}
	html(r, "</dd></dl>\n");
	if (n == 0)
		return;
	html(r, "<div class=\"scroll\"><table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     L(r->lang, "RTOの候補（表5.3-1）：最小値がシステムのRTO",
	       "RTO candidates (表5.3-1): the smallest is the system's RTO"),
	     L(r->lang, "優先業務", "Business"), L(r->lang, "業務RTO", "Business RTO"),
	     L(r->lang, "代替手段", "Alternative means"), L(r->lang, "候補", "Candidate"));
	for (size_t i = 0; i < n && i < MAX_CANDIDATES; i++) {
		html(r, "<tr><td>");
		elem_link(r, p, "businesses", cand[i].business);
		html(r, "</td><td class=\"num\">%s</td><td>%s %s</td><td class=\"num\">%s%s</td></tr>",
		     page_plan_derived_hours_text(r, cand[i].business->rto_hours), short_text(r, cand[i].link->alt_means),
		     page_plan_derived_hours_text(r, cand[i].link->alt_hours), page_plan_derived_hours_text(r, cand[i].hours),
		     cand[i].business == rto.set_by && !rto.rto_overridden ? " ◀" : "");
	}
	html(r, "</tbody></table></div>\n");
}

/* The systems a business uses, and which of them it sets the RTO of. */
static void business_section(struct req *r, const struct plan *p, const struct business *b)
{
	size_t shown = 0;
	for (size_t i = 0; i < p->n_business_systems; i++) {
		const struct business_system *l = &p->business_systems[i];
		const struct system *s = plan_system(p, l->system);
		if (strcmp(l->business, b->id) != 0 || !s)
			continue;
		if (shown++ == 0)
			html(r, "<div class=\"scroll\"><table><caption>%s</caption><thead><tr>"
				"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				"<th scope=\"col\">%s</th></tr></thead><tbody>",
			     L(r->lang, "この業務が使う情報システム（別表1）", "Systems this business uses (別表1)"),
			     L(r->lang, "システム", "System"),
			     L(r->lang, "この業務からの候補", "Candidate from this business"),
			     L(r->lang, "システムのRTO・優先度", "System RTO and tier"),
			     L(r->lang, "RTOを決めている", "Sets its RTO"));
		struct system_rto rto;
		cache_system_rto(r, p, s, &rto);
		int64_t cand = b->rto_hours == NO_VALUE ? NO_VALUE : b->rto_hours + l->alt_hours;
		html(r, "<tr><td>");
		elem_link(r, p, "systems", s);
		html(r, "</td><td class=\"num\">%s</td><td class=\"num\">%s ", page_plan_derived_hours_text(r, cand),
		     page_plan_derived_hours_text(r, rto.hours));
		tier_badge(r, rto.tier);
		html(r, "</td><td>%s</td></tr>",
		     rto.set_by == b && !rto.rto_overridden ? L(r->lang, "● 決めている", "● yes")
							     : L(r->lang, "—", "—"));
	}
	if (shown)
		html(r, "</tbody></table></div>\n");
	else
		html(r, "<p class=\"derived\">%s</p>\n",
		     L(r->lang, "この業務はまだどの情報システムとも関連付けられていません（業務と情報システムの関連で追加）。",
		       "This business is not linked to any system yet (add a business–system link)."));
}

int64_t page_plan_derived_assessment_target(const struct plan *p, const struct assessment *a)
{
	const struct system *s = plan_system(p, a->system);
	if (!s)
		return NO_VALUE;
	struct system_rto rto;
	system_rto_compute(p, s, &rto);
	return target_level(p, a->event, a->component, rto.tier);
}

int64_t page_plan_derived_step_budget(const struct plan *p, const struct countermeasure_step *st)
{
	int64_t total = 0;
	for (size_t i = 0; i < p->n_countermeasure_items; i++)
		if (!strcmp(p->countermeasure_items[i].step, st->id) &&
		    p->countermeasure_items[i].budget_kyen != NO_VALUE)
			total += p->countermeasure_items[i].budget_kyen;
	return total;
}

/* R3/R4 for one assessment. */
static void assessment_section(struct req *r, const struct plan *p, const struct assessment *a)
{
	const struct system *s = plan_system(p, a->system);
	if (!s)
		return;
	struct system_rto rto;
	cache_system_rto(r, p, s, &rto);
	int64_t target = target_level(p, a->event, a->component, rto.tier);
	html(r, "<dl class=\"derived\"><dt>%s</dt><dd>", L(r->lang, "システムの復旧優先度", "System tier"));
	tier_badge(r, rto.tier);
	html(r, "</dd><dt>%s</dt><dd>", L(r->lang, "目標対策レベル（R3）", "Target level (R3)"));
	if (target == NO_VALUE)
		html(r, "%s", L(r->lang, "目標対策レベルの表に該当がありません",
				"the target-level matrix has no entry"));
	else
		html(r, "%lld", (long long)target);
	html(r, "</dd><dt>%s</dt><dd>", L(r->lang, "ギャップ（R4）", "Gap (R4)"));
	if (target == NO_VALUE || a->current_level == NO_VALUE)
		html(r, "—");
	else if (target - a->current_level > 0)
		html(r, "<strong class=\"gap\">%lld</strong> %s", (long long)(target - a->current_level),
		     L(r->lang, "（対策が必要）", "(open risk)"));
	else
		html(r, "0 %s", L(r->lang, "（目標を満たしています）", "(target met)"));
	html(r, "</dd></dl>\n");
}

/* R5: the budget of one step, by fiscal year. */
static void step_section(struct req *r, const struct plan *p, const struct countermeasure_step *st)
{
	struct budget_list bl = BUDGET_LIST_INIT;
	budget_compute(p, BUDGET_BY_STEP, &bl);
	int64_t total = 0;
	size_t items = 0, unknown = 0;
	for (size_t i = 0; i < bl.n; i++)
		if (bl.v[i].step == st) {
			total = bl.v[i].total_kyen;
			items = bl.v[i].items;
			unknown = bl.v[i].unknown;
		}
	budget_list_release(&bl);
	char n[NUMFMT_MAX];
	html(r, "<dl class=\"derived\"><dt>%s</dt><dd><strong>%s</strong> %s",
	     L(r->lang, "このステップの予算合計（R5）", "Budget of this step (R5)"),
	     numfmt_thousands(total, n), L(r->lang, "千円", "thousand yen"));
	html(r, L(r->lang, "（実施内容 %zu件", " (%zu items"), items);
	if (unknown)
		html(r, L(r->lang, "、うち予算未定 %zu件", ", %zu without a budget yet"), unknown);
	html(r, "%s</dd></dl>\n", L(r->lang, "）", ")"));
}

/* R5 for one item: the level before its step, the level it reaches, the target. */
static void item_section(struct req *r, const struct plan *p, const struct countermeasure_item *it)
{
	const struct countermeasure_step *st = plan_countermeasure_step(p, it->step);
	const struct system *s = st ? plan_system(p, st->system) : NULL;
	if (!st || !s)
		return;
	struct system_rto rto;
	cache_system_rto(r, p, s, &rto);
	int64_t before = level_before_step(p, st, it->event, it->component);
	int64_t target = target_level(p, it->event, it->component, rto.tier);
	html(r, "<dl class=\"derived\"><dt>%s</dt><dd>", L(r->lang, "レベルの推移", "Level"));
	if (before == NO_VALUE)
		html(r, "—");
	else
		html(r, "%lld", (long long)before);
	html(r, " → %lld", (long long)it->level);
	if (target != NO_VALUE)
		html(r, L(r->lang, "（目標 %lld）", " (target %lld)"), (long long)target);
	if (before != NO_VALUE && it->level < before)
		html(r, " <strong class=\"gap\">%s</strong>",
		     L(r->lang, "ステップでレベルを下げることはできません（R5）", "a step cannot lower a level (R5)"));
	html(r, "</dd><dt>%s</dt><dd>%lld %s</dd></dl>\n", L(r->lang, "予算の年度", "Fiscal year"),
	     (long long)countermeasure_item_fy(p, it), "");
}

/* The systems per tier under the agency's thresholds. */
static void organisation_section(struct req *r, const struct plan *p)
{
	size_t per[TIER_COUNT + 1] = { 0 };
	for (size_t i = 0; i < p->n_systems; i++) {
		if (!p->systems[i].in_scope)
			continue;
		struct system_rto rto;
		cache_system_rto(r, p, &p->systems[i], &rto);
		per[rto.tier == TIER_NONE ? TIER_COUNT : rto.tier]++;
	}
	html(r, "<p class=\"derived\">%s</p><ul class=\"tiers\">",
	     L(r->lang, "現在の区分による対象システムの数（表5.3-3）:",
	       "Systems in scope per tier under these bounds (表5.3-3):"));
	for (int t = TIER_S; t < TIER_COUNT; t++) {
		html(r, "<li>");
		tier_badge(r, (enum tier)t);
		html(r, " %zu</li>", per[t]);
	}
	html(r, "</ul>\n");
}

void page_plan_derived_section(struct req *r, const struct plan *p, const struct entity_def *e,
			       const void *elem)
{
	const char *k = e->key;
	bool any = e == &schema_organisation || !strcmp(k, "systems") || !strcmp(k, "businesses") ||
		   !strcmp(k, "assessments") || !strcmp(k, "countermeasure_steps") ||
		   !strcmp(k, "countermeasure_items") || !strcmp(k, "business_systems");
	if (!any)
		return;
	html(r, "<section class=\"box\" aria-labelledby=\"derived-h\"><h2 id=\"derived-h\">%s</h2>\n",
	     L(r->lang, "算定値（入力から自動計算）", "Derived values (computed from the inputs)"));
	if (e == &schema_organisation) {
		organisation_section(r, p);
	} else if (!strcmp(k, "systems")) {
		system_section(r, p, elem);
	} else if (!strcmp(k, "businesses")) {
		business_section(r, p, elem);
	} else if (!strcmp(k, "assessments")) {
		assessment_section(r, p, elem);
	} else if (!strcmp(k, "countermeasure_steps")) {
		step_section(r, p, elem);
	} else if (!strcmp(k, "countermeasure_items")) {
		item_section(r, p, elem);
	} else if (!strcmp(k, "business_systems")) {
		const struct business_system *l = elem;
		const struct system *s = plan_system(p, l->system);
		if (s)
			system_section(r, p, s);
	}
	html(r, "</section>\n");
}

/* ---- the "recalculated" box ------------------------------------------ */

/* Open gaps and the grand budget of p. */
static void totals(const struct plan *p, int64_t *gaps, int64_t *budget)
{
	struct gap_list gl = GAP_LIST_INIT;
	struct budget_list bl = BUDGET_LIST_INIT;
	gaps_compute(p, true, &gl);
	budget_compute(p, BUDGET_BY_FY, &bl);
	*gaps = (int64_t)gl.n;
	*budget = bl.grand_total_kyen;
	gap_list_release(&gl);
	budget_list_release(&bl);
}

/* One system's snapshot item "id:hours:tier" into b. */
static void system_item(struct req *r, struct buf *b, const struct plan *p, const struct system *s)
{
	struct system_rto rto;
	cache_system_rto(r, p, s, &rto);
	if (b->len)
		buf_addc(b, '.');
	if (rto.hours == NO_VALUE)
		buf_addf(b, "%s:x:%s", s->id, tier_name(rto.tier));
	else
		buf_addf(b, "%s:%lld:%s", s->id, (long long)rto.hours, tier_name(rto.tier));
}

const char *page_plan_derived_recalc_snapshot(struct req *r, const struct plan *p)
{
	struct buf b = BUF_INIT;
	int64_t gaps, budget;
	for (size_t i = 0; i < p->n_systems; i++)
		system_item(r, &b, p, &p->systems[i]);
	totals(p, &gaps, &budget);
	buf_addf(&b, "%s~g:%lld.~b:%lld", b.len ? "." : "", (long long)gaps, (long long)budget);
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}

/* The snapshot item for id in snap ("id:…"), copied into out; false if none. */
static bool find_item(const char *snap, const char *id, char *out, size_t n)
{
	size_t idl = strlen(id);
	for (const char *p = snap; p && *p;) {
		const char *end = strchr(p, '.');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > idl && strncmp(p, id, idl) == 0 && p[idl] == ':') {
			if (len >= n)
				return false;
			memcpy(out, p, len);
			out[len] = '\0';
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

const char *page_plan_derived_recalc_diff(struct req *r, const char *before, const struct plan *p)
{
	const char *now = page_plan_derived_recalc_snapshot(r, p);
	struct buf b = BUF_INIT;
	size_t items = 0;
	for (const char *q = before; q && *q && items < MAX_DIFF_ITEMS;) {
		const char *end = strchr(q, '.');
		size_t len = end ? (size_t)(end - q) : strlen(q);
		char item[160], id[80], other[160];
		if (len < sizeof item) {
			memcpy(item, q, len);
			item[len] = '\0';
			size_t idl = strcspn(item, ":");
			snprintf(id, sizeof id, "%.*s", (int)idl, item);
			/* An item whose value moved (or whose system is gone) is listed. */
			if (!find_item(now, id, other, sizeof other) || strcmp(other, item) != 0) {
				if (b.len)
					buf_addc(&b, '.');
				buf_adds(&b, item);
				items++;
			}
		}
		q = end ? end + 1 : NULL;
	}
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}

/* The amount v (the URL's "before" value, in thousand yen) with its
 * thousands separators when it is a whole number of at most 18 digits,
 * else v as it came (r's arena). */
static const char *amount_text(struct req *r, const char *v)
{
	const char *d = v[0] == '-' ? v + 1 : v;
	size_t n = strspn(d, "0123456789");
	if (n == 0 || n > 18 || d[n])
		return v;
	char out[NUMFMT_MAX];
	return arena_strdup(&r->arena, numfmt_thousands(strtoll(v, NULL, 10), out));
}

void page_plan_derived_recalc_summary(struct req *r, const struct plan *p, const char *diff)
{
	int64_t gaps, budget;
	totals(p, &gaps, &budget);
	html(r, "<section class=\"box recalc\" aria-labelledby=\"recalc-h\"><h2 id=\"recalc-h\">%s</h2>\n",
	     L(r->lang, "再計算しました", "Recalculated"));
	if (!diff || !*diff) {
		html(r, "<p>%s</p>\n",
		     L(r->lang, "RTO・復旧優先度・ギャップ・予算に変化はありません。",
		       "No RTO, tier, gap or budget changed."));
		html(r, "</section>\n");
		return;
	}
	html(r, "<ul>");
	for (const char *q = diff; q && *q;) {
		const char *end = strchr(q, '.');
		size_t len = end ? (size_t)(end - q) : strlen(q);
		char item[160];
		snprintf(item, sizeof item, "%.*s", (int)len, q);
		q = end ? end + 1 : NULL;
		/* "id:v1:v2" split in place */
		char *c1 = strchr(item, ':');
		if (!c1)
			continue;
		*c1 = '\0';
		const char *id = item, *v1 = c1 + 1, *v2 = "";
		char *c2 = strchr(c1 + 1, ':');
		if (c2) {
			*c2 = '\0';
			v2 = c2 + 1;
		}
		if (strcmp(id, "~g") == 0) {
			html(r, "<li>%s: %s → <strong>%lld</strong></li>",
			     L(r->lang, "未対策のギャップ", "Open gaps"), v1, (long long)gaps);
			continue;
		}
		if (strcmp(id, "~b") == 0) {
			char now[NUMFMT_MAX];
			html(r, L(r->lang, "<li>%s: %s → <strong>%s</strong> 千円</li>",
				  "<li>%s: %s → <strong>%s</strong> thousand yen</li>"),
			     L(r->lang, "事前対策の予算合計", "Countermeasure budget"), amount_text(r, v1),
			     numfmt_thousands(budget, now));
			continue;
		}
		const struct system *s = plan_system(p, id);
		if (!s) {
			html(r, "<li>%s %s</li>", id, L(r->lang, "（削除されました）", "(deleted)"));
			continue;
		}
		struct system_rto rto;
		cache_system_rto(r, p, s, &rto);
		html(r, "<li>");
		elem_link(r, p, "systems", s);
		html(r, ": RTO %s → <strong>%s</strong>、%s %s → ",
		     strcmp(v1, "x") == 0 ? "—" : page_plan_derived_hours_text(r, atoll(v1)),
		     page_plan_derived_hours_text(r, rto.hours), L(r->lang, "優先度", "tier"), v2);
		tier_badge(r, rto.tier);
		html(r, "</li>");
	}
	html(r, "</ul></section>\n");
}
