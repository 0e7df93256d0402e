/*
 * standby.h — the web face of a read-only standby site (issue 18, two
 * sites).  When `itbcp serve` runs against a PostgreSQL hot standby it
 * serves every page that only reads, says on each one that this site is a
 * read-only standby (standby_banner), and answers every write 503 with
 * Retry-After and a link to the primary (standby_refuse).  Once the
 * standby is promoted the same server takes writes: standby_now looks
 * again, at most once a second, while the site is a standby.
 */
#ifndef ITBCP_WEB_CORE_STANDBY_H
#define ITBCP_WEB_CORE_STANDBY_H

#include <stdbool.h>

#include "web/core/req.h"

struct web;

/* Seconds a refused writer is told to wait (Retry-After): about what a
 * promotion takes once an operator has decided on it. */
#define STANDBY_RETRY_AFTER "30"

/* True when r's site is a read-only standby now.  While it is, asks the
 * server again on r's connection when the last look is over a second
 * old, so a promotion is seen within a second of the next request.
 * Costs nothing on a primary (no query). */
bool standby_now(struct req *r);
/* Records what a look at w's database found (web_thread_store when a
 * connection opens, standby_now), and says on stderr when it changed. */
void standby_set(struct web *w, bool standby);
/* The banner every page of a standby shows at its top (nothing on a
 * primary): what this site is, what can be done here, where the primary
 * is when serve was told (--primary-url). */
void standby_banner(struct req *r);
/* The primary's address for r: the same check-in link there for a
 * check-in link (a person's report goes to the same token), else its
 * start page; NULL when serve was not told (--primary-url).  In r's
 * arena. */
const char *standby_primary_link(struct req *r);
/* Answers r 503 because this site is a standby: the banner's words, a
 * link to the primary (for a check-in link, the same link there), and
 * Retry-After.  JSON for the API. */
void standby_refuse(struct req *r);

#endif
