/*
 * doc.c — building and freeing the document model of doc.h.
 *
 * The only logic here is the table grid: builders append only the cells
 * that are drawn, and this file fills the positions that spans cover, so
 * that every writer can index a complete rows × n_cols grid.
 */
#include "render/doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A copy of s, "" for NULL. */
static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

void doc_set(char **field, const char *s)
{
	free(*field);
	*field = dup0(s);
}

void doc_init(struct doc *d, enum lang lang)
{
	*d = (struct doc)DOC_INIT;
	d->lang = lang;
	d->meta.title = dup0(NULL);
	d->meta.subtitle = dup0(NULL);
	d->meta.organisation = dup0(NULL);
	d->meta.date = dup0(NULL);
	d->meta.running_header = dup0(NULL);
	d->meta.footer = dup0(NULL);
}

/* Frees a cell's contents. */
static void cell_release(struct doc_cell *c)
{
	free(c->text);
	free(c->note);
}

/* Frees a block and everything in it. */
static void block_free(struct doc_block *b)
{
	free(b->number);
	free(b->text);
	free(b->id);
	free(b->note);
	for (size_t i = 0; i < b->n_items; i++)
		cell_release(&b->items[i]);
	free(b->items);
	struct doc_table *t = &b->table;
	free(t->label);
	free(t->caption);
	free(t->id);
	free(t->name);
	free(t->widths);
	free(t->pending);
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->rows[r].n; c++)
			cell_release(&t->rows[r].cells[c]);
		free(t->rows[r].cells);
	}
	free(t->rows);
	struct doc_figure *f = &b->figure;
	free(f->label);
	free(f->caption);
	free(f->id);
	free(f->svg);
	free(f->note);
	free(b);
}

void doc_release(struct doc *d)
{
	enum lang lang = d->lang;
	for (size_t i = 0; i < d->n_blocks; i++)
		block_free(d->blocks[i]);
	free(d->blocks);
	free(d->meta.title);
	free(d->meta.subtitle);
	free(d->meta.organisation);
	free(d->meta.date);
	free(d->meta.running_header);
	free(d->meta.footer);
	*d = (struct doc)DOC_INIT;
	d->lang = lang;
}

/* Completes the last block when it is an open table. */
static void close_last(struct doc *d)
{
	if (d->n_blocks && d->blocks[d->n_blocks - 1]->kind == DOC_TABLE)
		doc_table_end(&d->blocks[d->n_blocks - 1]->table);
}

/* Appends a new, empty block of kind; strings are "" so far. */
static struct doc_block *add_block(struct doc *d, enum doc_kind kind)
{
	close_last(d);
	struct doc_block *b = xcalloc(1, sizeof *b);
	b->kind = kind;
	b->number = dup0(NULL);
	b->text = dup0(NULL);
	b->id = dup0(NULL);
	d->blocks = xgrow(d->blocks, &d->cap_blocks, d->n_blocks + 1, sizeof *d->blocks);
	d->blocks[d->n_blocks++] = b;
	return b;
}

/* A fresh anchor "prefix" + number, unique in the doc. */
static char *new_id(struct doc *d, const char *prefix, const char *number)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, prefix);
	/* Keep ASCII letters, digits, '.', '-' of the number; else a counter. */
	size_t start = b.len;
	for (const char *p = number ? number : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '-' || (c == '.' && p[1]))
			buf_addc(&b, (char)c);
	}
	if (b.len == start)
		buf_addf(&b, "x%u", d->next_id);
	d->next_id++;
	/* Uniqueness: a counter suffix when the number repeats. */
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *o = d->blocks[i];
		if ((o->id && strcmp(o->id, b.data) == 0) || (o->table.id && strcmp(o->table.id, b.data) == 0) ||
		    (o->figure.id && strcmp(o->figure.id, b.data) == 0)) {
			buf_addf(&b, "_%u", d->next_id);
			break;
		}
	}
	return buf_detach(&b);
}

struct doc_block *doc_add_heading(struct doc *d, int level, const char *number, const char *text)
{
	if (level < 1 || level > 4)
		BUG("heading level %d", level);
	/* "(1)" items repeat in every section: a counter anchor for them. */
	char *id = new_id(d, level == 4 ? "p" : "s", level == 4 ? NULL : number);
	struct doc_block *b = add_block(d, DOC_HEADING);
	b->level = level;
	doc_set(&b->number, number);
	doc_set(&b->text, text);
	free(b->id);
	b->id = id;
	return b;
}

