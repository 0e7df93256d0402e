/*
 * incident_tokens.c — personal check-in tokens and failed-lookup counts
 * (incident_store.h).
 *
 * A token is derived, not stored: HMAC-SHA-256 under a 32-byte secret made
 * once per database by libsodium's CSPRNG, over the person's id and the
 * generation of their token.  So `itbcp incident tokens` and the wallet
 * card can print the same link again and again, and rotating a person's
 * token (generation + 1) invalidates only theirs.  The table keeps
 * SHA-256(token) as the lookup key; a lookup hashes what it is given,
 * finds the row by that key and confirms with sodium_memcmp, so neither
 * the comparison nor the stored data reveals a token.  Anyone holding the
 * database file holds the secret: protect it like the plan's personal data.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/incident_store.h"
#include "store/db.h"
#include "util/crypto.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define TOKEN_BYTES 20 /* 160 bits */
#define SECRET_BYTES 32
/* Whether checkin_tokens has revoked_at (013_accounts.sql).  Every store
 * opened for writing is at the newest schema, except through the test
 * hook store_open_at_version: such a database has no revocation.  Asked
 * of the table, not of the schema's number, so that the check holds
 * whatever number the migration lands with.  PostgreSQL starts at the
 * baseline 022, which has it. */
static bool has_revocation(struct store *st)
{
	if (db_engine(&st->db) == DB_PG)
		return true;
	return db_int(&st->db, 0,
		      "SELECT count(*) FROM pragma_table_info('checkin_tokens') "
		      "WHERE name = 'revoked_at'",
		      NULL) > 0;
}


/* The database's secret into key, made when missing (needs a write). */
static int load_secret(struct store *st, unsigned char key[SECRET_BYTES], bool create,
		       struct err *e)
{
	struct stmt s = STMT_INIT;
	int r;
	if (db_prepare(&st->db, &s, "SELECT key FROM checkin_secret WHERE singleton = 1", e))
		return -1;
	r = db_step(&s, e);
	if (r == 1 && db_col_blob(&s, 0, key, SECRET_BYTES)) {
		db_finalize(&s);
		return 0;
	}
	db_finalize(&s);
	if (r < 0)
		return -1;
	if (!create)
		return err_set(e, "no check-in secret yet");
	randombytes_buf(key, SECRET_BYTES);
	if (db_prepare(&st->db, &s, "INSERT INTO checkin_secret (singleton, key) VALUES (1, ?1)", e))
		return -1;
	db_bind_blob(&s, 1, key, SECRET_BYTES);
	r = db_step(&s, e);
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* The token of person at generation into out. */
static void derive(const unsigned char key[SECRET_BYTES], const char *person, int64_t generation,
		   char out[STORE_TOKEN_LEN + 1])
{
	static const char label[] = "itbcp-checkin";
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char gen[24];
	crypto_auth_hmacsha256_state h;
	snprintf(gen, sizeof gen, "%lld", (long long)generation);
	crypto_auth_hmacsha256_init(&h, key, SECRET_BYTES);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)label, sizeof label); /* with NUL */
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)person, strlen(person) + 1);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)gen, strlen(gen));
	crypto_auth_hmacsha256_final(&h, mac);
	sodium_bin2base64(out, STORE_TOKEN_LEN + 1, mac, TOKEN_BYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(mac, sizeof mac);
}

/* SHA-256 of a token. */
static void token_hash(const char *token, unsigned char out[crypto_hash_sha256_BYTES])
{
	sha256(out, token, strlen(token));
}

/* See incident_store.h. */
void store_checkin_token_hash(const char *token, unsigned char out[32])
{
	token_hash(token, out);
}

/* Writes the person's row for generation (insert or replace). */
static int put_row(struct store *st, const char *person, int64_t generation, const char *token,
		   struct err *e)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	struct stmt s = STMT_INIT;
	token_hash(token, h);
	if (db_prepare(&st->db, &s,
		       has_revocation(st)
			       ? "INSERT INTO checkin_tokens (person, generation, token_hash, "
				 "created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (person) DO UPDATE "
				 "SET generation = excluded.generation, token_hash = "
				 "excluded.token_hash, created_at = excluded.created_at, "
				 "revoked_at = NULL"
			       : "INSERT INTO checkin_tokens (person, generation, token_hash, "
				 "created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (person) DO UPDATE "
				 "SET generation = excluded.generation, token_hash = "
				 "excluded.token_hash, created_at = excluded.created_at",
		       e))
		return -1;
	db_bind_text(&s, 1, person);
	db_bind_int(&s, 2, generation);
	db_bind_blob(&s, 3, h, sizeof h);
	db_bind_int(&s, 4, (int64_t)time(NULL));
	int r = db_step(&s, e);
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* The person's generation, or 0 when they have no row yet; -1 on error.
 * *revoked tells whether that generation was revoked (the person with
 * this id left the plan: store_checkin_tokens_revoke_gone). */
