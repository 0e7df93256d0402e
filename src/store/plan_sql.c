/* plan_sql.c — see plan_sql.h. */
#include "store/plan_sql.h"

#include <stdbool.h>
#include <stdint.h>

#include "model/plan.h"

static bool is_organisation(const struct entity_def *e)
{
	return e == &schema_organisation;
}

void plan_sql_select(const struct entity_def *e, struct buf *sql)
{
	buf_adds(sql, "SELECT ");
	for (size_t i = 0; i < e->n_fields; i++)
		buf_addf(sql, "%s\"%s\"", i ? ", " : "", e->fields[i].name);
	buf_addf(sql, " FROM \"%s\"", e->table);
	if (!is_organisation(e))
		buf_adds(sql, " ORDER BY pos");
}

/* INSERT INTO "table" (pos, "f1", …) VALUES (first, ?from, ?from+1, …):
 * the row's place (or the singleton's 1) is the SQL text first. */
static void insert_sql(const struct entity_def *e, const char *first, size_t from, struct buf *sql)
{
	buf_addf(sql, "INSERT INTO \"%s\" (%s", e->table, is_organisation(e) ? "singleton" : "pos");
	for (size_t i = 0; i < e->n_fields; i++)
		buf_addf(sql, ", \"%s\"", e->fields[i].name);
	buf_addf(sql, ") VALUES (%s", first);
	for (size_t i = 0; i < e->n_fields; i++)
		buf_addf(sql, ", ?%zu", i + from);
	buf_adds(sql, ")");
}

void plan_sql_insert(const struct entity_def *e, struct buf *sql)
{
	insert_sql(e, "?1", 2, sql);
}

void plan_sql_insert_rows(const struct entity_def *e, size_t rows, struct buf *sql)
{
	size_t per_row = e->n_fields + 1, p = 1;
	insert_sql(e, "?1", 2, sql);
	p += per_row;
	for (size_t r = 1; r < rows; r++) {
		buf_adds(sql, ", (");
		for (size_t i = 0; i < per_row; i++)
			buf_addf(sql, "%s?%zu", i ? ", " : "", p++);
		buf_adds(sql, ")");
	}
}

void plan_sql_append(const struct entity_def *e, struct buf *sql)
{
	if (is_organisation(e)) {
		insert_sql(e, "1", 1, sql);
		return;
	}
	struct buf last = BUF_INIT;
	buf_addf(&last, "(SELECT coalesce(max(pos), -1) + 1 FROM \"%s\")", e->table);
	insert_sql(e, last.data, 1, sql);
	buf_release(&last);
}

void plan_sql_bind_field(struct stmt *s, int i, const struct field_def *f, const void *elem)
{
	const void *ptr = FIELD_PTR(elem, f);
	switch (f->type) {
	case F_ID:
	case F_TEXT:
	case F_ENUM:
	case F_DATE:
	case F_REF:
		db_bind_text(s, i, *(char *const *)ptr);
		break;
	case F_INT:
		db_bind_int_or_null(s, i, *(const int64_t *)ptr, NO_VALUE);
		break;
	case F_BOOL:
		db_bind_int(s, i, *(const bool *)ptr ? 1 : 0);
		break;
	case F_MONTHS:
		db_bind_int(s, i, *(const uint16_t *)ptr);
		break;
	}
}

/* The SQL table that holds elements of the kind with that JSON key. */
static const char *table_of(const char *key)
{
	const struct entity_def *e = schema_entity(key);
	return e ? e->table : "?";
}

void plan_sql_create(const struct entity_def *e, struct buf *sql)
{
	buf_addf(sql, "CREATE TABLE \"%s\" (\n", e->table);
	if (is_organisation(e))
		buf_adds(sql, "\tsingleton INTEGER PRIMARY KEY CHECK (singleton = 1)");
	else
		buf_adds(sql, "\tpos INTEGER NOT NULL");
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		buf_addf(sql, ",\n\t\"%s\" ", f->name);
		switch (f->type) {
		case F_ID:
			buf_adds(sql, "TEXT NOT NULL PRIMARY KEY");
			break;
		case F_REF:
			buf_addf(sql, "TEXT%s REFERENCES \"%s\"(id)",
				 (f->flags & FF_REQUIRED) ? " NOT NULL" : "", table_of(f->ref));
			break;
		case F_TEXT:
		case F_ENUM:
		case F_DATE:
			buf_adds(sql, "TEXT NOT NULL DEFAULT ''");
			break;
		case F_INT:
			buf_adds(sql, "INTEGER");
			break;
		case F_BOOL:
		case F_MONTHS:
			buf_adds(sql, "INTEGER NOT NULL DEFAULT 0");
			break;
		}
	}
	bool first = true;
	for (size_t i = 0; i < e->n_fields; i++) {
		if (!(e->fields[i].flags & FF_KEY))
			continue;
		buf_addf(sql, "%s\"%s\"", first ? ",\n\tUNIQUE (" : ", ", e->fields[i].name);
		first = false;
	}
	if (!first)
		buf_adds(sql, ")");
	buf_adds(sql, "\n);\n");
}
