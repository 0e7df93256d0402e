/*
 * test_plan_json.c — the interchange format: round trip and every kind of
 * bad input, each refused with the path and the reason, leaving the plan
 * empty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "model/schema.h"
#include "util/embedded.h"
#include "util/utf8.h"

/* A small valid document: doc_head, then extra elements of "systems",
 * then doc_tail, then extra root keys, then "}". */
static const char *doc_head =
	"{\"format\":\"itbcp-plan\",\"version\":1,"
	"\"organisation\":{\"name\":\"テスト庁\"},"
	"\"departments\":[{\"id\":\"dept-a\",\"name\":\"部局A\",\"kind\":\"it\"}],"
	"\"businesses\":[{\"id\":\"b1\",\"name\":\"優先業務1\",\"rto_hours\":3}],"
	"\"systems\":[{\"id\":\"mail\",\"name\":\"メールシステム\",\"department\":\"dept-a\"}";
static const char *doc_tail =
	"],\"business_systems\":[{\"business\":\"b1\",\"system\":\"mail\",\"alt_hours\":12}]";

static void build_doc(struct buf *doc, const char *sys_extra, const char *root_extra)
{
	buf_adds(doc, doc_head);
	buf_adds(doc, sys_extra);
	buf_adds(doc, doc_tail);
	buf_adds(doc, root_extra);
	buf_adds(doc, "}");
}

/* Reads base_doc with sys_extra inside systems and root_extra at the end;
 * returns the rc and leaves the messages in errors. */
static int read_doc(const char *sys_extra, const char *root_extra, struct plan *p, struct buf *errors)
{
	struct buf doc = BUF_INIT;
	build_doc(&doc, sys_extra, root_extra);
	int rc = plan_json_read(doc.data, doc.len, "t.json", p, errors, LANG_EN);
	buf_release(&doc);
	return rc;
}

/* Asserts that reading fails with a message containing both needles and
 * leaves the plan empty. */
static void assert_refused(const char *sys_extra, const char *root_extra, const char *path,
			   const char *reason)
{
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	assert_int_equal(read_doc(sys_extra, root_extra, &p, &errors), -1);
	if (!strstr(errors.data, path) || !strstr(errors.data, reason))
		fail_msg("expected '%s' and '%s' in:\n%s", path, reason, errors.data);
	assert_non_null(strstr(errors.data, "t.json: "));
	assert_int_equal(p.n_systems, 0);
	assert_int_equal(p.n_departments, 0);
	plan_release(&p);
	buf_release(&errors);
}

static void test_valid_minimal(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	assert_int_equal(read_doc("", "", &p, &errors), 0);
	assert_string_equal(errors.data, "");
	assert_int_equal(p.n_systems, 1);
	assert_string_equal(p.systems[0].name, "メールシステム");
	assert_true(p.systems[0].in_scope); /* default */
	assert_int_equal(p.systems[0].rto_override_hours, NO_VALUE);
	assert_int_equal(p.business_systems[0].alt_hours, 12);
	assert_int_equal(p.organisation.tier_max_hours[0], 3);
	plan_release(&p);
	buf_release(&errors);
}

static void test_round_trip_demo(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	assert_non_null(f);
	struct plan a = PLAN_INIT, b = PLAN_INIT;
	struct buf errors = BUF_INIT;
	if (plan_json_read((const char *)f->data, f->len, "demo", &a, &errors, LANG_EN))
		fail_msg("demo does not read:\n%s", errors.data);
	char *one = plan_json_write(&a);
	assert_int_equal(plan_json_read(one, strlen(one), "one", &b, &errors, LANG_EN), 0);
	char *two = plan_json_write(&b);
	assert_string_equal(one, two);
	/* the event's note after its 表5.2-n (migration 023) is read and written */
	assert_non_null(b.events[0].damage_note);
	assert_non_null(strstr(b.events[0].damage_note, "上記の被害を想定するにあたり"));
	free(one);
	free(two);
	plan_release(&a);
	plan_release(&b);
	buf_release(&errors);
}

