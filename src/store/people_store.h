/*
 * people_store.h — the storage of a people import: the upload staged
 * between its preview and its apply, and the apply itself.
 *
 * The preview page stages the upload (normalised to UTF-8 CSV) under a
 * random token that only its form carries; apply reads it back by token
 * and user, so what is applied is exactly what was previewed, whatever the
 * browser sends.  Staged uploads older than a day are swept, and so is an
 * account's unapplied preview when it uploads again (one preview per
 * account; an applied upload keeps only its row, not its text).  Apply writes
 * every added, changed and removed person, marks the staged upload as
 * applied and records "people.import" in the audit log, all in one
 * transaction: on any failure nothing has changed.
 *
 * Every function returns 0 on success and -1 with e filled on a database
 * error, unless written otherwise.
 */
#ifndef ITBCP_STORE_PEOPLE_STORE_H
#define ITBCP_STORE_PEOPLE_STORE_H

#include <stdbool.h>

#include "model/people_diff.h"
#include "store/store.h"
#include "util/err.h"

#define PEOPLE_TOKEN_LEN 43

/* Stages csv for user; token (PEOPLE_TOKEN_LEN + 1 bytes) receives its name. */
int people_store_stage(struct store *st, const char *user, const char *filename,
		       bool remove_missing, const char *csv, char *token, struct err *e);

/* The staged upload token of user, not yet applied: *csv and *filename
 * malloc'ed (free()).  1 when there is none (unknown, another user's,
 * applied, or swept). */
int people_store_staged(struct store *st, const char *token, const char *user, char **csv,
			char **filename, bool *remove_missing, struct err *e);

/* Applies d (which must have no errors) and marks token applied, recorded
 * as "people.import" by actor.  1 (changing nothing) when token was applied
 * meanwhile. */
int people_store_apply(struct store *st, const char *token, const struct people_diff *d,
		       const char *actor, const char *filename, struct err *e);

#endif
