/*
 * xlsx.h — the plan's tables as Excel workbooks (libxlsxwriter).
 *
 * The sheets are written from the document model, not from the plan: the
 * builder (plan_doc*.c) already lays every table out as the appendix does
 * (別表1's four header rows with the businesses across, the training
 * grid April→March with its ▼ row, the contact lists of 表2.2-1/2.2-2),
 * and a spreadsheet of the same table must look the same.  So one writer
 * turns any struct doc_table into a worksheet: header rows bold, shaded
 * and repeated on every printed page, spans as merged cells, shaded and
 * emphasised cells as in the document, placeholders grey with the plan
 * check's finding as a cell comment, numbers ("12,000") as numbers.
 * Every text is written with worksheet_write_string (or merge_range, which
 * does the same), never as a formula: a cell "=cmd" stays text.
 */
#ifndef ITBCP_RENDER_OFFICE_XLSX_H
#define ITBCP_RENDER_OFFICE_XLSX_H

#include <stddef.h>

#include "model/plan.h"
#include "render/doc.h"
#include "render/render.h"
#include "util/buf.h"
#include "util/err.h"

/* What `render xlsx WHAT` knows, NULL-terminated, with a line of help
 * each: business-systems (別表1), contacts (表2.2-1 and 表2.2-2), training
 * (one sheet per fiscal year), risks, budget, all (every table of the
 * plan, one sheet each).  render_xlsx* also take any other name of
 * render_table_names (rto, systems): that table alone. */
extern const char *const xlsx_names[];
extern const char *const xlsx_help[];

/* Builds the plan's document with o (language, personal data) and writes
 * the tables what names as a workbook into out (bytes of a .xlsx; buf_release
 * it).  -1 with e filled when what is unknown or writing fails. */
int render_xlsx_buf(const struct plan *p, const char *what, const struct render_opts *o,
		    struct buf *out, struct err *e);
/* The same, written atomically to path. */
int render_xlsx(const struct plan *p, const char *what, const struct render_opts *o,
		const char *path, struct err *e);

/* The n tables given, one sheet each (named by their label), as a
 * workbook into out.  title goes into the file's properties. */
int render_xlsx_tables(const struct doc_table *const *tables, size_t n, const char *title,
		       enum lang lang, struct buf *out, struct err *e);

#endif
