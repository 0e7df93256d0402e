/*
 * pdf.c — the document model typeset as a PDF (see pdf.h).
 *
 * One pass: every block is laid out once and drawn straight onto the PDF
 * surface.  The contents need the body's page numbers, so they are drawn
 * last, after the body, and then moved to the front: the length of the
 * contents is measured first (from the headings alone), so the body's
 * printed page numbers are known while it is drawn, and at the end the
 * page tree's /Kids array, which cairo writes uncompressed, is permuted in
 * place to title, contents, body.  A permutation of the same references
 * keeps every byte offset, so the cross-reference table stays valid.
 * Nothing is kept per page: memory stays flat however long the plan.
 * Tables are in pdf_table.c, fonts and layouts in pdf_text.c.
 */
#include "render/pdf/pdf.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <librsvg/rsvg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>

#include "render/pdf/pdf_internal.h"
#include "util/fileio.h"
#include "util/lsan.h"
#include "util/xalloc.h"

/* Page geometry (points): the margins of the HTML's print CSS (html.c),
 * portrait and (_WIDE) landscape. */
#define MARGIN_SIDE PDF_MM(16.0)
#define MARGIN_TOP PDF_MM(20.0)
#define MARGIN_BOTTOM PDF_MM(18.0)
#define MARGIN_SIDE_WIDE PDF_MM(14.0)
#define MARGIN_TOP_WIDE PDF_MM(16.0)
#define MARGIN_BOTTOM_WIDE PDF_MM(16.0)
#define BODY_SIZE 10.0
#define SMALL_SIZE 8.0 /* = the table type */
#define NOTE_SIZE 9.5  /* boxed notes, figure notes, contents; = captions */
#define FURNITURE_SIZE 7.0 /* running header and footer */
#define PARA_GAP 5.0
#define FOOT_SIZE 7.5 /* footnotes: smaller than the text, above PDF_MIN_SIZE */
#define FOOT_RULE 9.0 /* the space a page's footnotes take above the first: the rule */
#define FOOT_GAP 2.0  /* between two footnotes */

/* ---- pages ------------------------------------------------------------ */

static void draw_furniture(struct pdf *p, cairo_t *cr, double w, double h, int pno);
static void draw_running_header(struct pdf *p, cairo_t *cr, double w, double side);

/* Sets the page geometry for the orientation. */
static void page_geometry(struct pdf *p, bool landscape)
{
	p->page_w = landscape ? PDF_A4_H : PDF_A4_W;
	p->page_h = landscape ? PDF_A4_W : PDF_A4_H;
	p->landscape = landscape;
	p->x0 = landscape ? MARGIN_SIDE_WIDE : MARGIN_SIDE;
	p->tw = p->page_w - 2 * p->x0;
	p->top = landscape ? MARGIN_TOP_WIDE : MARGIN_TOP;
	p->bottom = p->page_h - (landscape ? MARGIN_BOTTOM_WIDE : MARGIN_BOTTOM);
	p->y = p->top;
	p->fresh = true;
}

static void draw_footnotes(struct pdf *p);

/* Ends the current body page: header, page number, out to the file. */
static void end_page(struct pdf *p)
{
	if (!p->n_pages)
		return;
	pdf_batch_flush(&p->text, p->out_cr);
	draw_footnotes(p);
	draw_furniture(p, p->out_cr, p->page_w, p->page_h, p->body0 + (int)p->n_pages - 1);
	cairo_show_page(p->out_cr);
}

void pdf_new_page(struct pdf *p, bool landscape)
{
	end_page(p);
	p->n_pages++;
	page_geometry(p, landscape);
	cairo_pdf_surface_set_size(p->out, p->page_w, p->page_h);
}

static void draw_heading(struct pdf *p, const struct doc_block *b);

/* A footnote's layout at the text's width. */
static PangoLayout *footnote_layout(struct pdf *p, const struct doc_block *b)
{
	return pdf_text_layout(&p->text, b->text, FOOT_SIZE, PDF_SPACED | PDF_HANG, p->tw);
}

/* The height the footnotes waiting for a page take at its foot. */
static double pending_h(struct pdf *p)
{
	double h = 0;
	for (size_t i = 0; i < p->n_pend && p->n_foot + i < PDF_MAX_FOOTNOTES; i++) {
		PangoLayout *l = footnote_layout(p, p->pend[i]);
		h += pdf_layout_h(l) + (p->n_foot + i ? FOOT_GAP : FOOT_RULE);
		g_object_unref(l);
	}
	return h;
}

/* Places the footnotes waiting at the foot of this page: the text area
 * ends above them.  Past PDF_MAX_FOOTNOTES on a page they stay waiting
 * and are printed where they fall (layout_body). */
static void place_pending(struct pdf *p)
{
	size_t i = 0;
	for (; i < p->n_pend && p->n_foot < PDF_MAX_FOOTNOTES; i++) {
		PangoLayout *l = footnote_layout(p, p->pend[i]);
		p->bottom -= pdf_layout_h(l) + (p->n_foot ? FOOT_GAP : FOOT_RULE);
		p->foot[p->n_foot++] = l;
	}
	p->pend += i;
	p->n_pend -= i;
}

void pdf_need(struct pdf *p, double h)
{
	if (!p->fresh && p->y + p->kept_h + h + pending_h(p) > p->bottom)
		pdf_new_page(p, p->landscape);
	place_pending(p);
	size_t n = p->n_kept;
	p->n_kept = 0;
	p->kept_h = 0;
	for (size_t i = 0; i < n; i++)
		draw_heading(p, p->kept[i]);
}

