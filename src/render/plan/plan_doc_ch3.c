/*
 * plan_doc_ch3.c — chapter 3 of the plan: 事前対策計画.
 *
 * 3.1: per in-scope system, the appendix's 表3.1-1 (branched 表3.1-1-2 …
 * when there are several, as 3.2's are) with its department, tier (R2)
 * and RLO, then per event each component's current level, target level
 * (R3) and risk text, and under the first the appendix's two footnotes on
 * the level columns; a component with a target but no assessment is a
 * placeholder explained by the plan check.  3.2: per system with steps, 表3.2-1 the
 * medium-term policy (steps with fiscal years, contents, effect, residual
 * risk) and 表3.2-2 the step overview (years and measures), branched per
 * system when there are several (表3.2-1-2); after them, per step the items
 * with level before → level reached (R5), actions, budget (千円, with
 * separators) and owner, and a budget roll-up by fiscal year.
 * The risk register and the budget as single tables for CSV are here too.
 */
#include "render/plan/plan_doc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/numfmt.h"
#include "util/xalloc.h"

/* The header rows shared by 表3.1-n and 表3.2-1: department, tier/RTO, RLO. */
static void system_head(struct pd *x, struct doc_table *t, const struct system *s, bool rto)
{
	struct system_rto r;
	system_rto_compute(x->p, s, &r);
	char el[160], buf[PD_SHORT];
	snprintf(el, sizeof el, "systems/%s", s->id);
	doc_table_row(t);
	doc_cell_span(t, L(x->lang, "管理部門", "Managing department"), 2, 1)->flags |= DOC_CELL_HEAD;
	doc_cell_span(t, rto ? L(x->lang, "RTO（目標復旧時間）", "RTO (recovery time objective)")
			     : L(x->lang, "復旧優先度", "Recovery priority"),
		      2, 1)->flags |= DOC_CELL_HEAD;
	doc_cell_span(t, L(x->lang, "RLO（目標復旧レベル）", "RLO (recovery level objective)"),
		      t->n_cols - 4, 1)->flags |= DOC_CELL_HEAD;
	doc_table_row(t);
	const char *dept = pd_dept_name(x, s->department);
	if (*dept) {
		doc_cell_span(t, dept, 2, 1);
	} else {
		struct doc_cell *c = doc_cell_span(t, L(x->lang, "[部局]", "[department]"), 2, 1);
		c->flags |= DOC_CELL_PLACEHOLDER;
		doc_cell_note(c, pd_why(x, el, "system-no-department"));
	}
	if (rto) {
		pd_hours(x, r.hours, buf);
		if (*buf)
			doc_cell_span(t, buf, 2, 1);
		else {
			struct doc_cell *c = doc_cell_span(t, L(x->lang, "〇〇時間", "[hours]"), 2, 1);
			c->flags |= DOC_CELL_PLACEHOLDER;
			doc_cell_note(c, pd_why(x, el, "system-no-rto"));
		}
	} else {
		if (r.tier == TIER_NONE) {
			struct doc_cell *c = doc_cell_span(t, "[ ]", 2, 1);
			c->flags |= DOC_CELL_PLACEHOLDER;
			doc_cell_note(c, pd_why(x, el, "system-no-rto"));
		} else {
			doc_cell_span(t, pd_tier_range(x, r.tier, buf), 2, 1);
		}
	}
	if (s->rlo && *s->rlo) {
		doc_cell_span(t, s->rlo, t->n_cols - 4, 1);
	} else {
		struct doc_cell *c = doc_cell_span(t, L(x->lang, "平時の〇〇%まで復旧", "[RLO]"),
						   t->n_cols - 4, 1);
		c->flags |= DOC_CELL_PLACEHOLDER;
		doc_cell_note(c, pd_why(x, el, "system-no-rlo"));
	}
}

/* The assessments of one system, gathered once per table (a large plan
 * has thousands: looking through all of them per cell is quadratic). */
struct sys_assessments {
	const struct assessment **a;
	size_t n, cap;
};

/* Collects the assessments of s into sa (free sa->a). */
static void gather_assessments(struct pd *x, const struct system *s, struct sys_assessments *sa)
{
	memset(sa, 0, sizeof *sa);
	for (size_t i = 0; i < x->p->n_assessments; i++) {
		const struct assessment *a = &x->p->assessments[i];
		if (pd_same(a->system, s->id)) {
			sa->a = xgrow(sa->a, &sa->cap, sa->n + 1, sizeof *sa->a);
			sa->a[sa->n++] = a;
		}
	}
}

