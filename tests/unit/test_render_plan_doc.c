/*
 * test_render_plan_doc.c — the plan document as an agency submits it
 * (issue 16 items 3–6), read on the document tree of the demo plan.
 *
 * The appendix's table numbers hold (表3.2-2 is the step overview, 表5.4-2
 * to 5.4-5 are hardware, system area, data area and contractor; other
 * tables come after them), the appendix's text is there (the footnote of
 * 1.1, the box of 1.2, 1.4's first sentence, the examples of 2.1.1, the
 * paragraph on other venues, 5.4's (1) and introduction, 5.4.2's footnotes,
 * the 「付録の参照先」 boxes), wording the agency may change falls back to
 * the appendix's, the cover and running header carry the version, dates,
 * classification and 「案」, the 改定履歴 lists the approved versions, and
 * amounts in 千円 have thousands separators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/plan_json.h"
#include "render/doc.h"
#include "render/plan/plan_doc_internal.h"
#include "render/render.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/numfmt.h"
#include "util/xalloc.h"

/* The demo plan, as `itbcp init --demo` loads it. */
static void demo_plan(struct plan *p)
{
	struct buf errors = BUF_INIT;
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	assert_non_null(f);
	if (plan_json_read((const char *)f->data, f->len, "demo", p, &errors, LANG_EN))
		fail_msg("demo plan: %s", errors.data);
	buf_release(&errors);
}

/* The demo's document in Japanese with o's versions (may be NULL: a draft). */
static void build(const struct plan *p, const struct render_opts *vo, struct doc *d)
{
	struct render_opts o;
	render_opts_init(&o);
	o.today = (struct civil_date){ 2026, 12, 7 };
	if (vo) {
		o.versions = vo->versions;
		o.n_versions = vo->n_versions;
		o.version = vo->version;
	}
	plan_doc_build(p, &o, d);
}

/* Every table label and caption of d, one "label caption" per line. */
static void tables_of(const struct doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->n_blocks; i++)
		if (d->blocks[i]->kind == DOC_TABLE)
			buf_addf(out, "%s %s\n", d->blocks[i]->table.label, d->blocks[i]->table.caption);
}

/* Every text of d (headings, paragraphs, list items, notes, cells). */
static void text_of(const struct doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = d->blocks[i];
		buf_addf(out, "%s%s\n", b->text ? b->text : "", b->note ? b->note : "");
		for (size_t k = 0; k < b->n_items; k++)
			buf_addf(out, "%s\n", b->items[k].text);
		if (b->kind == DOC_TABLE)
			for (size_t r = 0; r < b->table.n_rows; r++)
				for (size_t c = 0; c < b->table.rows[r].n; c++)
					buf_addf(out, "%s\n", b->table.rows[r].cells[c].text);
	}
}

/* The position of needle in hay, failing the test when it is not there. */
static size_t at(const char *hay, const char *needle)
{
	const char *s = strstr(hay, needle);
	if (!s)
		fail_msg("not in the document: %s", needle);
	return (size_t)(s - hay);
}

