/*
 * element_store.c — one plan element at a time (element_store.h).
 *
 * The SQL is built from schema.c's identifiers only (quoted), every value
 * is bound; an element's row is found by its id or, for kinds without
 * one, by its key fields.  Each change and its audit entry share one
 * transaction (users_audit_add joins it).  Before a delete or an id change
 * the plan in memory is searched for elements that refer to the one
 * changing, so the person is told which; the foreign keys of migration
 * 001 refuse the change anyway if another writer got in between.
 */
#include "store/element_store.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/incident_store.h"
#include "store/plan_sql.h"
#include "store/users.h"
#include "util/xalloc.h"

/* True for the organisation singleton. */
static bool is_org(const struct entity_def *e)
{
	return e == &schema_organisation;
}

/* True when field f names the row: the id, or a key field of a keyless kind. */
static bool is_key_field(const struct entity_def *e, const struct field_def *f)
{
	if (schema_id_field(e))
		return f->type == F_ID;
	return (f->flags & FF_KEY) != 0;
}

/* Appends " WHERE k1 = ?N AND …" (parameters from first on); returns the
 * number of parameters used. */
static int where_key(const struct entity_def *e, struct buf *sql, int first)
{
	int n = 0;
	if (is_org(e)) {
		buf_adds(sql, " WHERE singleton = 1");
		return 0;
	}
	for (size_t i = 0; i < e->n_fields; i++) {
		if (!is_key_field(e, &e->fields[i]))
			continue;
		buf_addf(sql, "%s\"%s\" = ?%d", n ? " AND " : " WHERE ", e->fields[i].name, first + n);
		n++;
	}
	return n;
}

/* Binds the key of elem from parameter first on. */
static void bind_key(const struct entity_def *e, const void *elem, struct stmt *s, int first)
{
	int n = 0;
	if (is_org(e))
		return;
	for (size_t i = 0; i < e->n_fields; i++)
		if (is_key_field(e, &e->fields[i]))
			plan_sql_bind_field(s, first + n++, &e->fields[i], elem);
}

/* "systems/mail", "assessments/mail/disaster/staff": the audit target. */
static void audit_target(const struct entity_def *e, const void *elem, struct buf *out)
{
	buf_addf(out, "%s", e->key);
	if (!is_org(e)) {
		buf_addc(out, '/');
		schema_element_key(e, elem, out);
	}
}

/* Commits, or rolls back and maps a constraint failure to a refusal (1). */
/* After a person is deleted or given another id, in the same transaction:
 * the id that left the plan loses its check-in link. */
static int revoke_if_people(struct store *st, const struct entity_def *e, struct err *err)
{
	return e == schema_entity("people") ? store_checkin_tokens_revoke_gone(st, err) : 0;
}

static int finish(struct store *st, int rc, enum lang lang, struct err *err)
{
	if (rc == 0 && db_commit(&st->db, err) == 0)
		return 0;
	db_rollback(&st->db);
	if (err && (strstr(err->msg, "FOREIGN KEY") || strstr(err->msg, "UNIQUE"))) {
		bool fk = strstr(err->msg, "FOREIGN KEY") != NULL;
		err_set(err, "%s",
			fk ? L(lang, "他の要素から参照されているか、参照先が見つからないため保存できません。",
			       "Not saved: other elements refer to it, or what it refers to is gone.")
			   : L(lang, "同じIDまたは組み合わせの要素が既にあるため保存できません。",
			       "Not saved: an element with the same id or key already exists."));
		return 1;
	}
	return -1;
}

int element_store_append(struct store *st, const struct entity_def *e, const void *elem,
			 struct err *err)
{
	struct buf sql = BUF_INIT;
	struct stmt s = STMT_INIT;
	plan_sql_append(e, &sql);
	int rc = db_prepare(&st->db, &s, sql.data, err);
	if (rc == 0) {
		for (size_t i = 0; i < e->n_fields; i++)
			plan_sql_bind_field(&s, (int)i + 1, &e->fields[i], elem);
		rc = db_run(&s, err);
	}
	db_finalize(&s);
	buf_release(&sql);
	return rc;
}

int element_store_insert(struct store *st, const struct entity_def *e, const void *elem,
			 const char *actor, const char *summary, enum lang lang, struct err *err)
{
	struct buf target = BUF_INIT;
	int rc = -1;
	if (is_org(e))
		BUG("the organisation is updated, never inserted");
	if (db_begin(&st->db, err))
		return -1;
	if (element_store_append(st, e, elem, err) == 0) {
		audit_target(e, elem, &target);
		rc = users_audit_add(st, actor, "create", target.data, summary, err);
	}
	buf_release(&target);
	return finish(st, rc, lang, err);
}

/* True when the element's id differs between old and elem. */
static bool id_changed(const struct entity_def *e, const void *old, const void *elem)
{
	const struct field_def *idf = schema_id_field(e);
	if (!idf)
		return false;
	return strcmp(*(char *const *)FIELD_PTR(old, idf), *(char *const *)FIELD_PTR(elem, idf)) != 0;
}

