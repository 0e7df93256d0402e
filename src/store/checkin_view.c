/*
 * checkin_view.c — the read behind a person's check-in page (checkin_view.h).
 *
 * One statement: the open incidents the person is called for, joined to
 * their latest report by the id the writer keeps on their incident_people
 * row (migration 007), so its cost does not grow with the reports.
 * store_checkin_access runs it with the token lookup inside one read
 * transaction (a check-in form); store_checkin_whom does the same for
 * every report of a batch on the group-commit writer's connection.
 */
#include "store/checkin_view.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/checkin_row.h"
#include "store/db.h"
#include "store/incident_store.h"
#include "store/whom_cache.h"
#include "util/xalloc.h"

/* store_checkin_view: the incidents with the person's latest report on
 * each. */
static int view(struct store *st, const char *person, struct checkin_view *out, size_t max,
		struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t n = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT i.id, i.event_name, i.drill, i.started_at, p.name, p.location, c.id, "
		       "c.status, c.assembly, c.eta, c.location, c.note, c.at, p.ask FROM incidents i JOIN "
		       "incident_people p ON p.incident = i.id LEFT JOIN incident_checkins c ON c.id "
		       "= p.last_checkin WHERE i.state = 'open' AND p.person = ?1 AND p.called = 1 "
		       "ORDER BY i.id DESC LIMIT ?2",
		       e))
		return -1;
	db_bind_text(&s, 1, person);
	db_bind_int(&s, 2, (int64_t)max);
	while ((r = db_step(&s, e)) == 1 && n < max) {
		struct checkin_view *v = &out[n++];
		memset(v, 0, sizeof *v);
		v->incident = db_col_int(&s, 0);
		v->event_name = db_col_dup(&s, 1);
		v->drill = db_col_int(&s, 2) != 0;
		v->started_at = db_col_int(&s, 3);
		v->name = db_col_dup(&s, 4);
		v->location = db_col_dup(&s, 5);
		v->safety_only = strcmp(db_col_text(&s, 13), "safety") == 0;
		v->reported = !db_col_null(&s, 6);
		if (!v->reported)
			continue;
		checkin_row_read(&s, 6, v->incident, &v->last);
	}
	db_finalize(&s);
	if (r < 0) {
		for (size_t i = 0; i < n; i++)
			checkin_view_release(&out[i]);
		return -1;
	}
	return (int)n;
}

/* See checkin_view.h. */
int store_checkin_view(struct store *st, const char *person, struct checkin_view *out, size_t max,
		       struct err *e)
{
	return view(st, person, out, max, e);
}

/* See checkin_view.h. */
void checkin_view_release(struct checkin_view *v)
{
	free(v->event_name);
	free(v->name);
	free(v->location);
	checkin_release(&v->last);
	v->event_name = v->name = v->location = NULL;
}

/* See checkin_view.h. */
int store_checkin_access(struct store *st, const char *token, struct checkin_access *out,
			 struct err *e)
{
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (db_read_begin(&st->db, e))
		return -1;
	int found = store_checkin_token_lookup(st, token, out->person, sizeof out->person, e);
	if (found < 0) {
		rc = -1;
	} else if (found) {
		out->found = true;
		int n = view(st, out->person, out->v, CHECKIN_VIEW_MAX, e);
		if (n < 0)
			rc = -1;
		else
			out->n = (size_t)n;
	}
	db_read_end(&st->db);
	return rc;
}

/* Copies s into out (size n), cut at a character boundary if it must be. */
static void copy_utf8(char *out, size_t n, const char *s)
{
	size_t len = strlen(s);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--; /* s[len] continues a character: cut before it */
	}
	memcpy(out, s, len);
	out[len] = '\0';
}

/* One query of store_checkin_whom, inside its transaction: the rows are
 * copied straight into q's fixed fields (no strings to free on the
 * writer's path). */
