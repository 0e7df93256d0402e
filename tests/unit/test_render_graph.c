/*
 * test_render_graph.c — the figures: the DOT escape and label wrapping,
 * 図2.2-1 and 図2.3-1 drawn for the demo plan, and hostile plan text that
 * must come out of Graphviz as text, not as markup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/plan_json.h"
#include "model/plan.h"
#include "model/schema.h"
#include "render/graph/graph.h"
#include "util/embedded.h"
#include "util/xalloc.h"

/* Reads the embedded demo plan into p. */
static void demo_plan(struct plan *p)
{
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	assert_non_null(f);
	struct buf errors = BUF_INIT;
	if (plan_json_read((const char *)f->data, f->len, "demo", p, &errors, LANG_EN))
		fail_msg("demo plan: %s", errors.data);
	buf_release(&errors);
}

/* Replaces a text or reference field. */
static void set(char **field, const char *v)
{
	free(*field);
	*field = v ? xstrdup(v) : NULL;
}

/* Asserts needle occurs in hay. */
static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not found in:\n%.4000s", needle, hay);
}

static void test_dot_string(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	graph_dot_string(&b, "a\"b\\c\nd\te\x01", GRAPH_CENTER);
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\nd e \"");
	buf_reset(&b);
	graph_dot_string(&b, "x\ny", GRAPH_LEFT);
	assert_string_equal(b.data, "\"x\\ly\\l\"");
	buf_reset(&b);
	graph_dot_string(&b, "", GRAPH_LEFT);
	assert_string_equal(b.data, "\"\"");
	buf_release(&b);
}

static void test_wrap(void **state)
{
	(void)state;
	char *w = graph_wrap("情報システムの運用を継続する最高責任者", 12);
	assert_string_equal(w, "情報システム\nの運用を\n継続する\n最高責任者");
	free(w);
	/* between phrases (after hiragana) when that keeps half a line */
	w = graph_wrap("情報システムの運用を継続する最高責任者", 24);
	assert_string_equal(w, "情報システムの運用を\n継続する最高責任者");
	free(w);
	/* closing punctuation stays on the line before */
	w = graph_wrap("あいうえお。かきくけこ", 10);
	assert_string_equal(w, "あいうえお。\nかきくけこ");
	free(w);
	/* Latin text breaks at spaces; existing breaks stay */
	w = graph_wrap("Chief officer for IT continuity\nx", 14);
	assert_string_equal(w, "Chief officer\nfor IT\ncontinuity\nx");
	free(w);
}

static void test_role_short(void **state)
{
	(void)state;
	struct role r = { 0 };
	char out[128];
	r.name = "情報システム運用継続計画の発動に伴う作業を実施する責任者";
	r.name_en = "Work lead";
	graph_role_short(&r, LANG_JA, out, sizeof out);
	assert_string_equal(out, "作業責任者");
	graph_role_short(&r, LANG_EN, out, sizeof out);
	assert_string_equal(out, "Work lead");
	r.name = "[情報システムの運用を継続する最高責任者]";
	graph_role_short(&r, LANG_JA, out, sizeof out);
	assert_string_equal(out, "最高責任者");
	r.name = "情報システム運用継続計画の発動に伴う作業を実施する代替拠点の担当者";
	graph_role_short(&r, LANG_JA, out, sizeof out);
	assert_string_equal(out, "代替拠点の担当者");
	graph_role_short(&r, LANG_JA, out, 7); /* cut on a character boundary */
	assert_string_equal(out, "代替");
}

