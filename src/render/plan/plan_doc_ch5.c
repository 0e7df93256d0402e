/*
 * plan_doc_ch5.c — chapter 5 of the plan: 計画策定の根拠とした調査・分析・検討.
 *
 * 5.1 the events and their scenario conditions; 5.2 the damage assumptions
 * per event (表5.2-n, eight subjects in the appendix's order); 5.3 the RTO
 * derivation (表5.3-1, one row per R1 candidate), the systems' RTO, RLO
 * and tier (表5.3-2, derived value beside an override) and the tier
 * thresholds (表5.3-3); 5.4.1 the components (表5.4-1); 5.4.2 the target
 * matrix per event and component with the level descriptions, tiers of
 * equal level merged as the appendix draws them: the first event's
 * hardware, system area, data area and contractor first, with the
 * appendix's numbers 表5.4-2 … 5.4-5 and its footnotes, the plan's other
 * tables after them.  The appendix's 「付録の参照先」 boxes end 5.1–5.4.2.
 */
#include "render/plan/plan_doc_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

/* 5.1. */
static void events(struct pd *x)
{
	doc_add_heading(x->d, 2, "5.1.", L(x->lang, "想定する危機的事象", "Crisis events assumed"));
	doc_add_heading(x->d, 4, "(1)", L(x->lang, "対象とする危機的事象", "Events covered"));
	doc_add_para(x->d, L(x->lang, "本書で対象とする危機的事象は、ガイドラインの推奨事項に基づき、以下を対象とする。",
			     "Following the guideline, this plan covers:"));
	struct doc_block *l = doc_add_list(x->d, false);
	for (size_t i = 0; i < x->p->n_events; i++)
		doc_list_item(l, pd_event_name(x, &x->p->events[i]));
	if (!x->p->n_events)
		doc_list_placeholder(l, "〇〇", pd_why(x, "events", "plan-no-events"));
	doc_add_heading(x->d, 4, "(2)", L(x->lang, "危機的事象の発生時の条件", "Conditions assumed"));
	const char *org = pd_pick(x, x->p->organisation.name, x->p->organisation.name_en);
	doc_add_paraf(x->d,
		      L(x->lang,
			"それぞれの危機的事象の発生時の条件については、%sの業務継続計画の想定を踏まえる"
			"とともに、情報システム運用継続の条件が最も厳しくなるケースを想定し、以下の"
			"とおり特定する。",
			"The conditions follow the assumptions of the business continuity plan of %s "
			"and take the case hardest on IT continuity:"),
		      org && *org ? org : L(x->lang, "[政府機関等]", "the agency"));
	for (size_t i = 0; i < x->p->n_events; i++) {
		const struct event_type *e = &x->p->events[i];
		doc_add_para(x->d, pd_event_name(x, e));
		struct doc_block *sl = doc_add_list(x->d, false);
		const char *s = e->scenario ? e->scenario : "";
		size_t n = 0;
		while (*s) {
			const char *nl = strchr(s, '\n');
			size_t len = nl ? (size_t)(nl - s) : strlen(s);
			if (len) {
				struct buf b = BUF_INIT;
				buf_add(&b, s, len);
				doc_list_item(sl, b.data);
				buf_release(&b);
				n++;
			}
			s += len;
			if (*s)
				s++;
		}
		if (!n) {
			char el[160];
			snprintf(el, sizeof el, "events/%s", e->id);
			doc_list_placeholder(sl, L(x->lang, "〇〇に〇〇が発生。", "[conditions]"),
					     pd_why(x, el, "event-no-scenario"));
		}
	}
	pd_appendix_ref(x, "2.1.危機的事象発生時の基本方針", "2.1 Basic policy in a crisis");
	pd_guideline(x, "2.3 危機的事象の特定", "2.3 Identifying crisis events");
}

/* The eight subjects of 表5.2-n in the appendix's order. */
static const struct {
	const char *key, *category, *ja, *en;
} damage_subjects[] = {
	{ "staff", "human", "情報システム運用業務に従事する要員", "IT operations staff" },
	{ "site", "facility", "情報システムの設置場所", "Where the systems are installed" },
	{ "transport", "facility", "交通インフラ", "Transport" },
	{ "power", "facility", "電力", "Power" },
	{ "water", "facility", "水道", "Water" },
	{ "network", "system", "情報通信ネットワーク", "Networks" },
	{ "equipment", "system", "情報システム機器", "Equipment" },
	{ "data", "system", "データ", "Data" },
};
#define N_SUBJECTS (sizeof damage_subjects / sizeof damage_subjects[0])

