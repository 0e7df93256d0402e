/*
 * logesc.c — escaping a log field (logesc.h).
 */
#include "util/logesc.h"

#include <stdbool.h>
#include <stdint.h>

#include "util/utf8.h"

/* The length a UTF-8 sequence starting with byte c claims; 0 if c cannot
 * start one. */
static size_t seq_len(unsigned char c)
{
	return c < 0x80             ? 1
	       : (c & 0xE0) == 0xC0 ? 2
	       : (c & 0xF0) == 0xE0 ? 3
	       : (c & 0xF8) == 0xF0 ? 4
				    : 0;
}

/* Code points that are not control bytes yet change what a reader sees:
 * C1 controls, LS and PS (line breaks to some viewers), the bidi
 * embeddings, overrides and isolates, and the BOM. */
static bool invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

void logesc_append(struct buf *out, const char *s, size_t len, size_t max)
{
	size_t i = 0;
	if (!s)
		s = "";
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = seq_len(c);
		if (i + (n ? n : 1) > max) {
			buf_adds(out, "…");
			return;
		}
		if (n == 1) {
			if (c <= 0x20 || c == '"' || c == '\\' || c == 0x7F)
				buf_addf(out, "\\x%02X", c);
			else
				buf_addc(out, (char)c);
			i++;
			continue;
		}
		if (!n || i + n > len || !utf8_valid(s + i, n)) {
			buf_addf(out, "\\x%02X", c);
			i++;
			continue;
		}
		uint32_t cp;
		utf8_decode(s + i, &cp);
		if (invisible(cp))
			buf_addf(out, "\\u{%04X}", (unsigned)cp);
		else
			buf_add(out, s + i, n);
		i += n;
	}
}
