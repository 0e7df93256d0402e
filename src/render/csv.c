/*
 * csv.c — one doc table as RFC 4180 CSV for spreadsheets.
 *
 * UTF-8 with a byte-order mark (so Excel reads Japanese correctly), CRLF
 * line ends, fields quoted when they hold a comma, quote or line break.
 * Formula injection is neutralised: a field starting with = + - @ or a
 * tab or carriage return gets a leading apostrophe, so a spreadsheet shows
 * it as text instead of evaluating it.  Header rows come first; positions
 * covered by a span are empty fields; a placeholder carries its reason.
 */
#include "render/render.h"

#include <string.h>

void render_csv_field(struct buf *out, const char *s)
{
	const char *p = s ? s : "";
	bool formula = *p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r';
	bool quote = strpbrk(p, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(out, '"');
	if (formula)
		buf_addc(out, '\'');
	for (; *p; p++) {
		if (*p == '"')
			buf_addc(out, '"');
		buf_addc(out, *p);
	}
	if (quote)
		buf_addc(out, '"');
}

/* The text of one cell as a field: a placeholder with its reason. */
static void cell_field(struct buf *out, const struct doc_cell *c)
{
	if (c->flags & DOC_CELL_COVERED) {
		return;
	}
	if (c->note && *c->note) {
		struct buf b = BUF_INIT;
		buf_adds(&b, c->text);
		buf_addf(&b, "（※%s）", c->note);
		render_csv_field(out, b.data);
		buf_release(&b);
		return;
	}
	render_csv_field(out, c->text);
}

void render_csv(const struct doc_table *t, struct buf *out)
{
	buf_adds(out, "\xEF\xBB\xBF");
	for (size_t r = 0; r < t->n_rows; r++) {
		const struct doc_row *row = &t->rows[r];
		for (size_t c = 0; c < row->n; c++) {
			if (c)
				buf_addc(out, ',');
			cell_field(out, &row->cells[c]);
		}
		buf_adds(out, "\r\n");
	}
}
