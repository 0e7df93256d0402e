/*
 * app.h — the use cases of the plan: one function per thing a person does.
 *
 * Faces (CLI, web) call these; these call the store, the format and the
 * rules.  Each opens what it needs and closes it again, so a failure never
 * leaves a half-written database behind.
 */
#ifndef ITBCP_APP_APP_H
#define ITBCP_APP_APP_H

#include <stdbool.h>

#include "model/plan.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

/* Creates the database (schema only), or with demo the demo agency's plan.
 * A database that already holds a plan is refused unless force. */
int app_init(const char *db_path, bool demo, bool force, enum lang lang, struct err *e);
/* Validates the plan document at file, then replaces the database's plan
 * with it in one durable transaction.  On error the messages are in
 * errors and the database (or its absence) is exactly as before. */
int app_import(const char *db_path, const char *file, enum lang lang, struct buf *errors);
/* The plan as the interchange document (free() it), or NULL with e set. */
char *app_export(const char *db_path, struct err *e);
/* Loads the whole plan (p released by the caller with plan_release). */
int app_load_plan(const char *db_path, struct plan *p, struct err *e);

#endif
