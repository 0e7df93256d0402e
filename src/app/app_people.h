/*
 * app_people.h — applying a staged people import (the HR list a planner
 * previewed) to the plan, as one transaction: the plan is read, the
 * changes computed by the import's rules (app/people_import.h) and
 * compared with what the planner saw, and written, with nothing able to
 * change the people in between.
 */
#ifndef ITBCP_APP_APP_PEOPLE_H
#define ITBCP_APP_APP_PEOPLE_H

#include <stdbool.h>

#include "app/people_import.h"
#include "store/store.h"
#include "util/err.h"
#include "util/lang.h"

enum app_people_outcome {
	APP_PEOPLE_APPLIED, /* written, committed and synced */
	APP_PEOPLE_CHANGED, /* the plan's people changed since the preview: nothing written */
	APP_PEOPLE_DONE,    /* this import was applied already: nothing written */
};

/* Applies table t (staged under token; remove: drop the people it no
 * longer lists) when the changes it makes now have digest, the one the
 * planner saw.  A file with errors in some rows applies its good rows
 * (the digest also covers where the errors are, so only from a preview
 * that showed them); one with no good row applies nothing.  d receives
 * the changes as computed now (release it), for
 * the page to show again when they differ.  0 with *outcome, or -1 on a
 * database error (nothing written). */
int app_people_apply(struct store *st, const char *token, const struct people_table *t,
		     bool remove, const char *digest, const char *actor, const char *filename,
		     enum lang lang, struct people_diff *d, enum app_people_outcome *outcome,
		     struct err *e);

#endif
