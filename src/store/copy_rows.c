/*
 * copy_rows.c — one table's rows moved from one connection to another,
 * and the digest that proves a table holds the same rows (copy_rows.h).
 *
 * A value travels by its column's declared kind (copy_schema.h): an
 * integer as an integer, text as its bytes, a blob as its bytes (bytea on
 * PostgreSQL), NULL as NULL.  The digest of a table is the sum, modulo
 * 2^256, of the BLAKE2b-256 of each row's encoding: it does not depend on
 * the order the rows come in (the engines order NULLs and the implicit
 * rowid differently), and, unlike an XOR, two equal rows do not cancel.
 */
#include "store/copy_rows.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/xalloc.h"

/* Appends a length or an integer, 8 bytes big-endian. */
static void put64(struct buf *b, uint64_t v)
{
	unsigned char x[8];
	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (56 - 8 * i));
	buf_add(b, x, sizeof x);
}

/* Adds the BLAKE2b-256 of row (its encoding) to sum, modulo 2^256. */
static void digest_add(unsigned char sum[32], const struct buf *row)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)row->data, row->len, NULL, 0);
	unsigned carry = 0;
	for (int i = 31; i >= 0; i--) {
		unsigned v = sum[i] + h[i] + carry;
		sum[i] = (unsigned char)v;
		carry = v >> 8;
	}
}

/* The current row of s (columns as t's) appended to enc, encoded: per
 * value a tag (N, I, T, B), then an integer as 8 bytes big-endian, a text
 * or blob as its length (8 bytes) and bytes.  blob: scratch space.  -1
 * with e for a blob too long to bind. */
static int take_row(struct stmt *s, const struct copy_table *t, struct buf *enc, struct buf *blob,
		    struct err *e)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		int c = (int)i;
		if (db_col_null(s, c)) {
			buf_addc(enc, 'N');
			continue;
		}
		switch (t->cols[i].kind) {
		case COPY_INT:
			buf_addc(enc, 'I');
			put64(enc, (uint64_t)db_col_int(s, c));
			break;
		case COPY_TEXT: {
			const char *v = db_col_text(s, c);
			buf_addc(enc, 'T');
			put64(enc, strlen(v));
			buf_adds(enc, v);
			break;
		}
		case COPY_BLOB: {
			size_t n = db_col_bytes(s, c);
			if (n > INT_MAX)
				return err_set(e,
					       "表 %s の %s：値が大きすぎます / table %s, %s: a value "
					       "too large to copy",
					       t->name, t->cols[i].name, t->name, t->cols[i].name);
			buf_reset(blob);
			buf_reserve(blob, n + 1);
			if (!db_col_blob(s, c, blob->data, n))
				return err_set(e, "表 %s の %s を読めません / table %s: cannot read %s",
					       t->name, t->cols[i].name, t->name, t->cols[i].name);
			buf_addc(enc, 'B');
			put64(enc, n);
			buf_add(enc, blob->data, n);
			break;
		}
		}
	}
	return 0;
}

/* Reads 8 bytes big-endian at *p, and moves *p past them. */
static uint64_t get64(const unsigned char **p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | (*p)[i];
	*p += 8;
	return v;
}

/* Binds the n_cols values encoded at *p (take_row's encoding, made by
 * this process) to ins from parameter first on; moves *p past them.
 * txt: scratch space for a text's terminating NUL.  Every bind copies
 * its value (SQLITE_TRANSIENT, dbpg_bind), so scratch may be reused. */
