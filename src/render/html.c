/*
 * html.c — a doc as one self-contained, print-ready HTML page.
 *
 * The page carries its own CSS (A4 @page with a running header and page
 * numbers in the page margins, wide tables on landscape pages, table
 * header rows repeated across pages), a title page, a table of contents
 * with anchors, and every block of the doc.  No script, no external file.
 *
 * Escaping by construction: markup enters the output only through RAW(),
 * which accepts string literals alone (the macro pastes "" around its
 * argument, so a variable does not compile); every other piece of text
 * goes through h_text() (element content) or h_attr() (attribute values),
 * and the running header through css_string().  Nothing else appends.
 */
#include "render/render.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

/* The output, with the only three ways to write to it. */
struct hw {
	struct buf *out;
};

/* Appends a markup literal (use RAW()). */
static void raw_lit(struct hw *w, const char *lit)
{
	buf_adds(w->out, lit);
}
#define RAW(w, lit) raw_lit((w), "" lit "")

void render_html_text(struct buf *out, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		case '\'':
			buf_adds(out, "&#39;");
			break;
		default:
			buf_addc(out, *p);
		}
	}
}

/* Escaped element content; '\n' becomes <br>. */
static void h_text(struct hw *w, const char *s)
{
	const char *p = s ? s : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct buf line = BUF_INIT;
		buf_add(&line, p, n);
		render_html_text(w->out, line.data);
		buf_release(&line);
		p += n;
		if (*p == '\n') {
			RAW(w, "<br>");
			p++;
		}
	}
}

/* Escaped attribute value (the caller writes the quotes with RAW). */
static void h_attr(struct hw *w, const char *s)
{
	render_html_text(w->out, s);
}

/* A non-negative integer. */
static void h_int(struct hw *w, long long v)
{
	buf_addf(w->out, "%lld", v);
}

/* s as a CSS string literal, quotes included: every character that is not
 * an ASCII letter, digit or space is written as a hex escape. */
static void css_string(struct hw *w, const char *s)
{
	buf_addc(w->out, '"');
	const char *p = s ? s : "";
	while (*p) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == ' ') {
			buf_addc(w->out, (char)c);
			p++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);
		if (n == 0)
			n = 1;
		if (cp >= 0x20)
			buf_addf(w->out, "\\%x ", (unsigned)cp);
		p += n;
	}
	buf_addc(w->out, '"');
}

