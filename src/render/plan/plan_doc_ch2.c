/*
 * plan_doc_ch2.c — chapter 2 of the plan: 危機的事象発生時の対応計画.
 *
 * 2.1.1 events, 2.1.2 response staff (表2.1-1), 2.1.3 assembly criteria per
 * event, 2.1.4 assembly locations (表2.1-2), 2.2.1 the command structure
 * (図2.2-1 and the table of who reports to whom), 2.2.2 the contact lists
 * (表2.2-1 related departments, 表2.2-2 contractors; personal columns only
 * with render_opts.personal), 2.3.1 the overall flow per event (図2.3-n and
 * the steps in order), 2.3.2 the procedures (表2.3-n per event and variant).
 */
#include "render/plan/plan_doc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/graph/graph.h"
#include "rules/crisis.h"
#include "util/buf.h"
#include "util/err.h"

/* "(1) " in Japanese and English alike. */
static void item_heading(struct pd *x, size_t n, const char *text)
{
	char num[32];
	snprintf(num, sizeof num, "(%zu)", n);
	doc_add_heading(x->d, 4, num, text);
}

/* 2.1.1. */
static void plan_doc_ch2_events(struct pd *x)
{
	doc_add_heading(x->d, 3, "2.1.1.", L(x->lang, "対象事象", "Crisis events covered"));
	doc_add_para(x->d, L(x->lang, "本書における危機的事象発生時の対応計画は、以下の事象を対象とする。",
			     "This response plan covers the following events."));
	if (!x->p->n_events) {
		doc_add_placeholder(x->d, L(x->lang, "[対象事象]", "[events]"),
				    pd_why(x, "events", "plan-no-events"));
		return;
	}
	/* The appendix's examples of each kind of event, after a name that
	 * does not already carry its own in brackets. */
	static const struct {
		const char *kind, *ja, *en;
	} examples[] = {
		{ "disaster", "（地震、風水害等）", " (earthquakes, storms and floods …)" },
		{ "security", "（不正プログラム感染、サイバー攻撃等）", " (malware, cyber attacks …)" },
		{ "pandemic", "（新型インフルエンザ、新型コロナウイルス等）",
		  " (pandemic influenza, COVID-19 …)" },
	};
	struct doc_block *list = doc_add_list(x->d, true);
	list->paren = true; /* (1) 大規模災害（地震、風水害等） …, as the appendix */
	for (size_t i = 0; i < x->p->n_events; i++) {
		const struct event_type *e = &x->p->events[i];
		const char *name = pd_event_name(x, e);
		const char *ex = "";
		for (size_t k = 0; k < sizeof examples / sizeof examples[0]; k++)
			if (pd_same(e->kind, examples[k].kind) && !strstr(name, "（") &&
			    !strchr(name, '('))
				ex = L(x->lang, examples[k].ja, examples[k].en);
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s%s", name, ex);
		doc_list_item(list, b.data);
		buf_release(&b);
	}
}

/* One assembly criterion as a sentence.  【自動参集】/【判断により参集】 are
 * ours, not the appendix's: they tell the author which criteria the crisis
 * engine acts on by itself, so they follow the guideline boxes (an author
 * aid, --guideline-refs) and an approved plan reads as the template does. */
