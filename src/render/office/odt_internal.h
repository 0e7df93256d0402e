/*
 * odt_internal.h — what odt.c (content.xml, the archive) and odt_styles.c
 * (styles.xml, meta.xml) share.
 */
#ifndef ITBCP_RENDER_OFFICE_ODT_INTERNAL_H
#define ITBCP_RENDER_OFFICE_ODT_INTERNAL_H

#include "render/doc.h"
#include "util/buf.h"

/* The namespaces every part declares. */
#define ODT_NS                                                                    \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""      \
	" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""        \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""          \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""        \
	" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""       \
	" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"" \
	" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"" \
	" xmlns:xlink=\"http://www.w3.org/1999/xlink\""                           \
	" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""                          \
	" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""          \
	" office:version=\"1.3\""

/* The Japanese and Latin fonts the styles name. */
#define ODT_FONT_ASIAN "Noto Sans CJK JP"
#define ODT_FONT_LATIN "Noto Sans"

/* styles.xml: fonts, paragraph and character styles, the A4 page with
 * the running header and page numbers. */
void odt_styles_xml(const struct doc *d, struct buf *out);
/* meta.xml: title, language, generator. */
void odt_meta_xml(const struct doc *d, struct buf *out);

#endif
