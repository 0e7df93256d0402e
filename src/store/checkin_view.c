/*
 * checkin_view.c — the read behind a person's check-in page (checkin_view.h).
 *
 * One statement: the open incidents the person is called for, joined to
 * their latest report through incident_checkins_person (incident, person,
 * id), so its cost follows the person's own reports, not the incident's.
 * store_checkin_access runs it with the rate limit's count and the token
 * lookup inside one read transaction.
 */
#include "store/checkin_view.h"

#include <string.h>

#include "store/incident_store.h"
#include "util/xalloc.h"

/* store_checkin_view, with the latest report of each (with_last) or
 * without (v->reported false): a POST needs only the incidents, and the
 * latest report is two more B-tree descents into incident_checkins, the
 * table the writer changes all through a burst. */
static int view(struct store *st, const char *person, struct checkin_view *out, size_t max,
		bool with_last, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t n = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       with_last
			   ? "SELECT i.id, i.event_name, i.drill, i.started_at, p.name, p.location, "
			     "c.id, c.status, c.assembly, c.eta, c.location, c.note, c.at "
			     "FROM incidents i JOIN incident_people p ON p.incident = i.id "
			     "LEFT JOIN incident_checkins c ON c.id = (SELECT max(id) FROM "
			     "incident_checkins WHERE incident = i.id AND person = p.person) "
			     "WHERE i.state = 'open' AND p.person = ?1 AND p.called = 1 "
			     "ORDER BY i.id DESC LIMIT ?2"
			   : "SELECT i.id, i.event_name, i.drill, i.started_at, p.name, p.location, "
			     "NULL FROM incidents i JOIN incident_people p ON p.incident = i.id "
			     "WHERE i.state = 'open' AND p.person = ?1 AND p.called = 1 "
			     "ORDER BY i.id DESC LIMIT ?2",
		       e))
		return -1;
	db_bind_text(&s, 1, person);
	db_bind_int(&s, 2, (int64_t)max);
	while ((r = db_step(&s, e)) == 1 && n < max) {
		struct checkin_view *v = &out[n++];
		memset(v, 0, sizeof *v);
		v->incident = db_col_int(&s, 0);
		v->event_name = xstrdup(db_col_text(&s, 1));
		v->drill = db_col_int(&s, 2) != 0;
		v->started_at = db_col_int(&s, 3);
		v->name = xstrdup(db_col_text(&s, 4));
		v->location = xstrdup(db_col_text(&s, 5));
		v->reported = !db_col_null(&s, 6);
		if (!v->reported)
			continue;
		struct checkin *c = &v->last;
		c->id = db_col_int(&s, 6);
		c->incident = v->incident;
		int k = checkin_status_parse(db_col_text(&s, 7));
		c->status = k < 0 ? CHECKIN_CANNOT_ACT : (enum checkin_status)k;
		k = checkin_assembly_parse(db_col_text(&s, 8));
		c->assembly = k < 0 ? ASSEMBLY_NO : (enum checkin_assembly)k;
		c->eta = db_col_null(&s, 9) ? NO_VALUE : db_col_int(&s, 9);
		c->location = xstrdup(db_col_text(&s, 10));
		c->note = xstrdup(db_col_text(&s, 11));
		c->at = db_col_int(&s, 12);
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
	return view(st, person, out, max, true, e);
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

/* Runs one constant statement (kept prepared by db.c). */
static int exec_kept(struct store *st, const char *sql, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, sql, e))
		return -1;
	int r = db_step(&s, e);
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* See checkin_view.h. */
int store_checkin_access(struct store *st, const char *key, int64_t since, int64_t limit,
			 const char *token, bool with_last, struct checkin_access *out,
			 struct err *e)
{
	bool nested = st->db.tx_depth > 0;
	int rc = 0;
	memset(out, 0, sizeof *out);
	/* A deferred BEGIN: a read transaction, never the write lock. */
	if (exec_kept(st, nested ? "SAVEPOINT checkin_access" : "BEGIN", e))
		return -1;
	out->failures = store_checkin_failures(st, key, since);
	if (out->failures < limit) {
		int found =
		    store_checkin_token_lookup(st, token, out->person, sizeof out->person, e);
		if (found < 0) {
			rc = -1;
		} else if (found) {
			out->found = true;
			int n = view(st, out->person, out->v, CHECKIN_VIEW_MAX, with_last, e);
			if (n < 0)
				rc = -1;
			else
				out->n = (size_t)n;
		}
	}
	exec_kept(st, nested ? "RELEASE checkin_access" : "COMMIT", NULL);
	return rc;
}

/* See checkin_view.h. */
void checkin_access_release(struct checkin_access *a)
{
	for (size_t i = 0; i < a->n; i++)
		checkin_view_release(&a->v[i]);
	a->n = 0;
}
