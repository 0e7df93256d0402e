/*
 * test_render_xlsx.c — workbooks of the demo plan's tables: the files are
 * ZIPs Excel can read (checked by unzip), 別表1 has its systems, ● marks
 * and merged header cells, the training grid one sheet per fiscal year,
 * and a system named "=cmd" is a text cell, never a formula.
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

#include "format/plan_json.h"
#include "model/plan.h"
#include "render/render.h"
#include "render/office/xlsx.h"
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

/* Asserts needle occurs in hay. */
static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not found in:\n%.3000s", needle, hay);
}

/* Writes the workbook what of p to a temporary file; returns its path
 * (free() it, unlink it). */
static char *write_book(const struct plan *p, const char *what, enum lang lang, bool personal)
{
	struct render_opts o;
	render_opts_init(&o);
	o.lang = lang;
	o.personal = personal;
	char *path = xstrdup("/tmp/test-xlsx-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct err e = ERR_INIT;
	if (render_xlsx(p, what, &o, path, &e))
		fail_msg("%s", e.msg);
	return path;
}

/* The member of the ZIP at path, through unzip -p; "" when absent. */
static char *unzip_member(const char *path, const char *member)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	buf_addf(&cmd, "unzip -p '%s' '%s' 2>/dev/null", path, member);
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

/* Asserts unzip -t finds no error in the file. */
static void assert_zip_ok(const char *path)
{
	struct buf cmd = BUF_INIT;
	buf_addf(&cmd, "unzip -tq '%s' >/dev/null", path);
	assert_int_equal(system(cmd.data), 0);
	buf_release(&cmd);
}

static void test_business_systems(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	char *path = write_book(&p, "business-systems", LANG_JA, false);
	assert_zip_ok(path);
	char *wb = unzip_member(path, "xl/workbook.xml");
	assert_has(wb, "name=\"別表1\"");
	char *sst = unzip_member(path, "xl/sharedStrings.xml");
	for (size_t i = 0; i < p.n_systems; i++)
		assert_has(sst, p.systems[i].name);
	assert_has(sst, "優先業務1");
	assert_has(sst, "業務目標復旧時間");
	assert_has(sst, "●");
	char *sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
	assert_has(sheet, "<mergeCell ref=\"A3:A6\"/>"); /* No. over the 4 header rows */
	assert_has(sheet, "<pane ");                    /* header rows frozen */
	assert_null(strstr(sheet, "<f>"));
	free(sheet);
	free(sst);
	free(wb);
	unlink(path);
	free(path);
	plan_release(&p);
}

static void test_formula_is_text(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	free(p.systems[0].name);
	p.systems[0].name = xstrdup("=cmd|' /C calc'!A0");
	free(p.systems[1].risks);
	p.systems[1].risks = xstrdup("+SUM(1,2)\x01@x");
	char *path = write_book(&p, "all", LANG_EN, false);
	assert_zip_ok(path);
	for (int i = 1;; i++) {
		char member[64];
		snprintf(member, sizeof member, "xl/worksheets/sheet%d.xml", i);
		char *sheet = unzip_member(path, member);
		if (!*sheet) {
			free(sheet);
			assert_true(i > 10); /* every table of the plan, a sheet each */
			break;
		}
		assert_null(strstr(sheet, "<f>"));
		free(sheet);
	}
	char *sst = unzip_member(path, "xl/sharedStrings.xml");
	assert_has(sst, "<t>=cmd|' /C calc'!A0</t>");
	assert_has(sst, "+SUM(1,2) @x"); /* the control character is gone */
	free(sst);
	unlink(path);
	free(path);
	plan_release(&p);
}

static void test_contacts_and_training(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	char *path = write_book(&p, "contacts", LANG_JA, false);
	char *wb = unzip_member(path, "xl/workbook.xml");
	assert_has(wb, "name=\"表 2.2-1\"");
	assert_has(wb, "name=\"表 2.2-2\"");
	char *sst = unzip_member(path, "xl/sharedStrings.xml");
	assert_has(sst, "B株式会社");
	assert_has(sst, "佐々木 亮");
	assert_null(strstr(sst, "090-0000-5001")); /* mobile: personal */
	free(sst);
	free(wb);
	unlink(path);
	free(path);

	path = write_book(&p, "contacts", LANG_JA, true);
	sst = unzip_member(path, "xl/sharedStrings.xml");
	assert_has(sst, "090-0000-5001");
	free(sst);
	unlink(path);
	free(path);

	path = write_book(&p, "training", LANG_JA, false);
	sst = unzip_member(path, "xl/sharedStrings.xml");
	assert_has(sst, "令和8年度教育訓練計画");
	assert_has(sst, "▼");
	assert_has(sst, "4月");
	assert_has(sst, "3月");
	assert_has(sst, "システム切り替え訓練");
	free(sst);
	unlink(path);
	free(path);
	plan_release(&p);
}

static void test_numbers_and_errors(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	demo_plan(&p);
	char *path = write_book(&p, "budget", LANG_JA, false);
	char *sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
	assert_has(sheet, "<v>12000</v>"); /* 12,000 thousand yen as a number */
	free(sheet);
	unlink(path);
	free(path);

	struct render_opts o;
	render_opts_init(&o);
	o.lang = LANG_EN;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(render_xlsx_buf(&p, "nonsense", &o, &out, &e), -1);
	assert_has(e.msg, "nonsense");
	assert_int_equal(render_xlsx(&p, "risks", &o, "/nonexistent/dir/x.xlsx", &e), -1);
	buf_release(&out);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_business_systems),
		cmocka_unit_test(test_formula_is_text),
		cmocka_unit_test(test_contacts_and_training),
		cmocka_unit_test(test_numbers_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
