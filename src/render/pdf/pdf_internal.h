/*
 * pdf_internal.h — what the PDF writer's files share (pdf.c, pdf_text.c,
 * pdf_table.c) and what the wallet card (card_pdf.c) borrows from them.
 *
 * Units are PDF points (1/72 inch) throughout: the pango context is set to
 * 72 dpi, so a font size in points is a size in cairo units.  y grows
 * downwards, as in cairo.
 */
#ifndef ITBCP_RENDER_PDF_PDF_INTERNAL_H
#define ITBCP_RENDER_PDF_PDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "render/doc.h"
#include "util/buf.h"
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
#define PDF_WORDS 0x20u  /* break between words only (a label; pdf_words.c) */
#define PDF_HANG 0x40u   /* lines after the first start under the text after the
			  * first space (a footnote's 「※1 」): a hanging indent */

/* The smallest type of a printed plan: a remark, a placeholder's reason
 * or a table squeezed by its columns is never set smaller, for 6.5 pt is
 * about the least that reads on paper (issue 16); a table that would need
 * less is printed in column bands.  The wallet card has its own least
 * size (card_pdf.c). */
#define PDF_MIN_SIZE 6.5

/* The font family, in order of preference; checked at pdf_text_init. */
#define PDF_FONT_FAMILY "Noto Sans CJK JP,IPAexGothic"

struct pdf_font_cache {
	int size10; /* size in tenths of a point */
	bool bold;
	PangoFontDescription *desc;
};

/* One remembered layout: the key is the parameters and the text. */
struct pdf_layout_slot {
	uint64_t hash;
	char *key; /* malloc'd: struct pdf_layout_key, then the text */
	size_t key_len;
	uint64_t used;  /* tick of the last use */
	PangoLayout *l; /* one reference held by the cache */
};

/* Slots of the layout cache (a power of two, two per set).  A plan
 * repeats the same cell texts thousands of times ("●", "1", "〇〇",
 * component names): each distinct text, size, style and width is shaped
 * once.  Texts longer than PDF_LAYOUT_CACHED_LEN bytes (and placeholders
 * with their reason) are laid out afresh. */
#define PDF_LAYOUT_SLOTS 4096u
#define PDF_LAYOUT_CACHED_LEN 64

/* Glyphs of one font and grey gathered from many layouts (see
 * pdf_batch_layout). */
struct pdf_batch {
	cairo_scaled_font_t *font; /* referenced; NULL: slot unused */
	double grey;
	cairo_glyph_t *glyphs;
	size_t n, cap;
	cairo_text_cluster_t *clusters;
	size_t n_clusters, cap_clusters;
	struct buf text; /* the UTF-8 the clusters cover */
};

#define PDF_BATCHES 8

/* A pango context of its own (thread-safe: nothing shared between renders). */
struct pdf_text {
	PangoFontMap *fm;
	PangoContext *pc;
	struct pdf_font_cache fonts[24];
	size_t n_fonts;
	struct pdf_layout_slot *cache; /* PDF_LAYOUT_SLOTS, 2-way; NULL until used */
	uint64_t tick;                 /* counts cache uses */
	struct buf key;                /* scratch for building a key */
	struct pdf_batch batch[PDF_BATCHES]; /* text waiting to be drawn */
	int unknown_glyphs;            /* summed over every distinct layout made */
};

/* Makes the font map and context and checks the font is installed:
 * 0, or -1 with e set. */
int pdf_text_init(struct pdf_text *t, struct err *e);
void pdf_text_release(struct pdf_text *t);

/* A layout of text at size points, wrapped at width points (<= 0: no
 * wrapping), in style (PDF_*).  g_object_unref() it.  Layouts are
 * remembered: asking again for the same text, size, style and width
 * returns the same (immutable) layout, shaped once; never change one. */
PangoLayout *pdf_text_layout(struct pdf_text *t, const char *text, double size, unsigned style,
			     double width);
/* The same for a placeholder: text, then on its own line "※ note" in
 * smaller type (note may be NULL).  The caller draws it in grey. */
PangoLayout *pdf_text_layout_note(struct pdf_text *t, const char *text, const char *note,
				  double size, unsigned style, double width);
/* Adds to al, for text[0..len), the attributes that keep each word of
 * a Japanese label on one line (pdf_words.c). */
void pdf_words_attrs(PangoAttrList *al, const char *text, size_t len);
/* size rounded down to a half point.  Every distinct size is a font of
 * its own to fontconfig, pango and cairo (matched, loaded and cached
 * once each): derived sizes go through this to keep them few. */
double pdf_size_step(double size);
/* Height and width of a layout, in points (logical extents). */
double pdf_layout_h(PangoLayout *l);
double pdf_layout_w(PangoLayout *l);
/* Draws l with its top-left corner at x, y. */
void pdf_show(cairo_t *cr, PangoLayout *l, double x, double y);

/* Batched text, for the many short texts of a table.  cairo's cost per
 * call to show glyphs (recording, analysing and writing each call) is
 * far larger than its cost per glyph, and a table cell is a few glyphs:
 * pdf_batch_layout gathers the glyphs of l (top-left corner at x, y, in
 * grey g) by font and grey, and pdf_batch_flush draws each gathered set
 * with one cairo_show_text_glyphs call, clusters and text included (the
 * PDF's text stays searchable and copyable).  Draws on cr only at a flush
 * (or when more fonts are in use than there are batches): flush before
 * drawing anything that may cover the text, and before the page ends.
 * cr's matrix must be the identity, as on the body pages. */
void pdf_batch_layout(struct pdf_text *t, cairo_t *cr, PangoLayout *l, double x, double y,
		      double g);
/* The same for one line of a layout, its baseline at y. */
void pdf_batch_line(struct pdf_text *t, cairo_t *cr, PangoLayoutLine *line, double x, double y,
		    double g);
void pdf_batch_flush(struct pdf_text *t, cairo_t *cr);

/* ---- the typesetter (pdf.c) ----------------------------------------- */

/* A heading, for the contents and the bookmarks (text borrowed from the doc). */
struct pdf_mark {
	int level;
	const char *number;
	const char *text;
	size_t page; /* body page index, from 0 */
	double y;
};

/* Footnotes one page holds at its foot; more are printed where they fall. */
#define PDF_MAX_FOOTNOTES 8

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
	/* Headings not drawn yet: each waits for the block after it, which
	 * says with pdf_need how much of itself must share their page. */
	const struct doc_block *kept[8];
	size_t n_kept;
	double kept_h;    /* their height, the space around them included */
	/* Footnotes (DOC_PARA_FOOTNOTE) of the block being laid out: the next
	 * pdf_need places them on its page, with the block's first lines. */
	const struct doc_block *const *pend;
	size_t n_pend;
	/* Footnotes of this page, drawn at its foot when it ends; p->bottom
	 * is raised by their height as each is placed. */
	PangoLayout *foot[PDF_MAX_FOOTNOTES];
	size_t n_foot;
};

