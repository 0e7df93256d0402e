/*
 * app_copy.h — `itbcp copy --to TARGET`: the whole database of --db copied
 * into another, of either engine (issue 18, item 3: moving from SQLite to
 * PostgreSQL and back).
 */
#ifndef ITBCP_APP_APP_COPY_H
#define ITBCP_APP_APP_COPY_H

#include <stdbool.h>

#include "store/store_copy.h"
#include "util/err.h"

/* The longest --to the copy takes (a path or a libpq URI: outside input). */
#define APP_COPY_TARGET_MAX 4096

/* Copies the database at from into to (store_copy): to is a SQLite file,
 * made when missing, or a PostgreSQL database (libpq URI) that exists;
 * either empty, or with no itbcp schema yet (then migrated first to this
 * itbcp's), or at the source's schema version.  from is opened as every
 * command opens --db.  On failure nothing of to has changed: a file made
 * here is removed, an existing database holds what it held (a schema the
 * copy put into an empty one stays, without rows).  *created says whether
 * to was made here. */
int app_copy(const char *from, const char *to, struct store_copy_result *res, bool *created,
	     struct err *e);

#endif
