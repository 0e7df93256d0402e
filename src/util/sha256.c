/*
 * sha256.c — SHA-256, in hardware where there is some (sha256.h).
 *
 * The hardware path follows FIPS 180-4 with the x86 SHA extensions: the
 * state is kept as the two registers the instructions want (ABEF, CDGH),
 * each group of four rounds adds the round constants to four message
 * words and runs two SHA256RNDS2, and the message schedule of words 16-63
 * comes from SHA256MSG1 (W[t-16] + σ0(W[t-15])), the W[t-7] words, and
 * SHA256MSG2 (+ σ1(W[t-2])).  Padding and the length are done here.
 * CPUID is asked once (in a virtual machine it traps, ~1 µs).
 */
#include "util/sha256.h"

#include <stdatomic.h>
#include <string.h>

#include "util/crypto.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI_CODE 1
#endif

static atomic_bool allowed = true;

#ifdef HAVE_SHA_NI_CODE
static atomic_int cpu_has = -1; /* -1: not asked yet */
static const uint32_t initial[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

/* Whether the CPU has SHA (CPUID.7.0:EBX[29]), SSSE3 and SSE4.1
 * (CPUID.1:ECX[9], [19]). */
static bool cpu_sha(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19)))
		return false;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return false;
	return (b & (1u << 29)) != 0;
}

/* Runs the compression function over n 64-byte blocks. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress_hw(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	/* h as the instructions hold it: ABEF and CDGH. */
	__m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1); /* CDAB */
	__m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B); /* EFGH */
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);      /* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);           /* CDGH */
	for (; n; n--, p += 64) {
		__m128i abef = s0, cdgh = s1, w[16];
		for (int i = 0; i < 16; i++) {
			if (i < 4) {
				w[i] = _mm_shuffle_epi8(
					_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
			} else {
				__m128i x = _mm_sha256msg1_epu32(w[i - 4], w[i - 3]);
				x = _mm_add_epi32(x, _mm_alignr_epi8(w[i - 1], w[i - 2], 4));
				w[i] = _mm_sha256msg2_epu32(x, w[i - 1]);
			}
			__m128i m = _mm_add_epi32(w[i], _mm_loadu_si128((const __m128i *)&K[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);             /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);            /* DCHG */
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, s1, 0xF0)); /* DCBA */
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(s1, t, 8));    /* HGFE */
}
#endif

bool sha256_hw(void)
{
#ifdef HAVE_SHA_NI_CODE
	int has = atomic_load_explicit(&cpu_has, memory_order_relaxed);
	if (has < 0) {
		has = cpu_sha();
		atomic_store_explicit(&cpu_has, has, memory_order_relaxed);
	}
	return has && atomic_load_explicit(&allowed, memory_order_relaxed);
#else
	return false;
#endif
}

void sha256_allow_hw(bool allow)
{
	atomic_store(&allowed, allow);
}

void sha256_init(struct sha256 *s)
{
	s->hw = sha256_hw();
	s->total = 0;
	s->n = 0;
#ifdef HAVE_SHA_NI_CODE
	if (s->hw) {
		memcpy(s->h, initial, sizeof s->h);
		return;
	}
#endif
	crypto_ready();
	crypto_hash_sha256_init(&s->sodium);
}

#ifdef HAVE_SHA_NI_CODE
/* The hardware path of sha256_update. */
static void update_hw(struct sha256 *s, const unsigned char *p, size_t len)
{
	s->total += len;
	if (s->n) {
		size_t take = 64 - s->n < len ? 64 - s->n : len;
		memcpy(s->block + s->n, p, take);
		s->n += take;
		p += take;
		len -= take;
		if (s->n < 64)
			return;
		compress_hw(s->h, s->block, 1);
		s->n = 0;
	}
	if (len >= 64) {
		compress_hw(s->h, p, len / 64);
		p += len - len % 64;
		len %= 64;
	}
	memcpy(s->block, p, len);
	s->n = len;
}
#endif

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
#ifdef HAVE_SHA_NI_CODE
	if (s->hw) {
		update_hw(s, data, len);
		return;
	}
#endif
	crypto_hash_sha256_update(&s->sodium, data, len);
}

void sha256_final(struct sha256 *s, unsigned char out[SHA256_BYTES])
{
#ifdef HAVE_SHA_NI_CODE
	if (s->hw) {
		/* 0x80, zeros to 56 bytes into a block, the length in bits. */
		uint64_t bits = s->total * 8;
		static const unsigned char pad[64] = { 0x80 };
		size_t fill = s->n < 56 ? 56 - s->n : 120 - s->n;
		unsigned char len[8];
		for (int i = 0; i < 8; i++)
			len[i] = (unsigned char)(bits >> (56 - 8 * i));
		update_hw(s, pad, fill);
		update_hw(s, len, 8);
		for (int i = 0; i < 8; i++) {
			out[4 * i] = (unsigned char)(s->h[i] >> 24);
			out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
			out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
			out[4 * i + 3] = (unsigned char)s->h[i];
		}
		sodium_memzero(s, sizeof *s);
		return;
	}
#endif
	crypto_hash_sha256_final(&s->sodium, out);
}

void sha256(unsigned char out[SHA256_BYTES], const void *data, size_t len)
{
	struct sha256 s;
	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, out);
}