/* The assessment of e × c among the system's, or NULL. */
static const struct assessment *find_assessment(const struct sys_assessments *sa,
						const struct event_type *e,
						const struct component *c)
{
	for (size_t i = 0; i < sa->n; i++) {
		const struct assessment *a = sa->a[i];
		if (pd_same(a->event, e->id) && pd_same(a->component, c->id))
			return a;
	}
	return NULL;
}

/* The appendix's footnotes on the level columns of 表3.1-1. */
static const char current_note_ja[] =
	"本計画「5.4.2. 情報システムを支える構成要素ごとの目標対策レベルの設定」で定義する"
	"対策レベルに沿って、現状の情報システムの運用環境を評価し、現状対策レベルを記載する。";
static const char current_note_en[] =
	"The current environment of each system is assessed against the levels defined in "
	"5.4.2 (target levels per component), and its current level is given here.";
static const char target_note_ja[] =
	"それぞれの対策レベルの内容は、本計画「5.4.2. 情報システムを支える構成要素ごとの"
	"目標対策レベルの設定」にて定めている。なお、大規模災害においては、一部復旧でも可と"
	"するケースもあることを考慮しても良い。";
static const char target_note_en[] =
	"What each level means is set in 5.4.2 (target levels per component). For a large-scale "
	"disaster, a partial recovery may be accepted.";

/* 表3.1-1 for one system: the appendix's table, branched (表3.1-1-2) when
 * there are several systems, as 3.2's are.  marks: the level columns of
 * its first event carry the marks of the two footnotes that follow it. */
