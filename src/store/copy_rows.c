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

/* The current row of s (columns as t's) encoded into enc, each value also
 * bound to ins (parameter i + 1) when ins is not NULL.  blob: scratch
 * space for blob values.  -1 with e for a blob too long to bind. */
static int take_row(struct stmt *s, const struct copy_table *t, struct stmt *ins, struct buf *enc,
		    struct buf *blob, struct err *e)
{
	buf_reset(enc);
	for (size_t i = 0; i < t->n_cols; i++) {
		int c = (int)i;
		if (db_col_null(s, c)) {
			buf_addc(enc, 'N');
			if (ins)
				db_bind_null(ins, c + 1);
			continue;
		}
		switch (t->cols[i].kind) {
		case COPY_INT: {
			int64_t v = db_col_int(s, c);
			buf_addc(enc, 'I');
			put64(enc, (uint64_t)v);
			if (ins)
				db_bind_int(ins, c + 1, v);
			break;
		}
		case COPY_TEXT: {
			const char *v = db_col_text(s, c);
			buf_addc(enc, 'T');
			put64(enc, strlen(v));
			buf_adds(enc, v);
			if (ins)
				db_bind_text(ins, c + 1, v);
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
			/* never a NULL pointer: SQLite would bind NULL, not an empty blob */
			if (ins)
				db_bind_blob(ins, c + 1, blob->data, (int)n);
			break;
		}
		}
	}
	return 0;
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

/* INSERT of one row of t, into sql. */
static void insert_sql(const struct copy_table *t, struct buf *sql)
{
	buf_addf(sql, "INSERT INTO \"%s\" (", t->name);
	for (size_t i = 0; i < t->n_cols; i++)
		buf_addf(sql, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	buf_adds(sql, ") VALUES (");
	for (size_t i = 0; i < t->n_cols; i++)
		buf_addf(sql, "%s?%zu", i ? ", " : "", i + 1);
	buf_adds(sql, ")");
}

/* Reads every row of t from src; inserts each into dst when dst is not
 * NULL.  Counts the rows and sums their digest into *rows and sum. */
static int walk(struct db *src, struct db *dst, const struct copy_table *t, int64_t *rows,
		unsigned char sum[32], struct err *e)
{
	struct buf sel = BUF_INIT, ins_sql = BUF_INIT, enc = BUF_INIT, blob = BUF_INIT;
	struct stmt s = STMT_INIT, ins = STMT_INIT;
	int rc = -1, r;
	*rows = 0;
	memset(sum, 0, 32);
	select_sql(src, t, &sel);
	if (db_prepare(src, &s, sel.data, e))
		goto out;
	if (dst) {
		insert_sql(t, &ins_sql);
		if (db_prepare(dst, &ins, ins_sql.data, e))
			goto out;
	}
	while ((r = db_step(&s, e)) == 1) {
		if (dst)
			db_reset(&ins);
		if (take_row(&s, t, dst ? &ins : NULL, &enc, &blob, e))
			goto out;
		if (dst && db_run(&ins, e)) {
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
			err_set(e, "表 %s に書けません / table %s: %s", t->name, t->name, msg);
			goto out;
		}
		digest_add(sum, &enc);
		(*rows)++;
	}
	rc = r;
out:
	db_finalize(&ins);
	db_finalize(&s);
	buf_release(&sel);
	buf_release(&ins_sql);
	buf_release(&enc);
	buf_release(&blob);
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
