/*
 * test_jma_report.c — jma/jma_report.h on JMA's own sample reports
 * (tests/fixtures/jma, 出典：気象庁) and on hand-made edge cases: what a
 * report says is read exactly; what is wrong or dangerous is refused with
 * a message that says what, and nothing is kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jma/jma_report.h"
#include "rules/crisis.h"
#include "util/buf.h"

/* The bytes of tests/fixtures/jma/name (TESTS_DIR when the runner set it). */
static char *fixture(const char *name, size_t *len)
{
	const char *dir = getenv("TESTS_DIR");
	char path[512];
	snprintf(path, sizeof path, "%s/fixtures/jma/%s", dir ? dir : "tests", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* Parses a fixture; fails the test when it is refused. */
static void parse_fixture(const char *name, struct jma_report *r)
{
	size_t len;
	char *data = fixture(name, &len);
	struct err e = ERR_INIT;
	int rc = jma_report_parse(data, len, name, LANG_JA, r, &e);
	free(data);
	if (rc)
		fail_msg("%s refused: %s", name, e.msg);
}

/* The area called name of kind k in r, or NULL. */
static const struct jma_area *area(const struct jma_report *r, enum jma_area_kind k,
				   const char *name)
{
	for (size_t i = 0; i < r->n_areas; i++)
		if (r->areas[i].kind == k && strcmp(r->areas[i].name, name) == 0)
			return &r->areas[i];
	return NULL;
}

static void vxse51_intensity_flash(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_32-35_01_01_100806_VXSE51.xml", &r);
	assert_int_equal(r.type, JMA_VXSE51);
	assert_string_equal(jma_type_code(r.type), "VXSE51");
	assert_int_equal(r.status, JMA_STATUS_NORMAL);
	assert_int_equal(r.info, JMA_INFO_ISSUED);
	assert_string_equal(r.event_id, "20090811050711");
	assert_int_equal(r.serial, -1); /* <Serial></Serial> */
	assert_int_equal(r.max_intensity, crisis_intensity_parse("6-"));
	assert_false(r.unreported);
	const struct jma_area *a = area(&r, JMA_AREA_AREA, "静岡県中部");
	assert_non_null(a);
	assert_int_equal(a->intensity, crisis_intensity_parse("6-"));
	assert_string_equal(a->code, "442");
	assert_string_equal(a->pref, "静岡県");
	const struct jma_area *p = area(&r, JMA_AREA_PREF, "静岡県");
	assert_non_null(p);
	assert_int_equal(p->intensity, crisis_intensity_parse("6-"));
	/* ReportDateTime 2009-08-11T05:09:00+09:00 */
	int64_t want;
	assert_int_equal(crisis_time_parse("2009-08-10T20:09:00Z", &want), 0);
	assert_int_equal(r.reported, want);
	jma_report_release(&r);
}

static void vxse53_full(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_32-35_04_04_240613_VXSE53.xml", &r);
	assert_int_equal(r.type, JMA_VXSE53);
	assert_int_equal(r.serial, 1);
	assert_int_equal(r.max_intensity, 4);
	assert_string_equal(r.hypocenter, "大隅半島東方沖");
	int64_t want;
	assert_int_equal(crisis_time_parse("2010-01-25T16:15:00+09:00", &want), 0);
	assert_int_equal(r.origin, want);
	const struct jma_area *c = area(&r, JMA_AREA_CITY, "鹿屋市");
	assert_non_null(c);
	assert_int_equal(c->intensity, 4);
	assert_string_equal(c->pref, "鹿児島県");
	assert_non_null(area(&r, JMA_AREA_AREA, "鹿児島県大隅"));
	assert_true(r.magnitude[0] != '\0');
	jma_report_release(&r);
}

/* 訓練, and values with a trailing space (JMA's own sample: "4 "). */
static void vxse53_training_trimmed(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_32-35_01_03_240613_VXSE53.xml", &r);
	assert_int_equal(r.type, JMA_VXSE53);
	assert_int_equal(r.status, JMA_STATUS_TRAINING);
	assert_int_equal(r.max_intensity, crisis_intensity_parse("5-"));
	for (size_t i = 0; i < r.n_areas; i++)
		if (r.areas[i].raw[0])
			assert_int_not_equal(r.areas[i].intensity, JMA_INT_UNKNOWN);
	jma_report_release(&r);
}

static void vxse53_cancellation(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_32-35_06_06_100915_VXSE53.xml", &r);
	assert_int_equal(r.info, JMA_INFO_CANCELLED);
	assert_string_equal(r.event_id, "20080614084350");
	assert_int_equal(r.serial, 3);
	assert_string_equal(r.body_text, "先ほどの、震源・震度情報を取り消します。");
	assert_int_equal(r.n_areas, 0);
	jma_report_release(&r);
}

/* 遠地地震に関する情報: Head/Title differs, still a VXSE53, no intensity. */
static void vxse53_distant(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_32-35_01_03_100514_VXSE53.xml", &r);
	assert_int_equal(r.type, JMA_VXSE53);
	assert_int_equal(r.max_intensity, JMA_INT_NONE);
	assert_int_equal(r.n_areas, 0);
	jma_report_release(&r);
}

static void vxse52_hypocentre(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_32-35_01_02_240613_VXSE52.xml", &r);
	assert_int_equal(r.type, JMA_VXSE52);
	assert_int_equal(r.status, JMA_STATUS_TRAINING);
	assert_int_equal(r.max_intensity, JMA_INT_NONE);
	assert_true(r.hypocenter[0] != '\0');
	jma_report_release(&r);
}

static void vtse41_tsunami(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_32-39_13_07_250206_VTSE41.xml", &r);
	assert_int_equal(r.type, JMA_VTSE41);
	assert_int_equal(r.status, JMA_STATUS_TRAINING);
	const struct jma_area *a = area(&r, JMA_AREA_COAST, "千葉県内房");
	assert_non_null(a);
	assert_string_equal(a->code, "311");
	assert_int_equal(a->tsunami, JMA_TSUNAMI_NONE); /* 津波注意報解除 */
	assert_string_equal(a->raw, "津波注意報解除");
	assert_int_equal(jma_report_max_tsunami(&r), JMA_TSUNAMI_NONE);
	jma_report_release(&r);
}

/* Another kind of report is read, not refused, and marked as such. */
static void other_kind(void **state)
{
	(void)state;
	struct jma_report r;
	parse_fixture("official_15_15_01_220314_VPWW54.xml", &r);
	assert_int_equal(r.type, JMA_TYPE_OTHER);
	assert_string_equal(jma_type_code(r.type), "");
	assert_int_equal(r.n_areas, 0);
	jma_report_release(&r);
}

/* A hand-made report: the parts a test varies. */
static char *report(const char *control_ns, const char *status, const char *info,
		    const char *tsunami_or_obs)
{
	struct buf b = BUF_INIT;
	buf_addf(&b,
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<x:Report xmlns:x=\"%s\"><x:Control><x:Title>%s</x:Title>"
		 "<x:Status>%s</x:Status></x:Control>"
		 "<h:Head xmlns:h=\"http://xml.kishou.go.jp/jmaxml1/informationBasis1/\">"
		 "<h:Title>t</h:Title><h:EventID> 20260101000000 </h:EventID>"
		 "<h:InfoType>%s</h:InfoType><h:Serial>2</h:Serial></h:Head>"
		 "<Body xmlns=\"http://xml.kishou.go.jp/jmaxml1/body/seismology1/\">%s</Body>"
		 "</x:Report>",
		 control_ns, strstr(tsunami_or_obs, "Tsunami") ? "津波警報・注意報・予報a" : "震度速報",
		 status, info, tsunami_or_obs);
	return buf_detach(&b);
}

#define NS_OK "http://xml.kishou.go.jp/jmaxml1/"

static int parse_text(const char *xml, struct jma_report *r, struct err *e)
{
	return jma_report_parse(xml, strlen(xml), "test.xml", LANG_EN, r, e);
}

/* Prefixes are the sender's choice; namespaces decide.  Unknown
 * intensity classes and 未入電 are kept for a person, not read as numbers. */
static void prefixes_unknown_and_unreported(void **state)
{
	(void)state;
	char *xml = report(NS_OK, "試験", "訂正",
			   "<Intensity><Observation><MaxInt>5+</MaxInt>"
			   "<Pref><Name>宮城県</Name><MaxInt>5+</MaxInt>"
			   "<Area><Name>宮城県北部</Name><MaxInt>8</MaxInt>"
			   "<City><Name>栗原市</Name><Condition>震度５弱以上未入電</Condition></City>"
			   "</Area></Pref></Observation></Intensity>");
	struct jma_report r;
	struct err e = ERR_INIT;
	assert_int_equal(parse_text(xml, &r, &e), 0);
	free(xml);
	assert_int_equal(r.status, JMA_STATUS_TEST);
	assert_int_equal(r.info, JMA_INFO_CORRECTED);
	assert_string_equal(r.event_id, "20260101000000"); /* trimmed */
	assert_int_equal(r.max_intensity, crisis_intensity_parse("5+"));
	const struct jma_area *a = area(&r, JMA_AREA_AREA, "宮城県北部");
	assert_non_null(a);
	assert_int_equal(a->intensity, JMA_INT_UNKNOWN);
	assert_string_equal(a->raw, "8");
	const struct jma_area *c = area(&r, JMA_AREA_CITY, "栗原市");
	assert_non_null(c);
	assert_int_equal(c->intensity, JMA_INT_UNREPORTED);
	assert_true(r.unreported);
	jma_report_release(&r);

	/* The same elements in a namespace that is not JMA's: not a report. */
	xml = report("http://example.com/not-jma/", "通常", "発表", "");
	assert_int_equal(parse_text(xml, &r, &e), -1);
	free(xml);
	assert_non_null(strstr(e.msg, "test.xml: not a JMA XML report"));
	assert_null(r.areas);
}

static void tsunami_levels(void **state)
{
	(void)state;
	char *xml = report(NS_OK, "通常", "発表",
			   "<Tsunami><Forecast>"
			   "<Item><Area><Name>岩手県</Name><Code>210</Code></Area>"
			   "<Category><Kind><Name>大津波警報</Name><Code>52</Code></Kind></Category></Item>"
			   "<Item><Area><Name>宮城県</Name><Code>220</Code></Area>"
			   "<Category><Kind><Name>津波警報</Name><Code>51</Code></Kind></Category></Item>"
			   "<Item><Area><Name>福島県</Name><Code>250</Code></Area>"
			   "<Category><Kind><Name>謎の区分</Name><Code>99</Code></Kind></Category></Item>"
			   "</Forecast></Tsunami>");
	struct jma_report r;
	struct err e = ERR_INIT;
	assert_int_equal(parse_text(xml, &r, &e), 0);
	free(xml);
	assert_int_equal(r.type, JMA_VTSE41);
	assert_int_equal(area(&r, JMA_AREA_COAST, "岩手県")->tsunami, JMA_TSUNAMI_MAJOR);
	assert_int_equal(area(&r, JMA_AREA_COAST, "宮城県")->tsunami, JMA_TSUNAMI_WARNING);
	assert_int_equal(area(&r, JMA_AREA_COAST, "福島県")->tsunami, JMA_TSUNAMI_UNKNOWN);
	assert_int_equal(jma_report_max_tsunami(&r), JMA_TSUNAMI_MAJOR);
	jma_report_release(&r);
}

/* An entity bomb is refused before libxml2 parses it: at once, and
 * whatever its size. */
static void doctype_refused(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "<?xml version=\"1.0\"?>\n<!-- a comment first -->\n<!DOCTYPE r [\n"
		     "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n");
	for (int i = 1; i < 9; i++)
		buf_addf(&b, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">\n", 'a' + i,
			 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
			 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
	buf_adds(&b, "]>\n<Report xmlns=\"" NS_OK "\">&i;</Report>");
	struct jma_report r;
	struct err e = ERR_INIT;
	assert_int_equal(jma_report_parse(b.data, b.len, "bomb.xml", LANG_JA, &r, &e), -1);
	assert_non_null(strstr(e.msg, "bomb.xml: "));
	assert_non_null(strstr(e.msg, "DOCTYPE"));
	buf_release(&b);

	/* A DOCTYPE without entities is refused the same way. */
	const char *plain = "<!DOCTYPE Report SYSTEM \"http://example.com/x.dtd\"><Report/>";
	assert_int_equal(parse_text(plain, &r, &e), -1);
	assert_non_null(strstr(e.msg, "DOCTYPE"));
}

static void malformed_and_bounds(void **state)
{
	(void)state;
	struct jma_report r;
	struct err e = ERR_INIT;
	assert_int_equal(parse_text("<Report xmlns=\"" NS_OK "\"><Control>", &r, &e), -1);
	assert_string_equal(e.msg, "test.xml: not well-formed XML");
	assert_int_equal(parse_text("", &r, &e), -1);
	assert_int_equal(parse_text("just text", &r, &e), -1);

	/* Over the cap: refused without being parsed. */
	size_t big = JMA_REPORT_MAX + 1;
	char *huge = malloc(big);
	memset(huge, ' ', big);
	assert_int_equal(jma_report_parse(huge, big, "huge.xml", LANG_EN, &r, &e), -1);
	assert_string_equal(e.msg, "huge.xml: too large (limit 2 MiB)");
	free(huge);

	/* A status or an info type that is not JMA's is named. */
	char *xml = report(NS_OK, "本番", "発表", "");
	assert_int_equal(parse_text(xml, &r, &e), -1);
	free(xml);
	assert_non_null(strstr(e.msg, "Control/Status 「本番」"));
	xml = report(NS_OK, "通常", "延期", "");
	assert_int_equal(parse_text(xml, &r, &e), -1);
	free(xml);
	assert_non_null(strstr(e.msg, "Head/InfoType 「延期」"));
}

/* More areas than kept: the rest are counted as cut, nothing overflows. */
static void many_areas(void **state)
{
	(void)state;
	struct buf obs = BUF_INIT;
	buf_adds(&obs, "<Intensity><Observation><MaxInt>3</MaxInt><Pref><Name>東京都</Name>"
		       "<MaxInt>3</MaxInt>");
	for (int i = 0; i < JMA_AREAS_MAX + 10; i++)
		buf_addf(&obs, "<Area><Name>a%d</Name><MaxInt>1</MaxInt></Area>", i);
	buf_adds(&obs, "</Pref></Observation></Intensity>");
	char *xml = report(NS_OK, "通常", "発表", obs.data);
	buf_release(&obs);
	struct jma_report r;
	struct err e = ERR_INIT;
	assert_int_equal(parse_text(xml, &r, &e), 0);
	free(xml);
	assert_int_equal(r.n_areas, JMA_AREAS_MAX);
	assert_true(r.areas_cut);
	jma_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vxse51_intensity_flash),
		cmocka_unit_test(vxse53_full),
		cmocka_unit_test(vxse53_training_trimmed),
		cmocka_unit_test(vxse53_cancellation),
		cmocka_unit_test(vxse53_distant),
		cmocka_unit_test(vxse52_hypocentre),
		cmocka_unit_test(vtse41_tsunami),
		cmocka_unit_test(other_kind),
		cmocka_unit_test(prefixes_unknown_and_unreported),
		cmocka_unit_test(tsunami_levels),
		cmocka_unit_test(doctype_refused),
		cmocka_unit_test(malformed_and_bounds),
		cmocka_unit_test(many_areas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
