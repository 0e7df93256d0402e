/*
 * plan_target.h — how every handler of a kind or of one element of the
 * plan begins: the kind the URL names, the cached plan, the element the
 * URL names — or the 404 answer, already made.
 *
 * The pages (page_plan.c) and the JSON API (api_plan.c) begin alike and
 * differ only in how they refuse (an HTML page or a JSON error of their
 * own shape) and in their words; each says that once, in a struct
 * plan_target_style.  The organisation is never a kind: it is one object,
 * with routes of its own in both (/plan/organisation,
 * /api/v1/organisation).
 *
 * A handler, after its role check:
 *
 *     struct plan_target t;
 *     if (!plan_target_element(r, &pages, &t))
 *             return t.rc;
 */
#ifndef ITBCP_WEB_CORE_PLAN_TARGET_H
#define ITBCP_WEB_CORE_PLAN_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "model/plan.h"
#include "model/schema.h"
#include "web/core/req.h"

/* How a family of handlers names kinds and answers "not found". */
struct plan_target_style {
	/* Replaces r's answer by a refusal with status and message. */
	void (*refuse)(struct req *r, int status, const char *message);
	/* The 404 messages: no such kind, no such element (Japanese, English). */
	const char *no_kind_ja, *no_kind_en, *no_element_ja, *no_element_en;
};

/* What the URL of a plan handler names. */
struct plan_target {
	const struct entity_def *e; /* the kind (the route's first parameter) */
	const struct plan *p;       /* store_plan_cached(): borrowed, until the next call on r->store */
	const void *elem;           /* the element (the second parameter), or NULL */
	size_t index;               /* its position among the elements of e */
	int rc;                     /* when a call returns false: what the handler returns */
};

/* Fills t with the kind (never the organisation) and the cached plan.
 * False when the handler must return t->rc at once: 0 with a 404 answer
 * made (no such kind), or -1
 * with r->err set (the plan could not be read). */
bool plan_target_kind(struct req *r, const struct plan_target_style *s, struct plan_target *t);

/* The element of kind t->e (after plan_target_kind) that the route's
 * second parameter names into t->elem and t->index; false with a 404
 * answer and t->rc 0 when there is none. */
bool plan_target_find(struct req *r, const struct plan_target_style *s, struct plan_target *t);

/* plan_target_kind, then plan_target_find. */
bool plan_target_element(struct req *r, const struct plan_target_style *s, struct plan_target *t);

/* Stores elem (validated, of kind t->e) as t's element: over t->elem
 * (element t->index, or the organisation), or as a new one when t->elem
 * is NULL, with the audit entry in r's person's name and a summary (what
 * changed, or the new one's name).  element_store's 0, 1 (refused, the
 * reason in err) or -1. */
int plan_target_store(struct req *r, const struct plan_target *t, const void *elem,
		      struct err *err);

#endif
