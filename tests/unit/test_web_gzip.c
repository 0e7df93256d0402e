/*
 * test_web_gzip.c — gzip for large answers (web/http/gzip.h): which
 * Accept-Encoding values take gzip (q=0 refuses, "*" stands for it, the
 * named entry wins over "*"), which types are worth it, and that what
 * gzip_compress writes inflates back to the same bytes, large and empty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "web/http/gzip.h"

static void test_accepted(void **state)
{
	(void)state;
	assert_true(gzip_accepted("gzip"));
	assert_true(gzip_accepted("gzip, deflate, br"));
	assert_true(gzip_accepted("br;q=1.0, gzip;q=0.8, *;q=0.1"));
	assert_true(gzip_accepted("deflate, X-GZIP"));
	assert_true(gzip_accepted("*"));
	assert_true(gzip_accepted("GZip ; q=0.001"));
	assert_false(gzip_accepted(NULL));
	assert_false(gzip_accepted(""));
	assert_false(gzip_accepted("identity"));
	assert_false(gzip_accepted("br, deflate"));
	assert_false(gzip_accepted("gzip;q=0"));
	assert_false(gzip_accepted("gzip; q=0.000, *"));  /* named refusal wins over * */
	assert_false(gzip_accepted("*;q=0"));
	assert_false(gzip_accepted("gzipx, xgzip"));
	assert_true(gzip_accepted("identity, *;q=0.5"));
}

static void test_worth(void **state)
{
	(void)state;
	assert_true(gzip_worth("text/html; charset=utf-8"));
	assert_true(gzip_worth("text/csv; charset=utf-8"));
	assert_true(gzip_worth("application/json; charset=utf-8"));
	assert_true(gzip_worth("image/svg+xml"));
	assert_false(gzip_worth("application/pdf"));
	assert_false(gzip_worth("image/png"));
	assert_false(gzip_worth(NULL));
}

/* Inflates a gzip member of n bytes; returns the bytes (free them) and
 * their count in *out_n. */
static char *inflate_all(const char *in, size_t n, size_t max, size_t *out_n)
{
	char *out = malloc(max + 1);
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)max;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	*out_n = max - z.avail_out;
	inflateEnd(&z);
	return out;
}

static void test_roundtrip(void **state)
{
	(void)state;
	/* a board-like page: repetitive rows, Japanese text, 300 KB */
	struct buf page = BUF_INIT, gz = BUF_INIT;
	for (int i = 0; buf_add(&page, NULL, 0) == 0 && page.len < 300 * 1024; i++)
		buf_addf(&page, "<tr><th scope=\"row\">職員 %05d</th><td>無事</td><td>移動中（%02d:%02d）</td></tr>\n",
			 i, 18 + i % 5, i % 60);
	assert_int_equal(gzip_compress(page.data, page.len, &gz), 0);
	assert_true(gz.len < page.len / 5);
	assert_int_equal((unsigned char)gz.data[0], 0x1f); /* the gzip magic */
	assert_int_equal((unsigned char)gz.data[1], 0x8b);
	size_t n;
	char *back = inflate_all(gz.data, gz.len, page.len + 16, &n);
	assert_int_equal(n, page.len);
	assert_memory_equal(back, page.data, n);
	free(back);
	/* empty input: a valid, empty member */
	assert_int_equal(gzip_compress("", 0, &gz), 0);
	back = inflate_all(gz.data, gz.len, 16, &n);
	assert_int_equal(n, 0);
	free(back);
	buf_release(&page);
	buf_release(&gz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_worth),
		cmocka_unit_test(test_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
