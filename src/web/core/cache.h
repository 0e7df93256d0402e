/*
 * cache.h — bytes derived from the plan, kept until the plan changes.
 *
 * Each worker thread keeps the plan it last read (store_plan_cached); the
 * figures and documents made from it only change when the plan does (or
 * the date, for the checks that count days).  So a page or a document
 * that costs real work (the dashboard's views, a PDF, a figure laid out by
 * Graphviz) is made once per thread and plan, kept here by a key the
 * caller chooses ("dash:ja", "doc:pdf:plan:ja:0" …), and served again as
 * bytes.  The entries hang on the store's cached plan
 * (store_plan_set_derived), so they are freed the moment the plan is read
 * again: a hit can never be older than the plan it came from.  They are
 * dropped as well when the day in Japan changes.
 *
 * Never put anything personal here that the request alone supplied (the
 * wallet card's personal part): the cache outlives the request.
 */
#ifndef ITBCP_WEB_CORE_CACHE_H
#define ITBCP_WEB_CORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/check.h"
#include "rules/rules.h"
#include "web/core/req.h"

/* Limits per thread: an entry above CACHE_ENTRY_MAX is not kept, and the
 * whole cache is emptied before it would pass CACHE_TOTAL_MAX. */
#define CACHE_ENTRY_MAX (8u << 20)
#define CACHE_TOTAL_MAX (32u << 20)
/* Entries whose key starts with CACHE_SEARCH_PREFIX (a page of a search,
 * paging_cache_key) are free text from outside: at most CACHE_SEARCH_MAX
 * of them are kept per thread, the oldest dropped first, so searches never
 * crowd the pages and documents out. */
#define CACHE_SEARCH_PREFIX "search:"
#define CACHE_SEARCH_MAX 16

/* The bytes kept under key for r's thread and plan, or NULL (*len is set
 * when found).  Borrowed: valid until the next store_plan_cached() or
 * cache_put() on this thread.  Call store_plan_cached() first: it decides
 * whether the plan, and so the cache, is still current. */
const char *cache_get(struct req *r, const char *key, size_t *len);
/* Keeps a copy of data[0..len) under key (replacing what was there). */
void cache_put(struct req *r, const char *key, const char *data, size_t len);

/* An object derived from plan p (a list's search index, paging.h) kept
 * under key beside the bytes, or NULL: none, or p is not this thread's
 * cached plan.  Borrowed as cache_get's bytes are. */
void *cache_obj_get(struct req *r, const struct plan *p, const char *key);
/* Keeps obj under key, counted as bytes against the limits above, and
 * freed with free_obj when the plan, the day or the room changes.  False
 * when it is not kept (p is not this thread's cached plan, or obj is over
 * CACHE_ENTRY_MAX): obj is then still the caller's to free. */
bool cache_obj_put(struct req *r, const struct plan *p, const char *key, void *obj, size_t bytes,
		   void (*free_obj)(void *));

/* Every system's RTO and tier (R1, R2) for plan p: element i is
 * system_rto_compute's answer for p->systems[i].  Derived once per thread
 * and plan revision when p is the thread's cached plan (store_plan_cached),
 * so a list of 500 systems or 2,000 assessments does not recompute R1 per
 * row and per request; for any other plan (an old version) it is computed
 * into r's arena.  Borrowed until the next store_plan_cached() on this
 * thread (or the end of the request). */
const struct system_rto *cache_system_rtos(struct req *r, const struct plan *p);
/* R1 and R2 for system s of plan p, from cache_system_rtos when s is one of
 * p's systems (else computed), into *out. */
void cache_system_rto(struct req *r, const struct plan *p, const struct system *s,
		      struct system_rto *out);
/* The plan check's findings for p today (plan_check): made once per thread,
 * plan revision and day in Japan when p is the thread's cached plan; NULL
 * otherwise (the caller runs plan_check itself).  Borrowed until the next
 * store_plan_cached() or cache_findings() on this thread. */
const struct findings *cache_findings(struct req *r, const struct plan *p);

#endif