static void criterion_text(struct pd *x, const struct assembly_criterion *c, struct buf *b)
{
	if (x->o->guideline_refs)
		buf_adds(b, c->automatic ? L(x->lang, "【自動参集】", "[automatic] ")
					 : L(x->lang, "【判断により参集】", "[on decision] "));
	if (c->condition && *c->condition) {
		buf_adds(b, c->condition);
		return;
	}
	struct buf areas = BUF_INIT;
	crisis_list_join(c->areas, L(x->lang, "、", ", "), &areas);
	const char *area = areas.len ? areas.data : L(x->lang, "[対象地域]", "[area]");
	int tsunami = crisis_hazard_of(c) == HAZARD_TSUNAMI ? crisis_criterion_threshold(c) : -1;
	if (tsunami >= 0) {
		if (x->lang == LANG_EN)
			buf_addf(b, "a %s or more is issued for %s", crisis_tsunami_label(tsunami, x->lang),
				 area);
		else
			buf_addf(b, "%sに%s以上が発表された場合", area,
				 crisis_tsunami_label(tsunami, x->lang));
	} else if (c->min_intensity && *c->min_intensity) {
		if (x->lang == LANG_EN)
			buf_addf(b, "an earthquake of seismic intensity %s or more is observed in %s",
				 c->min_intensity, area);
		else
			buf_addf(b, "%sにおいて震度%s以上の地震が観測された場合", area,
				 c->min_intensity);
	} else {
		buf_adds(b, c->automatic ? L(x->lang, "〇〇が観測された場合", "[condition]")
					 : L(x->lang, "最高責任者が発動を判断した場合",
					     "the chief decides to invoke the plan"));
	}
	buf_release(&areas);
}

/* 2.1.3. */
static void criteria(struct pd *x)
{
	doc_add_heading(x->d, 3, "2.1.3.", L(x->lang, "参集基準", "Assembly criteria"));
	doc_add_para(x->d, L(x->lang,
			     "初動対応を実施するための参集基準を以下のとおり定める。なお、本書における"
			     "参集は、参集場所への現地参集及びオンライン（電話会議、Web会議等）への参集の"
			     "両方の意味を含む。",
			     "Staff assemble for the first response as follows. Assembly means on "
			     "site or online (telephone or web conference)."));
	for (size_t i = 0; i < x->p->n_events; i++) {
		const struct event_type *e = &x->p->events[i];
		item_heading(x, i + 1, pd_event_name(x, e));
		struct doc_block *list = NULL;
		for (size_t j = 0; j < x->p->n_assembly_criteria; j++) {
			const struct assembly_criterion *c = &x->p->assembly_criteria[j];
			if (!pd_same(c->event, e->id))
				continue;
			if (!list)
				list = doc_add_list(x->d, false);
			struct buf b = BUF_INIT;
			criterion_text(x, c, &b);
			doc_list_item(list, b.data);
			buf_release(&b);
		}
		if (!list) {
			char el[160];
			snprintf(el, sizeof el, "events/%s", e->id);
			doc_add_placeholder(x->d, L(x->lang, "[参集基準]", "[assembly criteria]"),
					    pd_why(x, el, "event-no-criteria"));
		}
	}
}

