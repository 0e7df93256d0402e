/*
 * app_jma_watcher.h — the JMA feed watcher on a thread of its own
 * (itbcp-jma), for `itbcp serve --jma-watch`: one poll
 * (app_jma_watch_poll) at start and then every interval, until stopped.
 * A poll that fails is logged and tried again at the next interval; the
 * server goes on either way.
 */
#ifndef ITBCP_APP_APP_JMA_WATCHER_H
#define ITBCP_APP_APP_JMA_WATCHER_H

#include "app/app_jma_watch.h"

struct app_jma_watcher;

/* Starts the thread with a copy of w (its strings must outlive the
 * watcher; w->stop is the watcher's own).  Call from the main thread:
 * the thread is started with SIGINT and SIGTERM blocked, so that they
 * reach the server's sigwait.  -1 with e filled. */
int app_jma_watcher_start(struct app_jma_watcher **out, const struct app_jma_watch *w,
			  struct err *e);

/* Polls done so far (for tests and logs). */
unsigned long app_jma_watcher_polls(struct app_jma_watcher *x);

/* Stops the thread (a transfer under way is aborted, a report being taken
 * in is finished first) and frees x (NULL is fine). */
void app_jma_watcher_free(struct app_jma_watcher *x);

#endif
