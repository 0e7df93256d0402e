/*
 * app_jma_fetch.h — one HTTP GET of the JMA feed watcher (libcurl), with
 * every bound the watcher promises: HTTP and HTTPS only, certificates
 * verified, no redirects, a connect timeout (at most APP_JMA_CONNECT_MAX)
 * and a total one, a size cap on the decoded body, the validators of a
 * conditional GET, and an end when told to stop.  No parsing, no
 * database: app_jma_watch.c decides what the answer means.
 */
#ifndef ITBCP_APP_APP_JMA_FETCH_H
#define ITBCP_APP_APP_JMA_FETCH_H

#include <stdatomic.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

#define APP_JMA_CONNECT_MAX 10      /* seconds to connect, at most */
#define APP_JMA_VALIDATOR_MAX 200   /* bytes of a Last-Modified or ETag kept */

/* What came back. */
struct app_jma_fetch {
	struct buf body;     /* at most the cap given; release it */
	long status;         /* the HTTP status: 200, 304, 500 … */
	char last_modified[APP_JMA_VALIDATOR_MAX]; /* "" when none (or too long) */
	char etag[APP_JMA_VALIDATOR_MAX];
	atomic_int *stop;
};

/* GETs url into *f (the body at most max bytes), sending If-Modified-Since
 * ims and If-None-Match inm when not NULL nor "", within timeout seconds,
 * ending early when stop (if not NULL) is set.  0 with f->status set,
 * whatever it is; -1 with e saying, after url, why nothing usable came
 * (timed out, refused, certificate, too large …).  Release f->body either
 * way. */
int app_jma_fetch(const char *url, size_t max, const char *ims, const char *inm, long timeout,
		  atomic_int *stop, enum lang lang, struct app_jma_fetch *f, struct err *e);

/* libcurl's global state: once per process, on the main thread, before
 * any fetch, and after the last one. */
void app_jma_fetch_global_init(void);
void app_jma_fetch_global_cleanup(void);

#endif