struct doc_block *doc_add_para(struct doc *d, const char *text)
{
	struct doc_block *b = add_block(d, DOC_PARA);
	doc_set(&b->text, text);
	return b;
}

struct doc_block *doc_add_paraf(struct doc *d, const char *fmt, ...)
{
	struct buf s = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&s, fmt, ap);
	va_end(ap);
	struct doc_block *b = add_block(d, DOC_PARA);
	free(b->text);
	b->text = buf_detach(&s);
	return b;
}

struct doc_block *doc_add_placeholder(struct doc *d, const char *placeholder, const char *note)
{
	struct doc_block *b = doc_add_para(d, placeholder);
	b->flags |= DOC_PARA_PLACEHOLDER;
	b->note = note ? xstrdup(note) : NULL;
	return b;
}

struct doc_block *doc_add_list(struct doc *d, bool ordered)
{
	struct doc_block *b = add_block(d, DOC_LIST);
	b->ordered = ordered;
	return b;
}

/* Appends a zeroed cell to an array. */
static struct doc_cell *push_cell(struct doc_cell **v, size_t *n, size_t *cap, const char *text)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	struct doc_cell *c = &(*v)[(*n)++];
	*c = (struct doc_cell){ dup0(text), NULL, 0, DOC_ALIGN_AUTO, 1, 1 };
	return c;
}

struct doc_cell *doc_list_item(struct doc_block *list, const char *text)
{
	if (list->kind != DOC_LIST)
		BUG("doc_list_item on a block of kind %d", (int)list->kind);
	return push_cell(&list->items, &list->n_items, &list->cap_items, text);
}

struct doc_cell *doc_list_placeholder(struct doc_block *list, const char *placeholder,
				      const char *note)
{
	struct doc_cell *c = doc_list_item(list, placeholder);
	c->flags |= DOC_CELL_PLACEHOLDER;
	doc_cell_note(c, note);
	return c;
}

struct doc_block *doc_add_note(struct doc *d, const char *title, const char *body)
{
	struct doc_block *b = add_block(d, DOC_NOTE);
	doc_set(&b->text, title);
	b->note = dup0(body);
	return b;
}

struct doc_block *doc_add_page_break(struct doc *d)
{
	return add_block(d, DOC_PAGE_BREAK);
}

struct doc_block *doc_add_figure(struct doc *d, const char *label, const char *caption,
				 const char *svg, const char *note)
{
	struct doc_block *b = add_block(d, DOC_FIGURE);
	b->figure.label = dup0(label);
	b->figure.caption = dup0(caption);
	b->figure.svg = dup0(svg);
	b->figure.note = note ? xstrdup(note) : NULL;
	b->figure.id = new_id(d, "f", label);
	return b;
}

struct doc_block *doc_add_table(struct doc *d, const char *label, const char *caption,
				size_t n_cols, const unsigned *widths)
{
	if (n_cols == 0)
		BUG("table with no columns");
	struct doc_block *b = add_block(d, DOC_TABLE);
	struct doc_table *t = &b->table;
	t->label = dup0(label);
	t->caption = dup0(caption);
	t->name = dup0(NULL);
	t->n_cols = n_cols;
	t->widths = xcalloc(n_cols, sizeof *t->widths);
	if (widths)
		memcpy(t->widths, widths, n_cols * sizeof *t->widths);
	t->pending = xcalloc(n_cols, sizeof *t->pending);
	t->id = new_id(d, "t", label);
	return b;
}

void doc_table_name(struct doc_table *t, const char *name)
{
	doc_set(&t->name, name);
}

/* Appends a covered placeholder cell to row r. */
static void push_covered(struct doc_row *r)
{
	struct doc_cell *c = push_cell(&r->cells, &r->n, &r->cap, NULL);
	c->flags = DOC_CELL_COVERED;
}

/* Fills positions of the current row covered from above, starting at its end. */
static void skip_covered(struct doc_table *t)
{
	struct doc_row *r = &t->rows[t->n_rows - 1];
	while (r->n < t->n_cols && t->pending[r->n] > 0)
		push_covered(r);
}

/* Completes the current row: covered and empty cells up to n_cols, and
 * the rowspan counters moved on by one row. */
