/*
 * plan_doc_ch4.c — chapter 4 of the plan: 教育訓練計画・維持改善計画.
 *
 * 4.1: the purpose, contents and evaluation of training, then one grid per
 * fiscal year as the appendix draws it: rows of trainings, the twelve
 * months April–March split into 上期/下期, ○ in the months held and a row
 * of ▼ markers (plan review, earthquake drill).  4.2.1 the review triggers
 * (表4.2-1), 4.2.2 the post-incident review items, 4.2.3 the annual review
 * window and the fourteen questions of 表4.2-2 with the answers of the last
 * annual review (R8), and the record of reviews held.
 */
#include "render/plan/plan_doc_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* The two roles the appendix names in chapter 4's sentences, in its words. */
#define CHIEFS_JA "情報システムの運用を継続する最高責任者及び情報システムの運用を継続する責任者は、"

/* The fourteen questions of 表4.2-2 in their four groups. */
static const struct {
	int group; /* index into review_groups */
	const char *ja, *en;
} review_questions[14] = {
	{ 0, "計画に基づき、事前対策は確実に実施されたか。",
	  "Were the countermeasures carried out as planned?" },
	{ 0, "実施した事前対策を踏まえて内容を更新したか。（現状対策レベル、事前対策計画、その他計画）",
	  "Was the plan updated for the countermeasures carried out (current levels, countermeasure "
	  "plan, other plans)?" },
	{ 0, "事前対策計画に基づき、来年度予算で取り上げる対策を検討したか。また、実施未定の対策について"
	     "予算化を検討したか。",
	  "Were next year's budget items chosen from the countermeasure plan, and budgets "
	  "considered for measures not yet scheduled?" },
	{ 0, "訓練の結果を踏まえて計画の見直しを行ったか。",
	  "Was the plan revised in the light of the training results?" },
	{ 0, "業務部門及び政府機関等の業務継続計画事務局を交えて業務継続計画との整合性を確認したか。",
	  "Was consistency with the business continuity plan checked with the business departments "
	  "and the BCP secretariat?" },
	{ 1, "連絡網や担当者は最新化されているか。", "Are the contact lists and role holders up to date?" },
	{ 1, "実施完了した事前対策がある場合、対応手順を適切に見直したか。",
	  "Were the procedures revised for countermeasures completed?" },
	{ 1, "教育訓練の結果を踏まえて計画の見直しを行ったか。",
	  "Was the response plan revised in the light of training results?" },
	{ 2, "計画に基づき、訓練は確実に実施されたか。", "Was the training carried out as planned?" },
	{ 2, "訓練の結果を踏まえて計画の見直しを行ったか。",
	  "Was the training plan revised in the light of its results?" },
	{ 3, "情報システム運用継続計画の適用範囲を広げることを検討したか。",
	  "Was widening the plan's scope considered?" },
	{ 3, "外部環境の変化や社会的な要求の高まり等による、情報システム運用継続計画の見直しの必要性が"
	     "ないか検討したか。",
	  "Was the need for revision considered in the light of changes outside and rising "
	  "expectations?" },
	{ 3, "新しい情報システムが追加された場合、情報システム復旧優先度の設定や必要な事前対策計画、"
	     "危機的事象発生時の対応計画及び教育訓練計画を検討したか。",
	  "For new systems, were the recovery tier, countermeasures, response plan and training "
	  "considered?" },
	{ 3, "最新の技術動向に基づき、目標対策レベルの見直しを検討したか。",
	  "Were the target levels reconsidered in the light of current technology?" },
};

static const struct {
	const char *ja, *en;
} review_groups[4] = {
	{ "事前対策計画", "Countermeasure plan" },
	{ "危機的事象発生時対応計画", "Crisis response plan" },
	{ "教育訓練計画", "Training plan" },
	{ "情報システム運用継続計画の策定の根拠とした分析・策定・検討",
	  "Analysis and studies behind the plan" },
};

/* Month m (1..12) of the fiscal year's column order (April first). */
static int fy_month(int col)
{
	return (col + 3) % 12 + 1;
}

/* qsort order of int64_t. */
static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The fiscal years of trainings and markers, ascending, without repeats. */
static size_t training_years(struct pd *x, int64_t **out)
{
	size_t n = 0, cap = 0;
	int64_t *v = NULL;
	for (size_t i = 0; i < x->p->n_trainings + x->p->n_calendar_markers; i++) {
		int64_t fy = i < x->p->n_trainings ? x->p->trainings[i].fy
						   : x->p->calendar_markers[i - x->p->n_trainings].fy;
		bool seen = false;
		for (size_t j = 0; j < n; j++)
			seen |= v[j] == fy;
		if (seen)
			continue;
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = fy;
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_i64);
	*out = v;
	return n;
}