void pdf_orient(struct pdf *p, bool landscape)
{
	if (p->landscape == landscape)
		return;
	if (!p->fresh) {
		pdf_new_page(p, landscape);
		return;
	}
	/* Nothing drawn on this page yet: turn it. */
	page_geometry(p, landscape);
	cairo_pdf_surface_set_size(p->out, p->page_w, p->page_h);
}

/* ---- flowing text ---------------------------------------------------- */

/* A box drawn around flowed text, one rectangle per page it is on. */
struct pdf_box {
	double x, w, y0, pad;
};

/* Strokes the part of box b on this page, down to y. */
static void box_close(struct pdf *p, const struct pdf_box *b, double y)
{
	cairo_set_line_width(p->cr, 0.6);
	pdf_grey(p->cr, 0.35);
	cairo_rectangle(p->cr, b->x, b->y0, b->w, y - b->y0);
	cairo_stroke(p->cr);
}

/* Draws layout l with its left edge at x from p->y on, breaking between
 * lines onto new pages; grey is the text colour.  bx, when not NULL, is
 * the box around the text (closed at each page break).  Advances p->y. */
static void flow(struct pdf *p, PangoLayout *l, double x, double grey, struct pdf_box *bx)
{
	double pad = bx ? bx->pad : 0;
	double h = pdf_layout_h(l);
	if (p->y + h + pad <= p->bottom) { /* the common case: it fits */
		pdf_grey(p->cr, grey);
		pdf_show(p->cr, l, x, p->y);
		p->y += h;
		p->fresh = false;
		return;
	}
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double origin = p->y; /* page y of the layout's top */
	do {
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		double top = (double)lr.y / PANGO_SCALE, lh = (double)lr.height / PANGO_SCALE;
		if (origin + top + lh + pad > p->bottom && !p->fresh) {
			if (bx)
				box_close(p, bx, origin + top + pad);
			pdf_new_page(p, p->landscape);
			if (bx)
				bx->y0 = p->y;
			p->y += pad;
			origin = p->y - top;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		pdf_grey(p->cr, grey);
		cairo_move_to(p->cr, x + (double)lr.x / PANGO_SCALE, origin + base);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y = origin + top + lh;
		p->fresh = false;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* ---- blocks ---------------------------------------------------------- */

/* The heading text with its number, as printed. */
static void heading_label(const struct doc *d, const char *number, const char *text,
			  struct buf *out)
{
	buf_reset(out);
	if (*number) {
		buf_adds(out, number);
		buf_adds(out, d->lang == LANG_EN ? " " : "\xe3\x80\x80"); /* U+3000 */
	}
	buf_adds(out, text);
}

/* Heading sizes, the space above them (none at the top of a page) and
 * below, by level. */
static const double heading_size[] = { 0, 15.0, 12.5, 11.0, 10.0 };
static const double heading_before[] = { 0, 0, 12.0, 9.0, 6.0 };
#define HEADING_AFTER 5.0
#define CHAPTER_RULE 4.0 /* the rule under a chapter heading, with its space */

static int heading_level(const struct doc_block *b)
{
	return b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
}

/* The layout of heading b at the current text width. */
static PangoLayout *heading_layout(struct pdf *p, const struct doc_block *b)
{
	struct buf label = BUF_INIT;
	heading_label(p->doc, b->number, b->text, &label);
	PangoLayout *l = pdf_text_layout(&p->text, label.data, heading_size[heading_level(b)],
					 PDF_BOLD, p->tw);
	buf_release(&label);
	return l;
}

/* Draws heading b at y (from pdf_need, once its block is placed). */
static void draw_heading(struct pdf *p, const struct doc_block *b)
{
	int lv = heading_level(b);
	PangoLayout *l = heading_layout(p, b);
	double h = pdf_layout_h(l);
	if (!p->fresh)
		p->y += heading_before[lv];
	p->marks = xgrow(p->marks, &p->cap_marks, p->n_marks + 1, sizeof *p->marks);
	p->marks[p->n_marks++] = (struct pdf_mark){ lv, b->number, b->text, p->n_pages - 1, p->y };
	pdf_grey(p->cr, 0);
	pdf_show(p->cr, l, p->x0, p->y);
	p->y += h;
	if (lv == 1) {
		cairo_set_line_width(p->cr, 1.0);
		cairo_move_to(p->cr, p->x0, p->y + 2.0);
		cairo_line_to(p->cr, p->x0 + p->tw, p->y + 2.0);
		cairo_stroke(p->cr);
		p->y += CHAPTER_RULE;
	}
	p->y += HEADING_AFTER;
	p->fresh = false;
	g_object_unref(l);
}

/* A numbered heading: level 1 (chapters) starts a new page; every
 * heading waits for the block after it (pdf_need), which knows how much
 * of itself must come on the heading's page and turns the page to its
 * own orientation first (a wide table's heading goes on its landscape
 * page). */
static void put_heading(struct pdf *p, const struct doc_block *b)
{
	int lv = heading_level(b);
	if (lv == 1 && (!p->fresh || p->n_kept)) {
		pdf_need(p, 0); /* headings before a chapter heading: nothing of theirs follows */
		pdf_new_page(p, false);
	}
	if (p->n_kept == sizeof p->kept / sizeof p->kept[0])
		pdf_need(p, 0);
	PangoLayout *l = heading_layout(p, b);
	p->kept[p->n_kept++] = b;
	p->kept_h += heading_before[lv] + pdf_layout_h(l) + (lv == 1 ? CHAPTER_RULE : 0) +
		     HEADING_AFTER;
	g_object_unref(l);
}

/* The height of the first n lines of l. */
static double lines_h(PangoLayout *l, int n)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	PangoRectangle lr = { 0 };
	for (int i = 0; i < n; i++) {
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		if (!pango_layout_iter_next_line(it))
			break;
	}
	pango_layout_iter_free(it);
	return (double)(lr.y + lr.height) / PANGO_SCALE;
}

/* A paragraph; placeholders in grey with their reason in small type.
 * landscape: the paragraph is the footnote of a wide table before it,
 * printed on the table's page. */
static void put_para(struct pdf *p, const struct doc_block *b, bool landscape)
{
	pdf_orient(p, landscape);
	double size = (b->flags & DOC_PARA_SMALL) ? SMALL_SIZE : BODY_SIZE;
	bool ph = b->flags & DOC_PARA_PLACEHOLDER;
	PangoLayout *l = ph ? pdf_text_layout_note(&p->text, b->text, b->note, size, PDF_SPACED, p->tw)
			    : pdf_text_layout(&p->text, b->text, size, PDF_SPACED, p->tw);
	/* after a heading, two lines at least; else what flow() does anyway */
	pdf_need(p, lines_h(l, p->n_kept ? 2 : 1));
	flow(p, l, p->x0, ph ? 0.45 : 0, NULL);
	p->y += PARA_GAP;
	g_object_unref(l);
}

/* Draws the footnotes of the page at its foot, under a rule a third of
 * the text wide, and lets them go. */
static void draw_footnotes(struct pdf *p)
{
	if (!p->n_foot)
		return;
	double y = p->bottom + FOOT_RULE * 0.5;
	cairo_set_line_width(p->out_cr, 0.5);
	pdf_grey(p->out_cr, 0);
	cairo_move_to(p->out_cr, p->x0, y);
	cairo_line_to(p->out_cr, p->x0 + p->tw / 3, y);
	cairo_stroke(p->out_cr);
	y = p->bottom + FOOT_RULE;
	pdf_grey(p->out_cr, 0);
	for (size_t i = 0; i < p->n_foot; i++) {
		pdf_show(p->out_cr, p->foot[i], p->x0, y);
		y += pdf_layout_h(p->foot[i]) + FOOT_GAP;
		g_object_unref(p->foot[i]);
	}
	p->n_foot = 0;
}

/* A bullet or numbered list with hanging indent. */
static void put_list(struct pdf *p, const struct doc_block *b)
{
	pdf_orient(p, false);
	double indent = 18.0;
	char mark[32];
	for (size_t i = 0; i < b->n_items; i++) {
		const struct doc_cell *c = &b->items[i];
		bool ph = c->flags & DOC_CELL_PLACEHOLDER;
		double size = (c->flags & DOC_CELL_SMALL) ? SMALL_SIZE : BODY_SIZE;
		PangoLayout *l = ph ? pdf_text_layout_note(&p->text, c->text, c->note, size,
							  PDF_SPACED, p->tw - indent)
				    : pdf_text_layout(&p->text, c->text, size, PDF_SPACED, p->tw - indent);
		if (b->ordered)
			snprintf(mark, sizeof mark, b->paren ? "(%zu)" : "%zu.", i + 1);
		else
			snprintf(mark, sizeof mark, "%s", "\xe3\x83\xbb"); /* ・ */
		PangoLayout *m = pdf_text_layout(&p->text, mark, size, PDF_RIGHT, indent - 3.0);
		/* The first line of the item must fit with its mark. */
		PangoLayoutIter *it = pango_layout_get_iter(l);
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		double first = (double)lr.height / PANGO_SCALE;
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		pango_layout_iter_free(it);
		pdf_need(p, first);
		double mbase = (double)pango_layout_get_baseline(m) / PANGO_SCALE;
		pdf_grey(p->cr, 0);
		pdf_show(p->cr, m, p->x0, p->y + base - mbase);
		flow(p, l, p->x0 + indent, ph ? 0.45 : 0, NULL);
		p->y += 1.5;
		g_object_unref(m);
		g_object_unref(l);
	}
	p->y += PARA_GAP;
}

/* A boxed note: a bold title, then the body. */
static void put_note(struct pdf *p, const struct doc_block *b)
{
	pdf_orient(p, false);
	double pad = 6.0, w = p->tw - 2 * pad;
	PangoLayout *title = pdf_text_layout(&p->text, b->text, NOTE_SIZE, PDF_BOLD, w);
	PangoLayout *body =
		pdf_text_layout(&p->text, b->note ? b->note : "", NOTE_SIZE, PDF_SPACED, w);
	double th = *b->text ? pdf_layout_h(title) + 3.0 : 0;
	pdf_need(p, th + 2 * pad + 30.0);
	struct pdf_box bx = { p->x0, p->tw, p->y, pad };
	p->y += pad;
	if (*b->text) {
		pdf_grey(p->cr, 0);
		pdf_show(p->cr, title, p->x0 + pad, p->y);
		p->y += th;
	}
	if (b->note && *b->note)
		flow(p, body, p->x0 + pad, 0.1, &bx);
	p->y += pad;
	box_close(p, &bx, p->y);
	p->y += PARA_GAP + 3.0;
	p->fresh = false;
	g_object_unref(title);
	g_object_unref(body);
}

/* The caption line of a figure: "図 2.2-1　caption". */
static PangoLayout *caption_layout(struct pdf *p, const char *label, const char *caption,
				   unsigned style)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, label);
	if (*label && *caption)
		buf_adds(&b, p->doc->lang == LANG_EN ? "  " : "\xe3\x80\x80");
	buf_adds(&b, caption);
	PangoLayout *l = pdf_text_layout(&p->text, b.data, 9.5, PDF_BOLD | style, p->tw);
	buf_release(&b);
	return l;
}

