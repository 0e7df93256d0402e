/*
 * html.h — writing HTML that is escaped by construction.
 *
 * html(r, fmt, …) appends to the response like printf, except that every
 * %s argument is HTML-escaped (& < > " ' become entities), so a value from
 * the plan or the request can never become markup.  The format string is
 * the trusted markup: it must be a literal (-Wformat-nonliteral makes
 * anything else a compile error) and gcc still checks the arguments.
 * Markup that is itself built at run time goes through the separately
 * named html_raw(), which is for fragments this program made, never for
 * input.  Attribute values are always written in double quotes, so the
 * same escaping serves text and attributes.
 *
 * Conversions understood: %s %d %i %u %x with l, ll, z or j, an optional
 * 0 flag and width, and %%.  Anything else is a programmer error (BUG).
 */
#ifndef ITBCP_WEB_CORE_HTML_H
#define ITBCP_WEB_CORE_HTML_H

#include <stdarg.h>

#include "util/buf.h"
#include "web/core/req.h"

void html(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_v(struct req *r, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s, escaped. */
void html_text(struct req *r, const char *s);
/* Appends markup this program built (never input) as it is. */
void html_raw(struct req *r, const char *markup);

/* The escaping itself, into any buffer. */
void html_escape(struct buf *b, const char *s);
/* Like html(), into any buffer. */
void html_bufv(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void html_buf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
