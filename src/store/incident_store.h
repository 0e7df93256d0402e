/*
 * incident_store.h — incidents in the database (migration 003): the
 * snapshot, the state tables, personal check-in tokens and the
 * append-only, hash-chained timeline.  The check-in reports themselves,
 * the server's hot path, are checkin_store.h's.
 *
 * Every write is one transaction holding the state change and its
 * timeline entry; it has been committed (synchronous=FULL, so synced)
 * when the function returns 0.  On -1 nothing was written.  Callers
 * validate input first (app/app_incident.c); these functions check only
 * what needs the database (the incident exists and is open, the person
 * was called).  Not thread-safe per struct store: one connection per
 * thread, as db.h says.
 *
 * The timeline.  Each incident has its own chain: seq 1, 2, … .  The
 * canonical bytes of an entry are the compact JSON object with keys in
 * this order and no spaces:
 *     {"at":AT,"author":"…","content":CONTENT,"incident":ID,"kind":"…","seq":SEQ}
 * where CONTENT is the stored content text verbatim (itself canonical
 * JSON: keys sorted, compact, UTF-8 unescaped; jansson's JSON_COMPACT |
 * JSON_SORT_KEYS), and strings are JSON-escaped the same way.  The
 * entries are linked by util/chain.h: hash = SHA-256(the 32 bytes of
 * prev_hash || canonical bytes), stored as lower-case hex; the first
 * entry's prev_hash is 64 zeros (CHAIN_GENESIS).  SQLite triggers refuse
 * every UPDATE and DELETE of the timeline.
 */
#ifndef ITBCP_STORE_INCIDENT_STORE_H
#define ITBCP_STORE_INCIDENT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/incident.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* ---- incidents ------------------------------------------------------- */

/* Inserts inc (header and snapshot arrays; inc->id is set on return) and
 * its first timeline entry, kind "start", whose content is `content`
 * (borrowed).  at = when it was entered.  The call-out to every called
 * person is queued in the same transaction (store_outbox_callout,
 * outbox_store.h): nothing when delivery is not set up. */
int store_incident_create(struct store *st, struct incident *inc, int64_t at, const char *author,
			  json_t *content, struct err *e);

/* Every incident's header fields (no arrays), newest first; free each
 * with incident_release and the array with free(). */
int store_incident_list(struct store *st, struct incident **out, size_t *n, struct err *e);

/* Loads the whole incident: header, snapshot with state, every check-in
 * (oldest first), decisions/notes, and the chain head.  0 loaded, 1 no
 * such incident, -1 error.  out must be INCIDENT_INIT. */
int store_incident_load(struct store *st, int64_t id, struct incident *out, struct err *e);
/* The same for a board during a burst: of the check-ins only each
 * person's latest and earliest report are loaded (crisis_board_compute
 * gives the same board from them), so the cost follows the number of
 * people, not of reports. */
int store_incident_load_board(struct store *st, int64_t id, struct incident *out, struct err *e);
/* Less again, for a summary such as the dashboard's banner: the header and
 * the systems (no people, steps, check-ins or records), with how many
 * people are called and how many of them have answered. */
int store_incident_load_summary(struct store *st, int64_t id, struct incident *out,
				size_t *called, size_t *answered, struct err *e);

/* ---- the other writes: state row + timeline entry, one transaction ---- */

/* Writes the step's state (insert when added is true and it is new) with
 * a timeline entry of kind, content borrowed. */
int store_incident_step_put(struct store *st, int64_t incident, const struct incident_step *s,
			    bool insert, int64_t at, const char *author, const char *kind,
			    json_t *content, struct err *e);
/* Whether a tick of the offline pack (the step, when and by whom the
 * phone says it was ticked) is already in the incident's record
 * (migration 016): *seen.  Read inside the caller's write transaction, so
 * that the answer holds until its store_incident_pack_tick. */
int store_incident_pack_seen(struct store *st, int64_t incident, const char *step,
			     int64_t ticked_at, const char *ticked_by, bool *seen, struct err *e);
/* Takes one tick of the offline pack into the record: the step's state
 * (as the caller computed it), a timeline entry of kind with content
 * (borrowed), and the tick's key, so that it is never taken in twice. */
int store_incident_pack_tick(struct store *st, int64_t incident, const struct incident_step *s,
			     int64_t ticked_at, const char *ticked_by, int64_t at, const char *author,
			     const char *kind, json_t *content, struct err *e);
/* Writes the system's recovery state with a timeline entry "system". */
int store_incident_system_put(struct store *st, int64_t incident, const struct incident_system *s,
			      int64_t at, const char *author, json_t *content, struct err *e);
/* Records a decision, note or support request (kind) with its entry. */
int store_incident_record_add(struct store *st, int64_t incident, const char *kind,
			      const char *text, int64_t at, const char *author, int64_t *seq,
			      struct err *e);
/* Stores the review (§4.2.2, JSON text) with an entry of kind and content. */
int store_incident_review_put(struct store *st, int64_t incident, const char *review_json,
			      int64_t at, const char *author, const char *kind, json_t *content,
			      struct err *e);

/* Closes the incident: state closed at `at`, the review stored, entry
 * "close" with content.  For a drill, training (when not NULL, a new
 * §4.1 training row to add first) and record (the training_record) are
 * added to the plan in the same transaction. */
int store_incident_close(struct store *st, int64_t incident, const char *review_json, int64_t at,
			 const char *author, json_t *content, const struct training *training,
			 const struct training_record *record, struct err *e);

