/*
 * record_key.h — the key that signs the incident record, kept outside
 * the database file (issue 15, item 12).
 *
 * The secret is a 32-byte Ed25519 seed in a file of its own, readable by
 * its owner only: by default beside the database as DB.record-key, or
 * where store_record_key_file_set() says (the CLI: $ITBCP_RECORD_KEY).
 * It is made on the first write to a timeline (the first incident) and
 * never enters the database; the database keeps only the public half
 * (record_keys, migration 022), so verifying needs no secret.  When the
 * file is missing at a write, a new key is made and the change is a row
 * of record_keys with its reason: writing never goes on unsigned, and
 * never changes key silently.
 *
 * What it protects against, and what not: README, "The record's key".
 */
#ifndef ITBCP_STORE_RECORD_KEY_H
#define ITBCP_STORE_RECORD_KEY_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

#define STORE_RECORD_KEY_BYTES 32 /* the seed in the file; also a public key's size */

/* Puts every database's key file at path (NULL: beside each database).
 * Process-wide: call before any store is opened (the CLI does, at start). */
void store_record_key_file_set(const char *path);
/* The key file of the database at db_path, the caller's to free(). */
char *store_record_key_file(const char *db_path);
/* The public key of the database's key file into pk: 1; 0 when there is
 * no key file (on PostgreSQL: also when none is named, see below); -1 (e
 * filled, naming the file) when it cannot be used (not a regular file,
 * readable by others, not 32 bytes).  What reads the record (verify) needs
 * no key, so this never asks for one. */
int store_record_key_public(const char *db_path, unsigned char pk[STORE_RECORD_KEY_BYTES],
			    struct err *e);

/* 0 when the database's key file is known: named (ITBCP_RECORD_KEY,
 * store_record_key_file_set) or, on SQLite, beside the database; -1 with
 * e on PostgreSQL when none is named — a database that is not a file has
 * no "beside".  Whatever will write records checks this first (serve at
 * its start; store_record_key_obtain itself). */
int store_record_key_named(const char *db_path, struct err *e);

/* The id of pk in the database's record keys (its latest row), 0 when
 * the database has never used it, -1 on a database error. */
int64_t store_record_key_known(struct store *st, const unsigned char pk[STORE_RECORD_KEY_BYTES],
			       struct err *e);

/* The seed of the database's key file into seed, making the file (0600,
 * synced with its directory, never half-written) when it is missing:
 * *made tells which.  -1 with e naming the file when it cannot be read,
 * made or used.  The writer's (record_sign.c); seed is the caller's to
 * wipe. */
int store_record_key_obtain(const char *db_path, unsigned char seed[STORE_RECORD_KEY_BYTES],
			    int *made, struct err *e);

#endif
