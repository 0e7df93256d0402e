/*
 * test_render_stamp.c — the time documents are stamped with
 * (render/doc.h doc_fixed_time): ITBCP_TODAY at 00:00 UTC when set, and
 * the PDF's CreationDate rewritten to it in place, in cairo's own offset,
 * at the same length (the cross-reference table holds byte offsets).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/doc.h"
#include "render/pdf/pdf_internal.h"
#include "util/buf.h"

/* in with its CreationDate fixed (ITBCP_TODAY as set), as a new string in b. */
static void fixed(struct buf *b, const char *in)
{
	buf_reset(b);
	buf_adds(b, "/CreationDate (D:20000101000000Z) before the PDF starts\n");
	size_t start = b->len;
	buf_adds(b, in);
	pdf_fix_created(b, start);
}

static void test_fixed_time(void **state)
{
	(void)state;
	time_t t = 1;
	unsetenv("ITBCP_TODAY");
	assert_false(doc_fixed_time(&t));
	setenv("ITBCP_TODAY", "not a date", 1);
	assert_false(doc_fixed_time(&t));
	setenv("ITBCP_TODAY", "2026-06-01", 1);
	assert_true(doc_fixed_time(&t));
	assert_int_equal((int64_t)t, INT64_C(1780272000)); /* 2026-06-01T00:00:00Z */
	unsetenv("ITBCP_TODAY");
}

static void test_pdf_created(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *utc = "<< /Creator (itbcp)\n   /CreationDate (D:20261206160910Z)\n>>\n";
	unsetenv("ITBCP_TODAY");
	fixed(&b, utc);
	assert_non_null(strstr(b.data, "(D:20261206160910Z)")); /* left alone */
	assert_non_null(strstr(b.data, "(D:20000101000000Z) before")); /* not this PDF's */

	setenv("ITBCP_TODAY", "2026-06-01", 1);
	fixed(&b, utc);
	assert_non_null(strstr(b.data, "/CreationDate (D:20260601000000Z)\n>>"));
	size_t len = b.len;
	fixed(&b, "/CreationDate (D:20261207011455+09'00)\n");
	assert_non_null(strstr(b.data, "(D:20260601090000+09'00)"));
	fixed(&b, "/CreationDate (D:20261207011455-05'30)\n");
	assert_non_null(strstr(b.data, "(D:20260531183000-05'30)"));
	/* the last one counts (the Info dictionary comes after the pages) */
	fixed(&b, "/CreationDate (D:19990101000000Z) /CreationDate (D:20261206160910Z)");
	assert_non_null(strstr(b.data, "(D:19990101000000Z) /CreationDate (D:20260601000000Z)"));
	/* anything else is left as it is */
	fixed(&b, "/CreationDate (D:2026120616091Z)");
	assert_non_null(strstr(b.data, "(D:2026120616091Z)"));
	fixed(&b, "/CreationDate (D:20261206160910+0");
	assert_non_null(strstr(b.data, "(D:20261206160910+0"));
	fixed(&b, "/CreationDate (D:20261206160910");
	assert_non_null(strstr(b.data, "(D:20261206160910"));
	fixed(&b, utc);
	assert_int_equal(b.len, len);
	unsetenv("ITBCP_TODAY");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_time),
		cmocka_unit_test(test_pdf_created),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
