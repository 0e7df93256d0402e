/*
 * app_witness.h — each incident record's last entry and hash, and the
 * record key, sent to a witness outside this machine at an interval
 * (issue 15, item 12): settings witness_to (an e-mail address or an
 * http(s):// webhook) and witness_interval (seconds, default 3600).  A
 * message kept by the witness later proves, with `itbcp incident verify
 * ID --witness SEQ:HASH`, that a record was neither rewritten nor cut
 * short since.  Looked at every second by the outbox sender's hook
 * (app_followup.c); a message goes when the interval has passed and the
 * values changed (the first at once).
 */
#ifndef ITBCP_APP_APP_WITNESS_H
#define ITBCP_APP_APP_WITNESS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model/message.h"
#include "store/store.h"
#include "util/err.h"

#define APP_WITNESS_INTERVAL_DEFAULT 3600

/* The message of heads (store_record_heads's object) into out (free
 * with message_text_release): subject, a mail body in Japanese then
 * English, and one line per record for a webhook.  Pure. */
void app_witness_message(json_t *heads, struct message_text *out);

/* One look at now: the message queued when witness_to is set, there is
 * a record, and it is due.  *queued (may be NULL) gets 1 or 0; -1 on a
 * database error. */
int app_witness_tick(struct store *st, int64_t now, size_t *queued, struct err *e);

#endif