static void assessment_table(struct pd *x, const struct system *s, unsigned branch, bool marks)
{
	struct system_rto r;
	system_rto_compute(x->p, s, &r);
	struct buf cap = BUF_INIT;
	buf_addf(&cap, L(x->lang, "%sにおける現状対策レベルとリスクの評価結果",
			 "%s: current countermeasure levels and risks"),
		 s->name);
	static const unsigned w[] = { 3, 4, 2, 2, 9 };
	struct doc_table *t = pd_table_at(x, "3.1", 1, branch, cap.data, 5, w);
	buf_release(&cap);
	system_head(x, t, s, false);
	struct sys_assessments sa;
	gather_assessments(x, s, &sa);
	size_t rows = 0;
	for (size_t ei = 0; ei < x->p->n_events; ei++) {
		const struct event_type *e = &x->p->events[ei];
		/* Which components have something to show for this event? */
		size_t n = 0;
		for (size_t ci = 0; ci < x->p->n_components; ci++) {
			const struct component *c = &x->p->components[ci];
			if (find_assessment(&sa, e, c) || target_level(x->p, e->id, c->id, r.tier) != NO_VALUE)
				n++;
		}
		if (!n)
			continue;
		struct buf h = BUF_INIT;
		buf_addf(&h, L(x->lang, "%sにおけるリスク", "Risks: %s"), pd_event_name(x, e));
		doc_table_row(t);
		doc_cell_span(t, h.data, 5, 1)->flags |= DOC_CELL_HEAD | DOC_CELL_SHADE;
		buf_release(&h);
		doc_table_row(t);
		doc_cell_span(t, L(x->lang, "情報システムを支える構成要素", "Component"), 2, 1)->flags |=
			DOC_CELL_HEAD;
		struct buf lc = BUF_INIT, lt = BUF_INIT;
		buf_adds(&lc, L(x->lang, "現状対策レベル", "Current level"));
		buf_adds(&lt, L(x->lang, "目標対策レベル", "Target level"));
		if (marks) {
			buf_reset(&lc);
			buf_reset(&lt);
			pd_marked(x, 0, L(x->lang, "現状対策レベル", "Current level"), NULL, &lc);
			pd_marked(x, 1, L(x->lang, "目標対策レベル", "Target level"), NULL, &lt);
			marks = false; /* the first event's header only */
		}
		doc_cell(t, lc.data)->flags |= DOC_CELL_HEAD;
		doc_cell(t, lt.data)->flags |= DOC_CELL_HEAD;
		buf_release(&lc);
		buf_release(&lt);
		doc_cell(t, L(x->lang, "情報システムを支える構成要素ごとのリスク", "Risk"))->flags |=
			DOC_CELL_HEAD;
		const struct component *shown[64];
		size_t ns = 0;
		for (size_t ci = 0; ci < x->p->n_components && ns < 64; ci++) {
			const struct component *c = &x->p->components[ci];
			if (find_assessment(&sa, e, c) ||
			    target_level(x->p, e->id, c->id, r.tier) != NO_VALUE)
				shown[ns++] = c;
		}
		for (size_t k = 0; k < ns; k++) {
			const struct component *c = shown[k];
			const struct assessment *a = find_assessment(&sa, e, c);
			int64_t target = target_level(x->p, e->id, c->id, r.tier);
			rows++;
			char el[200];
			snprintf(el, sizeof el, "assessments/%s/%s/%s", s->id, e->id, c->id);
			doc_table_row(t);
			/* One category cell over its consecutive components. */
			if (k == 0 || !c->category || !shown[k - 1]->category ||
			    strcmp(shown[k - 1]->category, c->category) != 0) {
				int span = 1;
				while (k + (size_t)span < ns && c->category && shown[k + (size_t)span]->category &&
				       strcmp(shown[k + (size_t)span]->category, c->category) == 0)
					span++;
				doc_cell_span(t, pd_category_name(x, c->category), 1, span)->flags |=
					DOC_CELL_HEAD;
			}
			doc_cell(t, pd_component_name(x, c))->flags |= DOC_CELL_HEAD;
			if (a)
				doc_cellf(t, "%lld", (long long)a->current_level)->align = DOC_ALIGN_CENTER;
			else
				doc_cell_placeholder(t, "[ ]", pd_why(x, el, "assessment-missing"))->align =
					DOC_ALIGN_CENTER;
			if (target != NO_VALUE) {
				struct doc_cell *tc = doc_cellf(t, "%lld", (long long)target);
				tc->align = DOC_ALIGN_CENTER;
				if (a && target > a->current_level)
					tc->flags |= DOC_CELL_EMPH;
			} else {
				doc_cell(t, "—")->align = DOC_ALIGN_CENTER;
			}
			if (a && a->risk && *a->risk)
				pd_cell_bullets(x, t, a->risk, NULL, NULL, NULL);
			else if (a && (target == NO_VALUE || a->current_level >= target))
				doc_cell(t, L(x->lang, "目標対策レベルを満たしている",
					      "meets the target level"));
			else
				doc_cell_placeholder(t, L(x->lang, "・〇〇", "・[risk]"),
						     pd_why(x, el, a ? "assessment-no-risk"
								     : "assessment-missing"));
		}
	}
	if (!rows) {
		char el[160];
		snprintf(el, sizeof el, "systems/%s", s->id);
		doc_table_row(t);
		doc_cell_placeholder(t, L(x->lang, "[構成要素]", "[component]"),
				     pd_why(x, el, r.tier == TIER_NONE ? "system-no-rto"
									: "system-no-assessment"));
		doc_cell_placeholder(t, "〇〇", NULL);
		doc_cell_placeholder(t, "[ ]", NULL);
		doc_cell_placeholder(t, "[ ]", NULL);
		doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_end(t);
	free(sa.a);
}

/* 3.1. */
static void current_levels(struct pd *x)
{
	doc_add_heading(x->d, 2, "3.1.", L(x->lang, "情報システムを支える構成要素ごとの現状対策レベルとリスク",
					   "Current countermeasure levels and risks per component"));
	doc_add_para(x->d, L(x->lang,
			     "情報システムの現状対策レベルとリスクの評価結果について、以下に記す。",
			     "The assessment of each system's current levels and risks follows."));
	size_t in_scope = 0, n = 0;
	for (size_t i = 0; i < x->p->n_systems; i++)
		in_scope += x->p->systems[i].in_scope;
	for (size_t i = 0; i < x->p->n_systems; i++)
		if (x->p->systems[i].in_scope) {
			n++;
			assessment_table(x, &x->p->systems[i], in_scope > 1 ? (unsigned)n : 0, n == 1);
			if (n == 1) { /* the appendix's footnotes, under the first table */
				pd_footnote(x, L(x->lang, current_note_ja, current_note_en));
				pd_footnote(x, L(x->lang, target_note_ja, target_note_en));
			}
		}
	if (!n)
		doc_add_placeholder(x->d, "〇〇", pd_why(x, "systems", "plan-no-system-in-scope"));
	pd_guideline(x, "2.7.1 現状の対策の確認及びリスクの評価",
		     "2.7.1 Checking current measures and assessing risk");
}

/* "令和8年度～令和9年度". */
static void fy_range(struct pd *x, const struct countermeasure_step *st, struct buf *b)
{
	char a[PD_SHORT], z[PD_SHORT];
	pd_fy(x, st->fy_from, a);
	pd_fy(x, st->fy_to, z);
	if (st->fy_to == st->fy_from && st->fy_from != NO_VALUE)
		buf_adds(b, a);
	else
		buf_addf(b, "%s～%s", a, z);
}

/* The steps of system s in step order. */
static size_t steps_of(struct pd *x, const struct system *s,
		       const struct countermeasure_step **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < x->p->n_countermeasure_steps && n < max; i++)
		if (pd_same(x->p->countermeasure_steps[i].system, s->id))
			out[n++] = &x->p->countermeasure_steps[i];
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j - 1]->no > out[j]->no; j--) {
			const struct countermeasure_step *tmp = out[j];
			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return n;
}

