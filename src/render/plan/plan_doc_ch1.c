/*
 * plan_doc_ch1.c — chapter 1 of the plan: 本計画の目的と基本方針.
 *
 * 1.1 purpose (free text) with the appendix's footnote on 非常時優先業務,
 * 1.2 the appendix's box (the plan's statement, else the appendix's) and
 * basic policy (the plan's items, else the appendix's four), 1.3 scope (表1.3-1), 1.4 the promotion structure
 * (表1.4-1 roles and holders, 表1.4-2 related departments and contractors).
 */
#include "render/plan/plan_doc_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

/* The four items of §1.2 as the appendix writes them. */
static const struct {
	const char *ja, *en;
} default_policies[] = {
	{ "情報システムの継続及び復旧を脅かすリスクを評価し、適切な対策を実施する。",
	  "Assess the risks that threaten the continuity and recovery of information systems "
	  "and take appropriate measures." },
	{ "危機的事象発生時における情報共有手段の継続及び復旧を図るため、メールやWeb、SNS等の"
	  "情報収集・共有・伝達手段、基幹LANやクラウドサービス等の外部サービス及びこれらに"
	  "アクセスするための認証基盤等に対する対策を優先的に実施する。",
	  "To keep and restore the means of sharing information in a crisis, give priority to "
	  "measures for mail, web and social media, for external services such as the backbone "
	  "LAN and cloud services, and for the authentication platforms that reach them." },
	{ "危機的事象発生時に備え、情報システムの継続及び復旧のための計画と手段を事前に整備する。",
	  "Prepare in advance the plans and means to continue and restore information systems "
	  "in a crisis." },
	{ "情報システム運用継続計画と業務継続計画の整合性を確保する。",
	  "Keep the IT service continuity plan consistent with the business continuity plan." },
};

/* The statement in the box of §1.2, as the appendix words it. */
static const char default_statement_ja[] =
	"危機的事象発生時において、情報システムの継続及び復旧を図るため、情報システム運用継続計画"
	"の策定と運用に取り組む。";
static const char default_statement_en[] =
	"In a crisis, we make and run the IT service continuity plan so that information systems "
	"continue and recover.";

/* 1.1 and 1.2. */
static void purpose_and_policy(struct pd *x)
{
	const struct organisation *org = &x->p->organisation;
	doc_add_heading(x->d, 2, "1.1.", L(x->lang, "本計画の策定趣旨", "Purpose of this plan"));
	/* The purpose uses 非常時優先業務 and the appendix's footnote defines it:
	 * its mark after the word's first use, the footnote at the page's foot. */
	const char *word = L(x->lang, "非常時優先業務", "priority business");
	if (org->purpose && *org->purpose) {
		struct buf b = BUF_INIT;
		pd_marked(x, 0, org->purpose, word, &b);
		doc_add_para(x->d, b.data);
		buf_release(&b);
		/* right after the paragraph: the PDF sets it at the foot of
		 * the page the paragraph starts on */
		pd_footnote(x,
			    L(x->lang,
			      "本書における「非常時優先業務」とは、危機的事象の発生時において組織が"
			      "優先的に実施する業務を指す。「中央省庁業務継続ガイドライン」における"
			      "非常時優先業務及び「新型インフルエンザ等対応中央省庁業務継続ガイドライン」"
			      "における発生時継続業務等も該当する。",
			      "In this plan, \"priority business\" (非常時優先業務) means the work an "
			      "organisation does first in a crisis, including the priority business of "
			      "the Business Continuity Guidelines for Central Government Ministries and "
			      "the business continued in an outbreak under their pandemic influenza "
			      "edition."));
	} else {
		pd_para(x, org->purpose, L(x->lang, "[本計画の策定趣旨]", "[purpose of this plan]"),
			"organisation", "plan-no-purpose");
	}
	if (org->bcp_name && *org->bcp_name) {
		char date[PD_SHORT];
		pd_date(x, org->bcp_established, date);
		if (x->lang == LANG_EN)
			doc_add_paraf(x->d, "Business continuity plan: %s%s%s%s.", org->bcp_name,
				      *date ? " (established " : "", date, *date ? ")" : "");
		else
			doc_add_paraf(x->d, "関連する業務継続計画：%s%s%s%s", org->bcp_name,
				      *date ? "（" : "", date, *date ? "策定）" : "");
	}
	pd_guideline(x, "2.1 基本方針の決定", "2.1 Deciding the basic policy");

	doc_add_heading(x->d, 2, "1.2.", L(x->lang, "基本方針", "Basic policy"));
	const char *name = pd_pick(x, org->name, org->name_en);
	doc_add_paraf(x->d,
		      L(x->lang,
			"情報システム運用継続計画の基本方針は以下のとおりである。また、基本方針は"
			"%sを取り巻く環境の変化に応じ、定期的に見直しを行うものとする。",
			"The basic policy of the IT service continuity plan is as follows. It is "
			"reviewed regularly as the environment of %s changes."),
		      name && *name ? name : L(x->lang, "[政府機関等]", "the agency"));
	/* The appendix's box: the plan's one-sentence aim, then its policy. */
	const char *statement = org->policy_statement && *org->policy_statement
					? org->policy_statement
					: L(x->lang, default_statement_ja, default_statement_en);
	doc_add_note(x->d, L(x->lang, "情報システム運用継続計画\n", "IT service continuity plan\n"),
		     statement);
	doc_add_heading(x->d, 4, "", L(x->lang, "基本方針", "Basic policy"));
	struct doc_block *list = doc_add_list(x->d, true);
	list->paren = true; /* (1) … (4), as the appendix numbers them */
	if (x->p->n_policies) {
		for (size_t i = 0; i < x->p->n_policies; i++)
			doc_list_item(list, x->p->policies[i].text);
	} else {
		for (size_t i = 0; i < sizeof default_policies / sizeof default_policies[0]; i++)
			doc_list_item(list, L(x->lang, default_policies[i].ja, default_policies[i].en));
		doc_add_para(x->d, L(x->lang, "（計画に基本方針の記載がないため、付録の例を示す）",
				     "(The plan states no policy items; the appendix's are shown.)"))
			->flags |= DOC_PARA_SMALL;
	}
	pd_guideline(x, "2.1 基本方針の決定", "2.1 Deciding the basic policy");
}