/* Training type as words. */
static const char *training_type(struct pd *x, const char *type)
{
	static const struct {
		const char *key, *ja, *en;
	} types[] = {
		{ "desk_check", "手順書確認訓練", "procedure desk check" },
		{ "scenario", "シナリオ訓練", "scenario exercise" },
		{ "unannounced", "非提示型訓練", "unannounced exercise" },
		{ "recovery", "システムリカバリ訓練", "system recovery drill" },
		{ "switchover", "システム切り替え訓練", "switch-over drill" },
		{ "new_staff", "新規配属者教育", "new-staff education" },
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (pd_same(type, types[i].key))
			return L(x->lang, types[i].ja, types[i].en);
	return "";
}

/* One fiscal year's training grid (18 columns). */
static void training_grid(struct pd *x, int64_t fy, bool current)
{
	char fyl[PD_SHORT];
	pd_fy(x, fy, fyl);
	struct buf cap = BUF_INIT;
	buf_addf(&cap, L(x->lang, "%s教育訓練計画", "Training plan %s"), fyl);
	static const unsigned w[18] = { 1, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3 };
	struct doc_table *t = pd_table(x, "4.1", cap.data, 18, w);
	buf_release(&cap);
	t->wide = true;
	char name[32];
	snprintf(name, sizeof name, "training-%lld", (long long)fy);
	doc_table_name(t, name);
	(void)current;
	doc_table_head(t);
	doc_cell_span(t, "No", 1, 3);
	doc_cell_span(t, L(x->lang, "教育訓練内容", "Training"), 1, 3);
	doc_cell_span(t, L(x->lang, "教育訓練方法", "Method"), 1, 3);
	doc_cell_span(t, L(x->lang, "受講対象", "Audience"), 1, 3);
	doc_cell_span(t, L(x->lang, "教育訓練実施時期", "Months held"), 12, 1);
	doc_cell_span(t, L(x->lang, "企画者", "Planner"), 1, 3);
	doc_cell_span(t, L(x->lang, "備考", "Remarks"), 1, 3);
	doc_table_head(t);
	doc_cell_span(t, L(x->lang, "上期", "Apr–Sep"), 6, 1);
	doc_cell_span(t, L(x->lang, "下期", "Oct–Mar"), 6, 1);
	doc_table_head(t);
	static const char *const en_months[12] = { "Apr", "May", "Jun", "Jul", "Aug", "Sep",
						   "Oct", "Nov", "Dec", "Jan", "Feb", "Mar" };
	for (int c = 0; c < 12; c++) {
		if (x->lang == LANG_EN)
			doc_cell(t, en_months[c]);
		else
			doc_cellf(t, "%d月", fy_month(c));
	}
	/* The ▼ row. */
	bool any_marker = false;
	for (size_t i = 0; i < x->p->n_calendar_markers; i++)
		any_marker |= x->p->calendar_markers[i].fy == fy;
	if (any_marker) {
		/* Labels in the wide cell on the left, ▼ in the months. */
		struct buf labels = BUF_INIT;
		for (int c = 0; c < 12; c++)
			for (size_t i = 0; i < x->p->n_calendar_markers; i++) {
				const struct calendar_marker *m = &x->p->calendar_markers[i];
				if (m->fy != fy || m->month != fy_month(c))
					continue;
				if (labels.len)
					buf_addc(&labels, '\n');
				if (x->lang == LANG_EN)
					buf_addf(&labels, "▼ %s: %s", en_months[c], m->label);
				else
					buf_addf(&labels, "▼ %d月：%s", fy_month(c), m->label);
			}
		doc_table_row(t);
		doc_cell_span(t, labels.data, 4, 1)->flags |= DOC_CELL_SMALL;
		buf_release(&labels);
		for (int c = 0; c < 12; c++) {
			bool here = false;
			for (size_t i = 0; i < x->p->n_calendar_markers; i++) {
				const struct calendar_marker *m = &x->p->calendar_markers[i];
				here |= m->fy == fy && m->month == fy_month(c);
			}
			doc_cell(t, here ? "▼" : "")->align = DOC_ALIGN_CENTER;
		}
		doc_cell_span(t, "", 2, 1);
	}
	size_t rows = 0;
	for (size_t i = 0; i < x->p->n_trainings; i++) {
		const struct training *tr = &x->p->trainings[i];
		if (tr->fy != fy)
			continue;
		rows++;
		doc_table_row(t);
		doc_cellf(t, "%lld", (long long)tr->no)->align = DOC_ALIGN_CENTER;
		const char *title = tr->title && *tr->title ? tr->title : training_type(x, tr->type);
		pd_cell(x, t, title, "〇〇", "trainings", NULL);
		doc_cell(t, tr->method);
		doc_cell(t, tr->audience);
		for (int c = 0; c < 12; c++) {
			bool held = tr->months & (1u << fy_month(c));
			struct doc_cell *cell = doc_cell(t, held ? "○" : "");
			cell->align = DOC_ALIGN_CENTER;
			if (held)
				cell->flags |= DOC_CELL_SHADE;
		}
		doc_cell(t, tr->planner);
		doc_cell(t, tr->remarks)->flags |= DOC_CELL_SMALL;
	}
	if (!rows) {
		doc_table_row(t);
		doc_cell(t, "1");
		doc_cell_placeholder(t, "〇〇", pd_why(x, "trainings", "training-plan-missing"));
		for (int c = 0; c < 16; c++)
			doc_cell(t, "");
	}
	doc_table_end(t);
}

/* 4.1. */
static void training(struct pd *x)
{
	doc_add_heading(x->d, 2, "4.1.", L(x->lang, "教育訓練計画", "Training plan"));
	doc_add_heading(x->d, 4, "(1)", L(x->lang, "教育訓練の目的", "Purpose of training"));
	doc_add_para(x->d, L(x->lang,
			     "情報システム運用継続計画の実効性を維持改善していくため、定期的に教育訓練を"
			     "実施するものとする。",
			     "Training is held regularly to keep the plan effective and improve it."));
	doc_add_heading(x->d, 4, "(2)", L(x->lang, "教育訓練の内容", "Contents of training"));
	int64_t m = x->p->organisation.training_plan_month;
	if (m >= 1 && m <= 12)
		doc_add_paraf(x->d,
			      L(x->lang,
				CHIEFS_JA "%lld月に年間の教育訓練計画を作成し、計画に沿った訓練が適切に"
				"実施されるよう監督するものとする。",
				"The chief and the responsible officers make the year's training plan in "
				"month %lld and see that it is carried out."),
			      (long long)m);
	else
		doc_add_placeholder(x->d,
				    L(x->lang, "[〇月]に年間の教育訓練計画を作成する。",
				      "The year's training plan is made in [month]."),
				    pd_why(x, "organisation", "plan-no-training-month"));
	doc_add_heading(x->d, 4, "(3)", L(x->lang, "教育訓練の評価", "Evaluation of training"));
	doc_add_para(x->d, L(x->lang,
			     CHIEFS_JA "教育訓練の目標を定め、その結果を評価し「4.2. 維持改善計画」の"
			     "参考情報として活用する。",
			     "The chief and the responsible officers set training goals, evaluate the "
			     "results and use them in 4.2."));
	int64_t *years = NULL;
	size_t n = training_years(x, &years);
	/* The appendix's pointer: each year's plan starts a page of its own. */
	if (n)
		doc_add_para(x->d, L(x->lang, "年間の教育訓練計画を次頁に示す。",
				     "The year's training plan is on the next page."));
	pd_guideline(x, "2.9.1 教育訓練の計画とその実施", "2.9.1 Planning and holding training");
	int cur = fiscal_year_of(x->o->today);
	for (size_t i = 0; i < n; i++) {
		doc_add_page_break(x->d);
		training_grid(x, years[i], years[i] == cur);
	}
	if (!n)
		doc_add_placeholder(x->d, L(x->lang, "[令和XX年度教育訓練計画]", "[training plan]"),
				    pd_why(x, "trainings", "training-plan-missing"));
	free(years);
	doc_add_para(x->d, L(x->lang, "※可能な限り委託先等関係者の参加を依頼する。",
			     "* Contractors and other parties are asked to take part where possible."))
		->flags |= DOC_PARA_SMALL;
}

void pd_table_training(struct pd *x)
{
	static const unsigned w[20] = { 2, 1, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3 };
	struct doc_table *t = &doc_add_table(x->d, L(x->lang, "4.1", "4.1"),
					     L(x->lang, "教育訓練計画", "Training plan"), 20, w)->table;
	doc_table_name(t, "training");
	t->wide = true;
	doc_table_head(t);
	doc_cell(t, L(x->lang, "年度", "Fiscal year"));
	doc_cell(t, "No");
	doc_cell(t, L(x->lang, "教育訓練内容", "Training"));
	doc_cell(t, L(x->lang, "種類", "Type"));
	doc_cell(t, L(x->lang, "教育訓練方法", "Method"));
	doc_cell(t, L(x->lang, "受講対象", "Audience"));
	for (int c = 0; c < 12; c++)
		doc_cellf(t, L(x->lang, "%d月", "M%d"), fy_month(c));
	doc_cell(t, L(x->lang, "企画者", "Planner"));
	doc_cell(t, L(x->lang, "備考", "Remarks"));
	for (size_t i = 0; i < x->p->n_trainings; i++) {
		const struct training *tr = &x->p->trainings[i];
		char fy[PD_SHORT];
		doc_table_row(t);
		doc_cell(t, pd_fy(x, tr->fy, fy));
		doc_cellf(t, "%lld", (long long)tr->no);
		doc_cell(t, tr->title);
		doc_cell(t, training_type(x, tr->type));
		doc_cell(t, tr->method);
		doc_cell(t, tr->audience);
		for (int c = 0; c < 12; c++)
			doc_cell(t, tr->months & (1u << fy_month(c)) ? "○" : "");
		doc_cell(t, tr->planner);
		doc_cell(t, tr->remarks);
	}
	doc_table_end(t);
}

/* 4.2.1: 表4.2-1. */
static void triggers(struct pd *x)
{
	doc_add_heading(x->d, 3, "4.2.1.", L(x->lang, "計画の実施に伴う維持改善",
					     "Revision as the plan is carried out"));
	doc_add_para(x->d, L(x->lang,
			     CHIEFS_JA "以下の契機にて、情報システム運用継続計画の見直しを行う。",
			     "The chief and the responsible officers revise the plan on these "
			     "occasions:"));
	static const struct {
		const char *when_ja, *when_en, *what_ja, *what_en;
	} rows[] = {
		{ "主要な事前対策の完了後", "After major countermeasures are completed",
		  "・事前対策に係る現状対策レベルを更新する。\n・必要に応じて危機的事象発生時の対応計画の"
		  "改訂を行う。",
		  "・Update the current levels.\n・Revise the crisis response plan where needed." },
		{ "訓練実施後", "After training",
		  "・訓練結果により、事前対策や危機的事象発生時の対応計画等に解決すべき課題が発生した場合、"
		  "随時課題の解決を図る。\n・短期間での解決が困難な場合は、事前対策の実施計画の見直しを行い、"
		  "適切に対応する。",
		  "・Resolve issues the training revealed in the countermeasures or the response "
		  "plan.\n・Where that takes long, revise the countermeasure plan." },
		{ "新規システムの構築時", "When a new system is built",
		  "・新規システムの構築時に、情報システム運用継続計画作成の有無を検討する。作成する場合、"
		  "ガイドラインに基づき計画を作成し、必要な対策を調達時の仕様書に盛りこむ。",
		  "・Decide whether the new system needs a continuity plan; if so, write it per the "
		  "guideline and put the measures into the procurement specification." },
	};
	static const unsigned w[] = { 1, 3, 8 };
	struct doc_table *t = pd_table(x, "4.2", L(x->lang, "運用継続計画の見直し契機",
						   "Occasions for revising the plan"),
				       3, w);
	doc_table_head(t);
	doc_cell(t, "No");
	doc_cell(t, L(x->lang, "契機", "Occasion"));
	doc_cell(t, L(x->lang, "実施内容", "What is done"));
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		doc_table_row(t);
		doc_cellf(t, "%zu", i + 1)->align = DOC_ALIGN_CENTER;
		doc_cell(t, L(x->lang, rows[i].when_ja, rows[i].when_en));
		doc_cell(t, L(x->lang, rows[i].what_ja, rows[i].what_en));
	}
	doc_table_end(t);
}