/* Item 3: the appendix's numbers, and the plan's other tables after them. */
static void test_template_table_numbers(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	struct doc d = DOC_INIT;
	build(&p, NULL, &d);
	struct buf t = BUF_INIT;
	tables_of(&d, &t);
	/* Four systems in scope: each has the appendix's 表3.1-1, branched as
	 * 3.2's are (表3.1-2 would be a table the appendix does not have). */
	at(t.data, "表 3.1-1-1 メールシステムにおける現状対策レベルとリスクの評価結果\n");
	at(t.data, "表 3.1-1-2 Aシステムにおける現状対策レベルとリスクの評価結果\n");
	at(t.data, "表 3.1-1-4 Cシステムにおける現状対策レベルとリスクの評価結果\n");
	assert_null(strstr(t.data, "表 3.1-2 "));
	/* Two systems have steps: each has its 表3.2-1 and 表3.2-2, branched. */
	at(t.data, "表 3.2-1-1 メールシステムにおける中長期の事前対策実施方針\n");
	at(t.data, "表 3.2-1-2 Aシステムにおける中長期の事前対策実施方針\n");
	at(t.data, "表 3.2-2-1 メールシステムにおける各ステップで実施する内容\n");
	at(t.data, "表 3.2-2-2 Aシステムにおける各ステップで実施する内容\n");
	at(t.data, "表 3.2-3 メールシステムにおけるステップ1の対策の詳細一覧");
	assert_true(at(t.data, "表 3.2-2-2 ") < at(t.data, "表 3.2-3 "));
	at(t.data, "表 5.4-2 ハードウェアにおける復旧優先度別の対策目標\n");
	at(t.data, "表 5.4-3 システム領域における復旧優先度別の対策目標\n");
	at(t.data, "表 5.4-4 データ領域における復旧優先度別の対策目標\n");
	at(t.data, "表 5.4-5 委託先の事業継続能力における復旧優先度別の対策目標\n");
	at(t.data, "表 5.4-6 情報システム運用体制における");
	at(t.data, "表 5.4-8 情報通信ネットワークにおける");
	/* No number twice: each "表 N " starts one line only. */
	for (const char *l = t.data; *l;) {
		const char *nl = strchr(l, '\n');
		if (strncmp(l, "表 ", strlen("表 ")) == 0) {
			const char *sp = strchr(l + strlen("表 "), ' ');
			struct buf label = BUF_INIT;
			buf_addc(&label, '\n');
			buf_add(&label, l, (size_t)(sp - l + 1));
			size_t n = 0;
			struct buf hay = BUF_INIT;
			buf_addf(&hay, "\n%s", t.data);
			for (const char *q = strstr(hay.data, label.data); q;
			     q = strstr(q + 1, label.data))
				n++;
			if (n != 1)
				fail_msg("%zu times: %s", n, label.data + 1);
			buf_release(&hay);
			buf_release(&label);
		}
		l = nl + 1;
	}
	/* One system with steps: the appendix's own numbers, no branch. */
	for (size_t i = 0; i < p.n_countermeasure_steps; i++)
		if (strcmp(p.countermeasure_steps[i].system, "mail") != 0)
			p.countermeasure_steps[i].system[0] = '\0'; /* no system: not shown */
	doc_release(&d);
	build(&p, NULL, &d);
	buf_reset(&t);
	tables_of(&d, &t);
	at(t.data, "表 3.2-1 メールシステムにおける中長期の事前対策実施方針\n");
	at(t.data, "表 3.2-2 メールシステムにおける各ステップで実施する内容\n");
	/* One system in scope: the appendix's 表3.1-1 itself, no branch. */
	for (size_t i = 0; i < p.n_systems; i++)
		p.systems[i].in_scope = strcmp(p.systems[i].id, "mail") == 0;
	doc_release(&d);
	build(&p, NULL, &d);
	buf_reset(&t);
	tables_of(&d, &t);
	at(t.data, "表 3.1-1 メールシステムにおける現状対策レベルとリスクの評価結果\n");
	assert_null(strstr(t.data, "表 3.1-2 "));
	buf_release(&t);
	doc_release(&d);
	plan_release(&p);
}

/* The step overview: the step beside its years and its measures. */
static void test_step_overview(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	struct doc d = DOC_INIT;
	build(&p, NULL, &d);
	const struct doc_table *t = NULL;
	for (size_t i = 0; i < d.n_blocks && !t; i++)
		if (d.blocks[i]->kind == DOC_TABLE && strcmp(d.blocks[i]->table.label, "表 3.2-2-1") == 0)
			t = &d.blocks[i]->table;
	assert_non_null(t);
	assert_int_equal(t->n_cols, 2);
	assert_string_equal(t->rows[0].cells[0].text, "ステップ1");
	assert_int_equal(t->rows[0].cells[0].rowspan, 3);
	assert_string_equal(t->rows[0].cells[1].text, "実施予定年度：令和8年度");
	assert_string_equal(t->rows[1].cells[1].text, "(1) 大規模災害に備えた現状の情報システムの堅牢化");
	assert_string_equal(t->rows[3].cells[0].text, "ステップ2");
	doc_release(&d);
	plan_release(&p);
}