/* The SVG's size in its own units, or false when it has none usable. */
static bool svg_size(RsvgHandle *h, double *w, double *hgt)
{
	if (rsvg_handle_get_intrinsic_size_in_pixels(h, w, hgt) && *w > 0 && *hgt > 0)
		return true;
	gboolean has_vb;
	RsvgRectangle vb;
	rsvg_handle_get_intrinsic_dimensions(h, NULL, NULL, NULL, NULL, &has_vb, &vb);
	if (has_vb && vb.width > 0 && vb.height > 0) {
		*w = vb.width;
		*hgt = vb.height;
		return true;
	}
	return false;
}

/* The smallest text of an SVG whose drawn width is w (in rsvg's pixels),
 * in those pixels: the least font-size="…" attribute (Graphviz writes one
 * on each text) in the units of its viewBox; 0 when it has none. */
static double svg_least_font(RsvgHandle *h, const char *svg, double w)
{
	double least = 0;
	static const char key[] = "font-size=";
	for (const char *q = strstr(svg, key); q; q = strstr(q + 1, key)) {
		const char *v0 = q + sizeof key - 1;
		if (*v0 != '"' && *v0 != '\'')
			continue;
		double v = strtod(v0 + 1, NULL);
		if (v > 0 && (least == 0 || v < least))
			least = v;
	}
	gboolean has_vb;
	RsvgRectangle vb;
	rsvg_handle_get_intrinsic_dimensions(h, NULL, NULL, NULL, NULL, &has_vb, &vb);
	return has_vb && vb.width > 0 ? least * w / vb.width : least;
}