#define MAX_STEPS 64

/* 表3.2-1: the medium-term policy of one system; branch is the system's
 * number among those with steps when there are several (表3.2-1-2), else 0. */
static void policy_table(struct pd *x, const struct system *s,
			 const struct countermeasure_step **st, size_t n, unsigned branch)
{
	struct buf cap = BUF_INIT;
	buf_addf(&cap, L(x->lang, "%sにおける中長期の事前対策実施方針",
			 "%s: medium-term countermeasure policy"),
		 s->name);
	static const unsigned w[] = { 2, 2, 2, 2, 9 };
	struct doc_table *t = pd_table_at(x, "3.2", 1, branch, cap.data, 5, w);
	buf_release(&cap);
	system_head(x, t, s, true);
	doc_table_row(t);
	doc_cell_span(t, L(x->lang, "事前対策実施方針", "Countermeasure policy"), 5, 1)->flags |=
		DOC_CELL_HEAD | DOC_CELL_SHADE;
	for (size_t k = 0; k < n; k++) {
		struct buf h = BUF_INIT;
		buf_addf(&h, L(x->lang, "ステップ%lld（実施予定年度：", "Step %lld (fiscal years: "),
			 (long long)st[k]->no);
		fy_range(x, st[k], &h);
		buf_adds(&h, L(x->lang, "）", ")"));
		doc_table_row(t);
		doc_cell_span(t, h.data, 5, 1)->flags |= DOC_CELL_HEAD;
		buf_release(&h);
		const char *labels[3][2] = { { "実施内容", "Contents" },
					     { "期待効果", "Expected effect" },
					     { "残存リスク", "Residual risk" } };
		const char *texts[3] = { st[k]->contents, st[k]->effect, st[k]->residual_risk };
		static const char *const codes[3] = { "step-no-contents", "step-no-effect",
						      "step-no-residual-risk" };
		char el[160];
		snprintf(el, sizeof el, "countermeasure_steps/%s", st[k]->id);
		for (int j = 0; j < 3; j++) {
			doc_table_row(t);
			doc_cell_span(t, L(x->lang, labels[j][0], labels[j][1]), 2, 1)->flags |=
				DOC_CELL_HEAD;
			struct doc_cell *c;
			if (texts[j] && *texts[j])
				c = doc_cell_span(t, texts[j], 3, 1);
			else {
				c = doc_cell_span(t, "・・・", 3, 1);
				c->flags |= DOC_CELL_PLACEHOLDER;
				doc_cell_note(c, pd_why(x, el, codes[j]));
			}
		}
	}
	doc_table_end(t);
}

/* The measures of a step's items ("(1) 大規模災害に備えた…"), each once,
 * in first-seen order, into out (at most max); returns how many. */
