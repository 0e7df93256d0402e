/* table.c — see table.h. */
#include "cli/table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

void table_init(struct table *t, size_t ncols, const char *const *headers)
{
	memset(t, 0, sizeof *t);
	if (ncols > TABLE_MAX_COLS)
		BUG("table of %zu columns", ncols);
	t->ncols = ncols;
	for (size_t i = 0; i < ncols; i++)
		t->headers[i] = headers[i];
}

void table_align_right(struct table *t, size_t col)
{
	t->right[col] = true;
}

/* The cell as it prints: one line, at most TABLE_CELL_MAX_WIDTH columns. */
static char *printable(const char *s)
{
	struct buf b = BUF_INIT;
	size_t w = 0;
	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, &cp);
		int cw = (cp == '\n' || cp == '\t' || cp == '\r') ? 1 : utf8_cp_width(cp);
		if (w + (size_t)cw > TABLE_CELL_MAX_WIDTH - 1 && s[n]) {
			buf_adds(&b, "…");
			break;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r')
			buf_addc(&b, ' ');
		else if (cw > 0 || cp >= 0x20)
			buf_add(&b, s, n);
		w += (size_t)cw;
		s += n;
	}
	return buf_detach(&b);
}

void table_add(struct table *t, const char *cell)
{
	t->cells = xgrow(t->cells, &t->cap, t->n + 1, sizeof *t->cells);
	t->cells[t->n++] = printable(cell ? cell : "");
}

void table_addf(struct table *t, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	table_add(t, b.data);
	buf_release(&b);
}

static void print_cell(FILE *out, const char *s, size_t width, bool right, bool last)
{
	size_t pad = width - utf8_width(s);
	if (right)
		fprintf(out, "%*s%s", (int)pad, "", s);
	else if (last)
		fputs(s, out);
	else
		fprintf(out, "%s%*s", s, (int)pad, "");
}

void table_print(const struct table *t, FILE *out)
{
	size_t width[TABLE_MAX_COLS] = { 0 };
	char *hdr[TABLE_MAX_COLS];
	for (size_t c = 0; c < t->ncols; c++) {
		hdr[c] = printable(t->headers[c]);
		width[c] = utf8_width(hdr[c]);
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t w = utf8_width(t->cells[i]);
		if (w > width[i % t->ncols])
			width[i % t->ncols] = w;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		print_cell(out, hdr[c], width[c], t->right[c], c + 1 == t->ncols);
		fputs(c + 1 == t->ncols ? "\n" : "  ", out);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t k = 0; k < width[c]; k++)
			fputc('-', out);
		fputs(c + 1 == t->ncols ? "\n" : "  ", out);
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t c = i % t->ncols;
		print_cell(out, t->cells[i], width[c], t->right[c], c + 1 == t->ncols);
		fputs(c + 1 == t->ncols ? "\n" : "  ", out);
	}
	if (t->n % t->ncols)
		fputc('\n', out);
	for (size_t c = 0; c < t->ncols; c++)
		free(hdr[c]);
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->n = t->cap = 0;
}
