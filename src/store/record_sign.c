/*
 * record_sign.c — the record key in use by one connection, and the
 * signatures it makes (record_sign.h).
 */
#include "store/record_sign.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/record_key.h"
#include "util/crypto.h"
#include "util/xalloc.h"

/* A connection's signing key, read from the key file once; its id in
 * record_keys is looked up in each transaction (one indexed row), since
 * a transaction that added the row may have rolled back. */
struct record_signer {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	int made;       /* the key file was made by this connection */
	int64_t key_id; /* in this transaction; 0: not looked up yet */
};

static const char DOMAIN[22] = "itbcp-timeline-sig-v1"; /* with its NUL */

int record_sign_message(int64_t incident, int64_t seq, const char *hash_hex,
			unsigned char out[RECORD_SIGN_MSG])
{
	size_t n = 0;
	memcpy(out, DOMAIN, sizeof DOMAIN);
	for (int i = 0; i < 8; i++) {
		out[22 + i] = (unsigned char)((uint64_t)incident >> (56 - 8 * i));
		out[30 + i] = (unsigned char)((uint64_t)seq >> (56 - 8 * i));
	}
	return strlen(hash_hex) == 64 &&
	       sodium_hex2bin(out + 38, 32, hash_hex, 64, NULL, &n, NULL) == 0 && n == 32;
}

/* The reason written with a new row of record_keys. */
static const char *why_new(const struct record_signer *s, int have_rows)
{
	if (!have_rows)
		return "the first record key";
	if (s->made)
		return "the key file was missing: a new key was made";
	return "the key file holds a key other than the last one";
}

int record_sign_ready(struct store *st, struct err *e)
{
	struct record_signer *s = st->signer;
	if (!s) {
		unsigned char seed[STORE_RECORD_KEY_BYTES];
		int made;
		if (store_record_key_obtain(st->path, seed, &made, e))
			return -1;
		crypto_ready();
		s = xcalloc(1, sizeof *s);
		crypto_sign_seed_keypair(s->pk, s->sk, seed);
		sodium_memzero(seed, sizeof seed);
		s->made = made;
		st->signer = s;
	}
	struct stmt q = STMT_INIT;
	if (db_prepare(&st->db, &q, "SELECT id, public_key FROM record_keys ORDER BY id DESC LIMIT 1",
		       e))
		return -1;
	int r = db_step(&q, e);
	unsigned char last[crypto_sign_PUBLICKEYBYTES];
	int same = r == 1 && db_col_blob(&q, 1, last, sizeof last) &&
		   memcmp(last, s->pk, sizeof last) == 0;
	s->key_id = same ? db_col_int(&q, 0) : 0;
	db_finalize(&q);
	if (r < 0)
		return -1;
	if (same)
		return 0;
	if (db_prepare(&st->db, &q,
		       "INSERT INTO record_keys (public_key, made_at, reason) VALUES (?1, ?2, ?3) "
		       "RETURNING id",
		       e))
		return -1;
	db_bind_blob(&q, 1, s->pk, (int)sizeof s->pk);
	db_bind_int(&q, 2, (int64_t)time(NULL));
	db_bind_text(&q, 3, why_new(s, r == 1));
	r = db_step(&q, e);
	if (r == 1)
		s->key_id = db_col_int(&q, 0);
	db_finalize(&q);
	s->made = 0; /* told once, in the row */
	return r == 1 ? 0 : -1;
}

int record_sign_entry(struct store *st, int64_t incident, int64_t seq, const char *hash_hex,
		      struct err *e)
{
	struct record_signer *s = st->signer;
	unsigned char msg[RECORD_SIGN_MSG], sig[RECORD_SIGN_BYTES];
	if (!s || !s->key_id)
		BUG("record_sign_entry before record_sign_ready");
	if (!record_sign_message(incident, seq, hash_hex, msg))
		BUG("a timeline hash the writer made is not 64 hex digits");
	crypto_sign_detached(sig, NULL, msg, sizeof msg, s->sk);
	struct stmt ins = STMT_INIT;
	if (db_prepare(&st->db, &ins,
		       "INSERT INTO timeline_signatures (incident, seq, key, sig) VALUES (?1, ?2, ?3, ?4)",
		       e))
		return -1;
	db_bind_int(&ins, 1, incident);
	db_bind_int(&ins, 2, seq);
	db_bind_int(&ins, 3, s->key_id);
	db_bind_blob(&ins, 4, sig, (int)sizeof sig);
	int rc = db_run(&ins, e);
	db_finalize(&ins);
	return rc;
}

void record_sign_release(struct store *st)
{
	if (!st->signer)
		return;
	sodium_memzero(st->signer, sizeof *st->signer);
	free(st->signer);
	st->signer = NULL;
}
