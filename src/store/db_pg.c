/*
 * db_pg.c — PostgreSQL behind db.h (see db.h for the semantics and
 * db_pg.h for the pieces).  The only file that includes libpq.
 *
 * Statements: PQprepare once under a name unique in the connection
 * ("i" and a counter), PQexecPrepared after; the values go as text (an
 * integer too, the server converts it to the column's type) except blobs,
 * which go binary (paramFormats 1) so their 0x00 bytes survive; results
 * come back in text form, one format for the whole result (libpq cannot
 * ask for binary per column), so a bytea column arrives as \x and hex
 * digits and db_col_blob decodes it.  Text results keep db_col_text a
 * pointer into the result, as SQLite's is, and an integer a strtoll.
 */
#include "store/db_pg.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct dbpg {
	PGconn *c;
	uint64_t next_name; /* for the names of prepared statements */
	int64_t changes, total_changes;
};

struct dbpg_stmt {
	char name[24];
	char *sql; /* as the store wrote it, for messages */
	int nparams;
	char **vals; /* nparams each, vals[i] malloc'd or NULL */
	int *lens, *fmts;
	PGresult *res;
	int row, nrows, ncols; /* row: the current one; -1 before the first */
	bool done;             /* res walked to its end */
};

/* PostgreSQL's own message of a failed result: the primary text (for a
 * RAISE EXCEPTION, its message), else the connection's.  A broken foreign
 * key or unique constraint (SQLSTATE 23503, 23505) is named first as
 * SQLite names it ("FOREIGN KEY constraint failed", "UNIQUE constraint
 * failed"): the store tells the person which from those words
 * (element_store.c's finish), on either engine. */
static int pg_err(struct db *db, const PGresult *r, struct err *e, const char *what)
{
	const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *as_sqlite = "";
	if (state && strcmp(state, "23503") == 0)
		as_sqlite = "FOREIGN KEY constraint failed: ";
	else if (state && strcmp(state, "23505") == 0)
		as_sqlite = "UNIQUE constraint failed: ";
	if (!m || !*m)
		m = db->pg && db->pg->c ? PQerrorMessage(db->pg->c) : "not open";
	size_t n = strlen(m);
	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	return err_set(e, "database: %s: %s%.*s", what, as_sqlite, (int)n, m);
}

/* Notices (NOTICE: … already exists, skipping) are not errors: not on
 * stderr. */
static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