static int64_t generation_of(struct store *st, const char *person, bool *revoked, struct err *e)
{
	struct stmt s = STMT_INIT;
	*revoked = false;
	if (db_prepare(&st->db, &s,
		       has_revocation(st)
			       ? "SELECT generation, revoked_at IS NOT NULL FROM checkin_tokens "
				 "WHERE person = ?1"
			       : "SELECT generation, 0 FROM checkin_tokens WHERE person = ?1",
		       e))
		return -1;
	db_bind_text(&s, 1, person);
	int r = db_step(&s, e);
	int64_t g = r == 1 ? db_col_int(&s, 0) : r == 0 ? 0 : -1;
	if (r == 1)
		*revoked = db_col_int(&s, 1) != 0;
	db_finalize(&s);
	return g;
}

/* Token of one person inside an open transaction; rotate bumps it, and so
 * does a revoked row: the id's next holder never gets an old link. */
static int token_in_tx(struct store *st, const unsigned char key[SECRET_BYTES], const char *person,
		       bool rotate, char out[STORE_TOKEN_LEN + 1], struct err *e)
{
	bool revoked;
	int64_t g = generation_of(st, person, &revoked, e);
	if (g < 0)
		return -1;
	bool write = g == 0 || rotate || revoked;
	if (write)
		g++;
	derive(key, person, g, out);
	return write ? put_row(st, person, g, out, e) : 0;
}

/* See incident_store.h. */
int store_checkin_tokens(struct store *st, const char *const *people, size_t n,
			 char (*out)[STORE_TOKEN_LEN + 1], struct err *e)
{
	unsigned char key[SECRET_BYTES];
	crypto_ready();
	if (db_begin(&st->db, e))
		return -1;
	int rc = load_secret(st, key, true, e);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = token_in_tx(st, key, people[i], false, out[i], e);
	sodium_memzero(key, sizeof key);
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	return -1;
}

/* See incident_store.h. */
int store_checkin_token(struct store *st, const char *person, char out[STORE_TOKEN_LEN + 1],
			struct err *e)
{
	return store_checkin_tokens(st, &person, 1, (char(*)[STORE_TOKEN_LEN + 1])out, e);
}

/* See incident_store.h. */
int store_checkin_token_rotate(struct store *st, const char *person,
			       char out[STORE_TOKEN_LEN + 1], struct err *e)
{
	unsigned char key[SECRET_BYTES];
	crypto_ready();
	if (db_begin(&st->db, e))
		return -1;
	int rc = load_secret(st, key, true, e);
	if (rc == 0)
		rc = token_in_tx(st, key, person, true, out, e);
	sodium_memzero(key, sizeof key);
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	return -1;
}

/* See incident_store.h. */
bool store_checkin_token_wellformed(const char *s)
{
	size_t n = 0;
	for (; s[n] && n <= STORE_TOKEN_LEN; n++) {
		char c = s[n];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return n == STORE_TOKEN_LEN;
}

/* See incident_store.h. */
int store_checkin_token_lookup(struct store *st, const char *token, char *person, size_t n,
			       struct err *e)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	struct stmt s = STMT_INIT;
	int found = 0;
	crypto_ready();
	if (n)
		person[0] = '\0';
	if (!token || !store_checkin_token_wellformed(token))
		return 0;
	token_hash(token, h);
	if (db_prepare(&st->db, &s,
		       "SELECT person, token_hash FROM checkin_tokens WHERE token_hash = ?1", e))
		return -1;
	db_bind_blob(&s, 1, h, sizeof h);
	int r = db_step(&s, e);
	unsigned char stored[sizeof h];
	if (r == 1 && db_col_blob(&s, 1, stored, sizeof stored) &&
	    sodium_memcmp(stored, h, sizeof h) == 0) {
		snprintf(person, n, "%s", db_col_text(&s, 0));
		found = 1;
	}
	db_finalize(&s);
	return r < 0 ? -1 : found;
}

/* See incident_store.h.  The row stays, with the generation it had, so
 * that the id's next holder gets the next generation (token_in_tx); its
 * hash becomes 32 random bytes, which no token's SHA-256 will ever be, so
 * every lookup (this file's and the check-in writer's) misses it without
 * a new condition on the hot path. */
int store_checkin_tokens_revoke_gone(struct store *st, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (!has_revocation(st))
		return 0;
	/* PostgreSQL has no randomblob: SHA-256 of a random UUID (both in
	 * its core, gen_random_uuid from the strong random source) is 32
	 * bytes no token's hash will ever be either. */
	if (db_prepare2(&st->db, &s,
			"UPDATE checkin_tokens SET token_hash = randomblob(32), revoked_at = ?1 "
			"WHERE revoked_at IS NULL AND person NOT IN (SELECT id FROM person)",
			"UPDATE checkin_tokens SET "
			"token_hash = sha256(convert_to(gen_random_uuid()::text, 'UTF8')), "
			"revoked_at = ?1 "
			"WHERE revoked_at IS NULL AND person NOT IN (SELECT id FROM person)",
			e))
		return -1;
	db_bind_int(&s, 1, (int64_t)time(NULL));
	int r = db_run(&s, e);
	db_finalize(&s);
	return r;
}
