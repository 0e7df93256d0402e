/*
 * render.h — the plan as documents: what `itbcp render` and the web UI call.
 *
 * Two steps, always: a builder turns a struct plan (plus the rules) into a
 * struct doc (doc.h), then a writer turns the doc into bytes of one format.
 * Builders never write bytes; writers never look at the plan.
 *
 *   struct doc d;
 *   plan_doc_build(&plan, &opts, &d);
 *   render_html(&d, &out);
 *   doc_release(&d);
 */
#ifndef ITBCP_RENDER_RENDER_H
#define ITBCP_RENDER_RENDER_H

#include <stdbool.h>

#include "model/plan.h"
#include "render/doc.h"
#include "rules/rules.h"
#include "util/buf.h"
#include "util/lang.h"

/* One approved version of the plan (第N版), for the documents' control:
 * the cover's 版数 and dates and the 改定履歴 table. */
struct render_version {
	int64_t number;         /* N of 第N版 */
	struct civil_date date; /* the day it was approved, in Asia/Tokyo */
	char *comment;          /* what changed (改定内容), "" when none; owned by
				 * whoever made the list (app_plan_versions) */
};

struct render_opts {
	enum lang lang;
	bool personal;          /* include personal data (mobile, home phone, e-mail) */
	struct civil_date today; /* the date of the document and of its checks */
	/* The appendix's 「ガイドラインの参照先」 boxes: for the authors of a
	 * draft, not for the approved version an agency issues. */
	bool guideline_refs;
	/* Document control: every approved version, oldest first (borrowed;
	 * none: NULL and 0), and which of them the plan is: N of 第N版, or 0
	 * for a draft, which says 「案」 on its cover and every page. */
	const struct render_version *versions;
	size_t n_versions;
	int64_t version;
};

/* Japanese, no personal data, today = civil_date_today(), guideline
 * references shown, a draft with no approved version before it. */
void render_opts_init(struct render_opts *o);

/* ---- builders (plan_doc*.c) ----------------------------------------- */

/* The whole plan, chapters 1–5 and 別表1–2, in the appendix's numbering.
 * out is initialised here: pass a doc that holds nothing (DOC_INIT, or
 * released); doc_release() it afterwards. */
void plan_doc_build(const struct plan *p, const struct render_opts *o, struct doc *out);

/* One table alone, for `render table NAME` (CSV): a doc holding just that
 * table, named name.  -1 (and out empty) when name is not one of
 * render_table_names. */
int plan_doc_table(const struct plan *p, const struct render_opts *o, const char *name,
		   struct doc *out);

/* Names of the tables `render table NAME` knows, NULL-terminated, with a
 * line of help each (render_table_help[i] for render_table_names[i]). */
extern const char *const render_table_names[];
extern const char *const render_table_help[];

/* ---- writers --------------------------------------------------------- */

/* One self-contained, print-ready HTML page (A4, TOC, running header). */
void render_html(const struct doc *d, struct buf *out);
/* Markdown (GitHub tables), stable for diffing plan versions. */
void render_markdown(const struct doc *d, struct buf *out);
/* One table as RFC 4180 CSV: UTF-8 BOM, CRLF, formula injection
 * neutralised, header rows first; covered span positions are empty. */
void render_csv(const struct doc_table *t, struct buf *out);

/* ---- escaping primitives (shared by writers; exposed for tests) ------ */

/* Appends s with & < > " ' escaped for HTML text and attributes. */
void render_html_text(struct buf *out, const char *s);
/* Appends one CSV field: quoted when needed, "=cmd" -> "'=cmd". */
void render_csv_field(struct buf *out, const char *s);
/* Appends s for a Markdown table cell or paragraph: markup characters
 * backslash-escaped, '|' as \|, newlines as <br> in cells. */
void render_md_text(struct buf *out, const char *s, bool in_cell);

#endif
