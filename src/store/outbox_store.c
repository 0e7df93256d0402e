/*
 * outbox_store.c — the outbox's rows (outbox_store.h) and the call-out
 * that queues them for an incident's people.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/message.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/outbox_queue.h"
#include "store/outbox_store.h"
#include "store/settings_store.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define COLS                                                                              \
	"id, incident, kind, person, channel, address, link, subject, body, created_at, " \
	"due_at, state, attempts, next_attempt_at, last_error, sent_at, response"

/* See outbox_store.h. */
void outbox_msg_release(struct outbox_msg *m)
{
	free(m->kind);
	free(m->person);
	free(m->channel);
	free(m->address);
	free(m->link);
	free(m->subject);
	free(m->body);
	free(m->state);
	free(m->last_error);
	free(m->response);
	memset(m, 0, sizeof *m);
}

/* See outbox_store.h. */
void store_outbox_free(struct outbox_msg *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outbox_msg_release(&v[i]);
	free(v);
}

/* One row of COLS into m. */
static void outbox_store_read_row(struct stmt *s, struct outbox_msg *m)
{
	m->id = db_col_int(s, 0);
	m->incident = db_col_int_or(s, 1, NO_VALUE);
	m->kind = db_col_dup(s, 2);
	m->person = db_col_dup(s, 3);
	m->channel = db_col_dup(s, 4);
	m->address = db_col_dup(s, 5);
	m->link = db_col_dup(s, 6);
	m->subject = db_col_dup(s, 7);
	m->body = db_col_dup(s, 8);
	m->created_at = db_col_int(s, 9);
	m->due_at = db_col_int(s, 10);
	m->state = db_col_dup(s, 11);
	m->attempts = db_col_int(s, 12);
	m->next_attempt_at = db_col_int(s, 13);
	m->last_error = db_col_dup(s, 14);
	m->sent_at = db_col_int_or(s, 15, NO_VALUE);
	m->response = db_col_dup(s, 16);
}

