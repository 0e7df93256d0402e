/*
 * test_jma_feed.c — jma/jma_feed.h on a feed shaped as JMA's
 * (tests/fixtures/jma/feed_eqvol.xml) and on hand-made edge cases: the
 * entries are read exactly, by namespace and not by prefix, trimmed and
 * bounded; a DOCTYPE, garbage and a feed that is not Atom are refused with
 * a message that says what.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jma/jma_feed.h"
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

static int parse(const char *s, struct jma_feed *f, struct err *e)
{
	return jma_feed_parse(s, strlen(s), "feed", LANG_EN, f, e);
}

static void jma_shaped_feed(void **state)
{
	(void)state;
	size_t len;
	char *data = fixture("feed_eqvol.xml", &len);
	struct jma_feed f;
	struct err e = ERR_INIT;
	assert_int_equal(jma_feed_parse(data, len, "eqvol.xml", LANG_JA, &f, &e), 0);
	free(data);
	assert_string_equal(f.title, "高頻度（地震火山）");
	assert_string_equal(f.updated, "2026-01-18T01:03:10+09:00");
	assert_int_equal(f.n_entries, 4);
	assert_false(f.cut);
	const struct jma_feed_entry *en = &f.entries[3];
	assert_string_equal(en->title, "震度速報");
	assert_string_equal(en->id, "https://www.data.jma.go.jp/developer/xml/data/20260117160130_0_VXSE51_010000.xml");
	assert_string_equal(en->link, en->id);
	assert_string_equal(en->updated, "2026-01-17T16:01:30Z");
	assert_string_equal(en->author, "気象庁");
	enum jma_type want[] = { JMA_VXSE53, JMA_TYPE_OTHER, JMA_VXSE52, JMA_VXSE51 };
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(jma_feed_entry_type(&f.entries[i]), want[i]);
	jma_feed_release(&f);
	jma_feed_release(&f); /* twice is harmless */
}

/* Another prefix, white space (U+3000 too), rel="self" skipped for the
 * alternate link, elements of other namespaces ignored. */
static void namespaces_and_trimming(void **state)
{
	(void)state;
	struct jma_feed f;
	struct err e = ERR_INIT;
	assert_int_equal(
		parse("<a:feed xmlns:a='http://www.w3.org/2005/Atom' xmlns:x='urn:x'>"
		      "<a:entry><a:title>\n 津波警報・注意報・予報a　</a:title><a:id> urn:uuid:1 </a:id>"
		      "<a:link rel='self' href='https://h/self'/><x:link href='https://evil/'/>"
		      "<a:link rel='alternate' href=' https://h/d/x_0_VTSE41_010000.xml '/></a:entry>"
		      "<entry xmlns='urn:not-atom'><title>震度速報</title></entry>"
		      "<a:entry><a:title>震度速報</a:title></a:entry></a:feed>",
		      &f, &e),
		0);
	assert_int_equal(f.n_entries, 2);
	assert_string_equal(f.entries[0].title, "津波警報・注意報・予報a");
	assert_string_equal(f.entries[0].id, "urn:uuid:1");
	assert_string_equal(f.entries[0].link, "https://h/d/x_0_VTSE41_010000.xml");
	assert_int_equal(jma_feed_entry_type(&f.entries[0]), JMA_VTSE41);
	/* no link: kept with "", typed by its title */
	assert_string_equal(f.entries[1].link, "");
	assert_int_equal(jma_feed_entry_type(&f.entries[1]), JMA_VXSE51);
	jma_feed_release(&f);
}

/* The type is read from the file name's own part, not from anywhere in
 * the address. */
static void entry_types(void **state)
{
	(void)state;
	struct jma_feed_entry en = { .title = "", .link = "https://h/VXSE51/x_0_VPWW54_010000.xml" };
	assert_int_equal(jma_feed_entry_type(&en), JMA_TYPE_OTHER);
	en.link = "https://h/d/20240101_0_VXSE53_010000.xml?x=VXSE51";
	assert_int_equal(jma_feed_entry_type(&en), JMA_VXSE53);
	en.link = "https://h/d/VXSE52.xml";
	assert_int_equal(jma_feed_entry_type(&en), JMA_VXSE52);
	en.link = "https://h/d/x_VXSE510_1.xml";
	assert_int_equal(jma_feed_entry_type(&en), JMA_TYPE_OTHER);
	en.title = "震源・震度に関する情報";
	assert_int_equal(jma_feed_entry_type(&en), JMA_VXSE53);
}

static void refused(void **state)
{
	(void)state;
	struct jma_feed f;
	struct err e = ERR_INIT;
	assert_int_equal(parse("<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY a 'aaaa'>]>"
			       "<feed xmlns='http://www.w3.org/2005/Atom'>&a;</feed>",
			       &f, &e),
			 -1);
	assert_non_null(strstr(e.msg, "feed: XML with a document type (DOCTYPE)"));
	assert_int_equal(f.n_entries, 0);
	assert_int_equal(parse("not <xml", &f, &e), -1);
	assert_non_null(strstr(e.msg, "not well-formed XML"));
	assert_int_equal(parse("<feed><entry/></feed>", &f, &e), -1);
	assert_non_null(strstr(e.msg, "not an Atom feed"));
	assert_int_equal(jma_feed_parse("<feed/>", JMA_FEED_MAX + 1, "big", LANG_EN, &f, &e), -1);
	assert_non_null(strstr(e.msg, "big: feed too large"));
}

/* More entries than kept: cut and said so; a link too long is dropped,
 * never cut into another address. */
static void bounds(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "<feed xmlns='http://www.w3.org/2005/Atom'><entry><link href='https://h/");
	for (int i = 0; i < JMA_FEED_LINK_MAX; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "'/></entry>");
	for (int i = 0; i < JMA_FEED_ENTRIES_MAX + 10; i++)
		buf_adds(&b, "<entry><title>震度速報</title></entry>");
	buf_adds(&b, "</feed>");
	struct jma_feed f;
	struct err e = ERR_INIT;
	assert_int_equal(jma_feed_parse(b.data, b.len, "feed", LANG_EN, &f, &e), 0);
	assert_int_equal(f.n_entries, JMA_FEED_ENTRIES_MAX);
	assert_true(f.cut);
	assert_string_equal(f.entries[0].link, "");
	jma_feed_release(&f);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jma_shaped_feed),
		cmocka_unit_test(namespaces_and_trimming),
		cmocka_unit_test(entry_types),
		cmocka_unit_test(refused),
		cmocka_unit_test(bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
