/*
 * html.c — the escaping writer (html.h).
 *
 * The formatter walks the format string; literal runs are copied, %s
 * arguments go through html_escape(), numbers through snprintf with the
 * same conversion rebuilt from its parts.
 */
#include "web/core/html.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/xalloc.h"

void html_escape(struct buf *b, const char *s)
{
	/* strcspn finds the next character to escape many bytes at a time;
	 * most text has none. */
	for (;;) {
		size_t run = strcspn(s, "&<>\"'");
		buf_add(b, s, run);
		s += run;
		const char *ent;
		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: return; /* the end */
		}
		buf_adds(b, ent);
		s++;
	}
}

/* The number conversions rebuild their spec at run time from the literal
 * format gcc has already checked. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void html_bufv(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_adds(b, p);
			break;
		}
		buf_add(b, p, (size_t)(pct - p));
		const char *q = pct + 1;
		if (*q == '%') {
			buf_addc(b, '%');
			p = q + 1;
			continue;
		}
		char spec[16];
		size_t k = 0;
		spec[k++] = '%';
		while (*q == '0' || (*q >= '1' && *q <= '9')) {
			if (k >= 8)
				BUG("html: width too long in '%s'", fmt);
			spec[k++] = *q++;
		}
		int lng = 0; /* 1 l, 2 ll, 3 z, 4 j */
		if (q[0] == 'l' && q[1] == 'l') {
			lng = 2;
			q += 2;
		} else if (*q == 'l') {
			lng = 1;
			q++;
		} else if (*q == 'z') {
			lng = 3;
			q++;
		} else if (*q == 'j') {
			lng = 4;
			q++;
		}
		char conv = *q;
		if (conv == 's') {
			if (k != 1 || lng)
				BUG("html: %%s takes no width or length in '%s'", fmt);
			const char *s = va_arg(ap, const char *);
			html_escape(b, s ? s : "");
		} else if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x') {
			bool sgn = conv == 'd' || conv == 'i';
			spec[k++] = 'j';
			spec[k++] = sgn ? 'd' : conv;
			spec[k] = '\0';
			if (sgn) {
				intmax_t v;
				switch (lng) {
				case 0: v = va_arg(ap, int); break;
				case 1: v = va_arg(ap, long); break;
				case 2: v = va_arg(ap, long long); break;
				case 3: v = (intmax_t)va_arg(ap, size_t); break;
				default: v = va_arg(ap, intmax_t); break;
				}
				if (k == 3) /* no width: the common case, without printf */
					buf_add_int(b, (long long)v);
				else
					buf_addf(b, spec, v);
			} else {
				uintmax_t v;
				switch (lng) {
				case 0: v = va_arg(ap, unsigned); break;
				case 1: v = va_arg(ap, unsigned long); break;
				case 2: v = va_arg(ap, unsigned long long); break;
				case 3: v = va_arg(ap, size_t); break;
				default: v = va_arg(ap, uintmax_t); break;
				}
				buf_addf(b, spec, v);
			}
		} else {
			BUG("html: unsupported conversion in '%s'", fmt);
		}
		p = q + 1;
	}
}
#pragma GCC diagnostic pop

void html_buf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_bufv(b, fmt, ap);
	va_end(ap);
}

void html_v(struct req *r, const char *fmt, va_list ap)
{
	html_bufv(&r->out, fmt, ap);
}

void html(struct req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_bufv(&r->out, fmt, ap);
	va_end(ap);
}

void html_text(struct req *r, const char *s)
{
	html_escape(&r->out, s ? s : "");
}

void html_raw(struct req *r, const char *markup)
{
	buf_adds(&r->out, markup);
}
