/*
 * whom_cache.h — the check-in writer's memory of whom each personal link
 * leads to (store_checkin_whom in checkin_view.h).
 *
 * During a burst the same few thousand links are resolved again and
 * again, and nothing their answers depend on changes: the links, who is
 * called, the incidents' state and names.  Each answer costs a SHA-256
 * of the link and two indexed reads, a quarter of the writer's time
 * (measured with perf during bench/checkin.sh), and the writer is the one
 * part of a check-in that cannot run on several cores.
 *
 * The cache keeps found answers only (an unknown link is never stored,
 * so guessing cannot fill it) and forgets all of them as soon as a
 * version read in the batch's own read transaction moves: on SQLite
 * PRAGMA data_version (any other connection committed anything), on
 * PostgreSQL the whom_version counter that migration 025's triggers move
 * with every change that can change an answer.  A rotated link, a closed
 * incident or a person called later is seen by the very next batch,
 * exactly as without the cache.  The writer's own commits append
 * check-ins only, which change no answer and move neither.  Links are compared in constant time, and the
 * slot is chosen by a keyed hash (SipHash, a random key per cache), so
 * timing tells a guesser nothing about the links held.
 *
 * One owner, one thread: the writer.
 */
#ifndef ITBCP_STORE_WHOM_CACHE_H
#define ITBCP_STORE_WHOM_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct checkin_whom;
struct whom_cache;

/* A new, empty cache (never NULL: out of memory is fatal). */
struct whom_cache *whom_cache_new(void);
void whom_cache_free(struct whom_cache *c);

/* Answers given from the cache, answers read from the database, and how
 * many times everything was forgotten, since whom_cache_new. */
void whom_cache_counts(const struct whom_cache *c, unsigned long *hits, unsigned long *misses,
		       unsigned long *forgets);

/* ---- for store_checkin_whom ---------------------------------------------- */

/* Forgets everything when version (PRAGMA data_version, or PostgreSQL's
 * whom_version counter, read inside the transaction the answers will come
 * from) differs from the last one, or is negative (it could not be
 * read). */
void whom_cache_at_version(struct whom_cache *c, int64_t version);
/* Fills q's outputs from the cache when its link and named incident are
 * held: true.  false (counted as a miss): read it. */
bool whom_cache_get(struct whom_cache *c, struct checkin_whom *q);
/* Keeps q's answer (only when found) to the question (q->token, asked):
 * asked is q->incident as it was before the answer replaced it. */
void whom_cache_put(struct whom_cache *c, int64_t asked, const struct checkin_whom *q);

#endif
