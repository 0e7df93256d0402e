/*
 * copy_schema.h — the tables and columns of a database, read from the
 * engine's own catalogue (SQLite's pragma_table_list and
 * pragma_table_info, PostgreSQL's information_schema), for the copy
 * between engines (store_copy.c).  Read from the schema, not listed by
 * hand, so a table a later migration adds is copied without anyone
 * remembering to list it.  Private to src/store/.
 */
#ifndef ITBCP_STORE_COPY_SCHEMA_H
#define ITBCP_STORE_COPY_SCHEMA_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/copy_schema.h belongs to src/store/: call store/store_copy.h instead"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

/* How a column's values travel: the declared type, not the value's own
 * (a SQLite BLOB column bound as text must still arrive as bytea). */
enum copy_kind { COPY_INT, COPY_TEXT, COPY_BLOB };

struct copy_col {
	char *name; /* [a-z0-9_]+, checked: it is written into SQL quoted */
	enum copy_kind kind;
};

struct copy_table {
	char *name; /* [a-z0-9_]+, checked as the columns' */
	struct copy_col *cols;
	size_t n_cols;
	bool sqlite_rowid;     /* a SQLite rowid table (not WITHOUT ROWID) */
	int64_t rows;          /* filled by the copy */
	unsigned char sum[32]; /* filled by the copy: copy_digest_add of each row */
};

struct copy_schema {
	struct copy_table *v; /* sorted by name */
	size_t n;
};
#define COPY_SCHEMA_INIT { NULL, 0 } /* (kept on one line, as STMT_INIT) */

/* Every table of db's schema but the engine's own (sqlite_*, and
 * PostgreSQL's itbcp_schema, which holds the version the runner writes),
 * with its columns in order.  0, or -1 with e (a name outside
 * [a-z0-9_], a column type the copy does not know). */
int copy_schema_read(struct db *db, struct copy_schema *out, struct err *e);
/* The same tables, without their columns (n_cols 0). */
int copy_schema_tables(struct db *db, struct copy_schema *out, struct err *e);

/* Makes src's tables the ones to copy into dst: the same tables, the same
 * columns in the same order with the same kinds, else -1 with e naming
 * the first difference.  One difference is the engines' own and is
 * joined instead: PostgreSQL's incident_steps has a column rowid that
 * stands for SQLite's implicit rowid (022_baseline.sql), so when one side
 * lists a last column "rowid" and the other is a SQLite rowid table
 * without it, SQLite's side reads or writes its implicit rowid under that
 * name and the order of the checklist's steps survives the copy. */
int copy_schema_join(struct copy_schema *src, const struct copy_schema *dst, struct err *e);

/* The table named name, or NULL. */
struct copy_table *copy_schema_find(const struct copy_schema *s, const char *name);

void copy_schema_release(struct copy_schema *s);

/* Whether s is a name the copy may write into SQL (quoted): our
 * migrations use lower-case letters, digits and _ only, up to 63 bytes, so
 * anything else is refused rather than escaped. */
bool copy_plain_name(const char *s);

#endif
