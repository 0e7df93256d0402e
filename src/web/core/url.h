/*
 * url.h — percent-encoding, the one encoder for everything a URL carries:
 * query values, path segments and the keys of plan elements (form.c).
 *
 * Letters and digits are always kept; the caller says which punctuation
 * is kept as well, since a query value keeps '/', a path segment does not,
 * and an element key keeps only "-_." (form.h).
 */
#ifndef ITBCP_WEB_CORE_URL_H
#define ITBCP_WEB_CORE_URL_H

#include "util/buf.h"
#include "web/core/req.h"

/* The punctuation RFC 3986 leaves unreserved. */
#define URL_UNRESERVED "-_.~"

/* Appends s to b percent-encoded (%XX, upper case), keeping ASCII letters,
 * digits and the characters of keep as they are. */
void url_encode_buf(struct buf *b, const char *s, const char *keep);
/* s percent-encoded for a URL query value (unreserved characters and '/'
 * kept), in the request's arena. */
const char *url_encode(struct req *r, const char *s);
/* The same for one path segment: '/' encoded too. */
const char *url_encode_segment(struct req *r, const char *s);

#endif
