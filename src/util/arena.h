/*
 * arena.h — the per-request memory pool.
 *
 * Everything a request needs for its own lifetime (parsed headers, form
 * fields, strings built for the page) is allocated from r->arena and
 * released at once when the request ends: no frees, no leaks per call site.
 * Allocation never fails (like xmalloc, out of memory aborts).  ARENA_INIT
 * is an empty arena; arena_release() may be called any number of times.
 * An arena belongs to one request, hence to one thread at a time.
 */
#ifndef ITBCP_UTIL_ARENA_H
#define ITBCP_UTIL_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* the chunk being filled; older ones follow */
	size_t total;             /* bytes handed out, for limits and tests */
};
#define ARENA_INIT { NULL, 0 }

/* n bytes, aligned for any type, zeroed.  Lives until arena_release(). */
void *arena_alloc(struct arena *a, size_t n);
/* Copies of s / of s[0..n) with a NUL after. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A formatted string. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every chunk; the arena is empty and usable again. */
void arena_release(struct arena *a);

#endif