/* Starts a new body page (portrait or landscape). */
void pdf_new_page(struct pdf *p, bool landscape);
/* Makes sure h points fit below y, starting a new page when not (unless
 * the page is still empty).  The headings waiting for this block are
 * counted in and drawn first: a heading never ends a page, and never
 * stands alone on one with what it heads pushed to the next.  So are the
 * block's footnotes, which go to the foot of the page it starts on.  Every
 * block calls it before it draws, with the height of what must stay
 * with its headings (a table's caption, header and first rows, a
 * figure, a paragraph's first lines). */
void pdf_need(struct pdf *p, double h);
/* Switches to the orientation, on a new page when it changes. */
void pdf_orient(struct pdf *p, bool landscape);
/* Sets the drawing colour to grey level g (0 black, 1 white). */
void pdf_grey(cairo_t *cr, double g);
/* Finishes and destroys the PDF surface s (what cairo still has to write
 * goes out now), returning the status it finished with. (pdf.c) */
cairo_status_t pdf_surface_close(cairo_surface_t *s);
/* With ITBCP_TODAY set, rewrites the CreationDate of the PDF that cairo
 * wrote to out[start..] to doc_fixed_time(), so the same plan on the same
 * day gives the same file; otherwise leaves the current time. (pdf.c) */
void pdf_fix_created(struct buf *out, size_t start);

/* Typesets one table (pdf_table.c). */
void pdf_table(struct pdf *p, const struct doc_table *t);

#endif
