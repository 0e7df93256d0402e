/*
 * deliver_config.h — the settings of delivery: which keys there are, what
 * each may hold (checked when set, with a message saying what is wrong),
 * and the whole set read back for a sender.
 *
 * Keys (itbcp deliver set KEY VALUE; an empty VALUE removes the key):
 *   public_url         the address people reach the server at; a link is
 *                      public_url/c/TOKEN.  Without it nothing is queued.
 *   smtp_url           smtp://host:587 (STARTTLS per smtp_tls) or
 *                      smtps://host:465 (TLS from the start)
 *   smtp_tls           optional (default: STARTTLS when offered) | required
 *   smtp_from          the sender's address
 *   smtp_user          the submission account (AUTH), when needed
 *   smtp_password_file a file holding its password (read at each
 *                      connection; never stored, never on a command line)
 *   webhook_url        one or more http(s) URLs, separated by spaces
 *   deliver_parallel   connections at once, 1–16 (default 4)
 *   remind_interval    seconds between reminders to the silent, 0–86400
 *                      (default 600; 0: neither reminders nor deputies)
 *   remind_count       reminders before the deputies are told, 0–10
 *                      (default 2)
 *   callout_hold       seconds a new incident's call-out waits, 0–1800
 *                      (default 0: none; store/outbox_hold.h)
 *   witness_to         where each record's last entry and hash are sent:
 *                      an e-mail address or an http(s):// webhook
 *   witness_interval   seconds between them, 1–86400 (default 3600)
 * The last five are read where they are acted on (app/app_followup.c,
 * store/outbox_hold.c, app/app_witness.c), with the same defaults.  Every
 * key but deliver_parallel is read again at each look of the sender, so a
 * change (itbcp deliver set, /admin/delivery) needs no restart;
 * deliver_parallel is the number of threads serve starts.
 */
#ifndef ITBCP_DELIVER_DELIVER_CONFIG_H
#define ITBCP_DELIVER_DELIVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

struct deliver_config {
	char *public_url, *smtp_url, *smtp_tls, *smtp_from, *smtp_user, *smtp_password_file, *webhook_url;
	int parallel;
};
#define DELIVER_CONFIG_INIT \
	{                   \
		0           \
	}
#define DELIVER_PARALLEL_DEFAULT 4
#define DELIVER_PARALLEL_MAX 16
#define DELIVER_REMIND_INTERVAL_MAX 86400
#define DELIVER_REMIND_COUNT_MAX 10
#define DELIVER_HOLD_MAX 1800

struct deliver_key {
	const char *name;
	const char *help_ja, *help_en;
};
extern const struct deliver_key deliver_keys[];
extern const size_t deliver_n_keys;

/* Reads every key (unset ones stay NULL; parallel its default). */
int deliver_config_load(struct store *st, struct deliver_config *c, struct err *e);
void deliver_config_release(struct deliver_config *c);

/* Mail can be sent: smtp_url and smtp_from are set. */
bool deliver_config_mail(const struct deliver_config *c);
/* Delivery is set up at all: public_url and a channel. */
bool deliver_config_ready(const struct deliver_config *c);

/* Checks value for key ("" removes it: always allowed for a known key);
 * -1 with what is wrong and where in e (lang). */
int deliver_config_check(const char *key, const char *value, enum lang lang, struct err *e);

/* True for a key whose value may hold a secret (a webhook's URL often
 * carries its token in the path): never shown back, not in the audit log. */
bool deliver_config_secret(const char *key);

/* value of key as it may be shown (pages, the audit log) into out: as it
 * is, or for a secret key each URL's scheme and host only, "…" for the
 * rest. */
void deliver_config_shown(const char *key, const char *value, struct buf *out);

/* Checks value for key (lang for the message: what and where) and stores
 * it with its audit entry by actor (secret values shown as
 * deliver_config_shown).  -1 with e filled: nothing changed. */
int deliver_config_set(struct store *st, const char *key, const char *value, const char *actor,
		       enum lang lang, struct err *e);

#endif
