/*
 * xalloc.h — allocation that never returns NULL, and the two fatal tiers.
 *
 * Out of memory is not a condition this program recovers from: the x*
 * functions print a message and abort.  BUG() marks a programmer error.
 * die() is for CLI and start-up paths only; code reachable from a web
 * request returns -1 with a message instead (doc/hacking.md, errors in three tiers).
 */
#ifndef ITBCP_UTIL_XALLOC_H
#define ITBCP_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Copies of s (s may not be NULL); free() them. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* NULL stays NULL. */
char *xstrdup_or_null(const char *s);

/* Grows *arr (of *cap elements of size elem) to hold at least need. */
void *xgrow(void *arr, size_t *cap, size_t need, size_t elem);

_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