/* 1.3: 表1.3-1 systems in scope and who manages them. */
static void scope(struct pd *x)
{
	doc_add_heading(x->d, 2, "1.3.", L(x->lang, "本計画の適用範囲", "Scope of this plan"));
	/* The appendix names the departments that run the systems in scope. */
	struct buf depts = BUF_INIT;
	for (size_t i = 0; i < x->p->n_systems; i++) {
		const struct system *s = &x->p->systems[i];
		const char *name = s->in_scope ? pd_dept_name(x, s->department) : "";
		bool seen = !*name;
		for (size_t k = 0; k < i && !seen; k++)
			seen = x->p->systems[k].in_scope &&
			       strcmp(pd_dept_name(x, x->p->systems[k].department), name) == 0;
		if (!seen)
			buf_addf(&depts, "%s%s", depts.len ? L(x->lang, "、", ", ") : "", name);
	}
	if (depts.len)
		doc_add_paraf(x->d,
			      L(x->lang, "本計画の適用範囲は、%sが運用管理する以下の情報システムとする。",
				"This plan covers the following information systems, run by %s."),
			      depts.data);
	else
		doc_add_para(x->d, L(x->lang, "本計画の適用範囲は、以下の情報システムとする。",
				     "This plan covers the following information systems."));
	buf_release(&depts);
	static const unsigned w[] = { 1, 6, 4 };
	struct doc_table *t = pd_table(x, "1.3",
				       L(x->lang, "情報システム及び運用管理主体",
				 "Information systems and their managing departments"),
				       3, w);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "項", "No."));
	doc_cell(t, L(x->lang, "情報システム名", "Information system"));
	doc_cell(t, L(x->lang, "運用管理主体", "Managing department"));
	size_t no = 0;
	for (size_t i = 0; i < x->p->n_systems; i++) {
		const struct system *s = &x->p->systems[i];
		if (!s->in_scope)
			continue;
		char el[160];
		snprintf(el, sizeof el, "systems/%s", s->id);
		doc_table_row(t);
		doc_cellf(t, "%zu", ++no)->align = DOC_ALIGN_CENTER;
		doc_cell(t, s->name);
		pd_cell(x, t, pd_dept_name(x, s->department), L(x->lang, "[部局]", "[department]"), el,
			"system-no-department");
	}
	if (!no) {
		doc_table_row(t);
		doc_cell(t, "1")->align = DOC_ALIGN_CENTER;
		doc_cell_placeholder(t, L(x->lang, "〇〇システム", "[system]"),
				     pd_why(x, "systems", "plan-no-system-in-scope"));
		doc_cell_placeholder(t, L(x->lang, "[部局]", "[department]"), NULL);
	}
	doc_table_end(t);
	const char *note = x->p->organisation.scope_note;
	if (note && *note)
		doc_add_para(x->d, note);
	else
		doc_add_para(x->d,
			     L(x->lang,
			       "上記以外の情報システムは本計画の対象範囲には含まないが、情報システムの運用を"
			       "継続する最高責任者及び情報システムの運用を継続する責任者は、今後、危機的事象"
			       "発生時における優先度を考慮し、定期的に対象範囲の見直しを行う。",
			       "Other systems are outside this plan; the scope is reviewed regularly "
			       "in the light of their priority in a crisis."));
	pd_guideline(x, "2.1 基本方針の決定", "2.1 Deciding the basic policy");
}

