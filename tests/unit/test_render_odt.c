/*
 * test_render_odt.c — the .odt writer: the ZIP has "mimetype" first and
 * stored, every XML part is well-formed (libxml2, no network, no
 * entities), headings have outline levels, tables repeat their header
 * rows and keep their spans, a figure is embedded as SVG, and hostile
 * text is escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "format/plan_json.h"
#include "render/graph/graph.h"
#include "render/office/odt.h"
#include "render/render.h"
#include "util/embedded.h"
#include "util/xalloc.h"

/* Asserts needle occurs in hay. */
static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not found in:\n%.3000s", needle, hay);
}

/* Writes bytes to a temporary file; returns its path (free, unlink). */
static char *to_file(const struct buf *b)
{
	char *path = xstrdup("/tmp/test-odt-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
	close(fd);
	return path;
}

/* The output of a shell command, fmt with arg for its %s (free() it). */
__attribute__((format(printf, 1, 2))) static char *run(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	FILE *f = popen(cmd.data, "r");
	assert_non_null(f);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&out, chunk, n);
	pclose(f);
	buf_release(&cmd);
	return buf_detach(&out);
}

/* Asserts that member of the archive at path is well-formed XML; returns
 * the text (free() it). */
static char *xml_member(const char *path, const char *member)
{
	struct buf cmd = BUF_INIT;
	buf_addf(&cmd, "unzip -p '%s' '%s'", path, member);
	char *text = run("%s", cmd.data);
	buf_release(&cmd);
	xmlDocPtr x = xmlReadMemory(text, (int)strlen(text), member, "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR);
	if (!x)
		fail_msg("%s is not well-formed XML", member);
	xmlFreeDoc(x);
	return text;
}

/* A document with one of each kind of block, text chosen to need escaping. */
static void sample_doc(struct doc *d)
{
	doc_init(d, LANG_JA);
	doc_set(&d->meta.title, "情報システム運用継続計画 <案> & \"草稿\"");
	doc_set(&d->meta.running_header, "デモ省");
	doc_add_heading(d, 1, "1.", "総則");
	doc_add_heading(d, 4, "(1)", "目的");
	doc_add_para(d, "a < b && c > d  two spaces\tand a tab\nline two \x01 end");
	doc_add_placeholder(d, "[政府機関等]", "組織名が未設定です");
	struct doc_block *l = doc_add_list(d, false);
	doc_list_item(l, "一つ目");
	doc_list_item(l, "]]> <!-- not a comment -->");
	struct doc_table *t = &doc_add_table(d, "表 1.3-1", "対象範囲", 3, NULL)->table;
	doc_table_head(t);
	doc_cell_span(t, "名前", 2, 1);
	doc_cell(t, "部局");
	doc_table_row(t);
	doc_cell_span(t, "=cmd", 1, 2);
	doc_cell(t, "x");
	doc_cell_placeholder(t, "〇〇", "部局が未設定です");
	doc_table_row(t);
	doc_cell(t, "y");
	doc_cell(t, "z");
	doc_table_end(t);
	doc_add_note(d, "ガイドラインの参照先", "「2.1 基本方針の決定」");
	doc_add_page_break(d);
	doc_add_figure(d, "図 2.2-1", "体制", "", "図を描けません");
}

static void test_structure(void **state)
{
	(void)state;
	struct doc d;
	sample_doc(&d);
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(render_odt(&d, &out, &e), 0);
	/* the first local header: "mimetype", stored, then its content */
	assert_true(out.len > 80);
	assert_memory_equal(out.data, "PK\x03\x04", 4);
	assert_int_equal((unsigned char)out.data[8] | (unsigned char)out.data[9] << 8, 0);
	assert_memory_equal(out.data + 30, "mimetype", 8);
	assert_memory_equal(out.data + 38, "application/vnd.oasis.opendocument.text", 39);

	char *path = to_file(&out);
	char *test = run("unzip -tq '%s' 2>&1", path);
	assert_has(test, "No errors");
	free(test);
	char *list = run("unzip -Z1 '%s'", path);
	assert_true(strncmp(list, "mimetype\n", 9) == 0);
	assert_has(list, "content.xml\n");
	assert_has(list, "styles.xml\n");
	assert_has(list, "meta.xml\n");
	assert_has(list, "META-INF/manifest.xml\n");
	free(list);

	char *content = xml_member(path, "content.xml");
	assert_has(content, "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">");
	assert_has(content, "text:outline-level=\"4\"");
	assert_has(content, "<table:table-header-rows>");
	assert_has(content, "table:number-columns-spanned=\"2\"");
	assert_has(content, "table:number-rows-spanned=\"2\"");
	assert_has(content, "<table:covered-table-cell/>");
	assert_has(content, "a &lt; b &amp;&amp; c &gt; d <text:s text:c=\"1\"/>two spaces"
			    "<text:tab/>and a tab<text:line-break/>line two  end");
	assert_has(content, "]]&gt; &lt;!-- not a comment --&gt;");
	assert_has(content, "<office:annotation>");
	assert_has(content, "部局が未設定です");
	assert_has(content, "図を描けません");
	free(content);
	free(xml_member(path, "styles.xml"));
	char *meta = xml_member(path, "meta.xml");
	assert_has(meta, "&lt;案&gt; &amp; &quot;草稿&quot;");
	free(meta);
	free(xml_member(path, "META-INF/manifest.xml"));
	unlink(path);
	free(path);
	buf_release(&out);
	doc_release(&d);
}

static void test_demo_with_figure(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	if (plan_json_read((const char *)f->data, f->len, "demo", &p, &errors, LANG_EN))
		fail_msg("%s", errors.data);
	struct render_opts o;
	render_opts_init(&o);
	struct doc d;
	plan_doc_build(&p, &o, &d);
	struct err e = ERR_INIT;
	char *svg = graph_command_svg(&p, LANG_JA, &e);
	assert_non_null(svg);
	doc_add_figure(&d, "図 9.9-9", "試験の図", svg, NULL);
	free(svg);
	struct buf out = BUF_INIT;
	assert_int_equal(render_odt(&d, &out, &e), 0);
	char *path = to_file(&out);
	char *content = xml_member(path, "content.xml");
	assert_has(content, "xlink:href=\"Pictures/fig");
	assert_has(content, "試験の図");
	for (size_t i = 0; i < p.n_systems; i++)
		assert_has(content, p.systems[i].name);
	free(content);
	char *man = xml_member(path, "META-INF/manifest.xml");
	assert_has(man, "media-type=\"image/svg+xml\"");
	free(man);
	char *pic = run("unzip -l '%s' | grep -c 'Pictures/fig.*svg'", path);
	assert_true(atoi(pic) >= 1);
	free(pic);
	/* the same document gives the same bytes */
	struct buf again = BUF_INIT;
	assert_int_equal(render_odt(&d, &again, &e), 0);
	assert_int_equal(again.len, out.len);
	assert_memory_equal(again.data, out.data, out.len);
	buf_release(&again);
	unlink(path);
	free(path);
	buf_release(&out);
	doc_release(&d);
	plan_release(&p);
	buf_release(&errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_demo_with_figure),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
