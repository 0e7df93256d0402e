/*
 * totp.c — see totp.h.  liboath computes each code; the window, the
 * replay rule and base32 are here.
 */
#include "util/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "util/crypto.h"
#include "util/xalloc.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* liboath wants oath_init() once before use; it holds nothing to free. */
static void oath_once(void)
{
	if (oath_init() != OATH_OK)
		BUG("liboath cannot be initialised");
}

int64_t totp_step_of(int64_t t)
{
	return t < 0 ? 0 : t / TOTP_STEP_SECONDS;
}

int totp_code(const unsigned char *key, size_t n, int64_t step, enum totp_alg alg, unsigned digits,
	      char *out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, oath_once);
	out[0] = '\0';
	if (n == 0 || n > TOTP_SECRET_MAX || digits < 6 || digits > TOTP_DIGITS_MAX || step < 0)
		return -1;
	int flags = alg == TOTP_SHA256   ? OATH_TOTP_HMAC_SHA256
		    : alg == TOTP_SHA512 ? OATH_TOTP_HMAC_SHA512
					 : 0;
	/* liboath takes a time, not a step: the step's first second. */
	if (oath_totp_generate2((const char *)key, n, (time_t)(step * TOTP_STEP_SECONDS),
				TOTP_STEP_SECONDS, 0, digits, flags, out) != OATH_OK) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int totp_match(const unsigned char *key, size_t n, const char *code, int64_t now_step,
	       int64_t last_step, int64_t *step_out)
{
	char want[TOTP_DIGITS_MAX + 1];
	if (!code || strlen(code) != TOTP_DIGITS || strspn(code, "0123456789") != TOTP_DIGITS)
		return 0;
	crypto_ready();
	int found = 0;
	/* Every step of the window is computed and compared, matched or not,
	 * so the time taken does not say which one matched. */
	for (int64_t s = now_step - 1; s <= now_step + 1; s++) {
		if (s <= last_step || totp_code(key, n, s, TOTP_SHA1, TOTP_DIGITS, want))
			continue;
		if (sodium_memcmp(want, code, TOTP_DIGITS) == 0 && !found) {
			found = 1;
			*step_out = s;
		}
	}
	sodium_memzero(want, sizeof want);
	return found;
}

size_t totp_base32_encode(const unsigned char *in, size_t n, char *out, size_t cap)
{
	size_t len = 0;
	unsigned buffer = 0, bits = 0;
	if ((n * 8 + 4) / 5 + 1 > cap)
		BUG("base32 buffer too small");
	for (size_t i = 0; i < n; i++) {
		buffer = (buffer << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[len++] = b32[(buffer >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits)
		out[len++] = b32[(buffer << (5 - bits)) & 31];
	out[len] = '\0';
	return len;
}

int totp_base32_decode(const char *text, unsigned char *out, size_t cap, size_t *n)
{
	unsigned buffer = 0, bits = 0;
	size_t len = 0;
	bool padding = false;
	*n = 0;
	for (const char *p = text; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c == '=') {
			padding = true;
			continue;
		}
		if (padding)
			return -1; /* a character after the padding */
		int v;
		if (c >= 'a' && c <= 'z')
			v = c - 'a';
		else if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= '2' && c <= '7')
			v = c - '2' + 26;
		else
			return -1;
		buffer = ((buffer << 5) | (unsigned)v) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			if (len == cap)
				return -1;
			out[len++] = (unsigned char)(buffer >> (bits - 8));
			bits -= 8;
		}
	}
	/* What is left must be the zero bits that pad the last byte. */
	if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0)
		return -1;
	*n = len;
	return 0;
}
