/*
 * verify_guard.h — long verifications of an incident's record, bounded.
 *
 * Verifying a record recomputes every entry's hash: about 10 µs an entry,
 * seconds for the hundreds of thousands a burst of check-ins leaves.  The
 * timeline page does it on request (?verify=1), and any signed-in viewer
 * may ask, as often as they like; each request would hold a server thread
 * and a core for seconds.  So the server runs one such verification at a
 * time (a second asker is told to come back in a moment) and keeps the
 * last verdict: asked again for the same incident while its record has
 * the same head (same last entry and hash), within VERIFY_REUSE_SECONDS,
 * it answers with that verdict and says when it was reached.  A record
 * altered behind the server's back therefore shows within that time at
 * most; `itbcp incident verify` always recomputes.
 */
#ifndef ITBCP_WEB_CORE_VERIFY_GUARD_H
#define ITBCP_WEB_CORE_VERIFY_GUARD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/incident_store.h"

#define VERIFY_REUSE_SECONDS 60

struct verify_guard {
	pthread_mutex_t mu;
	bool running;               /* a verification is under way */
	bool have;                  /* the fields below hold a verdict */
	int64_t incident, last_seq; /* what it was about */
	char head[65];
	int64_t at;                 /* when it was reached (Unix seconds) */
	struct timeline_check chk;
};

struct verify_guard *verify_guard_new(void);
void verify_guard_free(struct verify_guard *g); /* NULL is fine */

enum verify_outcome {
	VERIFY_FRESH,   /* verified now: *out is its verdict */
	VERIFY_REUSED,  /* *out is the verdict reached at *at */
	VERIFY_BUSY,    /* another verification is running: ask again shortly */
	VERIFY_FAILED,  /* a database error (e filled) */
};

/* The verdict on incident's record, whose head is (last_seq, head) as the
 * caller read it, at time now: verified on st, or reused, or refused as
 * busy.  *at gets when the verdict was reached. */
enum verify_outcome verify_guard_run(struct verify_guard *g, struct store *st, int64_t incident,
				     int64_t last_seq, const char *head, int64_t now,
				     struct timeline_check *out, int64_t *at, struct err *e);

#endif
