/*
 * password_policy.h — the one check every new password goes through
 * (users_check_password): length, and not easy to guess.  Pure: no
 * database, no hashing.  password_policy.c says what is refused and why.
 */
#ifndef ITBCP_STORE_PASSWORD_POLICY_H
#define ITBCP_STORE_PASSWORD_POLICY_H

#include <stddef.h>

#include "util/err.h"
#include "util/lang.h"

#define USERS_POLICY_CHARS_MIN 8   /* characters */
#define USERS_POLICY_BYTES_MAX 256 /* bytes */
#define USERS_POLICY_NAME_MAX 64   /* characters of one piece of a name looked for */

/* 0 when password may be set for the account whose names (its user name,
 * full name, person's name in the plan; NULL entries skipped) are given;
 * -1 with the reason in lang in e when not. */
int password_policy_check(const char *password, const char *const *names, size_t n_names,
			  enum lang lang, struct err *e);

#endif
