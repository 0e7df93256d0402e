/*
 * record_heads.c — each incident's latest entry and the record key
 * (record_heads.h).
 */
#include "store/record_heads.h"

#include <sodium.h>

#include "store/db.h"

int store_record_heads(struct store *st, json_t **out, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	/* One index lookup per incident (max(seq) of the primary key), never
	 * a scan of the timeline: the witness looks every second, and a burst
	 * leaves hundreds of thousands of entries. */
	if (db_prepare(&st->db, &s,
		       "SELECT i.id, t.seq, t.hash FROM incidents i JOIN incident_timeline t "
		       "ON t.incident = i.id AND t.seq = (SELECT max(seq) FROM incident_timeline "
		       "WHERE incident = i.id) ORDER BY i.id", e))
		return -1;
	json_t *recs = json_array();
	int r;
	while ((r = db_step(&s, e)) == 1)
		json_array_append_new(recs, json_pack("{s:I, s:I, s:s}", "incident",
						      (json_int_t)db_col_int(&s, 0), "seq",
						      (json_int_t)db_col_int(&s, 1), "hash",
						      db_col_text(&s, 2)));
	db_finalize(&s);
	unsigned char pk[32];
	char hex[65];
	json_t *key = json_null();
	if (r == 0 && db_prepare(&st->db, &s,
				 "SELECT public_key FROM record_keys ORDER BY id DESC LIMIT 1", e) == 0) {
		r = db_step(&s, e);
		if (r == 1 && db_col_blob(&s, 0, pk, sizeof pk))
			key = json_string(sodium_bin2hex(hex, sizeof hex, pk, sizeof pk));
		db_finalize(&s);
	} else {
		r = -1;
	}
	if (r < 0) {
		json_decref(recs);
		json_decref(key);
		return -1;
	}
	*out = json_pack("{s:o, s:o}", "record_key", key, "records", recs);
	return 0;
}
