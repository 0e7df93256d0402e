/*
 * people_store.c — the SQL of people imports (people_store.h).
 *
 * Columns of table person come from schema.c's field table (constant
 * identifiers, quoted); every value is bound.  New people go after the
 * existing ones (pos = max + 1, in file order).
 */
#include "store/people_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/schema.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/plan_sql.h"
#include "store/users.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define STAGE_MAX_AGE (24 * 3600)

int people_store_stage(struct store *st, const char *user, const char *filename,
		       bool remove_missing, const char *csv, char *token, struct err *e)
{
	struct stmt s = STMT_INIT;
	char cutoff[32];
	int64_t now = (int64_t)time(NULL);
	users_random_token(token);
	snprintf(cutoff, sizeof cutoff, "%lld", (long long)(now - STAGE_MAX_AGE));
	if (db_begin(&st->db, e))
		return -1;
	/* Swept: uploads older than a day, and this account's previews not
	 * applied (a new upload replaces its last preview), so that what is
	 * staged is one upload per account, not one per request. */
	if (db_prepare(&st->db, &s,
		       "DELETE FROM people_imports WHERE created_at < ?1 "
		       "OR (user_name = ?2 AND applied_at IS NULL)",
		       e))
		goto fail;
	db_bind_int(&s, 1, now - STAGE_MAX_AGE);
	db_bind_text(&s, 2, user);
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	if (db_prepare(&st->db, &s,
		       "INSERT INTO people_imports (token, user_name, created_at, filename, "
		       "remove_missing, csv) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		       e))
		goto fail;
	db_bind_text(&s, 1, token);
	db_bind_text(&s, 2, user);
	db_bind_int(&s, 3, now);
	db_bind_text(&s, 4, filename ? filename : "");
	db_bind_int(&s, 5, remove_missing ? 1 : 0);
	db_bind_text(&s, 6, csv);
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	return db_commit(&st->db, e) ? (db_rollback(&st->db), -1) : 0;
fail:
	db_finalize(&s);
	db_rollback(&st->db);
	return -1;
}

int people_store_staged(struct store *st, const char *token, const char *user, char **csv,
			char **filename, bool *remove_missing, struct err *e)
{
	struct stmt s = STMT_INIT;
	*csv = *filename = NULL;
	if (db_prepare(&st->db, &s,
		       "SELECT csv, filename, remove_missing FROM people_imports WHERE token = ?1 "
		       "AND user_name = ?2 AND applied_at IS NULL AND created_at >= ?3",
		       e))
		return -1;
	db_bind_text(&s, 1, token);
	db_bind_text(&s, 2, user);
	db_bind_int(&s, 3, (int64_t)time(NULL) - STAGE_MAX_AGE);
	int r = db_step(&s, e);
	if (r == 1) {
		*csv = db_col_dup(&s, 0);
		*filename = db_col_dup(&s, 1);
		*remove_missing = db_col_int(&s, 2) != 0;
	}
	db_finalize(&s);
	return r < 0 ? -1 : r == 1 ? 0 : 1;
}

/* Binds the text fields of person p from parameter first on, in schema
 * order (refs NULL when unset). */
static void bind_person(struct stmt *s, const struct entity_def *pe, const struct person *p, int first)
{
	for (size_t i = 0; i < pe->n_fields; i++)
		db_bind_text(s, first + (int)i, *(char *const *)FIELD_PTR(p, &pe->fields[i]));
}

int people_store_apply(struct store *st, const char *token, const struct people_diff *d,
		       const char *actor, const char *filename, struct err *e)
{
	const struct entity_def *pe = schema_entity("people");
	struct stmt ins = STMT_INIT, upd = STMT_INIT, del = STMT_INIT, s = STMT_INIT;
	struct buf sql = BUF_INIT;
	int rc = -1;
	if (db_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s,
		       "UPDATE people_imports SET applied_at = ?2, csv = '' "
		       "WHERE token = ?1 AND applied_at IS NULL",
		       e))
		goto fail;
	db_bind_text(&s, 1, token);
	db_bind_int(&s, 2, (int64_t)time(NULL));
	if (db_step(&s, e) < 0)
		goto fail;
	db_finalize(&s);
	if (db_changes(&st->db) != 1) {
		rc = 1;
		goto fail;
	}
	int64_t pos = db_int(&st->db, -1, "SELECT coalesce(max(pos), -1) FROM person", NULL) + 1;
	plan_sql_insert(pe, &sql);
	if (db_prepare(&st->db, &ins, sql.data, e))
		goto fail;
	buf_reset(&sql);
	buf_adds(&sql, "UPDATE person SET ");
	for (size_t i = 1; i < pe->n_fields; i++)
		buf_addf(&sql, "%s\"%s\" = ?%zu", i > 1 ? ", " : "", pe->fields[i].name, i + 1);
	buf_adds(&sql, " WHERE id = ?1");
	if (db_prepare(&st->db, &upd, sql.data, e) ||
	    db_prepare(&st->db, &del, "DELETE FROM person WHERE id = ?1", e))
		goto fail;
	for (size_t i = 0; i < d->n; i++) {
		const struct people_change *c = &d->v[i];
		struct stmt *x = c->kind == PEOPLE_ADD ? &ins : c->kind == PEOPLE_CHANGE ? &upd : &del;
		db_reset(x);
		if (c->kind == PEOPLE_ADD) {
			db_bind_int(x, 1, pos++);
			bind_person(x, pe, &c->person, 2);
		} else if (c->kind == PEOPLE_CHANGE) {
			bind_person(x, pe, &c->person, 1);
		} else {
			db_bind_text(x, 1, c->person.id);
		}
		if (db_step(x, e) < 0)
			goto fail;
	}
	char detail[300];
	snprintf(detail, sizeof detail, "added=%zu changed=%zu removed=%zu file=%.200s", d->added,
		 d->changed, d->removed, filename ? filename : "");
	/* The people removed lose their check-in links in this transaction. */
	if (store_checkin_tokens_revoke_gone(st, e) ||
	    users_audit_add(st, actor, "people.import", "people", detail, e) || db_commit(&st->db, e))
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(&st->db);
out:
	db_finalize(&s);
	db_finalize(&ins);
	db_finalize(&upd);
	db_finalize(&del);
	buf_release(&sql);
	return rc;
}
