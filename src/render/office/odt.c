/*
 * odt.c — content.xml, the manifest and the archive of the .odt.
 *
 * content.xml is written in two buffers at once: the body, and the
 * automatic styles the body needs (a table style and column widths per
 * table), which must come first in the file.  Every piece of document
 * text goes through odt_xml(), the one escape here.  Tables: the doc's
 * header rows become table:table-header-rows (repeated on each page),
 * spans become number-columns/rows-spanned with covered cells, captions
 * go above tables and below figures as in the appendix.  Figures are
 * embedded as Pictures/figN.svg in a frame sized from the SVG's own
 * width and height, shrunk to fit the text area.
 */
#include "render/office/odt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/office/odt_internal.h"
#include "render/office/zip.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define TEXT_WIDTH_CM 17.0  /* A4 less 2 cm margins */
#define WIDE_WIDTH_CM 25.7  /* A4 landscape less 2 cm margins */
#define FIGURE_MAX_H_CM 22.0

void odt_xml(struct buf *b, const char *s, enum odt_esc mode)
{
	bool text = mode == ODT_TEXT;
	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, &cp);
		if (text && cp == ' ' && s[1] == ' ') {
			/* a run: one real space, then <text:s> for the rest */
			size_t k = 1;
			while (s[k] == ' ')
				k++;
			buf_addf(b, " <text:s text:c=\"%zu\"/>", k - 1);
			s += k;
			continue;
		}
		if (cp == '&')
			buf_adds(b, "&amp;");
		else if (cp == '<')
			buf_adds(b, "&lt;");
		else if (cp == '>')
			buf_adds(b, "&gt;");
		else if (cp == '"')
			buf_adds(b, "&quot;");
		else if (cp == '\'')
			buf_adds(b, "&apos;");
		else if (text && cp == '\n')
			buf_adds(b, "<text:line-break/>");
		else if (text && cp == '\t')
			buf_adds(b, "<text:tab/>");
		else if (cp == '\r')
			;
		else if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0xfffe || cp == 0xffff)
			; /* not allowed in XML 1.0 */
		else
			buf_add(b, s, n);
		s += n;
	}
}

/* The state of one content.xml. */
struct odt {
	const struct doc *d;
	struct buf styles;  /* automatic styles collected while writing */
	struct buf body;
	struct zip zip;
	unsigned tables, figures;
};

/* Appends a comment holding note (the plan check's finding). */
static void annotation(struct buf *b, const char *note)
{
	if (!note || !*note)
		return;
	buf_adds(b, "<office:annotation><dc:creator>itbcp</dc:creator><text:p>");
	odt_xml(b, note, ODT_TEXT);
	buf_adds(b, "</text:p></office:annotation>");
}

/* Appends text with the character styles of flags, and its note. */
static void styled_text(struct buf *b, const char *text, unsigned flags, const char *note)
{
	const char *span = flags & DOC_CELL_PLACEHOLDER ? "Placeholder"
			   : flags & DOC_CELL_EMPH     ? "Strong_20_Emphasis"
			   : flags & DOC_CELL_SMALL    ? "Small_20_Text"
						       : NULL;
	if (span)
		buf_addf(b, "<text:span text:style-name=\"%s\">", span);
	odt_xml(b, text, ODT_TEXT);
	if (span)
		buf_adds(b, "</text:span>");
	annotation(b, note);
}

/* A heading, with a bookmark at its anchor. */
static void heading(struct odt *o, const struct doc_block *b)
{
	int level = b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
	buf_addf(&o->body, "<text:h text:style-name=\"Heading_20_%d\" text:outline-level=\"%d\">",
		 level, level);
	if (*b->id) {
		buf_adds(&o->body, "<text:bookmark text:name=\"");
		odt_xml(&o->body, b->id, ODT_ATTR);
		buf_adds(&o->body, "\"/>");
	}
	if (*b->number) {
		odt_xml(&o->body, b->number, ODT_TEXT);
		buf_addc(&o->body, ' ');
	}
	odt_xml(&o->body, b->text, ODT_TEXT);
	buf_adds(&o->body, "</text:h>");
}

/* The paragraph style of a table cell. */
static const char *cell_para_style(bool head, bool wide, enum doc_align align)
{
	static const char *const names[2][2][4] = {
		{ { "Table_20_Contents", "Table_20_Contents", "TC_C", "TC_R" },
		  { "Table_20_Contents_20_Small", "Table_20_Contents_20_Small", "TCS_C", "TCS_R" } },
		{ { "Table_20_Heading", "TH_L", "Table_20_Heading", "TH_R" },
		  { "Table_20_Heading_20_Small", "THS_L", "Table_20_Heading_20_Small", "THS_R" } },
	};
	return names[head][wide][(unsigned)align & 3u];
}

