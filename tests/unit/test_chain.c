/*
 * test_chain.c — util/chain.h, the link of every hash-chained record: the
 * hash of an entry is SHA-256 of the previous hash's bytes and the entry's
 * bytes (known answers computed with Python's hashlib, so a change of the
 * formula, which would make every stored record unverifiable, fails here),
 * and a walk along a chain finds a broken link, a changed entry and an
 * entry taken out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/chain.h"

/* sha256(32 zero bytes || "abc"), then sha256(that || "def"), and
 * sha256(32 zero bytes): hashlib.sha256(bytes(32) + b"abc").hexdigest(). */
#define H_ABC "365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370"
#define H_ABC_DEF "532f0131db1635cb105c9753e41e7908599aa4dd144658c92e50b60113ad993a"
#define H_EMPTY "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
/* sha256(32 bytes of 0xff || "abc"): what a malformed previous hash gives. */
#define H_BAD_PREV "0ed2e495fb5f84bf4c529fea115af3b3ab65b0987474fb29b91e4d5c188ae151"

static void test_known_answers(void **state)
{
	(void)state;
	char h[CHAIN_HEX];
	assert_int_equal(strlen(CHAIN_GENESIS), 64);
	chain_hash(CHAIN_GENESIS, "abc", 3, h);
	assert_string_equal(h, H_ABC);
	chain_hash(H_ABC, "def", 3, h);
	assert_string_equal(h, H_ABC_DEF);
	chain_hash(CHAIN_GENESIS, "", 0, h);
	assert_string_equal(h, H_EMPTY);
	/* Upper-case hex is the same bytes. */
	chain_hash("365AA7D8F7F9402C4B9434502B4CC89DDB09FE50D7CD95B493B834C62D5A5370", "def", 3, h);
	assert_string_equal(h, H_ABC_DEF);
	/* Not hex, odd, too long: all 0xff, which no real entry hashes to. */
	static const char *const bad[] = { "zz", "1", CHAIN_GENESIS "00" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		chain_hash(bad[i], "abc", 3, h);
		assert_string_equal(h, H_BAD_PREV);
	}
}

/* A chain of three entries as a record would store it. */
struct row {
	const char *bytes;
	char prev[CHAIN_HEX], hash[CHAIN_HEX];
};

static void make_chain(struct row *r, size_t n)
{
	const char *prev = CHAIN_GENESIS;
	for (size_t i = 0; i < n; i++) {
		memcpy(r[i].prev, prev, CHAIN_HEX);
		chain_hash(prev, r[i].bytes, strlen(r[i].bytes), r[i].hash);
		prev = r[i].hash;
	}
}

/* The index of the first row that does not link, or n when all do. */
static size_t first_broken(const struct row *r, size_t n, const char **why)
{
	struct chain_walk w = CHAIN_WALK_INIT;
	for (size_t i = 0; i < n; i++) {
		*why = chain_walk_next(&w, r[i].prev, r[i].bytes, strlen(r[i].bytes), r[i].hash);
		if (*why)
			return i;
	}
	*why = NULL;
	assert_string_equal(w.head, r[n - 1].hash);
	return n;
}

static void test_walk(void **state)
{
	(void)state;
	struct row r[3] = { { .bytes = "abc" }, { .bytes = "def" }, { .bytes = "ghi" } };
	const char *why;
	make_chain(r, 3);
	assert_string_equal(r[0].hash, H_ABC);
	assert_string_equal(r[1].hash, H_ABC_DEF);
	assert_int_equal(first_broken(r, 3, &why), 3);

	/* A changed entry: its own hash no longer matches. */
	r[1].bytes = "dEf";
	assert_int_equal(first_broken(r, 3, &why), 1);
	assert_string_equal(why, "hash does not match the entry's contents");

	/* Its hash made again to match: the next entry's link breaks. */
	chain_hash(r[1].prev, r[1].bytes, 3, r[1].hash);
	assert_int_equal(first_broken(r, 3, &why), 2);
	assert_string_equal(why, "prev_hash does not match the previous entry's hash");

	/* An entry taken out: the one after it names a hash not seen. */
	r[1].bytes = "def";
	make_chain(r, 3);
	struct row two[2] = { r[0], r[2] };
	assert_int_equal(first_broken(two, 2, &why), 1);

	/* chain_walk_link with a hash the caller computed (another record's
	 * old algorithm): the head moves only on a link that holds. */
	struct chain_walk w = CHAIN_WALK_INIT;
	assert_null(chain_walk_link(&w, CHAIN_GENESIS, "x", "x"));
	assert_string_equal(w.head, "x");
	assert_non_null(chain_walk_link(&w, "x", "y", "z"));
	assert_string_equal(w.head, "x");
	assert_non_null(chain_walk_link(&w, CHAIN_GENESIS, "y", "y"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
