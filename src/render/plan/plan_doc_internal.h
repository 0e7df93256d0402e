/*
 * plan_doc_internal.h — what the chapter builders (plan_doc_ch*.c) share.
 *
 * One struct pd lives for one build: the plan, the options, the doc being
 * written, the plan check's findings (for explaining placeholders) and the
 * table and figure counters of each section.  Every function here takes
 * the pd first (pd_same aside).  Strings returned as const char * are
 * borrowed from the plan, the findings or static storage, and live as
 * long as the build.
 */
#ifndef ITBCP_RENDER_PLAN_PLAN_DOC_INTERNAL_H
#define ITBCP_RENDER_PLAN_PLAN_DOC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "render/doc.h"
#include "render/render.h"
#include "rules/check.h"
#include "rules/rules.h"

#define PD_MAX_SECTIONS 32

struct buf;

struct pd {
	const struct plan *p;
	const struct render_opts *o;
	enum lang lang;
	struct doc *d;
	struct findings findings;
	struct {
		char section[16];
		unsigned tables, figures;
	} counters[PD_MAX_SECTIONS];
	size_t n_counters;
	unsigned footnotes; /* footnotes added so far (pd_footnote) */
};

/* The chapters, in order. */
void pd_chapter1(struct pd *x);
void pd_chapter2(struct pd *x);
void pd_chapter3(struct pd *x);
void pd_chapter4(struct pd *x);
void pd_chapter5(struct pd *x);
void pd_annex(struct pd *x);

/* Single tables, also used by `render table NAME` (each names its table). */
void pd_table_business_systems(struct pd *x); /* 別表1, "business-systems" */
void pd_table_contacts(struct pd *x);         /* all contacts flat, "contacts" */
void pd_table_training(struct pd *x);         /* all years flat, "training" */
void pd_table_risks(struct pd *x);            /* the risk register (R4), "risks" */
void pd_table_budget(struct pd *x);           /* items and totals (R5), "budget" */
void pd_table_rto(struct pd *x);              /* 表5.3-1, "rto" */
void pd_table_systems(struct pd *x);          /* 表5.3-2, "systems" */

/* True when a and b are set and equal (references between elements). */
static inline bool pd_same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* ja, or en when the document is English and en is not empty. */
const char *pd_pick(const struct pd *x, const char *ja, const char *en);

/* A new numbered table of section ("2.1" gives 表 2.1-1, 表 2.1-2 …). */
struct doc_table *pd_table(struct pd *x, const char *section, const char *caption,
			   size_t n_cols, const unsigned *widths);
/* A table with the number the appendix gives it (表5.4-2 is hardware's
 * targets whatever the plan holds): 表 section-no, or 表 section-no-branch
 * when branch > 0 (the same template table once per system: 表3.2-1-2).
 * Tables made by pd_table afterwards are numbered after no.  Call these
 * before the section's other tables, in increasing order. */
struct doc_table *pd_table_at(struct pd *x, const char *section, unsigned no, unsigned branch,
			      const char *caption, size_t n_cols, const unsigned *widths);
/* A new numbered figure of section (図 2.2-1 …). */
void pd_figure(struct pd *x, const char *section, const char *caption, const char *svg,
	       const char *note);
/* The guideline reference box: 「ガイドラインの参照先：「2.1 基本方針の決定」」;
 * nothing when the options leave them out (the approved version). */
void pd_guideline(struct pd *x, const char *ref_ja, const char *ref_en);

/* The appendix's 「付録の参照先：「3.1.…」」 box, a cross-reference to a
 * section of the plan itself: kept in the approved version, which reads it. */
void pd_appendix_ref(struct pd *x, const char *ref_ja, const char *ref_en);

/* The plan check's message for element (e.g. "systems/mail") and code
 * (NULL: any code), in the document's language; NULL when none. */
const char *pd_finding(const struct pd *x, const char *element, const char *code);
/* The finding, or a generic "not filled in" explanation. */
const char *pd_why(const struct pd *x, const char *element, const char *code);

/* A cell with text, or when text is empty a placeholder cell explained by
 * the finding for element/code (or the generic reason). */
struct doc_cell *pd_cell(struct pd *x, struct doc_table *t, const char *text,
			 const char *placeholder, const char *element, const char *code);
/* The same for a paragraph. */
void pd_para(struct pd *x, const char *text, const char *placeholder, const char *element,
	     const char *code);
/* Lines of text as a cell with "・" before each line (the appendix's bullets). */
struct doc_cell *pd_cell_bullets(struct pd *x, struct doc_table *t, const char *text,
				 const char *placeholder, const char *element, const char *code);

/* Formatting into a caller's buffer (returns out). */
#define PD_SHORT 96
/* 3時間 / 1日 / 1週間, "3 h" / "1 day" / "1 week"; "" for NO_VALUE. */
char *pd_hours(const struct pd *x, int64_t hours, char out[PD_SHORT]);
/* 令和8年4月1日 / 2026-04-01 from "YYYY-MM-DD"; the input as is when invalid. */
char *pd_date(const struct pd *x, const char *iso, char out[PD_SHORT]);
/* 令和8年度 / FY2026. */
char *pd_fy(const struct pd *x, int64_t fy, char out[PD_SHORT]);
/* "A（3時間超～1日）" — a tier with its range from the thresholds. */
char *pd_tier_range(const struct pd *x, enum tier t, char out[PD_SHORT]);

/* Footnotes, as the appendix has them (1.1's 非常時優先業務, 3.1's levels,
 * 5.4.2's premises): numbered through the document, the mark 「※1」, 「※2」 …
 * (the appendix's superscript ¹ is not in the one font family for every
 * number, and a raised smaller digit would be under 6.5 pt in a table).
 * pd_footmark writes into out the mark the next footnote will have (ahead
 * 0; 1 the one after it …); pd_marked copies text into b with that mark
 * after the first word (or at the end when word is NULL or not in text);
 * pd_footnote adds the footnote itself (DOC_PARA_FOOTNOTE), to be called
 * right after the block that holds the mark. */
char *pd_footmark(const struct pd *x, unsigned ahead, char out[PD_SHORT]);
void pd_marked(const struct pd *x, unsigned ahead, const char *text, const char *word,
	       struct buf *b);
void pd_footnote(struct pd *x, const char *text);
/* Names for people, "" for unknown ids (never NULL). */
const char *pd_dept_name(const struct pd *x, const char *dept_id);
const char *pd_role_name(const struct pd *x, const struct role *r);
const char *pd_event_name(const struct pd *x, const struct event_type *e);
const char *pd_component_name(const struct pd *x, const struct component *c);
/* 人的資源 / 建物・設備 / 情報システム / 外部組織 for a component category. */
const char *pd_category_name(const struct pd *x, const char *category);

/* Roles of a structure ("promotion" | "crisis") as 表1.4-1 / 表2.1-1. */
void pd_roles_table(struct pd *x, const char *structure, const char *section,
		    const char *caption);

#endif
