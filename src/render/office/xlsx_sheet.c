/*
 * xlsx_sheet.c — one struct doc_table as one worksheet.
 *
 * Row 0 holds "label caption"; the grid starts two rows down.  Header rows
 * are frozen on screen and repeated on printed pages; spans become merged
 * ranges; column widths and row heights are estimated from the text
 * (neither Excel nor LibreOffice fits wrapped rows when it opens a file).  Plan text
 * reaches the sheet only through put_text(), which writes strings — never
 * formulas — after removing control characters XML cannot hold.
 */
#include "render/office/xlsx_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define FIRST_ROW 2       /* the grid's first row on the sheet */
#define MAX_CELL_CHARS 32767 /* Excel's limit */
#define MIN_COL 4
#define MAX_COL 36
#define MAX_HEAD_COL 14 /* header text wraps rather than widen a column */

/* Notes the first error of a libxlsxwriter call. */
static void check(struct xlsx_book *bk, lxw_error rc)
{
	if (rc != LXW_NO_ERROR && !bk->error)
		bk->error = (int)rc;
}

/* s made fit for a cell: control characters other than '\n' and '\t'
 * become spaces ('\r' is dropped), cut to Excel's 32,767 characters.
 * free() it. */
static char *cell_text(const char *s)
{
	struct buf b = BUF_INIT;
	size_t chars = 0;
	while (*s && chars < MAX_CELL_CHARS) {
		uint32_t cp;
		size_t n = utf8_decode(s, &cp);
		if ((cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r') || cp == 0x7f)
			buf_addc(&b, ' ');
		else if (cp != '\r')
			buf_add(&b, s, n);
		chars++;
		s += n;
	}
	return buf_detach(&b);
}

/* True, with *v set, when s is a whole number as the document writes
 * one: "12", "-3", "12,000" — no leading zeros (phone numbers stay text). */
static bool as_number(const char *s, double *v)
{
	const char *p = s;
	bool neg = *p == '-';
	if (neg)
		p++;
	if (!isdigit((unsigned char)*p) || (*p == '0' && p[1]))
		return false;
	double x = 0;
	int digits = 0, group = -1; /* digits since the last comma, -1 before one */
	for (; *p; p++) {
		if (*p == ',') {
			if (group == 0 || (group > 0 && group != 3) || (group < 0 && digits > 3))
				return false;
			group = 0;
		} else if (isdigit((unsigned char)*p)) {
			x = x * 10 + (*p - '0');
			if (++digits > 15)
				return false;
			if (group >= 0)
				group++;
		} else {
			return false;
		}
	}
	if (group >= 0 && group != 3)
		return false;
	*v = neg ? -x : x;
	return true;
}

/* The format for a cell of a header row (head) or a body row. */
static lxw_format *cell_format(struct xlsx_book *bk, bool head, const struct doc_cell *c,
			       bool number)
{
	unsigned f = 0;
	f |= c->flags & DOC_CELL_HEAD ? 1u : 0;
	f |= c->flags & DOC_CELL_SHADE ? 2u : 0;
	f |= c->flags & DOC_CELL_EMPH ? 4u : 0;
	f |= c->flags & DOC_CELL_SMALL ? 8u : 0;
	f |= c->flags & DOC_CELL_PLACEHOLDER ? 16u : 0;
	unsigned align = (unsigned)c->align & 3u;
	size_t idx = (((size_t)head * 32 + f) * 4 + align) * 2 + (number ? 1 : 0);
	if (bk->formats[idx])
		return bk->formats[idx];
	lxw_format *fm = workbook_add_format(bk->wb);
	format_set_border(fm, LXW_BORDER_THIN);
	format_set_text_wrap(fm);
	if (bk->lang == LANG_JA)
		format_set_font_name(fm, "游ゴシック");
	format_set_font_size(fm, f & 8u ? 9 : 10.5);
	if (head) {
		format_set_bold(fm);
		format_set_bg_color(fm, 0xDCE6F1);
		format_set_align(fm, LXW_ALIGN_VERTICAL_CENTER);
	} else {
		format_set_align(fm, LXW_ALIGN_VERTICAL_TOP);
	}
	if (f & 1u) {
		format_set_bold(fm);
		format_set_bg_color(fm, 0xF2F2F2);
	}
	if (f & 2u)
		format_set_bg_color(fm, 0xD9D9D9);
	if (f & 4u)
		format_set_bold(fm);
	if (f & 16u) {
		format_set_italic(fm);
		format_set_font_color(fm, 0x808080);
	}
	switch (c->align) {
	case DOC_ALIGN_LEFT:
		format_set_align(fm, LXW_ALIGN_LEFT);
		break;
	case DOC_ALIGN_CENTER:
		format_set_align(fm, LXW_ALIGN_CENTER);
		break;
	case DOC_ALIGN_RIGHT:
		format_set_align(fm, LXW_ALIGN_RIGHT);
		break;
	default:
		format_set_align(fm, head ? LXW_ALIGN_CENTER : number ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT);
		break;
	}
	if (number)
		format_set_num_format(fm, "#,##0");
	bk->formats[idx] = fm;
	return fm;
}

/* Writes cell c at (row, col), merged over its span; its note (the
 * reason for a placeholder) becomes a comment. */
static void put_text(struct xlsx_book *bk, lxw_worksheet *ws, bool head, lxw_row_t row,
		     lxw_col_t col, const struct doc_cell *c)
{
	char *text = cell_text(c->text);
	double v = 0;
	bool merged = c->colspan > 1 || c->rowspan > 1;
	bool number = !merged && !(c->flags & DOC_CELL_PLACEHOLDER) && as_number(text, &v);
	lxw_format *fm = cell_format(bk, head, c, number);
	if (merged)
		check(bk, worksheet_merge_range(ws, row, col, row + (lxw_row_t)c->rowspan - 1,
						col + (lxw_col_t)c->colspan - 1, text, fm));
	else if (number)
		check(bk, worksheet_write_number(ws, row, col, v, fm));
	else if (*text)
		check(bk, worksheet_write_string(ws, row, col, text, fm));
	else
		check(bk, worksheet_write_blank(ws, row, col, fm));
	free(text);
	if (c->note && *c->note) {
		char *note = cell_text(c->note);
		check(bk, worksheet_write_comment(ws, row, col, note));
		free(note);
	}
}

/* The widest line of s in display columns. */
static size_t widest_line(const char *s)
{
	size_t best = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, len);
		size_t w = utf8_width(line);
		free(line);
		if (w > best)
			best = w;
		if (!nl)
			break;
		s = nl + 1;
	}
	return best;
}