static void close_row(struct doc_table *t)
{
	if (!t->open)
		return;
	struct doc_row *r = &t->rows[t->n_rows - 1];
	while (r->n < t->n_cols) {
		if (t->pending[r->n] > 0)
			push_covered(r);
		else
			push_cell(&r->cells, &r->n, &r->cap, NULL);
	}
	if (r->n > t->n_cols)
		BUG("table '%s %s': row %zu has %zu cells for %zu columns", t->label, t->caption,
		    t->n_rows, r->n, t->n_cols);
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->pending[c] > 0)
			t->pending[c]--;
	t->open = false;
}

/* Starts a new row. */
static void open_row(struct doc_table *t)
{
	close_row(t);
	t->rows = xgrow(t->rows, &t->cap_rows, t->n_rows + 1, sizeof *t->rows);
	t->rows[t->n_rows++] = (struct doc_row){ NULL, 0, 0 };
	t->open = true;
	skip_covered(t);
}

void doc_table_head(struct doc_table *t)
{
	if (t->n_rows != t->n_head)
		BUG("header row after body rows in '%s'", t->label);
	open_row(t);
	t->n_head++;
}

void doc_table_row(struct doc_table *t)
{
	open_row(t);
}

struct doc_cell *doc_cell_span(struct doc_table *t, const char *text, int cols, int rows)
{
	if (!t->open)
		BUG("cell outside a row in '%s'", t->label);
	if (cols < 1 || rows < 1)
		BUG("span %dx%d", cols, rows);
	struct doc_row *r = &t->rows[t->n_rows - 1];
	skip_covered(t);
	size_t at = r->n;
	if (at + (size_t)cols > t->n_cols)
		BUG("table '%s %s': row %zu overflows %zu columns", t->label, t->caption, t->n_rows,
		    t->n_cols);
	push_cell(&r->cells, &r->n, &r->cap, text);
	for (int i = 1; i < cols; i++)
		push_covered(r);
	if (rows > 1)
		for (int i = 0; i < cols; i++)
			t->pending[at + (size_t)i] = rows; /* this row counts as one */
	struct doc_cell *c = &r->cells[at];
	c->colspan = cols;
	c->rowspan = rows;
	skip_covered(t);
	return &r->cells[at];
}

struct doc_cell *doc_cell(struct doc_table *t, const char *text)
{
	return doc_cell_span(t, text, 1, 1);
}

struct doc_cell *doc_cellf(struct doc_table *t, const char *fmt, ...)
{
	struct buf s = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&s, fmt, ap);
	va_end(ap);
	struct doc_cell *c = doc_cell(t, s.data);
	buf_release(&s);
	return c;
}

struct doc_cell *doc_cell_placeholder(struct doc_table *t, const char *placeholder,
				      const char *note)
{
	struct doc_cell *c = doc_cell(t, placeholder);
	c->flags |= DOC_CELL_PLACEHOLDER;
	doc_cell_note(c, note);
	return c;
}

void doc_table_end(struct doc_table *t)
{
	close_row(t);
	/* A rowspan reaching past the last row is shortened to fit. */
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t c = 0; c < t->rows[r].n; c++) {
			struct doc_cell *cell = &t->rows[r].cells[c];
			if ((size_t)cell->rowspan > t->n_rows - r)
				cell->rowspan = (int)(t->n_rows - r);
		}
	memset(t->pending, 0, t->n_cols * sizeof *t->pending);
}

void doc_cell_note(struct doc_cell *c, const char *note)
{
	free(c->note);
	c->note = note ? xstrdup(note) : NULL;
}

const struct doc_table *doc_find_table(const struct doc *d, const char *name)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = d->blocks[i];
		if (b->kind == DOC_TABLE && name && strcmp(b->table.name, name) == 0)
			return &b->table;
	}
	return NULL;
}

size_t doc_row_drawn(const struct doc_row *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (!(r->cells[i].flags & DOC_CELL_COVERED))
			n++;
	return n;
}

#define SECONDS_PER_DAY 86400

bool doc_fixed_time(time_t *out)
{
	struct civil_date d;
	const char *env = getenv("ITBCP_TODAY");
	if (!env || civil_date_parse(env, &d) != 0)
		return false;
	*out = (time_t)(civil_date_days(d) * SECONDS_PER_DAY);
	return true;
}
