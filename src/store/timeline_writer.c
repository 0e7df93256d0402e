/*
 * timeline_writer.c — appending to incident timelines (timeline_writer.h):
 * the canonical form of an entry, written by hand for speed, and the
 * writer that links each new entry to its incident's chain head.
 */
#include "store/timeline_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/record_sign.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Written by hand, not through json_string and json_dumps: those were a
 * good part of a check-in's CPU.  '"' and '\\' and the control
 * characters are escaped (\b \f \n \r \t, else \u00XX in capitals),
 * everything else, UTF-8 included, verbatim; the canonical form depends
 * on it. */
void timeline_writer_json_string(struct buf *out, const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		BUG("string is not UTF-8 (validate before the store)");
	buf_addc(out, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(out, run, (size_t)(p - run));
		run = p + 1;
		switch (c) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\b': buf_adds(out, "\\b"); break;
		case '\f': buf_adds(out, "\\f"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default: buf_addf(out, "\\u%04X", c); break;
		}
	}
	buf_add(out, run, (size_t)(s + n - run));
	buf_addc(out, '"');
}

void timeline_writer_canonical(const struct timeline_entry *t, struct buf *out)
{
	buf_adds(out, "{\"at\":");
	buf_add_int(out, t->at);
	buf_adds(out, ",\"author\":");
	timeline_writer_json_string(out, t->author);
	buf_adds(out, ",\"content\":");
	buf_adds(out, t->content ? t->content : "null");
	buf_adds(out, ",\"incident\":");
	buf_add_int(out, t->incident);
	buf_adds(out, ",\"kind\":");
	timeline_writer_json_string(out, t->kind);
	buf_adds(out, ",\"seq\":");
	buf_add_int(out, t->seq);
	buf_addc(out, '}');
}

char *timeline_writer_content_text(json_t *content)
{
	char *t = json_dumps(content ? content : json_null(),
			     JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!t)
		BUG("timeline content cannot be serialised");
	return t;
}

int timeline_writer_begin(struct timeline_writer *w, struct store *st, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->st = st;
	w->canon = (struct buf)BUF_INIT;
	if (db_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &w->head,
		       "SELECT seq, hash FROM incident_timeline WHERE incident = ?1 "
		       "ORDER BY seq DESC LIMIT 1",
		       e) ||
	    db_prepare(&st->db, &w->insert,
		       "INSERT INTO incident_timeline (incident, seq, at, author, kind, content, "
		       "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		       e)) {
		db_finalize(&w->head);
		db_finalize(&w->insert);
		buf_release(&w->canon);
		db_rollback(&st->db);
		return -1;
	}
	return 0;
}

/* Signs the head of cache slot c when this transaction appended to it. */
static int sign_slot(struct timeline_writer *w, size_t c, struct err *e)
{
	if (!w->cache[c].appended || w->st->unsigned_writes)
		return 0;
	w->cache[c].appended = 0;
	if (!w->signing) {
		if (record_sign_ready(w->st, e))
			return -1;
		w->signing = 1;
	}
	return record_sign_entry(w->st, w->cache[c].incident, w->cache[c].seq, w->cache[c].hash, e);
}

int timeline_writer_end(struct timeline_writer *w, int ok, struct err *e)
{
	db_finalize(&w->head);
	db_finalize(&w->insert);
	buf_release(&w->canon);
	for (size_t c = 0; ok == 0 && c < w->n_cache; c++)
		ok = sign_slot(w, c, e);
	if (ok == 0 && db_commit(&w->st->db, e) == 0)
		return 0;
	db_rollback(&w->st->db);
	return -1;
}

/* The cache slot of incident's chain head, read from the database the
 * first time in this transaction; on a database error *fail is set. */
