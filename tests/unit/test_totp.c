/*
 * test_totp.c — util/totp.h: RFC 6238's own test vectors (Appendix B:
 * HMAC-SHA1, -SHA256 and -SHA512, 8 digits, times up to 2603), the
 * sign-in window of one step either side, the replay rule, and base32 as
 * RFC 4648 writes it and as people type it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/totp.h"

/* RFC 6238 Appendix B: the seeds are these ASCII digits, 20, 32 and 64
 * bytes long for SHA1, SHA256 and SHA512. */
static const char seed20[] = "12345678901234567890";
static const char seed32[] = "12345678901234567890123456789012";
static const char seed64[] = "1234567890123456789012345678901234567890123456789012345678901234";

static const struct {
	int64_t t;
	const char *sha1, *sha256, *sha512;
} vectors[] = {
	{ 59, "94287082", "46119246", "90693936" },
	{ 1111111109, "07081804", "68084774", "25091201" },
	{ 1111111111, "14050471", "67062674", "99943326" },
	{ 1234567890, "89005924", "91819424", "93441116" },
	{ 2000000000, "69279037", "90698825", "38618901" },
	{ 20000000000, "65353130", "77737706", "47863826" },
};

static void test_rfc6238_vectors(void **state)
{
	(void)state;
	char out[TOTP_DIGITS_MAX + 1];
	for (size_t i = 0; i < sizeof vectors / sizeof *vectors; i++) {
		int64_t step = totp_step_of(vectors[i].t);
		assert_int_equal(totp_code((const unsigned char *)seed20, 20, step, TOTP_SHA1, 8, out), 0);
		assert_string_equal(out, vectors[i].sha1);
		assert_int_equal(
			totp_code((const unsigned char *)seed32, 32, step, TOTP_SHA256, 8, out), 0);
		assert_string_equal(out, vectors[i].sha256);
		assert_int_equal(
			totp_code((const unsigned char *)seed64, 64, step, TOTP_SHA512, 8, out), 0);
		assert_string_equal(out, vectors[i].sha512);
		/* 6 digits, as the apps show them: the last six of the eight. */
		assert_int_equal(totp_code((const unsigned char *)seed20, 20, step, TOTP_SHA1, 6, out), 0);
		assert_string_equal(out, vectors[i].sha1 + 2);
	}
	assert_int_equal(totp_code((const unsigned char *)seed20, 0, 1, TOTP_SHA1, 6, out), -1);
	assert_int_equal(totp_code((const unsigned char *)seed20, 20, 1, TOTP_SHA1, 5, out), -1);
}

/* One step either side is taken; two steps off, a used step and anything
 * but six digits are not. */
static void test_window_and_replay(void **state)
{
	(void)state;
	const unsigned char *k = (const unsigned char *)seed20;
	int64_t now = totp_step_of(1234567890), got = 0;
	char c[TOTP_DIGITS_MAX + 1];
	for (int d = -2; d <= 2; d++) {
		assert_int_equal(totp_code(k, 20, now + d, TOTP_SHA1, 6, c), 0);
		got = 0;
		assert_int_equal(totp_match(k, 20, c, now, 0, &got), d >= -1 && d <= 1);
		if (d >= -1 && d <= 1)
			assert_int_equal(got, now + d);
	}
	/* the code of this step, once used, is refused; the next one is not */
	assert_int_equal(totp_code(k, 20, now, TOTP_SHA1, 6, c), 0);
	assert_int_equal(totp_match(k, 20, c, now, now, &got), 0);
	assert_int_equal(totp_match(k, 20, c, now, now - 1, &got), 1);
	assert_int_equal(totp_code(k, 20, now + 1, TOTP_SHA1, 6, c), 0);
	assert_int_equal(totp_match(k, 20, c, now, now, &got), 1);
	assert_int_equal(got, now + 1);
	assert_int_equal(totp_match(k, 20, "", now, 0, &got), 0);
	assert_int_equal(totp_match(k, 20, "12345", now, 0, &got), 0);
	assert_int_equal(totp_match(k, 20, "1234567", now, 0, &got), 0);
	assert_int_equal(totp_match(k, 20, "12a456", now, 0, &got), 0);
	assert_int_equal(totp_match(k, 20, NULL, now, 0, &got), 0);
}

static void test_base32(void **state)
{
	(void)state;
	/* RFC 4648 §10, without the padding */
	static const char *const plain[] = { "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const coded[] = { "MY",      "MZXQ",     "MZXW6",
					     "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI" };
	char out[TOTP_BASE32_MAX];
	unsigned char back[TOTP_SECRET_MAX];
	size_t n;
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(totp_base32_encode((const unsigned char *)plain[i],
						    strlen(plain[i]), out, sizeof out),
				 strlen(coded[i]));
		assert_string_equal(out, coded[i]);
		assert_int_equal(totp_base32_decode(coded[i], back, sizeof back, &n), 0);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(back, plain[i], n);
	}
	/* as people type it: lower case, groups, padding */
	assert_int_equal(totp_base32_decode("mzxw 6ytb-oi======", back, sizeof back, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(back, "foobar", 6);
	/* the secret of RFC 6238's SHA1 vectors, as an app would get it */
	assert_int_equal(totp_base32_encode((const unsigned char *)seed20, 20, out, sizeof out), 32);
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	/* refused: letters outside the alphabet, text after padding, loose
	 * bits, too long for the buffer */
	assert_int_equal(totp_base32_decode("MZXW6YT1", back, sizeof back, &n), -1);
	assert_int_equal(totp_base32_decode("MZXW6YT0", back, sizeof back, &n), -1);
	assert_int_equal(totp_base32_decode("MY=A", back, sizeof back, &n), -1);
	assert_int_equal(totp_base32_decode("MZ", back, sizeof back, &n), -1);
	assert_int_equal(totp_base32_decode("MZXW6", back, sizeof back, &n), 0);
	assert_int_equal(totp_base32_decode("MZXW6YTBOI", back, 5, &n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_window_and_replay),
		cmocka_unit_test(test_base32),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