/* One cell (or a covered position). */
static void cell(struct odt *o, const struct doc_cell *c, bool head, bool wide)
{
	struct buf *b = &o->body;
	if (c->flags & DOC_CELL_COVERED) {
		buf_adds(b, "<table:covered-table-cell/>");
		return;
	}
	const char *cs = head                        ? "CellHead"
			 : c->flags & DOC_CELL_SHADE ? "CellShade"
			 : c->flags & DOC_CELL_HEAD  ? "CellRowHead"
						     : "Cell";
	buf_addf(b, "<table:table-cell table:style-name=\"%s\" office:value-type=\"string\"", cs);
	if (c->colspan > 1)
		buf_addf(b, " table:number-columns-spanned=\"%d\"", c->colspan);
	if (c->rowspan > 1)
		buf_addf(b, " table:number-rows-spanned=\"%d\"", c->rowspan);
	buf_addf(b, "><text:p text:style-name=\"%s\">", cell_para_style(head, wide, c->align));
	unsigned flags = c->flags;
	if (c->flags & DOC_CELL_HEAD && !head)
		flags |= DOC_CELL_EMPH;
	styled_text(b, c->text, flags, c->note);
	buf_adds(b, "</text:p></table:table-cell>");
}

/* A table with its caption above it; a wide one on landscape pages (its
 * caption's style starts a page of master page "Landscape"). */
static void table(struct odt *o, const struct doc_table *t)
{
	unsigned no = ++o->tables;
	struct buf *b = &o->body;
	double text_width = t->wide ? WIDE_WIDTH_CM : TEXT_WIDTH_CM;
	buf_addf(b, "<text:p text:style-name=\"%s\">", t->wide ? "CapL" : "Table_20_Caption");
	odt_xml(b, t->label, ODT_TEXT);
	if (*t->label && *t->caption)
		buf_adds(b, "　");
	odt_xml(b, t->caption, ODT_TEXT);
	buf_adds(b, "</text:p>");

	size_t nc = t->n_cols ? t->n_cols : 1;
	double sum = 0;
	for (size_t c = 0; c < t->n_cols; c++)
		sum += t->widths && t->widths[c] ? t->widths[c] : 1;
	buf_addf(&o->styles,
		 "<style:style style:name=\"T%u\" style:family=\"table\">"
		 "<style:table-properties style:width=\"%.2fcm\" table:align=\"margins\""
		 " fo:margin-bottom=\"0.3cm\"/></style:style>",
		 no, text_width);
	buf_adds(b, "<table:table table:name=\"");
	if (*t->id)
		odt_xml(b, t->id, ODT_ATTR);
	else
		buf_addf(b, "Table%u", no);
	buf_addf(b, "\" table:style-name=\"T%u\">", no);
	for (size_t c = 0; c < nc; c++) {
		double w = c < t->n_cols && t->widths && t->widths[c] ? t->widths[c] : 1;
		double cm = sum > 0 ? text_width * w / sum : text_width;
		buf_addf(&o->styles,
			 "<style:style style:name=\"T%u.%zu\" style:family=\"table-column\">"
			 "<style:table-column-properties style:column-width=\"%.2fcm\""
			 " style:rel-width=\"%u*\"/></style:style>",
			 no, c, cm, (unsigned)(w * 1000));
		buf_addf(b, "<table:table-column table:style-name=\"T%u.%zu\"/>", no, c);
	}
	for (size_t r = 0; r < t->n_rows; r++) {
		bool head = r < t->n_head;
		if (r == 0 && head)
			buf_adds(b, "<table:table-header-rows>");
		buf_adds(b, "<table:table-row>");
		for (size_t c = 0; c < t->n_cols; c++)
			cell(o, &t->rows[r].cells[c], head, t->wide);
		buf_adds(b, "</table:table-row>");
		if (head && r + 1 == t->n_head)
			buf_adds(b, "</table:table-header-rows>");
	}
	if (t->n_rows == 0) /* a table needs a row */
		buf_adds(b, "<table:table-row><table:table-cell/></table:table-row>");
	buf_adds(b, "</table:table>");
}

/* The value of attribute name ("width") in the <svg> start tag, in cm;
 * def when absent or in units other than pt, px, cm, mm, in. */
