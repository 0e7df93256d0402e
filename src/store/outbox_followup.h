/*
 * outbox_followup.h — the follow-up of a call-out (issue 14 item 4,
 * migration 019): who of an incident's people is still silent, how many
 * reminders they got and when the last message went, and the reminders
 * and deputies' notices themselves, each queued in the transaction that
 * counts it, so that one is never queued twice.
 *
 * Which of them is due is decided by rules/crisis.h (crisis_remind_next,
 * crisis_deputies) in app/app_remind.c; this file only reads the state
 * and writes what was decided.
 */
#ifndef ITBCP_STORE_OUTBOX_FOLLOWUP_H
#define ITBCP_STORE_OUTBOX_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct followup_row {
	int64_t incident;
	char *person;
	int64_t last_at;  /* their call-out or last reminder was queued */
	int reminders;    /* reminders queued so far */
	bool answered;    /* any report (incident_people.last_checkin) */
};

/* Every person still followed up: of an open incident whose call-out
 * went (not held, stopped or withdrawn), called, silent (no report: those
 * who answered are left out here, so that a look costs per silent
 * person), deputies not yet told; by incident, then person.  Free with
 * store_followup_free. */
int store_followup_silent(struct store *st, struct followup_row **out, size_t *n, struct err *e);
void store_followup_free(struct followup_row *v, size_t n);

/* Queues reminder number reminders + 1 to person of incident (every
 * address and webhook, with their own link) and counts it, at now, in one
 * transaction — only while the row is as the caller read it (reminders,
 * still silent, deputies not told): 1 when it was not (another sender
 * took the step, or they answered meanwhile; nothing written).  *queued
 * (added to) gets the rows. */
int store_followup_remind(struct store *st, int64_t incident, const char *person, int reminders,
			  int64_t now, size_t *queued, struct err *e);

/* Tells each of deputies (n) that person of incident is silent — the
 * silent person's name and roles, each deputy's own link — and marks
 * person's deputies told at now (even when n is 0: nobody to tell, and
 * nothing more to do), in one transaction, on the same condition as
 * store_followup_remind (1: not written). */
int store_followup_deputies(struct store *st, int64_t incident, const char *person, int reminders,
			    const char *const *deputies, size_t n, int64_t now, size_t *queued,
			    struct err *e);

#endif
