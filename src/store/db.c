/* db.c — see db.h.  SQLite here; each function turns to db_pg.c when the
 * connection is PostgreSQL's (a test of db->engine, or of st->p for a
 * statement: no call through a pointer on SQLite's path). */
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db_pg.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define PG (__builtin_expect(db->engine == DB_PG, 0))
#define PG_ST (__builtin_expect(st->p != NULL, 0))

static int sqlite_err(struct db *db, struct err *e, const char *what)
{
	return err_set(e, "database: %s: %s", what, db->h ? sqlite3_errmsg(db->h) : "not open");
}

/* Process-wide SQLite settings, made once before the first connection:
 * no global memory statistics (their mutex serialises every thread). */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Creates path readable and writable by its owner only when it is missing
 * (issue 17 item 5).  SQLite would create it 0644 whatever the data, and
 * gives its -wal and -shm files the database file's mode, so making the
 * file first is what keeps all three private.  O_EXCL: a file someone
 * else made meanwhile is left as it is. */
static int create_private(const char *path, struct err *e)
{
	if (strcmp(path, ":memory:") == 0 || path[0] == '\0')
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	return err_set(e, "database %s: %s", path, strerror(errno));
}

bool db_target_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

int db_open(struct db *db, const char *path, unsigned flags, struct err *e)
{
	db->engine = DB_SQLITE;
	db->pg = NULL;
	if (db_target_is_pg(path))
		return dbpg_open(db, path, flags & DB_READONLY, e);
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_sqlite);
	int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_CREATE) {
		oflags |= SQLITE_OPEN_CREATE;
		if (create_private(path, e))
			return -1;
	}
	oflags |= SQLITE_OPEN_NOMUTEX;
	db->tx_depth = 0;
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		err_set(e, "database %s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
		sqlite3_close(db->h);
		db->h = NULL;
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	const char *setup = (flags & DB_READONLY)
		? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
		: "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";
	if (db_exec(db, setup, e)) {
		/* Prefix the path so the person knows which file is wrong. */
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		err_set(e, "%s: %s", path, msg);
		db_close(db);
		return -1;
	}
	return 0;
}

bool db_lost(const struct db *db)
{
	return db->engine == DB_PG && dbpg_lost(db);
}

void db_close(struct db *db)
{
	dbpg_close(db); /* first: the server drops its statements with the session */
	for (size_t i = 0; db->stmts && i < DB_STMT_CACHE; i++) {
		sqlite3_finalize(db->stmts[i].s);
		dbpg_stmt_free(db, db->stmts[i].p);
		free(db->stmts[i].sql);
	}
	free(db->stmts);
	db->stmts = NULL;
	db->engine = DB_SQLITE;
	if (db->h)
		sqlite3_close_v2(db->h);
	db->h = NULL;
	db->tx_depth = 0;
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
	if PG
		return dbpg_exec(db, sql, e);
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, "database: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_begin(struct db *db, struct err *e)
{
	char sql[64];
	if (db->tx_depth == 0 && PG) { /* writers one at a time, as SQLite's */
		if (dbpg_begin_write(db, e))
			return -1;
		db->tx_depth++;
		return 0;
	}
	if (db->tx_depth == 0)
		snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
	else
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->tx_depth);
	if (db_exec(db, sql, e))
		return -1;
	db->tx_depth++;
	return 0;
}

int db_commit(struct db *db, struct err *e)
{
	char sql[64];
	if (db->tx_depth <= 0)
		return err_set(e, "database: commit without a transaction");
	if (db->tx_depth == 1 && PG) {
		/* PostgreSQL answers COMMIT of a transaction a failed statement
		 * aborted with a silent ROLLBACK: that is an error here. */
		if (dbpg_commit(db, e)) {
			db->tx_depth--;
			return -1;
		}
		db->tx_depth--;
		return 0;
	}
	if (db->tx_depth == 1)
		snprintf(sql, sizeof sql, "COMMIT");
	else
		snprintf(sql, sizeof sql, "RELEASE sp%d", db->tx_depth - 1);
	if (db_exec(db, sql, e))
		return -1;
	db->tx_depth--;
	return 0;
}

