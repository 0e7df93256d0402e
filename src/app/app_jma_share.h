/*
 * app_jma_share.h — one fetch of JMA's feed and reports for several
 * agencies' watchers (serve --agencies --jma-watch, issue 18 item 5).
 *
 * Each agency's watcher polls on its own (its database keeps what it has
 * seen and the feed's validators), all at the same interval from the same
 * start, so without sharing N agencies would ask JMA N times a poll for
 * the same feed and the same reports.  With sharing on, an answer 200
 * fetched less than the window ago (half the interval: agencies polling
 * together share, the next poll asks again) is given again instead:
 * to a watcher whose validators are the answer's own, as 304; to any
 * other, as the same 200 with its validators.  A 304 JMA gave to a
 * watcher holding the kept answer's validators makes the kept answer
 * fresh again.  A watcher asking for what another is fetching at that
 * moment waits for that answer (bounded by the fetch's own timeout)
 * instead of asking too.  Only whole 200 answers are kept, at most
 * APP_JMA_SHARE_ENTRIES of them, each within the caller's size cap;
 * failures are never kept (the next watcher asks again).
 */
#ifndef ITBCP_APP_APP_JMA_SHARE_H
#define ITBCP_APP_APP_JMA_SHARE_H

#include "app/app_jma_fetch.h"

#define APP_JMA_SHARE_ENTRIES 64

/* Turns sharing on for window_ms (0: off, the default; then every fetch
 * goes to the network).  Before the watchers start. */
void app_jma_share_window(long window_ms);

/* app_jma_fetch, through the shared answers when sharing is on. */
int app_jma_fetch_shared(const char *url, size_t max, const char *ims, const char *inm,
			 long timeout, atomic_int *stop, enum lang lang, struct app_jma_fetch *f,
			 struct err *e);

/* Answers given from the kept ones, and fetches made, since the start
 * (for tests and the log). */
void app_jma_share_counts(unsigned long *shared, unsigned long *fetched);

/* Forgets every kept answer (after the watchers have stopped). */
void app_jma_share_clear(void);

#endif
