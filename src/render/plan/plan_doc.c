/*
 * plan_doc.c — the plan as a document: entry points and shared helpers.
 *
 * plan_doc_build() runs the plan check once (its findings explain every
 * placeholder), sets the title page, then calls the chapter builders of
 * plan_doc_ch1.c … plan_doc_annex.c in the appendix's order.  The helpers
 * below give every chapter the same numbering of tables and figures, the
 * same placeholder style (〇〇 / [ ] with the reason beside it) and the same
 * formatting of hours, dates, fiscal years and names in both languages.
 */
#include "render/plan/plan_doc_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

const char *const render_table_names[] = {
	"business-systems", "contacts", "training", "risks", "budget", "rto", "systems", NULL,
};
const char *const render_table_help[] = {
	"別表1 業務システム関連表 / business-system table",
	"表2.2-1, 2.2-2 連絡先一覧 / contact lists",
	"4.1 教育訓練計画（全年度）/ training plan, every fiscal year",
	"3.1 リスク一覧（目標との差）/ risk register (gaps to targets)",
	"3.2 事前対策の予算 / countermeasure budget by item and fiscal year",
	"表5.3-1 業務のRTOと代替手段 / business RTO and alternative means",
	"表5.3-2 情報システムのRTO・RLO・復旧優先度 / systems with RTO, RLO, tier",
	NULL,
};

void render_opts_init(struct render_opts *o)
{
	o->lang = LANG_JA;
	o->personal = false;
	o->today = civil_date_today();
	o->guideline_refs = true;
	o->versions = NULL;
	o->n_versions = 0;
	o->version = 0;
}

/* Sets up x for one build into out. */
static void pd_begin(struct pd *x, const struct plan *p, const struct render_opts *o,
		     struct doc *out)
{
	memset(x, 0, sizeof *x);
	x->p = p;
	x->o = o;
	x->lang = o->lang;
	x->d = out;
	x->findings = (struct findings)FINDINGS_INIT;
	doc_init(out, o->lang);
	plan_check(p, o->today, &x->findings);
}

/* Frees what the build held (not the doc). */
static void pd_end(struct pd *x)
{
	findings_release(&x->findings);
}

/* The approved version numbered n among the options', or NULL. */
static const struct render_version *version_no(const struct pd *x, int64_t n)
{
	for (size_t i = 0; i < x->o->n_versions; i++)
		if (x->o->versions[i].number == n)
			return &x->o->versions[i];
	return NULL;
}

/* The number the document carries: the approved version it is, or for a
 * draft the one it would become (第3版（案） after 第2版). */
static int64_t doc_number(const struct pd *x)
{
	if (x->o->version > 0)
		return x->o->version;
	int64_t last = 0;
	for (size_t i = 0; i < x->o->n_versions; i++)
		if (x->o->versions[i].number > last)
			last = x->o->versions[i].number;
	return last + 1;
}

/* The cover's lines under the title: the classification, 版数, 策定日
 * (第1版's approval) and 改定日 (the latest approval up to this version). */
static void cover_lines(struct pd *x, struct buf *b)
{
	const char *cls = x->p->organisation.classification;
	if (cls && *cls)
		buf_addf(b, "%s\n", cls);
	int64_t n = doc_number(x);
	bool draft = x->o->version == 0;
	if (x->lang == LANG_EN)
		buf_addf(b, "Version %lld%s", (long long)n, draft ? " (draft)" : "");
	else
		buf_addf(b, "第%lld版%s", (long long)n, draft ? "（案）" : "");
	char date[PD_SHORT];
	const struct render_version *first = version_no(x, 1);
	if (first) {
		wareki_date(first->date, (int)x->lang, date, sizeof date);
		buf_addf(b, L(x->lang, "\n策定日：%s", "\nEstablished: %s"), date);
	}
	const struct render_version *last = NULL;
	for (size_t i = 0; i < x->o->n_versions; i++) {
		const struct render_version *v = &x->o->versions[i];
		if (v->number > 1 && v->number <= n && (!last || v->number > last->number))
			last = v;
	}
	if (last) {
		wareki_date(last->date, (int)x->lang, date, sizeof date);
		buf_addf(b, L(x->lang, "\n改定日：%s", "\nRevised: %s"), date);
	}
}