static const char css[] =
	"@page{size:A4;margin:20mm 16mm 18mm 16mm;"
	"@bottom-center{content:counter(page);font-size:9pt;color:#444}}\n"
	"@page wide{size:A4 landscape;margin:16mm 14mm 16mm 14mm}\n"
	"@page:first{@top-center{content:none}@bottom-center{content:none}}\n"
	":root{--line:#555;--head:#e8edf3;--shade:#f1f1f1;--warn:#b00020}\n"
	"html{font-family:'Noto Sans CJK JP','Noto Sans JP','IPAexGothic','Hiragino Sans',"
	"'Yu Gothic',sans-serif;font-size:10.5pt;line-height:1.6;color:#111}\n"
	"body{margin:0 auto;max-width:190mm;padding:0 6mm}\n"
	"h1{font-size:16pt;border-bottom:2px solid #1f3b5a;padding-bottom:2mm;margin:0 0 6mm}\n"
	"h2{font-size:13pt;margin:8mm 0 3mm;border-left:5px solid #1f3b5a;padding-left:2mm}\n"
	"h3{font-size:11.5pt;margin:6mm 0 2mm}\n"
	"h4{font-size:10.5pt;margin:4mm 0 2mm}\n"
	"h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}\n"
	".num{margin-right:0.6em}\n"
	"p{margin:2mm 0;text-align:justify}\n"
	"p.small,.small{font-size:8.5pt}\n"
	"table{border-collapse:collapse;width:100%;margin:2mm 0 5mm;font-size:9pt;"
	"page-break-inside:auto}\n"
	"caption{caption-side:top;font-weight:bold;text-align:center;padding:1mm 0 2mm}\n"
	"caption .label{margin-right:0.8em}\n"
	"th,td{border:1px solid var(--line);padding:1mm 1.5mm;vertical-align:top;text-align:left}\n"
	"thead th{background:var(--head);text-align:center;vertical-align:middle}\n"
	"tbody th{background:#f7f9fb;font-weight:normal}\n"
	"thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}\n"
	"td.c,th.c{text-align:center}td.r,th.r{text-align:right}td.l{text-align:left}\n"
	"td.shade,th.shade{background:var(--shade)}\n"
	".emph{font-weight:bold}\n"
	".ph{color:var(--warn);font-weight:bold}\n"
	".why{display:block;color:var(--warn);font-size:8pt;line-height:1.3}\n"
	".why::before{content:'\\203B  '}\n"
	".wide{page:wide}.wide table{font-size:7.5pt}\n"
	".pb{break-after:page;page-break-after:always;height:0}\n"
	"figure{margin:4mm 0;text-align:center;break-inside:avoid}\n"
	"figure svg{max-width:100%;max-height:215mm;width:auto;height:auto}\n"
	"figcaption{font-weight:bold;margin-top:2mm}\n"
	".fig-empty{border:1px dashed var(--line);padding:10mm;color:#666}\n"
	"aside.note{border:1px solid #9aa;background:#f6f8f8;padding:1.5mm 3mm;margin:3mm 0;"
	"font-size:9pt}\n"
	"aside.note b{font-weight:bold}\n"
	".title-page{text-align:center;padding-top:70mm;break-after:page}\n"
	".title-page h1{border:none;font-size:24pt;margin-bottom:20mm}\n"
	".title-page p{text-align:center}\n"
	".title-page .org{font-size:16pt;margin:4mm 0}\n"
	".title-page .date{font-size:12pt;margin-top:30mm}\n"
	"nav.toc{break-after:page}\n"
	"nav.toc h1{break-before:auto}\n"
	"ol.paren>li::marker{content:\"(\" counter(list-item) \") \"}\n"
	"nav.toc ol{list-style:none;padding:0;margin:0}\n"
	"nav.toc li{margin:0.5mm 0}\n"
	"nav.toc a{color:inherit;text-decoration:none}\n"
	"nav.toc .l2{padding-left:6mm}nav.toc .l3{padding-left:12mm;font-size:9.5pt}\n"
	"nav.toc .tl{padding-left:12mm;font-size:9pt;color:#333}\n"
	".footer-note{font-size:8pt;color:#555;text-align:center;margin-top:10mm}\n"
	"@media screen{body{background:#fff}.running{position:sticky;top:0;background:#fff;"
	"border-bottom:1px solid #ccc;font-size:9pt;color:#444;padding:1mm 0;z-index:1}}\n"
	"@media print{.running{display:none}a{color:inherit}body{max-width:none;padding:0}}\n"
	"table.keep{break-inside:avoid;page-break-inside:avoid}\n";

/* The <head> with CSS and the running header in the page margin. */
static void head(struct hw *w, const struct doc *d)
{
	RAW(w, "<!DOCTYPE html>\n<html lang=\"");
	if (d->lang == LANG_EN)
		RAW(w, "en");
	else
		RAW(w, "ja");
	RAW(w, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	h_text(w, d->meta.title);
	if (*d->meta.organisation) {
		RAW(w, " — ");
		h_text(w, d->meta.organisation);
	}
	RAW(w, "</title>\n<style>\n");
	buf_add(w->out, css, sizeof css - 1); /* a literal array: trusted */
	RAW(w, "@page{@top-center{content:");
	css_string(w, d->meta.running_header);
	RAW(w, ";font-size:8.5pt;color:#444}}\n");
	RAW(w, "@page wide{@top-center{content:");
	css_string(w, d->meta.running_header);
	RAW(w, ";font-size:8.5pt;color:#444}@bottom-center{content:counter(page);font-size:9pt}}\n");
	RAW(w, "</style>\n</head>\n<body>\n");
}

/* The heading's visible text: number and text. */
static void heading_text(struct hw *w, const struct doc_block *b)
{
	if (*b->number) {
		RAW(w, "<span class=\"num\">");
		h_text(w, b->number);
		RAW(w, "</span>");
	}
	h_text(w, b->text);
}

/* Title page and table of contents. */
static void front(struct hw *w, const struct doc *d)
{
	RAW(w, "<div class=\"running\">");
	h_text(w, d->meta.running_header);
	RAW(w, "</div>\n<section class=\"title-page\">\n<h1>");
	h_text(w, d->meta.title);
	RAW(w, "</h1>\n");
	if (*d->meta.subtitle) {
		RAW(w, "<p class=\"subtitle\">");
		h_text(w, d->meta.subtitle);
		RAW(w, "</p>\n");
	}
	RAW(w, "<p class=\"org\">");
	h_text(w, d->meta.organisation);
	RAW(w, "</p>\n<p class=\"date\">");
	h_text(w, d->meta.date);
	RAW(w, "</p>\n");
	if (*d->meta.footer) {
		RAW(w, "<p class=\"footer-note\">");
		h_text(w, d->meta.footer);
		RAW(w, "</p>\n");
	}
	RAW(w, "</section>\n<nav class=\"toc\">\n<h1>");
	h_text(w, L(d->lang, "目次", "Contents"));
	RAW(w, "</h1>\n<ol>\n");
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = d->blocks[i];
		if (b->kind != DOC_HEADING || b->level > 3)
			continue;
		RAW(w, "<li class=\"l");
		h_int(w, b->level);
		RAW(w, "\"><a href=\"#");
		h_attr(w, b->id);
		RAW(w, "\">");
		heading_text(w, b);
		RAW(w, "</a></li>\n");
	}
	RAW(w, "</ol>\n</nav>\n");
}

