/*
 * test_render_pdf.c — the PDF writer on a small document holding every
 * kind of block: it renders, every glyph has a font, the file is a PDF,
 * a long table splits across pages, and a table too wide for the page is
 * printed in column bands; a header breaks between words; a tall
 * figure goes over pages rather than under 6.5 pt.
 * Set ITBCP_PDF_OUT=FILE (ITBCP_PDF_BANDS_OUT=FILE for the banded
 * matrix) to keep the PDF for looking at.
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

#include "render/doc.h"
#include "render/pdf/pdf.h"
#include "render/pdf/pdf_internal.h"
#include "util/fileio.h"

static const char *svg_doc =
	"<svg xmlns='http://www.w3.org/2000/svg' width='300' height='120' viewBox='0 0 300 120'>"
	"<rect x='10' y='10' width='120' height='50' fill='none' stroke='black'/>"
	"<text x='20' y='40' font-size='14'>最高責任者</text>"
	"<line x1='130' y1='35' x2='200' y2='35' stroke='black'/>"
	"<rect x='200' y='10' width='90' height='50' fill='#ddd' stroke='black'/>"
	"<text x='210' y='40' font-size='14'>責任者</text></svg>";

/* A doc with every block kind, spans, header rows and placeholders. */
static void build(struct doc *d, size_t long_rows)
{
	doc_init(d, LANG_JA);
	doc_set(&d->meta.title, "デモ省 情報システム運用継続計画");
	doc_set(&d->meta.subtitle, "（案）");
	doc_set(&d->meta.organisation, "デモ省");
	doc_set(&d->meta.date, "令和8年4月1日");
	doc_set(&d->meta.running_header, "デモ省 情報システム運用継続計画（取扱注意）");
	doc_add_heading(d, 1, "1.", "総則");
	doc_add_heading(d, 2, "1.1.", "本計画の策定趣旨");
	doc_add_para(d, "デモ省は、国民の経済・社会活動の維持発展と安全を支える自らの業務を、"
			"大規模災害、情報セキュリティインシデント及び感染症の流行等の危機的事象の"
			"発生時においても継続することにより、自らの責務を果たすために、業務継続計画を策定した。"
			"「括弧」や句読点、。が行頭に来ないこと。\n改行のある段落。");
	doc_add_placeholder(d, "[政府機関等]", "組織名が未入力です（点検 E001）");
	struct doc_block *l = doc_add_list(d, false);
	doc_list_item(l, "情報システムの継続及び復旧を脅かすリスクを評価し、適切な対策を実施する。");
	doc_list_placeholder(l, "〇〇", "方針が未入力です");
	l = doc_add_list(d, true);
	doc_list_item(l, "安否報告");
	doc_list_item(l, "自動参集");
	doc_add_note(d, "ガイドラインの参照先", "ガイドライン 2.1.1 危機的事象の種類\n本文 ①②③ ● ▼ 〇 ～");
	doc_add_heading(d, 3, "1.4.1.", "推進体制");
	unsigned w[] = { 2, 3, 5 };
	struct doc_block *t = doc_add_table(d, "表 1.4-1", "推進体制", 3, w);
	doc_table_head(&t->table);
	doc_cell(&t->table, "役割");
	doc_cell(&t->table, "担当者");
	doc_cell(&t->table, "役割の概要");
	doc_table_row(&t->table);
	doc_cell_span(&t->table, "最高責任者", 1, 2);
	doc_cell(&t->table, "部局A長 佐藤 一郎");
	doc_cell(&t->table, "計画の策定・運用全般を統括する。\n二行目。");
	doc_table_row(&t->table);
	doc_cell_placeholder(&t->table, "〇〇", "代理者が未設定です");
	doc_cell(&t->table, "代理");
	doc_table_row(&t->table);
	struct doc_cell *c = doc_cell_span(&t->table, "合計", 2, 1);
	c->flags |= DOC_CELL_EMPH | DOC_CELL_SHADE;
	doc_cell(&t->table, "1,234")->align = DOC_ALIGN_RIGHT;
	doc_add_figure(d, "図 2.2-1", "危機的事象発生時の指揮命令系統", svg_doc, NULL);
	doc_add_figure(d, "図 2.3-1", "全体の流れ", "", "図は作成中です");
	doc_add_page_break(d);
	doc_add_heading(d, 1, "2.", "長い表");
	t = doc_add_table(d, "表 2.2-1", "連絡先一覧", 5, NULL);
	doc_table_head(&t->table);
	doc_cell(&t->table, "番号");
	doc_cell(&t->table, "所属");
	doc_cell(&t->table, "氏名");
	doc_cell(&t->table, "電話");
	doc_cell(&t->table, "備考");
	for (size_t i = 0; i < long_rows; i++) {
		doc_table_row(&t->table);
		doc_cellf(&t->table, "%zu", i + 1);
		doc_cell(&t->table, "部局A 情報基盤課");
		doc_cellf(&t->table, "職員 %zu", i);
		doc_cell(&t->table, "03-0000-0000");
		doc_cell(&t->table, i % 7 == 0 ? "夜間連絡可\n代替拠点\n衛星携帯あり" : "");
	}
	/* A wide table: landscape. */
	t = doc_add_table(d, "別表1", "業務と情報システム", 14, NULL);
	t->table.wide = true;
	doc_table_head(&t->table);
	doc_cell(&t->table, "業務");
	for (int k = 1; k < 14; k++)
		doc_cellf(&t->table, "システム%d", k);
	for (int r = 0; r < 5; r++) {
		doc_table_row(&t->table);
		doc_cellf(&t->table, "優先業務%d", r + 1);
		for (int k = 1; k < 14; k++)
			doc_cell(&t->table, (r + k) % 3 ? "" : "●")->align = DOC_ALIGN_CENTER;
	}
	doc_add_heading(d, 2, "2.1.", "表の後の本文");
	doc_add_para(d, "縦向きのページに戻る。");
	/* A row taller than a page: split between its lines. */
	t = doc_add_table(d, "表 9-1", "長いセル", 2, NULL);
	doc_table_row(&t->table);
	doc_cell(&t->table, "長い");
	struct buf b = BUF_INIT;
	for (int k = 0; k < 90; k++)
		buf_addf(&b, "%d 行目の長い説明文です。\n", k + 1);
	doc_cell(&t->table, b.data);
	buf_release(&b);
	doc_table_end(&t->table);
}