/* 2.1.4: 表2.1-2 roles and their assembly locations in priority order. */
static void locations(struct pd *x)
{
	doc_add_heading(x->d, 3, "2.1.4.", L(x->lang, "参集場所", "Assembly locations"));
	doc_add_para(x->d, L(x->lang,
			     "参集場所を以下のとおり定める。情報システム運用継続計画の発動に伴う作業を"
			     "実施する責任者から別に指示がある場合は、その指示に従う。",
			     "Staff assemble at the places below unless the work lead directs "
			     "otherwise."));
	static const unsigned w[] = { 4, 6 };
	struct doc_table *t = pd_table(x, "2.1", L(x->lang, "参集要員及び参集場所",
						   "Response staff and assembly locations"),
				       2, w);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "参集要員", "Staff"));
	doc_cell(t, L(x->lang, "参集場所", "Assembly location"));
	for (size_t i = 0; i < x->p->n_roles; i++) {
		const struct role *r = &x->p->roles[i];
		if (!pd_same(r->structure, "crisis"))
			continue;
		struct buf b = BUF_INIT;
		for (int64_t prio = 1; prio <= 9; prio++)
			for (size_t j = 0; j < x->p->n_assembly_locations; j++) {
				const struct assembly_location *l = &x->p->assembly_locations[j];
				if (!pd_same(l->role, r->id) || l->priority != prio)
					continue;
				if (b.len)
					buf_addc(&b, '\n');
				if (x->lang == LANG_EN)
					buf_addf(&b, "Priority %lld: %s%s", (long long)prio, l->place,
						 l->online && !strstr(l->place, "online") ? " (online)" : "");
				else
					buf_addf(&b, "第%lld順位：%s%s", (long long)prio, l->place,
						 l->online && !strstr(l->place, "オンライン") ? "（オンライン）"
											 : "");
			}
		char el[160];
		snprintf(el, sizeof el, "roles/%s", r->id);
		doc_table_row(t);
		doc_cell(t, pd_role_name(x, r))->flags |= DOC_CELL_HEAD;
		pd_cell(x, t, b.data, L(x->lang, "第1順位：〇〇庁舎〇〇会議室", "Priority 1: [place]"),
			el, "role-no-assembly-location");
		buf_release(&b);
	}
	doc_table_end(t);
	/* The appendix's paragraph on other venues and telework is the
	 * agency's to word (organisation.venue_note); this is its default. */
	const char *venue = x->p->organisation.venue_note;
	if (!venue || !*venue)
		venue = L(x->lang,
			  "参集場所は現地での参集、オンラインのいずれか適切な方法を選択する。上記参集"
			  "場所が人命の安全や本部機能の遂行の上で不適切と判断される場合、情報システムの"
			  "継続と関連組織との情報共有のしやすさを踏まえ、情報システム運用継続計画の発動に"
			  "伴う作業を実施する責任者が適切な場所を判断し参集を指示するものとする。大規模"
			  "感染症の感染予防対策として、勤務官署への出勤が抑制されるような状況下では、"
			  "テレワーク等の対応も検討する。",
			  "Staff assemble on site or online, whichever suits. When the places above "
			  "are judged unsafe or unfit for the headquarters' work, the lead of the "
			  "response work chooses a suitable place, weighing the continuity of the "
			  "systems and the ease of sharing information with related organisations, and "
			  "calls staff there. Where attendance at the office is restricted to prevent "
			  "a large outbreak of infection, telework and the like are considered too.");
	doc_add_para(x->d, venue);
	doc_add_para(x->d, L(x->lang,
			     "情報システムの運用を継続する最高責任者及び責任者は、外出先等で被災することも"
			     "ありうるため、危機的事象発生時の初期段階で必要となる行動と連絡先を記載した"
			     "携行カードを別途作成し、財布や定期入れ等の中に入れておくことやスマートフォン"
			     "に保存しておく等、常に携行しておくこと。携行カードの例は「別表2. 災害用携行"
			     "カード」に記載する。",
			     "The chief and the responsible officers may be caught away from the office, "
			     "so they always carry a wallet card with the first actions and contacts, in "
			     "a wallet or pass case or on their smartphone. The card is Appendix 2, "
			     "\"Wallet card for disasters\"."));
	pd_guideline(x, "2.8.2 危機的事象発生時における対応計画", "2.8.2 The crisis response plan");
}