/* 表1.4-2: related departments and contractors with their duties. */
static void related_table(struct pd *x)
{
	static const unsigned w[] = { 3, 3, 5 };
	struct doc_table *t =
		pd_table(x, "1.4",
			 L(x->lang,
			   "関連部局及び委託先等における情報システム運用継続計画推進体制上の担当部署及び"
			   "担当者、推進上の役割",
			   "Related departments and contractors: contacts and duties"),
			 3, w);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "区分", "Organisation"));
	doc_cell(t, L(x->lang, "部署・氏名", "Department and name"));
	doc_cell(t, L(x->lang, "役割の概要", "Duties"));
	size_t rows = 0;
	for (size_t i = 0; i < x->p->n_departments; i++) {
		const struct department *d = &x->p->departments[i];
		if (!d->kind || strcmp(d->kind, "it") == 0)
			continue;
		rows++;
		char el[160];
		snprintf(el, sizeof el, "departments/%s", d->id);
		doc_table_row(t);
		doc_cell(t, d->name)->flags |= DOC_CELL_HEAD;
		struct buf b = BUF_INIT;
		for (size_t j = 0; j < x->p->n_people; j++) {
			const struct person *pe = &x->p->people[j];
			if (!pe->department || strcmp(pe->department, d->id) != 0)
				continue;
			if (b.len)
				buf_addc(&b, '\n');
			if (pe->title && *pe->title)
				buf_addf(&b, "%s・", pe->title);
			buf_adds(&b, pe->name);
		}
		pd_cell(x, t, b.data, L(x->lang, "[担当者所属]・[氏名]", "[department]・[name]"),
			el, "department-no-person");
		buf_release(&b);
		pd_cell_bullets(x, t, d->duties, "〇〇", el, "department-no-duties");
	}
	if (!rows) {
		doc_table_row(t);
		doc_cell_placeholder(t, L(x->lang, "[X部局]", "[department]"),
				     pd_why(x, "departments", "plan-no-related-department"));
		doc_cell_placeholder(t, L(x->lang, "[担当者所属]・[氏名]", "[department]・[name]"),
				     NULL);
		doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_end(t);
}

/* 1.4. */
static void promotion(struct pd *x)
{
	doc_add_heading(x->d, 2, "1.4.",
			L(x->lang, "情報システム運用継続計画の策定・運用推進体制",
			  "Structure for making and running this plan"));
	const char *org = pd_pick(x, x->p->organisation.name, x->p->organisation.name_en);
	if (!org || !*org)
		org = L(x->lang, "[政府機関等]", "[agency]");
	/* The head of the promotion structure is its first role (表1.4-1 lists it first). */
	const struct role *chief = NULL;
	for (size_t i = 0; i < x->p->n_roles && !chief; i++)
		if (x->p->roles[i].structure && strcmp(x->p->roles[i].structure, "promotion") == 0)
			chief = &x->p->roles[i];
	const char *chief_name = chief ? pd_role_name(x, chief) : "";
	if (!*chief_name)
		chief_name = L(x->lang, "[情報システムの運用を継続する最高責任者]", "[the chief]");
	doc_add_paraf(x->d,
		      L(x->lang,
			"%sにおける情報システム運用継続計画は、%sのもと策定し、対象システムを踏まえて"
			"情報システム運用継続計画推進体制を構築し、実施する。",
			"%s makes this plan under %s, and sets up and runs the structure that "
			"carries it out for the systems in scope."),
		      org, chief_name);
	doc_add_paraf(x->d,
		      L(x->lang,
			"%sにおける情報システム運用継続計画推進体制、担当部署及び担当者、推進上の役割を"
			"以下に記す。",
			"The structure of %s that makes and runs this plan, its people and their "
			"duties are as follows."),
		      org);
	struct buf cap = BUF_INIT;
	buf_addf(&cap,
		 L(x->lang, "%sにおける情報システム運用継続計画推進体制上の担当部署及び担当者、推進上の役割",
		   "Roles, holders and duties in the promotion structure of %s"),
		 org);
	pd_roles_table(x, "promotion", "1.4", cap.data);
	buf_release(&cap);
	related_table(x);
	doc_add_para(x->d, L(x->lang,
			     "本体制は、本計画の情報システムの対象範囲を踏まえた体制であり、対象範囲が"
			     "変更された場合は、適宜見直しを行う。",
			     "The structure follows the plan's scope and is revised when the scope "
			     "changes."));
	pd_guideline(x, "2.2 策定・運用体制の構築", "2.2 Setting up the planning structure");
}

void pd_chapter1(struct pd *x)
{
	doc_add_heading(x->d, 1, "1.", L(x->lang, "本計画の目的と基本方針",
				 "Purpose and basic policy of this plan"));
	purpose_and_policy(x);
	scope(x);
	promotion(x);
}