static void renders_every_block(void **state)
{
	(void)state;
	struct doc d;
	build(&d, 120);
	struct buf out = BUF_INIT;
	struct pdf_stats st = { 0 };
	struct err e = ERR_INIT;
	assert_int_equal(render_pdf_buf(&d, &out, &st, &e), 0);
	assert_true(out.len > 1000);
	assert_memory_equal(out.data, "%PDF-", 5);
	assert_int_equal(st.unknown_glyphs, 0);
	assert_true(st.pages >= 6); /* title, contents, body with a split table */
	const char *keep = getenv("ITBCP_PDF_OUT");
	if (keep)
		assert_int_equal(write_file_atomic(keep, out.data, out.len, &e), 0);
	buf_release(&out);
	doc_release(&d);
}

/* A matrix far too wide for a landscape page (the 別表1 of a large plan):
 * printed in column bands, each with the key columns repeated, so the
 * number of pages grows with the bands, not with the cells. */
static void wide_matrix_in_bands(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, LANG_JA);
	doc_set(&d.meta.title, "帯の試験");
	size_t nb = 300, nrows = 40;
	size_t ncols = 2 + nb;
	unsigned *w = calloc(ncols, sizeof *w);
	assert_non_null(w);
	w[0] = 1;
	w[1] = 4;
	for (size_t i = 0; i < nb; i++)
		w[2 + i] = 2;
	struct doc_block *b = doc_add_table(&d, "別表1", "業務システム関連表", ncols, w);
	free(w);
	struct doc_table *t = &b->table;
	t->wide = true;
	doc_table_head(t);
	doc_cell(t, "No.");
	doc_cell(t, "情報システム名");
	for (size_t i = 0; i < nb; i++)
		doc_cellf(t, "非常時優先業務%04zu（会計関係）", i + 1);
	for (size_t r = 0; r < nrows; r++) {
		doc_table_row(t);
		doc_cellf(t, "%zu", r + 1);
		doc_cellf(t, "人事給与システム%04zu", r + 1)->flags |= DOC_CELL_HEAD;
		for (size_t i = 0; i < nb; i++)
			doc_cell(t, (r * 7 + i) % 23 ? "" : "●")->align = DOC_ALIGN_CENTER;
	}
	doc_table_end(t);
	struct buf out = BUF_INIT;
	struct pdf_stats st = { 0 };
	struct err e = ERR_INIT;
	assert_int_equal(render_pdf_buf(&d, &out, &st, &e), 0);
	assert_int_equal(st.unknown_glyphs, 0);
	/* 300 columns at two characters each need several bands of one or
	 * two pages; one page per row (the header repeated) would be 40. */
	assert_true(st.pages >= 2 + 5);
	assert_true(st.pages <= 2 + 30);
	const char *keep = getenv("ITBCP_PDF_BANDS_OUT");
	if (keep)
		assert_int_equal(write_file_atomic(keep, out.data, out.len, &e), 0);
	buf_release(&out);
	doc_release(&d);
}