static size_t step_measures(struct pd *x, const struct countermeasure_step *st, const char **out,
			    size_t max)
{
	size_t nm = 0;
	for (size_t i = 0; i < x->p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &x->p->countermeasure_items[i];
		if (!pd_same(it->step, st->id))
			continue;
		size_t m = 0;
		while (m < nm && strcmp(out[m], it->measure) != 0)
			m++;
		if (m == nm && nm < max)
			out[nm++] = it->measure;
	}
	return nm;
}

/* 表3.2-2: what each step of one system does, as the appendix lays it out:
 * the step beside its fiscal years and its measures, one per line. */
static void steps_overview(struct pd *x, const struct system *s,
			   const struct countermeasure_step **st, size_t n, unsigned branch)
{
	struct buf cap = BUF_INIT;
	buf_addf(&cap, L(x->lang, "%sにおける各ステップで実施する内容", "%s: what each step does"),
		 s->name);
	static const unsigned w[] = { 2, 9 };
	struct doc_table *t = pd_table_at(x, "3.2", 2, branch, cap.data, 2, w);
	buf_release(&cap);
	for (size_t k = 0; k < n; k++) {
		const char *measures[64];
		size_t nm = step_measures(x, st[k], measures, 64);
		size_t shown = 0;
		for (size_t m = 0; m < nm; m++)
			shown += *measures[m] != '\0';
		char name[64];
		snprintf(name, sizeof name, L(x->lang, "ステップ%lld", "Step %lld"),
			 (long long)st[k]->no);
		doc_table_row(t);
		/* Items without a measure's name add no line; a step without
		 * items is the placeholder the check explains. */
		doc_cell_span(t, name, 1, (int)(1 + shown + (nm == 0)))->flags |= DOC_CELL_HEAD;
		struct buf h = BUF_INIT;
		buf_adds(&h, L(x->lang, "実施予定年度：", "Fiscal years: "));
		fy_range(x, st[k], &h);
		doc_cell(t, h.data);
		buf_release(&h);
		for (size_t m = 0; m < nm; m++) {
			if (!*measures[m])
				continue;
			doc_table_row(t);
			doc_cell(t, measures[m]);
		}
		if (!nm) {
			char el[160];
			snprintf(el, sizeof el, "countermeasure_steps/%s", st[k]->id);
			doc_table_row(t);
			doc_cell_placeholder(t, "(1) 〇〇", pd_why(x, el, "step-no-items"));
		}
	}
	doc_table_end(t);
}

/* 表3.2-n (after the appendix's 3.2-2): the items of one step, grouped by
 * measure, with a total. */
