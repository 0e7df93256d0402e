/*
 * checkin_store.c — check-in reports in the database (checkin_store.h):
 * the checks a report must pass and the group-commit append, apart from
 * the incident's other records (incident_store.c) because this is the
 * path a burst of reports takes, one writer thread, every statement kept
 * prepared.  A report's timeline entry goes through timeline_writer.h, in
 * the batch's transaction.
 */
#include "store/checkin_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/checkin_row.h"
#include "store/db.h"
#include "store/timeline_writer.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "util/chain.h"

/* See checkin_store.h. */
int checkin_store_open_for(struct store *st, const char *person, int64_t *ids, size_t max,
			   struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t n = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT i.id FROM incidents i JOIN incident_people p ON p.incident = i.id "
		       "WHERE i.state = 'open' AND p.person = ?1 AND p.called = 1 ORDER BY i.id DESC",
		       e))
		return -1;
	db_bind_text(&s, 1, person);
	while ((r = db_step(&s, e)) == 1 && n < max)
		ids[n++] = db_col_int(&s, 0);
	db_finalize(&s);
	return r < 0 ? -1 : (int)n;
}

/* True for valid UTF-8 of at most max bytes, no control characters but
 * newline and tab. */
static bool text_ok(const char *s, size_t max)
{
	if (!s)
		return true;
	size_t n = strlen(s);
	if (n > max || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
			return false;
	return true;
}

/* See checkin_store.h. */
int checkin_store_check(const struct checkin_report *r, const char **field)
{
	const char *f = NULL;
	if (r->incident <= 0)
		f = "incident";
	else if (!r->person || !*r->person || !text_ok(r->person, 200))
		f = "person";
	else if ((int)r->status < 0 || r->status >= CHECKIN_STATUS_COUNT)
		f = "status";
	else if ((int)r->assembly < 0 || r->assembly >= ASSEMBLY_COUNT)
		f = "assembly";
	else if (r->eta != NO_VALUE && (r->eta < 0 || r->eta > 4102444800LL))
		f = "eta";
	else if (!text_ok(r->location, 200))
		f = "location";
	else if (!text_ok(r->note, 1000))
		f = "note";
	else if (r->at <= 0 || r->recorded_at < 0)
		f = "at";
	else if (!r->author || !*r->author || !text_ok(r->author, 200))
		f = "author";
	if (field)
		*field = f;
	return f ? -1 : 0;
}

/* The content of a check-in's timeline entry, in its canonical text
 * (timeline_writer_content_text's: compact, keys sorted), written straight into out:
 *   {"assembly":"…","at":AT,"eta":ETA|null,"location":"…","note":"…",
 *    "person":"…","status":"…"}
 * tests/unit/test_crisis_store.c holds it to jansson's bytes. */
static void checkin_content_text(const struct checkin_report *r, struct buf *out)
{
	buf_reset(out);
	buf_adds(out, "{\"assembly\":");
	timeline_writer_json_string(out, checkin_assembly_name(r->assembly));
	buf_adds(out, ",\"at\":");
	buf_add_int(out, r->at);
	buf_adds(out, ",\"eta\":");
	if (r->eta == NO_VALUE)
		buf_adds(out, "null");
	else
		buf_add_int(out, r->eta);
	buf_adds(out, ",\"location\":");
	timeline_writer_json_string(out, r->location);
	buf_adds(out, ",\"note\":");
	timeline_writer_json_string(out, r->note);
	buf_adds(out, ",\"person\":");
	timeline_writer_json_string(out, r->person);
	buf_adds(out, ",\"status\":");
	timeline_writer_json_string(out, checkin_status_name(r->status));
	buf_addc(out, '}');
}

/* Statements of a check-in batch, and the state of the incident last
 * looked up (a batch mostly reports on one incident, and inside its write
 * transaction the state cannot change under it: the batch writes only
 * check-ins). */
struct checkin_stmts {
	struct stmt open, called, insert, latest;
	int64_t seen_incident; /* 0: none yet */
	enum checkin_outcome seen_state; /* CHECKIN_RECORDED (open), _CLOSED, _NO_INCIDENT */
};

/* The database's verdict on report r (outcome), before writing. */
static enum checkin_outcome checkin_admit(struct checkin_stmts *q, const struct checkin_report *r,
					  struct err *e, int *fail)
{
	int k;
	if (q->seen_incident != r->incident) {
		db_reset(&q->open);
		db_bind_int(&q->open, 1, r->incident);
		k = db_step(&q->open, e);
		if (k < 0) {
			*fail = 1;
			return CHECKIN_NOT_WRITTEN;
		}
		q->seen_state = k == 0 ? CHECKIN_NO_INCIDENT
			      : strcmp(db_col_text(&q->open, 0), "open") == 0 ? CHECKIN_RECORDED
									  : CHECKIN_CLOSED;
		q->seen_incident = r->incident;
		db_reset(&q->open);
	}
	if (q->seen_state != CHECKIN_RECORDED)
		return q->seen_state;
	if (r->person_known)
		return CHECKIN_RECORDED;
	db_reset(&q->called);
	db_bind_int(&q->called, 1, r->incident);
	db_bind_text(&q->called, 2, r->person);
	k = db_step(&q->called, e);
	db_reset(&q->called);
	if (k < 0) {
		*fail = 1;
		return CHECKIN_NOT_WRITTEN;
	}
	return k == 1 ? CHECKIN_RECORDED : CHECKIN_NOT_CALLED;
}

/* PostgreSQL: a batch's reports as arrays, one array literal per column
 * ({"…","…",NULL}), bound as text to the one statement of append_pg. */
enum { PA_INCIDENT, PA_PERSON, PA_STATUS, PA_ASSEMBLY, PA_ETA, PA_LOCATION, PA_NOTE, PA_AT,
       PA_AUTHOR, PA_SEQ, PA_TAT, PA_CONTENT, PA_PREV, PA_HASH, PA_COUNT };

/* Adds one element to array literal a: s quoted (\" and \\ escaped), or
 * NULL when s is NULL. */
static void pa_text(struct buf *a, const char *s)
{
	buf_addc(a, a->len ? ',' : '{');
	if (!s) {
		buf_adds(a, "NULL");
		return;
	}
	buf_addc(a, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		if (*p != '"' && *p != '\\')
			continue;
		buf_add(a, run, (size_t)(p - run));
		buf_addc(a, '\\');
		run = p;
	}
	buf_adds(a, run);
	buf_addc(a, '"');
}

static void pa_int(struct buf *a, int64_t v)
{
	buf_addc(a, a->len ? ',' : '{');
	buf_add_int(a, v);
}

/* The batch of PostgreSQL in one statement: each row of the arrays (in
 * their order, WITH ORDINALITY) becomes its timeline entry and its report,
 * and each person's row of the incident is updated once for all their
 * reports in the batch, to what the per-report UPDATE of the SQLite path
 * leaves after the last of them: last_checkin the last report; first_at
 * and first_checkin moved only by a report strictly earlier than first_at,
 * the earliest (and of equal times, the first) of them.  Answers each
 * report's array position and id.
 *
 * The last and the earliest report of each person come from one grouping
 * of cr (lf), not from two DISTINCT ON sets joined to each other: the
 * planner, which cannot know the arrays' length, joined those by a nested
 * loop that sorted the second set again for every row of the first, and
 * built a whole-row copy of each row it looked at for the UPDATE: measured
 * with 120 reports of 81 people, 3,300 rows compared, about a third of the
 * statement's time, growing with the square of the batch. */
static const char append_pg_sql[] =
	"WITH r AS (SELECT * FROM unnest(?1::bigint[], ?2::text[], ?3::text[], ?4::text[], "
	"?5::bigint[], ?6::text[], ?7::text[], ?8::bigint[], ?9::text[], ?10::bigint[], "
	"?11::bigint[], ?12::text[], ?13::text[], ?14::text[]) WITH ORDINALITY AS r(incident, "
	"person, status, assembly, eta, location, note, at, author, seq, tat, content, prev_hash, "
	"hash, ord)), "
	"t AS (INSERT INTO incident_timeline (incident, seq, at, author, kind, content, prev_hash, "
	"hash) SELECT incident, seq, tat, author, 'checkin', content, prev_hash, hash FROM r ORDER "
	"BY ord), "
	"c AS (INSERT INTO incident_checkins (incident, person, status, assembly, eta, location, "
	"note, at, author, seq) SELECT incident, person, status, assembly, eta, location, note, at, "
	"author, seq FROM r ORDER BY ord RETURNING id, incident, seq), "
	"cr AS (SELECT r.ord, r.incident, r.person, r.at, c.id FROM c JOIN r ON r.incident = "
	"c.incident AND r.seq = c.seq), "
	"lf AS (SELECT incident, person, (array_agg(id ORDER BY ord DESC))[1] AS last_id, "
	"(array_agg(id ORDER BY at, ord))[1] AS first_id, min(at) AS first_at FROM cr GROUP BY "
	"incident, person), "
	"u AS (UPDATE incident_people p SET last_checkin = lf.last_id, first_checkin = CASE WHEN "
	"p.first_at IS NULL OR lf.first_at < p.first_at THEN lf.first_id ELSE p.first_checkin END, "
	"first_at = CASE WHEN p.first_at IS NULL OR lf.first_at < p.first_at THEN lf.first_at ELSE "
	"p.first_at END FROM lf WHERE p.incident = lf.incident AND p.person = lf.person) "
	"SELECT ord, id FROM cr ORDER BY ord";

/* Report r admitted or not (its outcome in res, as checkin_admit decides):
 * 1 when it is to be written, its content text in content; 0 when not;
 * -1 when the database failed (e says why). */
static int admit_one(struct checkin_stmts *q, const struct checkin_report *r,
		     struct checkin_result *res, struct buf *content, struct err *e)
{
	int fail = 0;
	if (checkin_store_check(r, &res->field)) {
		res->outcome = CHECKIN_BAD_INPUT;
		return 0;
	}
	res->outcome = checkin_admit(q, r, e, &fail);
	if (fail)
		return -1;
	if (res->outcome != CHECKIN_RECORDED)
		return 0;
	checkin_content_text(r, content);
	return 1;
}

/* checkin_store_append on PostgreSQL: the same checks and the same rows,
 * but one round trip for the batch's writes instead of three per report
 * (the timeline entry, the report, the person's row), each of which the
 * writer thread waited for. */
static int append_pg(struct store *st, const struct checkin_report *reports, size_t n,
		     struct checkin_result *results, struct err *e)
{
	struct checkin_stmts q = { STMT_INIT, STMT_INIT, STMT_INIT, STMT_INIT, 0,
				   CHECKIN_NOT_WRITTEN };
	struct buf content = BUF_INIT, a[PA_COUNT];
	struct timeline_writer w;
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx), k = 0;
	int rc = 0;
	for (size_t c = 0; c < PA_COUNT; c++)
		a[c] = (struct buf)BUF_INIT;
	for (size_t i = 0; i < n; i++)
		results[i] = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
	if (timeline_writer_begin(&w, st, e)) {
		free(idx);
		return -1;
	}
	if (db_prepare(&st->db, &q.open, "SELECT state FROM incidents WHERE id = ?1", e) ||
	    db_prepare(&st->db, &q.called,
		       "SELECT 1 FROM incident_people WHERE incident = ?1 AND person = ?2", e))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct checkin_report *r = &reports[i];
		struct checkin_result *res = &results[i];
		char prev[CHAIN_HEX], hash[CHAIN_HEX];
		int admitted = admit_one(&q, r, res, &content, e);
		if (admitted < 0) {
			rc = -1;
			break;
		}
		if (!admitted)
			continue;
		int64_t tat = r->recorded_at > 0 ? r->recorded_at : r->at;
		if ((rc = timeline_writer_chain(&w, r->incident, tat, r->author, "checkin", content.data,
						&res->seq, prev, hash, e)) != 0)
			break;
		pa_int(&a[PA_INCIDENT], r->incident);
		pa_text(&a[PA_PERSON], r->person);
		pa_text(&a[PA_STATUS], checkin_status_name(r->status));
		pa_text(&a[PA_ASSEMBLY], checkin_assembly_name(r->assembly));
		if (r->eta == NO_VALUE)
			pa_text(&a[PA_ETA], NULL);
		else
			pa_int(&a[PA_ETA], r->eta);
		pa_text(&a[PA_LOCATION], r->location ? r->location : "");
		pa_text(&a[PA_NOTE], r->note ? r->note : "");
		pa_int(&a[PA_AT], r->at);
		pa_text(&a[PA_AUTHOR], r->author);
		pa_int(&a[PA_SEQ], res->seq);
		pa_int(&a[PA_TAT], tat);
		pa_text(&a[PA_CONTENT], content.data);
		pa_text(&a[PA_PREV], prev);
		pa_text(&a[PA_HASH], hash);
		idx[k++] = i;
	}
	if (rc == 0 && k > 0) {
		struct stmt s = STMT_INIT;
		if ((rc = db_prepare(&st->db, &s, append_pg_sql, e)) == 0) {
			for (size_t c = 0; c < PA_COUNT; c++) {
				buf_addc(&a[c], '}');
				db_bind_text(&s, (int)c + 1, a[c].data);
			}
			size_t got = 0;
			int r;
			while ((r = db_step(&s, e)) == 1) {
				int64_t ord = db_col_int(&s, 0);
				if (ord < 1 || (size_t)ord > k)
					BUG("append_pg: row %lld of %zu", (long long)ord, k);
				results[idx[ord - 1]].id = db_col_int(&s, 1);
				got++;
			}
			if (r < 0)
				rc = -1;
			else if (got != k)
				rc = err_set(e, "database: %zu of %zu check-in reports written", got, k);
			db_finalize(&s);
		}
	}
	db_finalize(&q.open);
	db_finalize(&q.called);
	buf_release(&content);
	for (size_t c = 0; c < PA_COUNT; c++)
		buf_release(&a[c]);
	free(idx);
	if (timeline_writer_end(&w, rc, e)) {
		for (size_t i = 0; i < n; i++)
			results[i] = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
		return -1;
	}
	return 0;
}

