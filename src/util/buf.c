/* buf.c — see buf.h. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

char buf_empty_string[1];

void buf_init(struct buf *b, size_t max)
{
	*b = (struct buf)BUF_INIT;
	b->max = max;
}

void buf_release(struct buf *b)
{
	size_t max = b->max;
	if (b->cap)
		free(b->data);
	buf_init(b, max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	/* Never write into the shared empty string: it is one byte every
	 * thread's empty buffer points at (git's strbuf_slopbuf rule), and it
	 * is already NUL. */
	if (b->cap)
		b->data[0] = '\0';
	b->overflow = false;
}

/* Makes room for len more bytes and the NUL; -1 when the cap forbids it. */
static int reserve(struct buf *b, size_t len)
{
	if (b->max && (len > b->max || b->len > b->max - len)) {
		b->overflow = true;
		return -1;
	}
	size_t need = b->len + len + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap) {
		b->data = xrealloc(b->data, cap);
	} else {
		b->data = xmalloc(cap);
		b->data[0] = '\0';
	}
	b->cap = cap;
	return 0;
}

int buf_reserve(struct buf *b, size_t n)
{
	bool overflow = b->overflow;
	int rc = reserve(b, n);
	b->overflow = overflow;
	return rc;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	if (len == 0)
		return 0;
	if (reserve(b, len))
		return -1;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_add_int(struct buf *b, long long v)
{
	char t[24], *p = t + sizeof t;
	/* unsigned, so that the most negative value negates without overflow */
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return buf_add(b, p, (size_t)(t + sizeof t - p));
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	/* Into the room there is first: one pass when it fits, as it mostly
	 * does (a second, into room made for the measured length, when not). */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		BUG("bad format '%s'", fmt);
	if ((size_t)n < room && (!b->max || b->len + (size_t)n <= b->max)) {
		b->len += (size_t)n;
		return 0;
	}
	if (room)
		b->data[b->len] = '\0'; /* what did not fit is not added */
	if (reserve(b, (size_t)n))
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int buf_addrep(struct buf *b, const char *s, size_t n)
{
	int r = 0;
	for (size_t i = 0; i < n; i++)
		r |= buf_adds(b, s);
	return r;
}

char *buf_detach(struct buf *b)
{
	char *s = b->cap ? b->data : xstrdup("");
	size_t max = b->max;
	buf_init(b, max);
	return s;
}
