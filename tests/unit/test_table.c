/*
 * test_table.c — terminal tables line up when cells hold Japanese text,
 * and UTF-8 validation refuses what it must.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/table.h"
#include "util/buf.h"
#include "util/utf8.h"

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("メールシステム"), 14);
	assert_int_equal(utf8_width("部局A"), 5);
	assert_int_equal(utf8_width("ＡＢ"), 4);  /* full-width forms */
	assert_int_equal(utf8_width("ｱｲ"), 2);    /* half-width katakana */
	assert_int_equal(utf8_width("●▼"), 2);    /* ambiguous: one column each */
	assert_int_equal(utf8_width("が"), 2);
	assert_int_equal(utf8_width("か\xe3\x82\x99"), 2); /* combining voiced mark */
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("日本語 ok", strlen("日本語 ok")));
	assert_false(utf8_valid("\xff", 1));
	assert_false(utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(utf8_valid("\xe3\x81", 2));         /* truncated */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* beyond U+10FFFF */
}

/* Prints a table to memory and checks that column 2 starts at the same
 * display column on every line. */
static void test_alignment(void **state)
{
	(void)state;
	const char *hdr[] = { "名称", "RTO", "優先度" };
	struct table t;
	table_init(&t, 3, hdr);
	table_align_right(&t, 1);
	table_add(&t, "メールシステム");
	table_add(&t, "15");
	table_add(&t, "A");
	table_add(&t, "Bシステム");
	table_add(&t, "72");
	table_add(&t, "B");
	table_add(&t, "改行\nあり");
	table_add(&t, "168");
	table_add(&t, "C");
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	table_print(&t, f);
	fclose(f);
	table_release(&t);

	size_t expect_end = (size_t)-1;
	int lines = 0;
	for (char *line = mem; *line; lines++) {
		char *nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		/* The third column starts after the second column's right edge,
		 * at the same display width on every line. */
		struct buf prefix = BUF_INIT;
		const char *last = strrchr(line, ' ');
		assert_non_null(last);
		buf_add(&prefix, line, (size_t)(last - line));
		size_t w = utf8_width(prefix.data);
		buf_release(&prefix);
		if (expect_end == (size_t)-1)
			expect_end = w;
		assert_int_equal(w, expect_end);
		assert_null(strchr(line, '\n'));
		line = nl + 1;
	}
	assert_int_equal(lines, 5); /* header, rule, three rows */
	free(mem);
}

static void test_long_cell_shortened(void **state)
{
	(void)state;
	const char *hdr[] = { "x" };
	struct table t;
	table_init(&t, 1, hdr);
	struct buf b = BUF_INIT;
	buf_addrep(&b, "あ", 100);
	table_add(&t, b.data);
	assert_true(utf8_width(t.cells[0]) <= TABLE_CELL_MAX_WIDTH);
	assert_non_null(strstr(t.cells[0], "…"));
	table_release(&t);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_long_cell_shortened),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