/* The event's own note after its 表5.2-n (「上記の被害を想定するにあたり…」 in
 * the appendix), one paragraph per non-empty line; nothing when empty: the
 * template's paragraph is the agency's text, not a gap to fill. */
static void damage_note(struct pd *x, const struct event_type *e)
{
	const char *s = e->damage_note ? e->damage_note : "";
	while (*s) {
		size_t len = strcspn(s, "\n");
		size_t n = len;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
			n--;
		if (n) {
			struct buf b = BUF_INIT;
			buf_add(&b, s, n);
			doc_add_para(x->d, b.data);
			buf_release(&b);
		}
		s += len;
		if (*s)
			s++;
	}
}

/* 5.2. */
static void damage(struct pd *x)
{
	doc_add_heading(x->d, 2, "5.2.", L(x->lang, "想定する被害状況", "Damage assumed"));
	doc_add_para(x->d, L(x->lang, "対象とした危機的事象が発生した際の被害を以下のとおり想定するものとする。",
			     "The damage assumed for each event:"));
	for (size_t i = 0; i < x->p->n_events; i++) {
		const struct event_type *e = &x->p->events[i];
		char num[32];
		snprintf(num, sizeof num, "(%zu)", i + 1);
		struct buf h = BUF_INIT, cap = BUF_INIT;
		buf_addf(&h, L(x->lang, "%s発生時の被害想定", "Damage assumed: %s"), pd_event_name(x, e));
		buf_addf(&cap, L(x->lang, "%s発生時の被害状況の想定結果", "Damage assumed: %s"),
			 pd_event_name(x, e));
		doc_add_heading(x->d, 4, num, h.data);
		doc_add_paraf(x->d,
			      L(x->lang, "%s発生時の被害状況の想定結果について、下表に示す。",
				"The damage assumed for %s is as follows."),
			      pd_event_name(x, e));
		static const unsigned w[] = { 2, 3, 8 };
		struct doc_table *t = pd_table(x, "5.2", cap.data, 3, w);
		buf_release(&h);
		buf_release(&cap);
		doc_table_head(t);
		doc_cell_span(t, L(x->lang, "被害想定対象", "Subject"), 2, 1);
		doc_cell(t, L(x->lang, "被害想定概要", "Assumption"));
		for (size_t k = 0; k < N_SUBJECTS; k++) {
			doc_table_row(t);
			if (k == 0 || strcmp(damage_subjects[k - 1].category, damage_subjects[k].category)) {
				int span = 0;
				for (size_t j = k; j < N_SUBJECTS && !strcmp(damage_subjects[j].category,
									    damage_subjects[k].category);
				     j++)
					span++;
				doc_cell_span(t, pd_category_name(x, damage_subjects[k].category), 1, span)
					->flags |= DOC_CELL_HEAD;
			}
			doc_cell(t, L(x->lang, damage_subjects[k].ja, damage_subjects[k].en))->flags |=
				DOC_CELL_HEAD;
			const char *text = "";
			for (size_t j = 0; j < x->p->n_damage_assumptions; j++) {
				const struct damage_assumption *d = &x->p->damage_assumptions[j];
				if (pd_same(d->event, e->id) &&
				    pd_same(d->subject, damage_subjects[k].key))
					text = d->assumption;
			}
			char el[200];
			snprintf(el, sizeof el, "damage_assumptions/%s/%s", e->id,
				 damage_subjects[k].key);
			pd_cell(x, t, text, "〇〇", el, "damage-assumption-missing");
		}
		doc_table_end(t);
		damage_note(x, e);
	}
	pd_appendix_ref(x, "2.3.2 対応手順", "2.3.2 Response procedures");
	pd_guideline(x, "2.4 被害想定", "2.4 Damage assumptions");
}