static void copy_rows_bind_row(struct stmt *ins, int first, size_t n_cols, const unsigned char **p,
			       struct buf *txt)
{
	for (size_t i = 0; i < n_cols; i++) {
		int at = first + (int)i;
		unsigned char tag = *(*p)++;
		if (tag == 'N') {
			db_bind_null(ins, at);
		} else if (tag == 'I') {
			db_bind_int(ins, at, (int64_t)get64(p));
		} else {
			size_t n = (size_t)get64(p);
			if (tag == 'T') {
				buf_reset(txt);
				buf_add(txt, *p, n);
				db_bind_text(ins, at, txt->data);
			} else { /* never a NULL pointer: SQLite would bind NULL */
				db_bind_blob(ins, at, n ? (const void *)*p : "", (int)n);
			}
			*p += n;
		}
	}
}

/* SELECT of t's columns on db, into sql.  A SQLite rowid table is read
 * in rowid order and a table with a column rowid in that column's, so a
 * SQLite target gives the rows its implicit rowids in the same order
 * (incident_steps orders a checklist by them). */
static void select_sql(const struct db *db, const struct copy_table *t, struct buf *sql)
{
	bool has_rowid_col = !strcmp(t->cols[t->n_cols - 1].name, "rowid");
	buf_adds(sql, "SELECT ");
	for (size_t i = 0; i < t->n_cols; i++)
		buf_addf(sql, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	buf_addf(sql, " FROM \"%s\"", t->name);
	if (has_rowid_col || (db_engine(db) == DB_SQLITE && t->sqlite_rowid))
		buf_adds(sql, " ORDER BY rowid");
}

/* INSERT of rows rows of t, into sql: parameters numbered row by row. */
static void copy_rows_insert_sql(const struct copy_table *t, size_t rows, struct buf *sql)
{
	buf_addf(sql, "INSERT INTO \"%s\" (", t->name);
	for (size_t i = 0; i < t->n_cols; i++)
		buf_addf(sql, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	buf_adds(sql, ") VALUES ");
	for (size_t r = 0; r < rows; r++) {
		buf_adds(sql, r ? ", (" : "(");
		for (size_t i = 0; i < t->n_cols; i++)
			buf_addf(sql, "%s?%zu", i ? ", " : "", r * t->n_cols + i + 1);
		buf_adds(sql, ")");
	}
}

/* Rows wait in a batch and go into the target by one INSERT of many rows:
 * on PostgreSQL each statement is a round trip to the server, and one per
 * row made a copy of 18,800 rows take 5 s.  A batch holds at most
 * COPY_BATCH_ROWS rows, COPY_MAX_PARAMS values (the limit of the
 * placeholder rewrite, db_pg_sql.c, and SQLite's old default) and about
 * COPY_BATCH_BYTES of encoded values. */
#define COPY_BATCH_ROWS 100
#define COPY_MAX_PARAMS 999
#define COPY_BATCH_BYTES (4u << 20)

struct batch {
	struct buf enc; /* the rows, encoded one after the other */
	size_t rows;
};

/* Inserts the rows of b into t on dst, and empties b. */
static int flush(struct db *dst, const struct copy_table *t, struct batch *b, struct err *e)
{
	struct buf sql = BUF_INIT, txt = BUF_INIT;
	struct stmt ins = STMT_INIT;
	int rc = 0;
	if (b->rows == 0)
		return 0;
	copy_rows_insert_sql(t, b->rows, &sql);
	rc = db_prepare(dst, &ins, sql.data, e);
	if (rc == 0) {
		const unsigned char *p = (const unsigned char *)b->enc.data;
		for (size_t r = 0; r < b->rows; r++)
			copy_rows_bind_row(&ins, (int)(r * t->n_cols) + 1, t->n_cols, &p, &txt);
		rc = db_run(&ins, e);
	}
	if (rc) {
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		err_set(e, "表 %s に書けません / table %s: %s", t->name, t->name, msg);
	}
	db_finalize(&ins);
	buf_release(&sql);
	buf_release(&txt);
	buf_reset(&b->enc);
	b->rows = 0;
	return rc;
}

/* Reads every row of t from src; inserts each into dst when dst is not
 * NULL.  Counts the rows and sums their digest into *rows and sum. */
static int walk(struct db *src, struct db *dst, const struct copy_table *t, int64_t *rows,
		unsigned char sum[32], struct err *e)
{
	struct buf sel = BUF_INIT, row = BUF_INIT, blob = BUF_INIT;
	struct batch b = { BUF_INIT, 0 };
	struct stmt s = STMT_INIT;
	size_t per_batch = COPY_MAX_PARAMS / t->n_cols;
	int rc = -1, r;
	*rows = 0;
	memset(sum, 0, 32);
	if (per_batch > COPY_BATCH_ROWS)
		per_batch = COPY_BATCH_ROWS;
	if (per_batch == 0)
		return err_set(e, "表 %s：列が多すぎます / table %s: too many columns", t->name, t->name);
	select_sql(src, t, &sel);
	if (db_prepare(src, &s, sel.data, e))
		goto out;
	while ((r = db_step(&s, e)) == 1) {
		buf_reset(&row);
		if (take_row(&s, t, &row, &blob, e))
			goto out;
		digest_add(sum, &row);
		(*rows)++;
		if (!dst)
			continue;
		buf_add(&b.enc, row.data, row.len);
		if (++b.rows == per_batch || b.enc.len >= COPY_BATCH_BYTES)
			if (flush(dst, t, &b, e))
				goto out;
	}
	if (r == 0 && dst)
		r = flush(dst, t, &b, e);
	rc = r;
out:
	db_finalize(&s);
	buf_release(&sel);
	buf_release(&row);
	buf_release(&blob);
	buf_release(&b.enc);
	return rc;
}

/* SQLite keeps what it is given: an integer column may hold a text that
 * did not look like a number, which db_col_int would read as 0 on both
 * sides of the digest alike.  Such a row is refused instead of being
 * copied as something else. */
static int check_integers(struct db *db, const struct copy_table *t, struct err *e)
{
	struct buf sql = BUF_INIT;
	const char *first = NULL;
	buf_adds(&sql, "SELECT count(*) FROM \"");
	buf_adds(&sql, t->name);
	buf_adds(&sql, "\" WHERE 0");
	for (size_t i = 0; i < t->n_cols; i++) {
		if (t->cols[i].kind != COPY_INT || !strcmp(t->cols[i].name, "rowid"))
			continue;
		buf_addf(&sql, " OR typeof(\"%s\") NOT IN ('integer', 'null')", t->cols[i].name);
		first = first ? first : t->cols[i].name;
	}
	int64_t n = first ? db_int(db, -1, sql.data, NULL) : 0;
	buf_release(&sql);
	if (n < 0)
		return err_set(e, "表 %s を読めません / table %s cannot be read", t->name, t->name);
	if (n != 0)
		return err_set(e,
			       "表 %s：整数の列に整数でない値があります（%lld 行） / table %s: %lld "
			       "rows hold a value that is not an integer in an integer column",
			       t->name, (long long)n, t->name, (long long)n);
	return 0;
}

/* See copy_rows.h. */
int copy_rows(struct db *src, struct db *dst, struct copy_table *t, struct err *e)
{
	if (db_engine(src) == DB_SQLITE && check_integers(src, t, e))
		return -1;
	return walk(src, dst, t, &t->rows, t->sum, e);
}

/* See copy_rows.h. */
int copy_rows_check(struct db *db, const struct copy_table *t, struct err *e)
{
	int64_t rows;
	unsigned char sum[32];
	if (walk(db, NULL, t, &rows, sum, e))
		return -1;
	if (rows != t->rows || memcmp(sum, t->sum, sizeof sum))
		return err_set(e,
			       "表 %s：コピーの行が元と一致しません（元 %lld 行、先 %lld 行） / "
			       "table %s: the copy's rows are not the source's (%lld rows, %lld "
			       "read back)",
			       t->name, (long long)t->rows, (long long)rows, t->name,
			       (long long)t->rows, (long long)rows);
	return 0;
}
