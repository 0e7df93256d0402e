/*
 * jma_feed_store.h — what the JMA feed watcher fetched (migration 012):
 * each report a feed announced, fetched once, and each feed's validators
 * (Last-Modified, ETag) for the next conditional poll.  Every write is
 * committed and synced before it returns 0.  出典：気象庁.
 */
#ifndef ITBCP_STORE_JMA_FEED_STORE_H
#define ITBCP_STORE_JMA_FEED_STORE_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* 1 when an entry with this id (unless "") or this address was fetched
 * before, 0 when not, -1 on error. */
int jma_feed_store_seen(struct store *st, const char *entry_id, const char *link, struct err *e);

/* Remembers a fetched entry: outcome "ingested" (report: its jma_reports
 * id) or "refused" (report 0, reason why).  0 or -1. */
int jma_feed_store_add(struct store *st, const char *feed, const char *entry_id, const char *link,
		       const char *type, const char *outcome, int64_t report, const char *reason,
		       struct err *e);

/* The validators kept for feed: *last_modified and *etag ("" when none;
 * the caller frees both).  0 or -1. */
int jma_feed_store_validators(struct store *st, const char *feed, char **last_modified,
			      char **etag, struct err *e);

/* Records a poll of feed: status in words; the validators are replaced
 * only when last_modified is not NULL (a feed handled whole).  0 or -1. */
int jma_feed_store_polled(struct store *st, const char *feed, const char *last_modified,
			  const char *etag, const char *status, struct err *e);

#endif
