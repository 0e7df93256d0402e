/*
 * timeline_sigs.h — an incident's timeline against its signatures (issue
 * 15, item 12).  The chain proves the entries link; whoever can write the
 * database file can rewrite an entry and rehash every one after it, and
 * the chain links again.  The signatures (record_sign.h) were made with a
 * key that never enters the file: a rewritten entry changes the hash of
 * the next signed entry, whose signature then fails.  Private to
 * src/store/.
 */
#ifndef ITBCP_STORE_TIMELINE_SIGS_H
#define ITBCP_STORE_TIMELINE_SIGS_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/timeline_sigs.h belongs to src/store/"
#endif

#include <stdint.h>

#include "store/db.h"
#include "store/incident_store.h"
#include "store/store.h"
#include "util/err.h"

/* One walk over an incident's signatures beside its chain. */
struct timeline_sigs {
	struct stmt s;           /* the incident's signatures, seq order */
	int row;                 /* s is on a row */
	int64_t incident;
	int64_t last_unsigned;   /* entries up to it were written before signing */
	int64_t covered;         /* entries up to it are vouched for */
	struct timeline_sig_key {
		int64_t id;
		unsigned char pk[32];
	} *keys;
	size_t n_keys;
};

/* Reads the record keys and starts on the incident's signatures: 0, or
 * -1 with nothing to release. */
int timeline_sigs_begin(struct timeline_sigs *v, struct store *st, int64_t incident,
			struct err *e);
/* Entry seq, whose hash is hash (already linked in the chain): 0 when
 * its signature (if it has one) verifies; 1 when not, with out->bad_seq
 * and out->reason naming it and the entries it vouched for; -1 on a
 * database error. */
int timeline_sigs_entry(struct timeline_sigs *v, int64_t seq, const char *hash,
			struct timeline_check *out, struct err *e);
/* After the last entry (out->entries of them, the chain whole): a
 * signature left over (an entry that was signed is gone) or entries
 * written after signing began without one are named in out; else out's
 * signed_entries, unsigned_entries, key_id and key are filled.  Releases
 * v.  0, or -1 on a database error. */
int timeline_sigs_end(struct timeline_sigs *v, struct timeline_check *out, struct err *e);
/* Releases v without judging (a chain broken before). */
void timeline_sigs_release(struct timeline_sigs *v);

#endif