void pd_table_rto(struct pd *x)
{
	static const unsigned w[] = { 3, 2, 3, 5, 2, 2, 3 };
	struct doc_table *t = pd_table(x, "5.3", L(x->lang, "業務のRTOと情報システム停止時の代替手段分析結果",
						   "Business RTO and alternative means when a system stops"),
				       7, w);
	doc_table_name(t, "rto");
	doc_table_head(t);
	doc_cell(t, L(x->lang, "非常時優先業務", "Priority business"));
	doc_cell(t, L(x->lang, "業務のRTO", "Business RTO"));
	doc_cell(t, L(x->lang, "業務を支える情報システム", "System used"));
	doc_cell(t, L(x->lang, "情報システム停止時の代替手段の有無", "Alternative means"));
	doc_cell(t, L(x->lang, "代替手段で継続可能な時間", "Time on alternative means"));
	doc_cell(t, L(x->lang, "RTO（目標復旧時間）", "RTO"));
	doc_cell(t, L(x->lang, "RLO（目標復旧レベル）", "RLO"));
	size_t rows = 0;
	for (size_t i = 0; i < x->p->n_businesses; i++) {
		const struct business *b = &x->p->businesses[i];
		for (size_t j = 0; j < x->p->n_business_systems; j++) {
			const struct business_system *l = &x->p->business_systems[j];
			if (!pd_same(l->business, b->id))
				continue;
			const struct system *s = plan_system(x->p, l->system);
			if (!s)
				continue;
			rows++;
			char h1[PD_SHORT], h2[PD_SHORT], h3[PD_SHORT];
			doc_table_row(t);
			doc_cell(t, b->name);
			char el[160];
			snprintf(el, sizeof el, "businesses/%s", b->id);
			pd_cell(x, t, pd_hours(x, b->rto_hours, h1), L(x->lang, "〇〇時間", "[hours]"), el,
				"business-no-rto");
			doc_cell(t, s->name);
			doc_cell(t, l->alt_means && *l->alt_means ? l->alt_means
								  : L(x->lang, "なし", "none"));
			pd_hours(x, l->alt_hours > 0 ? l->alt_hours : 0, h2);
			doc_cell(t, h2)->align = DOC_ALIGN_RIGHT;
			if (b->rto_hours >= 0)
				doc_cell(t, pd_hours(x, b->rto_hours + (l->alt_hours > 0 ? l->alt_hours : 0),
						     h3))
					->align = DOC_ALIGN_RIGHT;
			else
				doc_cell_placeholder(t, L(x->lang, "〇〇時間", "[hours]"),
						     pd_why(x, el, "business-no-rto"));
			char sel[160];
			snprintf(sel, sizeof sel, "systems/%s", s->id);
			pd_cell(x, t, s->rlo, L(x->lang, "[RLO]", "[RLO]"), sel, "system-no-rlo");
		}
	}
	if (!rows) {
		doc_table_row(t);
		doc_cell_placeholder(t, L(x->lang, "〇〇業務", "[business]"),
				     pd_why(x, "business_systems", "plan-no-business-system"));
		for (int k = 0; k < 6; k++)
			doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_end(t);
}

void pd_table_systems(struct pd *x)
{
	static const unsigned w[] = { 3, 4, 3, 3, 2, 2 };
	struct doc_table *t = pd_table(x, "5.3", L(x->lang, "情報システムのRTO及びRLOの検討結果",
						   "RTO and RLO of the information systems"),
				       6, w);
	doc_table_name(t, "systems");
	doc_table_head(t);
	doc_cell(t, L(x->lang, "情報システム名", "System"));
	doc_cell(t, L(x->lang, "システム概要", "Summary"));
	doc_cell(t, L(x->lang, "RTO（目標復旧時間）", "RTO"));
	doc_cell(t, L(x->lang, "RLO（目標復旧レベル）", "RLO"));
	doc_cell(t, L(x->lang, "復旧優先度", "Tier"));
	doc_cell(t, L(x->lang, "情報システム管理部署", "Managing department"));
	for (size_t i = 0; i < x->p->n_systems; i++) {
		const struct system *s = &x->p->systems[i];
		if (!s->in_scope)
			continue;
		struct system_rto r;
		system_rto_compute(x->p, s, &r);
		char el[160], h[PD_SHORT], h2[PD_SHORT];
		snprintf(el, sizeof el, "systems/%s", s->id);
		doc_table_row(t);
		doc_cell(t, s->name)->flags |= DOC_CELL_HEAD;
		doc_cell(t, s->summary);
		if (r.hours == NO_VALUE) {
			doc_cell_placeholder(t, L(x->lang, "〇〇時間", "[hours]"), pd_why(x, el, "system-no-rto"));
		} else {
			struct buf b = BUF_INIT;
			buf_adds(&b, pd_hours(x, r.hours, h));
			if (r.rto_overridden) {
				if (r.derived_hours != NO_VALUE)
					buf_addf(&b, L(x->lang, "\n（算定値 %s）", "\n(derived %s)"),
						 pd_hours(x, r.derived_hours, h2));
				if (s->rto_override_reason && *s->rto_override_reason)
					buf_addf(&b, L(x->lang, "\n理由：%s", "\nreason: %s"),
						 s->rto_override_reason);
			} else if (r.set_by) {
				buf_addf(&b, L(x->lang, "\n（%s：%s＋代替%s）", "\n(%s: %s + alt. %s)"),
					 r.set_by->name, pd_hours(x, r.set_by->rto_hours, h),
					 pd_hours(x, r.set_by_alt_hours, h2));
			}
			struct doc_cell *c = doc_cell(t, b.data);
			if (r.rto_overridden)
				doc_cell_note(c, pd_finding(x, el, "rto-override-no-reason"));
			buf_release(&b);
		}
		pd_cell(x, t, s->rlo, L(x->lang, "[RLO]", "[RLO]"), el, "system-no-rlo");
		if (r.tier == TIER_NONE) {
			doc_cell_placeholder(t, "[ ]", pd_why(x, el, "system-no-rto"));
		} else {
			struct buf b = BUF_INIT;
			buf_adds(&b, tier_name(r.tier));
			if (r.tier_overridden) {
				buf_addf(&b, L(x->lang, "\n（算定値 %s）", "\n(derived %s)"),
					 tier_name(r.derived_tier));
				if (s->tier_override_reason && *s->tier_override_reason)
					buf_addf(&b, L(x->lang, "\n理由：%s", "\nreason: %s"),
						 s->tier_override_reason);
			}
			struct doc_cell *c = doc_cell(t, b.data);
			c->align = DOC_ALIGN_CENTER;
			c->flags |= DOC_CELL_EMPH;
			if (r.tier_overridden)
				doc_cell_note(c, pd_finding(x, el, "tier-override-no-reason"));
			buf_release(&b);
		}
		pd_cell(x, t, pd_dept_name(x, s->department), L(x->lang, "[部局]", "[department]"), el,
			"system-no-department");
	}
	doc_table_end(t);
}

/* 表5.3-3 from the agency's thresholds. */
static void tiers(struct pd *x)
{
	static const unsigned w[] = { 8, 2 };
	struct doc_table *t = pd_table(x, "5.3", L(x->lang, "情報システムの復旧優先度",
						   "Recovery priority tiers"),
				       2, w);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "情報システムに求められるRTO（目標復旧時間）", "RTO required"));
	doc_cell(t, L(x->lang, "復旧優先度", "Tier"));
	const int64_t *max = x->p->organisation.tier_max_hours;
	for (int k = TIER_S; k < TIER_COUNT; k++) {
		char lo[PD_SHORT], hi[PD_SHORT];
		doc_table_row(t);
		if (k == TIER_S)
			doc_cellf(t, L(x->lang, "0～%s以内に復旧が必要な情報システム",
				       "Must be back within %s"),
				  pd_hours(x, max[0], hi));
		else if (k == TIER_E)
			doc_cellf(t, L(x->lang, "%sを超える停止が許容できる情報システム",
				       "Can stay down longer than %s"),
				  pd_hours(x, max[TIER_E - 1], lo));
		else
			doc_cellf(t, L(x->lang, "%sから%s以内に復旧が必要な情報システム",
				       "Must be back after more than %s, within %s"),
				  pd_hours(x, max[k - 1], lo), pd_hours(x, max[k], hi));
		doc_cell(t, tier_name((enum tier)k))->align = DOC_ALIGN_CENTER;
	}
	doc_table_end(t);
}

