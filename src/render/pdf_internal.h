/*
 * pdf_internal.h — what the PDF writer's files share (pdf.c, pdf_text.c,
 * pdf_table.c) and what the wallet card (card_pdf.c) borrows from them.
 *
 * Units are PDF points (1/72 inch) throughout: the pango context is set to
 * 72 dpi, so a font size in points is a size in cairo units.  y grows
 * downwards, as in cairo.
 */
#ifndef ITBCP_RENDER_PDF_INTERNAL_H
#define ITBCP_RENDER_PDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "render/doc.h"
#include "util/err.h"

#define PDF_MM(x) ((x) * 72.0 / 25.4)
#define PDF_A4_W PDF_MM(210.0)
#define PDF_A4_H PDF_MM(297.0)

/* ---- text: one font family, layouts (pdf_text.c) -------------------- */

/* Layout style bits. */
#define PDF_BOLD 0x01u
#define PDF_CENTER 0x02u
#define PDF_RIGHT 0x04u
#define PDF_SPACED 0x08u /* paragraph line spacing */
#define PDF_NOWRAP 0x10u /* one line per '\n', never wrapped */

/* The font family, in order of preference; checked at pdf_text_init. */
#define PDF_FONT_FAMILY "Noto Sans CJK JP,IPAexGothic"

struct pdf_font_cache {
	int size10; /* size in tenths of a point */
	bool bold;
	PangoFontDescription *desc;
};

/* A pango context of its own (thread-safe: nothing shared between renders). */
struct pdf_text {
	PangoFontMap *fm;
	PangoContext *pc;
	struct pdf_font_cache fonts[24];
	size_t n_fonts;
	int unknown_glyphs; /* summed over every layout made */
};

/* Makes the font map and context and checks the font is installed:
 * 0, or -1 with e set. */
int pdf_text_init(struct pdf_text *t, struct err *e);
void pdf_text_release(struct pdf_text *t);

/* A layout of text at size points, wrapped at width points (<= 0: no
 * wrapping), in style (PDF_*).  g_object_unref() it. */
PangoLayout *pdf_text_layout(struct pdf_text *t, const char *text, double size, unsigned style,
			     double width);
/* The same for a placeholder: text, then on its own line "※ note" in
 * smaller type (note may be NULL).  The caller draws it in grey. */
PangoLayout *pdf_text_layout_note(struct pdf_text *t, const char *text, const char *note,
				  double size, unsigned style, double width);
/* Height and width of a layout, in points (logical extents). */
double pdf_layout_h(PangoLayout *l);
double pdf_layout_w(PangoLayout *l);
/* Draws l with its top-left corner at x, y. */
void pdf_show(cairo_t *cr, PangoLayout *l, double x, double y);

/* ---- the typesetter (pdf.c) ----------------------------------------- */

/* A heading, for the contents and the bookmarks (text borrowed from the doc). */
struct pdf_mark {
	int level;
	const char *number;
	const char *text;
	size_t page; /* body page index, from 0 */
	double y;
};

/* The typesetter: lays the body out once, drawing on the PDF surface. */
struct pdf {
	const struct doc *doc;
	struct pdf_text text;
	cairo_surface_t *out; /* the PDF surface */
	cairo_t *out_cr;
	int body0;          /* printed page number of body page 0 */
	size_t n_pages;     /* body pages begun so far */
	struct pdf_mark *marks;
	size_t n_marks, cap_marks;
	cairo_t *cr;      /* what blocks draw on (out_cr) */
	bool landscape;   /* of the current page */
	double page_w, page_h;
	double x0, tw;    /* text area: left edge and width */
	double top, bottom;
	double y;         /* where the next block goes */
	bool fresh;       /* nothing drawn on this page yet */
};

/* Starts a new body page (portrait or landscape). */
void pdf_new_page(struct pdf *p, bool landscape);
/* Makes sure h points fit below y, starting a new page when not (unless
 * the page is still empty). */
void pdf_need(struct pdf *p, double h);
/* Switches to the orientation, on a new page when it changes. */
void pdf_orient(struct pdf *p, bool landscape);
/* Sets the drawing colour to grey level g (0 black, 1 white). */
void pdf_grey(cairo_t *cr, double g);

/* Typesets one table (pdf_table.c). */
void pdf_table(struct pdf *p, const struct doc_table *t);

#endif