/* The reason beside a placeholder or an annotated value. */
static void why(struct hw *w, const char *note)
{
	if (!note || !*note)
		return;
	RAW(w, "<span class=\"why\">");
	h_text(w, note);
	RAW(w, "</span>");
}

/* Text of a cell, paragraph or item with its placeholder style and note. */
static void styled_text(struct hw *w, const char *text, unsigned flags, const char *note)
{
	if (flags & DOC_CELL_PLACEHOLDER) {
		RAW(w, "<span class=\"ph\">");
		h_text(w, text);
		RAW(w, "</span>");
	} else if (flags & DOC_CELL_EMPH) {
		RAW(w, "<span class=\"emph\">");
		h_text(w, text);
		RAW(w, "</span>");
	} else {
		h_text(w, text);
	}
	why(w, note);
}

/* One cell as <th> or <td>. */
static void cell(struct hw *w, const struct doc_cell *c, bool in_head)
{
	bool th = in_head || (c->flags & DOC_CELL_HEAD);
	if (th)
		RAW(w, "<th");
	else
		RAW(w, "<td");
	if (c->colspan > 1) {
		RAW(w, " colspan=\"");
		h_int(w, c->colspan);
		RAW(w, "\"");
	}
	if (c->rowspan > 1) {
		RAW(w, " rowspan=\"");
		h_int(w, c->rowspan);
		RAW(w, "\"");
	}
	bool any = c->align != DOC_ALIGN_AUTO || (c->flags & (DOC_CELL_SHADE | DOC_CELL_SMALL));
	if (any) {
		RAW(w, " class=\"");
		if (c->align == DOC_ALIGN_CENTER)
			RAW(w, "c ");
		else if (c->align == DOC_ALIGN_RIGHT)
			RAW(w, "r ");
		else if (c->align == DOC_ALIGN_LEFT)
			RAW(w, "l ");
		if (c->flags & DOC_CELL_SHADE)
			RAW(w, "shade ");
		if (c->flags & DOC_CELL_SMALL)
			RAW(w, "small");
		RAW(w, "\"");
	}
	RAW(w, ">");
	styled_text(w, c->text, c->flags, c->note);
	if (th)
		RAW(w, "</th>");
	else
		RAW(w, "</td>");
}

/* A table with caption, column widths, header and body. */
static void html_table(struct hw *w, const struct doc_table *t)
{
	if (t->wide)
		RAW(w, "<div class=\"wide\">\n");
	RAW(w, "<table id=\"");
	h_attr(w, t->id);
	if (t->n_rows <= 14)
		RAW(w, "\" class=\"keep");
	RAW(w, "\">\n<caption><span class=\"label\">");
	h_text(w, t->label);
	RAW(w, "</span>");
	h_text(w, t->caption);
	RAW(w, "</caption>\n");
	unsigned total = 0;
	for (size_t c = 0; c < t->n_cols; c++)
		total += t->widths[c];
	if (total) {
		RAW(w, "<colgroup>");
		for (size_t c = 0; c < t->n_cols; c++) {
			if (t->widths[c]) {
				RAW(w, "<col style=\"width:");
				buf_addf(w->out, "%.1f", 100.0 * t->widths[c] / total);
				RAW(w, "%\">");
			} else {
				RAW(w, "<col>");
			}
		}
		RAW(w, "</colgroup>\n");
	}
	for (size_t r = 0; r < t->n_rows; r++) {
		bool in_head = r < t->n_head;
		if (r == 0 && in_head)
			RAW(w, "<thead>\n");
		if (r == t->n_head)
			RAW(w, "<tbody>\n");
		RAW(w, "<tr>");
		const struct doc_row *row = &t->rows[r];
		for (size_t c = 0; c < row->n; c++)
			if (!(row->cells[c].flags & DOC_CELL_COVERED))
				cell(w, &row->cells[c], in_head);
		RAW(w, "</tr>\n");
		if (in_head && r + 1 == t->n_head)
			RAW(w, "</thead>\n");
	}
	if (t->n_rows > t->n_head)
		RAW(w, "</tbody>\n");
	RAW(w, "</table>\n");
}

