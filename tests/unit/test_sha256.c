/*
 * test_sha256.c — util/sha256.h: the hardware path and the portable one
 * give the digests of FIPS 180-4's examples and the same digest as
 * libsodium on every length from 0 to 1,100 bytes, however the input is
 * split across updates.  On a CPU without SHA-NI only the portable path
 * runs (said in the output).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"

static void hex_of(const unsigned char d[SHA256_BYTES], char out[2 * SHA256_BYTES + 1])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_BYTES; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * SHA256_BYTES] = '\0';
}

/* The known answers (FIPS 180-4 examples, and a million 'a'). */
static void known_answers(void)
{
	static const struct {
		const char *in;
		const char *want;
	} kat[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklm"
		  "nopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	char got[2 * SHA256_BYTES + 1];
	unsigned char d[SHA256_BYTES];
	for (size_t i = 0; i < sizeof kat / sizeof *kat; i++) {
		sha256(d, kat[i].in, strlen(kat[i].in));
		hex_of(d, got);
		assert_string_equal(got, kat[i].want);
	}
	struct sha256 s;
	char a[1000];
	memset(a, 'a', sizeof a);
	sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		sha256_update(&s, a, sizeof a);
	sha256_final(&s, d);
	hex_of(d, got);
	assert_string_equal(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every length 0-1,100: one update, and updates split at pseudo-random
 * points, against libsodium. */
static void same_as_sodium(void)
{
	enum { MAX = 1100 };
	static unsigned char in[MAX];
	uint32_t x = 2463534242u; /* xorshift: the same inputs every run */
	for (size_t i = 0; i < MAX; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		in[i] = (unsigned char)x;
	}
	for (size_t len = 0; len <= MAX; len++) {
		unsigned char want[SHA256_BYTES], one[SHA256_BYTES], split[SHA256_BYTES];
		crypto_hash_sha256(want, in, len);
		sha256(one, in, len);
		assert_memory_equal(one, want, SHA256_BYTES);
		struct sha256 s;
		sha256_init(&s);
		size_t at = 0;
		while (at < len) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			size_t step = x % 130;
			if (step > len - at)
				step = len - at;
			sha256_update(&s, in + at, step);
			at += step;
		}
		sha256_final(&s, split);
		assert_memory_equal(split, want, SHA256_BYTES);
	}
}

static void test_hardware(void **state)
{
	(void)state;
	sha256_allow_hw(true);
	if (!sha256_hw()) {
		print_message("this CPU has no SHA-NI: only the portable path is tested\n");
		skip();
	}
	known_answers();
	same_as_sodium();
}

static void test_portable(void **state)
{
	(void)state;
	sha256_allow_hw(false);
	assert_false(sha256_hw());
	struct sha256 s;
	sha256_init(&s);
	assert_false(s.hw);
	sha256_final(&s, (unsigned char[SHA256_BYTES]){ 0 });
	known_answers();
	same_as_sodium();
	sha256_allow_hw(true);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hardware),
		cmocka_unit_test(test_portable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