/* 改定履歴: one row per approved version, before chapter 1, so that a
 * reader sees which text is in force and what each revision changed. */
static void pd_history(struct pd *x)
{
	doc_add_heading(x->d, 1, "", L(x->lang, "改定履歴", "Revision history"));
	if (!x->o->n_versions) {
		doc_add_para(x->d, L(x->lang, "承認された版はまだない（本書は案である）。",
				     "No version has been approved yet (this is a draft)."));
		doc_add_page_break(x->d);
		return;
	}
	static const unsigned w[] = { 2, 3, 8 };
	/* Not a table of the appendix: labelled, not numbered in a section. */
	struct doc_table *t = &doc_add_table(x->d, L(x->lang, "改定履歴", "Revision history"), "", 3,
					     w)->table;
	doc_table_head(t);
	doc_cell(t, L(x->lang, "版数", "Version"));
	doc_cell(t, L(x->lang, "策定・改定日", "Date"));
	doc_cell(t, L(x->lang, "改定内容", "Changes"));
	for (size_t i = 0; i < x->o->n_versions; i++) {
		const struct render_version *v = &x->o->versions[i];
		char date[PD_SHORT];
		wareki_date(v->date, (int)x->lang, date, sizeof date);
		doc_table_row(t);
		doc_cellf(t, L(x->lang, "第%lld版", "Version %lld"), (long long)v->number)->align =
			DOC_ALIGN_CENTER;
		doc_cell(t, date);
		if (*v->comment)
			doc_cell(t, v->comment);
		else
			doc_cell(t, v->number == 1 ? L(x->lang, "策定", "Established")
						   : L(x->lang, "改定", "Revised"));
	}
	doc_table_end(t);
	doc_add_page_break(x->d);
}

/* Title page and running header. */
static void pd_title(struct pd *x)
{
	const struct organisation *org = &x->p->organisation;
	const char *title = org->plan_title && *org->plan_title
				    ? org->plan_title
				    : L(x->lang, "情報システム運用継続計画",
					"IT Service Continuity Plan");
	/* The plan has no English title: a Japanese one gives way in English. */
	bool ascii = true;
	for (const char *c = title; *c; c++)
		ascii &= (unsigned char)*c < 0x80;
	if (x->lang == LANG_EN && !ascii)
		title = "IT Service Continuity Plan";
	const char *name = pd_pick(x, org->name ? org->name : "", org->name_en);
	if (!*name)
		name = L(x->lang, "[政府機関等]", "[agency]");
	/* The approved version is dated the day it was approved, whenever it
	 * is printed; a draft, the day it is printed. */
	char date[PD_SHORT];
	const struct render_version *cur = version_no(x, x->o->version);
	wareki_date(x->o->version > 0 && cur ? cur->date : x->o->today, (int)x->lang, date,
		    sizeof date);
	doc_set(&x->d->meta.title, title);
	doc_set(&x->d->meta.organisation, name);
	doc_set(&x->d->meta.date, date);
	struct buf sub = BUF_INIT;
	cover_lines(x, &sub);
	doc_set(&x->d->meta.subtitle, sub.data);
	buf_release(&sub);
	/* The running header is on every page in every print format: the
	 * classification and 「案」 go there, not only on the cover. */
	struct buf h = BUF_INIT;
	const char *cls = x->p->organisation.classification;
	if (cls && *cls)
		buf_addf(&h, "%s　", cls);
	if (strstr(title, name))
		buf_adds(&h, title);
	else
		buf_addf(&h, "%s %s", name, title);
	if (x->lang == LANG_EN)
		buf_addf(&h, " — version %lld%s", (long long)doc_number(x),
			 x->o->version == 0 ? " (draft)" : "");
	else
		buf_addf(&h, "　第%lld版%s", (long long)doc_number(x),
			 x->o->version == 0 ? "（案）" : "");
	doc_set(&x->d->meta.running_header, h.data);
	buf_release(&h);
	if (!x->o->personal)
		doc_set(&x->d->meta.footer,
			L(x->lang, "個人情報（携帯電話・自宅電話・メール）は省略しています",
			  "Personal data (mobile, home phone, e-mail) omitted"));
}

