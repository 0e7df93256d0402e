/*
 * verify_guard.c — one long verification at a time, its verdict reused
 * while the record's head stays the same (verify_guard.h).
 */
#include "web/core/verify_guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* See verify_guard.h. */
struct verify_guard *verify_guard_new(void)
{
	struct verify_guard *g = xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->mu, NULL);
	return g;
}

/* See verify_guard.h. */
void verify_guard_free(struct verify_guard *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->mu);
	free(g);
}

/* Whether g's verdict is about this head and recent enough (g->mu held). */
static bool reusable(const struct verify_guard *g, int64_t incident, int64_t last_seq,
		     const char *head, int64_t now)
{
	return g->have && g->incident == incident && g->last_seq == last_seq &&
	       strcmp(g->head, head) == 0 && now >= g->at && now - g->at < VERIFY_REUSE_SECONDS;
}

/* See verify_guard.h. */
enum verify_outcome verify_guard_run(struct verify_guard *g, struct store *st, int64_t incident,
				     int64_t last_seq, const char *head, int64_t now,
				     struct timeline_check *out, int64_t *at, struct err *e)
{
	pthread_mutex_lock(&g->mu);
	if (reusable(g, incident, last_seq, head, now)) {
		*out = g->chk;
		*at = g->at;
		pthread_mutex_unlock(&g->mu);
		return VERIFY_REUSED;
	}
	if (g->running) {
		pthread_mutex_unlock(&g->mu);
		return VERIFY_BUSY;
	}
	g->running = true;
	pthread_mutex_unlock(&g->mu);

	/* Outside the lock: seconds of hashing must not hold other askers. */
	int rc = store_timeline_verify(st, incident, out, e);

	pthread_mutex_lock(&g->mu);
	g->running = false;
	/* Kept only when it is about the head the caller read: entries
	 * appended since then make it a verdict on a longer record. */
	g->have = rc == 0 && (int64_t)out->entries == last_seq && strcmp(out->head, head) == 0;
	if (g->have) {
		g->incident = incident;
		g->last_seq = last_seq;
		snprintf(g->head, sizeof g->head, "%s", head);
		g->at = now;
		g->chk = *out;
	}
	pthread_mutex_unlock(&g->mu);
	*at = now;
	return rc ? VERIFY_FAILED : VERIFY_FRESH;
}