/* 5.3. */
static void priority(struct pd *x)
{
	doc_add_heading(x->d, 2, "5.3.", L(x->lang, "情報システムの復旧優先度の設定",
					   "Setting the recovery priority of systems"));
	doc_add_para(x->d, L(x->lang,
			     "ガイドラインに記載される方法に基づき情報システムに対し、目標復旧時間（以下"
			     "「RTO」という。）及び目標復旧レベル（以下「RLO」という。）を設定した。"
			     "検討結果を以下に示す。",
			     "Each system's recovery time objective (RTO) and recovery level "
			     "objective (RLO) were set by the guideline's method."));
	doc_add_heading(x->d, 4, "(1)", L(x->lang, "業務のRTOと情報システム停止時の代替手段の検討",
					  "Business RTO and alternative means"));
	/* The appendix's introduction of (1) and its three points. */
	doc_add_para(x->d, L(x->lang,
			     "情報システムの運用を継続する責任者及び担当者は、既存の業務継続計画を確認し"
			     "業務のRTOを「別表1. 業務システム関連表」に記載する。下表を利用し、以下の検討"
			     "結果を記載する。",
			     "The responsible officers and staff check the business continuity plan and "
			     "record each business's RTO in Appendix 1; the table below records:"));
	struct doc_block *l = doc_add_list(x->d, true);
	doc_list_item(l, L(x->lang, "業務継続計画に定められた非常時優先業務と情報システムの関連性",
			   "which systems the priority businesses of the BCP use"));
	doc_list_item(l, L(x->lang, "業務継続計画に定められた非常時優先業務のRTOの設定結果",
			   "the RTO the BCP sets for each priority business"));
	doc_list_item(l, L(x->lang,
			   "情報システム停止時の代替手段の有無及び代替手段により業務継続が可能な時間",
			   "whether there is an alternative means when a system stops, and how long "
			   "the business can continue on it"));
	doc_add_para(x->d, L(x->lang,
			     "情報システムのRTOは、そのシステムを利用する非常時優先業務ごとに「業務のRTO＋"
			     "代替手段で継続可能な時間」を求め、その最小値とする。",
			     "A system's RTO is the least, over the priority businesses using it, of "
			     "the business RTO plus the time the business can continue on its "
			     "alternative means."));
	pd_table_rto(x);
	doc_add_para(x->d, L(x->lang,
			     "それぞれの情報システムと優先業務の関連性の一覧は、「別表1. 業務システム関連表」"
			     "に記す。",
			     "Appendix 1 lists which systems each priority business uses."));
	doc_add_heading(x->d, 4, "(2)", L(x->lang, "RTO及びRLO検討結果", "RTO and RLO"));
	doc_add_para(x->d, L(x->lang,
			     "「(1) 業務のRTOと情報システム停止時の代替手段の検討」での検討結果に基づき、"
			     "情報システムのRTO及びRLOを設定した。また、RTO及びRLOの設定結果に基づき、"
			     "情報システムの復旧優先度を6段階（S、A、B、C、D、E）に整理した。整理結果を"
			     "以下に示す。",
			     "From the RTO and RLO, each system is given one of six tiers (S, A, B, C, "
			     "D, E)."));
	pd_table_systems(x);
	doc_add_para(x->d, L(x->lang, "なお、上記表の情報システムの復旧優先度は、以下を基準とする。",
			     "The tiers are defined as follows."));
	tiers(x);
	pd_appendix_ref(x, "3.1.情報システムを支える構成要素ごとの現状対策レベルとリスク",
			"3.1 Current levels and risks per component");
	pd_guideline(x, "2.5 情報システムの復旧優先度の設定", "2.5 Setting recovery priorities");
}

