/*
 * doc.h — the document model every output format is written from.
 *
 * A struct doc is a flat sequence of blocks (headings, paragraphs, lists,
 * tables, figures, notes, page breaks) plus title-page information.  The
 * plan builders (plan_doc*.c) fill it in the appendix's order and numbering;
 * the writers (html.c, markdown.c, csv.c, pdf*.c) read it and never look at
 * the plan.  Everything here is plain data:
 *
 *   - all text is UTF-8, stored raw; every writer escapes for its own
 *     format at the moment it writes.  Text may hold '\n': a line break
 *     inside the paragraph, list item or cell (several lines in a cell);
 *   - every char * is owned by the doc and never NULL ("" when empty),
 *     except the optional `note` fields, which are NULL when absent;
 *   - a doc owns all its blocks; doc_release() frees everything.
 *
 * Tables are stored as a full grid: after doc_table_end() (or doc_add_*
 * of the next block) every row has exactly n_cols cells.  A cell that
 * spans (colspan/rowspan > 1) is stored at its top-left position; the grid
 * positions it covers hold cells with DOC_CELL_COVERED set and empty text,
 * which writers skip (HTML, PDF) or write empty (CSV).  The first n_head
 * rows are header rows, to repeat when a table splits across pages.
 *
 * Builders write a table like HTML — only the cells that are drawn, in
 * order — and the covered positions are filled in for them (see doc_cell*).
 *
 * Missing data: a cell, paragraph or list item with DOC_*_PLACEHOLDER holds
 * the appendix's placeholder text (〇〇, [政府機関等] …) and, in `note`,
 * the plan check's finding that explains it.  Writers show both.
 *
 * This header is a contract with several writers: extend it by adding,
 * never by changing what is here.
 */
#ifndef ITBCP_RENDER_DOC_H
#define ITBCP_RENDER_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/lang.h"

enum doc_kind {
	DOC_HEADING,    /* numbered heading, level 1..4 */
	DOC_PARA,       /* one paragraph of text */
	DOC_LIST,       /* bullet or numbered list */
	DOC_TABLE,      /* numbered table with caption */
	DOC_FIGURE,     /* numbered figure: caption + SVG */
	DOC_NOTE,       /* a boxed note: the appendix's 「ガイドラインの参照先」,
			 * 「付録の参照先」 and the box of §1.2 */
	DOC_PAGE_BREAK, /* start a new page here (print formats) */
};

enum doc_align { DOC_ALIGN_AUTO = 0, DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT };

/* Cell, paragraph and list-item flags. */
#define DOC_CELL_PLACEHOLDER 0x01u /* text is a placeholder for missing data; note says why */
#define DOC_CELL_HEAD        0x02u /* a header cell in a body row (a row label); a body row
					* of header cells only is a sub-header, which print
					* keeps with the row under it and repeats at the top
					* of a continued page */
#define DOC_CELL_COVERED     0x04u /* covered by another cell's span: not drawn */
#define DOC_CELL_SHADE       0x08u /* shaded background (months held, matrix cells) */
#define DOC_CELL_EMPH        0x10u /* emphasised (bold): totals, the effective value */
#define DOC_CELL_SMALL       0x20u /* smaller type: remarks, derivations */
#define DOC_PARA_PLACEHOLDER DOC_CELL_PLACEHOLDER
#define DOC_PARA_SMALL       DOC_CELL_SMALL
#define DOC_PARA_FOOTNOTE    0x40u /* a footnote of the block before it: its text
					* begins with its mark (「※1 本書における…」),
					* the same mark follows the word it explains; set
					* with DOC_PARA_SMALL, so a writer that has no
					* page foot prints it where it falls, and the
					* PDF at the foot of the page that block starts on */

/* A table cell; also a list item (colspan/rowspan unused there). */
struct doc_cell {
	char *text;  /* never NULL; lines separated by '\n' */
	char *note;  /* NULL, or the reason for a placeholder (the check's finding) */
	unsigned flags;
	enum doc_align align;
	int colspan; /* >= 1 */
	int rowspan; /* >= 1 */
};

struct doc_row {
	struct doc_cell *cells;
	size_t n, cap; /* n == table n_cols once the table is complete */
};

struct doc_table {
	char *label;    /* "表 2.1-1", "Table 2.1-1", "別表1", "Appendix 1" */
	char *caption;  /* "参集要員及び参集場所" */
	char *id;       /* anchor, unique in the doc: "t2.1-1" */
	char *name;     /* "" or a stable name for `render table NAME` (CSV) */
	size_t n_cols;
	unsigned *widths; /* n_cols relative width hints; 0 = no preference */
	bool wide;        /* many columns: landscape or small type when printed */
	struct doc_row *rows;
	size_t n_rows, cap_rows;
	size_t n_head;    /* rows[0..n_head) are header rows */
	/* builder state (writers ignore) */
	int *pending;     /* n_cols: rows still covered by a rowspan from above */
	bool open;        /* a row is being filled */
};

struct doc_figure {
	char *label;   /* "図 2.2-1" / "Figure 2.2-1" */
	char *caption;
	char *id;      /* anchor */
	char *svg;     /* a complete <svg> document, or "" while not drawn yet */
	char *note;    /* NULL, or text to show in place of an empty svg */
};

