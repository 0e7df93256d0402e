/*
 * odt_styles.c — styles.xml and meta.xml of the .odt.
 *
 * The styles are named as LibreOffice names its own (Heading_20_1 shows
 * as "Heading 1"), so a person editing the file finds familiar styles and
 * can restyle the whole plan at once.  Headings carry their numbers in the
 * text (the appendix's "2.1.3."), so the outline has no numbering of its
 * own.  Pages: A4 with 20 mm margins, the running header at the top and
 * the page number at the foot; master page "Landscape" for wide tables.
 */
#include "render/office/odt_internal.h"

#include "render/office/odt.h"

/* Paragraph and character styles that do not depend on the document. */
static const char fixed_styles[] =
	"<style:default-style style:family=\"paragraph\">"
	"<style:paragraph-properties fo:line-height=\"115%\" style:line-break=\"strict\"/>"
	"<style:text-properties style:font-name=\"" ODT_FONT_LATIN "\" fo:font-size=\"10.5pt\""
	" style:font-name-asian=\"" ODT_FONT_ASIAN "\" style:font-size-asian=\"10.5pt\""
	" fo:language=\"ja\" fo:country=\"JP\" style:language-asian=\"ja\""
	" style:country-asian=\"JP\"/>"
	"</style:default-style>"
	"<style:default-style style:family=\"table-cell\">"
	"<style:table-cell-properties fo:padding=\"0.08cm\"/>"
	"</style:default-style>"
	"<style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>"
	"<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\""
	" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"text\">"
	"<style:paragraph-properties fo:margin-top=\"0cm\" fo:margin-bottom=\"0.2cm\"/>"
	"</style:style>"
	"<style:style style:name=\"Small\" style:family=\"paragraph\""
	" style:parent-style-name=\"Text_20_body\">"
	"<style:text-properties fo:font-size=\"9pt\" style:font-size-asian=\"9pt\"/></style:style>"
	"<style:style style:name=\"Heading\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:next-style-name=\"Text_20_body\""
	" style:class=\"text\">"
	"<style:paragraph-properties fo:margin-top=\"0.42cm\" fo:margin-bottom=\"0.21cm\""
	" fo:keep-with-next=\"always\"/>"
	"<style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/>"
	"</style:style>"
	"<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\""
	" style:family=\"paragraph\" style:parent-style-name=\"Heading\""
	" style:default-outline-level=\"1\" style:class=\"text\">"
	"<style:text-properties fo:font-size=\"16pt\" style:font-size-asian=\"16pt\"/></style:style>"
	"<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\""
	" style:family=\"paragraph\" style:parent-style-name=\"Heading\""
	" style:default-outline-level=\"2\" style:class=\"text\">"
	"<style:text-properties fo:font-size=\"13pt\" style:font-size-asian=\"13pt\"/></style:style>"
	"<style:style style:name=\"Heading_20_3\" style:display-name=\"Heading 3\""
	" style:family=\"paragraph\" style:parent-style-name=\"Heading\""
	" style:default-outline-level=\"3\" style:class=\"text\">"
	"<style:text-properties fo:font-size=\"11.5pt\" style:font-size-asian=\"11.5pt\"/></style:style>"
	"<style:style style:name=\"Heading_20_4\" style:display-name=\"Heading 4\""
	" style:family=\"paragraph\" style:parent-style-name=\"Heading\""
	" style:default-outline-level=\"4\" style:class=\"text\">"
	"<style:text-properties fo:font-size=\"10.5pt\" style:font-size-asian=\"10.5pt\"/></style:style>"
	"<style:style style:name=\"Title\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:class=\"chapter\">"
	"<style:paragraph-properties fo:text-align=\"center\" fo:margin-top=\"6cm\""
	" fo:margin-bottom=\"1cm\"/>"
	"<style:text-properties fo:font-size=\"24pt\" style:font-size-asian=\"24pt\""
	" fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
	"<style:style style:name=\"Subtitle\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:class=\"chapter\">"
	"<style:paragraph-properties fo:text-align=\"center\" fo:margin-bottom=\"0.5cm\"/>"
	"<style:text-properties fo:font-size=\"14pt\" style:font-size-asian=\"14pt\"/></style:style>"
	"<style:style style:name=\"Table_20_Contents\" style:display-name=\"Table Contents\""
	" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\">"
	"<style:paragraph-properties fo:line-height=\"100%\"/>"
	"<style:text-properties fo:font-size=\"9.5pt\" style:font-size-asian=\"9.5pt\"/></style:style>"
	"<style:style style:name=\"Table_20_Heading\" style:display-name=\"Table Heading\""
	" style:family=\"paragraph\" style:parent-style-name=\"Table_20_Contents\""
	" style:class=\"extra\">"
	"<style:paragraph-properties fo:text-align=\"center\"/>"
	"<style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
	"<style:style style:name=\"Table_20_Contents_20_Small\""
	" style:display-name=\"Table Contents Small\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Contents\" style:class=\"extra\">"
	"<style:text-properties fo:font-size=\"8pt\" style:font-size-asian=\"8pt\"/></style:style>"
	"<style:style style:name=\"Table_20_Heading_20_Small\""
	" style:display-name=\"Table Heading Small\" style:family=\"paragraph\""
	" style:parent-style-name=\"Table_20_Heading\" style:class=\"extra\">"
	"<style:text-properties fo:font-size=\"8pt\" style:font-size-asian=\"8pt\"/></style:style>"
	"<style:style style:name=\"Caption\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:class=\"extra\">"
	"<style:paragraph-properties fo:text-align=\"center\" fo:margin-top=\"0.2cm\""
	" fo:margin-bottom=\"0.2cm\"/>"
	"<style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\"/></style:style>"
	"<style:style style:name=\"Table_20_Caption\" style:display-name=\"Table Caption\""
	" style:family=\"paragraph\" style:parent-style-name=\"Caption\" style:class=\"extra\">"
	"<style:paragraph-properties fo:keep-with-next=\"always\"/></style:style>"
	"<style:style style:name=\"Figure\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:class=\"extra\">"
	"<style:paragraph-properties fo:text-align=\"center\" fo:keep-with-next=\"always\"/>"
	"</style:style>"
	"<style:style style:name=\"Note\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\">"
	"<style:paragraph-properties fo:border=\"0.5pt solid #555555\" fo:padding=\"0.15cm\""
	" fo:margin-top=\"0.2cm\" fo:margin-bottom=\"0.3cm\"/>"
	"<style:text-properties fo:font-size=\"9.5pt\" style:font-size-asian=\"9.5pt\"/></style:style>"
	"<style:style style:name=\"Contents_20_Heading\" style:display-name=\"Contents Heading\""
	" style:family=\"paragraph\" style:parent-style-name=\"Heading\" style:class=\"index\">"
	"<style:text-properties fo:font-size=\"16pt\" style:font-size-asian=\"16pt\"/></style:style>"
	"<style:style style:name=\"Contents_20_1\" style:display-name=\"Contents 1\""
	" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"index\">"
	"<style:paragraph-properties fo:margin-left=\"0cm\"/></style:style>"
	"<style:style style:name=\"Contents_20_2\" style:display-name=\"Contents 2\""
	" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"index\">"
	"<style:paragraph-properties fo:margin-left=\"0.5cm\"/></style:style>"
	"<style:style style:name=\"Contents_20_3\" style:display-name=\"Contents 3\""
	" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"index\">"
	"<style:paragraph-properties fo:margin-left=\"1cm\"/></style:style>"
	"<style:style style:name=\"Header\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:class=\"extra\">"
	"<style:paragraph-properties fo:text-align=\"end\"/>"
	"<style:text-properties fo:font-size=\"8pt\" style:font-size-asian=\"8pt\""
	" fo:color=\"#555555\"/></style:style>"
	"<style:style style:name=\"Footer\" style:family=\"paragraph\""
	" style:parent-style-name=\"Standard\" style:class=\"extra\">"
	"<style:paragraph-properties fo:text-align=\"center\"/>"
	"<style:text-properties fo:font-size=\"8pt\" style:font-size-asian=\"8pt\"/></style:style>"
	"<style:style style:name=\"Strong_20_Emphasis\" style:display-name=\"Strong Emphasis\""
	" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\""
	" style:font-weight-asian=\"bold\"/></style:style>"
	"<style:style style:name=\"Small_20_Text\" style:display-name=\"Small Text\""
	" style:family=\"text\"><style:text-properties fo:font-size=\"85%\""
	" style:font-size-asian=\"85%\"/></style:style>"
	"<style:style style:name=\"Placeholder\" style:family=\"text\">"
	"<style:text-properties fo:color=\"#7a4b00\" fo:background-color=\"#fff2cc\"/></style:style>"
	"<text:list-style style:name=\"List_20_Bullet\" style:display-name=\"List Bullet\">"
	"<text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"・\">"
	"<style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\">"
	"<style:list-level-label-alignment text:label-followed-by=\"listtab\""
	" text:list-tab-stop-position=\"0.7cm\" fo:text-indent=\"-0.5cm\" fo:margin-left=\"0.7cm\"/>"
	"</style:list-level-properties></text:list-level-style-bullet></text:list-style>"
	"<text:list-style style:name=\"List_20_Number\" style:display-name=\"List Number\">"
	"<text:list-level-style-number text:level=\"1\" style:num-format=\"1\""
	" style:num-suffix=\".\">"
	"<style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\">"
	"<style:list-level-label-alignment text:label-followed-by=\"listtab\""
	" text:list-tab-stop-position=\"0.9cm\" fo:text-indent=\"-0.7cm\" fo:margin-left=\"0.9cm\"/>"
	"</style:list-level-properties></text:list-level-style-number></text:list-style>"
	"<text:list-style style:name=\"List_20_Paren\" style:display-name=\"List Number (1)\">"
	"<text:list-level-style-number text:level=\"1\" style:num-format=\"1\""
	" style:num-prefix=\"(\" style:num-suffix=\")\">"
	"<style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\">"
	"<style:list-level-label-alignment text:label-followed-by=\"listtab\""
	" text:list-tab-stop-position=\"0.9cm\" fo:text-indent=\"-0.7cm\" fo:margin-left=\"0.9cm\"/>"
	"</style:list-level-properties></text:list-level-style-number></text:list-style>";

