/*
 * sha256.h — SHA-256 on the CPU's SHA extensions when it has them.
 *
 * The check-in writer hashes every report into the incident's timeline
 * (and a personal link when it is not in the writer's memory), on the one
 * thread that cannot be spread over cores.  libsodium's SHA-256 is
 * portable C: ~3 % of the server's CPU during a burst (perf).  x86-64
 * processors since ~2017 (Intel Goldmont/Ice Lake, AMD Zen) do the rounds
 * in hardware (SHA-NI); this uses them when CPUID says so, checked once,
 * and libsodium otherwise.  Both give the same digest: the tests compare
 * them on thousands of inputs and pin known answers, since a wrong hash
 * would make every stored record unverifiable.
 */
#ifndef ITBCP_UTIL_SHA256_H
#define ITBCP_UTIL_SHA256_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32

struct sha256 {
	bool hw;                          /* the SHA-NI path; else sodium */
	uint32_t h[8];                    /* hw: the chaining value */
	uint64_t total;                   /* hw: bytes hashed so far */
	unsigned char block[64];          /* hw: a partial block */
	size_t n;                         /* hw: bytes in block */
	crypto_hash_sha256_state sodium;  /* the portable path */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_BYTES]);
/* The digest of one buffer. */
void sha256(unsigned char out[SHA256_BYTES], const void *data, size_t len);

/* Whether the SHA-NI path is in use on this CPU. */
bool sha256_hw(void);
/* Tests: false makes sha256_init choose the portable path from now on,
 * true goes back to the hardware when there is one. */
void sha256_allow_hw(bool allow);

#endif