/* 4.2.2. */
static void after_incident(struct pd *x)
{
	doc_add_heading(x->d, 3, "4.2.2.", L(x->lang, "危機的事象の発生に伴う維持改善",
					     "Revision after a crisis"));
	doc_add_para(x->d, L(x->lang,
			     CHIEFS_JA "情報システム運用継続計画で対象とする事象、又はそれに近い事象が"
			     "発生した際は、事態の収束後、以下の事項についての報告を整理し、情報システム"
			     "運用継続計画を改訂する。",
			     "After an event covered by the plan, or one like it, the chief and the "
			     "responsible officers report on the following and revise the plan."));
	/* The appendix's items are numbered ① … ④ themselves: paragraphs,
	 * not a bulleted list, with the sub-items indented under them. */
	doc_add_para(x->d, L(x->lang, "① 発生事象の分析\n　1) 発生事象の性質について\n　2) 発生原因について",
			     "(1) Analysis of the event\n  1) its nature\n  2) its cause"));
	doc_add_para(x->d, L(x->lang,
			     "② 危機的事象発生時対応の評価\n　1) あらかじめ役割を割り当てられた担当者の"
			     "対応の適切さ\n　2) 職員の対応の適切さ",
			     "(2) Evaluation of the response\n  1) of the staff with assigned roles\n"
			     "  2) of other staff"));
	doc_add_para(x->d, L(x->lang,
			     "③ RTO（目標復旧時間）及びRLO（目標復旧レベル）の達成度合い\n　1) 実際の"
			     "復旧時間・復旧レベルについて\n　2) 対応の実効性について",
			     "(3) RTO and RLO achieved\n  1) actual recovery time and level\n  2) "
			     "effectiveness of the response"));
	doc_add_para(x->d, L(x->lang,
			     "④ 情報システム運用継続計画の改善点\n　1) RTO及びRLOと実対応ギャップの原因に"
			     "ついて\n　2) その他、情報システム運用継続計画の有効性向上につながる改善点に"
			     "ついて",
			     "(4) Improvements\n  1) causes of the gap between RTO/RLO and the actual "
			     "response\n  2) other improvements"));
}

