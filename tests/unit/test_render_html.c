/*
 * test_render_html.c — the plan as a document, written as HTML, Markdown
 * and CSV, on a small plan built in C.
 *
 * The plan carries hostile text on purpose (a <script> in the purpose,
 * quotes in names, a '|' in a system name, a formula "=cmd|…" as a
 * system's risk) so that every writer's escaping is exercised.  The checks
 * are structural — every chapter heading, every system name, no raw
 * <script>, balanced table rows — not byte-for-byte comparisons.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/plan.h"
#include "model/schema.h"
#include "render/doc.h"
#include "render/render.h"
#include "rules/rules.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The figures are laid out by Graphviz, which keeps its plugin configuration
 * and fontconfig's caches for the life of the process (tests/lsan.supp):
 * those one-time allocations are suppressed here, nothing of ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:gvconfig\nleak:libfontconfig.so\n";
}

/* ---- the plan ---------------------------------------------------------- */

/* Replaces a text or reference field. */
static void set(char **field, const char *v)
{
	free(*field);
	*field = v ? xstrdup(v) : NULL;
}

/* Appends an element of kind key with its defaults. */
static void *append(struct plan *p, const char *key)
{
	const struct entity_def *e = schema_entity(key);
	assert_non_null(e);
	return schema_append(e, p);
}

#define EVIL_PURPOSE "趣旨<script>alert('x')</script> \"quoted\" & more"
#define SYS_MAIL "メールシステム"
#define SYS_PIPE "A|システム"
#define SYS_QUOTE "B\"システム'"
#define FORMULA "=cmd|' /C calc'!A0"

/* A plan with every chapter's data in small amounts. */
static void build_plan(struct plan *p)
{
	plan_init(p);
	set(&p->organisation.name, "テスト省");
	set(&p->organisation.name_en, "Test Ministry");
	set(&p->organisation.plan_title, "情報システム運用継続計画");
	set(&p->organisation.purpose, EVIL_PURPOSE);
	set(&p->organisation.report_destination, "対策本部事務局");

	struct department *d = append(p, "departments");
	set(&d->id, "dept-a");
	set(&d->name, "部局A");
	set(&d->kind, "it");
	d = append(p, "departments");
	set(&d->id, "vendor");
	set(&d->name, "B株式会社");
	set(&d->kind, "contractor");
	set(&d->duties, "運用保守\n緊急時の情報提供");

	struct person *pe = append(p, "people");
	set(&pe->id, "sato");
	set(&pe->name, "佐藤一郎");
	set(&pe->department, "dept-a");
	set(&pe->phone, "03-0000-0001");
	set(&pe->mobile, "090-1111-2222");
	set(&pe->email, "sato@example.jp");
	pe = append(p, "people");
	set(&pe->id, "vendor-1");
	set(&pe->name, "鈴木花子");
	set(&pe->department, "vendor");
	set(&pe->phone, "03-0000-0002");
	set(&pe->mobile, "080-3333-4444");

	struct role *r = append(p, "roles");
	set(&r->id, "chief");
	set(&r->name, "情報システムの運用を継続する最高責任者");
	set(&r->name_en, "Chief officer");
	set(&r->structure, "crisis");
	set(&r->duties, "計画の発動を決定する");
	r = append(p, "roles");
	set(&r->id, "lead");
	set(&r->name, "作業責任者");
	set(&r->name_en, "Work lead");
	set(&r->structure, "crisis");
	set(&r->reports_to, "chief");
	r = append(p, "roles");
	set(&r->id, "promoter");
	set(&r->name, "推進責任者");
	set(&r->structure, "promotion");
	struct role_holder *h = append(p, "role_holders");
	set(&h->role, "chief");
	set(&h->person, "sato");
	h->rank = 0;

	struct event_type *e = append(p, "events");
	set(&e->id, "disaster");
	set(&e->name, "大規模災害");
	set(&e->name_en, "Large-scale disaster");
	set(&e->kind, "disaster");
	set(&e->scenario, "M7.3の地震\n日曜日18時");

	struct assembly_criterion *c = append(p, "assembly_criteria");
	set(&c->id, "c1");
	set(&c->event, "disaster");
	c->automatic = true;
	set(&c->min_intensity, "6-");
	set(&c->areas, "東京都");

	struct procedure *pr = append(p, "procedures");
	set(&pr->id, "proc");
	set(&pr->event, "disaster");
	set(&pr->variant, "night_holiday");
	struct procedure_step *st = append(p, "procedure_steps");
	set(&st->id, "s1");
	set(&st->procedure, "proc");
	st->no = 1;
	set(&st->title, "職員の安否連絡");
	set(&st->actions, "安否を連絡する");

	struct business *b = append(p, "businesses");
	set(&b->id, "biz1");
	set(&b->name, "優先業務1");
	set(&b->department, "dept-a");
	b->rto_hours = 3;

	const char *names[] = { SYS_MAIL, SYS_PIPE, SYS_QUOTE };
	const char *ids[] = { "mail", "sys-a", "sys-b" };
	for (int i = 0; i < 3; i++) {
		struct system *s = append(p, "systems");
		set(&s->id, ids[i]);
		set(&s->name, names[i]);
		set(&s->department, "dept-a");
		s->in_scope = true;
		set(&s->rlo, "完全復旧");
		set(&s->risks, i == 2 ? FORMULA : "リスク");
	}
	struct business_system *l = append(p, "business_systems");
	set(&l->business, "biz1");
	set(&l->system, "mail");
	set(&l->alt_means, "電話");
	l->alt_hours = 12;

	struct component *co = append(p, "components");
	set(&co->id, "hardware");
	set(&co->category, "system");
	set(&co->name, "ハードウェア");
	struct target_level *tl = append(p, "target_levels");
	set(&tl->event, "disaster");
	set(&tl->component, "hardware");
	set(&tl->tier, "A");
	tl->level = 3;
	struct assessment *a = append(p, "assessments");
	set(&a->system, "mail");
	set(&a->event, "disaster");
	set(&a->component, "hardware");
	a->current_level = 0;
	set(&a->risk, "サーバが損壊する可能性");

	struct training *tr = append(p, "trainings");
	set(&tr->id, "t1");
	tr->fy = 2026;
	tr->no = 1;
	set(&tr->title, "手順書確認訓練");
	tr->months = (uint16_t)(1u << 5);
}