/* A figure too tall for a page at a size its text can be read (a large
 * plan's 図2.2-1): printed in slices of one page each (maxh high, the
 * first under its headings), each with its caption marked （その1/3）.
 * Each slice draws the whole SVG through a clip: drawn once into a
 * recording surface and shown through the clips instead, cairo 1.16
 * writes it as a pattern whose text no reader can find or copy. */
static void put_figure_pages(struct pdf *p, const struct doc_figure *f, RsvgHandle *h, double dw,
			     double dh, double maxh)
{
	size_t n = (size_t)ceil(dh / maxh - 0.001);
	struct buf cap = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		double top = maxh * (double)i, sh = dh - top < maxh ? dh - top : maxh;
		buf_reset(&cap);
		buf_adds(&cap, f->caption);
		buf_addf(&cap, L(p->doc->lang, "（その%zu/%zu）", " (part %zu of %zu)"), i + 1, n);
		PangoLayout *cl = caption_layout(p, f->label, cap.data, PDF_CENTER);
		double ch = pdf_layout_h(cl) + 4.0;
		if (i)
			pdf_new_page(p, false);
		pdf_need(p, sh + ch + 8.0);
		p->y += 4.0;
		double x = p->x0 + (p->tw - dw) / 2;
		cairo_save(p->cr);
		cairo_rectangle(p->cr, x, p->y, dw, sh);
		cairo_clip(p->cr);
		RsvgRectangle vp = { x, p->y - top, dw, dh };
		GError *ge = NULL;
		rsvg_handle_render_document(h, p->cr, &vp, &ge);
		if (ge)
			g_error_free(ge);
		cairo_restore(p->cr);
		p->y += sh + 4.0;
		pdf_grey(p->cr, 0);
		pdf_show(p->cr, cl, p->x0, p->y);
		p->y += ch + PARA_GAP;
		p->fresh = false;
		g_object_unref(cl);
	}
	buf_release(&cap);
}

/* A figure: the SVG scaled to the text width (and to fit one page, its
 * text never under 6.5 pt: else over pages), the caption below; the note
 * in a box when there is no SVG. */
static void put_figure(struct pdf *p, const struct doc_block *b)
{
	const struct doc_figure *f = &b->figure;
	pdf_orient(p, false);
	PangoLayout *cap = caption_layout(p, f->label, f->caption, PDF_CENTER);
	double ch = pdf_layout_h(cap) + 4.0;
	RsvgHandle *h = NULL;
	double w = 0, hh = 0;
	if (*f->svg) {
		GError *ge = NULL;
		h = rsvg_handle_new_from_data((const guint8 *)f->svg, strlen(f->svg), &ge);
		if (ge)
			g_error_free(ge);
		if (h && !svg_size(h, &w, &hh)) {
			g_object_unref(h);
			h = NULL;
		}
	}
	if (h) {
		/* on one page with the headings it waits under */
		double maxh = p->bottom - p->top - ch - 8.0 - p->kept_h;
		double s = p->tw / w;
		if (hh * s > maxh)
			s = maxh / hh;
		double least = svg_least_font(h, f->svg, w);
		if (least > 0 && least * s < PDF_MIN_SIZE - 0.01) {
			/* its text would be under 6.5 pt: larger, over pages */
			s = PDF_MIN_SIZE / least;
			if (w * s > p->tw)
				s = p->tw / w;
			if (hh * s > maxh) {
				put_figure_pages(p, f, h, w * s, hh * s, maxh);
				g_object_unref(h);
				g_object_unref(cap);
				return;
			}
		}
		double dw = w * s, dh = hh * s;
		pdf_need(p, dh + ch + 8.0);
		p->y += 4.0;
		RsvgRectangle vp = { p->x0 + (p->tw - dw) / 2, p->y, dw, dh };
		GError *ge = NULL;
		cairo_save(p->cr);
		rsvg_handle_render_document(h, p->cr, &vp, &ge);
		cairo_restore(p->cr);
		if (ge)
			g_error_free(ge);
		g_object_unref(h);
		p->y += dh + 4.0;
	} else {
		const char *note = f->note && *f->note ? f->note
			: L(p->doc->lang, "（図はまだ作成されていません）", "(figure not drawn yet)");
		PangoLayout *nl = pdf_text_layout(&p->text, note, NOTE_SIZE, PDF_CENTER, p->tw - 24.0);
		double nh = pdf_layout_h(nl);
		pdf_need(p, nh + 40.0 + ch);
		p->y += 4.0;
		cairo_set_line_width(p->cr, 0.6);
		double dash[] = { 3.0, 2.0 };
		cairo_set_dash(p->cr, dash, 2, 0);
		pdf_grey(p->cr, 0.5);
		cairo_rectangle(p->cr, p->x0, p->y, p->tw, nh + 32.0);
		cairo_stroke(p->cr);
		cairo_set_dash(p->cr, NULL, 0, 0);
		pdf_grey(p->cr, 0.4);
		pdf_show(p->cr, nl, p->x0 + 12.0, p->y + 16.0);
		p->y += nh + 36.0;
		g_object_unref(nl);
	}
	pdf_grey(p->cr, 0);
	pdf_show(p->cr, cap, p->x0, p->y);
	p->y += ch + PARA_GAP;
	p->fresh = false;
	g_object_unref(cap);
}