/* A master page on page layout layout: the running header at the top,
 * the footer and page number at the foot. */
static void master_page(const struct doc *d, const char *name, const char *layout, struct buf *out)
{
	buf_addf(out, "<style:master-page style:name=\"%s\" style:page-layout-name=\"%s\">"
		      "<style:header><text:p text:style-name=\"Header\">",
		 name, layout);
	odt_xml(out, d->meta.running_header, ODT_TEXT);
	buf_adds(out, "</text:p></style:header><style:footer><text:p text:style-name=\"Footer\">");
	if (*d->meta.footer) {
		odt_xml(out, d->meta.footer, ODT_TEXT);
		buf_adds(out, "<text:tab/>");
	}
	buf_adds(out, "<text:page-number text:select-page=\"current\">1</text:page-number>"
		      "</text:p></style:footer></style:master-page>");
}

void odt_styles_xml(const struct doc *d, struct buf *out)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<office:document-styles" ODT_NS ">"
		      "<office:font-face-decls>"
		      "<style:font-face style:name=\"" ODT_FONT_LATIN "\" svg:font-family=\"'"
		      ODT_FONT_LATIN "'\" style:font-family-generic=\"swiss\"/>"
		      "<style:font-face style:name=\"" ODT_FONT_ASIAN "\" svg:font-family=\"'"
		      ODT_FONT_ASIAN "'\" style:font-family-generic=\"swiss\"/>"
		      "</office:font-face-decls><office:styles>");
	buf_adds(out, fixed_styles);
	buf_adds(out, "</office:styles><office:automatic-styles>"
		      "<style:page-layout style:name=\"A4\">"
		      "<style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\""
		      " style:print-orientation=\"portrait\" fo:margin-top=\"1.5cm\""
		      " fo:margin-bottom=\"1.5cm\" fo:margin-left=\"2cm\" fo:margin-right=\"2cm\""
		      " style:writing-mode=\"lr-tb\"/>"
		      "<style:header-style><style:header-footer-properties fo:min-height=\"0cm\""
		      " fo:margin-bottom=\"0.4cm\"/></style:header-style>"
		      "<style:footer-style><style:header-footer-properties fo:min-height=\"0cm\""
		      " fo:margin-top=\"0.4cm\"/></style:footer-style>"
		      "</style:page-layout>"
		      "<style:page-layout style:name=\"A4L\">"
		      "<style:page-layout-properties fo:page-width=\"29.7cm\" fo:page-height=\"21cm\""
		      " style:print-orientation=\"landscape\" fo:margin-top=\"1.5cm\""
		      " fo:margin-bottom=\"1.5cm\" fo:margin-left=\"2cm\" fo:margin-right=\"2cm\""
		      " style:writing-mode=\"lr-tb\"/>"
		      "<style:header-style><style:header-footer-properties fo:min-height=\"0cm\""
		      " fo:margin-bottom=\"0.4cm\"/></style:header-style>"
		      "<style:footer-style><style:header-footer-properties fo:min-height=\"0cm\""
		      " fo:margin-top=\"0.4cm\"/></style:footer-style>"
		      "</style:page-layout></office:automatic-styles><office:master-styles>");
	master_page(d, "Standard", "A4", out);
	master_page(d, "Landscape", "A4L", out);
	buf_adds(out, "</office:master-styles></office:document-styles>\n");
}

void odt_meta_xml(const struct doc *d, struct buf *out)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<office:document-meta" ODT_NS "><office:meta>"
		      "<meta:generator>itbcp</meta:generator><dc:title>");
	odt_xml(out, d->meta.title, ODT_ATTR);
	buf_adds(out, "</dc:title>");
	if (*d->meta.organisation) {
		buf_adds(out, "<dc:subject>");
		odt_xml(out, d->meta.organisation, ODT_ATTR);
		buf_adds(out, "</dc:subject>");
	}
	buf_addf(out, "<dc:language>%s</dc:language></office:meta></office:document-meta>\n",
		 d->lang == LANG_EN ? "en" : "ja-JP");
}