static double svg_length(const char *svg, const char *name, double def)
{
	const char *start = strstr(svg, "<svg");
	if (!start)
		return def;
	const char *end = strchr(start, '>');
	char key[32];
	snprintf(key, sizeof key, " %s=\"", name);
	const char *p = strstr(start, key);
	if (!p || (end && p > end))
		return def;
	char *after;
	double v = strtod(p + strlen(key), &after);
	if (v <= 0)
		return def;
	if (strncmp(after, "pt", 2) == 0)
		return v * 2.54 / 72;
	if (strncmp(after, "px", 2) == 0 || *after == '"')
		return v * 2.54 / 96;
	if (strncmp(after, "cm", 2) == 0)
		return v;
	if (strncmp(after, "mm", 2) == 0)
		return v / 10;
	if (strncmp(after, "in", 2) == 0)
		return v * 2.54;
	return def;
}

/* A figure: the SVG embedded as an image, its caption below; or, when it
 * is not drawn, the note in its place. */
static void figure(struct odt *o, const struct doc_figure *f)
{
	struct buf *b = &o->body;
	if (*f->svg) {
		unsigned no = ++o->figures;
		char name[64];
		snprintf(name, sizeof name, "Pictures/fig%u.svg", no);
		struct buf file = BUF_INIT;
		if (strncmp(f->svg, "<?xml", 5) != 0)
			buf_adds(&file, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
		buf_adds(&file, f->svg);
		zip_add(&o->zip, name, file.data, file.len, true);
		buf_release(&file);
		double w = svg_length(f->svg, "width", 16), h = svg_length(f->svg, "height", 10);
		double scale = 1;
		if (w > TEXT_WIDTH_CM)
			scale = TEXT_WIDTH_CM / w;
		if (h * scale > FIGURE_MAX_H_CM)
			scale = FIGURE_MAX_H_CM / h;
		buf_addf(b, "<text:p text:style-name=\"Figure\"><draw:frame draw:name=\"Figure%u\""
			    " text:anchor-type=\"as-char\" svg:width=\"%.2fcm\" svg:height=\"%.2fcm\">"
			    "<draw:image xlink:href=\"%s\" xlink:type=\"simple\" xlink:show=\"embed\""
			    " xlink:actuate=\"onLoad\" draw:mime-type=\"image/svg+xml\"/>"
			    "<svg:title>",
			 no, w * scale, h * scale, name);
		odt_xml(b, f->caption, ODT_ATTR);
		buf_adds(b, "</svg:title></draw:frame></text:p>");
	} else {
		buf_adds(b, "<text:p text:style-name=\"Figure\">");
		styled_text(b, f->note ? f->note : "", DOC_CELL_PLACEHOLDER, NULL);
		buf_adds(b, "</text:p>");
	}
	buf_adds(b, "<text:p text:style-name=\"Caption\">");
	odt_xml(b, f->label, ODT_TEXT);
	if (*f->label && *f->caption)
		buf_adds(b, "　");
	odt_xml(b, f->caption, ODT_TEXT);
	buf_adds(b, "</text:p>");
}

/* A list of items, bulleted or numbered. */
static void list(struct odt *o, const struct doc_block *blk)
{
	struct buf *b = &o->body;
	buf_addf(b, "<text:list text:style-name=\"%s\">",
		 !blk->ordered ? "List_20_Bullet"
		 : blk->paren  ? "List_20_Paren"
			       : "List_20_Number");
	for (size_t i = 0; i < blk->n_items; i++) {
		const struct doc_cell *it = &blk->items[i];
		buf_adds(b, "<text:list-item><text:p text:style-name=\"Text_20_body\">");
		styled_text(b, it->text, it->flags, it->note);
		buf_adds(b, "</text:p></text:list-item>");
	}
	buf_adds(b, "</text:list>");
}

/* The title page and the table of contents (headings down to level 3;
 * LibreOffice adds page numbers when the index is updated). */
static void front_matter(struct odt *o)
{
	const struct doc *d = o->d;
	struct buf *b = &o->body;
	const char *fields[] = { d->meta.subtitle, d->meta.organisation, d->meta.date };
	buf_adds(b, "<text:p text:style-name=\"Title\">");
	odt_xml(b, d->meta.title, ODT_TEXT);
	buf_adds(b, "</text:p>");
	for (size_t i = 0; i < 3; i++) {
		if (!*fields[i])
			continue;
		buf_adds(b, "<text:p text:style-name=\"Subtitle\">");
		odt_xml(b, fields[i], ODT_TEXT);
		buf_adds(b, "</text:p>");
	}
	buf_adds(b, "<text:p text:style-name=\"PB\"/>");
	const char *toc = L(d->lang, "目次", "Contents");
	buf_addf(b, "<text:table-of-content text:style-name=\"Sect\" text:protected=\"false\""
		    " text:name=\"TOC\"><text:table-of-content-source text:outline-level=\"3\""
		    " text:use-index-marks=\"false\"><text:index-title-template"
		    " text:style-name=\"Contents_20_Heading\">%s</text:index-title-template>",
		 toc);
	for (int l = 1; l <= 3; l++)
		buf_addf(b, "<text:table-of-content-entry-template text:outline-level=\"%d\""
			    " text:style-name=\"Contents_20_%d\"><text:index-entry-link-start/>"
			    "<text:index-entry-text/><text:index-entry-tab-stop style:type=\"right\""
			    " style:leader-char=\".\"/><text:index-entry-page-number/>"
			    "<text:index-entry-link-end/></text:table-of-content-entry-template>",
			 l, l);
	buf_addf(b, "</text:table-of-content-source><text:index-body>"
		    "<text:index-title text:style-name=\"Sect\" text:name=\"TOC_Head\">"
		    "<text:p text:style-name=\"Contents_20_Heading\">%s</text:p></text:index-title>",
		 toc);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *h = d->blocks[i];
		if (h->kind != DOC_HEADING || h->level < 1 || h->level > 3)
			continue;
		buf_addf(b, "<text:p text:style-name=\"Contents_20_%d\">", h->level);
		if (*h->number) {
			odt_xml(b, h->number, ODT_TEXT);
			buf_addc(b, ' ');
		}
		odt_xml(b, h->text, ODT_TEXT);
		buf_adds(b, "</text:p>");
	}
	buf_adds(b, "</text:index-body></text:table-of-content>");
}

