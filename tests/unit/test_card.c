/*
 * test_card.c — the wallet card: filled from the demo plan through the
 * person's roles, the personal part read from JSON (and bad JSON
 * refused), and the PDF made.  Set ITBCP_CARD_OUT=FILE to keep the PDF.
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
#include "render/card/card.h"
#include "render/pdf/pdf.h"
#include "util/embedded.h"
#include "util/fileio.h"

static struct plan demo;

static int load_demo(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	assert_non_null(f);
	struct buf errors = BUF_INIT;
	int rc = plan_json_read((const char *)f->data, f->len, "demo", &demo, &errors, LANG_JA);
	if (rc)
		fprintf(stderr, "%s", errors.data);
	buf_release(&errors);
	return rc;
}

static int free_demo(void **state)
{
	(void)state;
	plan_release(&demo);
	return 0;
}

/* The first person holding a crisis role with assembly locations. */
static const char *crisis_person(void)
{
	for (size_t i = 0; i < demo.n_role_holders; i++)
		for (size_t k = 0; k < demo.n_assembly_locations; k++)
			if (strcmp(demo.assembly_locations[k].role, demo.role_holders[i].role) == 0)
				return demo.role_holders[i].person;
	return NULL;
}

static void fills_from_plan(void **state)
{
	(void)state;
	struct card c;
	card_defaults(&c, LANG_JA);
	struct err e = ERR_INIT;
	const char *who = crisis_person();
	assert_non_null(who);
	assert_int_equal(card_from_plan(&c, &demo, who, true, "https://bcp.example.go.jp/c/abc", &e), 0);
	assert_string_equal(c.person_name, plan_person(&demo, who)->name);
	assert_true(c.n_criteria >= 1);
	assert_non_null(strstr(c.criteria[0], "震度6弱以上"));
	assert_true(c.n_locations >= 1);
	assert_int_equal(c.locations[0].priority, 1);
	assert_string_equal(c.report_destination, demo.organisation.report_destination);
	assert_int_equal(c.n_indoor, 6);
	assert_int_equal(c.n_outdoor, 5);
	card_release(&c);

	card_defaults(&c, LANG_JA);
	assert_int_equal(card_from_plan(&c, &demo, "nobody", false, NULL, &e), -1);
	card_release(&c);
}

static void personal_json(void **state)
{
	(void)state;
	struct card c;
	card_defaults(&c, LANG_JA);
	struct err e = ERR_INIT;
	const char *ok = "{\"name\":\"山田 太郎\",\"address\":\"東京都千代田区1-1\","
			 "\"insurance_no\":\"12345678\",\"family\":[{\"name\":\"山田 花子\","
			 "\"phone\":\"090-1111-2222\"}]}";
	assert_int_equal(card_personal_from_json(&c, ok, strlen(ok), &e), 0);
	assert_string_equal(c.personal.address, "東京都千代田区1-1");
	assert_string_equal(c.personal.family[0].phone, "090-1111-2222");
	assert_string_equal(c.personal.family[1].name, "");
	const char *bad[] = { "[1]", "{\"name\":3}", "{\"family\":{}}", "{\"name\":\"a\\u0000b\"}", "{" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(card_personal_from_json(&c, bad[i], strlen(bad[i]), &e), -1);
		assert_string_equal(c.personal.address, "東京都千代田区1-1"); /* unchanged */
	}
	card_release(&c);
}

static void renders_pdf(void **state)
{
	(void)state;
	struct card c;
	card_defaults(&c, LANG_JA);
	struct err e = ERR_INIT;
	assert_int_equal(card_from_plan(&c, &demo, crisis_person(), true,
					"https://bcp.example.go.jp/checkin/p-suzuki?t=0123456789abcdef", &e), 0);
	const char *js = "{\"name\":\"鈴木 花子\",\"address\":\"東京都千代田区霞が関1-2-3\","
			 "\"mobile\":\"090-0000-1002\",\"meeting_place\":\"〇〇小学校 校庭\","
			 "\"family\":[{\"name\":\"鈴木 一郎\",\"phone\":\"090-1111-2222\"}]}";
	assert_int_equal(card_personal_from_json(&c, js, strlen(js), &e), 0);
	struct buf out = BUF_INIT;
	assert_int_equal(render_card_buf(&c, &out, &e), 0);
	assert_memory_equal(out.data, "%PDF-", 5);
	const char *keep = getenv("ITBCP_CARD_OUT");
	if (keep)
		assert_int_equal(write_file_atomic(keep, out.data, out.len, &e), 0);
	buf_release(&out);
	card_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fills_from_plan),
		cmocka_unit_test(personal_json),
		cmocka_unit_test(renders_pdf),
	};
	int rc = cmocka_run_group_tests(tests, load_demo, free_demo);
	render_pdf_shutdown();
	return rc;
}
