/*
 * outbox_witness.h — the record's check values sent to a witness (issue
 * 15, item 12): an e-mail address or a webhook outside this machine,
 * through the same durable outbox as every other message.  What is sent
 * is app/app_witness.c's; here, only whether it is due and the queueing.
 */
#ifndef ITBCP_STORE_OUTBOX_WITNESS_H
#define ITBCP_STORE_OUTBOX_WITNESS_H

#include <stdint.h>

#include "model/message.h"
#include "store/store.h"
#include "util/err.h"

/* Queues t to `to` (an http(s):// URL gets t->chat as a webhook, anything
 * else is an e-mail address and gets subject and body), kind "witness",
 * when no witness message was queued in the interval seconds before now,
 * or the last one went elsewhere or said the same as t does not.  In one
 * synced transaction.  1 queued, 0 not (not due, or nothing new to say),
 * -1 on a database error. */
int store_outbox_witness(struct store *st, const char *to, const struct message_text *t,
			 int64_t now, int64_t interval, struct err *e);

#endif
