/*
 * outbox_followup.c — reminders and deputies' notices (outbox_followup.h)
 * and the follow-up row every call-out starts (outbox_queue.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/message.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/outbox_followup.h"
#include "store/outbox_queue.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* See outbox_queue.h.  A call-out sent again (the board's resend) starts
 * the clock again: the person just got their link. */
int outbox_queue_followup(struct store *st, int64_t incident, const char *person, int64_t now,
			  struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "INSERT INTO outbox_followup (incident, person, last_at) VALUES (?1, ?2, ?3) "
		       "ON CONFLICT (incident, person) DO UPDATE SET last_at = excluded.last_at",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	db_bind_text(&s, 2, person);
	db_bind_int(&s, 3, now);
	int rc = db_run(&s, e);
	db_finalize(&s);
	return rc;
}

/* See outbox_followup.h. */
void store_followup_free(struct followup_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].person);
	free(v);
}

/* See outbox_followup.h. */
int store_followup_silent(struct store *st, struct followup_row **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT f.incident, f.person, f.last_at, f.reminders, "
		       "p.last_checkin IS NOT NULL FROM outbox_followup f "
		       "JOIN incidents i ON i.id = f.incident "
		       "JOIN incident_people p ON p.incident = f.incident AND p.person = f.person "
		       "WHERE i.state = 'open' AND i.hold_state IN ('', 'sent') AND p.called = 1 "
		       "AND p.last_checkin IS NULL AND f.deputies_at IS NULL "
		       "ORDER BY f.incident, f.person",
		       e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct followup_row *x = &(*out)[(*n)++];
		x->incident = db_col_int(&s, 0);
		x->person = db_col_dup(&s, 1);
		x->last_at = db_col_int(&s, 2);
		x->reminders = (int)db_col_int(&s, 3);
		x->answered = db_col_int(&s, 4) != 0;
	}
	db_finalize(&s);
	if (r < 0) {
		store_followup_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* What a message about person of incident needs: the event's name, drill,
 * the person's name, whether called in, and their roles' names joined by
 * "、" (from the incident's snapshot). */
struct about {
	char *event, *name, *roles;
	bool drill, assemble;
	int reminders;
};

static void about_release(struct about *a)
{
	free(a->event);
	free(a->name);
	free(a->roles);
}

static int about_of(struct store *st, int64_t incident, const char *person, struct about *a,
		    struct err *e)
{
	struct stmt s = STMT_INIT;
	struct buf roles = BUF_INIT;
	memset(a, 0, sizeof *a);
	if (db_prepare(&st->db, &s,
		       "SELECT i.event_name, i.drill, p.name, p.ask = 'assemble', "
		       "coalesce((SELECT reminders FROM outbox_followup f WHERE f.incident = ?1 "
		       "AND f.person = ?2), 0) FROM incidents i JOIN incident_people p "
		       "ON p.incident = i.id AND p.person = ?2 WHERE i.id = ?1",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	db_bind_text(&s, 2, person);
	int r = db_step(&s, e);
	if (r == 1) {
		a->event = db_col_dup(&s, 0);
		a->drill = db_col_int(&s, 1) != 0;
		a->name = db_col_dup(&s, 2);
		a->assemble = db_col_int(&s, 3) != 0;
		a->reminders = (int)db_col_int(&s, 4);
	}
	db_finalize(&s);
	if (r != 1)
		return r < 0 ? -1
			     : err_set(e, "incident %lld: %s is not among its people",
				       (long long)incident, person);
	/* GROUP BY, not DISTINCT … ORDER BY pos: PostgreSQL orders a DISTINCT
	 * list only by what it selects */
	if (db_prepare(&st->db, &s,
		       "SELECT role_name FROM incident_holders WHERE incident = ?1 AND "
		       "person = ?2 GROUP BY role_name ORDER BY min(pos)",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	db_bind_text(&s, 2, person);
	size_t k = 0;
	while ((r = db_step(&s, e)) == 1)
		buf_addf(&roles, "%s%s", k++ ? "、" : "", db_col_text(&s, 0));
	db_finalize(&s);
	a->roles = roles.data ? buf_detach(&roles) : xstrdup("");
	return r < 0 ? -1 : 0;
}

/* The link of person (their token, made when missing) into link; 0 when
 * delivery is not set up (nothing to queue), 1 set up, -1 error. */
static int link_of(struct store *st, const char *person, char **hooks, struct buf *link,
		   struct err *e)
{
	char *base = NULL;
	char token[STORE_TOKEN_LEN + 1];
	int r = outbox_queue_settings(st, &base, hooks, e);
	if (r <= 0)
		return r;
	if (store_checkin_token(st, person, token, e)) {
		free(base);
		return -1;
	}
	outbox_queue_link(base, token, link);
	memset(token, 0, sizeof token);
	free(base);
	return 1;
}

/* Counts the next step of person's follow-up (set: the SQL's SET) while
 * it is still what the caller read — still silent, reminders as counted,
 * deputies not told — so that of two senders looking at once only one
 * queues it: 1 counted, 0 not (someone else did, or they answered). */
static int claim_step(struct store *st, int64_t incident, const char *person, int reminders,
		      const char *set, int64_t now, struct err *e)
{
	struct stmt s = STMT_INIT;
	char sql[400];
	snprintf(sql, sizeof sql,
		 "UPDATE outbox_followup SET %s WHERE incident = ?1 AND person = ?2 AND "
		 "reminders = ?3 AND deputies_at IS NULL AND EXISTS (SELECT 1 FROM "
		 "incident_people p WHERE p.incident = ?1 AND p.person = ?2 AND "
		 "p.last_checkin IS NULL)",
		 set);
	if (db_prepare(&st->db, &s, sql, e))
		return -1;
	db_bind_int(&s, 1, incident);
	db_bind_text(&s, 2, person);
	db_bind_int(&s, 3, reminders);
	db_bind_int(&s, 4, now);
	int rc = db_run(&s, e);
	db_finalize(&s);
	return rc < 0 ? -1 : db_changes(&st->db) > 0;
}

/* See outbox_followup.h. */
int store_followup_remind(struct store *st, int64_t incident, const char *person, int reminders,
			  int64_t now, size_t *queued, struct err *e)
{
	struct about a;
	struct buf link = BUF_INIT;
	struct message_text t = { 0 };
	char *hooks = NULL;
	memset(&a, 0, sizeof a);
	if (db_begin(&st->db, e))
		return -1;
	/* counted even when nothing can be queued: the next look moves on */
	int claimed = claim_step(st, incident, person, reminders,
				 "reminders = reminders + 1, last_at = ?4", now, e);
	int rc = claimed == 1 ? about_of(st, incident, person, &a, e) : -1;
	int set_up = rc == 0 ? link_of(st, person, &hooks, &link, e) : 0;
	if (set_up < 0)
		rc = -1;
	if (rc == 0 && set_up) {
		message_reminder(a.name, a.event, a.drill, a.assemble, incident, reminders + 1,
				 link.data, &t);
		rc = outbox_queue_person(st, incident, "reminder", person, link.data, &t, hooks, now,
					 queued, e);
	}
	message_text_release(&t);
	buf_release(&link);
	free(hooks);
	about_release(&a);
	if (claimed == 0) {
		db_rollback(&st->db);
		return 1;
	}
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	return -1;
}

/* See outbox_followup.h. */
int store_followup_deputies(struct store *st, int64_t incident, const char *person, int reminders,
			    const char *const *deputies, size_t n, int64_t now, size_t *queued,
			    struct err *e)
{
	struct about silent;
	memset(&silent, 0, sizeof silent);
	if (db_begin(&st->db, e))
		return -1;
	int claimed = claim_step(st, incident, person, reminders, "deputies_at = ?4", now, e);
	int rc = claimed == 1 ? about_of(st, incident, person, &silent, e) : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct about d;
		struct buf link = BUF_INIT;
		struct message_text t = { 0 };
		char *hooks = NULL;
		rc = about_of(st, incident, deputies[i], &d, e);
		int set_up = rc == 0 ? link_of(st, deputies[i], &hooks, &link, e) : 0;
		if (set_up < 0)
			rc = -1;
		if (rc == 0 && set_up) {
			message_deputy(d.name, silent.name, silent.roles, silent.event, silent.drill,
				       incident, link.data, &t);
			rc = outbox_queue_person(st, incident, "deputy", deputies[i], link.data, &t,
						 hooks, now, queued, e);
		}
		message_text_release(&t);
		buf_release(&link);
		free(hooks);
		about_release(&d);
	}
	about_release(&silent);
	if (claimed == 0) {
		db_rollback(&st->db);
		return 1;
	}
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	return -1;
}
