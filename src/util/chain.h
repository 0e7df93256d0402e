/*
 * chain.h — the hash chain that makes a record append-only in evidence:
 * the incident timeline (store/incident_store.h) and the audit log
 * (store/users.h) both link their entries with it.
 *
 * An entry's hash is SHA-256(the 32 bytes of the previous entry's hash ||
 * the entry's canonical bytes), written as 64 lower-case hex digits; the
 * first entry's previous hash is CHAIN_GENESIS (64 zeros).  Each record
 * says what its canonical bytes are.  Changing, removing or reordering an
 * entry changes every hash after it, so the head, once noted elsewhere,
 * vouches for the whole record.  One hash for every record: SHA-256 on
 * the CPU's SHA extensions (util/sha256.h), which the check-in writer
 * needs for its hot path.
 */
#ifndef ITBCP_UTIL_CHAIN_H
#define ITBCP_UTIL_CHAIN_H

#include <stddef.h>

/* A hash in hex with its NUL. */
#define CHAIN_HEX 65
#define CHAIN_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* out = hex SHA-256(the 32 bytes of prev_hex || canonical[0..n)).  A
 * shorter prev_hex is padded with zero bytes; one that is not hex, of odd
 * length or longer stands for 32 bytes of 0xff, which no real entry
 * hashes to, so an entry stored after a malformed one cannot verify. */
void chain_hash(const char *prev_hex, const void *canonical, size_t n, char out[CHAIN_HEX]);

/* Checking a record from its first entry on: the hash the next entry
 * must name as its previous one.  CHAIN_WALK_INIT starts at the genesis. */
struct chain_walk {
	char head[CHAIN_HEX];
};
#define CHAIN_WALK_INIT { CHAIN_GENESIS }

/* Checks the next entry, its stored prev_hash and hash, against the hash
 * it should have (expected, computed by the caller from w->head): NULL
 * when it links, and then w->head becomes its hash; else why not (a
 * static English sentence, for logs and JSON) and w->head stays. */
const char *chain_walk_link(struct chain_walk *w, const char *prev_hash, const char *expected,
			    const char *hash);
/* chain_walk_link with expected = chain_hash(w->head, canonical, n). */
const char *chain_walk_next(struct chain_walk *w, const char *prev_hash, const void *canonical,
			    size_t n, const char *hash);

#endif