void plan_doc_build(const struct plan *p, const struct render_opts *o, struct doc *out)
{
	struct pd x;
	pd_begin(&x, p, o, out);
	pd_title(&x);
	pd_history(&x);
	pd_chapter1(&x);
	pd_chapter2(&x);
	pd_chapter3(&x);
	pd_chapter4(&x);
	pd_chapter5(&x);
	pd_annex(&x);
	if (out->n_blocks && out->blocks[out->n_blocks - 1]->kind == DOC_TABLE)
		doc_table_end(&out->blocks[out->n_blocks - 1]->table);
	pd_end(&x);
}

int plan_doc_table(const struct plan *p, const struct render_opts *o, const char *name,
		   struct doc *out)
{
	static void (*const fns[])(struct pd *) = {
		pd_table_business_systems, pd_table_contacts, pd_table_training, pd_table_risks,
		pd_table_budget,           pd_table_rto,      pd_table_systems,
	};
	size_t i = 0;
	while (render_table_names[i] && strcmp(render_table_names[i], name) != 0)
		i++;
	if (!render_table_names[i]) {
		doc_init(out, o->lang);
		return -1;
	}
	struct pd x;
	pd_begin(&x, p, o, out);
	pd_title(&x);
	fns[i](&x);
	if (out->n_blocks && out->blocks[out->n_blocks - 1]->kind == DOC_TABLE)
		doc_table_end(&out->blocks[out->n_blocks - 1]->table);
	pd_end(&x);
	return 0;
}

/* ---- helpers (plan_doc_internal.h) ------------------------------------ */

const char *pd_pick(const struct pd *x, const char *ja, const char *en)
{
	if (x->lang == LANG_EN && en && *en)
		return en;
	return ja ? ja : "";
}

/* The counters of section, created on first use. */
static size_t counter(struct pd *x, const char *section)
{
	for (size_t i = 0; i < x->n_counters; i++)
		if (strcmp(x->counters[i].section, section) == 0)
			return i;
	if (x->n_counters == PD_MAX_SECTIONS || strlen(section) >= sizeof x->counters[0].section)
		BUG("too many sections or section too long: %s", section);
	size_t i = x->n_counters++;
	memcpy(x->counters[i].section, section, strlen(section) + 1);
	return i;
}

struct doc_table *pd_table(struct pd *x, const char *section, const char *caption,
			   size_t n_cols, const unsigned *widths)
{
	size_t i = counter(x, section);
	return pd_table_at(x, section, x->counters[i].tables + 1, 0, caption, n_cols, widths);
}

struct doc_table *pd_table_at(struct pd *x, const char *section, unsigned no, unsigned branch,
			      const char *caption, size_t n_cols, const unsigned *widths)
{
	size_t i = counter(x, section);
	/* Numbers after a fixed one follow it, so no two tables share one. */
	if (no > x->counters[i].tables)
		x->counters[i].tables = no;
	char label[64];
	if (branch)
		snprintf(label, sizeof label, "%s %s-%u-%u", L(x->lang, "表", "Table"), section, no,
			 branch);
	else
		snprintf(label, sizeof label, "%s %s-%u", L(x->lang, "表", "Table"), section, no);
	return &doc_add_table(x->d, label, caption, n_cols, widths)->table;
}

