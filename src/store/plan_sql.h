/*
 * plan_sql.h — SQL text for plan elements, built from schema.c's table.
 *
 * Identifiers come only from the compile-time schema (never from input)
 * and are quoted; every value is a bound parameter, bound here too
 * (plan_sql_bind_field), so that the plan as a whole (store.c) and one
 * element at a time (element_store.c) store a field alike.  Private to
 * src/store.
 */
#ifndef ITBCP_STORE_PLAN_SQL_H
#define ITBCP_STORE_PLAN_SQL_H

#include "model/schema.h"
#include "store/db.h"
#include "util/buf.h"

/* SELECT "f1", "f2", … FROM "table" ORDER BY pos */
void plan_sql_select(const struct entity_def *e, struct buf *sql);
/* INSERT INTO "table" (pos, "f1", …) VALUES (?1, ?2, …) — pos first. */
void plan_sql_insert(const struct entity_def *e, struct buf *sql);
/* The same for rows rows in one statement: VALUES (?1, ?2, …), (?k, …), …,
 * each row's pos and fields numbered on from the row before (row r's
 * first parameter is r * (n_fields + 1) + 1). */
void plan_sql_insert_rows(const struct entity_def *e, size_t rows, struct buf *sql);
/* INSERT INTO "table" (pos, "f1", …) VALUES (<after the last pos>, ?1, …):
 * the element goes last; for the organisation its one row (singleton 1). */
void plan_sql_append(const struct entity_def *e, struct buf *sql);
/* Binds field f of elem (an element of f's entity) to parameter i: text
 * as it is (NULL: SQL NULL), NO_VALUE integers as SQL NULL, booleans as
 * 0/1, months as their bit mask. */
void plan_sql_bind_field(struct stmt *s, int i, const struct field_def *f, const void *elem);
/* CREATE TABLE for e, as migration 001 was written (see test_store). */
void plan_sql_create(const struct entity_def *e, struct buf *sql);

#endif