/* Renders the plan with opts into a string (free()). */
static char *render(const struct plan *p, enum lang lang, bool personal, int fmt)
{
	struct render_opts o;
	render_opts_init(&o);
	o.lang = lang;
	o.personal = personal;
	o.today = (struct civil_date){ 2026, 6, 1 };
	struct doc d;
	plan_doc_build(p, &o, &d);
	struct buf out = BUF_INIT;
	if (fmt == 0)
		render_html(&d, &out);
	else
		render_markdown(&d, &out);
	doc_release(&d);
	return buf_detach(&out);
}

/* ---- HTML -------------------------------------------------------------- */

static void test_html_has_every_chapter_and_system(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	char *html = render(&p, LANG_JA, false, 0);
	const char *headings[] = {
		"本計画の目的と基本方針", "本計画の策定趣旨", "基本方針", "本計画の適用範囲",
		"危機的事象発生時の対応計画", "対象事象", "参集要員", "参集基準", "参集場所",
		"対応体制・指揮命令系統図", "関係部局・関係企業連絡先一覧", "全体フロー", "対応手順",
		"事前対策計画", "事前対策の実施計画", "教育訓練計画・維持改善計画",
		"定期的な見直しによる維持改善", "計画策定の根拠とした調査・分析・検討",
		"想定する被害状況", "情報システムの復旧優先度の設定", "業務システム関連表",
		"災害用携行カード",
	};
	for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
		assert_non_null(strstr(html, headings[i]));
	const char *tables[] = { "表 1.3-1", "表 1.4-1", "表 1.4-2", "表 2.1-1", "表 2.1-2",
				 "図 2.2-1", "表 2.2-1", "表 2.2-2", "表 2.3-1", "表 3.1-1",
				 "表 4.2-1", "表 4.2-2", "表 5.2-1", "表 5.3-1", "表 5.3-2",
				 "表 5.3-3", "表 5.4-1", "表 5.4-2", "別表1" };
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		assert_non_null(strstr(html, tables[i]));
	assert_non_null(strstr(html, SYS_MAIL));
	assert_non_null(strstr(html, SYS_PIPE));
	assert_non_null(strstr(html, "B&quot;システム&#39;"));
	/* A4 print CSS, TOC anchors, wareki date. */
	assert_non_null(strstr(html, "size:A4"));
	assert_non_null(strstr(html, "<nav class=\"toc\">"));
	assert_non_null(strstr(html, "href=\"#s1.1\""));
	assert_non_null(strstr(html, "id=\"s1.1\""));
	assert_non_null(strstr(html, "令和8年6月1日"));
	/* R1: 3 h + 12 h on the telephone = 15 h. */
	assert_non_null(strstr(html, "15時間"));
	free(html);
	plan_release(&p);
}

