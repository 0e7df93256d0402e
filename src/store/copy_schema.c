/*
 * copy_schema.c — the tables and columns a copy between databases moves
 * (copy_schema.h), read from each engine's catalogue.
 */
#include "store/copy_schema.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* See copy_schema.h. */
bool copy_plain_name(const char *s)
{
	if (!*s || strlen(s) > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* The kind of a column declared as type on db's engine: -1 for a type
 * the copy does not know (no migration declares one; a REAL would need
 * its own way to travel). */
static int kind_of(const struct db *db, const char *type)
{
	if (db_engine(db) == DB_PG) {
		if (!strcmp(type, "bigint") || !strcmp(type, "integer") || !strcmp(type, "smallint"))
			return COPY_INT;
		if (!strcmp(type, "text"))
			return COPY_TEXT;
		if (!strcmp(type, "bytea"))
			return COPY_BLOB;
		return -1;
	}
	/* SQLite's affinity rules, in their order (upper-cased by the query) */
	if (strstr(type, "INT"))
		return COPY_INT;
	if (strstr(type, "CHAR") || strstr(type, "CLOB") || strstr(type, "TEXT"))
		return COPY_TEXT;
	if (strstr(type, "BLOB"))
		return COPY_BLOB;
	return -1;
}

/* Reads table t's columns from db. */
static int read_columns(struct db *db, struct copy_table *t, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare2(db, &s, "SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid",
			"SELECT column_name, data_type FROM information_schema.columns WHERE "
			"table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
			e))
		return -1;
	db_bind_text(&s, 1, t->name);
	while ((r = db_step(&s, e)) == 1) {
		const char *name = db_col_text(&s, 0), *type = db_col_text(&s, 1);
		int kind = kind_of(db, type);
		if (!copy_plain_name(name) || kind < 0) {
			r = err_set(e,
				    "表 %s の列 %s（%s）は複製できません / table %s: column %s (%s) "
				    "cannot be copied",
				    t->name, name, type, t->name, name, type);
			break;
		}
		t->cols = xgrow(t->cols, &cap, t->n_cols + 1, sizeof *t->cols);
		t->cols[t->n_cols].name = xstrdup(name);
		t->cols[t->n_cols].kind = (enum copy_kind)kind;
		t->n_cols++;
	}
	db_finalize(&s);
	if (r == 0 && t->n_cols == 0)
		r = err_set(e, "表 %s に列がありません / table %s has no columns", t->name, t->name);
	return r;
}

/* qsort: tables by name, so both sides list them in one order. */
static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct copy_table *)a)->name, ((const struct copy_table *)b)->name);
}

/* See copy_schema.h. */
int copy_schema_tables(struct db *db, struct copy_schema *out, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	/* pragma_table_list's wr: 1 for a WITHOUT ROWID table (SQLite 3.37);
	 * a virtual table (FTS …) or its shadow tables would need copying of
	 * their own: listed, so that the kind check below refuses them */
	if (db_prepare2(db, &s,
			"SELECT name, wr, type FROM pragma_table_list WHERE schema = 'main' AND "
			"type <> 'view' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
			"SELECT table_name, 1, 'table' FROM information_schema.tables WHERE table_schema = "
			"current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'itbcp_schema'",
			e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		const char *name = db_col_text(&s, 0);
		if (strcmp(db_col_text(&s, 2), "table")) {
			r = err_set(e,
				    "表 %.64s（%.16s）は複製できません / table %.64s (%.16s) cannot be "
				    "copied",
				    name, db_col_text(&s, 2), name, db_col_text(&s, 2));
			break;
		}
		if (!copy_plain_name(name)) {
			r = err_set(e,
				    "表の名前 %.64s は複製できません / table name %.64s cannot be "
				    "copied",
				    name, name);
			break;
		}
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v);
		memset(&out->v[out->n], 0, sizeof out->v[out->n]);
		out->v[out->n].name = xstrdup(name);
		out->v[out->n].sqlite_rowid = db_engine(db) == DB_SQLITE && db_col_int(&s, 1) == 0;
		out->n++;
	}
	db_finalize(&s);
	if (r == 0 && out->n)
		qsort(out->v, out->n, sizeof *out->v, by_name);
	return r;
}

/* See copy_schema.h. */
int copy_schema_read(struct db *db, struct copy_schema *out, struct err *e)
{
	int r = copy_schema_tables(db, out, e);
	for (size_t i = 0; r == 0 && i < out->n; i++)
		r = read_columns(db, &out->v[i], e);
	return r;
}

/* See copy_schema.h. */
struct copy_table *copy_schema_find(const struct copy_schema *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

/* Whether a's columns are b's (names and kinds), the first n of them. */
static bool same_columns(const struct copy_table *a, const struct copy_table *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(a->cols[i].name, b->cols[i].name) || a->cols[i].kind != b->cols[i].kind)
			return false;
	return true;
}

/* Whether longer is shorter plus a last integer column rowid, which
 * shorter (a SQLite rowid table) has implicitly. */
static bool plus_rowid(const struct copy_table *longer, const struct copy_table *shorter)
{
	const struct copy_col *last = &longer->cols[longer->n_cols - 1];
	return shorter->sqlite_rowid && longer->n_cols == shorter->n_cols + 1 &&
	       !strcmp(last->name, "rowid") && last->kind == COPY_INT &&
	       same_columns(longer, shorter, shorter->n_cols);
}

/* See copy_schema.h. */
int copy_schema_join(struct copy_schema *src, const struct copy_schema *dst, struct err *e)
{
	for (size_t i = 0; i < src->n || i < dst->n; i++) {
		struct copy_table *a = i < src->n ? &src->v[i] : NULL;
		const struct copy_table *b = i < dst->n ? &dst->v[i] : NULL;
		if (!a || !b || strcmp(a->name, b->name)) {
			const char *only = !b || (a && strcmp(a->name, b->name) < 0) ? a->name : b->name;
			const char *where = only == (a ? a->name : NULL) ? "コピー元 / the source"
									 : "コピー先 / the target";
			return err_set(e,
				       "スキーマが違います：表 %s は %s にだけあります / the schemas "
				       "differ: table %s is only in %s",
				       only, where, only, where);
		}
		if (a->n_cols == b->n_cols && same_columns(a, b, a->n_cols))
			continue;
		if (plus_rowid(a, b))
			continue; /* the source's rowid column into the target's implicit one */
		if (plus_rowid(b, a)) { /* the source's implicit rowid, read as a column */
			a->cols = xrealloc(a->cols, (a->n_cols + 1) * sizeof *a->cols);
			a->cols[a->n_cols].name = xstrdup("rowid");
			a->cols[a->n_cols].kind = COPY_INT;
			a->n_cols++;
			continue;
		}
		return err_set(e,
			       "スキーマが違います：表 %s の列 / the schemas differ: the columns of "
			       "table %s",
			       a->name, a->name);
	}
	return 0;
}

/* See copy_schema.h. */
void copy_schema_release(struct copy_schema *s)
{
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < s->v[i].n_cols; k++)
			free(s->v[i].cols[k].name);
		free(s->v[i].cols);
		free(s->v[i].name);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
