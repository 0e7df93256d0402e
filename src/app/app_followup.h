/*
 * app_followup.h — what the sender's loop does besides sending (issue 14
 * items 2 and 4): ends the holds that ran out, reminds those still silent
 * and then tells their deputies.  Who is reminded and when is decided by
 * rules/crisis.h (crisis_remind_next, crisis_deputies); each step is
 * queued in the transaction that counts it (store/outbox_followup.h), so
 * a sender that dies, or two that look at once, never queue one twice.
 */
#ifndef ITBCP_APP_APP_FOLLOWUP_H
#define ITBCP_APP_APP_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* The settings' defaults (deliver_config.h lists the keys). */
#define APP_REMIND_INTERVAL_DEFAULT 600
#define APP_REMIND_COUNT_DEFAULT 2

struct app_followup_stats {
	size_t released;  /* holds ended, call-outs queued */
	size_t reminded;  /* people sent a reminder */
	size_t deputies;  /* silent people whose deputies were told */
	size_t reviews;   /* annual reviews the planners were told are due */
	size_t queued;    /* outbox rows queued in all */
};

/* One look at now on st: every hold due ends (the call-out queued, a note
 * on the timeline by "itbcp"), then every silent person's next step that
 * is due is taken; in peacetime, when the plan's annual review (R8) is
 * due or overdue today, the planners are told, once per review window
 * (store/outbox_notice.h).  stats (added to) may be NULL. */
int app_followup_tick(struct store *st, int64_t now, struct app_followup_stats *stats,
		      struct err *e);

/* app_followup_tick as deliver/'s hook (struct deliver_hook): the rows it
 * queued, or -1; arg unused. */
int app_followup_hook(struct store *st, int64_t now, void *arg, struct err *e);

#endif