/* Lays out every block of the doc, drawing on the PDF surface. */
static void layout_body(struct pdf *p)
{
	p->n_pages = 0;
	p->n_marks = 0;
	p->cr = p->out_cr;
	pdf_new_page(p, false);
	for (size_t i = 0; i < p->doc->n_blocks; i++) {
		const struct doc_block *b = p->doc->blocks[i];
		/* The footnotes after a block go to the foot of the page it
		 * starts on, where their marks are (the first rows of a table,
		 * the lines of a paragraph), as a printed government document
		 * has them; they wait for the block's pdf_need. */
		size_t nf = 0;
		while (i + 1 + nf < p->doc->n_blocks &&
		       (p->doc->blocks[i + 1 + nf]->flags & DOC_PARA_FOOTNOTE) &&
		       p->doc->blocks[i + 1 + nf]->kind == DOC_PARA)
			nf++;
		if (!(b->kind == DOC_PARA && (b->flags & DOC_PARA_FOOTNOTE))) {
			p->pend = nf ? (const struct doc_block *const *)&p->doc->blocks[i + 1] : NULL;
			p->n_pend = nf;
		}
		switch (b->kind) {
		case DOC_HEADING: put_heading(p, b); break;
		case DOC_PARA: {
			const struct doc_block *prev = i ? p->doc->blocks[i - 1] : NULL;
			bool note = prev && prev->kind == DOC_TABLE && prev->table.wide &&
				    (b->flags & DOC_PARA_SMALL) && p->landscape;
			if (!(b->flags & DOC_PARA_FOOTNOTE))
				put_para(p, b, note);
			else if (p->n_pend && p->pend[0] == b) {
				/* a footnote its block left waiting (a page full
				 * of them, or a block that never asked for room):
				 * printed where it falls */
				p->pend++;
				p->n_pend--;
				put_para(p, b, p->landscape);
			}
			break;
		}
		case DOC_LIST: put_list(p, b); break;
		case DOC_NOTE: put_note(p, b); break;
		case DOC_FIGURE: put_figure(p, b); break;
		case DOC_TABLE: pdf_table(p, &b->table); break;
		case DOC_PAGE_BREAK:
			pdf_need(p, 0);
			if (!p->fresh)
				pdf_new_page(p, false);
			else
				pdf_orient(p, false);
			break;
		}
	}
	pdf_need(p, 0); /* headings at the very end */
	/* A last page left empty by a trailing break is dropped (an empty
	 * page is never written by cairo). */
	if (p->fresh && p->n_pages > 1)
		p->n_pages--;
	else
		end_page(p);
}

/* ---- title page, contents, header and footer -------------------------- */

/* The title page: title, subtitle, organisation and date. */
static void draw_title(struct pdf *p, cairo_t *cr)
{
	const struct doc_meta *m = &p->doc->meta;
	double w = PDF_A4_W - 2 * MARGIN_SIDE, y = PDF_A4_H * 0.30;
	struct {
		const char *text;
		double size, gap;
		unsigned style;
	} parts[] = {
		{ m->title, 24.0, 14.0, PDF_BOLD },
		{ m->subtitle, 13.0, 60.0, 0 },
		{ m->date, 13.0, 16.0, 0 },
		{ m->organisation, 16.0, 0, PDF_BOLD },
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (i == 2 && !*m->subtitle)
			y += 60.0;
		if (!*parts[i].text)
			continue;
		PangoLayout *l = pdf_text_layout(&p->text, parts[i].text, parts[i].size,
						 parts[i].style | PDF_CENTER, w);
		pdf_grey(cr, 0);
		pdf_show(cr, l, MARGIN_SIDE, y);
		y += pdf_layout_h(l) + parts[i].gap;
		g_object_unref(l);
	}
}

/* True when a heading goes in the contents. */
static bool in_toc(const struct pdf_mark *m)
{
	return m->level <= 3;
}

/* Lays out (draw false: only measures) the contents; body page i is
 * printed as body0 + i and is page link0 + i in the order cairo wrote the
 * pages (for links).  Returns the pages the contents take. */