/* See checkin_store.h. */
int checkin_store_append(struct store *st, const struct checkin_report *reports, size_t n,
			 struct checkin_result *results, struct err *e)
{
	if (db_engine(&st->db) == DB_PG)
		return append_pg(st, reports, n, results, e);
	struct checkin_stmts q = { STMT_INIT, STMT_INIT, STMT_INIT, STMT_INIT, 0,
				   CHECKIN_NOT_WRITTEN };
	struct buf content = BUF_INIT;
	struct timeline_writer w;
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		results[i] = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
	if (timeline_writer_begin(&w, st, e))
		return -1;
	if (db_prepare(&st->db, &q.open, "SELECT state FROM incidents WHERE id = ?1", e) ||
	    db_prepare(&st->db, &q.called,
		       "SELECT 1 FROM incident_people WHERE incident = ?1 AND person = ?2", e) ||
	    db_prepare(&st->db, &q.insert,
		       "INSERT INTO incident_checkins (incident, person, status, assembly, eta, "
		       "location, note, at, author, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		       "?10) RETURNING id",
		       e) ||
	    /* The person's latest and earliest report (007); a later report
	     * with the same `at` leaves the earliest as it is. */
	    db_prepare(&st->db, &q.latest,
		       "UPDATE incident_people SET last_checkin = ?3, first_checkin = CASE WHEN "
		       "first_at IS NULL OR ?4 < first_at THEN ?3 ELSE first_checkin END, first_at "
		       "= CASE WHEN first_at IS NULL OR ?4 < first_at THEN ?4 ELSE first_at END "
		       "WHERE incident = ?1 AND person = ?2",
		       e))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct checkin_report *r = &reports[i];
		struct checkin_result *res = &results[i];
		int admitted = admit_one(&q, r, res, &content, e);
		if (admitted < 0) {
			rc = -1;
			break;
		}
		if (!admitted)
			continue;
		rc = timeline_writer_append_text(&w, r->incident, r->recorded_at > 0 ? r->recorded_at : r->at,
				    r->author, "checkin", content.data, &res->seq, e);
		if (rc)
			break;
		db_reset(&q.insert);
		db_bind_int(&q.insert, 1, r->incident);
		db_bind_text(&q.insert, 2, r->person);
		db_bind_text(&q.insert, 3, checkin_status_name(r->status));
		db_bind_text(&q.insert, 4, checkin_assembly_name(r->assembly));
		db_bind_int_or_null(&q.insert, 5, r->eta, NO_VALUE);
		db_bind_text_or_empty(&q.insert, 6, r->location);
		db_bind_text_or_empty(&q.insert, 7, r->note);
		db_bind_int(&q.insert, 8, r->at);
		db_bind_text(&q.insert, 9, r->author);
		db_bind_int(&q.insert, 10, res->seq);
		if ((rc = db_run_id(&q.insert, &res->id, e)) != 0)
			break;
		db_reset(&q.latest);
		db_bind_int(&q.latest, 1, r->incident);
		db_bind_text(&q.latest, 2, r->person);
		db_bind_int(&q.latest, 3, res->id);
		db_bind_int(&q.latest, 4, r->at);
		if ((rc = db_run(&q.latest, e)) != 0)
			break;
	}
	db_finalize(&q.open);
	db_finalize(&q.called);
	db_finalize(&q.insert);
	db_finalize(&q.latest);
	buf_release(&content);
	if (timeline_writer_end(&w, rc, e)) {
		for (size_t i = 0; i < n; i++)
			results[i] = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
		return -1;
	}
	return 0;
}

/* See checkin_row.h. */
void checkin_row_read(struct stmt *s, int col, int64_t incident, struct checkin *c)
{
	c->id = db_col_int(s, col);
	c->incident = incident;
	int k = checkin_status_parse(db_col_text(s, col + 1));
	c->status = k < 0 ? CHECKIN_CANNOT_ACT : (enum checkin_status)k;
	k = checkin_assembly_parse(db_col_text(s, col + 2));
	c->assembly = k < 0 ? ASSEMBLY_NO : (enum checkin_assembly)k;
	c->eta = db_col_int_or(s, col + 3, NO_VALUE);
	c->location = db_col_dup(s, col + 4);
	c->note = db_col_dup(s, col + 5);
	c->at = db_col_int(s, col + 6);
}
