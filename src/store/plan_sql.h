/*
 * plan_sql.h — SQL text for plan elements, built from schema.c's table.
 *
 * Identifiers come only from the compile-time schema (never from input)
 * and are quoted; every value is a bound parameter.  Private to src/store.
 */
#ifndef ITBCP_STORE_PLAN_SQL_H
#define ITBCP_STORE_PLAN_SQL_H

#include "model/schema.h"
#include "util/buf.h"

/* SELECT "f1", "f2", … FROM "table" ORDER BY pos */
void plan_sql_select(const struct entity_def *e, struct buf *sql);
/* INSERT INTO "table" (pos, "f1", …) VALUES (?1, ?2, …) — pos first. */
void plan_sql_insert(const struct entity_def *e, struct buf *sql);
/* INSERT INTO "table" (pos, "f1", …) VALUES (<after the last pos>, ?1, …):
 * the element goes last; for the organisation its one row (singleton 1). */
void plan_sql_append(const struct entity_def *e, struct buf *sql);
/* CREATE TABLE for e, as migration 001 was written (see test_store). */
void plan_sql_create(const struct entity_def *e, struct buf *sql);

#endif