static void test_html_escapes_plan_text(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	char *html = render(&p, LANG_JA, false, 0);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "alert('x')"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&quot;quoted&quot; &amp; more"));
	free(html);
	plan_release(&p);
}

static void test_html_personal_data_only_when_asked(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	char *hidden = render(&p, LANG_JA, false, 0);
	char *shown = render(&p, LANG_JA, true, 0);
	assert_null(strstr(hidden, "080-3333-4444"));
	assert_null(strstr(hidden, "090-1111-2222"));
	assert_non_null(strstr(shown, "080-3333-4444"));
	/* Work phones are not personal. */
	assert_non_null(strstr(hidden, "03-0000-0002"));
	free(hidden);
	free(shown);
	plan_release(&p);
}

static void test_html_placeholders_explain_themselves(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	char *html = render(&p, LANG_JA, false, 0);
	/* Nobody holds the work lead's role: a placeholder with the check's reason. */
	const char *ph = strstr(html, "<span class=\"ph\">[担当者所属]・[氏名]</span>");
	assert_non_null(ph);
	assert_non_null(strstr(ph, "<span class=\"why\">"));
	/* Every placeholder span is followed by a reason within the same cell. */
	for (const char *s = strstr(html, "class=\"ph\""); s; s = strstr(s + 1, "class=\"ph\"")) {
		const char *end = strstr(s, "</td>");
		const char *why = strstr(s, "class=\"why\"");
		if (end && why && why < end)
			continue;
		/* outside tables: the reason follows within the paragraph or item */
		const char *pend = strstr(s, "</p>");
		const char *lend = strstr(s, "</li>");
		const char *close = pend && (!lend || pend < lend) ? pend : lend;
		if (end && (!close || end < close))
			close = end;
		if (!(why && close && why < close)) {
			/* a row's later placeholders share the first cell's reason */
			const char *row = s;
			while (row > html && strncmp(row, "<tr>", 4) != 0)
				row--;
			const char *rwhy = strstr(row, "class=\"why\"");
			assert_true(rwhy && rwhy < strstr(s, "</tr>"));
		}
	}
	free(html);
	plan_release(&p);
}

static void test_html_english(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	char *html = render(&p, LANG_EN, false, 0);
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "Purpose and basic policy of this plan"));
	assert_non_null(strstr(html, "Crisis response plan"));
	assert_non_null(strstr(html, "Table 5.3-2"));
	assert_non_null(strstr(html, "Appendix 1"));
	assert_non_null(strstr(html, "Test Ministry"));
	assert_non_null(strstr(html, "Large-scale disaster"));
	assert_non_null(strstr(html, "15 h"));
	free(html);
	plan_release(&p);
}

/* ---- Markdown ---------------------------------------------------------- */

/* Number of unescaped '|' in [s, e). */
static size_t pipes(const char *s, const char *e)
{
	size_t n = 0;
	for (const char *q = s; q < e; q++)
		if (*q == '|' && (q == s || q[-1] != '\\'))
			n++;
	return n;
}

/* Markdown headings never skip a level: each is at most one deeper than
 * the heading before it (the title is the only "# "), in both languages. */
