/*
 * pwhash_cost.h — what an argon2id hash of a password or a recovery code
 * costs (store-private: users.c, totp_store.c).
 *
 * The product: libsodium's "interactive" limits, 2 passes over 64 MiB
 * (~0.1 s of a core; ~0.25 s under the sanitizers).  The test builds
 * (asan, tsan, fuzz: the Makefile defines ITBCP_TEST_BUILD) hash with 1
 * pass over 1 MiB instead: the suite signs people in and adds accounts
 * hundreds of times, and at the product's cost that was over a minute of
 * its CPU without testing anything the cheap hash does not (the same
 * calls, the same stored format; verification reads the limits from the
 * stored string).  A test that is about the cost itself — a flood of
 * wrong passwords must not hold the pages up (web_login_limit) — sets
 * ITBCP_TEST_PWHASH=interactive to get the product's.  A test build's
 * cheap hashes are rehashed at the product's cost by the release binary
 * at the next sign-in (users.c: rehash_if_needed); tests/cli/deb_package.sh
 * checks what the packaged binary stores.
 */
#ifndef ITBCP_STORE_PWHASH_COST_H
#define ITBCP_STORE_PWHASH_COST_H

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct pwhash_cost {
	unsigned long long ops;
	size_t mem;
};

static inline struct pwhash_cost pwhash_cost(void)
{
#ifdef ITBCP_TEST_BUILD
	const char *want = getenv("ITBCP_TEST_PWHASH");
	if (!want || strcmp(want, "interactive") != 0)
		return (struct pwhash_cost){ 1, 1u << 20 };
#endif
	return (struct pwhash_cost){ crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE };
}

#endif