/* 5.4.1: 表5.4-1. */
static void components(struct pd *x)
{
	doc_add_heading(x->d, 3, "5.4.1.", L(x->lang, "情報システムを支える構成要素の整理",
					     "The components supporting the systems"));
	const char *org = pd_pick(x, x->p->organisation.name, x->p->organisation.name_en);
	if (!org || !*org)
		org = L(x->lang, "[政府機関等]", "[agency]");
	doc_add_paraf(x->d,
		      L(x->lang,
			"危機的事象の発生に備え、情報システムを支える構成要素について整理する。"
			"ガイドラインの例、%sの業務継続計画内で作成している危機的事象発生時の対応手順、"
			"既に作成している情報システム運用継続の対応手順等を参考にしながら、危機的事象が"
			"発生した際の対応をイメージし、必要な要素に漏れがないように洗い出す。",
			"The components that support the systems, listed to prepare for a crisis: "
			"drawn from the guideline's examples, the crisis procedures of %s's business "
			"continuity plan and the existing continuity procedures, imagining the response "
			"to a crisis so that nothing needed is missed."),
		      org);
	/* The appendix lists the components of its first event; the plan's
	 * one list serves every event it covers, so the heading names them. */
	struct buf ev = BUF_INIT;
	for (size_t i = 0; i < x->p->n_events; i++)
		buf_addf(&ev, "%s%s", i ? L(x->lang, "・", ", ") : "",
			 pd_event_name(x, &x->p->events[i]));
	if (!ev.len)
		buf_adds(&ev, L(x->lang, "危機的事象", "crisis events"));
	struct buf h = BUF_INIT;
	buf_addf(&h, L(x->lang, "%sに備えた情報システムを支える構成要素の整理",
		       "Components supporting the systems: %s"),
		 ev.data);
	doc_add_heading(x->d, 4, "(1)", h.data);
	doc_add_paraf(x->d, L(x->lang, "%sについて、下表に示す。", "%s:"), h.data);
	static const unsigned w[] = { 2, 3, 8 };
	struct doc_table *t = pd_table(x, "5.4", h.data, 3, w);
	buf_release(&h);
	buf_release(&ev);
	doc_table_head(t);
	doc_cell_span(t, L(x->lang, "情報システムを支える構成要素", "Component"), 2, 1);
	doc_cell(t, L(x->lang, "説明", "Description"));
	for (size_t i = 0; i < x->p->n_components; i++) {
		const struct component *c = &x->p->components[i];
		doc_table_row(t);
		if (i == 0 || !pd_same(x->p->components[i - 1].category, c->category)) {
			int span = 0;
			for (size_t j = i; j < x->p->n_components &&
					   pd_same(x->p->components[j].category, c->category);
			     j++)
				span++;
			doc_cell_span(t, pd_category_name(x, c->category), 1, span)->flags |= DOC_CELL_HEAD;
		}
		doc_cell(t, pd_component_name(x, c))->flags |= DOC_CELL_HEAD;
		char el[160];
		snprintf(el, sizeof el, "components/%s", c->id);
		pd_cell(x, t, c->description, "〇〇", el, "component-no-description");
	}
	if (!x->p->n_components) {
		doc_table_row(t);
		doc_cell_placeholder(t, "〇〇", pd_why(x, "components", "plan-no-components"));
		doc_cell_placeholder(t, "〇〇", NULL);
		doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_end(t);
	pd_appendix_ref(x, "3.1.情報システムを支える構成要素ごとの現状対策レベルとリスク",
			"3.1 Current levels and risks per component");
	pd_guideline(x, "2.6.1 情報システムを支える構成要素の明確化",
		     "2.6.1 Identifying the components supporting the systems");
}

/* The description of a level of e × c as "title\ndescription", or "". */
static void level_text(struct pd *x, const char *ev, const char *comp, int64_t level, struct buf *b)
{
	for (size_t i = 0; i < x->p->n_level_descriptions; i++) {
		const struct level_description *ld = &x->p->level_descriptions[i];
		if (!pd_same(ld->event, ev) || !pd_same(ld->component, comp) || ld->level != level)
			continue;
		buf_adds(b, ld->title);
		/* the description's lines as the appendix sets them: 「・」 each */
		const char *s = ld->description ? ld->description : "";
		while (*s) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			if (n) {
				bool dot = strncmp(s, "・", strlen("・")) == 0;
				buf_addf(b, "%s%s%.*s", b->len ? "\n" : "", dot ? "" : "・", (int)n, s);
			}
			s += n;
			if (*s)
				s++;
		}
		return;
	}
}