static void test_malformed_json(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	assert_int_equal(plan_json_read("{\"format\": ", 11, "t.json", &p, &errors, LANG_EN), -1);
	assert_non_null(strstr(errors.data, "t.json: line 1"));
	assert_non_null(strstr(errors.data, "not valid JSON"));
	buf_reset(&errors);
	const char bad_utf8[] = "{\"format\":\"itbcp-plan\",\"x\":\"\xff\"}";
	assert_int_equal(plan_json_read(bad_utf8, sizeof bad_utf8 - 1, "t.json", &p, &errors, LANG_EN), -1);
	assert_non_null(strstr(errors.data, "not valid JSON"));
	buf_reset(&errors);
	const char dup[] = "{\"format\":\"itbcp-plan\",\"format\":\"itbcp-plan\"}";
	assert_int_equal(plan_json_read(dup, sizeof dup - 1, "t.json", &p, &errors, LANG_EN), -1);
	assert_non_null(strstr(errors.data, "duplicate"));
	plan_release(&p);
	buf_release(&errors);
}

static void test_wrong_format(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	const char doc[] = "{\"format\":\"something-else\",\"version\":1}";
	assert_int_equal(plan_json_read(doc, sizeof doc - 1, "t.json", &p, &errors, LANG_EN), -1);
	assert_non_null(strstr(errors.data, "$.format"));
	buf_reset(&errors);
	const char doc2[] = "[1,2]";
	assert_int_equal(plan_json_read(doc2, sizeof doc2 - 1, "t.json", &p, &errors, LANG_EN), -1);
	assert_non_null(strstr(errors.data, "a plan is a JSON object"));
	plan_release(&p);
	buf_release(&errors);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	assert_refused(",{\"id\":\"x\",\"name\":\"X\",\"colour\":\"red\"}", "", "$.systems[1]",
		       "unknown key \"colour\"");
	assert_refused("", ",\"gadgets\":[]", "$: unknown key \"gadgets\"", "gadgets");
	/* a long key is cut on a character boundary: the lines stay UTF-8 */
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	assert_int_equal(read_doc("", ",\"ああああああああああああああx\":[]", &p, &errors), -1);
	assert_non_null(strstr(errors.data, "$: unknown key \"あああああああああああああ…\""));
	assert_true(utf8_valid(errors.data, errors.len));
	plan_release(&p);
	buf_release(&errors);
}

static void test_wrong_types(void **state)
{
	(void)state;
	assert_refused(",{\"id\":\"x\",\"name\":42}", "", "$.systems[1].name", "must be a string");
	assert_refused(",{\"id\":\"x\",\"name\":\"X\",\"in_scope\":\"yes\"}", "", "$.systems[1].in_scope",
		       "must be true or false");
	assert_refused(",{\"id\":\"x\",\"name\":\"X\",\"rto_override_hours\":1.5}", "",
		       "$.systems[1].rto_override_hours", "must be an integer");
	assert_refused(",{\"id\":\"x\",\"name\":\"X\",\"tier_override\":\"Z\"}", "",
		       "$.systems[1].tier_override", "must be one of");
	assert_refused(",7", "", "$.systems[1]", "must be an object");
}

static void test_missing_reference(void **state)
{
	(void)state;
	assert_refused(",{\"id\":\"x\",\"name\":\"X\",\"department\":\"dept-z\"}", "",
		       "$.systems[1].department", "no department with id \"dept-z\"");
}

