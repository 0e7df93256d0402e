/*
 * cache.c — bytes derived from the plan, per thread (cache.h).
 *
 * A handful of entries at most (the dashboard in two languages, the
 * documents people asked for), so a list searched in order is enough.
 */
#include "web/core/cache.h"

#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "store/store.h"
#include "util/xalloc.h"

struct cache_entry {
	char *key;
	char *data;
	size_t len;
};

struct cache {
	struct civil_date day; /* the day in Japan the entries were made on */
	struct cache_entry *v;
	size_t n, cap;
	size_t bytes;
};

/* Frees every entry; the cache stays usable. */
static void cache_clear(struct cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].data);
	}
	c->n = 0;
	c->bytes = 0;
}

/* The store's destructor for the cache (store_plan_set_derived). */
static void cache_free(void *p)
{
	struct cache *c = p;
	cache_clear(c);
	free(c->v);
	free(c);
}

/* This thread's cache for the plan it holds, emptied when the day changed;
 * NULL for a request without a database. */
static struct cache *cache_of(struct req *r)
{
	if (!r->store)
		return NULL;
	struct cache *c = store_plan_derived(r->store);
	struct civil_date today = civil_date_today();
	if (!c) {
		c = xcalloc(1, sizeof *c);
		store_plan_set_derived(r->store, c, cache_free);
	} else if (c->day.y != today.y || c->day.m != today.m || c->day.d != today.d) {
		cache_clear(c);
	}
	c->day = today;
	return c;
}

const char *cache_get(struct req *r, const char *key, size_t *len)
{
	struct cache *c = cache_of(r);
	for (size_t i = 0; c && i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0) {
			*len = c->v[i].len;
			return c->v[i].data;
		}
	return NULL;
}

void cache_put(struct req *r, const char *key, const char *data, size_t len)
{
	struct cache *c = cache_of(r);
	/* a page that passed REQ_OUT_MAX was cut short and becomes a 500 */
	if (!c || len > CACHE_ENTRY_MAX || r->out.overflow)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0) {
			c->bytes -= c->v[i].len;
			free(c->v[i].key);
			free(c->v[i].data);
			c->v[i] = c->v[--c->n];
			break;
		}
	if (c->bytes + len > CACHE_TOTAL_MAX)
		cache_clear(c);
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	c->v[c->n++] = (struct cache_entry){ xstrdup(key), copy, len };
	c->bytes += len;
}