static void step_table(struct pd *x, const struct system *s, const struct countermeasure_step *st)
{
	struct buf cap = BUF_INIT;
	buf_addf(&cap, L(x->lang, "%sにおけるステップ%lldの対策の詳細一覧（", "%s: step %lld in detail ("), s->name,
		 (long long)st->no);
	fy_range(x, st, &cap);
	buf_adds(&cap, L(x->lang, "）", ")"));
	static const unsigned w[] = { 3, 4, 2, 2, 8, 3, 3 };
	struct doc_table *t = pd_table(x, "3.2", cap.data, 7, w);
	buf_release(&cap);
	char reach[64];
	snprintf(reach, sizeof reach, L(x->lang, "ステップ%lld到達レベル", "Level after step %lld"),
		 (long long)st->no);
	doc_table_head(t);
	doc_cell_span(t, L(x->lang, "情報システムを支える構成要素", "Component"), 2, 1);
	doc_cell(t, L(x->lang, "現状レベル", "Level before"));
	doc_cell(t, reach);
	doc_cell(t, L(x->lang, "対策実施内容", "Actions"));
	doc_cell(t, L(x->lang, "必要予算（千円）", "Budget (thousand yen)"));
	doc_cell(t, L(x->lang, "実施主体", "Owner"));
	/* Measures in first-seen order; items of each below it. */
	const char *measures[64];
	size_t nm = step_measures(x, st, measures, 64);
	int64_t total = 0;
	size_t unknown = 0, items = 0;
	for (size_t m = 0; m < nm; m++) {
		if (*measures[m]) {
			doc_table_row(t);
			doc_cell_span(t, measures[m], 7, 1)->flags |= DOC_CELL_HEAD | DOC_CELL_SHADE;
		}
		for (size_t i = 0; i < x->p->n_countermeasure_items; i++) {
			const struct countermeasure_item *it = &x->p->countermeasure_items[i];
			if (!pd_same(it->step, st->id) || strcmp(it->measure, measures[m]) != 0)
				continue;
			items++;
			const struct component *c = plan_component(x->p, it->component);
			doc_table_row(t);
			doc_cell(t, c ? pd_category_name(x, c->category) : "")->flags |= DOC_CELL_HEAD;
			doc_cell(t, pd_component_name(x, c))->flags |= DOC_CELL_HEAD;
			char el[160];
			snprintf(el, sizeof el, "countermeasure_items/%s", it->id);
			int64_t before = level_before_step(x->p, st, it->event, it->component);
			if (before == NO_VALUE)
				doc_cell_placeholder(t, "[ ]", pd_why(x, el, "item-no-current-level"))
					->align = DOC_ALIGN_CENTER;
			else
				doc_cellf(t, "%lld", (long long)before)->align = DOC_ALIGN_CENTER;
			doc_cellf(t, "%lld", (long long)it->level)->align = DOC_ALIGN_CENTER;
			pd_cell_bullets(x, t, it->actions, "・〇〇", el, "item-no-actions");
			if (it->budget_kyen == NO_VALUE) {
				unknown++;
				doc_cell_placeholder(t, L(x->lang, "[未定]", "[TBD]"),
						     pd_why(x, el, "item-no-budget"))
					->align = DOC_ALIGN_RIGHT;
			} else {
				total += it->budget_kyen;
				char num[PD_SHORT];
				doc_cell(t, numfmt_thousands(it->budget_kyen, num))->align = DOC_ALIGN_RIGHT;
			}
			struct buf o = BUF_INIT;
			buf_adds(&o, pd_dept_name(x, it->owner));
			if (it->owner_note && *it->owner_note)
				buf_addf(&o, "%s%s", o.len ? "\n" : "", it->owner_note);
			pd_cell(x, t, o.data, L(x->lang, "部局〇 〇担当", "[owner]"), el, "item-no-owner");
			buf_release(&o);
		}
	}
	if (!items) {
		char el[160];
		snprintf(el, sizeof el, "countermeasure_steps/%s", st->id);
		doc_table_row(t);
		doc_cell_placeholder(t, "〇〇", pd_why(x, el, "step-no-items"));
		doc_cell_placeholder(t, "〇〇", NULL);
		doc_cell_placeholder(t, "[ ]", NULL);
		doc_cell_placeholder(t, "[ ]", NULL);
		doc_cell_placeholder(t, "・〇〇", NULL);
		doc_cell_placeholder(t, "[ ]", NULL);
		doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_row(t);
	doc_cell_span(t, L(x->lang, "合計", "Total"), 5, 1)->flags |= DOC_CELL_HEAD | DOC_CELL_EMPH;
	char tot[PD_SHORT];
	struct doc_cell *tc = doc_cell(t, numfmt_thousands(total, tot));
	tc->align = DOC_ALIGN_RIGHT;
	tc->flags |= DOC_CELL_EMPH;
	if (unknown) {
		char note[128];
		snprintf(note, sizeof note,
			 L(x->lang, "予算未定の項目が%zu件あります", "%zu item(s) without a budget yet"),
			 unknown);
		doc_cell_note(tc, note);
	}
	doc_cell(t, "");
	doc_table_end(t);
}

/* The budget roll-up by fiscal year and by step (R5). */
static void budget_summary(struct pd *x)
{
	struct budget_list fy = BUDGET_LIST_INIT;
	budget_compute(x->p, BUDGET_BY_FY, &fy);
	static const unsigned w[] = { 4, 2, 2 };
	struct doc_table *t = pd_table(x, "3.2", L(x->lang, "事前対策の必要予算（年度別）",
						   "Countermeasure budget by fiscal year"),
				       3, w);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "年度", "Fiscal year"));
	doc_cell(t, L(x->lang, "必要予算（千円）", "Budget (thousand yen)"));
	doc_cell(t, L(x->lang, "予算未定の項目", "Items without budget"));
	for (size_t i = 0; i < fy.n; i++) {
		char b[PD_SHORT];
		doc_table_row(t);
		doc_cell(t, pd_fy(x, fy.v[i].fy, b));
		doc_cell(t, numfmt_thousands(fy.v[i].total_kyen, b))->align = DOC_ALIGN_RIGHT;
		doc_cellf(t, "%zu", fy.v[i].unknown)->align = DOC_ALIGN_RIGHT;
	}
	doc_table_row(t);
	doc_cell(t, L(x->lang, "合計", "Total"))->flags |= DOC_CELL_HEAD | DOC_CELL_EMPH;
	char num[PD_SHORT];
	struct doc_cell *c = doc_cell(t, numfmt_thousands(fy.grand_total_kyen, num));
	c->align = DOC_ALIGN_RIGHT;
	c->flags |= DOC_CELL_EMPH;
	doc_cell(t, "");
	doc_table_end(t);
	budget_list_release(&fy);
}

