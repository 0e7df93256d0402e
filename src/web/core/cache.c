/*
 * cache.c — bytes derived from the plan, per thread (cache.h).
 *
 * A handful of entries at most (the dashboard in two languages, the
 * documents people asked for, pages of lists, a list's search index), so
 * a list searched in order is enough.
 * Beside the bytes, two derived values that many pages read in part (a
 * page of a list): every system's RTO and the plan check's findings.
 */
#include "web/core/cache.h"

#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "store/store.h"
#include "util/xalloc.h"

struct cache_entry {
	char *key;
	char *data; /* the bytes (NUL after them), or the object */
	size_t len; /* bytes, or what the object holds (counted as bytes) */
	void (*free_obj)(void *); /* an object's destructor; NULL for bytes */
	unsigned long long seq;   /* when it was put: the oldest search goes first */
};

struct cache {
	struct civil_date day; /* the day in Japan the entries were made on */
	struct cache_entry *v;
	size_t n, cap;
	size_t bytes;
	size_t searches;         /* entries under CACHE_SEARCH_PREFIX */
	unsigned long long seq;  /* entries put so far */
	const struct plan *plan;   /* the plan the cache hangs on */
	struct system_rto *rtos;   /* every system's R1/R2, or NULL: not yet made */
	struct findings *findings; /* plan_check of findings_day, or NULL */
	struct civil_date findings_day;
};

/* Frees one entry's key and data. */
static void entry_release(struct cache_entry *e)
{
	free(e->key);
	if (e->free_obj)
		e->free_obj(e->data);
	else
		free(e->data);
}

/* Frees every entry; the cache stays usable. */
static void cache_clear(struct cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		entry_release(&c->v[i]);
	c->n = 0;
	c->bytes = 0;
	c->searches = 0;
}

/* The store's destructor for the cache (store_plan_set_derived). */
static void cache_free(void *p)
{
	struct cache *c = p;
	cache_clear(c);
	free(c->v);
	free(c->rtos);
	if (c->findings) {
		findings_release(c->findings);
		free(c->findings);
	}
	free(c);
}

/* This thread's cache for the plan it holds, emptied when the day changed;
 * NULL for a request without a database. */
static struct cache *cache_of(struct req *r)
{
	if (!r->store)
		return NULL;
	const struct plan *plan = r->store->cache; /* the plan store_plan_cached last gave */
	struct cache *c = store_plan_derived(r->store);
	struct civil_date today = civil_date_today();
	if (!c) {
		c = xcalloc(1, sizeof *c);
		c->plan = plan;
		store_plan_set_derived(r->store, c, cache_free);
	} else if (c->day.y != today.y || c->day.m != today.m || c->day.d != today.d) {
		cache_clear(c);
	}
	c->day = today;
	return c;
}

/* The entry kept under key in c, or NULL. */
static struct cache_entry *entry_of(struct cache *c, const char *key)
{
	for (size_t i = 0; c && i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return &c->v[i];
	return NULL;
}

const char *cache_get(struct req *r, const char *key, size_t *len)
{
	struct cache_entry *e = entry_of(cache_of(r), key);
	if (!e || e->free_obj)
		return NULL;
	*len = e->len;
	return e->data;
}

/* True when key is a search's (CACHE_SEARCH_PREFIX). */
static bool is_search(const char *key)
{
	return strncmp(key, CACHE_SEARCH_PREFIX, sizeof CACHE_SEARCH_PREFIX - 1) == 0;
}

/* Drops entry e of c. */
static void entry_drop(struct cache *c, struct cache_entry *e)
{
	c->bytes -= e->len;
	c->searches -= is_search(e->key);
	entry_release(e);
	*e = c->v[--c->n];
}

/* Keeps entry x (key, data, len, free_obj) in c, replacing one under the
 * same key; the oldest search dropped first when x is one too many, and c
 * emptied first when it would pass CACHE_TOTAL_MAX. */
static void entry_put(struct cache *c, struct cache_entry x)
{
	struct cache_entry *old = entry_of(c, x.key);
	if (old)
		entry_drop(c, old);
	if (is_search(x.key) && c->searches >= CACHE_SEARCH_MAX) {
		struct cache_entry *oldest = NULL;
		for (size_t i = 0; i < c->n; i++)
			if (is_search(c->v[i].key) && (!oldest || c->v[i].seq < oldest->seq))
				oldest = &c->v[i];
		if (oldest)
			entry_drop(c, oldest);
	}
	if (c->bytes + x.len > CACHE_TOTAL_MAX)
		cache_clear(c);
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	x.seq = ++c->seq;
	c->v[c->n++] = x;
	c->bytes += x.len;
	c->searches += is_search(x.key);
}

void cache_put(struct req *r, const char *key, const char *data, size_t len)
{
	struct cache *c = cache_of(r);
	/* a page that passed REQ_OUT_MAX was cut short and becomes a 500 */
	if (!c || len > CACHE_ENTRY_MAX || r->out.overflow)
		return;
	char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	entry_put(c, (struct cache_entry){ xstrdup(key), copy, len, NULL, 0 });
}

void *cache_obj_get(struct req *r, const struct plan *p, const char *key)
{
	struct cache *c = cache_of(r);
	if (!c || !p || c->plan != p)
		return NULL;
	struct cache_entry *e = entry_of(c, key);
	return e && e->free_obj ? e->data : NULL;
}

bool cache_obj_put(struct req *r, const struct plan *p, const char *key, void *obj, size_t bytes,
		   void (*free_obj)(void *))
{
	struct cache *c = cache_of(r);
	if (!c || !p || c->plan != p || bytes > CACHE_ENTRY_MAX)
		return false;
	entry_put(c, (struct cache_entry){ xstrdup(key), obj, bytes, free_obj, 0 });
	return true;
}

const struct system_rto *cache_system_rtos(struct req *r, const struct plan *p)
{
	struct cache *c = cache_of(r);
	if (c && c->plan == p && p) {
		if (!c->rtos) {
			c->rtos = xcalloc(p->n_systems ? p->n_systems : 1, sizeof *c->rtos);
			system_rto_compute_all(p, c->rtos);
		}
		return c->rtos;
	}
	struct system_rto *v = arena_alloc(&r->arena, (p->n_systems ? p->n_systems : 1) * sizeof *v);
	system_rto_compute_all(p, v);
	return v;
}

void cache_system_rto(struct req *r, const struct plan *p, const struct system *s, struct system_rto *out)
{
	if (p->n_systems && s >= p->systems && s < p->systems + p->n_systems)
		*out = cache_system_rtos(r, p)[s - p->systems];
	else
		system_rto_compute(p, s, out);
}

const struct findings *cache_findings(struct req *r, const struct plan *p)
{
	struct cache *c = cache_of(r);
	if (!c || !p || c->plan != p)
		return NULL;
	struct civil_date today = civil_date_today();
	if (c->findings && (c->findings_day.y != today.y || c->findings_day.m != today.m ||
			    c->findings_day.d != today.d)) {
		findings_release(c->findings);
		free(c->findings);
		c->findings = NULL;
	}
	if (!c->findings) {
		c->findings = xcalloc(1, sizeof *c->findings);
		*c->findings = (struct findings)FINDINGS_INIT;
		plan_check(p, today, c->findings);
		c->findings_day = today;
	}
	return c->findings;
}
