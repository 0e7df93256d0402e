/*
 * pdf_table.c — tables in the PDF: column widths from the hints, cells
 * with several lines, spans, shaded and emphasised cells, placeholders
 * with their reason, and splitting across pages with the header rows
 * repeated under a "（続き）" line.
 *
 * A table is typeset one row group at a time: a group is the smallest run
 * of rows that no rowspan crosses (usually one row).  A group is laid
 * out, measured, drawn and freed, so memory holds one group and the
 * header, however long the table.  A group that fits the page is drawn
 * whole; one that fits an empty page moves to the next page; a taller one
 * is split between rows, and failing that between text lines, never
 * through a line.
 */
#include "render/pdf_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define TABLE_SIZE 8.0
#define TABLE_SIZE_WIDE 7.0
#define TABLE_SIZE_MIN 5.5
#define RULE 0.5

/* One drawn cell of a group, laid out. */
struct tcell {
	const struct doc_cell *c;
	PangoLayout *l;
	size_t row; /* within the group */
	int rs;     /* rows spanned within the group */
	double x, w;
	double th;  /* text height */
	bool head;  /* in a header row */
	bool placeholder;
};

/* Rows [r0, r1) of a table, laid out. */
struct tgroup {
	struct tcell *cells;
	size_t n, cap;
	double *top; /* r1 - r0 + 1 row edges, top[0] = 0, last = height */
	size_t nrows;
};

struct tstate {
	struct pdf *p;
	const struct doc_table *t;
	double *colx; /* n_cols + 1 column edges */
	double size, pad_x, pad_y;
	struct tgroup head;
};

/* Frees what a group holds; it is empty afterwards. */
static void group_release(struct tgroup *g)
{
	for (size_t i = 0; i < g->n; i++)
		g_object_unref(g->cells[i].l);
	free(g->cells);
	free(g->top);
	memset(g, 0, sizeof *g);
}

/* The height of the group. */
static double group_h(const struct tgroup *g)
{
	return g->nrows ? g->top[g->nrows] : 0;
}

/* Lays out rows [r0, r1) into g and computes the row edges. */
static void group_build(struct tstate *s, size_t r0, size_t r1, bool head, struct tgroup *g)
{
	const struct doc_table *t = s->t;
	memset(g, 0, sizeof *g);
	g->nrows = r1 - r0;
	g->top = xcalloc(g->nrows + 1, sizeof *g->top);
	double *need = xcalloc(g->nrows, sizeof *need);
	double line = s->size * 1.25 + 2 * s->pad_y;
	for (size_t i = 0; i < g->nrows; i++)
		need[i] = line;
	for (size_t r = r0; r < r1; r++) {
		const struct doc_row *row = &t->rows[r];
		for (size_t c = 0; c < t->n_cols && c < row->n; c++) {
			const struct doc_cell *cell = &row->cells[c];
			if (cell->flags & DOC_CELL_COVERED)
				continue;
			size_t cs = cell->colspan < 1 ? 1 : (size_t)cell->colspan;
			if (c + cs > t->n_cols)
				cs = t->n_cols - c;
			size_t rs = cell->rowspan < 1 ? 1 : (size_t)cell->rowspan;
			if (r + rs > r1)
				rs = r1 - r;
			struct tcell tc = { cell, NULL, r - r0, (int)rs, s->colx[c],
					    s->colx[c + cs] - s->colx[c], 0, head,
					    cell->flags & DOC_CELL_PLACEHOLDER };
			unsigned style = 0;
			if (head || (cell->flags & (DOC_CELL_HEAD | DOC_CELL_EMPH)))
				style |= PDF_BOLD;
			if (cell->align == DOC_ALIGN_CENTER || (head && cell->align == DOC_ALIGN_AUTO))
				style |= PDF_CENTER;
			else if (cell->align == DOC_ALIGN_RIGHT)
				style |= PDF_RIGHT;
			double size = (cell->flags & DOC_CELL_SMALL) ? s->size * 0.85 : s->size;
			double w = tc.w - 2 * s->pad_x;
			tc.l = tc.placeholder ? pdf_text_layout_note(&s->p->text, cell->text, cell->note,
								     size, style, w)
					      : pdf_text_layout(&s->p->text, cell->text, size, style, w);
			tc.th = pdf_layout_h(tc.l);
			double h = tc.th + 2 * s->pad_y;
			if (rs == 1 && h > need[tc.row])
				need[tc.row] = h;
			g->cells = xgrow(g->cells, &g->cap, g->n + 1, sizeof *g->cells);
			g->cells[g->n++] = tc;
		}
	}
	for (size_t i = 0; i < g->nrows; i++)
		g->top[i + 1] = g->top[i] + need[i];
	/* A spanning cell taller than its rows grows the last of them. */
	for (size_t i = 0; i < g->n; i++) {
		const struct tcell *tc = &g->cells[i];
		if (tc->rs == 1)
			continue;
		double have = g->top[tc->row + (size_t)tc->rs] - g->top[tc->row];
		double want = tc->th + 2 * s->pad_y;
		if (want > have)
			for (size_t k = tc->row + (size_t)tc->rs; k <= g->nrows; k++)
				g->top[k] += want - have;
	}
	free(need);
}

