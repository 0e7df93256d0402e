/*
 * outbox_queue.h — what the outbox's writers share (outbox_store.c, the
 * call-out; outbox_followup.c, reminders and deputies; outbox_hold.c, the
 * hold): a person's own link, and one message to each of their addresses
 * and each webhook.  Private to src/store/.
 */
#ifndef ITBCP_STORE_OUTBOX_QUEUE_H
#define ITBCP_STORE_OUTBOX_QUEUE_H

#if !defined(ITBCP_IN_store) && !defined(ITBCP_IN_tests)
#error "store/outbox_queue.h belongs to src/store/"
#endif

#include <stddef.h>
#include <stdint.h>

#include "model/message.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* Delivery's public_url and webhook_url (malloc'd; *hooks may be NULL):
 * 1 when public_url is set (delivery set up), 0 when not (both NULL), -1
 * on error. */
int outbox_queue_settings(struct store *st, char **base, char **hooks, struct err *e);

/* base + "/c/" + token (base's trailing slashes dropped) into out. */
void outbox_queue_link(const char *base, const char *token, struct buf *out);

/* Queues t (kind, for incident, to person, carrying link) once per e-mail
 * address of person (work, then private) and once per URL of hooks (the
 * chat text), due at now; adds the rows to *queued.  Joins the caller's
 * transaction. */
int outbox_queue_person(struct store *st, int64_t incident, const char *kind, const char *person,
			const char *link, const struct message_text *t, const char *hooks,
			int64_t now, size_t *queued, struct err *e);

/* Starts (or restarts, at now) the follow-up of person's call-out in
 * incident: reminders are counted from now (outbox_followup.c). */
int outbox_queue_followup(struct store *st, int64_t incident, const char *person, int64_t now,
			  struct err *e);

#endif