/* The appendix's footnote of a component's target table, with where its
 * mark goes: after the first use of word, or (word NULL) at the end of
 * the target of every level from min_level up. */
struct target_note {
	const char *word, *word_en;
	int64_t min_level;
	const char *ja, *en;
};

/* 表5.4-n: the target of component c under event e, per tier; no is the
 * appendix's number for it (0: the next after the appendix's).
 * With fn, the footnote's mark goes into the targets it names; returns
 * whether one did. */
static bool target_table(struct pd *x, const struct event_type *e, const struct component *c,
			 unsigned no, const struct target_note *fn)
{
	bool marked = false;
	struct buf cap = BUF_INIT;
	/* the appendix's 表5.4-5 is of the contractor's business continuity */
	bool bc = no && strcmp(c->id, "contractor") == 0;
	buf_addf(&cap,
		 L(x->lang, "%s%sにおける復旧優先度別の対策目標", "%s%s: targets by recovery tier"),
		 pd_component_name(x, c), bc ? L(x->lang, "の事業継続能力", "'s business continuity") : "");
	static const unsigned w[] = { 2, 9, 2 };
	struct doc_table *t = no ? pd_table_at(x, "5.4", no, 0, cap.data, 3, w)
				 : pd_table(x, "5.4", cap.data, 3, w);
	buf_release(&cap);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "情報システムの復旧優先度", "Tier"));
	doc_cell(t, L(x->lang, "対策目標", "Target"));
	doc_cell(t, L(x->lang, "対策レベル", "Level"));
	int64_t lv[TIER_COUNT];
	for (int k = 0; k < TIER_COUNT; k++)
		lv[k] = target_level(x->p, e->id, c->id, (enum tier)k);
	for (int k = 0; k < TIER_COUNT; k++) {
		doc_table_row(t);
		doc_cell(t, tier_name((enum tier)k))->align = DOC_ALIGN_CENTER;
		if (k > 0 && lv[k] == lv[k - 1])
			continue; /* covered by the span above */
		int span = 1;
		while (k + span < TIER_COUNT && lv[k + span] == lv[k])
			span++;
		if (lv[k] == NO_VALUE) {
			struct doc_cell *a = doc_cell_span(t, "〇〇", 1, span);
			a->flags |= DOC_CELL_PLACEHOLDER;
			doc_cell_note(a, L(x->lang, "目標対策レベルが未設定です", "no target level set"));
			doc_cell_span(t, "[ ]", 1, span)->flags |= DOC_CELL_PLACEHOLDER;
			continue;
		}
		struct buf b = BUF_INIT;
		level_text(x, e->id, c->id, lv[k], &b);
		const char *word = fn && fn->word ? L(x->lang, fn->word, fn->word_en) : NULL;
		bool mark = fn && b.len &&
			    (fn->word ? !marked && word && strstr(b.data, word)
				      : lv[k] >= fn->min_level);
		if (mark) {
			struct buf m = BUF_INIT;
			pd_marked(x, 0, b.data, fn->word ? word : NULL, &m);
			doc_cell_span(t, m.data, 1, span);
			buf_release(&m);
			marked = true;
		} else if (b.len) {
			doc_cell_span(t, b.data, 1, span);
		} else {
			struct doc_cell *a = doc_cell_span(t, "〇〇", 1, span);
			a->flags |= DOC_CELL_PLACEHOLDER;
			doc_cell_note(a, L(x->lang, "このレベルの説明が計画にありません",
					   "the plan does not describe this level"));
		}
		buf_release(&b);
		char lvs[32];
		snprintf(lvs, sizeof lvs, "%lld", (long long)lv[k]);
		doc_cell_span(t, lvs, 1, span)->align = DOC_ALIGN_CENTER;
	}
	doc_table_end(t);
	return marked;
}