static size_t head_slot(struct timeline_writer *w, int64_t incident, struct err *e, int *fail)
{
	size_t c = 0;
	while (c < w->n_cache && w->cache[c].incident != incident)
		c++;
	if (c < w->n_cache)
		return c;
	if (c == TIMELINE_WRITER_HEADS) {
		c = 0; /* evict the oldest, signed first; rare */
		if (sign_slot(w, c, e)) {
			*fail = 1;
			return c;
		}
	} else
		w->n_cache++;
	w->cache[c].incident = incident;
	w->cache[c].appended = 0;
	w->cache[c].seq = 0;
	memcpy(w->cache[c].hash, CHAIN_GENESIS, CHAIN_HEX);
	db_reset(&w->head);
	db_bind_int(&w->head, 1, incident);
	int r = db_step(&w->head, e);
	if (r == 1) {
		w->cache[c].seq = db_col_int(&w->head, 0);
		snprintf(w->cache[c].hash, CHAIN_HEX, "%s", db_col_text(&w->head, 1));
	}
	db_reset(&w->head);
	if (r < 0) {
		w->cache[c].incident = 0; /* not known: read again next time */
		*fail = 1;
	}
	return c;
}

/* The next entry of the incident's chain: its head's slot, the entry's seq
 * and hash (the previous hash is w->cache[*slot].hash, still unchanged). */
static int chain_next(struct timeline_writer *w, int64_t incident, int64_t at, const char *author,
		      const char *kind, const char *text, size_t *slot, int64_t *seq, char *hash,
		      struct err *e)
{
	int fail = 0;
	size_t c = head_slot(w, incident, e, &fail);
	if (fail)
		return -1;
	struct timeline_entry t = { .seq = w->cache[c].seq + 1, .incident = incident, .at = at,
				    .author = (char *)author, .kind = (char *)kind,
				    .content = (char *)text };
	buf_reset(&w->canon);
	timeline_writer_canonical(&t, &w->canon);
	chain_hash(w->cache[c].hash, w->canon.data, w->canon.len, hash);
	*slot = c;
	*seq = t.seq;
	return 0;
}

/* Moves the incident's head on to the entry just made. */
static void chain_advance(struct timeline_writer *w, size_t c, int64_t seq, const char *hash)
{
	w->cache[c].seq = seq;
	w->cache[c].appended = 1;
	memcpy(w->cache[c].hash, hash, CHAIN_HEX);
}

int timeline_writer_append_text(struct timeline_writer *w, int64_t incident, int64_t at,
				const char *author, const char *kind, const char *text,
				int64_t *seq_out, struct err *e)
{
	size_t c;
	int64_t seq;
	char hash[CHAIN_HEX];
	if (chain_next(w, incident, at, author, kind, text, &c, &seq, hash, e))
		return -1;
	db_reset(&w->insert);
	db_bind_int(&w->insert, 1, incident);
	db_bind_int(&w->insert, 2, seq);
	db_bind_int(&w->insert, 3, at);
	db_bind_text(&w->insert, 4, author);
	db_bind_text(&w->insert, 5, kind);
	db_bind_text(&w->insert, 6, text);
	db_bind_text(&w->insert, 7, w->cache[c].hash);
	db_bind_text(&w->insert, 8, hash);
	if (db_run(&w->insert, e))
		return -1;
	chain_advance(w, c, seq, hash);
	if (seq_out)
		*seq_out = seq;
	return 0;
}

int timeline_writer_chain(struct timeline_writer *w, int64_t incident, int64_t at,
			  const char *author, const char *kind, const char *text, int64_t *seq_out,
			  char *prev_hash, char *hash, struct err *e)
{
	size_t c;
	if (chain_next(w, incident, at, author, kind, text, &c, seq_out, hash, e))
		return -1;
	memcpy(prev_hash, w->cache[c].hash, CHAIN_HEX);
	chain_advance(w, c, *seq_out, hash);
	return 0;
}

int timeline_writer_append(struct timeline_writer *w, int64_t incident, int64_t at,
			   const char *author, const char *kind, json_t *content, int64_t *seq_out,
			   struct err *e)
{
	char *text = timeline_writer_content_text(content);
	int rc = timeline_writer_append_text(w, incident, at, author, kind, text, seq_out, e);
	free(text);
	return rc;
}

const char *timeline_writer_head(const struct timeline_writer *w, int64_t incident)
{
	for (size_t c = 0; c < w->n_cache; c++)
		if (w->cache[c].incident == incident)
			return w->cache[c].hash;
	return NULL;
}
