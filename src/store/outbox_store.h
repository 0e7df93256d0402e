/*
 * outbox_store.h — the durable outbox (migration 014): one row per message
 * to one address, queued in the same transaction as what caused it, sent
 * by deliver/ and marked there.
 *
 * States: queued → sending (claimed by one sender, its owner and lease
 * written in the same transaction, so two senders never take the same
 * row) → sent | failed, or queued again with a later next_attempt_at.  A
 * row left in sending by a sender that died may have been sent: the
 * sender that recovers it sends it once more (deliver_outbox.c says why).
 *
 * Every write here joins the caller's transaction when one is open
 * (db_begin nests), else is its own, committed and synced on return.
 */
#ifndef ITBCP_STORE_OUTBOX_STORE_H
#define ITBCP_STORE_OUTBOX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/incident.h"
#include "store/store.h"
#include "util/err.h"

struct outbox_msg {
	int64_t id;
	int64_t incident; /* NO_VALUE when no incident caused it */
	char *kind;       /* callout | reminder | deputy | approval | review_due | witness */
	char *person;     /* plan id of the addressee */
	char *channel;    /* mail | webhook */
	char *address;    /* e-mail address, or the webhook's URL */
	char *link;       /* the person's own check-in link, or "" */
	char *subject;
	char *body; /* mail: the text; webhook: the short text */
	int64_t created_at, due_at;
	char *state; /* queued | sending | sent | failed | cancelled */
	int64_t attempts, next_attempt_at;
	char *last_error;
	int64_t sent_at; /* NO_VALUE until sent */
	char *response;  /* what the server answered last */
};

void outbox_msg_release(struct outbox_msg *m);
void store_outbox_free(struct outbox_msg *v, size_t n);

/* Queues m (id, state, attempts and the send columns are ignored: a new
 * row is queued, next attempt at m->due_at); its id into *id when not
 * NULL.  Joins the caller's transaction. */
int store_outbox_enqueue(struct store *st, const struct outbox_msg *m, int64_t *id, struct err *e);

/* The call-out of an incident: for each person of people (n of them;
 * people NULL: every called person of inc), one message per e-mail
 * address of theirs (email, then email_private) and one per webhook
 * address set (setting webhook_url), each with their own check-in link
 * (setting public_url + "/c/" + token) and nothing about anyone else.
 * Nothing is queued when public_url is not set (delivery not set up).
 * Joins the caller's transaction: store_incident_create calls it inside
 * its own; call it in yours when you add people to a running incident.
 * *queued (may be NULL) gets the number of rows queued. */
int store_outbox_callout(struct store *st, const struct incident *inc, const char *const *people,
			 size_t n, size_t *queued, struct err *e);

/* person's own check-in link as the messages carry it (public_url +
 * "/c/" + token; the token made when missing), malloc'd into *link: 0, or
 * 1 when public_url is not set (*link NULL), -1 error. */
int store_outbox_link(struct store *st, const char *person, char **link, struct err *e);

/* Claims up to limit rows due at now (state queued, next_attempt_at <=
 * now) of the channels allowed, oldest first, in one write transaction:
 * each becomes sending, attempts + 1, owner and lease_until written.
 * *out (free with store_outbox_free) holds them as claimed. */
int store_outbox_claim(struct store *st, int64_t now, bool mail, bool webhook, const char *owner,
		       int64_t lease_until, size_t limit, struct outbox_msg **out, size_t *n,
		       struct err *e);

/* Marks a claimed row sent at `at` with the server's answer. */
int store_outbox_sent(struct store *st, int64_t id, int64_t at, const char *response, struct err *e);
/* A failed attempt: queued again at next_at (next_at 0: failed for good),
 * with the error and the server's answer. */
int store_outbox_retry(struct store *st, int64_t id, int64_t next_at, const char *error,
		       const char *response, struct err *e);

/* What came of one claimed row, for store_outbox_mark. */
enum outbox_outcome {
	OUTBOX_SENT,    /* the server took it: sent at `at` */
	OUTBOX_RETRY,   /* a failed attempt: queued again at next_at (0: failed for good) */
	OUTBOX_UNTRIED, /* not attempted (the sender stopped first): queued as it was,
			   the claim's attempt not counted */
};
struct outbox_mark {
	int64_t id;
	enum outbox_outcome outcome;
	int64_t at, next_at;
	const char *error, *response; /* borrowed; NULL as "" */
};
/* Records the outcomes of n claimed rows in one transaction (one sync for
 * all), each only while the row is still in sending. */
int store_outbox_mark(struct store *st, const struct outbox_mark *v, size_t n, struct err *e);

/* Puts back to queued (due now) every row in sending whose owner is one
 * of dead (n of them) or whose lease ended before now; *recovered gets
 * how many.  Their attempts stay counted. */
int store_outbox_recover(struct store *st, int64_t now, const char *const *dead, size_t n,
			 size_t *recovered, struct err *e);
/* The distinct owners of rows in sending (free each and the array). */
int store_outbox_owners(struct store *st, char ***out, size_t *n, struct err *e);

/* Rows queued and when the next falls due (INT64_MAX when none), for a
 * sender deciding whether to wait or stop. */
int store_outbox_pending(struct store *st, bool mail, bool webhook, int64_t *queued,
			 int64_t *next_due, struct err *e);

/* What the outbox holds for one person of an incident, for the board. */
struct outbox_person {
	char *person;
	int total, sent, failed, waiting; /* waiting: queued or sending */
	int64_t last_sent_at;             /* NO_VALUE when nothing was sent */
	int reminders;                    /* reminders queued to them (016) */
	bool deputies_told;               /* their deputies were told they are silent */
};
/* Per person of incident (sorted by person id, for bsearch), the people
 * without messages left out; free with store_outbox_people_free. */
int store_outbox_people(struct store *st, int64_t incident, struct outbox_person **out,
			size_t *n, struct err *e);
void store_outbox_people_free(struct outbox_person *v, size_t n);

/* Every row of incident (NO_VALUE: all), by person then id. */
int store_outbox_list(struct store *st, int64_t incident, struct outbox_msg **out, size_t *n,
		      struct err *e);

#endif
