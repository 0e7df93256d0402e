/*
 * deliver_outbox.h — the sender: takes the outbox's due rows and sends
 * them, a few connections at once, inside `itbcp serve` (a thread per
 * connection) or `itbcp deliver run`.
 *
 * Each worker thread has its own database connection and its own libcurl
 * handle (its SMTP connection is reused from message to message).  It
 * claims due rows DELIVER_CLAIM at a time (one write transaction: queued →
 * sending, so no two workers or processes take the same row), sends each
 * and records the outcomes a few at a time (DELIVER_MARK_EVERY), in one
 * transaction: sent (once), queued again after the back-off, or failed.
 * One synced commit per message was what limited the rate (bench/callout.sh).
 *
 * After a crash.  A row found in sending whose sender is gone (its process
 * no longer runs on this host, or its lease ran out) may or may not have
 * reached the server: the answer that would tell was lost with the
 * process.  SMTP offers nothing better than to send it again, so it is
 * sent again — once per crash, with the same Message-ID, so a receiver can
 * recognise the duplicate.  At most the rows sent and not yet recorded at
 * the moment of the crash (DELIVER_MARK_EVERY per worker) can arrive twice; `deliver list` shows
 * them with the note why.
 */
#ifndef ITBCP_DELIVER_DELIVER_OUTBOX_H
#define ITBCP_DELIVER_DELIVER_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* Rows a worker claims at once (one transaction for them all). */
#define DELIVER_CLAIM 32
/* What came of the messages sent is recorded every DELIVER_MARK_EVERY
 * messages, or sooner when DELIVER_MARK_MS have passed since the last
 * record: one sync for several.  These are the messages that may arrive
 * twice after a crash: sent, not yet recorded. */
#define DELIVER_MARK_EVERY 8
#define DELIVER_MARK_MS 250
/* Times a record that failed (a busy database) is tried again, a second
 * apart, before the worker gives up on it. */
#define DELIVER_MARK_TRIES 30
/* Attempts before a message is failed for good. */
#define DELIVER_MAX_ATTEMPTS 12
/* How long a claim holds before another process may take the row again:
 * well over one transfer's limit. */
#define DELIVER_LEASE_S 300

/* Seconds to wait after the attempts-th failed attempt (1, 2, …): 10 s
 * doubling to at most 15 minutes; 0 once DELIVER_MAX_ATTEMPTS were made
 * (give up). */
int64_t deliver_backoff(int64_t attempts);

struct deliver_stats {
	unsigned long sent, retried, failed, recovered;
};

struct deliver_outbox;

/* Work the sender does beside sending: deliver/ never decides what to
 * send, so what queues more as time passes (a hold that ends, reminders:
 * app/app_followup.h) comes in as fn, called with a connection of its own
 * and the time: it returns the rows it queued, or -1 with e (logged; the
 * next look tries again). */
struct deliver_hook {
	int (*fn)(struct store *st, int64_t now, void *arg, struct err *e);
	void *arg;
};
/* How often the hook looks, in ms: reminders and holds are counted in
 * seconds. */
#define DELIVER_HOOK_MS 1000

/* Starts the workers on db_path.  once: each worker stops when nothing is
 * due (deliver run --once); else they wait for work until stopped.  Rows
 * left in sending by a sender that is gone are put back first.  hook (may
 * be NULL): called once before the workers start, then, unless once,
 * every DELIVER_HOOK_MS on a thread of its own (itbcp-followup). */
int deliver_outbox_start(struct deliver_outbox **out, const char *db_path, bool once,
			 const struct deliver_hook *hook, struct err *e);
/* True when every worker has stopped by itself (once, or an error). */
bool deliver_outbox_done(struct deliver_outbox *d);
/* Stops the workers (a message being sent is finished and recorded),
 * fills stats when not NULL, frees d.  Returns -1 with e when a worker
 * stopped on an error (a database it could not write). */
int deliver_outbox_stop(struct deliver_outbox *d, struct deliver_stats *stats, struct err *e);

#endif
