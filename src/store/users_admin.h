/*
 * users_admin.h — the frame of an admin's action on an account, shared by
 * the account writes of users.c and the second factor's (totp_store.c):
 * the transaction opened with the account read, one statement on its id,
 * and the end (its audit row, then commit).  Private to src/store/.
 */
#ifndef ITBCP_STORE_USERS_ADMIN_H
#define ITBCP_STORE_USERS_ADMIN_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/users_admin.h belongs to src/store/"
#endif

#include <stdint.h>

#include "store/store.h"
#include "store/users.h"
#include "util/err.h"

/* Opens the transaction of an admin action and reads the account named
 * name into *u.  0: go on (inside the transaction); 1: no such account
 * (e says so, rolled back); -1: database error (rolled back). */
int users_admin_begin(struct store *st, const char *name, struct user *u, int lang, struct err *e);

/* Ends it: rc 0 so far adds the audit row and commits; 1 (refused, e
 * filled) or -1 (failed) rolls back.  Returns what the action returns. */
int users_admin_end(struct store *st, int rc, const char *actor, const char *action, const char *name,
		    const char *detail, struct err *e);

/* Runs one statement with the account's id as ?1 and text as ?2 (NULL:
 * not bound); 0 or -1. */
int users_admin_update(struct store *st, const char *sql, int64_t id, const char *text, struct err *e);

#endif
