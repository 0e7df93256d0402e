/*
 * pdf_text.c — the PDF writer's text: one pango context per render, one
 * font family set explicitly, layouts in points with Japanese line
 * breaking, and a count of characters no font could draw (tofu).
 *
 * Shaping is most of the cost of typesetting, and a plan says the same
 * short things over and over (table cells: "●", "1", "〇〇", the names of
 * components and departments), so short texts are laid out once and
 * remembered in a two-way set-associative cache keyed by their parameters
 * and text: a repeat costs a hash and a memcmp.  The cache holds a fixed
 * number of layouts (a new one replaces the less recently used of its
 * set), so memory stays flat.
 *
 * Drawing is batched (pdf_batch_*): cairo records, analyses and writes
 * every call to show glyphs, and a table cell is a few glyphs, so the
 * glyphs of a page's cells are gathered per font and grey and drawn with
 * one call each, clusters and text included.
 */
#include "render/pdf/pdf_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* The parameters part of a cache key (no padding: all fields 4 bytes). */
struct pdf_layout_key {
	int32_t size10; /* tenths of a point */
	uint32_t style;
	int32_t width;  /* pango units; 0 for none */
};

int pdf_text_init(struct pdf_text *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	t->key = (struct buf)BUF_INIT;
	for (size_t i = 0; i < PDF_BATCHES; i++)
		t->batch[i].text = (struct buf)BUF_INIT;
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
	if (t->cache) {
		for (size_t i = 0; i < PDF_LAYOUT_SLOTS; i++) {
			free(t->cache[i].key);
			if (t->cache[i].l)
				g_object_unref(t->cache[i].l);
		}
		free(t->cache);
		t->cache = NULL;
	}
	buf_release(&t->key);
	for (size_t i = 0; i < PDF_BATCHES; i++) {
		struct pdf_batch *b = &t->batch[i];
		if (b->font)
			cairo_scaled_font_destroy(b->font);
		free(b->glyphs);
		free(b->clusters);
		buf_release(&b->text);
		memset(b, 0, sizeof *b);
		b->text = (struct buf)BUF_INIT;
	}
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
	/* Body text: baselines 1.15 font heights apart, about 1.65 em with
	 * Noto Sans CJK (the HTML's print CSS has line-height 1.6). */
	if (style & PDF_SPACED)
		pango_layout_set_line_spacing(l, 1.15f);
	return l;
}

/* A new layout of text, with note (may be NULL or "") on its own line
 * after "※ " in smaller, regular type. */
static PangoLayout *make_layout(struct pdf_text *t, const char *text, const char *note,
				double size, unsigned style, double width)
{
	PangoLayout *l = new_layout(t, size, style, width);
	if (!note || !*note) {
		pango_layout_set_text(l, text, -1);
		if (style & PDF_WORDS) {
			PangoAttrList *al = pango_attr_list_new();
			pdf_words_attrs(al, text, strlen(text));
			pango_layout_set_attributes(l, al);
			pango_attr_list_unref(al);
		}
		const char *sp = (style & PDF_HANG) ? strchr(text, ' ') : NULL;
		if (sp) { /* indent by the width of what comes before the text */
			PangoLayout *m = new_layout(t, size, style & ~PDF_HANG, 0);
			pango_layout_set_text(m, text, (int)(sp - text + 1));
			PangoRectangle r;
			pango_layout_get_extents(m, NULL, &r);
			pango_layout_set_indent(l, -r.width);
			g_object_unref(m);
		}
		t->unknown_glyphs += pango_layout_get_unknown_glyphs_count(l);
		return l;
	}
	struct buf b = BUF_INIT;
	buf_adds(&b, text);
	size_t from = b.len;
	buf_adds(&b, "\n※ ");
	buf_adds(&b, note);
	pango_layout_set_text(l, b.data, (int)b.len);
	PangoAttrList *al = pango_attr_list_new();
	if (style & PDF_WORDS)
		pdf_words_attrs(al, text, strlen(text));
	double note_size = pdf_size_step(size * 0.78);
	if (note_size < PDF_MIN_SIZE)
		note_size = size < PDF_MIN_SIZE ? size : PDF_MIN_SIZE;
	PangoAttribute *a = pango_attr_size_new_absolute((int)(note_size * PANGO_SCALE));
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

double pdf_size_step(double size)
{
	return floor(size * 2.0) / 2.0;
}

/* FNV-1a over n bytes. */
static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211u;
	}
	return h;
}

/* The layout for these parameters: from the cache when the text is short
 * and has no note, made afresh otherwise (long texts and reasons are
 * rarely repeated: they would only push out the ones that are).  The
 * caller gets its own reference. */
static PangoLayout *cached_layout(struct pdf_text *t, const char *text, const char *note,
				  double size, unsigned style, double width)
{
	size_t len = strlen(text);
	if (len > PDF_LAYOUT_CACHED_LEN || (note && *note))
		return make_layout(t, text, note, size, style, width);
	struct pdf_layout_key k = { (int32_t)(size * 10.0 + 0.5), style,
				    width > 0 ? (int32_t)(width * PANGO_SCALE) : 0 };
	buf_reset(&t->key);
	buf_add(&t->key, &k, sizeof k);
	buf_add(&t->key, text, len);
	uint64_t h = hash_bytes(t->key.data, t->key.len);
	if (!t->cache)
		t->cache = xcalloc(PDF_LAYOUT_SLOTS, sizeof *t->cache);
	/* two ways per set; a miss replaces the one used less recently */
	struct pdf_layout_slot *set = &t->cache[(h & (PDF_LAYOUT_SLOTS / 2 - 1)) * 2];
	for (int w = 0; w < 2; w++) {
		struct pdf_layout_slot *s = &set[w];
		if (s->l && s->hash == h && s->key_len == t->key.len &&
		    memcmp(s->key, t->key.data, t->key.len) == 0) {
			s->used = ++t->tick;
			return g_object_ref(s->l);
		}
	}
	struct pdf_layout_slot *s = set[0].used <= set[1].used ? &set[0] : &set[1];
	PangoLayout *l = make_layout(t, text, NULL, size, style, width);
	if (s->l)
		g_object_unref(s->l);
	free(s->key);
	s->hash = h;
	s->used = ++t->tick;
	s->key_len = t->key.len;
	s->key = xmalloc(t->key.len);
	memcpy(s->key, t->key.data, t->key.len);
	s->l = g_object_ref(l);
	return l;
}

