/*
 * app_deliver.h — what a responder asks of delivery during an incident
 * (issue 14): send a person's check-in link again, recorded on the
 * incident's timeline.
 */
#ifndef ITBCP_APP_APP_DELIVER_H
#define ITBCP_APP_APP_DELIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/lang.h"

/* Queues the call-out of person (called for the open incident) again —
 * one message per address and webhook, with their own link — and a note
 * on the timeline by author, in one transaction.  *queued gets how many.
 * -1 with a message for a person (lang) when the incident is not open,
 * the person was not called, or nothing could be queued (delivery not set
 * up, or the person has no address). */
int app_deliver_resend(const char *db_path, int64_t incident, const char *person,
		       const char *author, enum lang lang, size_t *queued, struct err *e);

/* A responder ends the hold of incident's call-out (store/outbox_hold.h):
 * send (「今すぐ送信」: queued now, also after a stop or a withdrawal)
 * or stop (「停止」: nothing is sent), with a note on the timeline naming
 * author, in one transaction; *queued gets the rows queued.  -1 with a
 * message for a person (lang) when the incident is not open, or not held
 * (any more: the hold ended or someone else pressed first). */
int app_deliver_hold(const char *db_path, int64_t incident, bool send, const char *author,
		     enum lang lang, size_t *queued, struct err *e);

/* The check-in link of person, called for the open incident, for a
 * responder to show as a QR code (the board): malloc'd into *link, with a
 * note on the timeline naming author and person, in one transaction — a
 * link is a credential, so who showed whose is on the record.  -1 with a
 * message for a person (lang) when the incident is not open, the person
 * was not called, or public_url is not set. */
int app_deliver_link(const char *db_path, int64_t incident, const char *person,
		     const char *author, enum lang lang, char **link, struct err *e);

#endif