/* The automatic styles every content.xml has. */
static const char fixed_automatic[] =
	"<style:style style:name=\"Sect\" style:family=\"section\"/>"
	"<style:style style:name=\"PB\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
	"<style:paragraph-properties fo:break-before=\"page\"/></style:style>"
	"<style:style style:name=\"CapL\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Caption\" style:master-page-name=\"Landscape\"/>"
	"<style:style style:name=\"PStd\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:master-page-name=\"Standard\"/>"
	"<style:style style:name=\"CellHead\" style:family=\"table-cell\">"
	"<style:table-cell-properties fo:background-color=\"#dce6f1\" fo:border=\"0.5pt solid #000000\""
	" style:vertical-align=\"middle\"/></style:style>"
	"<style:style style:name=\"Cell\" style:family=\"table-cell\">"
	"<style:table-cell-properties fo:border=\"0.5pt solid #000000\"/></style:style>"
	"<style:style style:name=\"CellShade\" style:family=\"table-cell\">"
	"<style:table-cell-properties fo:background-color=\"#d9d9d9\""
	" fo:border=\"0.5pt solid #000000\"/></style:style>"
	"<style:style style:name=\"CellRowHead\" style:family=\"table-cell\">"
	"<style:table-cell-properties fo:background-color=\"#f2f2f2\""
	" fo:border=\"0.5pt solid #000000\"/></style:style>"
	"<style:style style:name=\"TC_C\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Contents\">"
	"<style:paragraph-properties fo:text-align=\"center\"/></style:style>"
	"<style:style style:name=\"TC_R\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Contents\">"
	"<style:paragraph-properties fo:text-align=\"end\"/></style:style>"
	"<style:style style:name=\"TCS_C\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Contents_20_Small\">"
	"<style:paragraph-properties fo:text-align=\"center\"/></style:style>"
	"<style:style style:name=\"TCS_R\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Contents_20_Small\">"
	"<style:paragraph-properties fo:text-align=\"end\"/></style:style>"
	"<style:style style:name=\"TH_L\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Heading\">"
	"<style:paragraph-properties fo:text-align=\"start\"/></style:style>"
	"<style:style style:name=\"TH_R\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Heading\">"
	"<style:paragraph-properties fo:text-align=\"end\"/></style:style>"
	"<style:style style:name=\"THS_L\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Heading_20_Small\">"
	"<style:paragraph-properties fo:text-align=\"start\"/></style:style>"
	"<style:style style:name=\"THS_R\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Heading_20_Small\">"
	"<style:paragraph-properties fo:text-align=\"end\"/></style:style>";

/* True when block i of d is a wide table. */
static bool wide_table(const struct doc *d, size_t i)
{
	return i < d->n_blocks && d->blocks[i]->kind == DOC_TABLE && d->blocks[i]->table.wide;
}

/* The index of the first block from i on that is not a page break. */
static size_t skip_breaks(const struct doc *d, size_t i)
{
	while (i < d->n_blocks && d->blocks[i]->kind == DOC_PAGE_BREAK)
		i++;
	return i;
}