static int whom_one(struct store *st, struct checkin_whom *q, struct err *e)
{
	struct stmt s = STMT_INIT;
	int64_t asked = q->incident;
	q->incident = 0;
	q->n_open = 0;
	q->safety_only = false;
	int r = store_checkin_token_lookup(st, q->token, q->person, sizeof q->person, e);
	if (r <= 0)
		return r;
	if (db_prepare(&st->db, &s,
		       "SELECT i.id, i.event_name, i.drill, i.started_at, p.name, p.ask FROM incidents i "
		       "JOIN incident_people p ON p.incident = i.id WHERE i.state = 'open' AND "
		       "p.person = ?1 AND p.called = 1 ORDER BY i.id DESC LIMIT ?2",
		       e))
		return -1;
	db_bind_text(&s, 1, q->person);
	db_bind_int(&s, 2, CHECKIN_VIEW_MAX);
	while ((r = db_step(&s, e)) == 1) {
		int64_t id = db_col_int(&s, 0);
		q->n_open++;
		if (asked ? id != asked : q->n_open != 1)
			continue; /* not named, or (none named) not the first */
		q->incident = id;
		copy_utf8(q->event_name, sizeof q->event_name, db_col_text(&s, 1));
		q->drill = db_col_int(&s, 2) != 0;
		q->started_at = db_col_int(&s, 3);
		copy_utf8(q->name, sizeof q->name, db_col_text(&s, 4));
		q->safety_only = strcmp(db_col_text(&s, 5), "safety") == 0;
	}
	db_finalize(&s);
	if (r < 0)
		return -1;
	q->found = true;
	if (!asked && q->n_open != 1)
		q->incident = 0; /* several open: the person must name one */
	return 0;
}

/* Fills q from one row of the incidents the person is called for, newest
 * first (columns from col: id, event_name, drill, started_at, name, ask),
 * as whom_one's loop does; asked is the incident the form named. */
static void whom_row(struct checkin_whom *q, int64_t asked, struct stmt *s, int col)
{
	int64_t id = db_col_int(s, col);
	q->n_open++;
	if (asked ? id != asked : q->n_open != 1)
		return; /* not named, or (none named) not the first */
	q->incident = id;
	copy_utf8(q->event_name, sizeof q->event_name, db_col_text(s, col + 1));
	q->drill = db_col_int(s, col + 2) != 0;
	q->started_at = db_col_int(s, col + 3);
	copy_utf8(q->name, sizeof q->name, db_col_text(s, col + 4));
	q->safety_only = strcmp(db_col_text(s, col + 5), "safety") == 0;
}

/* whom_one for the m queries q[0..m) at once, on PostgreSQL: one round
 * trip for the batch instead of two per link (the token, then the
 * person's incidents), which the writer thread waited for one after the
 * other.  The links' hashes go as one array of hex; each row is a query's
 * position, the token's person and hash, and one of the person's open
 * incidents (whom_one's query, its order and LIMIT included), or NULLs
 * when there is none.  asked[i]: the incident q[i]'s form named. */
static int whom_pg(struct store *st, struct checkin_whom *const *q, const int64_t *asked,
		   size_t m, struct err *e)
{
	struct stmt s = STMT_INIT;
	struct buf hexes = BUF_INIT;
	unsigned char h[32];
	char hex[2 * sizeof h + 1];
	for (size_t i = 0; i < m; i++) {
		q[i]->incident = 0;
		q[i]->n_open = 0;
		q[i]->safety_only = false;
		buf_addc(&hexes, i ? ',' : '{');
		/* a malformed link is no hash at all: not found, as
		 * store_checkin_token_lookup answers it */
		if (!q[i]->token || !store_checkin_token_wellformed(q[i]->token)) {
			buf_adds(&hexes, "NULL");
			continue;
		}
		store_checkin_token_hash(q[i]->token, h);
		for (size_t k = 0; k < sizeof h; k++)
			snprintf(hex + 2 * k, 3, "%02x", h[k]);
		buf_adds(&hexes, hex);
	}
	buf_addc(&hexes, '}');
	int r = db_prepare(
		&st->db, &s,
		"SELECT q.ord, t.person, t.token_hash, x.id, x.event_name, x.drill, x.started_at, "
		"x.name, x.ask FROM unnest(?1::text[]) WITH ORDINALITY AS q(h, ord) JOIN "
		"checkin_tokens t ON t.token_hash = decode(q.h, 'hex') LEFT JOIN LATERAL (SELECT i.id, "
		"i.event_name, i.drill, i.started_at, p.name, p.ask FROM incidents i JOIN "
		"incident_people p ON p.incident = i.id WHERE i.state = 'open' AND p.person = t.person "
		"AND p.called = 1 ORDER BY i.id DESC LIMIT ?2) x ON true ORDER BY q.ord, x.id DESC",
		e);
	if (r == 0) {
		db_bind_text(&s, 1, hexes.data);
		db_bind_int(&s, 2, CHECKIN_VIEW_MAX);
		while ((r = db_step(&s, e)) == 1) {
			int64_t ord = db_col_int(&s, 0);
			if (ord < 1 || (size_t)ord > m)
				BUG("whom_pg: row %lld of %zu", (long long)ord, m);
			struct checkin_whom *w = q[ord - 1];
			unsigned char stored[sizeof h];
			store_checkin_token_hash(w->token, h);
			if (!db_col_blob(&s, 2, stored, sizeof stored) ||
			    sodium_memcmp(stored, h, sizeof h) != 0)
				continue;
			if (!w->found) {
				w->found = true;
				copy_utf8(w->person, sizeof w->person, db_col_text(&s, 1));
			}
			if (!db_col_null(&s, 3))
				whom_row(w, asked[ord - 1], &s, 3);
		}
		db_finalize(&s);
	}
	buf_release(&hexes);
	if (r < 0)
		return -1;
	for (size_t i = 0; i < m; i++)
		if (q[i]->found && !asked[i] && q[i]->n_open != 1)
			q[i]->incident = 0; /* several open: the person must name one */
	return 0;
}

