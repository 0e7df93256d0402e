/*
 * svg.c — the SVG writer of the web face (svg.h).
 *
 * A thin layer over html.c's escaping formatter: SVG inline in HTML uses
 * the same five entities, so one escaping function serves both.  Text is
 * fitted by display width (kanji two columns) because SVG text does not
 * wrap and the server cannot measure fonts.
 */
#include "web/core/svg.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "util/utf8.h"
#include "web/core/html.h"

void svg(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_bufv(b, fmt, ap);
	va_end(ap);
}

void svg_open(struct buf *b, const char *id, const char *cls, int w, int h, const char *title,
	      const char *desc)
{
	svg(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	       "height=\"%d\" class=\"%s\" role=\"img\" aria-labelledby=\"%s-t%s%s\">"
	       "<title id=\"%s-t\">%s</title>",
	    w, h, w, h, cls ? cls : "chart", id, desc ? " " : "", desc ? id : "", id, title);
	if (desc)
		svg(b, "<desc id=\"%s\">%s</desc>", id, desc);
}

void svg_close(struct buf *b)
{
	buf_adds(b, "</svg>\n");
}

void svg_rect(struct buf *b, int x, int y, int w, int h, const char *fill)
{
	svg(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x, y, w, h,
	    fill);
}

void svg_fit(struct buf *out, const char *s, size_t max_cols)
{
	buf_reset(out);
	size_t cols = 0, len = strlen(s);
	if (max_cols == 0 || utf8_width(s) <= max_cols) {
		for (const char *p = s; *p; p++)
			buf_addc(out, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
		return;
	}
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, &cp);
		int w = utf8_cp_width(cp);
		if (cols + (size_t)(w > 0 ? w : 0) + 1 > max_cols)
			break;
		if (cp == '\n' || cp == '\r' || cp == '\t')
			buf_addc(out, ' ');
		else
			buf_add(out, s + i, n);
		cols += (size_t)(w > 0 ? w : 0);
		i += n;
	}
	buf_adds(out, "…");
}

void svg_text(struct buf *b, int x, int y, const char *anchor, int size, const char *fill,
	      size_t max_cols, const char *s)
{
	struct buf t = BUF_INIT;
	svg_fit(&t, s ? s : "", max_cols);
	svg(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>", x,
	    y, anchor, size, fill, t.data);
	buf_release(&t);
}
