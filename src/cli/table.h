/*
 * table.h — aligned text tables for the terminal, CJK width counted right.
 *
 * Cells are added row by row (table_add fills the current row left to
 * right; a row is complete after ncols cells).  Line breaks in cells print
 * as spaces and very long cells are shortened with "…", so every row
 * stays on one line.
 */
#ifndef ITBCP_CLI_TABLE_H
#define ITBCP_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TABLE_MAX_COLS 16
#define TABLE_CELL_MAX_WIDTH 48

struct table {
	size_t ncols;
	const char *headers[TABLE_MAX_COLS];
	bool right[TABLE_MAX_COLS]; /* right-aligned (numbers) */
	char **cells;               /* row-major, owned */
	size_t n, cap;
};

void table_init(struct table *t, size_t ncols, const char *const *headers);
void table_align_right(struct table *t, size_t col);
void table_add(struct table *t, const char *cell);
void table_addf(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_print(const struct table *t, FILE *out);
void table_release(struct table *t);

#endif
