/*
 * test_render_doc.c — the document model's table grid and the writers'
 * escaping primitives, without a plan.
 *
 * Spans: builders append only drawn cells; the grid must come out complete
 * (every row n_cols cells) with covered positions marked.  Escaping: HTML
 * text, CSV fields (quoting, formula injection) and Markdown text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/doc.h"
#include "render/render.h"
#include "util/buf.h"

/* A 3-column table: a 2x2 span at the top left, a row label spanning 2 rows. */
static void test_grid_spans(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, LANG_JA);
	struct doc_table *t = &doc_add_table(&d, "表 1-1", "テスト", 3, NULL)->table;
	doc_table_head(t);
	doc_cell_span(t, "A", 2, 2);
	doc_cell(t, "B");
	doc_table_head(t);
	doc_cell(t, "C"); /* lands in column 2: 0 and 1 are covered */
	doc_table_row(t);
	doc_cell_span(t, "L", 1, 2);
	doc_cell(t, "x");
	doc_cell(t, "y");
	doc_table_row(t);
	doc_cell(t, "z"); /* column 1 */
	doc_add_para(&d, "after"); /* completes the table */

	assert_int_equal(t->n_rows, 4);
	assert_int_equal(t->n_head, 2);
	for (size_t r = 0; r < t->n_rows; r++)
		assert_int_equal(t->rows[r].n, 3);
	assert_string_equal(t->rows[0].cells[0].text, "A");
	assert_int_equal(t->rows[0].cells[0].colspan, 2);
	assert_int_equal(t->rows[0].cells[0].rowspan, 2);
	assert_true(t->rows[0].cells[1].flags & DOC_CELL_COVERED);
	assert_true(t->rows[1].cells[0].flags & DOC_CELL_COVERED);
	assert_true(t->rows[1].cells[1].flags & DOC_CELL_COVERED);
	assert_string_equal(t->rows[1].cells[2].text, "C");
	assert_true(t->rows[3].cells[0].flags & DOC_CELL_COVERED);
	assert_string_equal(t->rows[3].cells[1].text, "z");
	/* A short row is padded with an empty drawn cell. */
	assert_false(t->rows[3].cells[2].flags & DOC_CELL_COVERED);
	assert_string_equal(t->rows[3].cells[2].text, "");
	assert_int_equal(doc_row_drawn(&t->rows[1]), 1);
	doc_release(&d);
	doc_release(&d); /* twice is harmless */
}

static void test_rowspan_past_end_is_clipped_and_names_found(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, LANG_EN);
	struct doc_table *t = &doc_add_table(&d, "T", "c", 2, NULL)->table;
	doc_table_name(t, "named");
	doc_table_row(t);
	doc_cell_span(t, "tall", 1, 5);
	doc_cell(t, "v");
	doc_table_end(t);
	assert_int_equal(t->rows[0].cells[0].rowspan, 1);
	assert_ptr_equal(doc_find_table(&d, "named"), t);
	assert_null(doc_find_table(&d, "other"));
	/* Headings get unique anchors even with the same number. */
	struct doc_block *h1 = doc_add_heading(&d, 1, "1.", "One");
	struct doc_block *h2 = doc_add_heading(&d, 1, "1.", "Again");
	assert_string_not_equal(h1->id, h2->id);
	doc_release(&d);
}

static void test_html_text_escapes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	render_html_text(&b, "<a href=\"x\">'&'</a>");
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	buf_release(&b);
}

static void test_csv_fields(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
		{ "+1", "'+1" },
		{ "-2+3", "'-2+3" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\tx", "'\tx" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "=1,2", "\"'=1,2\"" },
		{ "日本語", "日本語" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		render_csv_field(&b, cases[i].in);
		assert_string_equal(b.data, cases[i].out);
		buf_release(&b);
	}
}

static void test_csv_table_layout(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, LANG_JA);
	struct doc_table *t = &doc_add_table(&d, "T", "c", 3, NULL)->table;
	doc_table_head(t);
	doc_cell_span(t, "wide", 2, 1);
	doc_cell(t, "h");
	doc_table_row(t);
	doc_cell_placeholder(t, "〇〇", "未記入");
	doc_cell(t, "=x");
	doc_cell(t, "ok");
	doc_table_end(t);
	struct buf b = BUF_INIT;
	render_csv(t, &b);
	assert_string_equal(b.data, "\xEF\xBB\xBFwide,,h\r\n〇〇（※未記入）,'=x,ok\r\n");
	buf_release(&b);
	doc_release(&d);
}

static void test_markdown_text(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	render_md_text(&b, "a|b *c* _d_ [e](f) <g>", true);
	assert_string_equal(b.data, "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\>");
	buf_reset(&b);
	render_md_text(&b, "1. not a list\n- nor this", false);
	assert_string_equal(b.data, "1\\. not a list  \n\\- nor this");
	buf_reset(&b);
	render_md_text(&b, "2.1.3. in a cell\nnext", true);
	assert_string_equal(b.data, "2.1.3. in a cell<br>next");
	buf_reset(&b);
	render_md_text(&b, "# no heading", false);
	assert_string_equal(b.data, "\\# no heading");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grid_spans),
		cmocka_unit_test(test_rowspan_past_end_is_clipped_and_names_found),
		cmocka_unit_test(test_html_text_escapes),
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_csv_table_layout),
		cmocka_unit_test(test_markdown_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