/* 2.2.1: the figure and the table of who reports to whom. */
static void command(struct pd *x)
{
	doc_add_heading(x->d, 3, "2.2.1.", L(x->lang, "対応体制・指揮命令系統図",
					     "Response structure and chain of command"));
	doc_add_para(x->d, L(x->lang,
			     "情報システムの継続及び復旧を目的とした危機的事象発生時の体制を以下のとおり"
			     "定める。危機的事象発生時は通常の連絡手段が不通となる場合も考慮し、メールや"
			     "Web、SNS等の手段を想定する。",
			     "The crisis structure for continuing and restoring information systems "
			     "is as follows. Normal channels may fail; mail, web and social media are "
			     "planned as alternatives."));
	const char *fb = x->p->organisation.fallback_channels;
	if (fb && *fb)
		doc_add_paraf(x->d, "%s%s", L(x->lang, "通常の連絡手段が不通の場合：",
					      "When normal channels fail: "),
			      fb);
	struct err e = ERR_INIT;
	char *svg = graph_command_svg(x->p, x->lang, &e);
	pd_figure(x, "2.2", L(x->lang, "危機的事象発生時の体制", "The crisis response structure"),
		  svg ? svg : "", svg ? NULL : e.msg);
	free(svg);
	static const unsigned w[] = { 4, 4, 4 };
	struct doc_table *t =
		&doc_add_table(x->d, L(x->lang, "図 2.2-1 付表", "Figure 2.2-1, table"),
			       L(x->lang, "指揮命令系統（報告先）", "Chain of command (reports to)"), 3,
			       w)->table;
	doc_table_head(t);
	doc_cell(t, L(x->lang, "役割", "Role"));
	doc_cell(t, L(x->lang, "担当者", "Holder"));
	doc_cell(t, L(x->lang, "報告先（指揮命令系統上の上位）", "Reports to"));
	for (size_t i = 0; i < x->p->n_roles; i++) {
		const struct role *r = &x->p->roles[i];
		if (!pd_same(r->structure, "crisis"))
			continue;
		doc_table_row(t);
		doc_cell(t, pd_role_name(x, r))->flags |= DOC_CELL_HEAD;
		const char *holder = "";
		for (size_t j = 0; j < x->p->n_role_holders; j++) {
			const struct role_holder *h = &x->p->role_holders[j];
			if (pd_same(h->role, r->id) && h->rank == 0) {
				const struct person *pe = plan_person(x->p, h->person);
				holder = pe ? pe->name : "";
				break;
			}
		}
		char el[160];
		snprintf(el, sizeof el, "roles/%s", r->id);
		pd_cell(x, t, holder, L(x->lang, "[氏名]", "[name]"), el, "role-no-holder");
		const struct role *up = plan_role(x->p, r->reports_to);
		if (up)
			doc_cell(t, pd_role_name(x, up));
		else if (x->p->organisation.report_destination &&
			 *x->p->organisation.report_destination)
			doc_cell(t, x->p->organisation.report_destination);
		else
			doc_cell(t, L(x->lang, "（最上位）", "(top)"));
	}
	doc_table_end(t);
}

/* Contact columns of one person into the current row of t. */
static void contact_cells(struct pd *x, struct doc_table *t, const struct person *pe)
{
	char el[160];
	snprintf(el, sizeof el, "people/%s", pe->id);
	bool reachable = (pe->phone && *pe->phone) || (pe->alt_site_phone && *pe->alt_site_phone) ||
			 (pe->mobile && *pe->mobile) || (pe->email && *pe->email);
	if (!reachable) {
		doc_cell_placeholder(t, "〇〇", pd_why(x, el, "contact-no-means"));
		doc_cell_placeholder(t, "〇〇", NULL);
	} else {
		doc_cell(t, pe->phone);
		doc_cell(t, pe->alt_site_phone);
	}
	const char *personal[] = { pe->mobile, pe->email };
	for (size_t i = 0; i < 2; i++) {
		if (!x->o->personal)
			doc_cell(t, "—")->flags |= DOC_CELL_SMALL;
		else
			doc_cell(t, personal[i]);
	}
}

/* True for departments listed in 表2.2-1 (contractor: 表2.2-2). */
static bool dept_in(const struct department *d, bool contractor)
{
	if (!d->kind || pd_same(d->kind, "it"))
		return false;
	return pd_same(d->kind, "contractor") == contractor;
}

