/*
 * copy_rows.h — one table's rows copied between two connections, of
 * either engine, and checked afterwards.  Private to src/store/
 * (store_copy.c).
 */
#ifndef ITBCP_STORE_COPY_ROWS_H
#define ITBCP_STORE_COPY_ROWS_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/copy_rows.h belongs to src/store/: call store/store_copy.h instead"
#endif

#include "store/copy_schema.h"
#include "store/db.h"
#include "util/err.h"

/* Inserts every row of table t of src into dst (in dst's open
 * transaction), t's columns named in both; fills t->rows and t->sum, the
 * digest of the rows read.  -1 with e (naming the table) on failure. */
int copy_rows(struct db *src, struct db *dst, struct copy_table *t, struct err *e);

/* Reads table t of db again: 0 when it holds t->rows rows of digest
 * t->sum, else -1 with e naming the table. */
int copy_rows_check(struct db *db, const struct copy_table *t, struct err *e);

#endif