void pd_figure(struct pd *x, const char *section, const char *caption, const char *svg,
	       const char *note)
{
	size_t i = counter(x, section);
	char label[64];
	snprintf(label, sizeof label, "%s %s-%u", L(x->lang, "図", "Figure"), section,
		 ++x->counters[i].figures);
	doc_add_figure(x->d, label, caption, svg, note);
}

void pd_guideline(struct pd *x, const char *ref_ja, const char *ref_en)
{
	if (!x->o->guideline_refs)
		return;
	struct buf b = BUF_INIT;
	if (x->lang == LANG_EN)
		buf_addf(&b, "\"%s\"", ref_en);
	else
		buf_addf(&b, "「%s」", ref_ja);
	doc_add_note(x->d, L(x->lang, "ガイドラインの参照先：", "Guideline reference: "), b.data);
	buf_release(&b);
}

void pd_appendix_ref(struct pd *x, const char *ref_ja, const char *ref_en)
{
	struct buf b = BUF_INIT;
	if (x->lang == LANG_EN)
		buf_addf(&b, "\"%s\"", ref_en);
	else
		buf_addf(&b, "「%s」", ref_ja);
	doc_add_note(x->d, L(x->lang, "付録の参照先：", "See also: "), b.data);
	buf_release(&b);
}

const char *pd_finding(const struct pd *x, const char *element, const char *code)
{
	for (size_t i = 0; i < x->findings.n; i++) {
		const struct finding *f = &x->findings.v[i];
		if (element && strcmp(f->element, element) != 0)
			continue;
		if (code && strcmp(f->code, code) != 0)
			continue;
		return x->lang == LANG_EN ? f->message_en : f->message_ja;
	}
	return NULL;
}

const char *pd_why(const struct pd *x, const char *element, const char *code)
{
	const char *m = element || code ? pd_finding(x, element, code) : NULL;
	return m ? m : L(x->lang, "計画に未記入です", "not filled in the plan");
}

struct doc_cell *pd_cell(struct pd *x, struct doc_table *t, const char *text,
			 const char *placeholder, const char *element, const char *code)
{
	if (text && *text)
		return doc_cell(t, text);
	return doc_cell_placeholder(t, placeholder ? placeholder : "〇〇",
				    pd_why(x, element, code));
}

char *pd_footmark(const struct pd *x, unsigned ahead, char out[PD_SHORT])
{
	snprintf(out, PD_SHORT, "\u203b%u", x->footnotes + 1 + ahead); /* ※1 */
	return out;
}

void pd_marked(const struct pd *x, unsigned ahead, const char *text, const char *word,
	       struct buf *b)
{
	char mark[PD_SHORT];
	pd_footmark(x, ahead, mark);
	const char *at = word && *word && text ? strstr(text, word) : NULL;
	if (at) {
		size_t n = (size_t)(at - text) + strlen(word);
		buf_add(b, text, n);
		buf_adds(b, mark);
		buf_adds(b, text + n);
	} else {
		buf_adds(b, text ? text : "");
		buf_adds(b, mark);
	}
}

void pd_footnote(struct pd *x, const char *text)
{
	char mark[PD_SHORT];
	pd_footmark(x, 0, mark);
	x->footnotes++;
	doc_add_paraf(x->d, "%s %s", mark, text)->flags |= DOC_PARA_SMALL | DOC_PARA_FOOTNOTE;
}

void pd_para(struct pd *x, const char *text, const char *placeholder, const char *element,
	     const char *code)
{
	if (text && *text)
		doc_add_para(x->d, text);
	else
		doc_add_placeholder(x->d, placeholder ? placeholder : "〇〇",
				    pd_why(x, element, code));
}

