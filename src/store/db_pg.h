/*
 * db_pg.h — PostgreSQL behind db.h: what db.c calls when a connection's
 * engine is DB_PG.  Private to db.c and db_pg*.c; the rest of the store
 * uses db.h only.  libpq stays inside db_pg.c.
 *
 * A struct dbpg_stmt is one server-side prepared statement (PQprepare
 * once, under a name unique in the connection) with its bound values and
 * its last result, whose rows db_step walks.
 */
#ifndef ITBCP_STORE_DB_PG_H
#define ITBCP_STORE_DB_PG_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/db_pg.h belongs to src/store/"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db_handle.h"
#include "util/buf.h"
#include "util/err.h"

/* The key of the advisory lock every write transaction takes
 * (pg_advisory_xact_lock): "itbcp" in ASCII. */
#define DB_PG_WRITE_LOCK 0x6974626370LL

/* The longest target (libpq URI) db_open takes: it is outside input. */
#define DBPG_TARGET_MAX 4096
/* The most parameters one statement may number (SQLite's default limit). */
#define DBPG_MAX_PARAMS 999

int dbpg_open(struct db *db, const char *uri, bool readonly, struct err *e);
void dbpg_close(struct db *db);
/* Runs SQL with no parameters, by the simple protocol (several statements
 * allowed, as in a migration). */
int dbpg_exec(struct db *db, const char *sql, struct err *e);

/* BEGIN and the writers' lock (DB_PG_WRITE_LOCK), or nothing begun: a
 * lock not had in lock_timeout rolls the BEGIN back. */
int dbpg_begin_write(struct db *db, struct err *e);
/* Commits the transaction: -1 when PostgreSQL rolled it back instead (a
 * statement in it failed); the transaction is over either way. */
int dbpg_commit(struct db *db, struct err *e);

/* Prepares sql (SQLite's ?N and ? placeholders) on the server. */
struct dbpg_stmt *dbpg_prepare(struct db *db, const char *sql, struct err *e);
/* Deallocates it on the server (when the connection still can) and frees it. */
void dbpg_stmt_free(struct db *db, struct dbpg_stmt *p);

/* Binds parameter i (from 1): v NULL for SQL NULL; binary for a blob of n
 * bytes, else text (n ignored). */
void dbpg_bind(struct dbpg_stmt *p, int i, const void *v, size_t n, bool binary);
void dbpg_bind_int(struct dbpg_stmt *p, int i, int64_t v);
/* Executes on the first call after a reset, then walks the rows: 1 a row,
 * 0 done, -1 error (PostgreSQL's message in e). */
int dbpg_step(struct db *db, struct dbpg_stmt *p, struct err *e);
/* Forgets the result and the bindings. */
void dbpg_reset(struct dbpg_stmt *p);

int dbpg_ncols(const struct dbpg_stmt *p);
const char *dbpg_sql(const struct dbpg_stmt *p);
/* The current row's column i as text, NULL for SQL NULL. */
const char *dbpg_col(const struct dbpg_stmt *p, int i);
int64_t dbpg_col_int(const struct dbpg_stmt *p, int i);
/* Decodes bytea column i (hex text form) into out when it is exactly n
 * bytes. */
bool dbpg_col_blob(const struct dbpg_stmt *p, int i, void *out, size_t n);
size_t dbpg_col_bytes(const struct dbpg_stmt *p, int i);

/* True when the connection to the server is broken (libpq's
 * CONNECTION_BAD): nothing on it will work again; close and open anew. */
bool dbpg_lost(const struct db *db);
int64_t dbpg_changes(const struct db *db);
int64_t dbpg_total_changes(const struct db *db);

/* db_pg_sql.c: rewrites SQLite's placeholders ?N and ? in sql to $N into
 * out, skipping string literals, quoted names and comments; *nparams is
 * the highest number.  -1 with e on a number out of 1..DBPG_MAX_PARAMS. */
int dbpg_sql_translate(const char *sql, struct buf *out, int *nparams, struct err *e);

#endif