/* Where the text of cell tc starts, in group coordinates. */
static double text_top(const struct tstate *s, const struct tgroup *g, const struct tcell *tc)
{
	double top = g->top[tc->row], bot = g->top[tc->row + (size_t)tc->rs];
	if (tc->head)
		return top + (bot - top - tc->th) / 2;
	return top + s->pad_y;
}

/* The background grey of a cell (1.0: none). */
static double cell_shade(const struct tcell *tc)
{
	if (tc->head)
		return 0.86;
	if (tc->c->flags & DOC_CELL_SHADE)
		return 0.82;
	if (tc->c->flags & DOC_CELL_HEAD)
		return 0.94;
	return 1.0;
}

/* The visible part of cell tc in [a, b) as page coordinates; false when
 * none of it is. */
static bool cell_box(const struct tgroup *g, const struct tcell *tc, double a, double b, double y,
		     double *py0, double *py1)
{
	double top = g->top[tc->row], bot = g->top[tc->row + (size_t)tc->rs];
	double vt = top > a ? top : a, vb = bot < b ? bot : b;
	if (vt >= vb)
		return false;
	*py0 = y + vt - a;
	*py1 = y + vb - a;
	return true;
}

/* Draws the part [a, b) of group g with a at page y.  Backgrounds and
 * rules go out as one path each (fewer PDF operators), text cell by cell. */