/* The appendix's number of a component's target table under its first
 * event (表5.4-2 hardware … 表5.4-5 contractor), 0 for the others.  Ordered
 * by number: the first pass of targets() relies on it. */
static unsigned template_no(const char *component)
{
	static const char *const ids[] = { "hardware", "system_area", "data_area", "contractor" };
	for (unsigned i = 0; i < 4; i++)
		if (component && strcmp(component, ids[i]) == 0)
			return i + 2;
	return 0;
}

/* True when the plan sets a target level of c under e. */
static bool has_targets(struct pd *x, const struct event_type *e, const struct component *c)
{
	for (size_t k = 0; k < x->p->n_target_levels; k++)
		if (pd_same(x->p->target_levels[k].event, e->id) &&
		    pd_same(x->p->target_levels[k].component, c->id))
			return true;
	return false;
}

/* The appendix's footnotes under 表5.4-2 (the premise of the hardware
 * targets, marked on each target with a standby at another site) and
 * 表5.4-4 (what an online backup is, marked at its first use); NULL for
 * the other components. */
static const struct target_note *component_note(const struct component *c)
{
	static const struct target_note hardware = {
		NULL, NULL, 2,
		"現在の拠点の情報システムのハードウェアについては、耐震性が確保されたサーバー"
		"ルーム内に設置するとともに、冗長化構成をとることで、被災時に情報システムが停止"
		"する可能性を低減させることを前提とする。",
		"The hardware at the current site is assumed to be in an earthquake-resistant server "
		"room and in a redundant configuration, so that a disaster is less likely to stop "
		"the system.",
	};
	static const struct target_note data_area = {
		"オンラインバックアップ", "online backup", 0,
		"オンラインバックアップ：情報通信ネットワークを介してバックアップデータを転送"
		"する方式のこと。本番環境の性能に影響を与えるため、本番環境が利用されない夜間等"
		"の時間帯を利用する必要がある。",
		"An online backup sends the backup data over the network. It slows the production "
		"environment, so it has to run when that is not in use, such as at night.",
	};
	if (strcmp(c->id, "hardware") == 0)
		return &hardware;
	if (strcmp(c->id, "data_area") == 0)
		return &data_area;
	return NULL;
}