static void test_negative_hours_and_levels(void **state)
{
	(void)state;
	assert_refused(",{\"id\":\"x\",\"name\":\"X\",\"rto_override_hours\":-5}", "",
		       "$.systems[1].rto_override_hours", "must be an integer from 0 to");
	assert_refused("",
		       ",\"events\":[{\"id\":\"quake\",\"name\":\"地震\",\"kind\":\"disaster\"}],"
		       "\"components\":[{\"id\":\"hardware\",\"category\":\"system\",\"name\":\"HW\"}],"
		       "\"assessments\":[{\"system\":\"mail\",\"event\":\"quake\",\"component\":"
		       "\"hardware\",\"current_level\":12}]",
		       "$.assessments[0].current_level", "from 0 to 9 (got 12)");
}

static void test_oversized_string(void **state)
{
	(void)state;
	struct buf extra = BUF_INIT;
	buf_adds(&extra, ",{\"id\":\"x\",\"name\":\"");
	buf_addrep(&extra, "あ", 100); /* 300 bytes > 200 */
	buf_adds(&extra, "\"}");
	assert_refused(extra.data, "", "$.systems[1].name", "too long (300 bytes, at most 200)");
	buf_release(&extra);
}

static void test_ids_and_duplicates(void **state)
{
	(void)state;
	assert_refused(",{\"id\":\"Mail System\",\"name\":\"X\"}", "", "$.systems[1].id", "an id is");
	assert_refused(",{\"id\":\"mail\",\"name\":\"X\"}", "", "$.systems", "\"mail\" appears twice");
	assert_refused(",{\"name\":\"X\"}", "", "$.systems[1]", "missing required field \"id\"");
	assert_refused(",{\"id\":\"x\",\"name\":\"\"}", "", "$.systems[1].name", "must not be empty");
	assert_refused(",{\"id\":\"x\",\"name\":\"a\\nb\"}", "", "$.systems[1].name", "line breaks");
	assert_refused(",{\"id\":\"x\",\"name\":\"a\\u0007b\"}", "", "$.systems[1].name",
		       "control characters");
}

static void test_dates_and_months(void **state)
{
	(void)state;
	assert_refused("",
		       ",\"trainings\":[{\"id\":\"t1\",\"fy\":2026,\"title\":\"訓練\",\"type\":\"scenario\","
		       "\"months\":[4,13]}]",
		       "$.trainings[0].months", "months are integers 1–12");
	assert_refused("",
		       ",\"reviews\":[{\"id\":\"r1\",\"occasion\":\"annual\",\"date\":\"2026-02-30\"}]",
		       "$.reviews[0].date", "real date");
}

static void test_many_errors_capped(void **state)
{
	(void)state;
	struct buf extra = BUF_INIT;
	for (int i = 0; i < 80; i++)
		buf_addf(&extra, ",{\"id\":\"x%d\",\"name\":7}", i);
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	assert_int_equal(read_doc(extra.data, "", &p, &errors), -1);
	size_t lines = 0;
	for (const char *s = errors.data; *s; s++)
		lines += *s == '\n';
	assert_int_equal(lines, PLAN_JSON_MAX_ERRORS + 1);
	assert_non_null(strstr(errors.data, "too many errors"));
	plan_release(&p);
	buf_release(&errors);
	buf_release(&extra);
}

static void test_japanese_messages(void **state)
{
	(void)state;
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT, doc = BUF_INIT;
	build_doc(&doc, ",{\"id\":\"x\",\"name\":\"X\",\"rto_override_hours\":-1}", "");
	assert_int_equal(plan_json_read(doc.data, doc.len, "t.json", &p, &errors, LANG_JA), -1);
	assert_non_null(strstr(errors.data, "0以上"));
	plan_release(&p);
	buf_release(&errors);
	buf_release(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_minimal),
		cmocka_unit_test(test_round_trip_demo),
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_wrong_format),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_missing_reference),
		cmocka_unit_test(test_negative_hours_and_levels),
		cmocka_unit_test(test_oversized_string),
		cmocka_unit_test(test_ids_and_duplicates),
		cmocka_unit_test(test_dates_and_months),
		cmocka_unit_test(test_many_errors_capped),
		cmocka_unit_test(test_japanese_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