static int draw_toc(struct pdf *p, cairo_t *cr, bool draw, int body0, int link0)
{
	double w = PDF_A4_W - 2 * MARGIN_SIDE, bottom = PDF_A4_H - MARGIN_BOTTOM;
	double numw = 30.0;
	int pages = 1;
	double y = MARGIN_TOP;
	PangoLayout *t = pdf_text_layout(&p->text, L(p->doc->lang, "目次", "Contents"), 15.0,
					 PDF_BOLD, w);
	if (draw) {
		draw_running_header(p, cr, PDF_A4_W, MARGIN_SIDE);
		pdf_grey(cr, 0);
		pdf_show(cr, t, MARGIN_SIDE, y);
	}
	y += pdf_layout_h(t) + 12.0;
	g_object_unref(t);
	struct buf label = BUF_INIT;
	char num[16], link[64];
	for (size_t i = 0; i < p->n_marks; i++) {
		const struct pdf_mark *m = &p->marks[i];
		if (!in_toc(m))
			continue;
		double indent = (m->level - 1) * 14.0, size = m->level == 1 ? BODY_SIZE : NOTE_SIZE;
		heading_label(p->doc, m->number, m->text, &label);
		PangoLayout *l = pdf_text_layout(&p->text, label.data, size,
						 m->level == 1 ? PDF_BOLD : 0, w - indent - numw - 12.0);
		double h = pdf_layout_h(l), gap = m->level == 1 ? 6.0 : 2.5;
		if (m->level == 1 && y > MARGIN_TOP + 40.0)
			y += 4.0;
		if (y + h > bottom) {
			pages++;
			y = MARGIN_TOP;
			if (draw) {
				cairo_show_page(cr);
				draw_running_header(p, cr, PDF_A4_W, MARGIN_SIDE);
			}
		}
		if (draw) {
			int pno = body0 + (int)m->page;
			snprintf(link, sizeof link, "page=%d pos=[%.1f %.1f]", link0 + (int)m->page,
				 MARGIN_SIDE, m->y > 12.0 ? m->y - 12.0 : 0.0);
			cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
			pdf_grey(cr, 0);
			pdf_show(cr, l, MARGIN_SIDE + indent, y);
			snprintf(num, sizeof num, "%d", pno);
			PangoLayout *nl = pdf_text_layout(&p->text, num, size, PDF_RIGHT, numw);
			/* Dot leader from the end of the last line to the number. */
			PangoLayoutIter *it = pango_layout_get_iter(l);
			while (!pango_layout_iter_at_last_line(it))
				pango_layout_iter_next_line(it);
			PangoRectangle lr;
			pango_layout_iter_get_line_extents(it, NULL, &lr);
			double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
			pango_layout_iter_free(it);
			double lx = MARGIN_SIDE + indent + (double)(lr.x + lr.width) / PANGO_SCALE + 4.0;
			double nx = MARGIN_SIDE + w - numw;
			double nbase = (double)pango_layout_get_baseline(nl) / PANGO_SCALE;
			pdf_show(cr, nl, nx, y + base - nbase);
			cairo_tag_end(cr, CAIRO_TAG_LINK);
			if (nx - 4.0 > lx) {
				double dots[] = { 0.0, 3.0 };
				cairo_save(cr);
				cairo_set_dash(cr, dots, 2, 0);
				cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
				cairo_set_line_width(cr, 0.8);
				pdf_grey(cr, 0.3);
				cairo_move_to(cr, lx, y + base - 1.0);
				cairo_line_to(cr, nx + numw - pdf_layout_w(nl) - 4.0, y + base - 1.0);
				cairo_stroke(cr);
				cairo_restore(cr);
			}
			g_object_unref(nl);
		}
		y += h + gap;
		g_object_unref(l);
	}
	buf_release(&label);
	if (draw)
		cairo_show_page(cr);
	return pages;
}

/* The running header of a page w wide between margins side: it carries
 * the classification and 「案」 (plan_doc.c), so the contents have it too. */
static void draw_running_header(struct pdf *p, cairo_t *cr, double w, double side)
{
	const struct doc_meta *m = &p->doc->meta;
	if (!*m->running_header)
		return;
	PangoLayout *l =
		pdf_text_layout(&p->text, m->running_header, FURNITURE_SIZE, PDF_NOWRAP, w - 2 * side);
	pdf_grey(cr, 0.35);
	pdf_show(cr, l, side, PDF_MM(9.0));
	double y = PDF_MM(9.0) + pdf_layout_h(l) + 2.0;
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, side, y);
	cairo_line_to(cr, w - side, y);
	cairo_stroke(cr);
	g_object_unref(l);
}

/* The running header and the page number pno. */
static void draw_furniture(struct pdf *p, cairo_t *cr, double w, double h, int pno)
{
	const struct doc_meta *m = &p->doc->meta;
	double side = w > h ? MARGIN_SIDE_WIDE : MARGIN_SIDE, tw = w - 2 * side;
	draw_running_header(p, cr, w, side);
	char num[32];
	snprintf(num, sizeof num, "- %d -", pno);
	PangoLayout *l = pdf_text_layout(&p->text, num, 8.0, PDF_CENTER, tw);
	pdf_grey(cr, 0.2);
	pdf_show(cr, l, side, h - PDF_MM(11.0));
	g_object_unref(l);
	if (*m->footer) {
		PangoLayout *f = pdf_text_layout(&p->text, m->footer, FURNITURE_SIZE, PDF_NOWRAP, tw / 2 - 20.0);
		pdf_grey(cr, 0.4);
		pdf_show(cr, f, side, h - PDF_MM(11.0));
		g_object_unref(f);
	}
}

/* PDF bookmarks for the headings of levels 1–3. */
static void add_outline(struct pdf *p, cairo_surface_t *s, int body0)
{
	int parent[4] = { CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT,
			  CAIRO_PDF_OUTLINE_ROOT };
	struct buf label = BUF_INIT;
	char link[64];
	for (size_t i = 0; i < p->n_marks; i++) {
		const struct pdf_mark *m = &p->marks[i];
		if (!in_toc(m))
			continue;
		heading_label(p->doc, m->number, m->text, &label);
		snprintf(link, sizeof link, "page=%d pos=[%.1f %.1f]", body0 + (int)m->page,
			 MARGIN_SIDE, m->y > 12.0 ? m->y - 12.0 : 0.0);
		int id = cairo_pdf_surface_add_outline(s, parent[m->level - 1], label.data, link,
						       m->level == 1 ? 0 : 0);
		for (int lv = m->level; lv < 4; lv++)
			parent[lv] = id;
	}
	buf_release(&label);
}