/* True when other elements of p refer to old (of kind e): err says why
 * (the refusal `why`, then the first ten of them). */
static bool referred_to(const struct plan *p, const struct entity_def *e, const void *old,
			const char *why, enum lang lang, struct err *err)
{
	struct buf refs = BUF_INIT;
	bool referred = element_referrers(p, e, old, lang, &refs, 10) > 0;
	if (referred)
		err_set(err, "%s\n%s", why, refs.data);
	buf_release(&refs);
	return referred;
}

int element_store_update(struct store *st, const struct plan *p, const struct entity_def *e,
			 const void *old, const void *elem, const char *actor, const char *summary,
			 enum lang lang, struct err *err)
{
	struct buf sql = BUF_INIT, target = BUF_INIT;
	struct stmt s = STMT_INIT;
	int rc = -1;

	if (!is_org(e) && id_changed(e, old, elem) &&
	    referred_to(p, e, old,
			L(lang, "次の要素が参照しているため、IDは変更できません:",
			  "The id cannot change while these refer to it:"),
			lang, err))
		return 1;
	if (db_begin(&st->db, err))
		return -1;
	buf_addf(&sql, "UPDATE \"%s\" SET ", e->table);
	for (size_t i = 0; i < e->n_fields; i++)
		buf_addf(&sql, "%s\"%s\" = ?%zu", i ? ", " : "", e->fields[i].name, i + 1);
	where_key(e, &sql, (int)e->n_fields + 1);
	if (db_prepare(&st->db, &s, sql.data, err))
		goto out;
	for (size_t i = 0; i < e->n_fields; i++)
		plan_sql_bind_field(&s, (int)i + 1, &e->fields[i], elem);
	bind_key(e, old, &s, (int)e->n_fields + 1);
	if (db_run(&s, err))
		goto out;
	if (db_changes(&st->db) == 0) {
		if (!is_org(e)) {
			err_set(err, "%s", L(lang, "この要素は既に削除されています。",
					     "This element has been deleted meanwhile."));
			rc = -2;
			goto out;
		}
		/* A database without a plan yet: the organisation row is new. */
		if (element_store_append(st, e, elem, err))
			goto out;
	}
	audit_target(e, is_org(e) ? elem : old, &target);
	if (!is_org(e) && id_changed(e, old, elem)) {
		buf_adds(&target, " → ");
		schema_element_key(e, elem, &target);
	}
	rc = users_audit_add(st, actor, "update", target.data, summary, err);
	if (rc == 0)
		rc = revoke_if_people(st, e, err);
out:
	db_finalize(&s);
	buf_release(&sql);
	buf_release(&target);
	if (rc == -2) {
		db_rollback(&st->db);
		return 1;
	}
	return finish(st, rc, lang, err);
}

int element_store_delete(struct store *st, const struct plan *p, const struct entity_def *e,
			 const void *old, const char *actor, enum lang lang, struct err *err)
{
	struct buf sql = BUF_INIT, target = BUF_INIT, name = BUF_INIT;
	struct stmt s = STMT_INIT;
	int rc = -1;
	if (is_org(e))
		BUG("the organisation cannot be deleted");
	if (referred_to(p, e, old,
			L(lang, "次の要素が参照しているため削除できません。先にこれらを変更または削除してください:",
			  "It cannot be deleted while these refer to it; change or delete them first:"),
			lang, err))
		return 1;
	if (db_begin(&st->db, err))
		return -1;
	buf_addf(&sql, "DELETE FROM \"%s\"", e->table);
	where_key(e, &sql, 1);
	if (db_prepare(&st->db, &s, sql.data, err))
		goto out;
	bind_key(e, old, &s, 1);
	if (db_run(&s, err))
		goto out;
	audit_target(e, old, &target);
	element_display_name(p, e, old, &name);
	rc = users_audit_add(st, actor, "delete", target.data, name.data, err);
	if (rc == 0)
		rc = revoke_if_people(st, e, err);
out:
	db_finalize(&s);
	buf_release(&sql);
	buf_release(&target);
	buf_release(&name);
	return finish(st, rc, lang, err);
}

