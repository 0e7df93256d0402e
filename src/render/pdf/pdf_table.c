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
 *
 * A table too wide for the page even in the smallest type (別表1 of a
 * large plan: 300 businesses across) is printed in column bands, as a
 * printed atlas does: the leading key columns (the row's number and name,
 * up to the first row-label cell) are repeated on every band, the other
 * columns are shared out between bands of about equal width, each sized to
 * its content, and the bands follow one another, each a whole table with
 * its header rows and its caption marked （その1/8）.  A cell spanning a
 * band boundary is drawn in each band, clipped to it.  Within a band the
 * hidden columns have width 0, so every cell's box is still colx[c] to
 * colx[c + colspan] and nothing else needs to know about bands.
 */
#include "render/pdf/pdf_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define TABLE_SIZE 8.0
#define TABLE_SIZE_WIDE 7.0
#define TABLE_SIZE_MIN PDF_MIN_SIZE
#define BAND_SIZE 6.5     /* type size of a table printed in bands */
#define BAND_MAX_COL 0.3  /* widest band column, of the text width */
#define BAND_MAX_KEY 0.4  /* the repeated key columns, at most, of the text width */
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
	size_t r0;   /* the first row, in the table */
	struct tcell *cells;
	size_t n, cap;
	double *top; /* r1 - r0 + 1 row edges, top[0] = 0, last = height */
	size_t nrows;
};

/* A rule: a line at `at` (y for a horizontal one, x for a vertical one)
 * from a to b; a box: a shaded rectangle.  Both in page coordinates,
 * rounded to 1/1000 pt so that shared edges compare equal. */
struct seg {
	double at, a, b;
};
struct box {
	double shade, x0, y0, x1, y1;
};

/* The fills and rules of the table drawn on the current page so far,
 * drawn together (table_flush) before the page ends: merged, the grid of
 * a page is a few dozen long lines instead of four per cell, and the PDF
 * holds a few numbers per line instead of eight per cell. */
struct grid {
	struct seg *h, *v;
	size_t nh, nv, cap_h, cap_v;
	struct box *boxes;
	size_t nb, cap_b;
};

struct tstate {
	struct pdf *p;
	const struct doc_table *t;
	double *colx; /* n_cols + 1 column edges (hidden columns: width 0) */
	double size, pad_x, pad_y;
	struct tgroup head;
	/* The sub-header in force: the last run [sub0, sub1) of body rows
	 * that are all header cells (row_is_head) printed so far, repeated
	 * under the header on a continued page; sub is it laid out, for the
	 * run [sub_l0, sub_l1). */
	size_t sub0, sub1, sub_l0, sub_l1;
	size_t noted; /* rows before it are noted (note_rows) */
	struct tgroup sub;
	double cont_h; /* the continuation line's height, with its space; 0 until known */
	/* column bands (n_bands == 1: the whole table at once) */
	size_t n_bands, band;
	size_t n_key;       /* leading columns repeated in every band */
	size_t *band_first; /* n_bands + 1: band b holds columns [first[b], first[b + 1]) */
	double *colw;       /* n_cols natural widths (bands only) */
	struct grid grid;
};

/* True when body row r is a sub-header: every cell drawn in it is a
 * header cell (表3.1's 「大規模災害におけるリスク」 and the column names
 * under it).  Such a row is kept with the row under it, and the last run
 * of them is repeated on a continued page, as the header rows are. */
static bool row_is_head(const struct doc_table *t, size_t r)
{
	if (r < t->n_head || r >= t->n_rows)
		return false;
	const struct doc_row *row = &t->rows[r];
	size_t drawn = 0;
	for (size_t c = 0; c < row->n; c++) {
		const struct doc_cell *cell = &row->cells[c];
		if (cell->flags & DOC_CELL_COVERED)
			continue;
		if (!(cell->flags & DOC_CELL_HEAD))
			return false;
		drawn++;
	}
	return drawn > 0;
}

/* Frees what a group holds; it is empty afterwards. */
static void group_release(struct tgroup *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->cells[i].l)
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

/* The layout of cell's text at width w.  A header's breaks only between
 * words (PDF_WORDS), unless a word is wider than the cell. */