/* 3.2. */
static void countermeasure_plan(struct pd *x)
{
	doc_add_heading(x->d, 2, "3.2.", L(x->lang, "事前対策の実施計画", "Countermeasure plan"));
	doc_add_heading(x->d, 4, "(1)", L(x->lang, "情報システムの継続性強化方針",
					  "Policy for strengthening continuity"));
	doc_add_para(x->d, L(x->lang, "情報システムの中長期の事前対策実施方針について、以下に記す。",
			     "The medium-term countermeasure policy of each system:"));
	const struct countermeasure_step *st[MAX_STEPS];
	/* The appendix shows 表3.2-1 and 表3.2-2 for one system; with several,
	 * each system's pair carries a branch number (表3.2-1-1, 表3.2-1-2 …). */
	size_t with_steps = 0;
	for (size_t i = 0; i < x->p->n_systems; i++)
		with_steps += steps_of(x, &x->p->systems[i], st, MAX_STEPS) > 0;
	size_t any = 0;
	for (size_t i = 0; i < x->p->n_systems; i++) {
		const struct system *s = &x->p->systems[i];
		size_t n = steps_of(x, s, st, MAX_STEPS);
		if (n) {
			any++;
			policy_table(x, s, st, n, with_steps > 1 ? (unsigned)any : 0);
		}
	}
	/* Without steps the policy is a placeholder only while a gap wants
	 * one; a plan that meets every target has nothing to do here. */
	static const char *const open_codes[] = { "gap-no-countermeasure", "assessment-missing",
						  "system-no-assessment", "plan-no-system-in-scope" };
	const char *open = NULL;
	for (size_t i = 0; !any && !open && i < sizeof open_codes / sizeof open_codes[0]; i++)
		open = pd_finding(x, NULL, open_codes[i]);
	if (open)
		doc_add_placeholder(x->d, L(x->lang, "[事前対策実施方針]", "[countermeasure policy]"),
				    open);
	else if (!any)
		doc_add_para(x->d, L(x->lang, "目標対策レベルに届かない構成要素がないため、事前対策はない。",
				     "Every component meets its target level: no countermeasure is "
				     "needed."));
	doc_add_heading(x->d, 4, "(2)", L(x->lang, "対策ステップ詳細", "Steps in detail"));
	doc_add_para(x->d, L(x->lang,
			     "事前対策実施方針に基づき、各ステップで実施する内容について、以下に記す。",
			     "What each step does, following the policy above:"));
	size_t k_sys = 0;
	for (size_t i = 0; i < x->p->n_systems; i++) {
		const struct system *s = &x->p->systems[i];
		size_t n = steps_of(x, s, st, MAX_STEPS);
		if (n) {
			k_sys++;
			steps_overview(x, s, st, n, with_steps > 1 ? (unsigned)k_sys : 0);
		}
	}
	for (size_t i = 0; i < x->p->n_systems; i++) {
		const struct system *s = &x->p->systems[i];
		size_t n = steps_of(x, s, st, MAX_STEPS);
		for (size_t k = 0; k < n; k++)
			step_table(x, s, st[k]);
	}
	budget_summary(x);
	/* The appendix's ※ note on residual risks (「…明記する。」) tells the
	 * author what to write; it is not plan text. */
	pd_guideline(x, "2.7.2 事前対策計画の策定とその実施",
		     "2.7.2 Making and carrying out the countermeasure plan");
}

void pd_chapter3(struct pd *x)
{
	doc_add_page_break(x->d);
	doc_add_heading(x->d, 1, "3.", L(x->lang, "事前対策計画", "Countermeasure plan"));
	current_levels(x);
	countermeasure_plan(x);
}

