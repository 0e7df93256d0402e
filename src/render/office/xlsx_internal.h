/*
 * xlsx_internal.h — what xlsx.c (workbooks) and xlsx_sheet.c (one table
 * as one worksheet) share: the workbook being written and its formats.
 */
#ifndef ITBCP_RENDER_OFFICE_XLSX_INTERNAL_H
#define ITBCP_RENDER_OFFICE_XLSX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "render/doc.h"
#include "util/lang.h"

/* Cell formats are made on first use, one per combination of: header row,
 * the DOC_CELL_* flags that show (HEAD SHADE EMPH SMALL PLACEHOLDER),
 * alignment and number-or-text. */
#define XLSX_N_FORMATS (2 * 32 * 4 * 2)

struct xlsx_book {
	lxw_workbook *wb;
	enum lang lang;
	lxw_format *title;
	lxw_format *formats[XLSX_N_FORMATS];
	char **sheet_names; /* given so far, to keep them unique */
	size_t n_sheets;
	int error;          /* first lxw_error met, or 0 */
};

/* Adds a worksheet holding table t (caption on top, then the grid). */
void xlsx_sheet(struct xlsx_book *bk, const struct doc_table *t);

#endif