/* Lines s takes in a cell width columns wide. */
static size_t lines_in(const char *s, double width)
{
	size_t lines = 0;
	if (width < 1)
		width = 1;
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, len);
		double w = (double)utf8_width(line);
		free(line);
		size_t n = (size_t)(w / width);
		if ((double)n * width < w)
			n++;
		lines += n ? n : 1;
		if (!nl)
			break;
		s = nl + 1;
	}
	return lines;
}

/* A sheet name made from t's label (or caption): no []:*?/\, at most 31
 * characters, distinct from the names given before (Excel compares them
 * without case).  Borrowed from bk. */
static const char *sheet_name(struct xlsx_book *bk, const struct doc_table *t)
{
	const char *src = *t->label ? t->label : *t->caption ? t->caption : "Sheet";
	struct buf base = BUF_INIT;
	size_t chars = 0;
	for (const char *p = src; *p && chars < 26;) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);
		if (cp < 0x20 || strchr("[]:*?/\\'", (int)cp))
			buf_addc(&base, '_');
		else
			buf_add(&base, p, n);
		chars++;
		p += n;
	}
	struct buf name = BUF_INIT;
	for (unsigned k = 1;; k++) {
		buf_reset(&name);
		buf_adds(&name, base.data);
		if (k > 1)
			buf_addf(&name, " (%u)", k);
		bool taken = false;
		for (size_t i = 0; i < bk->n_sheets && !taken; i++)
			taken = strcasecmp(bk->sheet_names[i], name.data) == 0;
		if (!taken)
			break;
	}
	buf_release(&base);
	bk->sheet_names = xrealloc(bk->sheet_names, (bk->n_sheets + 1) * sizeof *bk->sheet_names);
	bk->sheet_names[bk->n_sheets] = buf_detach(&name);
	return bk->sheet_names[bk->n_sheets++];
}

