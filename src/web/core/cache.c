/*
 * cache.c — bytes derived from the plan, per thread (cache.h).
 *
 * A handful of entries at most (the dashboard in two languages, the
 * documents people asked for), so a list searched in order is enough.
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
	char *data;
	size_t len;
};

struct cache {
	struct civil_date day; /* the day in Japan the entries were made on */
	struct cache_entry *v;
	size_t n, cap;
	size_t bytes;
	const struct plan *plan;   /* the plan the cache hangs on */
	struct system_rto *rtos;   /* every system's R1/R2, or NULL: not yet made */
	struct findings *findings; /* plan_check of findings_day, or NULL */
	struct civil_date findings_day;
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