/* A figure: the SVG (a trusted fragment from the graph module) or its note. */
static void figure(struct hw *w, const struct doc_figure *f)
{
	RAW(w, "<figure id=\"");
	h_attr(w, f->id);
	RAW(w, "\">\n");
	if (*f->svg && strncmp(f->svg, "<svg", 4) == 0) {
		buf_adds(w->out, f->svg); /* SVG made by render/graph*.c, escaped there */
	} else {
		RAW(w, "<div class=\"fig-empty\">");
		h_text(w, f->note ? f->note : "");
		RAW(w, "</div>");
	}
	RAW(w, "\n<figcaption><span class=\"label\">");
	h_text(w, f->label);
	RAW(w, "</span> ");
	h_text(w, f->caption);
	RAW(w, "</figcaption>\n</figure>\n");
}

/* One block; prev and next are its neighbours (NULL at the ends). */
static void html_block(struct hw *w, const struct doc_block *prev, const struct doc_block *b,
		       const struct doc_block *next)
{
	bool close_wide = false;
	switch (b->kind) {
	case DOC_HEADING:
		switch (b->level) {
		case 1:
			RAW(w, "<h1 id=\"");
			break;
		case 2:
			RAW(w, "<h2 id=\"");
			break;
		case 3:
			RAW(w, "<h3 id=\"");
			break;
		default:
			RAW(w, "<h4 id=\"");
			break;
		}
		h_attr(w, b->id);
		RAW(w, "\">");
		heading_text(w, b);
		switch (b->level) {
		case 1:
			RAW(w, "</h1>\n");
			break;
		case 2:
			RAW(w, "</h2>\n");
			break;
		case 3:
			RAW(w, "</h3>\n");
			break;
		default:
			RAW(w, "</h4>\n");
			break;
		}
		break;
	case DOC_PARA:
		/* A small note right after a wide table is its footnote: same page. */
		if (prev && prev->kind == DOC_TABLE && prev->table.wide && (b->flags & DOC_PARA_SMALL))
			close_wide = true;
		if (b->flags & DOC_PARA_SMALL)
			RAW(w, "<p class=\"small\">");
		else
			RAW(w, "<p>");
		styled_text(w, b->text, b->flags, b->note);
		RAW(w, "</p>\n");
		if (close_wide)
			RAW(w, "</div>\n");
		break;
	case DOC_LIST:
		if (b->ordered && b->paren)
			RAW(w, "<ol class=\"paren\">\n");
		else if (b->ordered)
			RAW(w, "<ol>\n");
		else
			RAW(w, "<ul>\n");
		for (size_t i = 0; i < b->n_items; i++) {
			RAW(w, "<li>");
			styled_text(w, b->items[i].text, b->items[i].flags, b->items[i].note);
			RAW(w, "</li>\n");
		}
		if (b->ordered)
			RAW(w, "</ol>\n");
		else
			RAW(w, "</ul>\n");
		break;
	case DOC_TABLE:
		html_table(w, &b->table);
		if (b->table.wide && !(next && next->kind == DOC_PARA && (next->flags & DOC_PARA_SMALL)))
			RAW(w, "</div>\n");
		break;
	case DOC_FIGURE:
		figure(w, &b->figure);
		break;
	case DOC_NOTE:
		RAW(w, "<aside class=\"note\"><b>");
		h_text(w, b->text);
		RAW(w, "</b>");
		h_text(w, b->note);
		RAW(w, "</aside>\n");
		break;
	case DOC_PAGE_BREAK:
		RAW(w, "<div class=\"pb\"></div>\n");
		break;
	}
}

void render_html(const struct doc *d, struct buf *out)
{
	struct hw w = { out };
	head(&w, d);
	front(&w, d);
	RAW(&w, "<main>\n");
	for (size_t i = 0; i < d->n_blocks; i++)
		html_block(&w, i ? d->blocks[i - 1] : NULL, d->blocks[i],
			   i + 1 < d->n_blocks ? d->blocks[i + 1] : NULL);
	RAW(&w, "</main>\n</body>\n</html>\n");
}
