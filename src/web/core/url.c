/*
 * url.c — percent-encoding (url.h).
 */
#include "web/core/url.h"

#include <string.h>

#include "util/arena.h"

void url_encode_buf(struct buf *b, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr(keep, c)))
			buf_addc(b, (char)c);
		else
			buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* s encoded keeping keep, copied into r's arena (the buffer is freed). */
static const char *encode_in_arena(struct req *r, const char *s, const char *keep)
{
	struct buf b = BUF_INIT;
	url_encode_buf(&b, s, keep);
	const char *out = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return out;
}

const char *url_encode(struct req *r, const char *s)
{
	return encode_in_arena(r, s, URL_UNRESERVED "/");
}

const char *url_encode_segment(struct req *r, const char *s)
{
	return encode_in_arena(r, s, URL_UNRESERVED);
}
