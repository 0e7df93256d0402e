/*
 * timeline_sigs.c — the timeline's signatures checked beside its chain
 * (timeline_sigs.h).
 */
#include "store/timeline_sigs.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/record_sign.h"
#include "util/crypto.h"
#include "util/xalloc.h"

/* Record keys are few (one, and one more each time a key file was lost):
 * more than this is not a database itbcp wrote. */
#define KEYS_MAX 1024

void timeline_sigs_release(struct timeline_sigs *v)
{
	db_finalize(&v->s);
	free(v->keys);
	v->keys = NULL;
	v->n_keys = 0;
	v->row = 0;
}

/* Moves to the next signature: 0, or -1 on a database error. */
static int next(struct timeline_sigs *v, struct err *e)
{
	int r = db_step(&v->s, e);
	v->row = r == 1;
	return r < 0 ? -1 : 0;
}

int timeline_sigs_begin(struct timeline_sigs *v, struct store *st, int64_t incident,
			struct err *e)
{
	memset(v, 0, sizeof *v);
	v->s = (struct stmt)STMT_INIT;
	v->incident = incident;
	crypto_ready();
	struct stmt k = STMT_INIT;
	if (db_prepare(&st->db, &k, "SELECT id, public_key FROM record_keys ORDER BY id", e))
		return -1;
	int r;
	while ((r = db_step(&k, e)) == 1 && v->n_keys < KEYS_MAX) {
		v->keys = xrealloc(v->keys, (v->n_keys + 1) * sizeof *v->keys);
		v->keys[v->n_keys].id = db_col_int(&k, 0);
		if (db_col_blob(&k, 1, v->keys[v->n_keys].pk, 32))
			v->n_keys++;
	}
	db_finalize(&k);
	if (r >= 0 && db_prepare(&st->db, &k,
				 "SELECT last_seq FROM timeline_unsigned WHERE incident = ?1", e) == 0) {
		db_bind_int(&k, 1, incident);
		r = db_step(&k, e);
		if (r == 1)
			v->last_unsigned = db_col_int(&k, 0);
		db_finalize(&k);
	} else {
		r = -1;
	}
	if (r < 0 || db_prepare(&st->db, &v->s,
				"SELECT seq, key, sig FROM timeline_signatures WHERE incident = ?1 "
				"ORDER BY seq", e)) {
		timeline_sigs_release(v);
		return -1;
	}
	db_bind_int(&v->s, 1, incident);
	if (next(v, e)) {
		timeline_sigs_release(v);
		return -1;
	}
	return 0;
}

/* The public key of record key id, or NULL. */
static const unsigned char *key_of(const struct timeline_sigs *v, int64_t id)
{
	for (size_t i = 0; i < v->n_keys; i++)
		if (v->keys[i].id == id)
			return v->keys[i].pk;
	return NULL;
}

int timeline_sigs_entry(struct timeline_sigs *v, int64_t seq, const char *hash,
			struct timeline_check *out, struct err *e)
{
	while (v->row && db_col_int(&v->s, 0) < seq)
		if (next(v, e)) /* a signature of an entry the walk passed: cannot be, seq is dense */
			return -1;
	if (!v->row || db_col_int(&v->s, 0) != seq)
		return 0;
	int64_t key = db_col_int(&v->s, 1);
	const unsigned char *pk = key_of(v, key);
	unsigned char msg[RECORD_SIGN_MSG], sig[RECORD_SIGN_BYTES];
	int good = pk && db_col_blob(&v->s, 2, sig, sizeof sig) &&
		   record_sign_message(v->incident, seq, hash, msg) &&
		   crypto_sign_verify_detached(sig, msg, sizeof msg, pk) == 0;
	if (!good) {
		out->bad_seq = seq;
		if (!pk)
			snprintf(out->reason, sizeof out->reason,
				 "entry %lld is signed with record key #%lld, which this database does not have",
				 (long long)seq, (long long)key);
		else
			snprintf(out->reason, sizeof out->reason,
				 "the signature of entry %lld does not verify with record key #%lld: entries "
				 "%lld-%lld were changed after they were signed",
				 (long long)seq, (long long)key, (long long)v->covered + 1, (long long)seq);
		return 1;
	}
	v->covered = seq;
	out->key_id = key;
	memcpy(out->key, pk, sizeof out->key);
	return next(v, e);
}

int timeline_sigs_end(struct timeline_sigs *v, struct timeline_check *out, struct err *e)
{
	int64_t n = (int64_t)out->entries;
	int64_t from = v->covered > v->last_unsigned ? v->covered : v->last_unsigned;
	if (v->row) {
		/* a signature beyond the last entry: the entry it vouched for is gone */
		out->bad_seq = db_col_int(&v->s, 0);
		snprintf(out->reason, sizeof out->reason,
			 "entry %lld was signed but is not in the record: the record lost its tail",
			 (long long)out->bad_seq);
	} else if (n > from) {
		out->bad_seq = from + 1;
		snprintf(out->reason, sizeof out->reason,
			 "entries %lld-%lld are not signed, though written after signing began",
			 (long long)from + 1, (long long)n);
	} else {
		out->signed_entries = (size_t)v->covered;
		out->unsigned_entries = (size_t)(n - v->covered);
	}
	(void)e;
	timeline_sigs_release(v);
	return 0;
}