void xlsx_sheet(struct xlsx_book *bk, const struct doc_table *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(bk->wb, sheet_name(bk, t));
	if (!ws) {
		check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	size_t nc = t->n_cols;

	/* the caption above the grid */
	struct buf cap = BUF_INIT;
	buf_addf(&cap, "%s%s%s", t->label, *t->label && *t->caption ? "　" : "", t->caption);
	char *title = cell_text(cap.data);
	check(bk, worksheet_write_string(ws, 0, 0, title, bk->title));
	free(title);
	buf_release(&cap);

	/* column widths from the text of cells that span one column */
	double *width = xcalloc(nc ? nc : 1, sizeof *width);
	for (size_t c = 0; c < nc; c++) {
		size_t w = 0;
		for (size_t r = 0; r < t->n_rows; r++) {
			const struct doc_cell *cell = &t->rows[r].cells[c];
			if (cell->flags & DOC_CELL_COVERED || cell->colspan > 1)
				continue;
			size_t lw = widest_line(cell->text);
			if (cell->flags & DOC_CELL_SMALL)
				lw = lw * 9 / 10; /* 9 pt instead of 10.5 */
			if (r < t->n_head && lw > MAX_HEAD_COL)
				lw = MAX_HEAD_COL;
			lw += 2;
			if (lw > w)
				w = lw;
		}
		width[c] = w < MIN_COL ? MIN_COL : w > MAX_COL ? MAX_COL : (double)w;
		check(bk, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL));
	}

	for (size_t r = 0; r < t->n_rows; r++) {
		const struct doc_row *row = &t->rows[r];
		bool head = r < t->n_head;
		double height = 0; /* points */
		for (size_t c = 0; c < nc && c < row->n; c++) {
			const struct doc_cell *cell = &row->cells[c];
			if (cell->flags & DOC_CELL_COVERED)
				continue;
			put_text(bk, ws, head, (lxw_row_t)(FIRST_ROW + r), (lxw_col_t)c, cell);
			if (cell->rowspan > 1)
				continue;
			/* a kanji is two units of column width, a little less on
			 * screen: 1.15 calibrated on LibreOffice's rendering */
			double w = -1.5;
			for (size_t k = c; k < c + (size_t)cell->colspan && k < nc; k++)
				w += width[k];
			w *= cell->flags & DOC_CELL_SMALL ? 1.15 * 10.5 / 9 : 1.15;
			double h = 4.0 + (double)lines_in(cell->text, w) *
						 (cell->flags & DOC_CELL_SMALL ? 13.0 : 15.0);
			if (h > height)
				height = h;
		}
		/* Excel does not fit wrapped rows when it opens a file */
		check(bk, worksheet_set_row(ws, (lxw_row_t)(FIRST_ROW + r), height > 18 ? height : 18,
					    NULL));
	}
	free(width);

	if (t->n_head) {
		worksheet_freeze_panes(ws, (lxw_row_t)(FIRST_ROW + t->n_head), 0);
		check(bk, worksheet_repeat_rows(ws, FIRST_ROW, (lxw_row_t)(FIRST_ROW + t->n_head - 1)));
	}
	worksheet_set_paper(ws, 9); /* A4 */
	if (t->wide)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}