/* 表2.2-1 or 表2.2-2. */
static void contact_table(struct pd *x, bool contractor)
{
	static const unsigned w[] = { 3, 3, 3, 3, 3, 3, 4 };
	struct doc_table *t =
		pd_table(x, "2.2",
			 contractor ? L(x->lang, "関係企業（委託先等）における連絡先",
					"Contacts at companies (contractors)")
				    : L(x->lang, "関係部局における連絡先", "Contacts at related departments"),
			 7, w);
	doc_table_name(t, contractor ? "contacts-companies" : "contacts-departments");
	doc_table_head(t);
	doc_cell(t, contractor ? L(x->lang, "会社名", "Company") : L(x->lang, "部局名", "Department"));
	/* the appendix's headers: 責任者・担当者 at departments, 担当者 at companies */
	doc_cell(t, contractor ? L(x->lang, "担当者", "Person") : L(x->lang, "責任者・担当者", "Person"));
	doc_cell(t, L(x->lang, "役割", "Role"));
	doc_cell(t, L(x->lang, "電話", "Phone"));
	doc_cell(t, L(x->lang, "代替拠点の電話", "Alternate-site phone"));
	doc_cell(t, L(x->lang, "携帯電話", "Mobile"));
	doc_cell(t, L(x->lang, "メール", "E-mail"));
	size_t rows = 0;
	for (size_t i = 0; i < x->p->n_departments; i++) {
		const struct department *d = &x->p->departments[i];
		if (!dept_in(d, contractor))
			continue;
		size_t n = 0;
		for (size_t j = 0; j < x->p->n_people; j++)
			n += pd_same(x->p->people[j].department, d->id);
		rows++;
		doc_table_row(t);
		doc_cell_span(t, d->name, 1, n ? (int)n : 1)->flags |= DOC_CELL_HEAD;
		if (!n) {
			char el[160];
			snprintf(el, sizeof el, "departments/%s", d->id);
			doc_cell_placeholder(t, "〇〇", pd_why(x, el, "department-no-person"));
			for (int k = 0; k < 5; k++)
				doc_cell_placeholder(t, "〇〇", NULL);
			continue;
		}
		bool first = true;
		for (size_t j = 0; j < x->p->n_people; j++) {
			const struct person *pe = &x->p->people[j];
			if (!pd_same(pe->department, d->id))
				continue;
			if (!first)
				doc_table_row(t);
			first = false;
			doc_cell(t, pe->name);
			doc_cell(t, pe->contact_role && *pe->contact_role ? pe->contact_role : pe->title);
			contact_cells(x, t, pe);
		}
	}
	if (!rows) {
		doc_table_row(t);
		doc_cell_placeholder(t, "〇〇", pd_why(x, "departments",
							 contractor ? "plan-no-contractor"
								    : "plan-no-related-department"));
		for (int k = 0; k < 6; k++)
			doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_end(t);
}

/* 2.2.2. */
static void contacts(struct pd *x)
{
	doc_add_heading(x->d, 3, "2.2.2.", L(x->lang, "関係部局・関係企業連絡先一覧",
					     "Contact lists of related departments and companies"));
	doc_add_para(x->d, L(x->lang, "関係部署・関係企業の連絡先を以下に示す。",
			     "Contacts of related departments and companies:"));
	if (!x->o->personal)
		doc_add_para(x->d, L(x->lang,
				     "携帯電話・メールは個人情報のため省略している（—）。",
				     "Mobile numbers and e-mail addresses are personal data and are "
				     "omitted (—)."))
			->flags |= DOC_PARA_SMALL;
	contact_table(x, false);
	contact_table(x, true);
	pd_guideline(x, "2.8.1 危機的事象発生時の体制構築", "2.8.1 Building the crisis structure");
}

void pd_table_contacts(struct pd *x)
{
	static const unsigned w[] = { 2, 3, 3, 3, 3, 3, 3, 4 };
	struct doc_table *t = &doc_add_table(x->d, L(x->lang, "表 2.2-1, 2.2-2", "Tables 2.2-1, 2.2-2"),
					     L(x->lang, "関係部局・関係企業連絡先一覧", "Contact lists"), 8,
					     w)->table;
	doc_table_name(t, "contacts");
	doc_table_head(t);
	doc_cell(t, L(x->lang, "区分", "Kind"));
	doc_cell(t, L(x->lang, "部局名・会社名", "Department or company"));
	doc_cell(t, L(x->lang, "責任者・担当者", "Person"));
	doc_cell(t, L(x->lang, "役割", "Role"));
	doc_cell(t, L(x->lang, "電話", "Phone"));
	doc_cell(t, L(x->lang, "代替拠点の電話", "Alternate-site phone"));
	doc_cell(t, L(x->lang, "携帯電話", "Mobile"));
	doc_cell(t, L(x->lang, "メール", "E-mail"));
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < x->p->n_departments; i++) {
			const struct department *d = &x->p->departments[i];
			if (!dept_in(d, pass == 1))
				continue;
			for (size_t j = 0; j < x->p->n_people; j++) {
				const struct person *pe = &x->p->people[j];
				if (!pd_same(pe->department, d->id))
					continue;
				doc_table_row(t);
				doc_cell(t, pass ? L(x->lang, "関係企業", "company")
						 : L(x->lang, "関係部局", "department"));
				doc_cell(t, d->name);
				doc_cell(t, pe->name);
				doc_cell(t, pe->contact_role && *pe->contact_role ? pe->contact_role
										  : pe->title);
				contact_cells(x, t, pe);
			}
		}
	doc_table_end(t);
}