/* A malloc'd copy of the n bytes at s, NUL-terminated. */
static char *dup_n(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Runs the prepared s to the end, collecting rows into *out. */
static int collect(struct stmt *s, struct outbox_msg **out, size_t *n, struct err *e)
{
	size_t cap = 0;
	int r;
	while ((r = db_step(s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		memset(&(*out)[*n], 0, sizeof **out);
		outbox_store_read_row(s, &(*out)[(*n)++]);
	}
	if (r < 0) {
		store_outbox_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* See outbox_store.h. */
int store_outbox_enqueue(struct store *st, const struct outbox_msg *m, int64_t *id, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "INSERT INTO outbox (incident, kind, person, channel, address, link, subject, "
		       "body, created_at, due_at, next_attempt_at) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id",
		       e))
		return -1;
	db_bind_int_or_null(&s, 1, m->incident, NO_VALUE);
	db_bind_text(&s, 2, m->kind);
	db_bind_text_or_empty(&s, 3, m->person);
	db_bind_text(&s, 4, m->channel);
	db_bind_text_or_empty(&s, 5, m->address);
	db_bind_text_or_empty(&s, 6, m->link);
	db_bind_text_or_empty(&s, 7, m->subject);
	db_bind_text_or_empty(&s, 8, m->body);
	db_bind_int(&s, 9, m->created_at);
	db_bind_int(&s, 10, m->due_at);
	int64_t new_id = 0;
	int rc = db_run_id(&s, &new_id, e);
	db_finalize(&s);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

/* The person's e-mail addresses (work, then private; "" when none) into
 * a[2], malloc'd. */
static int addresses_of(struct store *st, const char *person, char *a[2], struct err *e)
{
	struct stmt s = STMT_INIT;
	a[0] = a[1] = NULL;
	if (db_prepare(&st->db, &s, "SELECT email, email_private FROM person WHERE id = ?1", e))
		return -1;
	db_bind_text(&s, 1, person);
	int r = db_step(&s, e);
	a[0] = r == 1 ? db_col_dup(&s, 0) : xstrdup("");
	a[1] = r == 1 ? db_col_dup(&s, 1) : xstrdup("");
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* See outbox_queue.h. */
int outbox_queue_settings(struct store *st, char **base, char **hooks, struct err *e)
{
	*base = *hooks = NULL;
	int r = store_setting_get(st, "public_url", base, e);
	if (r <= 0 || !**base) {
		free(*base);
		*base = NULL;
		return r < 0 ? -1 : 0; /* delivery not set up: nothing to queue */
	}
	if (store_setting_get(st, "webhook_url", hooks, e) < 0) {
		free(*base);
		*base = NULL;
		return -1;
	}
	return 1;
}

/* See outbox_queue.h. */
void outbox_queue_link(const char *base, const char *token, struct buf *out)
{
	size_t blen = strlen(base);
	while (blen && base[blen - 1] == '/')
		blen--;
	buf_add(out, base, blen);
	buf_addf(out, "/c/%s", token);
}

/* See outbox_queue.h. */
int outbox_queue_person(struct store *st, int64_t incident, const char *kind, const char *person,
			const char *link, const struct message_text *t, const char *hooks,
			int64_t now, size_t *queued, struct err *e)
{
	char *addr[2];
	if (addresses_of(st, person, addr, e))
		return -1;
	struct outbox_msg m = { .incident = incident,
				.kind = (char *)kind,
				.person = (char *)person,
				.channel = "mail",
				.link = (char *)link,
				.subject = t->subject,
				.body = t->body,
				.created_at = now,
				.due_at = now };
	int rc = 0;
	for (int i = 0; rc == 0 && i < 2; i++) {
		if (!addr[i][0] || (i == 1 && strcmp(addr[0], addr[1]) == 0))
			continue;
		m.address = addr[i];
		rc = store_outbox_enqueue(st, &m, NULL, e);
		*queued += rc == 0;
	}
	/* webhook_url holds one or more URLs separated by spaces. */
	m.channel = "webhook";
	m.subject = "";
	m.body = t->chat;
	for (const char *h = hooks; rc == 0 && h && *h;) {
		size_t k = strcspn(h, " \t\r\n");
		if (k) {
			char *url = dup_n(h, k);
			m.address = url;
			rc = store_outbox_enqueue(st, &m, NULL, e);
			*queued += rc == 0;
			free(url);
		}
		h += k;
		h += strspn(h, " \t\r\n");
	}
	free(addr[0]);
	free(addr[1]);
	return rc;
}

/* See outbox_store.h. */
int store_outbox_link(struct store *st, const char *person, char **link, struct err *e)
{
	char *base = NULL, *hooks = NULL;
	char token[STORE_TOKEN_LEN + 1];
	struct buf b = BUF_INIT;
	*link = NULL;
	int r = outbox_queue_settings(st, &base, &hooks, e);
	free(hooks);
	if (r <= 0)
		return r < 0 ? -1 : 1;
	r = store_checkin_token(st, person, token, e);
	if (r == 0) {
		outbox_queue_link(base, token, &b);
		*link = buf_detach(&b);
	}
	memset(token, 0, sizeof token);
	free(base);
	return r;
}

/* Queues one person's call-out, and starts its follow-up (reminders)
 * when anything was queued. */
static int callout_one(struct store *st, const struct incident *inc,
		       const struct incident_person *p, const char *token, const char *base,
		       const char *hooks, int64_t now, size_t *queued, struct err *e)
{
	struct buf link = BUF_INIT;
	struct message_text t = { 0 };
	size_t before = *queued;
	outbox_queue_link(base, token, &link);
	message_callout(p->name, inc->event_name, inc->drill, p->ask != ASK_SAFETY, inc->id, link.data,
			&t);
	int rc = outbox_queue_person(st, inc->id, "callout", p->person, link.data, &t, hooks, now,
				     queued, e);
	if (rc == 0 && *queued > before)
		rc = outbox_queue_followup(st, inc->id, p->person, now, e);
	message_text_release(&t);
	buf_release(&link);
	return rc;
}

/* See outbox_store.h. */
int store_outbox_callout(struct store *st, const struct incident *inc, const char *const *people,
			 size_t n, size_t *queued, struct err *e)
{
	char *base = NULL, *hooks = NULL;
	size_t count = 0;
	if (queued)
		*queued = 0;
	int r = outbox_queue_settings(st, &base, &hooks, e);
	if (r <= 0)
		return r;
	/* The called people (or those asked for) and their tokens. */
	const struct incident_person **who = xcalloc(inc->n_people + 1, sizeof *who);
	size_t k = 0;
	for (size_t i = 0; i < inc->n_people; i++) {
		const struct incident_person *p = &inc->people[i];
		bool want = false;
		if (!people)
			want = p->called;
		for (size_t j = 0; people && j < n && !want; j++)
			want = strcmp(people[j], p->person) == 0;
		if (want)
			who[k++] = p;
	}
	const char **ids = xcalloc(k + 1, sizeof *ids);
	char(*tokens)[STORE_TOKEN_LEN + 1] = xcalloc(k + 1, sizeof *tokens);
	for (size_t i = 0; i < k; i++)
		ids[i] = who[i]->person;
	int64_t now = (int64_t)time(NULL);
	int rc = db_begin(&st->db, e);
	if (rc == 0)
		rc = store_checkin_tokens(st, ids, k, tokens, e);
	for (size_t i = 0; rc == 0 && i < k; i++)
		rc = callout_one(st, inc, who[i], tokens[i], base, hooks, now, &count, e);
	if (rc == 0)
		rc = db_commit(&st->db, e);
	else
		db_rollback(&st->db);
	memset(tokens, 0, (k + 1) * sizeof *tokens);
	free(tokens);
	free(ids);
	free(who);
	free(base);
	free(hooks);
	if (queued)
		*queued = rc == 0 ? count : 0;
	return rc;
}

/* See outbox_store.h. */
int store_outbox_claim(struct store *st, int64_t now, bool mail, bool webhook, const char *owner,
		       int64_t lease_until, size_t limit, struct outbox_msg **out, size_t *n,
		       struct err *e)
{
	struct stmt s = STMT_INIT, u = STMT_INIT;
	*out = NULL;
	*n = 0;
	if (db_begin(&st->db, e))
		return -1;
	int rc = db_prepare(&st->db, &s,
			    "SELECT " COLS " FROM outbox WHERE state = 'queued' AND "
			    "next_attempt_at <= ?1 AND ((channel = 'mail' AND ?2) OR "
			    "(channel = 'webhook' AND ?3)) ORDER BY next_attempt_at, id LIMIT ?4",
			    e);
	if (rc == 0) {
		db_bind_int(&s, 1, now);
		db_bind_int(&s, 2, mail);
		db_bind_int(&s, 3, webhook);
		db_bind_int(&s, 4, (int64_t)limit);
		rc = collect(&s, out, n, e);
	}
	db_finalize(&s);
	if (rc == 0 && *n)
		rc = db_prepare(&st->db, &u,
				"UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
				"owner = ?2, lease_until = ?3 WHERE id = ?1 AND state = 'queued'",
				e);
	for (size_t i = 0; rc == 0 && i < *n; i++) {
		db_reset(&u);
		db_bind_int(&u, 1, (*out)[i].id);
		db_bind_text(&u, 2, owner);
		db_bind_int(&u, 3, lease_until);
		rc = db_run(&u, e);
		free((*out)[i].state);
		(*out)[i].state = xstrdup("sending");
		(*out)[i].attempts++;
	}
	db_finalize(&u);
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	store_outbox_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

/* See outbox_store.h. */
int store_outbox_sent(struct store *st, int64_t id, int64_t at, const char *response, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "UPDATE outbox SET state = 'sent', sent_at = ?2, response = ?3, "
		       "last_error = '', owner = '', lease_until = NULL "
		       "WHERE id = ?1 AND state = 'sending'",
		       e))
		return -1;
	db_bind_int(&s, 1, id);
	db_bind_int(&s, 2, at);
	db_bind_text_or_empty(&s, 3, response);
	int rc = db_run(&s, e);
	db_finalize(&s);
	return rc;
}

/* See outbox_store.h. */
int store_outbox_retry(struct store *st, int64_t id, int64_t next_at, const char *error,
		       const char *response, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "UPDATE outbox SET state = CASE WHEN ?2 = 0 THEN 'failed' ELSE 'queued' END, "
		       "next_attempt_at = CASE WHEN ?2 = 0 THEN next_attempt_at ELSE ?2 END, "
		       "last_error = ?3, response = ?4, owner = '', lease_until = NULL "
		       "WHERE id = ?1 AND state = 'sending'",
		       e))
		return -1;
	db_bind_int(&s, 1, id);
	db_bind_int(&s, 2, next_at);
	db_bind_text_or_empty(&s, 3, error);
	db_bind_text_or_empty(&s, 4, response);
	int rc = db_run(&s, e);
	db_finalize(&s);
	return rc;
}

/* A claimed row put back as it was before the claim. */
static int untried(struct store *st, int64_t id, struct err *e)
{
	struct stmt s = STMT_INIT;
	/* PostgreSQL's scalar max is greatest() */
	if (db_prepare2(&st->db, &s,
			"UPDATE outbox SET state = 'queued', attempts = max(attempts - 1, 0), "
			"owner = '', lease_until = NULL WHERE id = ?1 AND state = 'sending'",
			"UPDATE outbox SET state = 'queued', attempts = greatest(attempts - 1, 0), "
			"owner = '', lease_until = NULL WHERE id = ?1 AND state = 'sending'",
			e))
		return -1;
	db_bind_int(&s, 1, id);
	int rc = db_run(&s, e);
	db_finalize(&s);
	return rc;
}

/* See outbox_store.h. */
int store_outbox_mark(struct store *st, const struct outbox_mark *v, size_t n, struct err *e)
{
	if (n == 0)
		return 0;
	if (db_begin(&st->db, e))
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct outbox_mark *m = &v[i];
		if (m->outcome == OUTBOX_SENT)
			rc = store_outbox_sent(st, m->id, m->at, m->response, e);
		else if (m->outcome == OUTBOX_RETRY)
			rc = store_outbox_retry(st, m->id, m->next_at, m->error, m->response, e);
		else
			rc = untried(st, m->id, e);
	}
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	return -1;
}

/* See outbox_store.h. */
int store_outbox_owners(struct store *st, char ***out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s, "SELECT DISTINCT owner FROM outbox WHERE state = 'sending'", e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = db_col_dup(&s, 0);
	}
	db_finalize(&s);
	if (r < 0) {
		for (size_t i = 0; i < *n; i++)
			free((*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* See outbox_store.h. */
int store_outbox_recover(struct store *st, int64_t now, const char *const *dead, size_t n,
			 size_t *recovered, struct err *e)
{
	struct stmt s = STMT_INIT;
	*recovered = 0;
	if (db_begin(&st->db, e))
		return -1;
	int rc = db_prepare(&st->db, &s,
			    "UPDATE outbox SET state = 'queued', next_attempt_at = ?1, "
			    "last_error = 'sender stopped while sending: sent again, may arrive twice', "
			    "owner = '', lease_until = NULL "
			    "WHERE state = 'sending' AND (lease_until < ?1 OR owner = ?2)",
			    e);
	for (size_t i = 0; rc == 0 && i <= n; i++) {
		db_reset(&s);
		db_bind_int(&s, 1, now);
		if (i < n)
			db_bind_text(&s, 2, dead[i]);
		else
			db_bind_null(&s, 2);
		rc = db_run(&s, e);
		if (rc == 0)
			*recovered += (size_t)db_changes(&st->db);
	}
	db_finalize(&s);
	if (rc == 0 && db_commit(&st->db, e) == 0)
		return 0;
	db_rollback(&st->db);
	*recovered = 0;
	return -1;
}

/* See outbox_store.h. */
int store_outbox_pending(struct store *st, bool mail, bool webhook, int64_t *queued,
			 int64_t *next_due, struct err *e)
{
	struct stmt s = STMT_INIT;
	*queued = 0;
	*next_due = INT64_MAX;
	if (db_prepare(&st->db, &s,
		       "SELECT count(*), min(next_attempt_at) FROM outbox WHERE state = 'queued' AND "
		       "((channel = 'mail' AND ?1) OR (channel = 'webhook' AND ?2))",
		       e))
		return -1;
	db_bind_int(&s, 1, mail);
	db_bind_int(&s, 2, webhook);
	int r = db_step(&s, e);
	if (r == 1) {
		*queued = db_col_int(&s, 0);
		*next_due = db_col_int_or(&s, 1, INT64_MAX);
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* See outbox_store.h. */
int store_outbox_list(struct store *st, int64_t incident, struct outbox_msg **out, size_t *n,
		      struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	*n = 0;
	/* the CAST gives PostgreSQL the parameter's type, which "?1 IS NULL" alone does not */
	if (db_prepare(&st->db, &s,
		       "SELECT " COLS " FROM outbox WHERE CAST(?1 AS BIGINT) IS NULL OR incident = ?1 "
		       "ORDER BY person, id",
		       e))
		return -1;
	db_bind_int_or_null(&s, 1, incident, NO_VALUE);
	int rc = collect(&s, out, n, e);
	db_finalize(&s);
	return rc;
}

/* See outbox_store.h. */
int store_outbox_people(struct store *st, int64_t incident, struct outbox_person **out,
			size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	/* count(*) FILTER, not sum() of a comparison: PostgreSQL sums no
	 * booleans, and SQLite (3.30 on) reads FILTER too */
	if (db_prepare(&st->db, &s,
		       "SELECT o.person, count(*), count(*) FILTER (WHERE o.state = 'sent'), "
		       "count(*) FILTER (WHERE o.state = 'failed'), "
		       "count(*) FILTER (WHERE o.state IN ('queued', 'sending')), max(o.sent_at), "
		       "coalesce(max(f.reminders), 0), max(f.deputies_at) IS NOT NULL FROM outbox o "
		       "LEFT JOIN outbox_followup f ON f.incident = o.incident AND f.person = o.person "
		       "WHERE o.incident = ?1 GROUP BY o.person ORDER BY o.person",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct outbox_person *x = &(*out)[(*n)++];
		x->person = db_col_dup(&s, 0);
		x->total = (int)db_col_int(&s, 1);
		x->sent = (int)db_col_int(&s, 2);
		x->failed = (int)db_col_int(&s, 3);
		x->waiting = (int)db_col_int(&s, 4);
		x->last_sent_at = db_col_int_or(&s, 5, NO_VALUE);
		x->reminders = (int)db_col_int(&s, 6);
		x->deputies_told = db_col_int(&s, 7) != 0;
	}
	db_finalize(&s);
	if (r < 0) {
		store_outbox_people_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* See outbox_store.h. */
void store_outbox_people_free(struct outbox_person *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].person);
	free(v);
}