struct doc_cell *pd_cell_bullets(struct pd *x, struct doc_table *t, const char *text,
				 const char *placeholder, const char *element, const char *code)
{
	if (!text || !*text)
		return pd_cell(x, t, text, placeholder, element, code);
	struct buf b = BUF_INIT;
	const char *s = text;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n) {
			if (b.len)
				buf_addc(&b, '\n');
			/* Lines that already start with a marker keep it. */
			if (strncmp(s, "・", 3) != 0 && strncmp(s, "(", 1) != 0 &&
			    strncmp(s, "（", 3) != 0 && strncmp(s, "- ", 2) != 0)
				buf_adds(&b, "・");
			buf_add(&b, s, n);
		}
		s += n;
		if (*s == '\n')
			s++;
	}
	struct doc_cell *c = doc_cell(t, b.data);
	buf_release(&b);
	return c;
}

char *pd_hours(const struct pd *x, int64_t hours, char out[PD_SHORT])
{
	if (hours < 0) {
		out[0] = '\0';
	} else if (hours > 0 && hours % 168 == 0) {
		long long w = (long long)(hours / 168);
		if (x->lang == LANG_EN)
			snprintf(out, PD_SHORT, "%lld week%s", w, w == 1 ? "" : "s");
		else
			snprintf(out, PD_SHORT, "%lld週間", w);
	} else if (hours > 0 && hours % 24 == 0) {
		long long dd = (long long)(hours / 24);
		if (x->lang == LANG_EN)
			snprintf(out, PD_SHORT, "%lld day%s", dd, dd == 1 ? "" : "s");
		else
			snprintf(out, PD_SHORT, "%lld日", dd);
	} else {
		if (x->lang == LANG_EN)
			snprintf(out, PD_SHORT, "%lld h", (long long)hours);
		else
			snprintf(out, PD_SHORT, "%lld時間", (long long)hours);
	}
	return out;
}

char *pd_date(const struct pd *x, const char *iso, char out[PD_SHORT])
{
	struct civil_date d;
	if (iso && civil_date_parse(iso, &d) == 0)
		wareki_date(d, (int)x->lang, out, PD_SHORT);
	else
		snprintf(out, PD_SHORT, "%s", iso ? iso : "");
	return out;
}

char *pd_fy(const struct pd *x, int64_t fy, char out[PD_SHORT])
{
	if (fy == NO_VALUE || fy < 1900 || fy > 9999)
		snprintf(out, PD_SHORT, "%s", L(x->lang, "〇〇年度", "FY ____"));
	else
		fiscal_year_label((int)fy, (int)x->lang, out, PD_SHORT);
	return out;
}

char *pd_tier_range(const struct pd *x, enum tier t, char out[PD_SHORT])
{
	if (t == TIER_NONE || t >= TIER_COUNT) {
		snprintf(out, PD_SHORT, "-");
		return out;
	}
	const int64_t *max = x->p->organisation.tier_max_hours;
	char lo[PD_SHORT], hi[PD_SHORT];
	if (t == TIER_S) {
		snprintf(out, PD_SHORT, "S%s0～%s%s", L(x->lang, "（", " ("),
			 pd_hours(x, max[0], hi), L(x->lang, "）", ")"));
	} else if (t == TIER_E) {
		snprintf(out, PD_SHORT, "E%s%s%s%s", L(x->lang, "（", " (over "),
			 pd_hours(x, max[TIER_E - 1], lo), L(x->lang, "超", ""),
			 L(x->lang, "）", ")"));
	} else {
		snprintf(out, PD_SHORT, "%s%s%s～%s%s", tier_name(t), L(x->lang, "（", " ("),
			 pd_hours(x, max[t - 1], lo), pd_hours(x, max[t], hi),
			 L(x->lang, "）", ")"));
	}
	return out;
}

const char *pd_dept_name(const struct pd *x, const char *dept_id)
{
	const struct department *d = plan_department(x->p, dept_id);
	return d ? d->name : "";
}

const char *pd_role_name(const struct pd *x, const struct role *r)
{
	return r ? pd_pick(x, r->name, r->name_en) : "";
}

