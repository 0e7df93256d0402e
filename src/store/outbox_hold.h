/*
 * outbox_hold.h — the hold before an incident's call-out (issue 14 item 2,
 * migration 019).  With the setting callout_hold (seconds, 0 = none, the
 * default) a new incident's call-out is not queued with it: the incident
 * is 'held' until hold_until, shown on the board with a stop button and a
 * countdown.  When the hold ends (the sender's loop sees it due, or a
 * responder presses 「今すぐ送信」) the call-out is queued, with a note on
 * the timeline, in one transaction; a responder's 「停止」 or JMA's 取消 of
 * the report that started it ends it without sending anything.  Each end
 * happens once: it is written only while the incident is still held.
 */
#ifndef ITBCP_STORE_OUTBOX_HOLD_H
#define ITBCP_STORE_OUTBOX_HOLD_H

#include <stddef.h>
#include <stdint.h>

#include "model/incident.h"
#include "store/store.h"
#include "util/err.h"

/* The longest hold that may be set (callout_hold): half an hour. */
#define OUTBOX_HOLD_MAX 1800

enum outbox_hold {
	HOLD_NONE = 0,  /* no hold: the call-out went with the incident */
	HOLD_HELD,      /* waiting until hold_until */
	HOLD_SENT,      /* the hold ended and the call-out was queued */
	HOLD_STOPPED,   /* a person stopped it: nothing was sent */
	HOLD_WITHDRAWN  /* JMA withdrew the report (取消): nothing was sent */
};
/* "" | "held" | "sent" | "stopped" | "withdrawn" */
const char *outbox_hold_name(enum outbox_hold h);

/* The call-out of the incident inc just written (store_incident_create,
 * in its transaction): held until now + callout_hold when that is set
 * (and delivery is: public_url), else queued now (store_outbox_callout). */
int store_outbox_start(struct store *st, const struct incident *inc, int64_t now, struct err *e);

/* The hold of incident: its state and until when (NO_VALUE when none). */
int store_hold_get(struct store *st, int64_t incident, enum outbox_hold *h, int64_t *until,
		   struct err *e);

/* The ids of the open incidents held whose hold ended by now (free). */
int store_hold_due(struct store *st, int64_t now, int64_t **ids, size_t *n, struct err *e);

/* Ends the hold of incident as how (HOLD_SENT: the call-out is queued
 * now, *queued its rows; HOLD_STOPPED or HOLD_WITHDRAWN: nothing is sent),
 * with note on its timeline by author at `at`, in one transaction.
 * HOLD_SENT also ends a stop or a withdrawal (a person sends after all).
 * Returns 0 done, 1 when the incident was not held (any more: someone
 * else ended it first, or it went already; nothing written), -1 error. */
int store_hold_end(struct store *st, int64_t incident, enum outbox_hold how, const char *note,
		   int64_t at, const char *author, size_t *queued, struct err *e);

#endif