static PangoLayout *cell_layout(struct tstate *s, const struct doc_cell *cell, double size,
				unsigned style, double w)
{
	struct pdf_text *t = &s->p->text;
	bool ph = cell->flags & DOC_CELL_PLACEHOLDER;
	if (style & PDF_BOLD) {
		PangoLayout *l = ph ? pdf_text_layout_note(t, cell->text, cell->note, size,
							   style | PDF_WORDS, w)
				    : pdf_text_layout(t, cell->text, size, style | PDF_WORDS, w);
		if (pdf_layout_w(l) <= w + 0.01)
			return l;
		g_object_unref(l);
	}
	return ph ? pdf_text_layout_note(t, cell->text, cell->note, size, style, w)
		  : pdf_text_layout(t, cell->text, size, style, w);
}

/* Lays out rows [r0, r1) into g and computes the row edges. */
static void group_build(struct tstate *s, size_t r0, size_t r1, bool head, struct tgroup *g)
{
	const struct doc_table *t = s->t;
	memset(g, 0, sizeof *g);
	g->r0 = r0;
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
			if (tc.w < 0.01) /* in another band */
				continue;
			unsigned style = 0;
			if (head || (cell->flags & (DOC_CELL_HEAD | DOC_CELL_EMPH)))
				style |= PDF_BOLD;
			if (cell->align == DOC_ALIGN_CENTER || (head && cell->align == DOC_ALIGN_AUTO))
				style |= PDF_CENTER;
			else if (cell->align == DOC_ALIGN_RIGHT)
				style |= PDF_RIGHT;
			double size = (cell->flags & DOC_CELL_SMALL) ? pdf_size_step(s->size * 0.85)
								      : s->size;
			if (size < PDF_MIN_SIZE)
				size = PDF_MIN_SIZE;
			double w = tc.w - 2 * s->pad_x;
			if (*cell->text || (tc.placeholder && cell->note && *cell->note)) {
				tc.l = cell_layout(s, cell, size, style, w);
				tc.th = pdf_layout_h(tc.l);
			}
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

/* v rounded to 1/1000 pt. */
static double snap(double v)
{
	return round(v * 1000.0) / 1000.0;
}

static void seg_add(struct seg **v, size_t *n, size_t *cap, double at, double a, double b)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = (struct seg){ snap(at), snap(a), snap(b) };
}

static int seg_cmp(const void *x, const void *y)
{
	const struct seg *p = x, *q = y;
	if (p->at != q->at)
		return p->at < q->at ? -1 : 1;
	return p->a < q->a ? -1 : p->a > q->a;
}

