/*
 * access_log.h — the line `itbcp serve --access-log` writes per request.
 *
 * "ADDRESS METHOD PATH STATUS BYTES", on stderr, one write per line.  Two
 * things a log must not do (issue 15, item 7): keep a credential, and let
 * a client write lines of its own.  A check-in link (/c/TOKEN) is its own
 * credential, so only its first ACCESS_LOG_TOKEN_KEEP characters are kept
 * ("/c/AbCd…": enough to tell two links apart in an incident, far too
 * little to use one); and every field goes through logesc_append
 * (util/logesc.h), so a %0D%0A in a path (decoded by libmicrohttpd) is
 * written as \x0D\x0A, not as a line break.
 */
#ifndef ITBCP_WEB_HTTP_ACCESS_LOG_H
#define ITBCP_WEB_HTTP_ACCESS_LOG_H

#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

#define ACCESS_LOG_TOKEN_KEEP 4
#define ACCESS_LOG_FIELD_MAX 512 /* bytes of a path or method logged; the rest is "…" */

/* Appends path to out as the log shows it: the secret part of a check-in
 * link cut, everything escaped. */
void access_log_path(struct buf *out, const char *path);

/* Writes one line to f (NULL fields as "-"). */
void access_log_write(FILE *f, const char *client, const char *method, const char *path,
		      unsigned status, size_t bytes);

#endif
