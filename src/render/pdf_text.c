/*
 * pdf_text.c — the PDF writer's text: one pango context per render, one
 * font family set explicitly, layouts in points with Japanese line
 * breaking, and a count of characters no font could draw (tofu).
 */
#include "render/pdf_internal.h"

#include <string.h>

#include "util/buf.h"

int pdf_text_init(struct pdf_text *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	t->fm = pango_cairo_font_map_new();
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(t->fm), 72.0);
	t->pc = pango_font_map_create_context(t->fm);
	pango_cairo_context_set_resolution(t->pc, 72.0);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(t->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(t->pc, FALSE);
	/* "ja": Japanese line breaking rules and Japanese glyph forms. */
	pango_context_set_language(t->pc, pango_language_from_string("ja"));

	/* The family must really be there: a substitute would mean tofu. */
	PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT_FAMILY " 10");
	PangoFont *font = pango_font_map_load_font(t->fm, t->pc, fd);
	pango_font_description_free(fd);
	int rc = 0;
	if (!font) {
		rc = err_set(e, "no font: install fonts-noto-cjk (Noto Sans CJK JP)");
	} else {
		PangoFontDescription *got = pango_font_describe(font);
		const char *fam = pango_font_description_get_family(got);
		if (!fam || (!strstr(fam, "Noto Sans CJK") && !strstr(fam, "IPAex")))
			rc = err_set(e, "font %s not found (got %s): install fonts-noto-cjk",
				     PDF_FONT_FAMILY, fam ? fam : "none");
		pango_font_description_free(got);
		g_object_unref(font);
	}
	if (rc)
		pdf_text_release(t);
	return rc;
}

void pdf_text_release(struct pdf_text *t)
{
	for (size_t i = 0; i < t->n_fonts; i++)
		pango_font_description_free(t->fonts[i].desc);
	t->n_fonts = 0;
	if (t->pc)
		g_object_unref(t->pc);
	if (t->fm)
		g_object_unref(t->fm);
	t->pc = NULL;
	t->fm = NULL;
}

/* The font description for size and weight, made once per render. */
static const PangoFontDescription *font_for(struct pdf_text *t, double size, bool bold)
{
	int size10 = (int)(size * 10.0 + 0.5);
	for (size_t i = 0; i < t->n_fonts; i++)
		if (t->fonts[i].size10 == size10 && t->fonts[i].bold == bold)
			return t->fonts[i].desc;
	PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT_FAMILY);
	pango_font_description_set_absolute_size(fd, size10 / 10.0 * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	size_t n = sizeof t->fonts / sizeof t->fonts[0];
	if (t->n_fonts == n) { /* full: reuse the oldest slot */
		pango_font_description_free(t->fonts[0].desc);
		memmove(&t->fonts[0], &t->fonts[1], (n - 1) * sizeof t->fonts[0]);
		t->n_fonts--;
	}
	t->fonts[t->n_fonts++] = (struct pdf_font_cache){ size10, bold, fd };
	return fd;
}

/* A layout with font, width, wrapping and alignment set but no text. */
static PangoLayout *new_layout(struct pdf_text *t, double size, unsigned style, double width)
{
	PangoLayout *l = pango_layout_new(t->pc);
	pango_layout_set_font_description(l, font_for(t, size, style & PDF_BOLD));
	if (width > 0 && !(style & PDF_NOWRAP)) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	} else if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	if (style & PDF_CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if (style & PDF_RIGHT)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	if (style & PDF_SPACED)
		pango_layout_set_line_spacing(l, 1.45f);
	return l;
}

PangoLayout *pdf_text_layout(struct pdf_text *t, const char *text, double size, unsigned style,
			     double width)
{
	PangoLayout *l = new_layout(t, size, style, width);
	pango_layout_set_text(l, text, -1);
	t->unknown_glyphs += pango_layout_get_unknown_glyphs_count(l);
	return l;
}

PangoLayout *pdf_text_layout_note(struct pdf_text *t, const char *text, const char *note,
				  double size, unsigned style, double width)
{
	if (!note || !*note)
		return pdf_text_layout(t, text, size, style, width);
	PangoLayout *l = new_layout(t, size, style, width);
	struct buf b = BUF_INIT;
	buf_adds(&b, text);
	size_t from = b.len;
	buf_adds(&b, "\n※ ");
	buf_adds(&b, note);
	pango_layout_set_text(l, b.data, (int)b.len);
	PangoAttrList *al = pango_attr_list_new();
	PangoAttribute *a = pango_attr_size_new_absolute((int)(size * 0.78 * PANGO_SCALE));
	a->start_index = (guint)from;
	a->end_index = (guint)b.len;
	pango_attr_list_insert(al, a);
	a = pango_attr_weight_new(PANGO_WEIGHT_NORMAL);
	a->start_index = (guint)from;
	a->end_index = (guint)b.len;
	pango_attr_list_insert(al, a);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	buf_release(&b);
	t->unknown_glyphs += pango_layout_get_unknown_glyphs_count(l);
	return l;
}

double pdf_layout_h(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

double pdf_layout_w(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)(r.x + r.width) / PANGO_SCALE;
}

void pdf_show(cairo_t *cr, PangoLayout *l, double x, double y)
{
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

void pdf_grey(cairo_t *cr, double g)
{
	cairo_set_source_rgb(cr, g, g, g);
}