void db_rollback(struct db *db)
{
	char sql[80];
	if (db->tx_depth <= 0)
		return;
	if (db->tx_depth == 1)
		snprintf(sql, sizeof sql, "ROLLBACK");
	else
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->tx_depth - 1,
			 db->tx_depth - 1);
	if PG
		dbpg_exec(db, sql, NULL);
	else
		sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	db->tx_depth--;
}

/* Runs one constant statement, kept prepared. */
static int exec_kept(struct db *db, const char *sql, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(db, &s, sql, e))
		return -1;
	int r = db_run(&s, e);
	db_finalize(&s);
	return r;
}

int db_read_begin(struct db *db, struct err *e)
{
	if PG /* one picture of the data for the whole read, as SQLite's */
		return dbpg_exec(db,
				 db->tx_depth > 0 ? "SAVEPOINT rd"
						  : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
				 e);
	return exec_kept(db, db->tx_depth > 0 ? "SAVEPOINT rd" : "BEGIN", e);
}

void db_read_end(struct db *db)
{
	if PG {
		dbpg_exec(db, db->tx_depth > 0 ? "RELEASE rd" : "COMMIT", NULL);
		return;
	}
	exec_kept(db, db->tx_depth > 0 ? "RELEASE rd" : "COMMIT", NULL);
}

/* The slot for a new kept statement: a free one, else the least recently
 * used one that is not handed out (its statement finalized); NULL when
 * every slot is in use. */
static struct db_cached_stmt *free_slot(struct db *db)
{
	if (!db->stmts)
		db->stmts = xcalloc(DB_STMT_CACHE, sizeof *db->stmts);
	struct db_cached_stmt *best = NULL;
	for (size_t i = 0; i < DB_STMT_CACHE; i++) {
		struct db_cached_stmt *c = &db->stmts[i];
		if (!c->sql)
			return c;
		if (!c->busy && (!best || c->used < best->used))
			best = c;
	}
	if (best) {
		sqlite3_finalize(best->s);
		dbpg_stmt_free(db, best->p);
		free(best->sql);
		*best = (struct db_cached_stmt){ NULL, NULL, NULL, false, 0 };
	}
	return best;
}

int db_prepare(struct db *db, struct stmt *st, const char *sql, struct err *e)
{
	st->db = db;
	st->s = NULL;
	st->p = NULL;
	st->slot = NULL;
	for (size_t i = 0; db->stmts && i < DB_STMT_CACHE; i++) {
		struct db_cached_stmt *c = &db->stmts[i];
		if (c->sql && !c->busy && strcmp(c->sql, sql) == 0) {
			c->busy = true;
			c->used = ++db->clock;
			st->s = c->s;
			st->p = c->p;
			st->slot = c;
			return 0;
		}
	}
	struct db_cached_stmt *c = free_slot(db);
	if PG {
		if (!(st->p = dbpg_prepare(db, sql, e)))
			return -1;
		if (c) {
			*c = (struct db_cached_stmt){ xstrdup(sql), NULL, st->p, true, ++db->clock };
			st->slot = c;
		}
		return 0;
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, c ? SQLITE_PREPARE_PERSISTENT : 0, &st->s, NULL) !=
	    SQLITE_OK) {
		sqlite3_finalize(st->s);
		st->s = NULL;
		return sqlite_err(db, e, "prepare");
	}
	if (c && st->s) { /* st->s is NULL for SQL that is only a comment */
		*c = (struct db_cached_stmt){ xstrdup(sql), st->s, NULL, true, ++db->clock };
		st->slot = c;
	}
	return 0;
}

int db_prepare2(struct db *db, struct stmt *st, const char *sqlite_sql, const char *pg_sql,
		struct err *e)
{
	return db_prepare(db, st, PG ? pg_sql : sqlite_sql, e);
}

