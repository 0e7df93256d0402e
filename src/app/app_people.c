/* app_people.c — see app_people.h. */
#include "app/app_people.h"

#include <string.h>

#include "store/people_store.h"

/* See app_people.h.  store_begin takes the write lock first (BEGIN
 * IMMEDIATE), so the plan read below is the one the changes are written
 * over; people_store_apply's own transaction nests inside as a savepoint
 * and store_commit makes the whole durable once. */
int app_people_apply(struct store *st, const char *token, const struct people_table *t,
		     bool remove, const char *digest, const char *actor, const char *filename,
		     enum lang lang, struct people_diff *d, enum app_people_outcome *outcome,
		     struct err *e)
{
	struct plan p = PLAN_INIT;
	memset(d, 0, sizeof *d);
	if (store_begin(st, e))
		return -1;
	if (store_load_plan(st, &p, e))
		goto fail;
	people_diff_compute(t, &p, remove, lang, d);
	plan_release(&p);
	char now[PEOPLE_DIGEST_HEX];
	people_diff_digest(d, now);
	/* errors: the good rows only, as the preview showed them (the digest
	 * covers where the errors are); nothing when no row is good */
	if ((d->n_err && !d->n) || strcmp(now, digest) != 0) {
		*outcome = APP_PEOPLE_CHANGED;
		store_rollback(st);
		return 0;
	}
	int r = people_store_apply(st, token, d, actor, filename, e);
	if (r < 0)
		goto fail;
	if (r == 1) {
		*outcome = APP_PEOPLE_DONE;
		store_rollback(st);
		return 0;
	}
	if (store_commit(st, e))
		goto fail;
	*outcome = APP_PEOPLE_APPLIED;
	return 0;
fail:
	plan_release(&p);
	store_rollback(st);
	return -1;
}