static int box_cmp(const void *x, const void *y)
{
	const struct box *p = x, *q = y;
	if (p->shade != q->shade)
		return p->shade < q->shade ? -1 : 1;
	if (p->y0 != q->y0)
		return p->y0 < q->y0 ? -1 : 1;
	if (p->y1 != q->y1)
		return p->y1 < q->y1 ? -1 : 1;
	return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* Adds the rules in v to the path, overlapping and touching ones on the
 * same line merged into one. */
static void seg_path(cairo_t *cr, struct seg *v, size_t n, bool vertical)
{
	if (n)
		qsort(v, n, sizeof *v, seg_cmp);
	for (size_t i = 0; i < n;) {
		double at = v[i].at, a = v[i].a, b = v[i].b;
		size_t j = i + 1;
		for (; j < n && v[j].at == at && v[j].a <= b + 0.002; j++)
			if (v[j].b > b)
				b = v[j].b;
		if (vertical) {
			cairo_move_to(cr, at, a);
			cairo_line_to(cr, at, b);
		} else {
			cairo_move_to(cr, a, at);
			cairo_line_to(cr, b, at);
		}
		i = j;
	}
}

/* Draws the fills, then the rules gathered on this page, and forgets
 * them; call before the page ends and at the end of the table. */
static void table_flush(struct tstate *s)
{
	cairo_t *cr = s->p->cr;
	struct grid *g = &s->grid;
	if (g->nb)
		qsort(g->boxes, g->nb, sizeof *g->boxes, box_cmp);
	for (size_t i = 0; i < g->nb;) {
		double shade = g->boxes[i].shade;
		for (; i < g->nb && g->boxes[i].shade == shade;) {
			struct box b = g->boxes[i++];
			/* side by side with the same top and bottom: one rectangle */
			for (; i < g->nb && g->boxes[i].shade == shade && g->boxes[i].y0 == b.y0 &&
			       g->boxes[i].y1 == b.y1 && g->boxes[i].x0 <= b.x1 + 0.002;
			     i++)
				if (g->boxes[i].x1 > b.x1)
					b.x1 = g->boxes[i].x1;
			cairo_rectangle(cr, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
		}
		pdf_grey(cr, shade);
		cairo_fill(cr);
	}
	if (g->nh || g->nv) {
		seg_path(cr, g->h, g->nh, false);
		seg_path(cr, g->v, g->nv, true);
		cairo_set_line_width(cr, RULE);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE); /* closed corners */
		pdf_grey(cr, 0.25);
		cairo_stroke(cr);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	}
	g->nh = g->nv = g->nb = 0;
}

static void grid_release(struct grid *g)
{
	free(g->h);
	free(g->v);
	free(g->boxes);
	memset(g, 0, sizeof *g);
}

/* Draws the part [a, b) of group g with a at page y: the fills and rules
 * go to s->grid, the text to the batches (pdf_batch_layout), all drawn
 * before the page ends; nothing drawn later in a table covers an earlier
 * cell, so the order does not show. */
static void group_draw(struct tstate *s, const struct tgroup *g, double a, double b, double y)
{
	cairo_t *cr = s->p->cr;
	struct pdf_text *text = &s->p->text;
	struct grid *gr = &s->grid;
	double py0, py1;
	for (size_t i = 0; i < g->n; i++) {
		const struct tcell *tc = &g->cells[i];
		if (!cell_box(g, tc, a, b, y, &py0, &py1))
			continue;
		double x0 = tc->x, x1 = tc->x + tc->w, shade = cell_shade(tc);
		if (shade < 1.0) {
			gr->boxes = xgrow(gr->boxes, &gr->cap_b, gr->nb + 1, sizeof *gr->boxes);
			gr->boxes[gr->nb++] =
				(struct box){ shade, snap(x0), snap(py0), snap(x1), snap(py1) };
		}
		seg_add(&gr->h, &gr->nh, &gr->cap_h, py0, x0, x1);
		seg_add(&gr->h, &gr->nh, &gr->cap_h, py1, x0, x1);
		seg_add(&gr->v, &gr->nv, &gr->cap_v, x0, py0, py1);
		seg_add(&gr->v, &gr->nv, &gr->cap_v, x1, py0, py1);
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct tcell *tc = &g->cells[i];
		if (!tc->l || !cell_box(g, tc, a, b, y, &py0, &py1))
			continue;
		double tt = text_top(s, g, tc);
		double grey = tc->placeholder ? 0.45 : 0;
		if (tt >= a && tt + tc->th <= b + 0.01) {
			pdf_batch_layout(text, cr, tc->l, tc->x + s->pad_x, y + tt - a, grey);
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
			pdf_batch_line(text, cr, pango_layout_iter_get_line_readonly(it),
				       tc->x + s->pad_x + (double)lr.x / PANGO_SCALE, y + tt + base - a,
				       grey);
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
	s->p->fresh = false;
}

/* The largest break b in (a, limit] that cuts no text line: a row edge
 * when one fits, else a line boundary; limit itself when none does. */
static double group_break(const struct tstate *s, const struct tgroup *g, double a, double limit)
{
	for (size_t k = g->nrows; k > 0; k--)
		if (g->top[k] > a + 0.5 && g->top[k] <= limit &&
		    (k == g->nrows || !row_is_head(s->t, g->r0 + k - 1)))
			return g->top[k];
	double b = limit;
	bool changed = true;
	while (changed && b > a + 0.5) {
		changed = false;
		for (size_t i = 0; i < g->n; i++) {
			const struct tcell *tc = &g->cells[i];
			double tt = text_top(s, g, tc);
			if (!tc->l || tt >= b || tt + tc->th <= b)
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
	if (s->n_bands > 1)
		buf_addf(&b, L(s->p->doc->lang, "（その%zu/%zu）", " (part %zu of %zu)"),
			 s->band + 1, s->n_bands);
	if (cont)
		buf_adds(&b, L(s->p->doc->lang, "（続き）", " (continued)"));
	PangoLayout *l = pdf_text_layout(&s->p->text, b.data, cont ? 8.0 : 9.5,
					 cont ? 0 : (PDF_BOLD | PDF_CENTER), s->p->tw);
	buf_release(&b);
	return l;
}

/* Notes the rows up to to, printed now, for the sub-header in force. */
static void note_rows(struct tstate *s, size_t to)
{
	for (size_t r = s->noted; r < to; r++) {
		if (!row_is_head(s->t, r))
			continue;
		if (r != s->sub1 || s->sub0 == s->sub1)
			s->sub0 = r;
		s->sub1 = r + 1;
	}
	if (to > s->noted)
		s->noted = to;
}

/* The sub-header to repeat before row next on a continued page, laid
 * out; NULL when there is none, or when next starts a sub-header of its
 * own. */
static const struct tgroup *sub_head(struct tstate *s, size_t next)
{
	if (s->sub0 == s->sub1 || (next < s->t->n_rows && row_is_head(s->t, next)))
		return NULL;
	if (s->sub_l0 != s->sub0 || s->sub_l1 != s->sub1 || !s->sub.nrows) {
		group_release(&s->sub);
		group_build(s, s->sub0, s->sub1, false, &s->sub);
		s->sub_l0 = s->sub0;
		s->sub_l1 = s->sub1;
	}
	return &s->sub;
}

/* The height of a continued page's top before row next: the
 * continuation line, the header rows and the sub-header in force. */
static double cont_top(struct tstate *s, size_t next)
{
	if (!s->cont_h) {
		PangoLayout *c = table_caption(s, true);
		s->cont_h = pdf_layout_h(c) + 2.0;
		g_object_unref(c);
	}
	const struct tgroup *sub = sub_head(s, next);
	return s->cont_h + group_h(&s->head) + (sub ? group_h(sub) : 0);
}

/* A new page with the continuation line, the header rows and the
 * sub-header in force, before row next. */
static void continue_page(struct tstate *s, size_t next)
{
	struct pdf *p = s->p;
	table_flush(s);
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
	const struct tgroup *sub = sub_head(s, next);
	if (sub) {
		group_draw(s, sub, 0, group_h(sub), p->y);
		p->y += group_h(sub);
	}
}

/* The height of the sub-header rows g starts with (0: none): they are
 * never printed without a line of the rows under them. */
static double lead_head_h(const struct tstate *s, const struct tgroup *g)
{
	size_t k = 0;
	while (k < g->nrows && row_is_head(s->t, g->r0 + k))
		k++;
	return g->nrows ? g->top[k] : 0;
}

/* The printed width of the widest line of text in ems (CJK 1, ASCII 0.6). */
static double text_ems(const char *s)
{
	double best = 0, cur = 0;
	for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
		if (*q == '\n') {
			cur = 0;
			continue;
		}
		if (*q < 0x80)
			cur += 0.6; /* Noto Sans CJK: digits 0.6 em, letters about 0.5 */
		else if ((*q & 0xc0) != 0x80)
			cur += 1.0;
		if (cur > best)
			best = cur;
	}
	return best;
}

/* The longest run of letters and digits without a break opportunity
 * (ASCII, in ems): a column narrower than this breaks a word. */
static double word_ems(const char *s)
{
	double best = 0, cur = 0;
	for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
		if (*q < 0x80 && *q > ' ' && *q != '-' && *q != '/')
			cur += 0.6;
		else
			cur = 0;
		if (cur > best)
			best = cur;
	}
	return best;
}

/* The leading columns to repeat in every band: up to the end of the
 * first row-label cell (DOC_CELL_HEAD) in the first third of a body row,
 * else the first column alone. */
static size_t key_columns(const struct doc_table *t)
{
	size_t n = t->n_cols, lim = n / 3;
	for (size_t r = t->n_head; r < t->n_rows && r < t->n_head + 50; r++) {
		const struct doc_row *row = &t->rows[r];
		for (size_t c = 0; c < lim && c < row->n; c++) {
			const struct doc_cell *cell = &row->cells[c];
			if (cell->flags & DOC_CELL_COVERED || !(cell->flags & DOC_CELL_HEAD))
				continue;
			size_t cs = cell->colspan < 1 ? 1 : (size_t)cell->colspan;
			if (c + cs <= lim)
				return c + cs;
			break;
		}
	}
	return n > 1 ? 1 : 0;
}

/* Natural column widths for a table in bands: the widest body text of
 * each column (a sample of at most 400 rows) in the band type, between
 * two characters and BAND_MAX_COL of the text width; a spanning cell
 * widens the columns it spans alike.  Header text wraps to fit, breaking
 * words of up to four characters' width only between words. */
static void natural_widths(struct tstate *s, double *w)
{
	const struct doc_table *t = s->t;
	size_t n = t->n_cols, body = t->n_rows > t->n_head ? t->n_rows - t->n_head : 0;
	double mincol = 2.2 * s->size + 2 * s->pad_x, maxcol = BAND_MAX_COL * s->p->tw;
	size_t step = body > 400 ? body / 400 : 1;
	for (size_t c = 0; c < n; c++)
		w[c] = mincol;
	for (size_t r = 0; r < t->n_head; r++)
		for (size_t c = 0; c < n && c < t->rows[r].n; c++) {
			const struct doc_cell *cell = &t->rows[r].cells[c];
			if (cell->flags & DOC_CELL_COVERED || cell->colspan > 1)
				continue;
			double e = word_ems(cell->text);
			double want = ((e < 4.0 ? e : 4.0) + 0.3) * s->size + 2 * s->pad_x;
			if (want > w[c])
				w[c] = want;
		}
	for (int pass = 0; pass < 2; pass++)
		for (size_t r = t->n_head; r < t->n_rows; r += step)
			for (size_t c = 0; c < n && c < t->rows[r].n; c++) {
				const struct doc_cell *cell = &t->rows[r].cells[c];
				size_t cs = cell->colspan < 1 ? 1 : (size_t)cell->colspan;
				if (cell->flags & DOC_CELL_COVERED || (pass == 0) != (cs == 1) ||
				    c + cs > n)
					continue;
				double want = (text_ems(cell->text) + 0.3) * s->size + 2 * s->pad_x;
				if (want > maxcol * (double)cs)
					want = maxcol * (double)cs;
				double have = 0;
				for (size_t k = c; k < c + cs; k++)
					have += w[k];
				for (size_t k = c; want > have && k < c + cs; k++) {
					w[k] += (want - have) / (double)cs;
					if (w[k] > maxcol)
						w[k] = maxcol;
				}
			}
}

/* Shares the columns after the key columns out between bands of about
 * equal width, none wider than the room beside the key columns. */
static void plan_bands(struct tstate *s)
{
	const struct doc_table *t = s->t;
	size_t n = t->n_cols;
	double tw = s->p->tw;
	s->size = BAND_SIZE;
	s->pad_x = 1.5;
	s->pad_y = 1.5;
	s->colw = xcalloc(n, sizeof *s->colw);
	double *w = s->colw;
	natural_widths(s, w);
	size_t k = s->n_key = key_columns(t);
	double keyw = 0, rest = 0;
	for (size_t c = 0; c < k; c++)
		keyw += w[c];
	if (keyw > BAND_MAX_KEY * tw) {
		for (size_t c = 0; c < k; c++)
			w[c] *= BAND_MAX_KEY * tw / keyw;
		keyw = BAND_MAX_KEY * tw;
	}
	for (size_t c = k; c < n; c++)
		rest += w[c];
	double avail = tw - keyw;
	size_t want = (size_t)(rest / avail) + 1;
	double target = rest / (double)want;
	s->band_first = xcalloc(n - k + 2, sizeof *s->band_first);
	size_t b = 0;
	double bw = 0;
	s->band_first[0] = k;
	for (size_t c = k; c < n; c++) {
		if (bw > 0 && (bw + w[c] > avail || (bw + w[c] / 2 > target && b + 1 < want))) {
			s->band_first[++b] = c;
			bw = 0;
		}
		bw += w[c];
	}
	s->n_bands = b + 1;
	s->band_first[s->n_bands] = n;
}

/* The column edges of band s->band: the key columns, then the band's
 * columns stretched to the text width (by at most 1.6), the others 0. */
static void band_columns(struct tstate *s)
{
	size_t n = s->t->n_cols, from = s->band_first[s->band], to = s->band_first[s->band + 1];
	double keyw = 0, bw = 0;
	for (size_t c = 0; c < s->n_key; c++)
		keyw += s->colw[c];
	for (size_t c = from; c < to; c++)
		bw += s->colw[c];
	double stretch = bw > 0 ? (s->p->tw - keyw) / bw : 1.0;
	if (stretch > 1.6)
		stretch = 1.6;
	s->colx[0] = s->p->x0;
	for (size_t c = 0; c < n; c++) {
		double w = c < s->n_key ? s->colw[c] : c >= from && c < to ? s->colw[c] * stretch : 0;
		s->colx[c + 1] = s->colx[c] + w;
	}
}

/* Widens the columns whose header cells (the header rows, and the row
 * labels of the first rows) hold a word wider than the column, taking the
 * room from the others in proportion to what they can spare, so that
 * headers break between words (cell_layout); leaves the widths when the
 * others cannot spare enough. */
static void fit_header_words(struct tstate *s)
{
	const struct doc_table *t = s->t;
	size_t n = t->n_cols, rows = t->n_rows < t->n_head + 200 ? t->n_rows : t->n_head + 200;
	double *need = xcalloc(n, sizeof *need);
	double least = 2.2 * s->size + 2 * s->pad_x, deficit = 0, slack = 0;
	for (size_t c = 0; c < n; c++)
		need[c] = least;
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < n && c < t->rows[r].n; c++) {
			const struct doc_cell *cell = &t->rows[r].cells[c];
			if ((cell->flags & DOC_CELL_COVERED) || cell->colspan > 1 || !*cell->text ||
			    (r >= t->n_head && !(cell->flags & (DOC_CELL_HEAD | DOC_CELL_EMPH))))
				continue;
			/* at a width of 1 pt, each line is one word: the widest is the width */
			PangoLayout *l = pdf_text_layout(&s->p->text, cell->text, s->size,
							 PDF_BOLD | PDF_WORDS, 1.0);
			double w = pdf_layout_w(l) + 2 * s->pad_x + 0.5;
			g_object_unref(l);
			if (w > need[c])
				need[c] = w;
		}
	for (size_t c = 0; c < n; c++) {
		double w = s->colx[c + 1] - s->colx[c];
		if (w < need[c])
			deficit += need[c] - w;
		else
			slack += w - need[c];
	}
	if (deficit > 0 && deficit <= slack) {
		double x = s->colx[0];
		for (size_t c = 0; c < n; c++) {
			double w = s->colx[c + 1] - s->colx[c];
			w = w < need[c] ? need[c] : w - (w - need[c]) * deficit / slack;
			s->colx[c] = x;
			x += w;
		}
		s->colx[n] = s->p->x0 + s->p->tw;
	}
	free(need);
}

/* Column edges from the width hints (or, without hints, from the text),
 * and the type size that keeps the narrowest column at two characters;
 * when even the smallest type does not fit, the plan of column bands. */
static void columns(struct tstate *s)
{
	const struct doc_table *t = s->t;
	size_t n = t->n_cols;
	s->n_bands = 1;
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
		double size = pdf_size_step((minw - 2 * s->pad_x) / 2.2);
		if (size < TABLE_SIZE_MIN && n > 2)
			plan_bands(s);
		else
			s->size = size < TABLE_SIZE_MIN ? TABLE_SIZE_MIN : size;
	}
	if (s->n_bands == 1)
		fit_header_words(s);
}

/* The end of the row group starting at r: no rowspan crosses it, and it
 * does not end with a sub-header row (one stays with the row under it). */
static size_t group_end(const struct doc_table *t, size_t r, size_t limit)
{
	size_t end = r + 1;
	for (size_t k = r; k < end && k < limit; k++) {
		for (size_t c = 0; c < t->rows[k].n; c++) {
			const struct doc_cell *cell = &t->rows[k].cells[c];
			if (!(cell->flags & DOC_CELL_COVERED) && cell->rowspan > 1 &&
			    k + (size_t)cell->rowspan > end)
				end = k + (size_t)cell->rowspan;
		}
		if (k + 1 == end && end < limit && row_is_head(t, k))
			end++;
	}
	return end < limit ? end : limit;
}

/* Typesets the table (or the band s->band of it): caption, header rows,
 * then the body row group by row group. */
static void typeset(struct tstate *s)
{
	struct pdf *p = s->p;
	const struct doc_table *t = s->t;
	size_t nh = t->n_head <= t->n_rows ? t->n_head : t->n_rows;
	if (nh)
		group_build(s, 0, nh, true, &s->head);
	double hh = group_h(&s->head);

	PangoLayout *cap = table_caption(s, false);
	double ch = pdf_layout_h(cap) + 3.0;
	struct tgroup g = { 0 };
	size_t r = nh;
	if (r < t->n_rows)
		group_build(s, r, group_end(t, r, t->n_rows), false, &g);
	/* A new band starts without a sub-header, laid out in its columns. */
	group_release(&s->sub);
	s->sub0 = s->sub1 = s->sub_l0 = s->sub_l1 = 0;
	s->noted = nh;
	s->cont_h = 0;
	/* Keep the caption and header with the first rows: the whole first
	 * group when a page can hold it (below, it would be moved whole to the
	 * next page, leaving them alone), else its sub-header rows and about
	 * three lines, where it will be split; and when more rows follow, room
	 * for about three lines in any case. */
	double three = 3 * (s->size * 1.45 + 2 * s->pad_y);
	double first = group_h(&g), fits = p->bottom - p->top - cont_top(s, r);
	if (first > fits) {
		first = lead_head_h(s, &g) + three;
	} else if (r + g.nrows < t->n_rows && row_is_head(t, r + g.nrows)) {
		/* The next group opens with a sub-header (表3.1: the system's row,
		 * then 「大規模災害におけるリスク」): the caption comes with it too,
		 * when a page holds both, else the caption's page would hold only
		 * rows that say what follows. */
		struct tgroup g2;
		group_build(s, r + g.nrows, group_end(t, r + g.nrows, t->n_rows), false, &g2);
		if (first + group_h(&g2) <= fits)
			first += group_h(&g2);
		group_release(&g2);
	}
	if (!nh && t->n_rows <= 12) {
		/* A table with no header row (表3.2-2, as the appendix has it)
		 * has nothing to repeat on the next page, so a continued part
		 * would start with nothing to say what it is: a short one (a
		 * third of a page at most) is kept whole. */
		double all = 0;
		for (size_t q = 0; q < t->n_rows;) {
			struct tgroup gq;
			group_build(s, q, group_end(t, q, t->n_rows), false, &gq);
			all += group_h(&gq);
			q += gq.nrows ? gq.nrows : 1;
			group_release(&gq);
		}
		if (all > first && all <= (p->bottom - p->top) / 3)
			first = all;
	}
	if (r + g.nrows < t->n_rows && first < three)
		first = three;
	pdf_need(p, (p->fresh && !p->n_kept ? 0 : 4.0) + ch + hh + first); /* and the headings */
	if (!p->fresh)
		p->y += 4.0;
	pdf_grey(p->cr, 0);
	pdf_show(p->cr, cap, p->x0, p->y);
	p->y += ch;
	g_object_unref(cap);
	if (nh) {
		group_draw(s, &s->head, 0, hh, p->y);
		p->y += hh;
	}

	while (r < t->n_rows) {
		size_t end = r + g.nrows;
		double h = group_h(&g);
		if (p->y + h <= p->bottom) {
			group_draw(s, &g, 0, h, p->y);
			p->y += h;
		} else if (h <= p->bottom - p->top - cont_top(s, r)) {
			continue_page(s, r);
			group_draw(s, &g, 0, h, p->y);
			p->y += h;
		} else {
			/* taller than a page: split, never right under its sub-header */
			double a = 0;
			if (p->bottom - p->y < lead_head_h(s, &g) + 3 * s->size * 1.3 + 2 * s->pad_y)
				continue_page(s, r);
			while (a < h - 0.01) {
				double b = group_break(s, &g, a, a + (p->bottom - p->y));
				if (b > h)
					b = h;
				group_draw(s, &g, a, b, p->y);
				p->y += b - a;
				a = b;
				if (a < h - 0.01) {
					size_t done = 0;
					while (done < g.nrows && g.top[done + 1] <= a + 0.01)
						done++;
					note_rows(s, r + done);
					continue_page(s, r + done);
				}
			}
		}
		note_rows(s, end);
		group_release(&g);
		r = end;
		if (r < t->n_rows)
			group_build(s, r, group_end(t, r, t->n_rows), false, &g);
	}
	group_release(&g);
	group_release(&s->head);
	group_release(&s->sub);
	table_flush(s);
	pdf_batch_flush(&p->text, p->cr);
	p->y += 8.0;
	p->fresh = false;
}

void pdf_table(struct pdf *p, const struct doc_table *t)
{
	if (!t->n_cols)
		return;
	pdf_orient(p, t->wide);
	struct tstate s = { 0 };
	s.p = p;
	s.t = t;
	columns(&s);
	for (s.band = 0; s.band < s.n_bands; s.band++) {
		if (s.n_bands > 1)
			band_columns(&s);
		typeset(&s);
	}
	grid_release(&s.grid);
	free(s.colx);
	free(s.colw);
	free(s.band_first);
}
