/*
 * gzip.h — compressing large answers for clients that accept gzip
 * (server.c).
 *
 * Why: the incident board of a large agency is a few hundred kilobytes of
 * HTML (one row per person called), read on phones over a congested
 * network; gzip makes it about a tenth.  Small answers are sent as they
 * are: compressing a check-in answer or the dashboard would cost more CPU
 * than the bytes are worth on loopback or a LAN (GZIP_MIN).
 */
#ifndef ITBCP_WEB_HTTP_GZIP_H
#define ITBCP_WEB_HTTP_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Bodies from this size up are compressed when the client accepts gzip. */
#define GZIP_MIN (32 * 1024)

/* Whether an Accept-Encoding header value (may be NULL) accepts gzip:
 * "gzip" or "x-gzip" or "*" listed without q=0 (RFC 9110 §12.5.3). */
bool gzip_accepted(const char *accept_encoding);

/* Whether answers of this Content-Type are worth compressing (text). */
bool gzip_worth(const char *content_type);

/* Compresses n bytes at in into out (reset first) as one gzip member.
 * 0, or -1 when zlib fails (out is then empty). */
int gzip_compress(const char *in, size_t n, struct buf *out);

#endif
