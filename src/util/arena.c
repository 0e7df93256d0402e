/*
 * arena.c — see arena.h.  Chunks of 8 KiB (or one chunk for a larger
 * request) in a singly linked list, filled by bumping an offset.
 */
#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define CHUNK_SIZE 8192
#define ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

/* n bytes, aligned, not zeroed (what arena_alloc zeroes). */
static void *alloc_raw(struct arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n)
		BUG("arena: size overflow");
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		size_t size = need > CHUNK_SIZE / 2 ? need : CHUNK_SIZE;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		if (size == need && a->head) {
			/* A big block: keep filling the current chunk afterwards. */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = c->data + c->used;
	c->used += need;
	a->total += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return memset(alloc_raw(a, n), 0, n);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = alloc_raw(a, n + 1); /* every byte written below */
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* One pass when the text fits in the room the current chunk has (the
	 * usual case: short strings); else measure, then write. */
	struct arena_chunk *c = a->head;
	size_t room = c ? c->size - c->used : 0;
	char *p = c ? (char *)c->data + c->used : NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(p, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("arena_printf: bad format '%s'", fmt);
	if ((size_t)n < room) {
		size_t need = ((size_t)n + 1 + ALIGN - 1) & ~(size_t)(ALIGN - 1);
		if (need > room)
			need = room; /* the chunk's end is not aligned; nothing follows */
		c->used += need;
		a->total += need;
		return p;
	}
	p = alloc_raw(a, (size_t)n + 1); /* vsnprintf writes it all */
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}