/* content.xml of d into out; figures are added to o->zip on the way.
 * Page breaks next to a wide table are left out: changing to and from
 * the landscape master page breaks the page already. */
static void content(struct odt *o, struct buf *out)
{
	const struct doc *d = o->d;
	buf_adds(&o->styles, fixed_automatic);
	front_matter(o);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = d->blocks[i];
		switch (b->kind) {
		case DOC_HEADING:
			heading(o, b);
			break;
		case DOC_PARA:
			buf_addf(&o->body, "<text:p text:style-name=\"%s\">",
				 b->flags & DOC_PARA_SMALL ? "Small" : "Text_20_body");
			styled_text(&o->body, b->text, b->flags & DOC_PARA_PLACEHOLDER, b->note);
			buf_adds(&o->body, "</text:p>");
			break;
		case DOC_LIST:
			list(o, b);
			break;
		case DOC_TABLE:
			table(o, &b->table);
			/* back to portrait, unless another wide table follows */
			if (b->table.wide && !wide_table(d, skip_breaks(d, i + 1)) &&
			    i + 1 < d->n_blocks)
				buf_adds(&o->body, "<text:p text:style-name=\"PStd\"/>");
			break;
		case DOC_FIGURE:
			figure(o, &b->figure);
			break;
		case DOC_NOTE:
			buf_adds(&o->body, "<text:p text:style-name=\"Note\">"
					   "<text:span text:style-name=\"Strong_20_Emphasis\">");
			odt_xml(&o->body, b->text, ODT_TEXT);
			buf_adds(&o->body, "</text:span>");
			if (b->note && *b->note) {
				buf_adds(&o->body, "<text:line-break/>");
				odt_xml(&o->body, b->note, ODT_TEXT);
			}
			buf_adds(&o->body, "</text:p>");
			break;
		case DOC_PAGE_BREAK:
			if (!wide_table(d, skip_breaks(d, i + 1)) && !(i > 0 && wide_table(d, i - 1)))
				buf_adds(&o->body, "<text:p text:style-name=\"PB\"/>");
			break;
		}
	}
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content" ODT_NS
		      "><office:automatic-styles>");
	buf_add(out, o->styles.data, o->styles.len);
	buf_adds(out, "</office:automatic-styles><office:body><office:text>");
	buf_add(out, o->body.data, o->body.len);
	buf_adds(out, "</office:text></office:body></office:document-content>\n");
}

/* META-INF/manifest.xml listing every part and picture. */
static void manifest(const struct odt *o, struct buf *out)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:"
		      "manifest:1.0\" manifest:version=\"1.3\">"
		      "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""
		      " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
		      "<manifest:file-entry manifest:full-path=\"content.xml\""
		      " manifest:media-type=\"text/xml\"/>"
		      "<manifest:file-entry manifest:full-path=\"styles.xml\""
		      " manifest:media-type=\"text/xml\"/>"
		      "<manifest:file-entry manifest:full-path=\"meta.xml\""
		      " manifest:media-type=\"text/xml\"/>");
	for (unsigned i = 1; i <= o->figures; i++)
		buf_addf(out, "<manifest:file-entry manifest:full-path=\"Pictures/fig%u.svg\""
			      " manifest:media-type=\"image/svg+xml\"/>",
			 i);
	buf_adds(out, "</manifest:manifest>\n");
}

int render_odt(const struct doc *d, struct buf *out, struct err *e)
{
	static const char mime[] = "application/vnd.oasis.opendocument.text";
	struct odt o = { d, BUF_INIT, BUF_INIT, ZIP_INIT, 0, 0 };
	struct buf part = BUF_INIT;

	zip_add(&o.zip, "mimetype", mime, sizeof mime - 1, false);
	content(&o, &part); /* adds Pictures/ to the zip */
	zip_add(&o.zip, "content.xml", part.data, part.len, true);
	buf_reset(&part);
	odt_styles_xml(d, &part);
	zip_add(&o.zip, "styles.xml", part.data, part.len, true);
	buf_reset(&part);
	odt_meta_xml(d, &part);
	zip_add(&o.zip, "meta.xml", part.data, part.len, true);
	buf_reset(&part);
	manifest(&o, &part);
	zip_add(&o.zip, "META-INF/manifest.xml", part.data, part.len, true);
	buf_release(&part);
	buf_release(&o.styles);
	buf_release(&o.body);
	if (zip_finish(&o.zip, out) != 0)
		return err_set(e, "odt: the document is too large for a ZIP archive");
	return 0;
}
