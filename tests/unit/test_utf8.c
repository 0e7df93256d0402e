/*
 * test_utf8.c — utf8_cut, where a text is cut for a message or a cell: never
 * inside a character, so that what is shown stays UTF-8 (a cut inside one
 * made the API's error message invalid, and jansson dropped it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/utf8.h"

static void test_cut_ascii(void **state)
{
	(void)state;
	assert_int_equal(utf8_cut("", 40), 0);
	assert_int_equal(utf8_cut("abc", 40), 3);
	assert_int_equal(utf8_cut("abc", 3), 3);
	assert_int_equal(utf8_cut("abcd", 3), 3);
	assert_int_equal(utf8_cut("abc", 0), 0);
}

static void test_cut_on_a_boundary(void **state)
{
	(void)state;
	const char *ja = "ああああ"; /* 3 bytes each */
	assert_int_equal(utf8_cut(ja, 12), 12);
	assert_int_equal(utf8_cut(ja, 9), 9);
	assert_int_equal(utf8_cut(ja, 10), 9);
	assert_int_equal(utf8_cut(ja, 11), 9);
	assert_int_equal(utf8_cut(ja, 2), 0);
	/* 14 × 3 bytes + "x": the cut at 40 falls in the 14th character */
	const char *key = "ああああああああああああああx";
	size_t n = utf8_cut(key, 40);
	assert_int_equal(n, 39);
	assert_true(utf8_valid(key, n));
	/* a four-byte character and a two-byte one */
	const char *mixed = "a😀é";
	assert_int_equal(utf8_cut(mixed, 1), 1);
	assert_int_equal(utf8_cut(mixed, 2), 1);
	assert_int_equal(utf8_cut(mixed, 4), 1);
	assert_int_equal(utf8_cut(mixed, 5), 5);
	assert_int_equal(utf8_cut(mixed, 6), 5);
	assert_int_equal(utf8_cut(mixed, 7), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_ascii),
		cmocka_unit_test(test_cut_on_a_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