struct doc_block {
	enum doc_kind kind;
	/* DOC_HEADING */
	int level;       /* 1 chapter, 2 section, 3 subsection, 4 "(1)" item (not in the TOC) */
	char *number;    /* "2.1.3." or "別表1." or ""; printed before text */
	/* DOC_HEADING, DOC_PARA: text; DOC_NOTE: the box's title, printed before the body */
	char *text;
	char *id;        /* heading anchor, unique in the doc ("" for other kinds) */
	/* DOC_PARA: DOC_PARA_* flags and the placeholder's reason */
	unsigned flags;
	char *note;      /* DOC_PARA: NULL or reason; DOC_NOTE: the box's body */
	/* DOC_LIST */
	bool ordered;
	bool paren;      /* ordered and numbered (1) (2) … as the appendix's 1.2 and
			  * 2.1.1 are, not 1. 2. (a writer without it prints 1.) */
	struct doc_cell *items;
	size_t n_items, cap_items;
	/* DOC_TABLE, DOC_FIGURE */
	struct doc_table table;
	struct doc_figure figure;
};

/* Title page and running header. */
struct doc_meta {
	char *title;          /* 情報システム運用継続計画 */
	char *subtitle;       /* "" or lines under the title ('\n' between): the
			       * plan's classification, 第N版（案）, 策定日, 改定日 */
	char *organisation;   /* [政府機関等] name */
	char *date;           /* formatted already: 令和8年4月1日 */
	char *running_header; /* printed at the top of every page */
	char *footer;         /* "" or text at the foot of every page */
	bool sheet;           /* a short document (a report): no title page and no
			       * contents in the PDF; the builder puts its title at
			       * the top of the first page */
};

struct doc {
	enum lang lang;
	struct doc_meta meta;
	struct doc_block **blocks; /* pointers stay valid while the doc grows */
	size_t n_blocks, cap_blocks;
	unsigned next_id;          /* builder state: for generated anchors */
};

#define DOC_INIT { LANG_JA, { NULL, NULL, NULL, NULL, NULL, NULL }, NULL, 0, 0, 0 }

void doc_init(struct doc *d, enum lang lang);
/* Frees everything; the doc is DOC_INIT afterwards (meta fields NULL): give
 * it to doc_init or a builder to use it again.  Releasing twice is harmless. */
void doc_release(struct doc *d);

/* Sets a meta field (copies s; NULL means ""). */
void doc_set(char **field, const char *s);

/* ---- building -------------------------------------------------------
 * Every doc_add_* copies its strings and returns the new block, owned by
 * the doc.  Adding any block completes the table before it. */

struct doc_block *doc_add_heading(struct doc *d, int level, const char *number, const char *text);
struct doc_block *doc_add_para(struct doc *d, const char *text);
struct doc_block *doc_add_paraf(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A paragraph standing for missing text: placeholder + the finding. */
struct doc_block *doc_add_placeholder(struct doc *d, const char *placeholder, const char *note);
struct doc_block *doc_add_list(struct doc *d, bool ordered);
/* Appends an item to a list block; returns it (valid until the next item). */
struct doc_cell *doc_list_item(struct doc_block *list, const char *text);
struct doc_cell *doc_list_placeholder(struct doc_block *list, const char *placeholder,
				      const char *note);
struct doc_block *doc_add_note(struct doc *d, const char *title, const char *body);
struct doc_block *doc_add_page_break(struct doc *d);
struct doc_block *doc_add_figure(struct doc *d, const char *label, const char *caption,
				 const char *svg, const char *note);

/* A table of n_cols columns; widths (may be NULL) holds n_cols hints. */
struct doc_block *doc_add_table(struct doc *d, const char *label, const char *caption,
				size_t n_cols, const unsigned *widths);
/* Names a table for `render table NAME`. */
void doc_table_name(struct doc_table *t, const char *name);
/* Starts a header row (only before any body row) or a body row. */
void doc_table_head(struct doc_table *t);
void doc_table_row(struct doc_table *t);
/* Appends a cell at the next free position of the current row (positions
 * covered by a rowspan from above are skipped and filled for you).
 * Returns the cell, valid until the next cell is appended. */
struct doc_cell *doc_cell(struct doc_table *t, const char *text);
struct doc_cell *doc_cellf(struct doc_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A placeholder cell: placeholder text plus the reason (may be NULL). */
struct doc_cell *doc_cell_placeholder(struct doc_table *t, const char *placeholder,
				      const char *note);
/* A cell spanning cols columns and rows rows (>= 1 each). */
struct doc_cell *doc_cell_span(struct doc_table *t, const char *text, int cols, int rows);
/* Completes the current row and the table: pads short rows, checks spans.
 * Called by doc_add_* for the table before; call it when the table is last. */
void doc_table_end(struct doc_table *t);

/* Sets a cell's note (copies; replaces any earlier one). */
void doc_cell_note(struct doc_cell *c, const char *note);

/* ---- reading -------------------------------------------------------- */

/* The table named name (doc_table_name), or NULL. */
const struct doc_table *doc_find_table(const struct doc *d, const char *name);
/* Number of drawn (not covered) cells in a row. */
size_t doc_row_drawn(const struct doc_row *r);

/* ---- the time a file is stamped with ---------------------------------- */

/* Formats stamp some files with when they were made: the PDF's
 * CreationDate (plan and wallet card), the XLSX's created date, the ICS's
 * DTSTAMP.  With ITBCP_TODAY set, that moment is the day at 00:00 UTC, so
 * the same plan on the same day gives the same bytes (golden-file tests,
 * reproducible files): *out is set and true returned.  False when
 * ITBCP_TODAY is unset or does not parse; the writer then stamps the
 * current time, as its library does by default. */
bool doc_fixed_time(time_t *out);

#endif