int element_store_move(struct store *st, const struct entity_def *e, const void *old, int dir,
		       const char *actor, struct err *err)
{
	struct buf sql = BUF_INIT, target = BUF_INIT;
	struct stmt s = STMT_INIT;
	int rc = -1;
	int64_t pos, other;
	if (is_org(e) || dir == 0)
		return 0;
	if (db_begin(&st->db, err))
		return -1;
	/* This element's pos, then its neighbour's in the direction asked. */
	buf_addf(&sql, "SELECT pos FROM \"%s\"", e->table);
	where_key(e, &sql, 1);
	if (db_prepare(&st->db, &s, sql.data, err))
		goto out;
	bind_key(e, old, &s, 1);
	if (db_step(&s, err) != 1)
		goto out;
	pos = db_col_int(&s, 0);
	db_finalize(&s);
	buf_reset(&sql);
	buf_addf(&sql, "SELECT pos FROM \"%s\" WHERE pos %s ?1 ORDER BY pos %s LIMIT 1", e->table,
		 dir < 0 ? "<" : ">", dir < 0 ? "DESC" : "ASC");
	if (db_prepare(&st->db, &s, sql.data, err))
		goto out;
	db_bind_int(&s, 1, pos);
	int r = db_step(&s, err);
	if (r < 0)
		goto out;
	if (r == 0) { /* already first or last */
		rc = 0;
		goto out;
	}
	other = db_col_int(&s, 0);
	db_finalize(&s);
	/* Swap: the neighbour takes this pos, this element the neighbour's. */
	buf_reset(&sql);
	buf_addf(&sql, "UPDATE \"%s\" SET pos = ?1 WHERE pos = ?2", e->table);
	if (db_prepare(&st->db, &s, sql.data, err))
		goto out;
	db_bind_int(&s, 1, pos);
	db_bind_int(&s, 2, other);
	if (db_run(&s, err))
		goto out;
	db_finalize(&s);
	buf_reset(&sql);
	buf_addf(&sql, "UPDATE \"%s\" SET pos = ?%d", e->table, 1);
	where_key(e, &sql, 2);
	if (db_prepare(&st->db, &s, sql.data, err))
		goto out;
	db_bind_int(&s, 1, other);
	bind_key(e, old, &s, 2);
	if (db_run(&s, err))
		goto out;
	audit_target(e, old, &target);
	rc = users_audit_add(st, actor, "move", target.data, dir < 0 ? "up" : "down", err);
out:
	db_finalize(&s);
	buf_release(&sql);
	buf_release(&target);
	return finish(st, rc, LANG_EN, err);
}

/* The text of the first of these fields elem has and fills; NULL if none. */
static const char *first_text(const struct entity_def *e, const void *elem)
{
	static const char *const names[] = { "name", "title", "label", "place", "text", "condition",
					     "date" };
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		const struct field_def *f = schema_field(e, names[k]);
		if (!f || f->type == F_INT)
			continue;
		const char *s = *(char *const *)FIELD_PTR(elem, f);
		if (s && *s)
			return s;
	}
	return NULL;
}

void element_display_name(const struct plan *p, const struct entity_def *e, const void *elem,
			  struct buf *out)
{
	const char *t = schema_id_field(e) ? first_text(e, elem) : NULL;
	if (t) {
		/* Long texts (a policy item) are cut at 60 bytes on a character boundary. */
		size_t n = strlen(t);
		if (n > 60) {
			n = 60;
			while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
				n--;
			buf_add(out, t, n);
			buf_adds(out, "…");
		} else {
			buf_adds(out, t);
		}
		return;
	}
	if (schema_id_field(e)) {
		schema_element_key(e, elem, out);
		return;
	}
	/* Keyless kinds: their key fields, references by name. */
	bool first = true;
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		if (!(f->flags & FF_KEY))
			continue;
		if (!first)
			buf_adds(out, " / ");
		first = false;
		const void *ptr = FIELD_PTR(elem, f);
		if (f->type == F_INT) {
			buf_addf(out, "%lld", (long long)*(const int64_t *)ptr);
		} else if (f->type == F_REF && *(char *const *)ptr) {
			const struct entity_def *te = schema_entity(f->ref);
			const struct field_def *idf = schema_id_field(te);
			const char *id = *(char *const *)ptr;
			const void *target = NULL;
			for (size_t k = 0, n = schema_count(te, p); k < n && !target; k++) {
				const void *x = schema_element(te, p, k);
				if (strcmp(*(char *const *)FIELD_PTR(x, idf), id) == 0)
					target = x;
			}
			const char *t2 = target ? first_text(te, target) : NULL;
			buf_adds(out, t2 ? t2 : id);
		} else {
			const char *s = *(char *const *)ptr;
			buf_adds(out, s ? s : "");
		}
	}
}

size_t element_referrers(const struct plan *p, const struct entity_def *e, const void *elem,
			 enum lang lang, struct buf *out, size_t max)
{
	const struct field_def *idf = schema_id_field(e);
	size_t count = 0;
	if (!idf)
		return 0;
	const char *id = *(char *const *)FIELD_PTR(elem, idf);
	for (size_t k = 0; k < schema_n_entities; k++) {
		const struct entity_def *other = &schema_entities[k];
		for (size_t j = 0; j < other->n_fields; j++) {
			const struct field_def *f = &other->fields[j];
			if (f->type != F_REF || strcmp(f->ref, e->key) != 0)
				continue;
			size_t n = schema_count(other, p);
			for (size_t i = 0; i < n; i++) {
				const void *x = schema_element(other, p, i);
				const char *ref = *(char *const *)FIELD_PTR(x, f);
				if (!ref || strcmp(ref, id) != 0 || x == elem)
					continue;
				count++;
				if (count == max + 1)
					buf_adds(out, "…\n");
				if (count > max)
					continue;
				buf_addf(out, "%s: ", L(lang, other->label_ja, other->label_en));
				element_display_name(p, other, x, out);
				buf_addc(out, '\n');
			}
		}
	}
	return count;
}