/* Adds people to running incident `incident` (incident_callout.c): each
 * gets a check-in link (created when missing), a row of the incident
 * (ask and called_at = at; one already there only asked if safe and now
 * called in is called in), the holders of the roles now called are
 * added, and one timeline entry of kind "called" whose content is
 * {"people":[{"ask":…,"person":…}…],"text":note} also kept as a note for
 * the leads — all in one transaction, committed and synced when it
 * returns 0.  -1 with nothing written (also when the incident is closed). */
int store_incident_add_people(struct store *st, int64_t incident,
			      const struct incident_person *people, size_t n,
			      const struct incident_holder *holders, size_t n_holders,
			      const char *note, int64_t at, const char *author, int64_t *seq,
			      struct err *e);

/* ---- the timeline ------------------------------------------------------ */

/* Every entry of the incident, seq order; free with timeline_entry_release
 * each and free() the array. */
int store_timeline_load(struct store *st, int64_t incident, struct timeline_entry **out,
			size_t *n, struct err *e);
/* A page of entries, newest first: at most limit with seq < before (0:
 * from the newest).  Free as store_timeline_load's. */
int store_timeline_page(struct store *st, int64_t incident, int64_t before, size_t limit,
			struct timeline_entry **out, size_t *n, struct err *e);
/* The canonical bytes of an entry (see above) into out. */
void store_timeline_canonical(const struct timeline_entry *t, struct buf *out);
/* hex SHA-256(prev_hash bytes || canonical) into out (65 bytes):
 * chain_hash of util/chain.h, for the timeline's callers. */
void store_timeline_hash(const char *prev_hash, const struct buf *canonical, char out[65]);

struct timeline_check {
	size_t entries;      /* entries read */
	int64_t bad_seq;     /* first broken entry, 0 when the chain is whole */
	char reason[160];    /* why it is broken (English, for logs and JSON) */
	char head[65];       /* hash of the last entry */
	/* The signatures (timeline_sigs.h), when the chain holds: */
	size_t signed_entries;   /* entries vouched for by a signature that verifies */
	size_t unsigned_entries; /* entries written before signing existed, not vouched for since */
	int64_t key_id;          /* the record key of the last signature; 0: none */
	unsigned char key[32];   /* its public key */
	/* Filled by app_incident_verify: 1 the key file here holds that key,
	 * 2 a key this database took up later, -1 one it had before (the
	 * record was signed again: a failure), 0 no key file to compare. */
	int key_file;
};
/* Recomputes the chain of the incident, checks its signatures
 * (timeline_sigs.h: a chain rewritten without the record key) and
 * compares it with the rows it records (timeline_rows.h: a lost tail).  0 with out filled (bad_seq 0 =
 * whole), -1 on a database error. */
int store_timeline_verify(struct store *st, int64_t incident, struct timeline_check *out,
			  struct err *e);
/* store_timeline_verify for every incident in id order, up to the first
 * whose record does not hold: *bad_incident its id (0: all hold) and bad
 * its check; *verified the incidents that held before it.  The whole
 * database's word for a backup and a copy.  0, or -1 on a database error. */
int store_timeline_verify_all(struct store *st, int64_t *verified, int64_t *bad_incident,
			      struct timeline_check *bad, struct err *e);

/* ---- personal check-in tokens ---------------------------------------- */

/* A token is base64url (no padding) of the first 20 bytes (160 bits) of
 * HMAC-SHA-256(secret, "itbcp-checkin\0" person "\0" generation), with a
 * 32-byte per-database secret from libsodium's CSPRNG.  It stays the same
 * until rotated, so printed wallet cards keep working; the database keeps
 * only SHA-256(token) to look it up by. */
#define STORE_TOKEN_LEN 27

/* The person's current token into out, creating the secret and the
 * person's row when missing (a write). */
int store_checkin_token(struct store *st, const char *person, char out[STORE_TOKEN_LEN + 1],
			struct err *e);
/* Tokens for n people in one transaction; out[i] gets person[i]'s. */
int store_checkin_tokens(struct store *st, const char *const *people, size_t n,
			 char (*out)[STORE_TOKEN_LEN + 1], struct err *e);
/* A new token for the person (the old one stops working). */
int store_checkin_token_rotate(struct store *st, const char *person,
			       char out[STORE_TOKEN_LEN + 1], struct err *e);
/* The person a token belongs to (into person, size n): 1 found, 0 not
 * (malformed or unknown), -1 database error.  Looks up by SHA-256 of the
 * token and compares with sodium_memcmp; works on a read-only store. */
int store_checkin_token_lookup(struct store *st, const char *token, char *person, size_t n,
			       struct err *e);
/* The SHA-256 (32 bytes) under which the token's row is found, as
 * store_checkin_token_lookup looks it up (store_checkin_whom's batch on
 * PostgreSQL looks many up at once). */
void store_checkin_token_hash(const char *token, unsigned char out[32]);
/* Revokes the token of everyone who is no longer a person of the plan
 * (deleted, renamed, or left out of an import), inside the caller's
 * transaction: the deletion and the revocation commit together.  A new
 * person given a revoked id gets a new token, never the old link.  Called
 * by every store function that removes people (store_replace_plan,
 * element_store_update/delete, people_store_apply). */
int store_checkin_tokens_revoke_gone(struct store *st, struct err *e);
/* Whether token has the shape of one (STORE_TOKEN_LEN base64url
 * characters): what can be said of a link without the database. */
bool store_checkin_token_wellformed(const char *token);

#endif
