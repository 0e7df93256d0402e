/*
 * settings_store.h — the settings table (migration 014): key → value, set
 * by an admin (`itbcp deliver set`), read by delivery and by the call-out.
 * Which keys exist and what a value may be is decided by the caller
 * (deliver/deliver_config.c); the store keeps text.
 */
#ifndef ITBCP_STORE_SETTINGS_STORE_H
#define ITBCP_STORE_SETTINGS_STORE_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

/* The value of key, malloc'd, into *out: 1 found, 0 not set (*out NULL),
 * -1 error.  Joins the caller's transaction, if any. */
int store_setting_get(struct store *st, const char *key, char **out, struct err *e);

/* Sets key to value ("" or NULL removes it) with an audit entry
 * "setting.set" by actor (detail: detail, which the caller makes safe to
 * show), in one transaction. */
int store_setting_set(struct store *st, const char *key, const char *value, const char *actor,
		      const char *detail, struct err *e);

struct setting {
	char *key, *value;
	long long updated_at;
};
/* Every setting, by key; free with store_settings_free. */
int store_settings_list(struct store *st, struct setting **out, size_t *n, struct err *e);
void store_settings_free(struct setting *v, size_t n);

#endif
