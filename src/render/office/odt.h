/*
 * odt.h — the plan as an editable OpenDocument text (.odt).
 *
 * The format the Japanese government names for exchanging documents, and
 * which LibreOffice and Word open: an agency adjusts the wording for its
 * own approval process.  Written from the document model (doc.h) like
 * every other format: real headings (text:h with outline levels, so the
 * navigator and a table of contents work), paragraphs, lists, tables with
 * repeated header rows and spans, figures as embedded SVG images, the
 * plan check's findings beside placeholders as comments (annotations).
 * The ZIP is written by zip.c: mimetype first and stored, then
 * content.xml, styles.xml, meta.xml, META-INF/manifest.xml, Pictures/.
 */
#ifndef ITBCP_RENDER_OFFICE_ODT_H
#define ITBCP_RENDER_OFFICE_ODT_H

#include "render/doc.h"
#include "util/buf.h"
#include "util/err.h"

/* Appends d as the bytes of a .odt file to out.  -1 with e filled if the
 * archive cannot be made. */
int render_odt(const struct doc *d, struct buf *out, struct err *e);

/* Where escaped text goes. */
enum odt_esc {
	ODT_ATTR, /* an attribute value, or text where whitespace does not matter */
	ODT_TEXT, /* paragraph text: '\n' <text:line-break/>, '\t' <text:tab/>,
		   * runs of spaces <text:s text:c="n"/> */
};

/* Appends s escaped for XML — the one escape of this writer: & < > " '
 * become references and the characters XML 1.0 cannot hold are dropped. */
void odt_xml(struct buf *b, const char *s, enum odt_esc mode);

#endif