/* Item 4: the appendix's text, and its wording where the plan has none. */
static void test_template_text(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	struct doc d = DOC_INIT;
	build(&p, NULL, &d);
	struct buf s = BUF_INIT;
	text_of(&d, &s);
	const char *must[] = {
		"本書における「非常時優先業務」とは、危機的事象の発生時において組織が優先的に実施する業務を指す。",
		"情報システム運用継続計画\n危機的事象発生時において、情報システムの継続及び復旧を図るため、",
		"デモ省における情報システム運用継続計画は、情報システムの運用を継続する最高責任者のもと策定し、",
		"大規模災害（地震、風水害等）",
		"情報セキュリティインシデント（不正プログラム感染、サイバー攻撃等）",
		"感染症（新型インフルエンザ、新型コロナウイルス等）",
		"テレワーク等の対応も検討する。",
		"財布や定期入れ等の中に入れておくことやスマートフォンに保存しておく等",
		"危機的事象の発生に備え、情報システムを支える構成要素について整理する。",
		"に備えた情報システムを支える構成要素の整理について、下表に示す。",
		"耐震性が確保されたサーバールーム内に設置するとともに、冗長化構成をとる",
		"オンラインバックアップ：情報通信ネットワークを介してバックアップデータを転送する方式",
		"「2.1.危機的事象発生時の基本方針」",
		"「2.3.2 対応手順」",
		"「3.1.情報システムを支える構成要素ごとの現状対策レベルとリスク」",
		"「2.6.1 情報システムを支える構成要素の明確化」",
	};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
		at(s.data, must[i]);
	size_t refs = 0;
	for (size_t i = 0; i < d.n_blocks; i++)
		refs += d.blocks[i]->kind == DOC_NOTE &&
			strcmp(d.blocks[i]->text, "付録の参照先：") == 0;
	assert_int_equal(refs, 5); /* 5.1, 5.2, 5.3, 5.4.1, 5.4.2 as in the appendix */
	/* The agency's own wording replaces the appendix's. */
	free(p.organisation.policy_statement);
	p.organisation.policy_statement = xstrdup("独自の方針文");
	free(p.organisation.venue_note);
	p.organisation.venue_note = xstrdup("独自の参集場所の補足");
	doc_release(&d);
	build(&p, NULL, &d);
	buf_reset(&s);
	text_of(&d, &s);
	at(s.data, "独自の方針文");
	at(s.data, "独自の参集場所の補足");
	assert_null(strstr(s.data, "テレワーク等の対応も検討する。"));
	assert_null(strstr(s.data, "の策定と運用に取り組む。"));
	buf_release(&s);
	doc_release(&d);
	plan_release(&p);
}

/* Footnotes: the appendix's five (1.1; 3.1's two on the level columns;
 * 5.4.2's under 表5.4-2 and 表5.4-4), numbered through the document, each
 * a DOC_PARA_FOOTNOTE block right after the block that holds its mark. */
