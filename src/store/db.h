/*
 * db.h — the thin layer over the database engine that the storage module
 * is written in: SQLite (db.c) or PostgreSQL (db_pg.c), chosen by
 * db_open from its target, with the same semantics on both.
 *
 * Only src/store/ includes this: the build stops anywhere else (the
 * Makefile defines ITBCP_IN_<folder> for every file it compiles), and
 * scripts/lint.sh checks as well that no other module prepares SQL.
 * Other layers hold a struct store (store.h), whose connection is the
 * struct db of db_handle.h: they can keep one, never use it.  Every statement binds its values; SQL text is
 * always a constant or built from schema.c's identifiers, never from input.
 *
 * A struct db is one connection; it is not shared between threads (the web
 * server opens one per worker).  Transactions nest: db_begin() inside a
 * transaction opens a savepoint.
 *
 * Prepared statements are kept per connection, by their SQL text (at most
 * DB_STMT_CACHE, the least recently used dropped first): db_finalize()
 * resets a statement and hands it back, and the next db_prepare() of the
 * same text takes it again instead of parsing and planning the SQL anew.
 * On a web request that is most of the cost of looking up the session.
 *
 * On PostgreSQL (a target starting with postgresql:// or postgres://, a
 * libpq URI): parameters ?N and ? are rewritten to $N once, when a
 * statement is prepared (db_pg_sql.c), and each kept statement is a named
 * server-side prepared statement of the connection; values travel as
 * text, blobs as binary; results come back as text (a bytea column in its
 * hex form, which db_col_blob decodes).  A write transaction (db_begin at
 * depth 0) takes one transaction-level advisory lock (db_pg.h), so
 * writers follow one another as SQLite's BEGIN IMMEDIATE makes them: the
 * store reads, computes and writes back (the plan revision, the records'
 * hash chains) and relies on no other writer in between.  Unlike SQLite, a
 * failed statement inside a PostgreSQL transaction aborts the whole
 * transaction: the caller must roll back (every store function does), and
 * db_commit of such a transaction fails instead of PostgreSQL's silent
 * ROLLBACK.  A lock is waited for 5 s at most (lock_timeout), as SQLite's
 * busy timeout.  A boolean result reads as 1/0 through db_col_int but as
 * "t"/"f" through db_col_text; select integers where text is wanted.
 */
#ifndef ITBCP_STORE_DB_H
#define ITBCP_STORE_DB_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/db.h belongs to src/store/: call a function of a store/*.h header instead"
#endif

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db_handle.h"
#include "util/buf.h"
#include "util/err.h"

#define DB_STMT_CACHE 64

struct dbpg_stmt; /* db_pg.h */

struct db_cached_stmt {
	char *sql;        /* NULL: a free slot */
	sqlite3_stmt *s;
	struct dbpg_stmt *p; /* PostgreSQL's statement instead of s */
	bool busy;        /* handed out by db_prepare, not yet finalized */
	uint64_t used;    /* when last handed out (db->clock) */
};


#define DB_CREATE 0x1u   /* create the file when missing */
#define DB_READONLY 0x2u /* read-only connection (web readers) */

/* Whether target names a PostgreSQL database (a libpq URI) rather than a
 * SQLite file. */
bool db_target_is_pg(const char *target);

/* Opens path with WAL, foreign keys on, synchronous=FULL (durable commits)
 * and a busy timeout; or, for a libpq URI, connects to PostgreSQL (the
 * database must exist; DB_CREATE does not make it; DB_READONLY sets
 * default_transaction_read_only).  On failure fills e and leaves db
 * closed. */
int db_open(struct db *db, const char *path, unsigned flags, struct err *e);
void db_close(struct db *db);

/* Runs constant SQL with no parameters (may hold several statements). */
int db_exec(struct db *db, const char *sql, struct err *e);

int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
/* Rolls back the innermost transaction or savepoint; never fails loudly. */
void db_rollback(struct db *db);

/* A read transaction, for a consistent picture while writers go on: a
 * deferred BEGIN (never the write lock), or a savepoint inside the
 * caller's transaction.  Its statements are kept prepared (the check-in
 * writer opens one per batch).  db_read_end ends it and never fails
 * loudly: nothing was written. */
int db_read_begin(struct db *db, struct err *e);
void db_read_end(struct db *db);

struct stmt {
	sqlite3_stmt *s;
	struct db *db;
	struct db_cached_stmt *slot; /* where s (or p) is kept, or NULL */
	struct dbpg_stmt *p;         /* PostgreSQL's statement, NULL on SQLite */
};
#define STMT_INIT { NULL, NULL, NULL, NULL }

/* The engine of a connection. */
static inline enum db_engine db_engine(const struct db *db)
{
	return db->engine;
}

/* A statement for sql: the connection's kept one when it has it (reset,
 * no bindings), else a new one.  Pair with db_finalize. */