/* 5.4.2. */
static void targets(struct pd *x)
{
	doc_add_heading(x->d, 3, "5.4.2.", L(x->lang, "情報システムを支える構成要素ごとの目標対策レベルの設定",
					     "Target levels per component"));
	doc_add_para(x->d, L(x->lang,
			     "情報システムの復旧優先度に対応する対策目標（目標対策レベル）を、目標復旧時間を"
			     "踏まえ情報システムを支える構成要素ごとに整理した。設定結果を以下に示す。",
			     "The target level for each recovery tier, per component:"));
	size_t item = 0;
	for (size_t i = 0; i < x->p->n_events; i++) {
		const struct event_type *e = &x->p->events[i];
		bool any = false;
		for (size_t k = 0; k < x->p->n_target_levels; k++)
			any |= pd_same(x->p->target_levels[k].event, e->id);
		if (!any)
			continue;
		char num[32];
		snprintf(num, sizeof num, "(%zu)", ++item);
		struct buf h = BUF_INIT;
		buf_addf(&h, L(x->lang, "%sに対する情報システムの復旧優先度に対応する対策目標",
			       "Targets by recovery tier: %s"),
			 pd_event_name(x, e));
		doc_add_heading(x->d, 4, num, h.data);
		buf_release(&h);
		/* The appendix numbers four tables of its first event: those
		 * come first with their numbers, the plan's others after them. */
		for (int pass = item == 1 ? 0 : 1; pass < 2; pass++)
			for (size_t ci = 0; ci < x->p->n_components; ci++) {
				const struct component *c = &x->p->components[ci];
				unsigned no = template_no(c->id);
				if ((pass == 0) != (no != 0) || !has_targets(x, e, c))
					continue;
				/* the appendix's footnotes, under its own tables */
				const struct target_note *fn = pass == 0 ? component_note(c) : NULL;
				if (target_table(x, e, c, pass == 0 ? no : 0, fn))
					pd_footnote(x, L(x->lang, fn->ja, fn->en));
			}
	}
	if (!item)
		doc_add_placeholder(x->d, L(x->lang, "[目標対策レベル]", "[target levels]"),
				    pd_why(x, "target_levels", "plan-no-target-levels"));
	pd_appendix_ref(x, "3.1.情報システムを支える構成要素ごとの現状対策レベルとリスク",
			"3.1 Current levels and risks per component");
	pd_guideline(x, "2.6.2 情報システムを支える構成要素ごとの目標対策レベルの設定",
		     "2.6.2 Setting target levels per component");
}

void pd_chapter5(struct pd *x)
{
	doc_add_page_break(x->d);
	doc_add_heading(x->d, 1, "5.", L(x->lang, "計画策定の根拠とした調査・分析・検討",
					 "Studies and analysis behind the plan"));
	events(x);
	damage(x);
	priority(x);
	doc_add_heading(x->d, 2, "5.4.", L(x->lang, "情報システムを支える構成要素の関連整理",
					   "Components supporting the systems"));
	components(x);
	targets(x);
}