static void group_draw(struct tstate *s, const struct tgroup *g, double a, double b, double y)
{
	cairo_t *cr = s->p->cr;
	double py0, py1;
	static const double shades[] = { 0.86, 0.82, 0.94 };
	for (size_t k = 0; k < sizeof shades / sizeof shades[0]; k++) {
		bool any = false;
		for (size_t i = 0; i < g->n; i++)
			if (cell_shade(&g->cells[i]) == shades[k] &&
			    cell_box(g, &g->cells[i], a, b, y, &py0, &py1)) {
				cairo_rectangle(cr, g->cells[i].x, py0, g->cells[i].w, py1 - py0);
				any = true;
			}
		if (any) {
			pdf_grey(cr, shades[k]);
			cairo_fill(cr);
		}
	}
	double grey = -1;
	for (size_t i = 0; i < g->n; i++) {
		const struct tcell *tc = &g->cells[i];
		if (!cell_box(g, tc, a, b, y, &py0, &py1) || !*tc->c->text)
			continue;
		double tt = text_top(s, g, tc);
		double want = tc->placeholder ? 0.45 : 0;
		if (want != grey)
			pdf_grey(cr, grey = want);
		if (tt >= a && tt + tc->th <= b + 0.01) {
			pdf_show(cr, tc->l, tc->x + s->pad_x, y + tt - a);
			continue;
		}
		/* Only the lines wholly inside [a, b). */
		PangoLayoutIter *it = pango_layout_get_iter(tc->l);
		do {
			PangoRectangle lr;
			pango_layout_iter_get_line_extents(it, NULL, &lr);
			double lt = tt + (double)lr.y / PANGO_SCALE;
			double lb = lt + (double)lr.height / PANGO_SCALE;
			if (lt < a - 0.01 || lb > b + 0.01)
				continue;
			double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
			cairo_move_to(cr, tc->x + s->pad_x + (double)lr.x / PANGO_SCALE, y + tt + base - a);
			pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
	for (size_t i = 0; i < g->n; i++)
		if (cell_box(g, &g->cells[i], a, b, y, &py0, &py1))
			cairo_rectangle(cr, g->cells[i].x, py0, g->cells[i].w, py1 - py0);
	cairo_set_line_width(cr, RULE);
	pdf_grey(cr, 0.25);
	cairo_stroke(cr);
	s->p->fresh = false;
}

/* The largest break b in (a, limit] that cuts no text line: a row edge
 * when one fits, else a line boundary; limit itself when none does. */
static double group_break(const struct tstate *s, const struct tgroup *g, double a, double limit)
{
	for (size_t k = g->nrows; k > 0; k--)
		if (g->top[k] > a + 0.5 && g->top[k] <= limit)
			return g->top[k];
	double b = limit;
	bool changed = true;
	while (changed && b > a + 0.5) {
		changed = false;
		for (size_t i = 0; i < g->n; i++) {
			const struct tcell *tc = &g->cells[i];
			double tt = text_top(s, g, tc);
			if (tt >= b || tt + tc->th <= b)
				continue;
			PangoLayoutIter *it = pango_layout_get_iter(tc->l);
			do {
				PangoRectangle lr;
				pango_layout_iter_get_line_extents(it, NULL, &lr);
				double lt = tt + (double)lr.y / PANGO_SCALE;
				double lb = lt + (double)lr.height / PANGO_SCALE;
				if (lt < b && lb > b + 0.01) {
					b = lt;
					changed = true;
				}
			} while (pango_layout_iter_next_line(it));
			pango_layout_iter_free(it);
		}
	}
	return b > a + 0.5 ? b : limit;
}

/* "表 2.1-1　caption", or with （続き） on a continued page. */
static PangoLayout *table_caption(struct tstate *s, bool cont)
{
	const struct doc_table *t = s->t;
	struct buf b = BUF_INIT;
	buf_adds(&b, t->label);
	if (*t->label && *t->caption)
		buf_adds(&b, s->p->doc->lang == LANG_EN ? "  " : "\xe3\x80\x80");
	buf_adds(&b, t->caption);
	if (cont)
		buf_adds(&b, L(s->p->doc->lang, "（続き）", " (continued)"));
	PangoLayout *l = pdf_text_layout(&s->p->text, b.data, cont ? 8.0 : 9.5,
					 cont ? 0 : (PDF_BOLD | PDF_CENTER), s->p->tw);
	buf_release(&b);
	return l;
}

/* A new page with the continuation line and the header rows. */
static void continue_page(struct tstate *s)
{
	struct pdf *p = s->p;
	pdf_new_page(p, p->landscape);
	PangoLayout *c = table_caption(s, true);
	pdf_grey(p->cr, 0.4);
	pdf_show(p->cr, c, p->x0, p->y);
	p->y += pdf_layout_h(c) + 2.0;
	g_object_unref(c);
	if (s->head.nrows) {
		group_draw(s, &s->head, 0, group_h(&s->head), p->y);
		p->y += group_h(&s->head);
	}
}

/* The printed width of a line of text in ems (CJK 1, ASCII about half). */
static double text_ems(const char *s)
{
	double best = 0, cur = 0;
	for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
		if (*q == '\n') {
			cur = 0;
			continue;
		}
		if (*q < 0x80)
			cur += 0.55;
		else if ((*q & 0xc0) != 0x80)
			cur += 1.0;
		if (cur > best)
			best = cur;
	}
	return best;
}

/* Column edges from the width hints (or, without hints, from the text),
 * and the type size that keeps the narrowest column at two characters. */
static void columns(struct tstate *s)
{
	const struct doc_table *t = s->t;
	size_t n = t->n_cols;
	double *want = xcalloc(n, sizeof *want);
	double sum = 0;
	size_t given = 0;
	for (size_t c = 0; c < n; c++)
		if (t->widths && t->widths[c]) {
			sum += t->widths[c];
			given++;
		}
	if (given) {
		double mean = sum / (double)given;
		for (size_t c = 0; c < n; c++)
			want[c] = t->widths && t->widths[c] ? t->widths[c] : mean;
	} else {
		size_t rows = t->n_rows < 200 ? t->n_rows : 200;
		for (size_t c = 0; c < n; c++)
			want[c] = 2.0;
		for (size_t r = 0; r < rows; r++)
			for (size_t c = 0; c < n && c < t->rows[r].n; c++) {
				const struct doc_cell *cell = &t->rows[r].cells[c];
				if (cell->colspan > 1 || (cell->flags & DOC_CELL_COVERED))
					continue;
				double e = text_ems(cell->text) + 0.5;
				if (e > 24.0)
					e = 24.0;
				if (e > want[c])
					want[c] = e;
			}
	}
	double total = 0, minw = 0;
	for (size_t c = 0; c < n; c++)
		total += want[c];
	s->colx = xcalloc(n + 1, sizeof *s->colx);
	s->colx[0] = s->p->x0;
	for (size_t c = 0; c < n; c++) {
		double w = s->p->tw * want[c] / total;
		s->colx[c + 1] = s->colx[c] + w;
		if (c == 0 || w < minw)
			minw = w;
	}
	s->colx[n] = s->p->x0 + s->p->tw; /* no rounding gap at the right */
	free(want);
	s->size = t->wide || n > 8 ? TABLE_SIZE_WIDE : TABLE_SIZE;
	s->pad_x = 3.0;
	s->pad_y = 2.0;
	if (minw - 2 * s->pad_x < 2.2 * s->size) {
		s->pad_x = 1.5;
		double size = (minw - 2 * s->pad_x) / 2.2;
		s->size = size < TABLE_SIZE_MIN ? TABLE_SIZE_MIN : size;
	}
}

/* The end of the row group starting at r: no rowspan crosses it. */
static size_t group_end(const struct doc_table *t, size_t r, size_t limit)
{
	size_t end = r + 1;
	for (size_t k = r; k < end && k < limit; k++)
		for (size_t c = 0; c < t->rows[k].n; c++) {
			const struct doc_cell *cell = &t->rows[k].cells[c];
			if (!(cell->flags & DOC_CELL_COVERED) && cell->rowspan > 1 &&
			    k + (size_t)cell->rowspan > end)
				end = k + (size_t)cell->rowspan;
		}
	return end < limit ? end : limit;
}

void pdf_table(struct pdf *p, const struct doc_table *t)
{
	if (!t->n_cols)
		return;
	pdf_orient(p, t->wide);
	struct tstate s = { p, t, NULL, 0, 0, 0, { 0 } };
	columns(&s);
	size_t nh = t->n_head <= t->n_rows ? t->n_head : t->n_rows;
	if (nh)
		group_build(&s, 0, nh, true, &s.head);
	double hh = group_h(&s.head);

	PangoLayout *cap = table_caption(&s, false);
	double ch = pdf_layout_h(cap) + 3.0;
	struct tgroup g = { 0 };
	size_t r = nh;
	if (r < t->n_rows)
		group_build(&s, r, group_end(t, r, t->n_rows), false, &g);
	double first = group_h(&g) < 60.0 ? group_h(&g) : 60.0;
	if (!p->fresh)
		p->y += 4.0;
	pdf_need(p, ch + hh + first);
	pdf_grey(p->cr, 0);
	pdf_show(p->cr, cap, p->x0, p->y);
	p->y += ch;
	g_object_unref(cap);
	if (nh) {
		group_draw(&s, &s.head, 0, hh, p->y);
		p->y += hh;
	}
	PangoLayout *cc = table_caption(&s, true);
	double room = p->bottom - p->top - (pdf_layout_h(cc) + 2.0) - hh;
	g_object_unref(cc);

	while (r < t->n_rows) {
		size_t end = r + g.nrows;
		double h = group_h(&g);
		if (p->y + h <= p->bottom) {
			group_draw(&s, &g, 0, h, p->y);
			p->y += h;
		} else if (h <= room) {
			continue_page(&s);
			group_draw(&s, &g, 0, h, p->y);
			p->y += h;
		} else {
			double a = 0;
			if (p->bottom - p->y < 3 * s.size * 1.3 + 2 * s.pad_y)
				continue_page(&s);
			while (a < h - 0.01) {
				double b = group_break(&s, &g, a, a + (p->bottom - p->y));
				if (b > h)
					b = h;
				group_draw(&s, &g, a, b, p->y);
				p->y += b - a;
				a = b;
				if (a < h - 0.01)
					continue_page(&s);
			}
		}
		group_release(&g);
		r = end;
		if (r < t->n_rows)
			group_build(&s, r, group_end(t, r, t->n_rows), false, &g);
	}
	group_release(&g);
	group_release(&s.head);
	free(s.colx);
	p->y += 8.0;
	p->fresh = false;
}