static void test_markdown_headings_do_not_skip(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	for (int lang = 0; lang < 2; lang++) {
		char *md = render(&p, lang ? LANG_EN : LANG_JA, false, 1);
		int prev = 0, titles = 0, headings = 0;
		bool fence = false;
		for (const char *line = md; *line;) {
			const char *e = strchr(line, '\n');
			if (!e)
				e = line + strlen(line);
			if (strncmp(line, "```", 3) == 0)
				fence = !fence;
			int level = 0;
			while (!fence && line + level < e && line[level] == '#')
				level++;
			if (level && line[level] == ' ') {
				if (level > prev + 1)
					print_message("skipped: %.*s (after level %d)\n",
						      (int)(e - line), line, prev);
				assert_true(level <= prev + 1);
				titles += level == 1;
				headings++;
				prev = level;
			}
			line = *e ? e + 1 : e;
		}
		assert_int_equal(titles, 1);
		assert_true(headings > 20);
		free(md);
	}
	plan_release(&p);
}

static void test_markdown_escapes_and_balances_tables(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	char *md = render(&p, LANG_JA, false, 1);
	assert_non_null(strstr(md, "A\\|システム"));
	assert_null(strstr(md, "<script>"));
	assert_non_null(strstr(md, "\\<script\\>"));
	assert_non_null(strstr(md, "## 1. 本計画の目的と基本方針"));
	/* Every line of a table has as many cell separators as its header. */
	size_t expect = 0;
	const char *line = md;
	while (*line) {
		const char *e = strchr(line, '\n');
		if (!e)
			e = line + strlen(line);
		if (*line == '|') {
			size_t n = pipes(line, e);
			if (!expect)
				expect = n;
			assert_int_equal(n, expect);
		} else {
			expect = 0;
		}
		line = *e ? e + 1 : e;
	}
	free(md);
	plan_release(&p);
}

/* ---- CSV --------------------------------------------------------------- */

static void test_csv_business_systems_neutralises_formulas(void **state)
{
	(void)state;
	struct plan p;
	build_plan(&p);
	struct render_opts o;
	render_opts_init(&o);
	o.today = (struct civil_date){ 2026, 6, 1 };
	struct doc d;
	assert_int_equal(plan_doc_table(&p, &o, "business-systems", &d), 0);
	const struct doc_table *t = doc_find_table(&d, "business-systems");
	assert_non_null(t);
	struct buf out = BUF_INIT;
	render_csv(t, &out);
	assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(out.data, "\r\n"));
	assert_null(strstr(out.data, ",=cmd"));
	assert_non_null(strstr(out.data, "'=cmd"));
	assert_non_null(strstr(out.data, "\"B\"\"システム'\""));
	assert_non_null(strstr(out.data, "●"));
	buf_release(&out);
	doc_release(&d);

	for (size_t i = 0; render_table_names[i]; i++) {
		assert_int_equal(plan_doc_table(&p, &o, render_table_names[i], &d), 0);
		assert_non_null(doc_find_table(&d, render_table_names[i]));
		doc_release(&d);
	}
	assert_int_equal(plan_doc_table(&p, &o, "nope", &d), -1);
	doc_release(&d);
	plan_release(&p);
}

static void test_empty_plan_renders_placeholders(void **state)
{
	(void)state;
	struct plan p;
	plan_init(&p);
	char *html = render(&p, LANG_JA, false, 0);
	assert_non_null(strstr(html, "class=\"ph\""));
	assert_non_null(strstr(html, "〇〇"));
	assert_non_null(strstr(html, "別表1"));
	free(html);
	char *md = render(&p, LANG_EN, false, 1);
	assert_non_null(strstr(md, "Appendix 1"));
	free(md);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_has_every_chapter_and_system),
		cmocka_unit_test(test_html_escapes_plan_text),
		cmocka_unit_test(test_html_personal_data_only_when_asked),
		cmocka_unit_test(test_html_placeholders_explain_themselves),
		cmocka_unit_test(test_html_english),
		cmocka_unit_test(test_markdown_escapes_and_balances_tables),
		cmocka_unit_test(test_markdown_headings_do_not_skip),
		cmocka_unit_test(test_csv_business_systems_neutralises_formulas),
		cmocka_unit_test(test_empty_plan_renders_placeholders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
