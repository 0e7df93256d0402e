/*
 * app_jma_watch.h — watching one of JMA's Atom feeds (気象庁防災情報XML,
 * PULL型): `itbcp jma watch` and the same on a thread of `itbcp serve`
 * (app_jma_watcher.h).  出典：気象庁.
 *
 * A poll asks for the feed with If-Modified-Since / If-None-Match (the
 * validators of the last feed handled whole, kept in the database), reads
 * it (jma/jma_feed.h), and for each entry of interest (VXSE51/52/53,
 * VTSE41, by the link's file name or the title) not fetched before,
 * oldest first, fetches the report from the feed's own server and hands it
 * to the ingest path (app_jma.h), which decides and acts.  Each report is
 * fetched once: JMA asks that no file is fetched again, and has blocked
 * addresses that did.
 *
 * Everything outside is bounded: connect and total timeouts, a size cap
 * (the feed JMA_FEED_MAX, a report JMA_REPORT_MAX), HTTP and HTTPS only,
 * certificates verified, no redirects, report addresses only on the
 * feed's own scheme, host and port.  A feed that times out, answers an
 * HTTP error, garbage or too much is logged and starts nothing; the next
 * interval tries again.  A report that could not be fetched is not
 * remembered, so the next poll fetches it; one that arrived but cannot be
 * read is remembered as refused (its bytes would be refused again).
 */
#ifndef ITBCP_APP_APP_JMA_WATCH_H
#define ITBCP_APP_APP_JMA_WATCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "util/err.h"
#include "util/lang.h"

#define APP_JMA_FEED_DEFAULT "https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml"
/* JMA updates the high-frequency feed once a minute and asks for no more
 * than about that; a shorter interval is refused for JMA's own host. */
#define APP_JMA_INTERVAL_DEFAULT 60
#define APP_JMA_INTERVAL_JMA_MIN 60
#define APP_JMA_INTERVAL_MAX 86400
#define APP_JMA_TIMEOUT_DEFAULT 30 /* seconds for one transfer, all told */

struct app_jma_watch {
	const char *db_path;
	const char *feed;   /* the feed's address */
	long interval;      /* seconds between polls (the loops use it) */
	long timeout;       /* seconds for one transfer */
	const char *author; /* for the incident's timeline */
	enum lang lang;
	FILE *log;          /* one line per thing fetched, decided or failed */
	atomic_int *stop;   /* when not NULL and set, a transfer under way ends */
};

/* What one poll did, for the caller's exit status and for tests. */
struct app_jma_poll {
	bool not_modified;    /* 304: nothing fetched */
	unsigned entries;     /* in the feed */
	unsigned of_interest; /* VXSE51/52/53, VTSE41 */
	unsigned seen;        /* of those, fetched before */
	unsigned ingested;    /* fetched and taken in now */
	unsigned refused;     /* fetched, not a report we can read (remembered) */
	unsigned failed;      /* not fetched or not taken in: the next poll retries */
};

/* Fills w's feed, interval and timeout from the options given (NULL: not
 * given), else the environment (ITBCP_JMA_FEED, ITBCP_JMA_INTERVAL), else
 * the defaults, and checks them: an http or https address, an interval of
 * 1 to APP_JMA_INTERVAL_MAX seconds (at least APP_JMA_INTERVAL_JMA_MIN for
 * JMA's own host), a timeout of 1 to 300 seconds.  -1 with e naming the
 * option or variable that is wrong. */
int app_jma_watch_settings(struct app_jma_watch *w, const char *feed, const char *interval,
			   const char *timeout, struct err *e);

/* One poll of w->feed (app_jma_fetch_global_init first); *out says what it did, w->log every step.  0 when
 * the feed was read or not modified (reports that failed count in
 * out->failed), -1 with e when the feed itself could not be had or read. */
int app_jma_watch_poll(const struct app_jma_watch *w, struct app_jma_poll *out, struct err *e);

#endif
