/*
 * test_access_log.c — what the access log writes (web/http/access_log.h,
 * util/logesc.h): a check-in link keeps only the first characters of its
 * token; CR, LF, other controls, spaces, quotes, backslashes, bytes that
 * are not UTF-8 and the invisible reordering characters are escaped, while
 * Japanese stays readable; a line is one line whatever the path holds;
 * long fields are cut.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/logesc.h"
#include "web/http/access_log.h"

/* The path as logged, into a fresh string (free()). */
static char *logged(const char *path)
{
	struct buf b = BUF_INIT;
	access_log_path(&b, path);
	return buf_detach(&b);
}

static void expect_path(const char *path, const char *want)
{
	char *got = logged(path);
	assert_string_equal(got, want);
	free(got);
}

static void test_checkin_token_cut(void **state)
{
	(void)state;
	expect_path("/c/AbCdEfGhIjKlMnOpQrStUvWxYz2", "/c/AbCd…");
	expect_path("/c/AbC", "/c/AbC");
	expect_path("/c/AbCdE/extra", "/c/AbCd…/extra");
	expect_path("/c/", "/c/");
	expect_path("/c/Ab\r\nCd", "/c/Ab\\x0D\\x0A…");
	/* other paths keep their segments */
	expect_path("/incidents/1/report.pdf", "/incidents/1/report.pdf");
	expect_path("/cc/AbCdEfGh", "/cc/AbCdEfGh");
}

static void test_escapes(void **state)
{
	(void)state;
	expect_path("/x\r\nGET /forged 200 0", "/x\\x0D\\x0AGET\\x20/forged\\x20200\\x200");
	expect_path("/a\"b\\c\x1b[31m\x7f", "/a\\x22b\\x5Cc\\x1B[31m\\x7F");
	expect_path("/計画/日本語", "/計画/日本語");
	expect_path("/\xe2\x80\xae"
		    "gpj.exe",
		    "/\\u{202E}gpj.exe");                              /* RLO */
	expect_path("/\xc2\x85x\xe2\x80\xa8", "/\\u{0085}x\\u{2028}"); /* NEL, LS */
	expect_path("/\xff\xc3(\xe6\x97", "/\\xFF\\xC3(\\xE6\\x97");   /* not UTF-8 */
	expect_path(NULL, "-");
}

static void test_cut_long(void **state)
{
	(void)state;
	char path[2000];
	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	char *got = logged(path);
	assert_int_equal(strlen(got), ACCESS_LOG_FIELD_MAX + strlen("…"));
	assert_string_equal(got + ACCESS_LOG_FIELD_MAX, "…");
	free(got);
}

static void test_one_line(void **state)
{
	(void)state;
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	assert_non_null(f);
	access_log_write(f, "192.0.2.1", "GET", "/c/AbCdEfGh\n127.0.0.1 GET /admin 200 1", 404, 12);
	fclose(f);
	/* the newline is inside the token's segment, cut with it */
	assert_string_equal(text, "192.0.2.1 GET /c/AbCd…/admin\\x20200\\x201 404 12\n");
	free(text);
	f = open_memstream(&text, &n);
	access_log_write(f, NULL, "G\rET", "/p\n", 200, 0);
	fclose(f);
	assert_string_equal(text, "- G\\x0DET /p\\x0A 200 0\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checkin_token_cut),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_cut_long),
		cmocka_unit_test(test_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
