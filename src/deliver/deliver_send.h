/*
 * deliver_send.h — what one attempt at sending a message came to, shared
 * by the two channels (deliver_smtp.c, deliver_webhook.c) and the outbox
 * loop that records it.
 */
#ifndef ITBCP_DELIVER_DELIVER_SEND_H
#define ITBCP_DELIVER_DELIVER_SEND_H

#include <curl/curl.h>

#include "deliver/deliver_config.h"
#include "store/outbox_store.h"

enum deliver_outcome {
	DELIVER_SENT,      /* the server accepted it */
	DELIVER_RETRY,     /* try again later (network, 4xx SMTP, 5xx HTTP, settings) */
	DELIVER_PERMANENT, /* it will never go (5xx SMTP to this address, a bad address) */
};

struct deliver_result {
	enum deliver_outcome outcome;
	char response[200]; /* what the server answered last, for deliver list */
	char error[200];    /* why it did not go, English */
};

/* Every transfer's limits: connecting, and the whole transfer. */
#define DELIVER_CONNECT_TIMEOUT_S 10L
#define DELIVER_TIMEOUT_S 60L

/* Sends m by SMTP on the handle h (kept between messages, so its
 * connection is reused), by the settings c. */
void deliver_smtp_send(CURL *h, const struct deliver_config *c, const struct outbox_msg *m,
		       struct deliver_result *out);

/* POSTs m as JSON {text, person, link, incident, kind, id} to its address;
 * a 2xx answer is accepted. */
void deliver_webhook_send(CURL *h, const struct deliver_config *c, const struct outbox_msg *m,
			  struct deliver_result *out);

#endif