void db_bind_text(struct stmt *st, int i, const char *s)
{
	if PG_ST
		dbpg_bind(st->p, i, s, 0, false);
	else if (s)
		sqlite3_bind_text(st->s, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->s, i);
}

void db_bind_int(struct stmt *st, int i, int64_t v)
{
	if PG_ST
		dbpg_bind_int(st->p, i, v);
	else
		sqlite3_bind_int64(st->s, i, v);
}

void db_bind_null(struct stmt *st, int i)
{
	if PG_ST
		dbpg_bind(st->p, i, NULL, 0, false);
	else
		sqlite3_bind_null(st->s, i);
}

void db_bind_blob(struct stmt *st, int i, const void *p, int n)
{
	if PG_ST /* a NULL p with n 0 is an empty blob, as SQLite's zero-length one */
		dbpg_bind(st->p, i, p ? p : "", n > 0 ? (size_t)n : 0, true);
	else
		sqlite3_bind_blob(st->s, i, p, n, SQLITE_TRANSIENT);
}

int db_step(struct stmt *st, struct err *e)
{
	if PG_ST
		return dbpg_step(st->db, st->p, e);
	int rc = sqlite3_step(st->s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return sqlite_err(st->db, e, "step");
}

void db_reset(struct stmt *st)
{
	if PG_ST {
		dbpg_reset(st->p);
		return;
	}
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
}

int db_run(struct stmt *st, struct err *e)
{
	int r;
	while ((r = db_step(st, e)) == 1)
		;
	return r;
}

int db_run_id(struct stmt *st, int64_t *id, struct err *e)
{
	int r = db_step(st, e);
	if (r == 0)
		return err_set(e, "database: an insert answered no id");
	if (r < 0)
		return -1;
	*id = db_col_int(st, 0);
	return db_run(st, e);
}

void db_bind_int_or_null(struct stmt *st, int i, int64_t v, int64_t null_value)
{
	if (v == null_value)
		db_bind_null(st, i);
	else
		db_bind_int(st, i, v);
}

void db_bind_text_or_empty(struct stmt *st, int i, const char *s)
{
	if PG_ST
		dbpg_bind(st->p, i, s ? s : "", 0, false);
	else
		sqlite3_bind_text(st->s, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* A column index past the statement's columns is a programmer error that
 * SQLite answers with NULL, which reads as "" or 0 and hides the mistake:
 * make it loud.  One call of sqlite3_column_count per column read, cheap
 * enough for every build that does not define NDEBUG. */
#ifndef NDEBUG
static void col_check(struct stmt *st, int i)
{
	int n = PG_ST ? dbpg_ncols(st->p) : sqlite3_column_count(st->s);
	if (i < 0 || i >= n)
		BUG("column %d of a statement with %d: %s", i, n,
		    PG_ST ? dbpg_sql(st->p) : sqlite3_sql(st->s));
}
#else
#define col_check(st, i) ((void)0)
#endif

const char *db_col_text(struct stmt *st, int i)
{
	col_check(st, i);
	if PG_ST {
		const char *t = dbpg_col(st->p, i);
		return t ? t : "";
	}
	const unsigned char *t = sqlite3_column_text(st->s, i);
	return t ? (const char *)t : "";
}

bool db_col_blob(struct stmt *st, int i, void *out, size_t n)
{
	col_check(st, i);
	if PG_ST
		return dbpg_col_blob(st->p, i, out, n);
	const void *b = sqlite3_column_blob(st->s, i);
	if (!b && n == 0) /* SQLite answers NULL for an empty blob too */
		return sqlite3_column_type(st->s, i) != SQLITE_NULL;
	if (!b || (size_t)sqlite3_column_bytes(st->s, i) != n)
		return false;
	memcpy(out, b, n);
	return true;
}

size_t db_col_bytes(struct stmt *st, int i)
{
	col_check(st, i);
	if PG_ST
		return dbpg_col_bytes(st->p, i);
	sqlite3_column_blob(st->s, i); /* the blob's length, not its text's */
	return (size_t)sqlite3_column_bytes(st->s, i);
}

const char *db_col_opt(struct stmt *st, int i)
{
	col_check(st, i);
	if PG_ST
		return dbpg_col(st->p, i);
	return (const char *)sqlite3_column_text(st->s, i);
}

char *db_col_dup(struct stmt *st, int i)
{
	return xstrdup(db_col_text(st, i));
}

bool db_col_null(struct stmt *st, int i)
{
	col_check(st, i);
	if PG_ST
		return dbpg_col(st->p, i) == NULL;
	return sqlite3_column_type(st->s, i) == SQLITE_NULL;
}

int64_t db_col_int(struct stmt *st, int i)
{
	col_check(st, i);
	if PG_ST
		return dbpg_col_int(st->p, i);
	return sqlite3_column_int64(st->s, i);
}

int64_t db_col_int_or(struct stmt *st, int i, int64_t if_null)
{
	return db_col_null(st, i) ? if_null : db_col_int(st, i);
}

void db_finalize(struct stmt *st)
{
	if PG_ST {
		if (st->slot) {
			dbpg_reset(st->p);
			st->slot->busy = false;
			st->slot = NULL;
		} else {
			dbpg_stmt_free(st->db, st->p);
		}
		st->p = NULL;
		return;
	}
	if (st->slot) {
		/* reset, so the kept statement holds no read transaction open */
		sqlite3_reset(st->s);
		sqlite3_clear_bindings(st->s);
		st->slot->busy = false;
		st->slot = NULL;
	} else {
		sqlite3_finalize(st->s);
	}
	st->s = NULL;
}

int64_t db_changes(struct db *db)
{
	return PG ? dbpg_changes(db) : sqlite3_changes64(db->h);
}

int64_t db_total_changes(struct db *db)
{
	return PG ? dbpg_total_changes(db) : sqlite3_total_changes64(db->h);
}

int64_t db_data_version(struct db *db)
{
	return PG ? -1 : db_int(db, -1, "PRAGMA data_version", NULL);
}

int db_checkpoint(struct db *db, int *log, int *done, struct err *e)
{
	*log = *done = 0;
	if PG
		return 0;
	if (!db->h) /* closed (a PostgreSQL store closes to SQLite's empty state) */
		return err_set(e, "checkpoint: the database is not open");
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, log, done);
	if (rc == SQLITE_OK || rc == SQLITE_BUSY) /* a reader in the way: next time */
		return 0;
	return err_set(e, "checkpoint: %s", sqlite3_errmsg(db->h));
}

void db_autocheckpoint(struct db *db, bool on)
{
	if (!PG)
		sqlite3_wal_autocheckpoint(db->h, on ? 1000 : 0);
}

int64_t db_int(struct db *db, int64_t dflt, const char *sql, const char *param)
{
	struct stmt st = STMT_INIT;
	int64_t v = dflt;
	if (db_prepare(db, &st, sql, NULL))
		return dflt;
	if (param)
		db_bind_text(&st, 1, param);
	if (db_step(&st, NULL) == 1 && !db_col_null(&st, 0))
		v = db_col_int(&st, 0);
	db_finalize(&st);
	return v;
}

int db_table_columns(struct db *db, const char *table, struct buf *out, struct err *e)
{
	struct stmt st = STMT_INIT;
	int rc;
	buf_reset(out);
	if (db_prepare2(db, &st, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
			"SELECT column_name FROM information_schema.columns WHERE table_schema = "
			"current_schema() AND table_name = ?1 ORDER BY ordinal_position",
			e))
		return -1;
	db_bind_text(&st, 1, table);
	while ((rc = db_step(&st, e)) == 1) {
		if (out->len)
			buf_addc(out, ',');
		buf_adds(out, db_col_text(&st, 0));
	}
	db_finalize(&st);
	return rc < 0 ? -1 : 0;
}