static void empty_doc_renders(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, LANG_EN);
	struct buf out = BUF_INIT;
	struct pdf_stats st = { 0 };
	struct err e = ERR_INIT;
	assert_int_equal(render_pdf_buf(&d, &out, &st, &e), 0);
	assert_int_equal(st.pages, 3);
	buf_release(&out);
	doc_release(&d);
}

static void file_is_written(void **state)
{
	(void)state;
	struct doc d;
	build(&d, 10);
	char path[] = "/tmp/itbcp-pdf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct err e = ERR_INIT;
	assert_int_equal(render_pdf(&d, path, &e), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char head[5];
	assert_int_equal(fread(head, 1, 5, f), 5);
	assert_memory_equal(head, "%PDF-", 5);
	fclose(f);
	remove(path);
	doc_release(&d);
}

/* A figure too tall for a page at readable size (a large plan's org
 * chart: 10-unit text on a 3,000-unit-tall drawing would be 2 pt if fitted
 * to one page) goes over several pages, its text at 6.5 pt at least. */
static void tall_figure_over_pages(void **state)
{
	(void)state;
	struct buf svg = BUF_INIT;
	buf_adds(&svg, "<svg xmlns='http://www.w3.org/2000/svg' width='300pt' height='3000pt' "
		       "viewBox='0 0 300 3000'>");
	for (int i = 0; i < 30; i++)
		buf_addf(&svg, "<text x='20' y='%d' font-size='10.00'>職員 %03d</text>", 50 + i * 100,
			 i);
	buf_adds(&svg, "</svg>");
	struct doc d;
	doc_init(&d, LANG_JA);
	doc_set(&d.meta.title, "図の試験");
	doc_add_heading(&d, 2, "2.2.1.", "対応体制・指揮命令系統図");
	doc_add_figure(&d, "図 2.2-1", "危機的事象発生時の体制", svg.data, NULL);
	struct buf out = BUF_INIT;
	struct pdf_stats st = { 0 };
	struct err e = ERR_INIT;
	assert_int_equal(render_pdf_buf(&d, &out, &st, &e), 0);
	assert_int_equal(st.unknown_glyphs, 0);
	/* at 6.5 / 10 of its size, 1,950 pt tall: three pages, not one */
	assert_int_equal(st.pages, 2 + 3);
	buf_release(&out);
	buf_release(&svg);
	doc_release(&d);
}

/* The text of each line of l, joined by '/'. */
static void lines_of(PangoLayout *l, char *out, size_t size)
{
	const char *text = pango_layout_get_text(l);
	size_t n = 0;
	out[0] = '\0';
	for (GSList *it = pango_layout_get_lines_readonly(l); it; it = it->next) {
		const PangoLayoutLine *line = it->data;
		n += (size_t)snprintf(out + n, size - n, "%s%.*s", n ? "/" : "", line->length,
				      text + line->start_index);
		assert_true(n < size);
	}
}

/* A header breaks between words (PDF_WORDS), never inside one: the
 * 「現状対策レ/ベル」 and 「必要予算（千/円）」 of issue 16 item 6. */
static void labels_break_between_words(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
		double width;
	} cases[] = {
		{ "現状対策レベル", "現状対策/レベル", 44.0 },
		{ "必要予算（千円）", "必要予算/（千円）", 48.0 },
		{ "ステップ1到達レベル", "ステップ1/到達/レベル", 38.0 },
		{ "情報システム運用体制", "情報システム/運用体制", 60.0 },
		{ "実施担当者", "実施/担当者", 30.0 },
		{ "見直し事項", "見直し/事項", 30.0 },
	};
	struct pdf_text t;
	struct err e = ERR_INIT;
	assert_int_equal(pdf_text_init(&t, &e), 0);
	char got[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		PangoLayout *l = pdf_text_layout(&t, cases[i].text, 8.0, PDF_BOLD | PDF_WORDS,
						 cases[i].width);
		lines_of(l, got, sizeof got);
		assert_string_equal(got, cases[i].want);
		g_object_unref(l);
	}
	/* without the flag, pango breaks where the width runs out */
	PangoLayout *l = pdf_text_layout(&t, "現状対策レベル", 8.0, PDF_BOLD, 44.0);
	lines_of(l, got, sizeof got);
	assert_string_equal(got, "現状対策レ/ベル");
	g_object_unref(l);
	pdf_text_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_every_block),
		cmocka_unit_test(wide_matrix_in_bands),
		cmocka_unit_test(empty_doc_renders),
		cmocka_unit_test(file_is_written),
		cmocka_unit_test(labels_break_between_words),
		cmocka_unit_test(tall_figure_over_pages),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	render_pdf_shutdown();
	return rc;
}