PangoLayout *pdf_text_layout(struct pdf_text *t, const char *text, double size, unsigned style,
			     double width)
{
	return cached_layout(t, text, NULL, size, style, width);
}

PangoLayout *pdf_text_layout_note(struct pdf_text *t, const char *text, const char *note,
				  double size, unsigned style, double width)
{
	return cached_layout(t, text, note, size, style, width);
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

/* ---- batched text ----------------------------------------------------- */

/* Draws what batch b holds and empties it (keeping its font and memory). */
static void batch_draw(struct pdf_batch *b, cairo_t *cr)
{
	if (b->n) {
		cairo_set_scaled_font(cr, b->font);
		pdf_grey(cr, b->grey);
		cairo_show_text_glyphs(cr, b->text.data, (int)b->text.len, b->glyphs, (int)b->n,
				       b->clusters, (int)b->n_clusters, 0);
	}
	b->n = 0;
	b->n_clusters = 0;
	buf_reset(&b->text);
}

void pdf_batch_flush(struct pdf_text *t, cairo_t *cr)
{
	for (size_t i = 0; i < PDF_BATCHES; i++)
		batch_draw(&t->batch[i], cr);
}

/* The batch for font and grey g: the one holding them, else an empty or
 * unused one, else one drawn now to make room. */
static struct pdf_batch *batch_for(struct pdf_text *t, cairo_t *cr, cairo_scaled_font_t *font,
				   double g)
{
	struct pdf_batch *spare = NULL;
	for (size_t i = 0; i < PDF_BATCHES; i++) {
		struct pdf_batch *b = &t->batch[i];
		if (b->font == font && b->grey == g)
			return b;
		if (!spare && (!b->font || !b->n))
			spare = b;
	}
	if (!spare) {
		spare = &t->batch[0];
		batch_draw(spare, cr);
	}
	if (spare->font)
		cairo_scaled_font_destroy(spare->font);
	spare->font = cairo_scaled_font_reference(font);
	spare->grey = g;
	return spare;
}

/* True when every run of line is left to right (what the batches do). */
static bool line_ltr(PangoLayoutLine *line)
{
	for (GSList *r = line->runs; r; r = r->next) {
		const PangoGlyphItem *run = r->data;
		if (run->item->analysis.level & 1)
			return false;
	}
	return true;
}

/* Appends the glyphs of run (its left edge at x, baseline y) and their
 * clusters of text to batch b. */
static void batch_run(struct pdf_batch *b, PangoGlyphItem *run, const char *text, double x,
		      double y)
{
	const PangoGlyphString *gs = run->glyphs;
	PangoGlyphItemIter it;
	int gi = 0, xpos = 0; /* glyph index; pango units from x */
	for (gboolean more = pango_glyph_item_iter_init_start(&it, run, text); more;
	     more = pango_glyph_item_iter_next_cluster(&it)) {
		int ng = 0;
		for (; gi < it.end_glyph; gi++) {
			const PangoGlyphInfo *info = &gs->glyphs[gi];
			double gx = x + (double)(xpos + info->geometry.x_offset) / PANGO_SCALE;
			double gy = y + (double)info->geometry.y_offset / PANGO_SCALE;
			xpos += info->geometry.width;
			if (info->glyph == PANGO_GLYPH_EMPTY || (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
				continue; /* nothing to draw (unknown ones are counted as tofu) */
			b->glyphs = xgrow(b->glyphs, &b->cap, b->n + 1, sizeof *b->glyphs);
			b->glyphs[b->n++] = (cairo_glyph_t){ info->glyph, gx, gy };
			ng++;
		}
		size_t len = (size_t)(it.end_index - it.start_index);
		b->clusters = xgrow(b->clusters, &b->cap_clusters, b->n_clusters + 1,
				    sizeof *b->clusters);
		b->clusters[b->n_clusters++] = (cairo_text_cluster_t){ (int)len, ng };
		buf_add(&b->text, text + it.start_index, len);
	}
}

void pdf_batch_line(struct pdf_text *t, cairo_t *cr, PangoLayoutLine *line, double x, double y,
		    double g)
{
	if (!line_ltr(line)) { /* right to left: pango draws it */
		pdf_batch_flush(t, cr);
		pdf_grey(cr, g);
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout_line(cr, line);
		return;
	}
	const char *text = pango_layout_get_text(line->layout);
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		PangoCairoFont *pf = (PangoCairoFont *)run->item->analysis.font;
		cairo_scaled_font_t *font = pango_cairo_font_get_scaled_font(pf);
		if (font)
			batch_run(batch_for(t, cr, font, g), run, text, x, y);
		x += (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
	}
}

void pdf_batch_layout(struct pdf_text *t, cairo_t *cr, PangoLayout *l, double x, double y,
		      double g)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		pdf_batch_line(t, cr, pango_layout_iter_get_line_readonly(it),
			       x + (double)lr.x / PANGO_SCALE, y + base, g);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}
