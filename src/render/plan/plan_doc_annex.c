/*
 * plan_doc_annex.c — 別表1 業務システム関連表 and 別表2 災害用携行カード.
 *
 * 別表1 is drawn as the appendix draws it: four header rows (department,
 * business name, environment, business RTO) with the priority businesses
 * across, the systems down, ● where a business uses a system, then the
 * system's target recovery time (the least business RTO among its
 * businesses, footnote *1), risks and countermeasures.  別表2 in the plan is
 * the card's plan-wide part (assembly criteria and locations, where to
 * report, message services); the per-person card is its own document.
 */
#include "render/plan/plan_doc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* For every business, true when it uses system s (uses[] holds
 * n_businesses entries).  One pass over the links per system, instead of
 * one per business × system cell: the matrix of a large plan has 150,000
 * cells. */
static void businesses_using(struct pd *x, const struct system *s, bool *uses)
{
	memset(uses, 0, x->p->n_businesses * sizeof *uses);
	for (size_t i = 0; i < x->p->n_business_systems; i++) {
		const struct business_system *l = &x->p->business_systems[i];
		if (!pd_same(l->system, s->id))
			continue;
		for (size_t k = 0; k < x->p->n_businesses; k++)
			if (pd_same(l->business, x->p->businesses[k].id))
				uses[k] = true;
	}
}

void pd_table_business_systems(struct pd *x)
{
	size_t nb = x->p->n_businesses ? x->p->n_businesses : 1;
	size_t ncols = 3 + nb + 3;
	unsigned *w = xcalloc(ncols, sizeof *w);
	w[0] = 1;
	w[1] = 4;
	w[2] = 3;
	for (size_t i = 0; i < nb; i++)
		w[3 + i] = 2;
	w[3 + nb] = 3;
	w[4 + nb] = 4;
	w[5 + nb] = 4;
	struct doc_table *t =
		&doc_add_table(x->d, L(x->lang, "別表1", "Appendix 1"),
			       L(x->lang, "業務システム関連表", "Businesses and the systems they use"),
			       ncols, w)
			 ->table;
	free(w);
	doc_table_name(t, "business-systems");
	t->wide = true;
	const char *labels[4][2] = { { "部局", "Department" },
				     { "業務名", "Business" },
				     { "環境", "Environment" },
				     { "業務目標復旧時間", "Business RTO" } };
	for (int r = 0; r < 4; r++) {
		doc_table_head(t);
		if (r == 0) {
			doc_cell_span(t, "No.", 1, 4);
			doc_cell_span(t, L(x->lang, "情報システム名", "System"), 1, 4);
		}
		doc_cell(t, L(x->lang, labels[r][0], labels[r][1]));
		if (!x->p->n_businesses) {
			doc_cell_placeholder(t, r == 1 ? L(x->lang, "優先業務1", "[business]") : "〇〇",
					     pd_why(x, "businesses", "plan-no-businesses"));
		}
		for (size_t i = 0; i < x->p->n_businesses; i++) {
			const struct business *b = &x->p->businesses[i];
			char h[PD_SHORT];
			char el[160];
			snprintf(el, sizeof el, "businesses/%s", b->id);
			switch (r) {
			case 0: {
				if (i > 0 && pd_same(x->p->businesses[i - 1].department, b->department))
					break;
				int span = 1;
				while (i + (size_t)span < x->p->n_businesses &&
				       pd_same(x->p->businesses[i + (size_t)span].department, b->department))
					span++;
				const char *dn = pd_dept_name(x, b->department);
				if (*dn)
					doc_cell_span(t, dn, span, 1);
				else {
					struct doc_cell *c =
						doc_cell_span(t, L(x->lang, "[部局]", "[department]"), span, 1);
					c->flags |= DOC_CELL_PLACEHOLDER;
					doc_cell_note(c, pd_why(x, el, "business-no-department"));
				}
				break;
			}
			case 1:
				doc_cell(t, b->name);
				break;
			case 2:
				pd_cell(x, t, b->environment, "〇〇", el, "business-no-environment");
				break;
			default:
				pd_cell(x, t, pd_hours(x, b->rto_hours, h),
					L(x->lang, "〇〇時間", "[hours]"), el, "business-no-rto");
				break;
			}
		}
		if (r == 0) {
			doc_cell_span(t, L(x->lang, "情報システム目標復旧時間（最小値）*1",
					   "System recovery time (least) *1"),
				      1, 4);
			doc_cell_span(t, L(x->lang, "リスク・課題", "Risks and issues"), 1, 4);
			doc_cell_span(t, L(x->lang, "リスク・課題に対する対策", "Countermeasures"), 1, 4);
		}
	}
	size_t no = 0;
	bool overridden = false;
	bool *uses_of = xcalloc(nb, sizeof *uses_of);
	for (size_t si = 0; si < x->p->n_systems; si++) {
		const struct system *s = &x->p->systems[si];
		if (!s->in_scope)
			continue;
		businesses_using(x, s, uses_of);
		char el[160];
		snprintf(el, sizeof el, "systems/%s", s->id);
		doc_table_row(t);
		doc_cellf(t, "%zu", ++no)->align = DOC_ALIGN_CENTER;
		doc_cell_span(t, s->name, 2, 1)->flags |= DOC_CELL_HEAD;
		if (!x->p->n_businesses)
			doc_cell(t, "");
		for (size_t i = 0; i < x->p->n_businesses; i++) {
			struct doc_cell *c = doc_cell(t, uses_of[i] ? "●" : "");
			c->align = DOC_ALIGN_CENTER;
		}
		/* The RTO the rules give the system (R1, or the planner's override),
		 * the same as 表5.3-2, never a second computation that could differ. */
		struct system_rto r;
		system_rto_compute(x->p, s, &r);
		char h[PD_SHORT];
		if (r.hours == NO_VALUE) {
			doc_cell_placeholder(t, L(x->lang, "〇〇時間", "[hours]"),
					     pd_why(x, el, "system-no-rto"))
				->align = DOC_ALIGN_CENTER;
		} else {
			struct buf b = BUF_INIT;
			buf_adds(&b, pd_hours(x, r.hours, h));
			if (r.rto_overridden)
				buf_adds(&b, "*2");
			doc_cell(t, b.data)->align = DOC_ALIGN_CENTER;
			buf_release(&b);
			overridden = overridden || r.rto_overridden;
		}
		pd_cell(x, t, s->risks, "〇〇", el, "system-no-risks");
		pd_cell(x, t, s->countermeasures, "〇〇", el, "system-no-countermeasures");
	}
	free(uses_of);
	doc_table_end(t);
	/* The notes in one paragraph: printed together on the table's page. */
	struct buf note = BUF_INIT;
	buf_adds(&note, L(x->lang,
			  "*1 この情報システムを利用する非常時優先業務のうち、業務目標復旧時間に代替手段で"
			  "継続できる時間を加えた時間が最も短いもの（表5.3-1）。",
			  "*1 The shortest, among the priority businesses that use the system, of "
			  "the business RTO plus the time it can continue on alternative means "
			  "(Table 5.3-1)."));
	if (overridden)
		buf_addf(&note, "\n%s",
			 L(x->lang, "*2 計画で定めた目標復旧時間（理由は表5.3-2）。",
			   "*2 The recovery time set by the plan (reason in Table 5.3-2)."));
	doc_add_para(x->d, note.data)->flags |= DOC_PARA_SMALL;
	buf_release(&note);
}

