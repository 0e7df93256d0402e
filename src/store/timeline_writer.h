/*
 * timeline_writer.h — appending to an incident's hash-chained timeline,
 * inside the write transaction that changes the incident's state: what
 * the incident's writes (incident_store.c) and the check-in batch
 * (checkin_store.c) share.  Private to src/store/ (it hands out struct
 * stmt), like db.h.
 *
 * The canonical bytes of an entry are incident_store.h's; the link is
 * util/chain.h's.  The chain head is read inside the write transaction
 * (BEGIN IMMEDIATE holds the write lock, so no one else can append
 * between the read and the insert).
 *
 * Before it commits, the writer signs the last entry it appended to each
 * incident (record_sign.h): one signature per transaction and incident,
 * which vouches through the chain for every entry before it.
 */
#ifndef ITBCP_STORE_TIMELINE_WRITER_H
#define ITBCP_STORE_TIMELINE_WRITER_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/timeline_writer.h belongs to src/store/"
#endif

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model/incident.h"
#include "store/db.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/chain.h"
#include "util/err.h"

/* Appends the JSON form of string s (NULL: ""), byte for byte as
 * jansson's compact dump writes it; s must be UTF-8 (a BUG() otherwise:
 * validate before the store). */
void timeline_writer_json_string(struct buf *out, const char *s);
/* The canonical bytes of an entry (incident_store.h) into out. */
void timeline_writer_canonical(const struct timeline_entry *t, struct buf *out);
/* The canonical text of a content value (compact, keys sorted; NULL is
 * null), the caller's to free(). */
char *timeline_writer_content_text(json_t *content);

/* Chain heads of the incidents seen in one transaction (a batch of
 * check-ins touches few incidents). */
#define TIMELINE_WRITER_HEADS 8

/* One write transaction with its appends; a value of this type lives
 * between timeline_writer_begin and timeline_writer_end. */
struct timeline_writer {
	struct store *st;
	struct stmt head, insert;
	struct {
		int64_t incident, seq;
		char hash[CHAIN_HEX];
		int appended; /* this transaction appended to it: sign its head */
	} cache[TIMELINE_WRITER_HEADS];
	size_t n_cache;
	int signing; /* the record key made ready in this transaction */
	struct buf canon; /* the entry being hashed, its memory kept */
};

/* Begins a write transaction on st and prepares the appends: 0, or -1
 * with nothing begun. */
int timeline_writer_begin(struct timeline_writer *w, struct store *st, struct err *e);
/* Signs the head of each incident appended to and commits, when ok is 0,
 * else rolls back; returns 0 only on commit.  w is released either way. */
int timeline_writer_end(struct timeline_writer *w, int ok, struct err *e);

/* Appends an entry whose content is the canonical JSON text `text` to
 * the incident's chain; *seq_out (when not NULL) gets its seq. */
int timeline_writer_append_text(struct timeline_writer *w, int64_t incident, int64_t at,
				const char *author, const char *kind, const char *text,
				int64_t *seq_out, struct err *e);
/* The chain step of timeline_writer_append_text without the INSERT: the
 * entry's seq and prev_hash/hash (CHAIN_HEX each) into the out-parameters
 * and the incident's head moved on, as if it were written.  The caller
 * inserts the entry (incident, seq, at, author, kind, text, prev_hash,
 * hash) in the same transaction before timeline_writer_end, or fails the
 * transaction: checkin_store.c writes a PostgreSQL batch's entries in one
 * statement. */
int timeline_writer_chain(struct timeline_writer *w, int64_t incident, int64_t at,
			  const char *author, const char *kind, const char *text, int64_t *seq_out,
			  char *prev_hash, char *hash, struct err *e);
/* timeline_writer_append_text with the canonical text of content
 * (borrowed). */
int timeline_writer_append(struct timeline_writer *w, int64_t incident, int64_t at,
			   const char *author, const char *kind, json_t *content, int64_t *seq_out,
			   struct err *e);
/* The hash of the incident's last entry appended through w, borrowed
 * until timeline_writer_end; NULL when w has not appended to it. */
const char *timeline_writer_head(const struct timeline_writer *w, int64_t incident);

#endif