int db_prepare(struct db *db, struct stmt *st, const char *sql, struct err *e);
/* The same for a statement whose text differs between the engines:
 * sqlite_sql on SQLite, pg_sql on PostgreSQL.  Use it only where one text
 * cannot serve both (INSERT OR REPLACE, printf(), GLOB …), and keep the
 * two side by side where the statement is written. */
int db_prepare2(struct db *db, struct stmt *st, const char *sqlite_sql, const char *pg_sql,
		struct err *e);
/* Parameters are numbered from 1.  A NULL text binds SQL NULL. */
void db_bind_text(struct stmt *st, int i, const char *s);
void db_bind_int(struct stmt *st, int i, int64_t v);
void db_bind_null(struct stmt *st, int i);
void db_bind_blob(struct stmt *st, int i, const void *p, int n);
/* Binds v, or SQL NULL when v == null_value (NO_VALUE, say). */
void db_bind_int_or_null(struct stmt *st, int i, int64_t v, int64_t null_value);
/* Binds s, or "" when s is NULL (a NOT NULL text column). */
void db_bind_text_or_empty(struct stmt *st, int i, const char *s);
/* 1 = a row is ready, 0 = done, -1 = error (message in e). */
int db_step(struct stmt *st, struct err *e);
/* Runs a statement that returns no rows (INSERT, UPDATE, DELETE …) to
 * completion: steps until done, any row passed over.  0, or -1 with the
 * error in e.  st stays prepared (db_reset or db_finalize it). */
int db_run(struct stmt *st, struct err *e);
/* Runs an INSERT … RETURNING id (both engines have RETURNING): *id the
 * new row's id, read from the one row it answers.  0, or -1 with e. */
int db_run_id(struct stmt *st, int64_t *id, struct err *e);
/* Resets for another execution with new bindings. */
void db_reset(struct stmt *st);
/* Columns are numbered from 0.  Text is borrowed until the next step.
 * Every db_col_ function checks i < the statement's column count unless
 * NDEBUG is defined: a wrong index is a BUG(), which aborts under the
 * tests, instead of SQLite's quiet NULL. */
const char *db_col_text(struct stmt *st, int i); /* "" for NULL */
/* Copies blob column i into out when it is exactly n bytes: true; false
 * (out untouched) for NULL or another length. */
bool db_col_blob(struct stmt *st, int i, void *out, size_t n);
/* The length in bytes of blob column i (0 for NULL). */
size_t db_col_bytes(struct stmt *st, int i);
/* Text column i, borrowed like db_col_text, but NULL for SQL NULL (a
 * reference that is not set, where "" would be a value). */
const char *db_col_opt(struct stmt *st, int i);
/* A malloc'd copy of text column i, the caller's to free(); SQL NULL
 * gives a copy of "" (as db_col_text), never NULL. */
char *db_col_dup(struct stmt *st, int i);
bool db_col_null(struct stmt *st, int i);
int64_t db_col_int(struct stmt *st, int i);
/* Integer column i, or if_null for SQL NULL (NO_VALUE, say). */
int64_t db_col_int_or(struct stmt *st, int i, int64_t if_null);
/* Ends the use of st: a kept statement is reset and kept, another one
 * finalized.  Harmless on STMT_INIT and after a failed db_prepare. */
void db_finalize(struct stmt *st);

/* The rows changed by the last INSERT, UPDATE or DELETE run on db
 * (SQLite's sqlite3_changes; PostgreSQL's PQcmdTuples). */
int64_t db_changes(struct db *db);
/* The rows changed by every such statement of this connection since it
 * was opened. */
int64_t db_total_changes(struct db *db);
/* A number that moves when another connection commits (SQLite's PRAGMA
 * data_version), or -1 when the engine has none (PostgreSQL): then the
 * caller must look at the data itself. */
int64_t db_data_version(struct db *db);
/* A passive checkpoint of the write-ahead log: frames in it and copied
 * into *log and *done.  0 with both 0 on PostgreSQL (its own business). */
int db_checkpoint(struct db *db, int *log, int *done, struct err *e);
/* Turns SQLite's automatic checkpoints on or off; nothing on PostgreSQL. */
void db_autocheckpoint(struct db *db, bool on);

/* True when the connection is broken for good (PostgreSQL's server went
 * away); never on SQLite.  The caller closes it and opens a new one. */
bool db_lost(const struct db *db);

/* Runs a one-row, one-integer query with up to one text parameter (may be
 * NULL for none); returns dflt when there is no row or on error. */
int64_t db_int(struct db *db, int64_t dflt, const char *sql, const char *param);

/* The names of table's columns in their order, comma-separated, into out
 * (emptied first), on either engine (SQLite's pragma_table_info,
 * PostgreSQL's information_schema): 0, or -1 with e.  Read by the test
 * that holds the tables to schema.c. */
int db_table_columns(struct db *db, const char *table, struct buf *out, struct err *e);

#endif
