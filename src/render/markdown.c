/*
 * markdown.c — a doc as Markdown (GitHub tables), for diffing plan versions.
 *
 * The output is stable for a given plan (no dates beyond the document's
 * own) and line-oriented, so `diff` between two renders shows what changed.
 * Plan text is escaped: Markdown's markup characters get a backslash, '|'
 * inside cells becomes \|, line breaks inside cells become <br>, and in
 * paragraphs a line that would start a list or quote is escaped too.  Tables
 * with several header rows get one header row whose cells join the texts
 * above each column ("教育訓練実施時期 / 上期 / 4月"); spans repeat their
 * text in the header and leave covered body cells empty.  Placeholders are
 * written **〇〇** followed by the reason in parentheses.
 */
#include "render/render.h"

#include <string.h>

/* True for characters Markdown may read as markup anywhere in a line. */
static bool md_special(char c)
{
	return strchr("\\`*_[]<>|~&#", c) != NULL;
}

void render_md_text(struct buf *out, const char *s, bool in_cell)
{
	bool line_start = true;
	for (const char *p = s ? s : ""; *p; p++) {
		char c = *p;
		if (c == '\n') {
			if (in_cell) {
				buf_adds(out, "<br>");
			} else {
				buf_adds(out, "  \n"); /* a hard line break */
			}
			line_start = true;
			continue;
		}
		if (c == '\r')
			continue;
		if (line_start && !in_cell) {
			/* Block markers at the start of a line: - + > and "1." lists
			 * (inside a table cell or a heading they mean nothing). */
			if (c == '-' || c == '+' || c == '>' || c == '=')
				buf_addc(out, '\\');
			if (c >= '0' && c <= '9') {
				const char *q = p;
				while (*q >= '0' && *q <= '9')
					q++;
				if (*q == '.' || *q == ')') {
					buf_add(out, p, (size_t)(q - p));
					buf_addc(out, '\\');
					buf_addc(out, *q);
					p = q;
					line_start = false;
					continue;
				}
			}
		}
		line_start = false;
		if (md_special(c))
			buf_addc(out, '\\');
		buf_addc(out, c);
	}
}

/* Styled text: placeholders bold with their reason, emphasis bold. */
static void styled(struct buf *out, const char *text, unsigned flags, const char *note,
		   bool in_cell)
{
	if (flags & (DOC_CELL_PLACEHOLDER | DOC_CELL_EMPH)) {
		buf_adds(out, "**");
		render_md_text(out, text, in_cell);
		buf_adds(out, "**");
	} else {
		render_md_text(out, text, in_cell);
	}
	if (note && *note) {
		buf_adds(out, " (※");
		render_md_text(out, note, in_cell);
		buf_adds(out, ")");
	}
}

/* The cell whose span covers position (r, c) of t. */
static const struct doc_cell *origin(const struct doc_table *t, size_t r, size_t c)
{
	for (size_t rr = r + 1; rr-- > 0;)
		for (size_t cc = c + 1; cc-- > 0;) {
			const struct doc_cell *x = &t->rows[rr].cells[cc];
			if (x->flags & DOC_CELL_COVERED)
				continue;
			if (rr + (size_t)x->rowspan > r && cc + (size_t)x->colspan > c)
				return x;
		}
	return NULL;
}

/* One GitHub table. */
static void table(struct buf *out, const struct doc_table *t)
{
	buf_adds(out, "**");
	render_md_text(out, t->label, false);
	if (*t->label && *t->caption) /* "** x**" would not be bold */
		buf_adds(out, " ");
	render_md_text(out, t->caption, false);
	buf_adds(out, "**\n\n");
	/* The single header row. */
	buf_adds(out, "|");
	for (size_t c = 0; c < t->n_cols; c++) {
		const char *prev = NULL;
		bool first = true;
		buf_addc(out, ' ');
		for (size_t r = 0; r < t->n_head; r++) {
			const struct doc_cell *x = &t->rows[r].cells[c];
			if (x->flags & DOC_CELL_COVERED)
				x = origin(t, r, c);
			if (!x || !*x->text || (prev && strcmp(prev, x->text) == 0))
				continue;
			if (!first)
				buf_adds(out, " / ");
			render_md_text(out, x->text, true);
			prev = x->text;
			first = false;
		}
		buf_adds(out, " |");
	}
	buf_adds(out, "\n|");
	for (size_t c = 0; c < t->n_cols; c++)
		buf_adds(out, " --- |");
	buf_addc(out, '\n');
	for (size_t r = t->n_head; r < t->n_rows; r++) {
		buf_adds(out, "|");
		for (size_t c = 0; c < t->n_cols; c++) {
			const struct doc_cell *x = &t->rows[r].cells[c];
			buf_addc(out, ' ');
			if (!(x->flags & DOC_CELL_COVERED))
				styled(out, x->text, x->flags, x->note, true);
			buf_adds(out, " |");
		}
		buf_addc(out, '\n');
	}
	buf_addc(out, '\n');
}