void pd_table_risks(struct pd *x)
{
	struct gap_list g = GAP_LIST_INIT;
	gaps_compute(x->p, true, &g);
	static const unsigned w[] = { 1, 4, 3, 3, 1, 1, 1, 8 };
	struct doc_table *t = &doc_add_table(x->d, L(x->lang, "表 3.1", "Table 3.1"),
					     L(x->lang, "リスク一覧（目標対策レベルとの差）",
					       "Risk register (gaps to target levels)"),
					     8, w)->table;
	doc_table_name(t, "risks");
	doc_table_head(t);
	doc_cell(t, L(x->lang, "復旧優先度", "Tier"));
	doc_cell(t, L(x->lang, "情報システム名", "System"));
	doc_cell(t, L(x->lang, "危機的事象", "Event"));
	doc_cell(t, L(x->lang, "構成要素", "Component"));
	doc_cell(t, L(x->lang, "現状対策レベル", "Current"));
	doc_cell(t, L(x->lang, "目標対策レベル", "Target"));
	doc_cell(t, L(x->lang, "差", "Gap"));
	doc_cell(t, L(x->lang, "リスク", "Risk"));
	for (size_t i = 0; i < g.n; i++) {
		const struct gap *e = &g.v[i];
		doc_table_row(t);
		doc_cell(t, tier_name(e->tier));
		doc_cell(t, e->system->name);
		doc_cell(t, pd_event_name(x, e->event));
		doc_cell(t, pd_component_name(x, e->component));
		doc_cellf(t, "%lld", (long long)e->current);
		doc_cellf(t, "%lld", (long long)e->target);
		doc_cellf(t, "%lld", (long long)e->gap);
		doc_cell(t, e->assessment && e->assessment->risk ? e->assessment->risk : "");
	}
	doc_table_end(t);
	gap_list_release(&g);
}

void pd_table_budget(struct pd *x)
{
	static const unsigned w[] = { 3, 1, 2, 3, 3, 1, 1, 6, 2, 2 };
	struct doc_table *t = &doc_add_table(x->d, L(x->lang, "表 3.2", "Table 3.2"),
					     L(x->lang, "事前対策の必要予算", "Countermeasure budget"),
					     10, w)->table;
	doc_table_name(t, "budget");
	doc_table_head(t);
	doc_cell(t, L(x->lang, "情報システム名", "System"));
	doc_cell(t, L(x->lang, "ステップ", "Step"));
	doc_cell(t, L(x->lang, "年度", "Fiscal year"));
	doc_cell(t, L(x->lang, "対策", "Measure"));
	doc_cell(t, L(x->lang, "構成要素", "Component"));
	doc_cell(t, L(x->lang, "現状レベル", "Level before"));
	doc_cell(t, L(x->lang, "到達レベル", "Level reached"));
	doc_cell(t, L(x->lang, "対策実施内容", "Actions"));
	doc_cell(t, L(x->lang, "必要予算（千円）", "Budget (thousand yen)"));
	doc_cell(t, L(x->lang, "実施主体", "Owner"));
	for (size_t i = 0; i < x->p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &x->p->countermeasure_items[i];
		const struct countermeasure_step *st = plan_countermeasure_step(x->p, it->step);
		const struct system *s = st ? plan_system(x->p, st->system) : NULL;
		char fy[PD_SHORT];
		doc_table_row(t);
		doc_cell(t, s ? s->name : "");
		if (st)
			doc_cellf(t, "%lld", (long long)st->no);
		else
			doc_cell(t, "");
		doc_cell(t, pd_fy(x, countermeasure_item_fy(x->p, it), fy));
		doc_cell(t, it->measure);
		doc_cell(t, pd_component_name(x, plan_component(x->p, it->component)));
		int64_t before = st ? level_before_step(x->p, st, it->event, it->component) : NO_VALUE;
		if (before == NO_VALUE)
			doc_cell(t, "");
		else
			doc_cellf(t, "%lld", (long long)before);
		doc_cellf(t, "%lld", (long long)it->level);
		doc_cell(t, it->actions);
		if (it->budget_kyen == NO_VALUE)
			doc_cell(t, "");
		else
			doc_cell(t, numfmt_thousands(it->budget_kyen, fy));
		doc_cell(t, pd_dept_name(x, it->owner));
	}
	doc_table_end(t);
}