static void test_footnotes(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	struct doc d = DOC_INIT;
	build(&p, NULL, &d);
	static const char *const starts[] = {
		"※1 本書における「非常時優先業務」とは、",
		"※2 本計画「5.4.2. 情報システムを支える構成要素ごとの目標対策レベルの設定」で定義する",
		"※3 それぞれの対策レベルの内容は、本計画「5.4.2.",
		"※4 現在の拠点の情報システムのハードウェアについては、",
		"※5 オンラインバックアップ：",
	};
	size_t n = 0;
	for (size_t i = 0; i < d.n_blocks; i++) {
		const struct doc_block *b = d.blocks[i];
		if (b->kind != DOC_PARA || !(b->flags & DOC_PARA_FOOTNOTE))
			continue;
		assert_true(n < 5);
		assert_true(b->flags & DOC_PARA_SMALL); /* where it falls, elsewhere */
		assert_memory_equal(b->text, starts[n], strlen(starts[n]));
		/* its mark is in the block it follows (skipping its sibling) */
		size_t r = i - 1;
		while (d.blocks[r]->kind == DOC_PARA && (d.blocks[r]->flags & DOC_PARA_FOOTNOTE))
			r--;
		struct doc one = DOC_INIT;
		one.blocks = &d.blocks[r];
		one.n_blocks = 1;
		struct buf s = BUF_INIT;
		text_of(&one, &s);
		char mark[8];
		snprintf(mark, sizeof mark, "※%zu", n + 1);
		at(s.data, mark);
		buf_release(&s);
		n++;
	}
	assert_int_equal(n, 5);
	struct buf s = BUF_INIT;
	text_of(&d, &s);
	at(s.data, "デモ省が非常時優先業務※1を定めるとともに");
	at(s.data, "現状対策レベル※2\n");
	at(s.data, "目標対策レベル※3\n");
	at(s.data, "オンラインバックアップ※5（");
	/* the old inline note and 3.1's substitute for the footnotes are gone */
	assert_null(strstr(s.data, "※ 本書における"));
	assert_null(strstr(s.data, "目標対策レベルは「5.4.2」で定める"));
	buf_release(&s);
	doc_release(&d);
	plan_release(&p);
}

/* The demo read page by page beside the appendix: its fixed sentences,
 * captions and column headers as the appendix words them. */
