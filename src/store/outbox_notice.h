/*
 * outbox_notice.h — peacetime notices through the same outbox (issue 14
 * item 5): an admin is told when a version of the plan waits for
 * approval, a planner when the annual review (R8) falls due.  They go to
 * the accounts of that role that are tied to a person of the plan
 * (users.person, /admin/users), at that person's addresses and the
 * webhooks, carrying the page to act on (public_url + path), never a
 * check-in link.  Nothing is queued when delivery is not set up.
 */
#ifndef ITBCP_STORE_OUTBOX_NOTICE_H
#define ITBCP_STORE_OUTBOX_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* Tells every admin that the version submitted by who (comment) waits
 * for approval.  Joins the caller's transaction: version_submit calls it
 * in its own, so the notice goes with the submission or not at all.
 * *queued (may be NULL) gets the rows. */
int store_notice_approval(struct store *st, const char *who, const char *comment, size_t *queued,
			  struct err *e);

/* Tells every planner that the annual review of the window from–to
 * (YYYY-MM-DD) is due (or overdue), once per window: 1 when it was told
 * already (nothing written), else 0 with *queued (may be NULL) the rows,
 * in one transaction with the mark that it was told. */
int store_notice_review_due(struct store *st, const char *from, const char *to, bool overdue,
			    size_t *queued, struct err *e);

#endif
