/*
 * svg.h — SVG drawn by the server, escaped by construction.
 *
 * The dashboard's charts and the dependency graph are SVG elements written
 * inline into the page.  Every call here writes into a struct buf (usually
 * r->out); as with html(), every %s argument is escaped (& < > " '), so
 * plan text can never become markup, and the format string is the trusted
 * part (a literal, checked by gcc).  Coordinates are integers in the
 * viewBox's units.  Colours are presentation attributes (fill="…"), not
 * style attributes, so the page's Content-Security-Policy (style-src
 * 'self') leaves them alone.
 */
#ifndef ITBCP_WEB_CORE_SVG_H
#define ITBCP_WEB_CORE_SVG_H

#include <stddef.h>

#include "util/buf.h"

/* Like printf into b, every %s escaped (see html.h for the conversions). */
void svg(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens an <svg> of viewBox 0 0 w h, role="img", labelled by its <title>
 * (and described by desc when not NULL); id makes the ids of the title and
 * description unique on the page.  cls is the element's class (may be
 * NULL).  Close it with svg_close(). */
void svg_open(struct buf *b, const char *id, const char *cls, int w, int h, const char *title,
	      const char *desc);
void svg_close(struct buf *b);

/* A rectangle filled with fill (a colour literal such as "#0b57a4"). */
void svg_rect(struct buf *b, int x, int y, int w, int h, const char *fill);
/* Text at (x, y) — anchor "start", "middle" or "end", size in units, fill
 * a colour — with s escaped and line breaks shown as spaces.  Text wider
 * than max_cols display columns (a kanji counts two; 0: no limit) is cut
 * with "…". */
void svg_text(struct buf *b, int x, int y, const char *anchor, int size, const char *fill,
	      size_t max_cols, const char *s);

/* s cut to at most max_cols display columns, "…" marking the cut, into out
 * (which is reset first). */
void svg_fit(struct buf *out, const char *s, size_t max_cols);

#endif