static void test_command_demo(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	struct err e = ERR_INIT;
	char *svg = graph_command_svg(&p, LANG_JA, &e);
	if (!svg)
		fail_msg("%s", e.msg);
	assert_true(strncmp(svg, "<svg", 4) == 0);
	assert_has(svg, "</svg>");
	assert_has(svg, "font-family=\"Noto Sans CJK JP\"");
	assert_has(svg, "佐藤 一郎（部局A長）");
	assert_has(svg, "代理: 山本 拓也（部局B長）");
	assert_has(svg, "B株式会社");
	assert_has(svg, "デモ省CSIRT");
	assert_has(svg, "X部局");
	/* promotion roles are not in the crisis structure */
	char *dot = graph_command_dot(&p, LANG_JA);
	assert_null(strstr(dot, "計画策定に関する各種検討作業"));
	free(dot);
	free(svg);

	svg = graph_command_svg(&p, LANG_EN, &e);
	assert_non_null(svg);
	assert_has(svg, "Chief officer");
	assert_has(svg, "Deputy: ");
	free(svg);
	plan_release(&p);
}

static void test_flow_demo(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	struct err e = ERR_INIT;
	char *svg = graph_flow_svg(&p, "disaster", LANG_JA, &e);
	if (!svg)
		fail_msg("%s", e.msg);
	assert_has(svg, "大規模災害 発生");
	assert_has(svg, "夜間・休日に発生した場合");
	assert_has(svg, "平日昼間に発生した場合");
	assert_has(svg, "1. 職員の安否連絡");
	assert_has(svg, "13. 記録物の整理");
	assert_has(svg, "担当: 全員");
	free(svg);

	svg = graph_flow_svg(&p, "security", LANG_JA, &e);
	assert_non_null(svg);
	assert_has(svg, "連絡先: デモ省CSIRT");
	assert_null(strstr(svg, "職員の安否連絡"));
	free(svg);

	assert_null(graph_flow_svg(&p, "no-such-event", LANG_EN, &e));
	assert_has(e.msg, "no-such-event");
	plan_release(&p);
}

static void test_hostile_text(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	plan_init(&p);
	struct role *r = schema_append(schema_entity("roles"), &p);
	set(&r->id, "boss");
	set(&r->name, "\"]; evil [label=\"x\\\" </text><script>alert(1)</script> & {a|b}\n\x07");
	set(&r->structure, "crisis");
	struct event_type *ev = schema_append(schema_entity("events"), &p);
	set(&ev->id, "ev");
	set(&ev->name, "<事象>\\N\\G");
	set(&ev->kind, "security");
	struct procedure *pr = schema_append(schema_entity("procedures"), &p);
	set(&pr->id, "pr");
	set(&pr->event, "ev");
	set(&pr->variant, "any");
	set(&pr->title, "手順 \"A\"");
	struct procedure_step *st = schema_append(schema_entity("procedure_steps"), &p);
	set(&st->id, "st");
	set(&st->procedure, "pr");
	st->no = 1;
	set(&st->title, "a\\b");

	struct err e = ERR_INIT;
	char *svg = graph_command_svg(&p, LANG_JA, &e);
	if (!svg)
		fail_msg("%s", e.msg);
	assert_null(strstr(svg, "<script"));
	assert_has(svg, "&lt;script&gt;");
	assert_has(svg, "&amp; {a|b}");
	assert_null(strstr(svg, "<title>evil"));
	assert_has(svg, "evil [label=");
	free(svg);

	svg = graph_flow_svg(&p, "ev", LANG_JA, &e);
	if (!svg)
		fail_msg("%s", e.msg);
	assert_has(svg, "&lt;事象&gt;\\N\\G 発生");
	assert_has(svg, "1. a\\b");
	free(svg);
	plan_release(&p);
}

static void test_empty_plan(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	struct err e = ERR_INIT;
	assert_null(graph_command_svg(&p, LANG_EN, &e));
	assert_has(e.msg, "no crisis roles");
	/* a bad DOT text is an error, not a crash */
	assert_null(graph_render_svg("digraph { a -> }", &e));
	assert_has(e.msg, "graphviz");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dot_string),   cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_role_short),   cmocka_unit_test(test_command_demo),
		cmocka_unit_test(test_flow_demo),    cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_empty_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