/* The procedures of event e, in plan order. */
static size_t procedures_of(struct pd *x, const struct event_type *e,
			    const struct procedure **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < x->p->n_procedures && n < max; i++)
		if (pd_same(x->p->procedures[i].event, e->id))
			out[n++] = &x->p->procedures[i];
	return n;
}

/* "夜間・休日" / "平日昼間" for a variant. */
static const char *variant_name(struct pd *x, const char *v)
{
	if (pd_same(v, "night_holiday"))
		return L(x->lang, "夜間・休日", "night or holiday");
	if (pd_same(v, "weekday_day"))
		return L(x->lang, "平日昼間", "weekday daytime");
	return "";
}

/* Steps of procedure pr in step-number order into out; returns the count. */
static size_t plan_doc_ch2_steps_of(struct pd *x, const struct procedure *pr,
				    const struct procedure_step **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < x->p->n_procedure_steps && n < max; i++)
		if (pd_same(x->p->procedure_steps[i].procedure, pr->id))
			out[n++] = &x->p->procedure_steps[i];
	/* Insertion sort by no, stable. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j - 1]->no > out[j]->no; j--) {
			const struct procedure_step *tmp = out[j];
			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return n;
}

#define MAX_LIST 256

/* 2.3.1: per event a figure and the flow as a numbered list. */
static void flow(struct pd *x)
{
	doc_add_heading(x->d, 3, "2.3.1.", L(x->lang, "全体フロー", "Overall flow"));
	doc_add_para(x->d, L(x->lang,
			     "危機的事象発生時の情報システムの継続及び復旧に係る対応の流れについて、"
			     "全体フローを以下に示す。",
			     "The overall flow of continuing and restoring information systems in a "
			     "crisis:"));
	for (size_t i = 0; i < x->p->n_events; i++) {
		const struct event_type *e = &x->p->events[i];
		struct buf h = BUF_INIT, cap = BUF_INIT;
		buf_addf(&h, L(x->lang, "%s発生時の全体フロー", "Overall flow: %s"), pd_event_name(x, e));
		buf_addf(&cap, L(x->lang, "%s発生時の全体の対応の流れ", "Overall response flow: %s"),
			 pd_event_name(x, e));
		item_heading(x, i + 1, h.data);
		struct err err = ERR_INIT;
		char *svg = graph_flow_svg(x->p, e->id, x->lang, &err);
		pd_figure(x, "2.3", cap.data, svg ? svg : "", svg ? NULL : err.msg);
		bool drawn = svg != NULL;
		free(svg);
		buf_release(&h);
		buf_release(&cap);
		const struct procedure *prs[8];
		size_t np = procedures_of(x, e, prs, 8);
		if (!np) {
			char el[160];
			snprintf(el, sizeof el, "events/%s", e->id);
			doc_add_placeholder(x->d, L(x->lang, "[全体フロー]", "[overall flow]"),
					    pd_why(x, el, "event-no-procedure"));
			continue;
		}
		if (drawn)
			continue; /* the figure shows the steps */
		const struct procedure_step *st[MAX_LIST];
		size_t ns = plan_doc_ch2_steps_of(x, prs[0], st, MAX_LIST);
		struct doc_block *list = doc_add_list(x->d, false);
		for (size_t k = 0; k < ns; k++) {
			struct buf b = BUF_INIT;
			buf_addf(&b, "%lld. %s", (long long)st[k]->no, st[k]->title);
			doc_list_item(list, b.data);
			buf_release(&b);
		}
		if (!ns) {
			char el[160];
			snprintf(el, sizeof el, "procedures/%s", prs[0]->id);
			doc_list_placeholder(list, "〇〇", pd_why(x, el, "procedure-no-steps"));
		}
	}
	/* The appendix's ※ note here (drop steps 1 and 2 and add the CSIRT
	 * for a security incident) tells the author how to draw the flow; it
	 * is not plan text, and each event's flow is drawn from its own steps. */
}