const char *pd_event_name(const struct pd *x, const struct event_type *e)
{
	return e ? pd_pick(x, e->name, e->name_en) : "";
}

const char *pd_component_name(const struct pd *x, const struct component *c)
{
	return c ? pd_pick(x, c->name, c->name_en) : "";
}

const char *pd_category_name(const struct pd *x, const char *category)
{
	static const struct {
		const char *key, *ja, *en;
	} cats[] = {
		{ "human", "人的資源", "Human resources" },
		{ "facility", "建物・設備", "Buildings and facilities" },
		{ "system", "情報システム", "Information systems" },
		{ "external", "外部組織", "External organisations" },
	};
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
		if (category && strcmp(category, cats[i].key) == 0)
			return L(x->lang, cats[i].ja, cats[i].en);
	return category ? category : "";
}

/* "所属・氏名" of a role's holders: primary first, deputies marked. */
static void holders_text(struct pd *x, const struct role *r, struct buf *b)
{
	for (int64_t rank = 0; rank < 100; rank++) {
		bool any_at_rank = false, more = false;
		for (size_t i = 0; i < x->p->n_role_holders; i++) {
			const struct role_holder *h = &x->p->role_holders[i];
			if (!h->role || strcmp(h->role, r->id) != 0)
				continue;
			if (h->rank > rank)
				more = true;
			if (h->rank != rank)
				continue;
			const struct person *pe = plan_person(x->p, h->person);
			if (!pe)
				continue;
			any_at_rank = true;
			if (b->len)
				buf_addc(b, '\n');
			const char *dept = pd_dept_name(x, pe->department);
			buf_addf(b, "%s%s%s", dept, *dept ? "・" : "", pe->name);
			if (pe->title && *pe->title)
				buf_addf(b, "（%s）", pe->title);
			if (rank > 0)
				buf_addf(b, L(x->lang, "［代理%lld］", " [deputy %lld]"),
					 (long long)rank);
		}
		if (!any_at_rank && !more)
			break;
	}
}

void pd_roles_table(struct pd *x, const char *structure, const char *section,
		    const char *caption)
{
	static const unsigned w[] = { 3, 3, 5 };
	struct doc_table *t = pd_table(x, section, caption, 3, w);
	doc_table_head(t);
	doc_cell(t, L(x->lang, "担当者", "Role"));
	doc_cell(t, L(x->lang, "所属・氏名", "Department and name"));
	doc_cell(t, L(x->lang, "役割の概要", "Duties"));
	size_t rows = 0;
	for (size_t i = 0; i < x->p->n_roles; i++) {
		const struct role *r = &x->p->roles[i];
		if (!r->structure || strcmp(r->structure, structure) != 0)
			continue;
		rows++;
		doc_table_row(t);
		doc_cell(t, pd_role_name(x, r))->flags |= DOC_CELL_HEAD;
		struct buf b = BUF_INIT;
		holders_text(x, r, &b);
		char el[160];
		snprintf(el, sizeof el, "roles/%s", r->id);
		pd_cell(x, t, b.data, L(x->lang, "[担当者所属]・[氏名]", "[department]・[name]"), el,
			"role-no-holder");
		buf_release(&b);
		pd_cell_bullets(x, t, r->duties, "〇〇", el, "role-no-duties");
	}
	if (!rows) {
		doc_table_row(t);
		doc_cell_placeholder(t, L(x->lang, "[担当者]", "[role]"),
				     pd_why(x, "roles", strcmp(structure, "crisis") == 0
							       ? "plan-no-crisis-roles"
							       : "plan-no-promotion-roles"));
		doc_cell_placeholder(t, L(x->lang, "[担当者所属]・[氏名]", "[department]・[name]"),
				     NULL);
		doc_cell_placeholder(t, "〇〇", NULL);
	}
	doc_table_end(t);
}