/* store_checkin_whom's loop on PostgreSQL, inside its transaction: what
 * the cache does not answer, in one whom_pg. */
static int whom_all_pg(struct store *st, struct whom_cache *cache, struct checkin_whom *const *q,
		       size_t n, struct err *e)
{
	struct checkin_whom **miss = xmalloc((n ? n : 1) * sizeof *miss);
	int64_t *asked = xmalloc((n ? n : 1) * sizeof *asked);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (cache && whom_cache_get(cache, q[i]))
			continue;
		asked[m] = q[i]->incident;
		miss[m++] = q[i];
	}
	int rc = m ? whom_pg(st, miss, asked, m, e) : 0;
	for (size_t i = 0; rc == 0 && cache && i < m; i++)
		whom_cache_put(cache, asked[i], miss[i]);
	free(miss);
	free(asked);
	return rc;
}

/* The version whom_cache_at_version is given, read first in
 * store_checkin_whom's read transaction: -1 with e when it cannot be read.
 * SQLite: PRAGMA data_version, which every other connection's commit
 * moves and the writer's own never does.  PostgreSQL: the counter that
 * migration 025's triggers move in the very transaction of each change
 * that can change an answer (a link, an incident's name or state, who is
 * called and how), and not for the check-ins.  db_read_begin's
 * transaction is REPEATABLE READ: its snapshot is taken by this, its
 * first statement, and every lookup after it reads that same snapshot,
 * so the answers kept are those of exactly this version.  (Inside a
 * caller's transaction, a SAVEPOINT, each statement may see a newer
 * snapshot than this one, never an older: answers newer than their
 * version are forgotten at the next batch, which reads the newer
 * version, never kept past a change.)  The columns an answer reads are
 * those of whom_one and whom_pg: one read there must be watched by
 * 025's triggers too. */
static int64_t whom_version(struct store *st, struct err *e)
{
	if (db_engine(&st->db) != DB_PG)
		return db_data_version(&st->db);
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, "SELECT n FROM whom_version WHERE singleton = 1", e))
		return -1;
	int r = db_step(&s, e);
	int64_t v = r == 1 ? db_col_int(&s, 0) : -1;
	db_finalize(&s);
	if (r == 0)
		err_set(e, "whom_version: no row");
	return v;
}

/* See checkin_view.h. */
int store_checkin_whom(struct store *st, struct whom_cache *cache, struct checkin_whom *const *q,
		       size_t n, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		q[i]->found = false;
	if (db_read_begin(&st->db, e))
		return -1;
	/* First in the transaction: the version of the snapshot read below. */
	if (cache) {
		int64_t version = whom_version(st, e);
		whom_cache_at_version(cache, version); /* -1: everything forgotten */
		/* PostgreSQL: a failed statement aborted the transaction,
		 * no lookup can run in it (SQLite's -1 is only no cache) */
		if (version < 0 && db_engine(&st->db) == DB_PG)
			rc = -1;
	}
	if (rc == 0 && db_engine(&st->db) == DB_PG)
		rc = whom_all_pg(st, cache, q, n, e);
	else if (rc == 0)
		for (size_t i = 0; i < n && rc == 0; i++) {
			int64_t asked = q[i]->incident;
			if (cache && whom_cache_get(cache, q[i]))
				continue;
			rc = whom_one(st, q[i], e);
			if (rc == 0 && cache)
				whom_cache_put(cache, asked, q[i]);
		}
	db_read_end(&st->db);
	if (rc)
		for (size_t i = 0; i < n; i++)
			q[i]->found = false;
	return rc;
}

/* See checkin_view.h. */
void checkin_access_release(struct checkin_access *a)
{
	for (size_t i = 0; i < a->n; i++)
		checkin_view_release(&a->v[i]);
	a->n = 0;
}
