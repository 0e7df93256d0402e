/*
 * element_store.h — one plan element at a time: insert, update, delete,
 * move, for every kind, written once against schema.c's field table.
 *
 * The web pages and the JSON API change the plan one element at a time
 * (import replaces it whole: store_replace_plan).  Each change runs in one
 * transaction together with its audit entry (users_audit_add: actor,
 * "create" / "update" / "delete" / "move", "kind/key", a short summary)
 * and is committed and synced (synchronous=FULL) before the call returns
 * 0, so a page may say 保存しました.  Callers validate the element first
 * (plan_element_read); the database's keys and foreign keys are the
 * backstop against a change that raced with another.
 *
 * An element is named by the element as it is in the plan (`old`): its id,
 * or for kinds without one (role_holders, assessments …) its key fields.
 * Elements keep the planner's order (the pos column): a new one goes last.
 *
 * Return values: 0 done; 1 refused for a reason the person can act on
 * (message in e, in lang: another element refers to it, or its key is
 * taken), nothing changed; -1 a database failure (message in e), nothing
 * changed.
 */
#ifndef ITBCP_STORE_ELEMENT_STORE_H
#define ITBCP_STORE_ELEMENT_STORE_H

#include <stddef.h>

#include "model/plan.h"
#include "model/schema.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

/* Adds elem of kind e after the last one. */
int element_store_insert(struct store *st, const struct entity_def *e, const void *elem,
			 const char *actor, const char *summary, enum lang lang, struct err *err);

/* Adds elem of kind e after the last one (the organisation: its row)
 * inside the caller's transaction: no audit entry, no commit.  0, or -1
 * with the message in err.  For writers whose change to the plan is part
 * of a larger one (closing a drill adds its training record). */
int element_store_append(struct store *st, const struct entity_def *e, const void *elem,
			 struct err *err);

/* Replaces old (an element of p) by elem, keeping its place.  A changed id
 * is refused (1) while other elements refer to the old one.  For the
 * organisation (e == &schema_organisation) old is ignored. */
int element_store_update(struct store *st, const struct plan *p, const struct entity_def *e,
			 const void *old, const void *elem, const char *actor, const char *summary,
			 enum lang lang, struct err *err);

/* Deletes old (an element of p); refused (1, naming them) while other
 * elements of p refer to it. */
int element_store_delete(struct store *st, const struct plan *p, const struct entity_def *e,
			 const void *old, const char *actor, enum lang lang, struct err *err);

/* Moves old one place up (dir < 0) or down (dir > 0) among its kind;
 * nothing happens at either end. */
int element_store_move(struct store *st, const struct entity_def *e, const void *old, int dir,
		       const char *actor, struct err *err);

/* The elements of p that refer to elem (of kind e), one "label: name" per
 * line appended to out, at most max lines (then "…").  Returns how many
 * there are in all; 0 for kinds without an id. */
size_t element_referrers(const struct plan *p, const struct entity_def *e, const void *elem,
			 enum lang lang, struct buf *out, size_t max);

/* A person's name for elem: its name or title field, else its key. */
void element_display_name(const struct plan *p, const struct entity_def *e, const void *elem,
			  struct buf *out);

#endif
