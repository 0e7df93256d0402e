/*
 * people_import.h — reading a people list as an HR system exports it, and
 * what applying it to the plan would change.  Pure: no database, no HTTP.
 *
 * Input is a CSV file (UTF-8 with or without a BOM, Shift_JIS/CP932 as
 * Japanese HR systems and Excel write it, or UTF-16 with a BOM) or an
 * XLSX workbook (its first sheet).  The first non-empty row holds the
 * column names, in English or Japanese (氏名, 所属, 役職, 電話番号,
 * 携帯電話, メールアドレス …; see people_columns); unknown columns are
 * ignored and reported.  Every limit is explicit: the input size, the
 * rows, the columns, a cell, and the cells and text of the whole table
 * (a few KB of XLSX can name one long shared string from every cell);
 * for XLSX also the uncompressed size of each part (a zip bomb stops at
 * the cap) and the XML (read as a stream; no DTD, no entity expansion,
 * no network).
 *
 * people_diff_compute() compares the rows with the plan's people by id:
 * added, changed (field by field, old → new), and with remove_missing the
 * people the file no longer lists.  Every problem is an error with its row
 * (as a spreadsheet numbers it: the header is row 1), its column and the
 * reason; a diff with errors must not be applied.
 */
#ifndef ITBCP_APP_PEOPLE_IMPORT_H
#define ITBCP_APP_PEOPLE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/people_diff.h"
#include "model/plan.h"
#include "util/err.h"
#include "util/lang.h"

/* The limits of what a file may expand to (README, Security: Limits).
 * Each is several times what an agency's roster of a few thousand people
 * needs, and together they bound the memory of a read and the size of the
 * staged upload, whatever the file's compression (a zip bomb, or one
 * shared string referenced by every cell). */
#define PEOPLE_IMPORT_MAX_BYTES (5u << 20)  /* an upload above this is refused */
#define PEOPLE_IMPORT_MAX_ROWS 20000        /* rows, the header and blank rows included */
#define PEOPLE_IMPORT_MAX_COLS 200          /* columns in one row */
#define PEOPLE_IMPORT_MAX_CELLS 1000000     /* cells in all (each row up to its last cell) */
/* Bytes of text in all the cells: the largest CSV accepted (5 MiB of
 * Shift_JIS or UTF-16) is at most 7.5 MiB in UTF-8, so an XLSX may hold
 * as much text as a CSV may, no more. */
#define PEOPLE_IMPORT_MAX_TEXT (8u << 20)
#define PEOPLE_IMPORT_MAX_CELL 4096         /* bytes in one cell */
#define PEOPLE_XLSX_MAX_PART (16u << 20)    /* uncompressed bytes of one XLSX part */
#define PEOPLE_MAX_ERRORS 200               /* errors kept (the rest are counted) */

/* One row of the file: its cells as UTF-8 text (NULL: empty), and its
 * row number. */
struct people_row {
	char **cells;
	size_t n;
	size_t line; /* 1 = the first row of the file or sheet */
};

struct people_table {
	struct people_row *v;
	size_t n, cap;
	const char *encoding; /* "UTF-8", "UTF-8 (BOM)", "CP932", "UTF-16", "XLSX" */
	size_t cells, text;   /* cells and bytes of text in all, within the limits above */
};
#define PEOPLE_TABLE_INIT { NULL, 0, 0, "" }

/* Reads data[0..len) (XLSX when it starts as a zip file, CSV otherwise).
 * 0 with *out filled, or -1 with a message for people in e (lang). */
int people_table_read(const char *data, size_t len, struct people_table *out, enum lang lang,
		      struct err *e);
/* Reads CSV only (the staged, normalised form); same contract. */
int people_table_read_csv(const char *data, size_t len, struct people_table *out,
			  enum lang lang, struct err *e);
/* Reads what people_table_csv() wrote for the staged upload: the same
 * contract, without the cap on an upload's bytes (see people_import.c). */
int people_table_read_staged(const char *data, size_t len, struct people_table *out,
			     enum lang lang, struct err *e);
void people_table_release(struct people_table *t);
/* Keeps only what the import reads: the header row (the first with any
 * text) and, below it, the columns whose header means a field; rows
 * keep their numbers.  people_diff_compute() gives the same diff before
 * and after, and so does people_table_read_staged() of its
 * people_table_csv(); what is staged between preview and apply is then
 * at most the understood columns, not every column of an HR export. */
void people_table_keep_known(struct people_table *t);
/* The table as UTF-8 CSV (RFC 4180, CRLF, every cell quoted when it
 * needs it); row numbers are kept by writing empty rows.  free() it. */
char *people_table_csv(const struct people_table *t);

/* The columns understood: a person field and the header names that mean
 * it (NULL-terminated), for the page that explains the format. */
struct people_column {
	const char *field;         /* schema field of struct person */
	const char *const *names;  /* accepted header names, first = the canonical English */
	const char *ja;            /* the canonical Japanese header */
};
extern const struct people_column people_columns[];
extern const size_t people_n_columns;


/* Compares t with p's people (see above).  Always fills out; release it. */
/* A digest of what d would change (every change, field, old and new
 * value, and the row and column of every error), in hex: the preview shows it, the apply compares it, so what is
 * applied is exactly what was seen. */
#define PEOPLE_DIGEST_HEX 65
void people_diff_digest(const struct people_diff *d, char hex[PEOPLE_DIGEST_HEX]);

void people_diff_compute(const struct people_table *t, const struct plan *p, bool remove_missing,
			 enum lang lang, struct people_diff *out);

#endif