/* Responsible roles of step s, one per line. */
static void step_roles(struct pd *x, const struct procedure_step *s, struct buf *b)
{
	for (size_t i = 0; i < x->p->n_step_roles; i++) {
		const struct step_role *sr = &x->p->step_roles[i];
		if (!pd_same(sr->step, s->id))
			continue;
		const struct role *r = plan_role(x->p, sr->role);
		if (!r)
			continue;
		char shortname[128];
		graph_role_short(r, x->lang, shortname, sizeof shortname);
		if (b->len)
			buf_adds(b, L(x->lang, "、", ", "));
		buf_adds(b, *shortname ? shortname : pd_role_name(x, r));
	}
}

/* 表2.3-n for one procedure. */
static void procedure_table(struct pd *x, const struct event_type *e, const struct procedure *pr)
{
	struct buf cap = BUF_INIT;
	if (pr->title && *pr->title)
		buf_adds(&cap, pr->title);
	else if (*variant_name(x, pr->variant))
		buf_addf(&cap, L(x->lang, "%sに%sが発生した場合の対応手順", "Procedure (%s): %s"),
			 variant_name(x, pr->variant), pd_event_name(x, e));
	else
		buf_addf(&cap, L(x->lang, "%s発生時の対応手順", "Procedure: %s"), pd_event_name(x, e));
	static const unsigned w[] = { 1, 10, 3, 2 };
	struct doc_table *t = pd_table(x, "2.3", cap.data, 4, w);
	buf_release(&cap);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "項番", "No."));
	/* the appendix's header names the event: 大規模災害発生（夜間・休日）時の対応内容 */
	struct buf head = BUF_INIT;
	if (*variant_name(x, pr->variant))
		buf_addf(&head, L(x->lang, "%s発生（%s）時の対応内容", "Actions (%s, %s)"),
			 pd_event_name(x, e), variant_name(x, pr->variant));
	else
		buf_addf(&head, L(x->lang, "%s発生時の対応内容", "Actions (%s)"), pd_event_name(x, e));
	doc_cell(t, head.data);
	buf_release(&head);
	doc_cell(t, L(x->lang, "担当", "Responsible"));
	doc_cell(t, L(x->lang, "参照文書類", "Documents"));
	const struct procedure_step *st[MAX_LIST];
	size_t ns = plan_doc_ch2_steps_of(x, pr, st, MAX_LIST);
	for (size_t k = 0; k < ns; k++) {
		const struct procedure_step *s = st[k];
		doc_table_row(t);
		doc_cellf(t, "%lld", (long long)s->no)->align = DOC_ALIGN_CENTER;
		struct buf b = BUF_INIT;
		buf_adds(&b, s->title);
		const char *a = s->actions ? s->actions : "";
		while (*a) {
			const char *nl = strchr(a, '\n');
			size_t n = nl ? (size_t)(nl - a) : strlen(a);
			if (n)
				buf_addf(&b, "\n・%.*s", (int)n, a);
			a += n;
			if (*a)
				a++;
		}
		doc_cell(t, b.data);
		buf_reset(&b);
		step_roles(x, s, &b);
		char el[160];
		snprintf(el, sizeof el, "procedure_steps/%s", s->id);
		pd_cell(x, t, b.data, L(x->lang, "[担当者]", "[role]"), el, "procedure-step-no-role");
		buf_release(&b);
		pd_cell(x, t, s->documents, "〇〇", el, "procedure-step-no-documents");
	}
	if (!ns) {
		char el[160];
		snprintf(el, sizeof el, "procedures/%s", pr->id);
		doc_table_row(t);
		doc_cell(t, "1");
		doc_cell_placeholder(t, "〇〇", pd_why(x, el, "procedure-no-steps"));
		doc_cell_placeholder(t, "〇〇", NULL);
		doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_end(t);
}