/* cairo's stream callback: appends to a struct buf. */
static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Frees what the typesetter holds. */
static void pdf_release(struct pdf *p)
{
	for (size_t i = 0; i < p->n_foot; i++)
		g_object_unref(p->foot[i]);
	p->n_foot = 0;
	free(p->marks);
	pdf_text_release(&p->text);
}

/* The headings of the doc as marks (pages unknown), to measure the
 * contents before the body is laid out. */
static void marks_from_doc(struct pdf *p)
{
	p->n_marks = 0;
	for (size_t i = 0; i < p->doc->n_blocks; i++) {
		const struct doc_block *b = p->doc->blocks[i];
		if (b->kind != DOC_HEADING)
			continue;
		int lv = b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
		p->marks = xgrow(p->marks, &p->cap_marks, p->n_marks + 1, sizeof *p->marks);
		p->marks[p->n_marks++] = (struct pdf_mark){ lv, b->number, b->text, 0, 0 };
	}
}

/* The first n bytes equal to needle in hay[0..size), or NULL. */
static char *mem_find(char *hay, size_t size, const char *needle, size_t n)
{
	char *end = hay + size;
	while (n && (size_t)(end - hay) >= n) {
		char *q = memchr(hay, needle[0], (size_t)(end - hay) - n + 1);
		if (!q)
			return NULL;
		if (memcmp(q, needle, n) == 0)
			return q;
		hay = q + 1;
	}
	return NULL;
}

/* Moves the last toc pages of the written PDF to just after the first
 * page: permutes the page tree's /Kids references in place (same bytes,
 * so the offsets in the xref table stay right).  -1 when the page tree is
 * not as cairo writes it.  The file starts at pdf->data + from. */
static int move_toc(struct buf *pdf, size_t from, size_t toc)
{
	static const char key[] = "<< /Type /Pages\n   /Kids [ ";
	char *data = pdf->data + from;
	size_t size = pdf->len - from;
	char *at = mem_find(data, size, key, sizeof key - 1);
	if (!at || mem_find(at + 1, size - (size_t)(at + 1 - data), key, sizeof key - 1))
		return -1;
	char *kids = at + sizeof key - 1;
	char *end = memchr(kids, ']', size - (size_t)(kids - data));
	if (!end)
		return -1;
	size_t len = (size_t)(end - kids);
	/* Each reference is "N 0 R " (one space after, as cairo writes). */
	size_t n = 0, *start = NULL, cap = 0;
	for (size_t i = 0; i < len; n++) {
		start = xgrow(start, &cap, n + 1, sizeof *start);
		start[n] = i;
		const char *r = mem_find(kids + i, len - i, " 0 R ", 5);
		if (!r) {
			free(start);
			return -1;
		}
		i = (size_t)(r - kids) + 5;
	}
	if (n < toc + 1) {
		free(start);
		return -1;
	}
	struct buf out = BUF_INIT;
	/* title, then the toc (the last toc references), then the body */
	buf_add(&out, kids, start[1]);
	for (size_t k = n - toc; k < n; k++)
		buf_add(&out, kids + start[k], (k + 1 < n ? start[k + 1] : len) - start[k]);
	for (size_t k = 1; k < n - toc; k++)
		buf_add(&out, kids + start[k], start[k + 1] - start[k]);
	int rc = -1;
	if (out.len == len) {
		memcpy(kids, out.data, len);
		rc = 0;
	}
	buf_release(&out);
	free(start);
	return rc;
}

/* See pdf_internal.h.  cairo 1.16 (Debian 12) leaks one buffer per
 * embedded CFF font while finishing a PDF surface (Noto Sans CJK is CFF):
 * not ours to free.  Under LeakSanitizer, what cairo allocates inside the
 * finish is ignored, and only that: a leak of ours anywhere else is still
 * found, and without a suppression that needs full stacks to match
 * (fast_unwind_on_malloc=0, which made every PDF test 2-3 times slower). */
cairo_status_t pdf_surface_close(cairo_surface_t *s)
{
	LSAN_IGNORE_BEGIN();
	cairo_surface_finish(s);
	LSAN_IGNORE_END();
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return st;
}

/* The date is rewritten in place, at the same length, because the file's
 * cross-reference table holds byte offsets; and after cairo rather than
 * through cairo_pdf_surface_set_metadata(CAIRO_PDF_METADATA_CREATE_DATE),
 * because cairo 1.16 writes a date set that way without the "D:" prefix
 * that PDF requires.  Cairo writes "(D:YYYYMMDDHHmmSS" and then "Z" or
 * its local offset "+HH'mm" / "-HH'mm"; the digits are rewritten in that
 * same offset.  The Info dictionary comes after every page, so the
 * last occurrence is the one. */