static void test_template_sentences(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	struct doc d = DOC_INIT;
	build(&p, NULL, &d);
	struct buf s = BUF_INIT, t = BUF_INIT;
	text_of(&d, &s);
	tables_of(&d, &t);
	const char *must[] = {
		/* 1.3: the departments before the table, said once */
		"本計画の適用範囲は、部局A、部局Bが運用管理する以下の情報システムとする。",
		/* 2.1.4: the role named in full */
		"参集場所を以下のとおり定める。情報システム運用継続計画の発動に伴う作業を実施する責任者から別に"
		"指示がある場合は、その指示に従う。",
		/* 2.3.2: the appendix's column header names the event */
		"大規模災害発生（夜間・休日）時の対応内容\n",
		/* 3.1: the appendix's column header */
		"情報システムを支える構成要素ごとのリスク\n",
		/* 4.1-4.2.3: the two roles as the appendix names them */
		"情報システムの運用を継続する最高責任者及び情報システムの運用を継続する責任者は、4月に年間の",
		"情報システムの運用を継続する最高責任者及び情報システムの運用を継続する責任者は、教育訓練の目標",
		"年間の教育訓練計画を次頁に示す。",
		"情報システムの運用を継続する最高責任者及び情報システムの運用を継続する責任者は、以下の契機にて",
		"情報システムの運用を継続する最高責任者及び情報システムの運用を継続する責任者は、情報システム運用"
		"継続計画で対象とする事象、又はそれに近い事象が発生した際は、",
		"2) その他、情報システム運用継続計画の有効性向上につながる改善点について",
		"情報システムの運用を継続する最高責任者及び情報システムの運用を継続する責任者は、毎年",
		/* 5.1-5.4.2 */
		"大規模災害発生時の被害状況の想定結果について、下表に示す。",
		"情報セキュリティインシデント発生時の被害状況の想定結果について、下表に示す。",
		"それぞれの危機的事象の発生時の条件については、デモ省の業務継続計画の想定を踏まえる",
		"（以下「RLO」という。）を設定した。検討結果を以下に示す。",
		"下表を利用し、以下の検討結果を記載する。",
		"情報システム停止時の代替手段の有無及び代替手段により業務継続が可能な時間\n",
		"それぞれの情報システムと優先業務の関連性の一覧は、「別表1. 業務システム関連表」に記す。",
		"「(1) 業務のRTOと情報システム停止時の代替手段の検討」での検討結果に基づき、情報システムの"
		"RTO及びRLOを設定した。",
		"整理結果を以下に示す。",
		"構成要素ごとに整理した。設定結果を以下に示す。",
		/* 表5.4-n: a level's title, then its description's lines as 「・」 */
		"ホットスタンバイ用ハードウェアの確保\n・専用の代替機を、",
		/* 別表1: both notes in one paragraph, on the table's page */
		"（表5.3-1）。\n*2 計画で定めた目標復旧時間",
	};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
		at(s.data, must[i]);
	/* said once, not again after the table; no role cut short */
	assert_null(strstr(s.data, "上記の情報システムとする"));
	assert_null(strstr(s.data, "\n最高責任者及び責任者は"));
	/* 1.2's policy and 2.1.1's events are numbered (1) (2) …, 5.3's points
	 * 1. 2. 3., as the appendix numbers each */
	size_t paren = 0, plain = 0;
	for (size_t i = 0; i < d.n_blocks; i++) {
		const struct doc_block *b = d.blocks[i];
		if (b->kind != DOC_LIST || !b->ordered)
			continue;
		if (b->paren)
			paren++;
		else
			plain++;
		if (strstr(b->items[0].text, "業務継続計画に定められた非常時優先業務と"))
			assert_false(b->paren);
		if (strstr(b->items[0].text, "大規模災害（地震、風水害等）") ||
		    strstr(b->items[0].text, "情報システムの継続及び復旧を脅かすリスク"))
			assert_true(b->paren);
	}
	assert_int_equal(paren, 2);
	assert_int_equal(plain, 1);
	/* 別表2: the appendix's (and the wallet card's) section numbers */
	struct buf h = BUF_INIT;
	for (size_t i = 0; i < d.n_blocks; i++)
		if (d.blocks[i]->kind == DOC_HEADING)
			buf_addf(&h, "%s%s\n", d.blocks[i]->number, d.blocks[i]->text);
	at(h.data, "3-2.職場への連絡先\n");
	at(h.data, "4-1.災害用伝言ダイヤル「171」／災害用伝言板「web171」\n");
	at(h.data, "4-2.携帯電話 災害用伝言板サービス\n");
	buf_release(&h);
	/* 4.2.2's items are numbered ① … ④ themselves: no bullet before them */
	for (size_t i = 0; i < d.n_blocks; i++)
		for (size_t k = 0; k < d.blocks[i]->n_items; k++)
			assert_null(strstr(d.blocks[i]->items[k].text, "① 発生事象の分析"));
	at(t.data, "表 1.4-1 デモ省における情報システム運用継続計画推進体制上の担当部署及び担当者、"
		   "推進上の役割\n");
	at(t.data, "表 2.1-1 デモ省における危機的事象発生時の情報システム運用継続体制\n");
	/* 表2.2-2's person column is 担当者, as the appendix heads it */
	for (size_t i = 0; i < d.n_blocks; i++) {
		const struct doc_table *tb = &d.blocks[i]->table;
		if (d.blocks[i]->kind == DOC_TABLE && strcmp(tb->label, "表 2.2-2") == 0)
			assert_string_equal(tb->rows[0].cells[1].text, "担当者");
		if (d.blocks[i]->kind == DOC_TABLE && strcmp(tb->label, "表 2.2-1") == 0)
			assert_string_equal(tb->rows[0].cells[1].text, "責任者・担当者");
	}
	buf_release(&s);
	buf_release(&t);
	doc_release(&d);
	plan_release(&p);
}

/* Item 5: a draft says 案 on the cover and every page, dated the day it
 * is printed; the approved version carries its number and its dates. */
