/*
 * incident_callout.c — people added to a running incident
 * (store_incident_add_people, incident_store.h): an aftershock, or a
 * tsunami warning after the quake, that meets criteria whose people were
 * not called at the start calls them now.  Apart from incident_store.c,
 * whose create path the outbox changes, so that the two grow apart.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/incident_store.h"
#include "store/outbox_store.h"
#include "store/timeline_writer.h"
#include "util/xalloc.h"

/* The incident's state: 1 open, 0 closed, -1 absent or error. */
static int open_state(struct store *st, int64_t id, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, "SELECT state FROM incidents WHERE id = ?1", e))
		return -1;
	db_bind_int(&s, 1, id);
	int r = db_step(&s, e);
	int state = r == 1 ? strcmp(db_col_text(&s, 0), "open") == 0 : -1;
	db_finalize(&s);
	if (state < 0)
		err_set(e, "incident %lld: no such incident", (long long)id);
	else if (state == 0)
		err_set(e, "incident %lld: closed", (long long)id);
	return state;
}

/* Queues the call-out of the people just added (store_outbox_callout, in
 * the caller's transaction): what it needs of the incident is its id, its
 * event's name, whether it is a drill, and these people. */
static int callout_added(struct store *st, int64_t incident, const struct incident_person *people,
			 size_t n, struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "SELECT event_name, drill, hold_state IN ('', 'sent') FROM incidents "
		       "WHERE id = ?1",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	int r = db_step(&s, e);
	if (r != 1) {
		db_finalize(&s);
		return r < 0 ? -1 : err_set(e, "incident %lld: no such incident", (long long)incident);
	}
	if (!db_col_int(&s, 2)) {
		/* held: they go with everyone when the hold ends; stopped or
		 * withdrawn: a person sends links from the board if need be */
		db_finalize(&s);
		return 0;
	}
	char *event_name = db_col_dup(&s, 0);
	struct incident inc = INCIDENT_INIT;
	inc.id = incident;
	inc.event_name = event_name;
	inc.drill = db_col_int(&s, 1) != 0;
	db_finalize(&s);
	/* the added people, borrowed: inc is not released, only its name */
	inc.people = (struct incident_person *)people;
	inc.n_people = n;
	const char **ids = xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = people[i].person;
	int rc = store_outbox_callout(st, &inc, ids, n, NULL, e);
	free(ids);
	free(event_name);
	return rc;
}

/* Inserts the people (or calls in those only asked if safe so far) and
 * the holders, after the rows already there. */
static int write_people(struct store *st, int64_t incident, const struct incident_person *people,
			size_t n, const struct incident_holder *holders, size_t nh, int64_t at,
			struct err *e)
{
	struct stmt s = STMT_INIT, h = STMT_INIT;
	/* after the rows there: read once, not per row (each a scan) */
	int64_t pos = 0, hpos = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT (SELECT coalesce(max(pos), -1) + 1 FROM incident_people WHERE "
		       "incident = ?1), (SELECT coalesce(max(pos), -1) + 1 FROM incident_holders "
		       "WHERE incident = ?1)",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	int r = db_step(&s, e);
	if (r == 1) {
		pos = db_col_int(&s, 0);
		hpos = db_col_int(&s, 1);
	}
	db_finalize(&s);
	if (r != 1)
		return -1;
	/* a person already there (asked if safe) keeps their row and their
	 * reports: only why they are there changes */
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO incident_people (incident, person, pos, name, department, "
			    "location, roles, called, ask, called_at) VALUES (?1, ?2, ?9, ?3, ?4, ?5, "
			    "?6, 1, ?7, ?8) ON CONFLICT (incident, person) DO UPDATE SET "
			    "ask = excluded.ask, location = excluded.location, roles = excluded.roles, "
			    "called_at = excluded.called_at WHERE incident_people.ask = 'safety' AND "
			    "excluded.ask = 'assemble'",
			    e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct incident_person *p = &people[i];
		db_reset(&s);
		db_bind_int(&s, 1, incident);
		db_bind_text_or_empty(&s, 2, p->person);
		db_bind_text_or_empty(&s, 3, p->name);
		db_bind_text_or_empty(&s, 4, p->department);
		db_bind_text_or_empty(&s, 5, p->location);
		db_bind_text_or_empty(&s, 6, p->roles);
		db_bind_text(&s, 7, incident_ask_name(p->ask));
		db_bind_int(&s, 8, at);
		db_bind_int(&s, 9, pos + (int64_t)i);
		rc = db_run(&s, e);
	}
	if (rc == 0)
		rc = db_prepare(&st->db, &h,
				"INSERT INTO incident_holders (incident, pos, role, role_name, person, "
				"rank) VALUES (?1, ?6, ?2, ?3, ?4, ?5)",
				e);
	for (size_t i = 0; rc == 0 && i < nh; i++) {
		db_reset(&h);
		db_bind_int(&h, 1, incident);
		db_bind_text_or_empty(&h, 2, holders[i].role);
		db_bind_text_or_empty(&h, 3, holders[i].role_name);
		db_bind_text_or_empty(&h, 4, holders[i].person);
		db_bind_int(&h, 5, holders[i].rank);
		db_bind_int(&h, 6, hpos + (int64_t)i);
		rc = db_run(&h, e);
	}
	db_finalize(&s);
	db_finalize(&h);
	return rc;
}

/* See incident_store.h. */
int store_incident_add_people(struct store *st, int64_t incident,
			      const struct incident_person *people, size_t n,
			      const struct incident_holder *holders, size_t n_holders,
			      const char *note, int64_t at, const char *author, int64_t *seq,
			      struct err *e)
{
	struct timeline_writer w;
	struct stmt rec = STMT_INIT;
	int64_t q = 0;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = open_state(st, incident, e) == 1 ? 0 : -1;
	/* everyone added gets a check-in link before the call goes out */
	const char **ids = xcalloc(n + 1, sizeof *ids);
	char(*tokens)[STORE_TOKEN_LEN + 1] = xcalloc(n + 1, sizeof *tokens);
	for (size_t i = 0; i < n; i++)
		ids[i] = people[i].person;
	if (rc == 0)
		rc = store_checkin_tokens(st, ids, n, tokens, e);
	free(ids);
	free(tokens);
	if (rc == 0)
		rc = write_people(st, incident, people, n, holders, n_holders, at, e);
	if (rc == 0) {
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:s, s:s}", "person", people[i].person,
							       "ask", incident_ask_name(people[i].ask)));
		json_t *content = json_pack("{s:o, s:s}", "people", list, "text", note ? note : "");
		rc = timeline_writer_append(&w, incident, at, author, "called", content, &q, e);
		json_decref(content);
	}
	/* the same words as a note, where the leads read the record */
	if (rc == 0)
		rc = db_prepare(&st->db, &rec,
				"INSERT INTO incident_records (incident, seq, at, author, kind, text) "
				"VALUES (?1, ?2, ?3, ?4, 'note', ?5)",
				e);
	if (rc == 0) {
		db_bind_int(&rec, 1, incident);
		db_bind_int(&rec, 2, q);
		db_bind_int(&rec, 3, at);
		db_bind_text(&rec, 4, author);
		db_bind_text(&rec, 5, note ? note : "");
		rc = db_run(&rec, e);
	}
	db_finalize(&rec);
	/* their links go out with them, or not at all */
	if (rc == 0)
		rc = callout_added(st, incident, people, n, e);
	if (seq)
		*seq = q;
	return timeline_writer_end(&w, rc, e);
}