void pdf_fix_created(struct buf *out, size_t start)
{
	static const char key[] = "/CreationDate (D:";
	enum { KEY_LEN = sizeof key - 1, DIGITS = 14, OFFSET_LEN = 6 /* +HH'mm */ };
	time_t t;
	if (!doc_fixed_time(&t) || out->len < start + KEY_LEN + DIGITS + 1)
		return;
	char *at = NULL;
	for (size_t i = start; i + KEY_LEN + DIGITS + 1 <= out->len; i++)
		if (out->data[i] == '/' && memcmp(out->data + i, key, KEY_LEN) == 0)
			at = out->data + i + KEY_LEN;
	if (!at)
		return;
	for (int i = 0; i < DIGITS; i++)
		if (at[i] < '0' || at[i] > '9')
			return;
	long offset = 0;
	char sign = at[DIGITS];
	if (sign == '+' || sign == '-') {
		const char *o = at + DIGITS + 1; /* HH'mm */
		if ((size_t)(o - out->data) + OFFSET_LEN - 1 > out->len || o[2] != '\'' ||
		    o[0] < '0' || o[0] > '9' || o[1] < '0' || o[1] > '9' || o[3] < '0' ||
		    o[3] > '9' || o[4] < '0' || o[4] > '9')
			return;
		offset = ((o[0] - '0') * 10L + (o[1] - '0')) * 3600 + ((o[3] - '0') * 10L + (o[4] - '0')) * 60;
		if (sign == '-')
			offset = -offset;
	} else if (sign != 'Z') {
		return;
	}
	time_t local = t + (time_t)offset;
	struct tm tm;
	char digits[DIGITS + 1];
	if (!gmtime_r(&local, &tm) || strftime(digits, sizeof digits, "%Y%m%d%H%M%S", &tm) != DIGITS)
		return;
	memcpy(at, digits, DIGITS);
}

/*
 * Threads: two page threads may each be in here at once, and there is no
 * lock, on purpose.  A render shares nothing with another: its font map
 * and pango context (pdf_text_init: a new PangoCairoFontMap each time,
 * never the default one), its layouts and layout cache, its cairo surface
 * and context, its output buffer.  What the libraries share underneath
 * they lock themselves: fontconfig its configuration, pango its one
 * harfbuzz shaping buffer, cairo its font caches and FreeType faces,
 * glibc the time zone cairo reads for the PDF's date.  Shown, not assumed:
 * tests/cli/web_page_threads.sh makes six of these PDFs at once on two
 * page threads under ThreadSanitizer (make check), with suppressions only
 * for those libraries' own locks that TSan cannot see (tests/tsan.supp).
 * A lock here would make the second PDF wait the whole length of the
 * first.  Not covered by make check: figures.  Graphviz is not
 * thread-safe and is serialised by graph_lock (render/graph/graph_dot.c);
 * librsvg gets a handle per figure, but three plan PDFs at once under TSan
 * (by hand, issue 13) gave reports inside librsvg (its shared string
 * table) and pango_renderer_set_matrix (pango's one cached cairo renderer,
 * under a G_LOCK), both again locks TSan cannot see — to be confirmed
 * before a test makes plan PDFs side by side.  render_pdf_shutdown() must
 * not run beside a render.
 */
int render_pdf_buf(const struct doc *d, struct buf *out, struct pdf_stats *stats, struct err *e)
{
	struct pdf p = { 0 };
	p.doc = d;
	if (pdf_text_init(&p.text, e))
		return -1;
	/* The contents' length, from the headings: fixes the body's numbers.
	 * A sheet (a report of a page or two) has neither title page nor
	 * contents: its body is page 1. */
	bool sheet = d->meta.sheet;
	marks_from_doc(&p);
	int toc_pages = sheet ? 0 : draw_toc(&p, NULL, false, 0, 0);
	p.body0 = sheet ? 1 : 1 + toc_pages + 1;

	size_t start = out->len;
	p.out = cairo_pdf_surface_create_for_stream(write_buf, out, PDF_A4_W, PDF_A4_H);
	cairo_pdf_surface_set_metadata(p.out, CAIRO_PDF_METADATA_TITLE, d->meta.title);
	if (*d->meta.organisation)
		cairo_pdf_surface_set_metadata(p.out, CAIRO_PDF_METADATA_AUTHOR, d->meta.organisation);
	cairo_pdf_surface_set_metadata(p.out, CAIRO_PDF_METADATA_CREATOR, "itbcp");
	p.out_cr = cairo_create(p.out);
	cairo_set_line_join(p.out_cr, CAIRO_LINE_JOIN_MITER);
	if (!sheet) {
		draw_title(&p, p.out_cr);
		cairo_show_page(p.out_cr);
	}
	/* The body: written pages 2, 3, … (a sheet's 1, 2, …) */
	layout_body(&p);
	size_t body_pages = p.n_pages;
	if (!sheet) {
		/* The contents, written last; body page i is written page 2 + i. */
		cairo_pdf_surface_set_size(p.out, PDF_A4_W, PDF_A4_H);
		int drawn = draw_toc(&p, p.out_cr, true, p.body0, 2);
		if (drawn != toc_pages)
			BUG("contents took %d pages, measured %d", drawn, toc_pages);
	}
	add_outline(&p, p.out, sheet ? 1 : 2);
	cairo_destroy(p.out_cr);
	cairo_status_t st = pdf_surface_close(p.out);
	int rc = 0;
	if (st != CAIRO_STATUS_SUCCESS)
		rc = err_set(e, "PDF: %s", cairo_status_to_string(st));
	else if (out->len > start) {
		pdf_fix_created(out, start);
		if (!sheet && move_toc(out, start, (size_t)toc_pages))
			rc = err_set(e, "PDF: unexpected page tree; contents not moved");
	}
	if (stats) {
		stats->pages = (sheet ? 0 : 1 + toc_pages) + (int)body_pages;
		stats->unknown_glyphs = p.text.unknown_glyphs;
	}
	pdf_release(&p);
	return rc;
}

int render_pdf(const struct doc *d, const char *path, struct err *e)
{
	struct buf out = BUF_INIT;
	int rc = render_pdf_buf(d, &out, NULL, e);
	if (rc == 0)
		rc = write_file_atomic(path, out.data, out.len, e);
	buf_release(&out);
	return rc;
}

void render_pdf_shutdown(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