static void test_document_control(void **state)
{
	(void)state;
	struct plan p;
	demo_plan(&p);
	struct doc d = DOC_INIT;
	build(&p, NULL, &d);
	assert_string_equal(d.meta.subtitle, "機密性2\n第1版（案）");
	assert_string_equal(d.meta.date, "令和8年12月7日");
	assert_string_equal(d.meta.running_header,
			    "機密性2　デモ省 情報システム運用継続計画　第1版（案）");
	doc_release(&d);

	struct render_version v[2] = {
		{ 1, { 2026, 4, 1 }, (char *)"" },
		{ 2, { 2026, 10, 1 }, (char *)"参集場所の見直し" },
	};
	struct render_opts vo;
	render_opts_init(&vo);
	vo.versions = v;
	vo.n_versions = 2;
	vo.version = 2;
	build(&p, &vo, &d);
	assert_string_equal(d.meta.subtitle,
			    "機密性2\n第2版\n策定日：令和8年4月1日\n改定日：令和8年10月1日");
	assert_string_equal(d.meta.date, "令和8年10月1日"); /* not the day it is printed */
	assert_string_equal(d.meta.running_header, "機密性2　デモ省 情報システム運用継続計画　第2版");
	struct buf s = BUF_INIT;
	text_of(&d, &s);
	assert_true(at(s.data, "改定履歴") < at(s.data, "本計画の目的と基本方針"));
	at(s.data, "第1版\n令和8年4月1日\n策定\n");
	at(s.data, "第2版\n令和8年10月1日\n参集場所の見直し\n");
	struct buf md = BUF_INIT;
	render_markdown(&d, &md);
	at(md.data, "\n**改定履歴**\n");
	at(md.data, "\n| 第2版 | 令和8年10月1日 | 参集場所の見直し |\n");
	buf_release(&md);
	doc_release(&d);

	/* Changed since 第2版: the draft of 第3版, with the dates so far. */
	vo.version = 0;
	free(p.organisation.classification);
	p.organisation.classification = xstrdup("");
	build(&p, &vo, &d);
	assert_string_equal(d.meta.subtitle, "第3版（案）\n策定日：令和8年4月1日\n改定日：令和8年10月1日");
	assert_string_equal(d.meta.running_header, "デモ省 情報システム運用継続計画　第3版（案）");
	assert_string_equal(d.meta.date, "令和8年12月7日");
	buf_release(&s);
	doc_release(&d);
	plan_release(&p);
}

/* Item 6: amounts in 千円 with thousands separators, totals too. */
static void test_amounts(void **state)
{
	(void)state;
	char b[PD_SHORT];
	assert_string_equal(numfmt_thousands(0, b), "0");
	assert_string_equal(numfmt_thousands(999, b), "999");
	assert_string_equal(numfmt_thousands(1000, b), "1,000");
	assert_string_equal(numfmt_thousands(54300, b), "54,300");
	assert_string_equal(numfmt_thousands(1234567890, b), "1,234,567,890");
	assert_string_equal(numfmt_thousands(-1500, b), "-1,500");
	assert_string_equal(numfmt_thousands(INT64_MIN, b), "-9,223,372,036,854,775,808");
	struct plan p;
	demo_plan(&p);
	struct doc d = DOC_INIT;
	build(&p, NULL, &d);
	struct buf s = BUF_INIT;
	text_of(&d, &s);
	at(s.data, "\n3,500\n");  /* an item */
	at(s.data, "\n6,200\n");  /* a step's total */
	at(s.data, "\n54,300\n"); /* the grand total */
	assert_null(strstr(s.data, "\n54300\n"));
	buf_release(&s);
	doc_release(&d);
	struct render_opts o;
	render_opts_init(&o);
	assert_int_equal(plan_doc_table(&p, &o, "budget", &d), 0);
	s = (struct buf)BUF_INIT;
	text_of(&d, &s);
	at(s.data, "\n12,000\n");
	buf_release(&s);
	doc_release(&d);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_table_numbers),
		cmocka_unit_test(test_step_overview),
		cmocka_unit_test(test_template_text),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_template_sentences),
		cmocka_unit_test(test_document_control),
		cmocka_unit_test(test_amounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