/* The open headings above the current block: each one's level in the
 * document and the level it was written at (the title: 0 and 1). */
struct outline {
	int n;
	int doc[8], md[8];
};

/* The Markdown level of a heading of document level doc_level: one below
 * the nearest open heading of a higher level, so that no level is skipped
 * (Markdown's outline, and a screen reader's, has no room for a gap where
 * the document goes from a § straight to a numbered item) and siblings
 * stay at one level. */
static int outline_level(struct outline *o, int doc_level)
{
	while (o->n > 1 && o->doc[o->n - 1] >= doc_level)
		o->n--;
	int level = o->md[o->n - 1] + 1;
	if (level > 6)
		level = 6;
	if (o->n < 8) {
		o->doc[o->n] = doc_level;
		o->md[o->n++] = level;
	}
	return level;
}

/* One block; o is the outline of the headings so far. */
static void block(struct buf *out, const struct doc *d, const struct doc_block *b, struct outline *o)
{
	int level;
	switch (b->kind) {
	case DOC_HEADING:
		level = outline_level(o, b->level);
		buf_addrep(out, "#", (size_t)level);
		buf_addc(out, ' ');
		if (*b->number) {
			render_md_text(out, b->number, true);
			buf_addc(out, ' ');
		}
		render_md_text(out, b->text, true);
		buf_adds(out, "\n\n");
		break;
	case DOC_PARA:
		styled(out, b->text, b->flags, b->note, false);
		buf_adds(out, "\n\n");
		break;
	case DOC_LIST:
		for (size_t i = 0; i < b->n_items; i++) {
			if (b->ordered)
				buf_addf(out, "%zu. ", i + 1);
			else
				buf_adds(out, "- ");
			styled(out, b->items[i].text, b->items[i].flags, b->items[i].note, true);
			buf_addc(out, '\n');
		}
		buf_addc(out, '\n');
		break;
	case DOC_TABLE:
		table(out, &b->table);
		break;
	case DOC_FIGURE:
		buf_adds(out, "**");
		render_md_text(out, b->figure.label, false);
		buf_adds(out, " ");
		render_md_text(out, b->figure.caption, false);
		buf_adds(out, "**\n\n");
		buf_adds(out, *b->figure.svg ? L(d->lang, "（図はHTML・PDF版を参照）",
						 "(see the HTML or PDF for the figure)")
					     : "");
		if (!*b->figure.svg && b->figure.note)
			styled(out, b->figure.note, DOC_CELL_PLACEHOLDER, NULL, false);
		buf_adds(out, "\n\n");
		break;
	case DOC_NOTE:
		buf_adds(out, "> ");
		render_md_text(out, b->text, true);
		render_md_text(out, b->note, true);
		buf_adds(out, "\n\n");
		break;
	case DOC_PAGE_BREAK:
		break;
	}
}

void render_markdown(const struct doc *d, struct buf *out)
{
	buf_adds(out, "# ");
	render_md_text(out, d->meta.title, true);
	buf_adds(out, "\n\n");
	/* The cover's lines (classification, 版数, dates), one per line. */
	for (const char *q = d->meta.subtitle; q && *q;) {
		const char *nl = strchr(q, '\n');
		size_t n = nl ? (size_t)(nl - q) : strlen(q);
		struct buf line = BUF_INIT;
		buf_add(&line, q, n);
		render_md_text(out, line.data, false);
		buf_release(&line);
		buf_adds(out, "  \n");
		q += n + (nl != NULL);
	}
	if (*d->meta.organisation) {
		render_md_text(out, d->meta.organisation, false);
		buf_adds(out, "  \n");
	}
	render_md_text(out, d->meta.date, false);
	buf_adds(out, "\n\n");
	if (*d->meta.footer) {
		buf_adds(out, "*");
		render_md_text(out, d->meta.footer, false);
		buf_adds(out, "*\n\n");
	}
	struct outline o = { 1, { 0 }, { 1 } };
	for (size_t i = 0; i < d->n_blocks; i++)
		block(out, d, d->blocks[i], &o);
}