/* 2.3.2. */
static void procedures(struct pd *x)
{
	doc_add_heading(x->d, 3, "2.3.2.", L(x->lang, "対応手順", "Response procedures"));
	doc_add_para(x->d, L(x->lang,
			     "危機的事象発生時の全体フローの各項目について、具体的な対応手順を以下に示す。",
			     "The concrete procedure for each item of the overall flow:"));
	for (size_t i = 0; i < x->p->n_events; i++) {
		const struct event_type *e = &x->p->events[i];
		struct buf h = BUF_INIT;
		buf_addf(&h, L(x->lang, "%s発生時の対応手順", "Procedures: %s"), pd_event_name(x, e));
		item_heading(x, i + 1, h.data);
		buf_release(&h);
		const struct procedure *prs[16];
		size_t np = procedures_of(x, e, prs, 16);
		for (size_t k = 0; k < np; k++)
			procedure_table(x, e, prs[k]);
		if (!np) {
			char el[160];
			snprintf(el, sizeof el, "events/%s", e->id);
			doc_add_placeholder(x->d, L(x->lang, "[対応手順]", "[procedure]"),
					    pd_why(x, el, "event-no-procedure"));
		}
	}
	pd_guideline(x, "2.8.2 危機的事象発生時における対応計画", "2.8.2 The crisis response plan");
}

void pd_chapter2(struct pd *x)
{
	doc_add_page_break(x->d);
	doc_add_heading(x->d, 1, "2.", L(x->lang, "危機的事象発生時の対応計画", "Crisis response plan"));
	doc_add_heading(x->d, 2, "2.1.", L(x->lang, "危機的事象発生時の基本方針",
					   "Basic policy in a crisis"));
	plan_doc_ch2_events(x);
	doc_add_heading(x->d, 3, "2.1.2.", L(x->lang, "参集要員", "Response staff"));
	doc_add_para(x->d, L(x->lang,
			     "危機的事象発生時の情報システムの運用継続に係る参集要員を以下のとおり定める。",
			     "The staff who assemble to keep information systems running in a crisis:"));
	const char *org = pd_pick(x, x->p->organisation.name, x->p->organisation.name_en);
	struct buf cap = BUF_INIT;
	buf_addf(&cap,
		 L(x->lang, "%sにおける危機的事象発生時の情報システム運用継続体制",
		   "The IT continuity structure of %s in a crisis"),
		 org && *org ? org : L(x->lang, "[政府機関等]", "[agency]"));
	pd_roles_table(x, "crisis", "2.1", cap.data);
	buf_release(&cap);
	criteria(x);
	locations(x);
	doc_add_heading(x->d, 2, "2.2.", L(x->lang, "危機的事象発生時の対応体制",
					   "Response structure in a crisis"));
	command(x);
	contacts(x);
	doc_add_heading(x->d, 2, "2.3.", L(x->lang, "危機的事象発生時における対応手順",
					   "Response procedures in a crisis"));
	flow(x);
	procedures(x);
}
