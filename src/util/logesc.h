/*
 * logesc.h — one field of a log line, made safe to write.
 *
 * What a client sends (a path, an account name) ends up in the server's
 * log.  Written raw, a CR or LF in it (a path's %0D%0A, decoded by the
 * HTTP library) forges a whole log line, a terminal escape rewrites what
 * an operator sees, and a space shifts the fields a script reads.  So
 * every byte that is not printable is written as an escape: C0 controls,
 * the space, '"', '\\' and DEL as \xHH; bytes that are not well-formed
 * UTF-8 as \xHH; C1 controls, the line and paragraph separators and the
 * bidirectional controls (which reorder what a terminal shows) as \u{HHHH}.
 * Other UTF-8 — Japanese names and paths — is kept as is, to stay
 * readable.
 */
#ifndef ITBCP_UTIL_LOGESC_H
#define ITBCP_UTIL_LOGESC_H

#include <stddef.h>

#include "util/buf.h"

/* Appends s[0..len), at most max bytes of it ("…" marks a cut), to out,
 * escaped as above. */
void logesc_append(struct buf *out, const char *s, size_t len, size_t max);

#endif