/* "はい" / "いいえ" / "該当なし" for an answer. */
static const char *answer_text(struct pd *x, const char *a)
{
	if (pd_same(a, "yes"))
		return L(x->lang, "はい", "yes");
	if (pd_same(a, "no"))
		return L(x->lang, "いいえ", "no");
	if (pd_same(a, "na"))
		return L(x->lang, "該当なし", "n/a");
	return a ? a : "";
}

/* 4.2.3: window, 表4.2-2 with the last annual answers, and the record. */
static void annual(struct pd *x)
{
	const struct organisation *org = &x->p->organisation;
	doc_add_heading(x->d, 3, "4.2.3.", L(x->lang, "定期的な見直しによる維持改善",
					     "Revision by regular review"));
	char range[64];
	bool known = org->review_month_from >= 1 && org->review_month_from <= 12 &&
		     org->review_month_to >= 1 && org->review_month_to <= 12;
	if (known)
		snprintf(range, sizeof range, L(x->lang, "%lld月～%lld月", "months %lld–%lld"),
			 (long long)org->review_month_from, (long long)org->review_month_to);
	else
		snprintf(range, sizeof range, "%s", L(x->lang, "[4月～5月]", "[April–May]"));
	if (x->lang == LANG_EN)
		doc_add_paraf(x->d,
			      "Every year around %s the chief and the responsible officers check the "
			      "items below and record the date and reviewer; where improvement is "
			      "needed they act on it.",
			      range);
	else
		doc_add_paraf(x->d,
			      CHIEFS_JA "毎年%s頃定期的に以下の内容について確認し、"
			      "記録（見直し実施日や実施担当者等）を残すものとする。見直しの結果、改善の"
			      "必要がある場合は適切な措置を講ずる。",
			      range);
	struct review_status rs;
	review_status_compute(x->p, x->o->today, &rs);
	const struct review *last = rs.last;
	char date[PD_SHORT];
	if (last) {
		const char *who = last->reviewer_name && *last->reviewer_name ? last->reviewer_name : "";
		const struct person *pe = plan_person(x->p, last->reviewer);
		if (!*who && pe)
			who = pe->name;
		doc_add_paraf(x->d, L(x->lang, "前回の定期見直し：%s（実施者：%s）",
				      "Last annual review: %s (by %s)"),
			      pd_date(x, last->date, date), *who ? who : "—");
	}
	if (rs.state == REVIEW_OVERDUE || rs.state == REVIEW_DUE || !last) {
		doc_add_placeholder(x->d, L(x->lang, "今年度の定期見直し：[ ]", "This year's review: [ ]"),
				    pd_why(x, "reviews", NULL));
	}
	static const unsigned w[] = { 3, 7, 4 };
	struct doc_table *t = pd_table(x, "4.2", L(x->lang, "見直し事項", "Review checklist"), 3, w);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "見直し事項", "Area"));
	doc_cell(t, L(x->lang, "見直し内容", "Question"));
	if (last) {
		char h[PD_SHORT + 32];
		snprintf(h, sizeof h, L(x->lang, "前回の回答（%s）", "Last answer (%s)"),
			 pd_date(x, last->date, date));
		doc_cell(t, h);
	} else {
		doc_cell(t, L(x->lang, "前回の回答", "Last answer"));
	}
	char last_el[160] = "";
	if (last)
		snprintf(last_el, sizeof last_el, "reviews/%s", last->id);
	for (int q = 0; q < 14; q++) {
		doc_table_row(t);
		int g = review_questions[q].group;
		if (q == 0 || review_questions[q - 1].group != g) {
			int span = 0;
			for (int k = q; k < 14 && review_questions[k].group == g; k++)
				span++;
			doc_cell_span(t, L(x->lang, review_groups[g].ja, review_groups[g].en), 1, span)
				->flags |= DOC_CELL_HEAD;
		}
		doc_cellf(t, "%d. %s", q + 1, L(x->lang, review_questions[q].ja, review_questions[q].en));
		const struct review_answer *a = NULL;
		for (size_t i = 0; last && i < x->p->n_review_answers; i++)
			if (pd_same(x->p->review_answers[i].review, last->id) &&
			    x->p->review_answers[i].question == q + 1)
				a = &x->p->review_answers[i];
		if (a) {
			struct buf b = BUF_INIT;
			buf_adds(&b, answer_text(x, a->answer));
			if (a->note && *a->note)
				buf_addf(&b, "\n%s", a->note);
			struct doc_cell *c = doc_cell(t, b.data);
			if (pd_same(a->answer, "no"))
				c->flags |= DOC_CELL_EMPH;
			buf_release(&b);
		} else {
			doc_cell_placeholder(t, "[ ]", last ? pd_why(x, last_el, "review-unanswered")
							    : pd_why(x, "reviews", NULL));
		}
	}
	doc_table_end(t);

	/* The record of every review held, an addition after the appendix's tables. */
	if (x->p->n_reviews) {
		static const unsigned w2[] = { 3, 3, 3, 7 };
		struct doc_table *r = pd_table(x, "4.2", L(x->lang, "見直しの記録", "Reviews held"), 4, w2);
		doc_table_head(r);
		doc_cell(r, L(x->lang, "実施日", "Date"));
		doc_cell(r, L(x->lang, "契機", "Occasion"));
		doc_cell(r, L(x->lang, "実施担当者", "Reviewer"));
		doc_cell(r, L(x->lang, "概要", "Summary"));
		static const struct {
			const char *key, *ja, *en;
		} occ[] = {
			{ "annual", "定期見直し", "annual" },
			{ "countermeasure", "事前対策の完了", "countermeasure completed" },
			{ "training", "訓練実施後", "after training" },
			{ "new_system", "新規システム", "new system" },
			{ "incident", "危機的事象の発生", "after an incident" },
			{ "other", "その他", "other" },
		};
		for (size_t i = 0; i < x->p->n_reviews; i++) {
			const struct review *rv = &x->p->reviews[i];
			doc_table_row(r);
			doc_cell(r, pd_date(x, rv->date, date));
			const char *o = rv->occasion;
			for (size_t k = 0; k < sizeof occ / sizeof occ[0]; k++)
				if (pd_same(rv->occasion, occ[k].key))
					o = L(x->lang, occ[k].ja, occ[k].en);
			doc_cell(r, o);
			const struct person *pe = plan_person(x->p, rv->reviewer);
			doc_cell(r, rv->reviewer_name && *rv->reviewer_name ? rv->reviewer_name
									    : pe ? pe->name : "");
			doc_cell(r, rv->summary);
		}
		doc_table_end(r);
	}
	pd_guideline(x, "2.9.2 維持改善の計画とその実施", "2.9.2 Planning and carrying out revision");
}

void pd_chapter4(struct pd *x)
{
	doc_add_page_break(x->d);
	doc_add_heading(x->d, 1, "4.", L(x->lang, "教育訓練計画・維持改善計画",
					 "Training plan and revision plan"));
	training(x);
	doc_add_heading(x->d, 2, "4.2.", L(x->lang, "維持改善計画", "Revision plan"));
	triggers(x);
	after_incident(x);
	annual(x);
}
