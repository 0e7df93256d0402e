/*
 * buf.h — the one growable string buffer.
 *
 * Invariants: data is never NULL and always NUL-terminated; len is the number
 * of bytes before that NUL.  A buffer fed by outside input gets a cap (max):
 * appending past it appends nothing, sets overflow and returns -1, so callers
 * can check once at the end (like sqlite3_str).  BUF_INIT is a valid empty
 * buffer with no cap; buf_release() may be called any number of times.
 */
#ifndef ITBCP_UTIL_BUF_H
#define ITBCP_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap; /* 0 while data points at the shared empty string */
	size_t max; /* 0 = no cap */
	bool overflow;
};

extern char buf_empty_string[1];
#define BUF_INIT { buf_empty_string, 0, 0, 0, false }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Makes room for n more bytes in one allocation (a buffer whose usual
 * size is known grows once instead of doubling from 64 bytes); -1 when n
 * more would pass the cap (nothing changes, overflow is not set). */
int buf_reserve(struct buf *b, size_t n);
/* Empties the buffer, keeping its memory and cap. */
void buf_reset(struct buf *b);

int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends v in decimal, as "%lld" would, without the cost of a format
 * (the check-in writer's canonical text has several per report). */
int buf_add_int(struct buf *b, long long v);
/* Appends s repeated n times. */
int buf_addrep(struct buf *b, const char *s, size_t n);

/* Hands the contents to the caller (free() them); b is empty afterwards. */
char *buf_detach(struct buf *b);

#endif