int dbpg_open(struct db *db, const char *uri, bool readonly, struct err *e)
{
	if (strlen(uri) > DBPG_TARGET_MAX)
		return err_set(e, "database: the PostgreSQL URI is longer than %d bytes", DBPG_TARGET_MAX);
	const char *keys[] = { "dbname", "client_encoding", "application_name", "connect_timeout", NULL };
	const char *vals[] = { uri, "UTF8", "itbcp", "10", NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (!c)
		return err_set(e, "database: PostgreSQL: out of memory");
	if (PQstatus(c) != CONNECTION_OK) {
		const char *m = PQerrorMessage(c);
		size_t n = strlen(m);
		while (n > 0 && m[n - 1] == '\n')
			n--;
		err_set(e, "database: PostgreSQL: %.*s", (int)n, m);
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	db->pg = xcalloc(1, sizeof *db->pg);
	db->pg->c = c;
	db->engine = DB_PG;
	db->h = NULL;
	db->tx_depth = 0;
	/* UTC in the database (ARCHITECTURE.md's data rules), whatever the
	 * server's default; a lock (the writers' one above all) waited for
	 * 5 s at most, as SQLite's busy timeout, then an error instead of a
	 * thread stuck for good; a reader's connection refuses every write. */
	const char *setup = readonly ? "SET TIME ZONE 'UTC'; SET lock_timeout = '5s'; "
				       "SET default_transaction_read_only = on"
				     : "SET TIME ZONE 'UTC'; SET lock_timeout = '5s'";
	if (dbpg_exec(db, setup, e)) {
		dbpg_close(db);
		return -1;
	}
	return 0;
}

void dbpg_close(struct db *db)
{
	if (!db->pg)
		return;
	PQfinish(db->pg->c);
	free(db->pg);
	db->pg = NULL;
}

int dbpg_exec(struct db *db, const char *sql, struct err *e)
{
	PGresult *r = PQexec(db->pg->c, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
		rc = pg_err(db, r, e, "exec");
	PQclear(r);
	return rc;
}

int dbpg_begin_write(struct db *db, struct err *e)
{
	char sql[80];
	snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%lld)", DB_PG_WRITE_LOCK);
	if (dbpg_exec(db, sql, e) == 0)
		return 0;
	if (PQtransactionStatus(db->pg->c) != PQTRANS_IDLE)
		PQclear(PQexec(db->pg->c, "ROLLBACK"));
	return -1;
}

int dbpg_commit(struct db *db, struct err *e)
{
	bool failed = PQtransactionStatus(db->pg->c) == PQTRANS_INERROR;
	PGresult *r = PQexec(db->pg->c, failed ? "ROLLBACK" : "COMMIT");
	int rc = 0;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_err(db, r, e, "commit");
	else if (failed || strcmp(PQcmdStatus(r), "COMMIT") != 0)
		rc = err_set(e, "database: commit: a statement of the transaction failed, "
				"it was rolled back");
	PQclear(r);
	return rc;
}

struct dbpg_stmt *dbpg_prepare(struct db *db, const char *sql, struct err *e)
{
	struct buf q = BUF_INIT;
	int n = 0;
	if (dbpg_sql_translate(sql, &q, &n, e)) {
		buf_release(&q);
		return NULL;
	}
	struct dbpg_stmt *p = xcalloc(1, sizeof *p);
	snprintf(p->name, sizeof p->name, "i%llu", (unsigned long long)++db->pg->next_name);
	PGresult *r = PQprepare(db->pg->c, p->name, q.data, 0, NULL);
	buf_release(&q);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pg_err(db, r, e, "prepare");
		PQclear(r);
		free(p);
		return NULL;
	}
	PQclear(r);
	p->sql = xstrdup(sql);
	p->nparams = n;
	if (n > 0) {
		p->vals = xcalloc((size_t)n, sizeof *p->vals);
		p->lens = xcalloc((size_t)n, sizeof *p->lens);
		p->fmts = xcalloc((size_t)n, sizeof *p->fmts);
	}
	p->row = -1;
	return p;
}

void dbpg_stmt_free(struct db *db, struct dbpg_stmt *p)
{
	if (!p)
		return;
	dbpg_reset(p);
	/* Inside an aborted transaction the server refuses this too; the
	 * statement then lives on, unused, until the connection closes. */
	if (db->pg && PQtransactionStatus(db->pg->c) != PQTRANS_INERROR) {
		char sql[48];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
		PQclear(PQexec(db->pg->c, sql));
	}
	free(p->vals);
	free(p->lens);
	free(p->fmts);
	free(p->sql);
	free(p);
}

void dbpg_bind(struct dbpg_stmt *p, int i, const void *v, size_t n, bool binary)
{
	if (i < 1 || i > p->nparams)
		return; /* as SQLite: a parameter the SQL does not have is ignored */
	free(p->vals[i - 1]);
	p->vals[i - 1] = NULL;
	p->lens[i - 1] = 0;
	p->fmts[i - 1] = 0;
	if (!v)
		return;
	if (binary) {
		p->vals[i - 1] = xmalloc(n ? n : 1);
		memcpy(p->vals[i - 1], v, n);
		p->lens[i - 1] = (int)n;
		p->fmts[i - 1] = 1;
	} else {
		p->vals[i - 1] = xstrdup(v);
	}
}

void dbpg_bind_int(struct dbpg_stmt *p, int i, int64_t v)
{
	char t[24];
	snprintf(t, sizeof t, "%lld", (long long)v);
	dbpg_bind(p, i, t, 0, false);
}

/* Counts the rows a command changed, as sqlite3_changes does: INSERT,
 * UPDATE, DELETE and MERGE only. */
static void count_changes(struct db *db, PGresult *r)
{
	const char *st = PQcmdStatus(r);
	if (strncmp(st, "INSERT", 6) && strncmp(st, "UPDATE", 6) && strncmp(st, "DELETE", 6) &&
	    strncmp(st, "MERGE", 5))
		return;
	int64_t n = strtoll(PQcmdTuples(r), NULL, 10);
	db->pg->changes = n;
	db->pg->total_changes += n;
}

int dbpg_step(struct db *db, struct dbpg_stmt *p, struct err *e)
{
	if (p->done) { /* as SQLite: a step after the end runs it again */
		PQclear(p->res);
		p->res = NULL;
		p->done = false;
	}
	if (!p->res) {
		p->res = PQexecPrepared(db->pg->c, p->name, p->nparams,
					(const char *const *)p->vals, p->lens, p->fmts, 0);
		ExecStatusType s = PQresultStatus(p->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			int rc = pg_err(db, p->res, e, "step");
			PQclear(p->res);
			p->res = NULL;
			return rc;
		}
		count_changes(db, p->res);
		p->nrows = PQntuples(p->res);
		p->ncols = PQnfields(p->res);
		p->row = -1;
	}
	if (p->row + 1 < p->nrows) {
		p->row++;
		return 1;
	}
	p->done = true;
	return 0;
}

void dbpg_reset(struct dbpg_stmt *p)
{
	PQclear(p->res);
	p->res = NULL;
	p->done = false;
	p->row = -1;
	p->nrows = p->ncols = 0;
	for (int i = 0; i < p->nparams; i++) {
		free(p->vals[i]);
		p->vals[i] = NULL;
		p->lens[i] = p->fmts[i] = 0;
	}
}

int dbpg_ncols(const struct dbpg_stmt *p)
{
	/* before the first step SQLite knows its columns; here the result
	 * does, so a read before a row is a BUG either way */
	return p->res ? p->ncols : 0;
}

const char *dbpg_sql(const struct dbpg_stmt *p)
{
	return p->sql;
}

const char *dbpg_col(const struct dbpg_stmt *p, int i)
{
	if (!p->res || p->row < 0 || p->row >= p->nrows || PQgetisnull(p->res, p->row, i))
		return NULL;
	return PQgetvalue(p->res, p->row, i);
}

int64_t dbpg_col_int(const struct dbpg_stmt *p, int i)
{
	const char *t = dbpg_col(p, i);
	if (!t)
		return 0;
	/* a boolean comes as t/f: 1/0, as SQLite answers a comparison */
	if (t[0] == 't' && t[1] == '\0')
		return 1;
	return strtoll(t, NULL, 10);
}

/* The value of one hex digit (checked before). */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

size_t dbpg_col_bytes(const struct dbpg_stmt *p, int i)
{
	const char *t = dbpg_col(p, i);
	if (!t)
		return 0;
	if (t[0] == '\\' && t[1] == 'x')
		return (strlen(t) - 2) / 2;
	return strlen(t); /* not a bytea: its text, as SQLite would give it */
}

bool dbpg_col_blob(const struct dbpg_stmt *p, int i, void *out, size_t n)
{
	const char *t = dbpg_col(p, i);
	if (!t)
		return false;
	if (!(t[0] == '\\' && t[1] == 'x')) { /* not a bytea: its text */
		if (strlen(t) != n)
			return false;
		memcpy(out, t, n);
		return true;
	}
	t += 2;
	if (strlen(t) != 2 * n || strspn(t, "0123456789abcdefABCDEF") != 2 * n)
		return false; /* out untouched */
	unsigned char *o = out;
	for (size_t k = 0; k < n; k++) {
		int hi = hexval(t[2 * k]), lo = hexval(t[2 * k + 1]);
		o[k] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

bool dbpg_lost(const struct db *db)
{
	if (!db->pg)
		return false;
	/* libpq says CONNECTION_BAD only once it has seen the socket close.
	 * A server that went away between two requests (stopped, killed,
	 * restarted) closed it meanwhile: non-blocking reads, when no
	 * transaction is open, see that now rather than as the next
	 * statement's failure.  A server stopped in order first sends its
	 * FATAL message, which one read takes; the end of the stream is seen
	 * by the next, so three at most.
	 *
	 * Those reads only when the socket has something to read (a
	 * message, or the end of the stream): one poll, which does not
	 * wait, answers for an idle connection that is alive.  Asked before
	 * every request a web thread serves and before every batch of
	 * check-ins, the three reads that each found nothing were three of
	 * the ten or so system calls of a check-in on the web side. */
	PGconn *c = db->pg->c;
	if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE) {
		struct pollfd pf = { .fd = PQsocket(c), .events = POLLIN };
		if (pf.fd >= 0 && poll(&pf, 1, 0) == 0)
			return false; /* nothing came: alive as far as can be known */
	}
	for (int i = 0; i < 3 && PQstatus(c) == CONNECTION_OK &&
			PQtransactionStatus(c) == PQTRANS_IDLE;
	     i++)
		(void)PQconsumeInput(c);
	return PQstatus(c) == CONNECTION_BAD;
}

int64_t dbpg_changes(const struct db *db)
{
	return db->pg ? db->pg->changes : 0;
}

int64_t dbpg_total_changes(const struct db *db)
{
	return db->pg ? db->pg->total_changes : 0;
}
