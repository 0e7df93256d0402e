/*
 * record_sign.h — signing the timeline inside the write transaction that
 * appends to it (timeline_writer.c), and the message a signature is
 * over (timeline_sigs.c checks it).  Private to src/store/.
 */
#ifndef ITBCP_STORE_RECORD_SIGN_H
#define ITBCP_STORE_RECORD_SIGN_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/record_sign.h belongs to src/store/"
#endif

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* "itbcp-timeline-sig-v1\0", incident and seq big-endian, the hash. */
#define RECORD_SIGN_MSG (22 + 8 + 8 + 32)
#define RECORD_SIGN_BYTES 64

/* The message a timeline signature is over; false when hash_hex is not
 * 64 hex digits (a stored hash no writer made). */
int record_sign_message(int64_t incident, int64_t seq, const char *hash_hex,
			unsigned char out[RECORD_SIGN_MSG]);

/* Makes st ready to sign, inside its write transaction: the key file
 * read (or made, when missing), and its public key made the database's
 * current record key (a row of record_keys when it is not).  0, or -1
 * with e naming the key file. */
int record_sign_ready(struct store *st, struct err *e);
/* Signs entry seq of incident, whose hash is hash_hex, with the key made
 * ready, and stores the signature in the same transaction. */
int record_sign_entry(struct store *st, int64_t incident, int64_t seq, const char *hash_hex,
		      struct err *e);
/* Wipes and frees st's secret (store_close). */
void record_sign_release(struct store *st);

#endif