/* 別表2: the plan-wide part of the wallet card. */
static void card(struct pd *x)
{
	doc_add_page_break(x->d);
	doc_add_heading(x->d, 1, L(x->lang, "別表2.", "Appendix 2."),
			L(x->lang, "災害用携行カード", "Wallet card"));
	doc_add_para(x->d, L(x->lang,
			     "本カードは、定期入れや財布に納め、常に携帯するようにしてください。個人ごとの"
			     "カード（家族の連絡先・本人情報を含む）は別途作成する。",
			     "Keep this card in your wallet at all times. Each person's own card "
			     "(with family contacts and personal data) is made separately."));
	doc_add_heading(x->d, 4, "1.", L(x->lang, "初動対応", "First actions"));
	static const unsigned w[] = { 1, 1 };
	struct doc_table *t = &doc_add_table(x->d, L(x->lang, "別表2-1", "Appendix 2-1"),
					     L(x->lang, "初動対応", "First actions"), 2, w)->table;
	doc_table_head(t);
	doc_cell(t, L(x->lang, "屋内", "Indoors"));
	doc_cell(t, L(x->lang, "屋外", "Outdoors"));
	doc_table_row(t);
	doc_cell(t, L(x->lang,
		      "1. 落ちついて行動\n2. 棚や窓から離れるなどして身を守る\n3. 揺れが収まったら落ち着いて"
		      "火元を確認\n4. 戸を開けて、出入り口の確保\n5. 靴を履き、非常時持ち出し品を準備\n"
		      "6. 消火活動・救助活動に協力",
		      "1. Keep calm\n2. Protect yourself away from shelves and windows\n3. When the "
		      "shaking stops, check for fire\n4. Open the door to keep an exit\n5. Put on "
		      "shoes, take the emergency kit\n6. Help with fire fighting and rescue"));
	doc_cell(t, L(x->lang,
		      "1. 落ちついて行動\n2. 鞄などで頭を保護し、できるだけ建物から離れる\n3. 切れた電線には"
		      "近寄らない\n4. 避難の際は車を利用しない\n5. 消火活動・救助活動に協力",
		      "1. Keep calm\n2. Protect your head and keep away from buildings\n3. Keep away "
		      "from fallen power lines\n4. Do not evacuate by car\n5. Help with fire fighting "
		      "and rescue"));
	doc_table_end(t);

	doc_add_heading(x->d, 4, "2.", L(x->lang, "参集基準と参集場所",
					 "Assembly criteria and locations"));
	struct doc_block *l = doc_add_list(x->d, false);
	for (size_t i = 0; i < x->p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &x->p->assembly_criteria[i];
		const struct event_type *e = plan_event(x->p, c->event);
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s：%s", pd_event_name(x, e),
			 *c->condition ? c->condition
				       : c->automatic ? L(x->lang, "自動参集", "automatic")
						      : L(x->lang, "指示により参集", "on instruction"));
		doc_list_item(l, b.data);
		buf_release(&b);
	}
	if (!x->p->n_assembly_criteria)
		doc_list_placeholder(l, L(x->lang, "[参集基準]", "[assembly criteria]"),
				     pd_finding(x, NULL, "event-no-criteria")
					     ? pd_why(x, NULL, "event-no-criteria")
					     : pd_why(x, "events", "plan-no-events"));
	doc_add_para(x->d, L(x->lang,
			     "参集場所は「2.1.4. 参集場所」の表による（第1順位・第2順位）。参集場所について"
			     "別途指示がある場合は、それに従う。",
			     "Assembly locations are those of 2.1.4 (priority 1, 2). Follow any other "
			     "instruction."));

	/* The appendix's and the wallet card's numbers: 3-1 (family) is the
	 * person's own card, 4-1 and 4-2 the two kinds of message service. */
	doc_add_heading(x->d, 4, "3-2.", L(x->lang, "職場への連絡先", "Workplace contacts"));
	const char *dest = x->p->organisation.report_destination;
	if (dest && *dest)
		doc_add_paraf(x->d, L(x->lang, "安否報告先：%s", "Safety reports to: %s"), dest);
	else
		doc_add_placeholder(x->d, L(x->lang, "安否報告先：[ ]", "Safety reports to: [ ]"),
				    pd_why(x, "organisation", "plan-no-report-destination"));

	doc_add_heading(x->d, 4, "4-1.",
			L(x->lang, "災害用伝言ダイヤル「171」／災害用伝言板「web171」",
			  "Disaster message dial 171 / message board web171"));
	struct doc_block *m = doc_add_list(x->d, false);
	doc_list_item(m, L(x->lang,
			   "災害用伝言ダイヤル「171」：171をダイヤル → 録音「1」／再生「2」 → 連絡先の電話番号",
			   "Disaster message dial 171: dial 171 → record 1 / play 2 → the phone number"));
	doc_list_item(m, L(x->lang, "災害用伝言板「web171」：https://www.web171.jp",
			   "Disaster message board web171: https://www.web171.jp"));
	doc_add_heading(x->d, 4, "4-2.",
			L(x->lang, "携帯電話 災害用伝言板サービス", "Mobile carriers' message boards"));
	m = doc_add_list(x->d, false);
	doc_list_item(m, "NTT docomo: http://dengon.docomo.ne.jp/");
	doc_list_item(m, "au: http://dengon.ezw.ne.jp/");
	doc_list_item(m, "SoftBank: http://dengon.softbank.ne.jp/");
}

void pd_annex(struct pd *x)
{
	doc_add_page_break(x->d);
	doc_add_heading(x->d, 1, L(x->lang, "別表1.", "Appendix 1."),
			L(x->lang, "業務システム関連表", "Business–system table"));
	pd_table_business_systems(x);
	card(x);
}
