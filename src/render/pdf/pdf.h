/*
 * pdf.h — the document model (doc.h) typeset as PDF with cairo + pango.
 *
 * The PDF is laid out by this program, not printed by a browser: A4
 * portrait pages (wide tables on landscape pages), a title page, a table
 * of contents with page numbers and links, PDF bookmarks, a running
 * header and page numbers, Japanese line breaking (pango with language
 * "ja"), tables that split across pages with their header rows (and the
 * sub-header in force) repeated, headings kept with what follows them,
 * table headers broken between words, no type under 6.5 pt, and figures
 * drawn from their SVG with librsvg.  One font family is set
 * explicitly (Noto Sans CJK JP, else IPAexGothic) and embedded as a subset.
 *
 * How it works (pdf.c): one pass.  The length of the contents is measured
 * from the headings first, so the body's page numbers are known; the body
 * is laid out once and drawn straight into the PDF, noting each heading's
 * page; the contents are drawn last and then moved behind the title page
 * by permuting the page tree in place.  Every text is laid out once, and
 * a short text repeated (a table's "●", "1", "〇〇") is shaped once for
 * the whole render (pdf_text.c).  A table's text, fills and rules are
 * gathered per page and drawn in a few calls (pdf_table.c): cairo's cost
 * is per call and per number written, not per glyph.  A table too wide
 * for the page is printed in column bands with its key columns repeated.
 *
 * Every function here is safe to call from several threads at once: each
 * render has its own pango font map.  Memory is bounded by one table row
 * group of layouts, the layout cache (a fixed number of short texts) and
 * one page's worth of gathered text and rules, plus cairo's current page;
 * the PDF itself is built in memory (struct buf) before it is written.
 */
#ifndef ITBCP_RENDER_PDF_PDF_H
#define ITBCP_RENDER_PDF_PDF_H

#include "render/doc.h"
#include "util/buf.h"
#include "util/err.h"

/* What a render produced, for tests and the benchmark. */
struct pdf_stats {
	int pages;          /* pages in the file, title and contents included */
	int unknown_glyphs; /* characters no font had (tofu): 0 in a good render */
};

/* Typesets d and appends the PDF to out.  0, or -1 with e set (out may
 * then hold a partial file: discard it).  stats may be NULL. */
int render_pdf_buf(const struct doc *d, struct buf *out, struct pdf_stats *stats, struct err *e);

/* Typesets d into the file at path (written atomically: the old file or
 * the whole new one).  0, or -1 with e set. */
int render_pdf(const struct doc *d, const char *path, struct err *e);

/* Releases the font caches that fontconfig, pango and cairo keep for the
 * life of the process, so a leak checker sees only real leaks.  Call once
 * at exit, when no render runs and none will (tests, the CLI). */
void render_pdf_shutdown(void);

#endif
