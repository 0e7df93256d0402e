/*
 * settings_store.c — the settings table (settings_store.h).
 */
#include <stdlib.h>
#include <time.h>

#include "store/db.h"
#include "store/settings_store.h"
#include "store/users.h"
#include "util/xalloc.h"

/* See settings_store.h. */
int store_setting_get(struct store *st, const char *key, char **out, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	if (db_prepare(&st->db, &s, "SELECT value FROM settings WHERE key = ?1", e))
		return -1;
	db_bind_text(&s, 1, key);
	int r = db_step(&s, e);
	if (r == 1)
		*out = db_col_dup(&s, 0);
	db_finalize(&s);
	return r;
}

/* See settings_store.h. */
int store_setting_set(struct store *st, const char *key, const char *value, const char *actor,
		      const char *detail, struct err *e)
{
	struct stmt s = STMT_INIT;
	bool clear = !value || !*value;
	if (db_begin(&st->db, e))
		return -1;
	int rc = db_prepare(&st->db, &s,
			    clear ? "DELETE FROM settings WHERE key = ?1"
				  : "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) "
				    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
				    "updated_at = excluded.updated_at",
			    e);
	if (rc == 0) {
		db_bind_text(&s, 1, key);
		if (!clear) {
			db_bind_text(&s, 2, value);
			db_bind_int(&s, 3, (int64_t)time(NULL));
		}
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	if (rc == 0)
		rc = users_audit_add(st, actor, "setting.set", key, detail ? detail : "", e);
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	return -1;
}

/* See settings_store.h. */
int store_settings_list(struct store *st, struct setting **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s, "SELECT key, value, updated_at FROM settings ORDER BY key", e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct setting *x = &(*out)[(*n)++];
		x->key = db_col_dup(&s, 0);
		x->value = db_col_dup(&s, 1);
		x->updated_at = db_col_int(&s, 2);
	}
	db_finalize(&s);
	if (r < 0) {
		store_settings_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* See settings_store.h. */
void store_settings_free(struct setting *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}
