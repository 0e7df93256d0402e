/* chain.c — see chain.h. */
#include "util/chain.h"

#include <stdio.h>
#include <string.h>

#include "util/hex.h"
#include "util/sha256.h"

/* Decodes up to 32 bytes of hex into out, zeros after what there is (as
 * sodium_hex2bin did when the timeline was first written, so records of
 * every version keep verifying): -1 on an odd length, a character that is
 * not hex, or more than 32 bytes.  Hashes are not secrets: no need for
 * sodium's constant time, which cost as much as a tenth of the hashing on
 * the check-in path. */
static int from_hex(const char *hex, unsigned char out[SHA256_BYTES])
{
	memset(out, 0, SHA256_BYTES);
	size_t i = 0;
	for (; hex[0] && hex[1]; hex += 2, i++) {
		int hi = hex_value(hex[0]), lo = hex_value(hex[1]);
		if (hi < 0 || lo < 0 || i == SHA256_BYTES)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return hex[0] ? -1 : 0;
}

void chain_hash(const char *prev_hex, const void *canonical, size_t n, char out[CHAIN_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char prev[SHA256_BYTES], h[SHA256_BYTES];
	struct sha256 state;
	if (from_hex(prev_hex, prev) != 0)
		memset(prev, 0xff, sizeof prev);
	sha256_init(&state);
	sha256_update(&state, prev, sizeof prev);
	sha256_update(&state, canonical, n);
	sha256_final(&state, h);
	for (size_t i = 0; i < sizeof h; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * SHA256_BYTES] = '\0';
}

const char *chain_walk_link(struct chain_walk *w, const char *prev_hash, const char *expected,
			    const char *hash)
{
	if (strcmp(prev_hash, w->head) != 0)
		return "prev_hash does not match the previous entry's hash";
	if (strcmp(expected, hash) != 0)
		return "hash does not match the entry's contents";
	snprintf(w->head, sizeof w->head, "%s", hash);
	return NULL;
}

const char *chain_walk_next(struct chain_walk *w, const char *prev_hash, const void *canonical,
			    size_t n, const char *hash)
{
	char h[CHAIN_HEX];
	chain_hash(w->head, canonical, n, h);
	return chain_walk_link(w, prev_hash, h, hash);
}
