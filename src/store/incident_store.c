/*
 * incident_store.c — incidents, their state and their timeline in SQLite
 * (see incident_store.h for the contract and the canonical form).
 *
 * Every write is one timeline_writer transaction (timeline_writer.h): it
 * changes the state tables and appends the entry that says so to the
 * incident's hash chain (util/chain.h), all or nothing.  The check-ins,
 * which append through the same writer, are checkin_store.c's.
 */
#include "store/incident_store.h"
#include "store/outbox_hold.h"
#include "store/outbox_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/checkin_row.h"
#include "store/db.h"
#include "store/element_store.h"
#include "store/timeline_rows.h"
#include "store/timeline_sigs.h"
#include "store/timeline_writer.h"
#include "util/chain.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* ---- small helpers -------------------------------------------------- */

static const char *tier_letter(enum tier t)
{
	static const char *const n[] = { "S", "A", "B", "C", "D", "E" };
	return t >= TIER_S && t < TIER_COUNT ? n[t] : "";
}

static enum tier tier_from_letter(const char *s)
{
	static const char letters[] = "SABCDE";
	if (!s || !s[0] || s[1])
		return TIER_NONE;
	const char *p = strchr(letters, s[0]);
	return p ? (enum tier)(p - letters) : TIER_NONE;
}

/* See incident_store.h. */
void store_timeline_canonical(const struct timeline_entry *t, struct buf *out)
{
	timeline_writer_canonical(t, out);
}

/* See incident_store.h: the link is util/chain.h's. */
void store_timeline_hash(const char *prev_hash, const struct buf *canonical, char out[65])
{
	chain_hash(prev_hash, canonical->data, canonical->len, out);
}

/* The state ('open'/'closed') of an incident: 1 open, 0 closed, -1 none. */
static int incident_open_state(struct store *st, int64_t id)
{
	struct stmt s = STMT_INIT;
	int r = -1;
	if (db_prepare(&st->db, &s, "SELECT state FROM incidents WHERE id = ?1", NULL))
		return -1;
	db_bind_int(&s, 1, id);
	if (db_step(&s, NULL) == 1)
		r = strcmp(db_col_text(&s, 0), "open") == 0;
	db_finalize(&s);
	return r;
}

/* Refuses writes to a closed or missing incident. */
static int require_open(struct store *st, int64_t id, struct err *e)
{
	int r = incident_open_state(st, id);
	if (r < 0)
		return err_set(e, "incident %lld: no such incident", (long long)id);
	if (r == 0)
		return err_set(e, "incident %lld: closed", (long long)id);
	return 0;
}

/* ---- create ----------------------------------------------------------- */

/* The areas as JSON text (free() it). */
static char *areas_json(const struct incident *inc)
{
	static const char *const names[] = { "0", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7" };
	json_t *a = json_array();
	for (size_t i = 0; i < inc->n_areas; i++) {
		int r = inc->areas[i].intensity;
		json_array_append_new(a, json_pack("{s:s, s:s}", "name", inc->areas[i].name,
						   "intensity", r >= 0 && r < 10 ? names[r] : ""));
	}
	char *t = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return t ? t : xstrdup("[]");
}

static int insert_header(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	char *areas = areas_json(inc);
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO incidents (event, event_name, event_kind, started_at, "
			    "entered_at, intensity, area, areas, system_hit, text, drill, variant, "
			    "state, procedure, procedure_title, automatic, criterion, "
			    "report_destination, author, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			    "?8, ?9, ?10, ?11, ?12, 'open', ?13, ?14, ?15, ?16, ?17, ?18, ?19) "
			    "RETURNING id",
			    e);
	if (rc == 0) {
		db_bind_text_or_empty(&s, 1, inc->event);
		db_bind_text_or_empty(&s, 2, inc->event_name);
		db_bind_text_or_empty(&s, 3, inc->event_kind);
		db_bind_int(&s, 4, inc->started_at);
		db_bind_int(&s, 5, inc->entered_at);
		db_bind_text_or_empty(&s, 6, inc->intensity);
		db_bind_text_or_empty(&s, 7, inc->area);
		db_bind_text_or_empty(&s, 8, areas);
		db_bind_text_or_empty(&s, 9, inc->system_hit);
		db_bind_text_or_empty(&s, 10, inc->text);
		db_bind_int(&s, 11, inc->drill);
		db_bind_text_or_empty(&s, 12, time_variant_name(inc->variant));
		db_bind_text_or_empty(&s, 13, inc->procedure);
		db_bind_text_or_empty(&s, 14, inc->procedure_title);
		db_bind_int(&s, 15, inc->automatic);
		db_bind_text_or_empty(&s, 16, inc->criterion);
		db_bind_text_or_empty(&s, 17, inc->report_destination);
		db_bind_text_or_empty(&s, 18, inc->author);
		db_bind_text_or_empty(&s, 19, inc->source);
		rc = db_run_id(&s, &inc->id, e);
	}
	db_finalize(&s);
	free(areas);
	return rc;
}

/* Binds the state columns of a system from ?3 on. */
static void bind_system_state(struct stmt *s, const struct incident_system *x)
{
	static const char *const work[] = WORK_NAMES;
	db_bind_text_or_empty(s, 3, x->damage);
	db_bind_text_or_empty(s, 4, x->policy);
	db_bind_int_or_null(s, 5, x->target_level, NO_VALUE);
	db_bind_text_or_empty(s, 6, x->method);
	db_bind_text_or_empty(s, 7, incident_enum_name(work, WORK_COUNT, (int)x->work));
	db_bind_int_or_null(s, 8, x->level, NO_VALUE);
	db_bind_int_or_null(s, 9, x->expected_at, NO_VALUE);
	db_bind_int_or_null(s, 10, x->restored_at, NO_VALUE);
	db_bind_int(s, 11, x->validated_data);
	db_bind_int(s, 12, x->validated_function);
	db_bind_int_or_null(s, 13, x->updated_at, NO_VALUE);
	db_bind_text_or_empty(s, 14, x->updated_by);
}

static int insert_systems(struct store *st, const struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO incident_systems (incident, system, damage, policy, "
			    "target_level, method, work, level, expected_at, restored_at, "
			    "validated_data, validated_function, updated_at, updated_by, pos, name, "
			    "department, rto_hours, tier, rlo, rlo_percent, hit) VALUES (?1, ?2, ?3, "
			    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
			    "?20, ?21, ?22)",
			    e);
	for (size_t i = 0; rc == 0 && i < inc->n_systems; i++) {
		const struct incident_system *x = &inc->systems[i];
		db_reset(&s);
		db_bind_int(&s, 1, inc->id);
		db_bind_text_or_empty(&s, 2, x->system);
		bind_system_state(&s, x);
		db_bind_int(&s, 15, x->pos);
		db_bind_text_or_empty(&s, 16, x->name);
		db_bind_text_or_empty(&s, 17, x->department);
		db_bind_int_or_null(&s, 18, x->rto_hours, NO_VALUE);
		db_bind_text_or_empty(&s, 19, tier_letter(x->tier));
		db_bind_text_or_empty(&s, 20, x->rlo);
		db_bind_int_or_null(&s, 21, x->rlo_percent, NO_VALUE);
		db_bind_int(&s, 22, x->hit);
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	return rc;
}

/* Inserts or updates one step row. */
static int write_step(struct store *st, int64_t incident, const struct incident_step *x, bool insert,
		      struct err *e)
{
	struct stmt s = STMT_INIT;
	const char *sql = insert
		? "INSERT INTO incident_steps (incident, step, state, due_at, started_at, done_at, "
		  "taken_by, note, no, title, actions, roles, role_names, added) VALUES (?1, ?2, "
		  "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
		: "UPDATE incident_steps SET state = ?3, due_at = ?4, started_at = ?5, done_at = ?6, "
		  "taken_by = ?7, note = ?8 WHERE incident = ?1 AND step = ?2";
	int rc = db_prepare(&st->db, &s, sql, e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_text_or_empty(&s, 2, x->step);
		db_bind_text_or_empty(&s, 3, step_state_name(x->state));
		db_bind_int_or_null(&s, 4, x->due_at, NO_VALUE);
		db_bind_int_or_null(&s, 5, x->started_at, NO_VALUE);
		db_bind_int_or_null(&s, 6, x->done_at, NO_VALUE);
		db_bind_text_or_empty(&s, 7, x->taken_by);
		db_bind_text_or_empty(&s, 8, x->note);
		if (insert) {
			db_bind_int(&s, 9, x->no);
			db_bind_text_or_empty(&s, 10, x->title);
			db_bind_text_or_empty(&s, 11, x->actions);
			db_bind_text_or_empty(&s, 12, x->roles);
			db_bind_text_or_empty(&s, 13, x->role_names);
			db_bind_int(&s, 14, x->added);
		}
		rc = db_run(&s, e);
		if (rc == 0 && !insert && db_changes(&st->db) != 1)
			rc = err_set(e, "step %s: not in incident %lld", x->step, (long long)incident);
	}
	db_finalize(&s);
	return rc;
}

static int insert_people(struct store *st, const struct incident *inc, struct err *e)
{
	/* Those asked only if safe carry ask (015); the others take its
	 * default, so that an incident is written the same way into a
	 * database of an older schema (the upgrade tests make such). */
	struct stmt s = STMT_INIT, sa = STMT_INIT, h = STMT_INIT;
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO incident_people (incident, person, pos, name, department, "
			    "location, roles, called) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			    e);
	for (size_t i = 0; rc == 0 && i < inc->n_people; i++) {
		const struct incident_person *p = &inc->people[i];
		struct stmt *q = &s;
		if (p->ask == ASK_SAFETY) {
			if (!sa.s && (rc = db_prepare(&st->db, &sa,
						      "INSERT INTO incident_people (incident, person, pos, "
						      "name, department, location, roles, called, ask) "
						      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'safety')",
						      e)) != 0)
				break;
			q = &sa;
		}
		db_reset(q);
		db_bind_int(q, 1, inc->id);
		db_bind_text_or_empty(q, 2, p->person);
		db_bind_int(q, 3, (int64_t)i);
		db_bind_text_or_empty(q, 4, p->name);
		db_bind_text_or_empty(q, 5, p->department);
		db_bind_text_or_empty(q, 6, p->location);
		db_bind_text_or_empty(q, 7, p->roles);
		db_bind_int(q, 8, p->called);
		rc = db_run(q, e);
	}
	if (rc == 0)
		rc = db_prepare(&st->db, &h,
				"INSERT INTO incident_holders (incident, pos, role, role_name, person, "
				"rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				e);
	for (size_t i = 0; rc == 0 && i < inc->n_holders; i++) {
		const struct incident_holder *x = &inc->holders[i];
		db_reset(&h);
		db_bind_int(&h, 1, inc->id);
		db_bind_int(&h, 2, (int64_t)i);
		db_bind_text_or_empty(&h, 3, x->role);
		db_bind_text_or_empty(&h, 4, x->role_name);
		db_bind_text_or_empty(&h, 5, x->person);
		db_bind_int(&h, 6, x->rank);
		rc = db_run(&h, e);
	}
	db_finalize(&s);
	db_finalize(&sa);
	db_finalize(&h);
	return rc;
}

/* See incident_store.h. */
int store_incident_create(struct store *st, struct incident *inc, int64_t at, const char *author,
			  json_t *content, struct err *e)
{
	struct timeline_writer w;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = insert_header(st, inc, e);
	if (rc == 0)
		rc = insert_systems(st, inc, e);
	for (size_t i = 0; rc == 0 && i < inc->n_steps; i++)
		rc = write_step(st, inc->id, &inc->steps[i], true, e);
	if (rc == 0)
		rc = insert_people(st, inc, e);
	/* The call-out is queued (or held) with the incident: both or neither. */
	if (rc == 0)
		rc = store_outbox_start(st, inc, (int64_t)time(NULL), e);
	if (rc == 0)
		rc = timeline_writer_append(&w, inc->id, at, author, "start", content, &inc->last_seq, e);
	if (rc == 0)
		snprintf(inc->last_hash, sizeof inc->last_hash, "%s", timeline_writer_head(&w, inc->id));
	return timeline_writer_end(&w, rc, e);
}

/* ---- load ------------------------------------------------------------- */

#define HEADER_COLS                                                                        \
	"id, event, event_name, event_kind, started_at, entered_at, intensity, area, areas, " \
	"system_hit, text, drill, variant, state, closed_at, procedure, procedure_title, "   \
	"automatic, criterion, report_destination, author, source, review"

/* Fills the header of inc from the current row of HEADER_COLS. */
static void read_header(struct stmt *s, struct incident *inc)
{
	static const char *const variants[] = TIME_VARIANT_NAMES;
	inc->id = db_col_int(s, 0);
	inc->event = db_col_dup(s, 1);
	inc->event_name = db_col_dup(s, 2);
	inc->event_kind = db_col_dup(s, 3);
	inc->started_at = db_col_int(s, 4);
	inc->entered_at = db_col_int(s, 5);
	inc->intensity = db_col_dup(s, 6);
	inc->area = db_col_dup(s, 7);
	json_t *a = json_loads(db_col_text(s, 8), 0, NULL);
	size_t n = json_is_array(a) ? json_array_size(a) : 0;
	inc->areas = xcalloc(n + 1, sizeof *inc->areas);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(a, i);
		const char *name = json_string_value(json_object_get(o, "name"));
		const char *in = json_string_value(json_object_get(o, "intensity"));
		static const char *const names[] = { "0", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7" };
		inc->areas[i].name = xstrdup(name ? name : "");
		inc->areas[i].intensity = incident_enum_parse(names, 10, in);
	}
	inc->n_areas = n;
	json_decref(a);
	inc->system_hit = db_col_dup(s, 9);
	inc->text = db_col_dup(s, 10);
	inc->drill = db_col_int(s, 11) != 0;
	inc->variant = incident_enum_parse(variants, 2, db_col_text(s, 12)) == 1
		? VARIANT_NIGHT_HOLIDAY : VARIANT_WEEKDAY_DAY;
	inc->state = strcmp(db_col_text(s, 13), "closed") == 0 ? INCIDENT_CLOSED : INCIDENT_OPEN;
	inc->closed_at = db_col_int_or(s, 14, NO_VALUE);
	inc->procedure = db_col_dup(s, 15);
	inc->procedure_title = db_col_dup(s, 16);
	inc->automatic = db_col_int(s, 17) != 0;
	inc->criterion = db_col_dup(s, 18);
	inc->report_destination = db_col_dup(s, 19);
	inc->author = db_col_dup(s, 20);
	inc->source = db_col_dup(s, 21);
	inc->review = db_col_dup(s, 22);
}

/* See incident_store.h. */
int store_incident_list(struct store *st, struct incident **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s, "SELECT " HEADER_COLS " FROM incidents ORDER BY id DESC", e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		memset(&(*out)[*n], 0, sizeof **out);
		read_header(&s, &(*out)[(*n)++]);
	}
	db_finalize(&s);
	if (r < 0) {
		for (size_t i = 0; i < *n; i++)
			incident_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static int load_systems(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT system, name, department, rto_hours, tier, rlo, rlo_percent, hit, pos, "
		       "damage, policy, target_level, method, work, level, expected_at, restored_at, "
		       "validated_data, validated_function, updated_at, updated_by "
		       "FROM incident_systems WHERE incident = ?1 ORDER BY pos",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->systems = xgrow(inc->systems, &cap, inc->n_systems + 1, sizeof *inc->systems);
		struct incident_system *x = &inc->systems[inc->n_systems++];
		x->system = db_col_dup(&s, 0);
		x->name = db_col_dup(&s, 1);
		x->department = db_col_dup(&s, 2);
		x->rto_hours = db_col_int_or(&s, 3, NO_VALUE);
		x->tier = tier_from_letter(db_col_text(&s, 4));
		x->rlo = db_col_dup(&s, 5);
		x->rlo_percent = db_col_int_or(&s, 6, NO_VALUE);
		x->hit = db_col_int(&s, 7) != 0;
		x->pos = db_col_int(&s, 8);
		x->damage = db_col_dup(&s, 9);
		x->policy = db_col_dup(&s, 10);
		x->target_level = db_col_int_or(&s, 11, NO_VALUE);
		x->method = db_col_dup(&s, 12);
		int w = work_state_parse(db_col_text(&s, 13));
		x->work = w < 0 ? WORK_NOT_STARTED : (enum work_state)w;
		x->level = db_col_int_or(&s, 14, NO_VALUE);
		x->expected_at = db_col_int_or(&s, 15, NO_VALUE);
		x->restored_at = db_col_int_or(&s, 16, NO_VALUE);
		x->validated_data = db_col_int(&s, 17) != 0;
		x->validated_function = db_col_int(&s, 18) != 0;
		x->updated_at = db_col_int_or(&s, 19, NO_VALUE);
		x->updated_by = db_col_dup(&s, 20);
	}
	db_finalize(&s);
	return r;
}

static int load_steps(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT step, no, title, actions, roles, role_names, added, state, due_at, "
		       "started_at, done_at, taken_by, note FROM incident_steps WHERE incident = ?1 "
		       "ORDER BY no, rowid",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->steps = xgrow(inc->steps, &cap, inc->n_steps + 1, sizeof *inc->steps);
		struct incident_step *x = &inc->steps[inc->n_steps++];
		x->step = db_col_dup(&s, 0);
		x->no = db_col_int(&s, 1);
		x->title = db_col_dup(&s, 2);
		x->actions = db_col_dup(&s, 3);
		x->roles = db_col_dup(&s, 4);
		x->role_names = db_col_dup(&s, 5);
		x->added = db_col_int(&s, 6) != 0;
		int k = step_state_parse(db_col_text(&s, 7));
		x->state = k < 0 ? STEP_PENDING : (enum step_state)k;
		x->due_at = db_col_int_or(&s, 8, NO_VALUE);
		x->started_at = db_col_int_or(&s, 9, NO_VALUE);
		x->done_at = db_col_int_or(&s, 10, NO_VALUE);
		x->taken_by = db_col_dup(&s, 11);
		x->note = db_col_dup(&s, 12);
	}
	db_finalize(&s);
	return r;
}

static int load_people(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT person, name, department, location, roles, called, ask, called_at "
		       "FROM incident_people WHERE incident = ?1 ORDER BY pos",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->people = xgrow(inc->people, &cap, inc->n_people + 1, sizeof *inc->people);
		struct incident_person *x = &inc->people[inc->n_people++];
		x->person = db_col_dup(&s, 0);
		x->name = db_col_dup(&s, 1);
		x->department = db_col_dup(&s, 2);
		x->location = db_col_dup(&s, 3);
		x->roles = db_col_dup(&s, 4);
		x->called = db_col_int(&s, 5) != 0;
		x->ask = strcmp(db_col_text(&s, 6), "safety") == 0 ? ASK_SAFETY : ASK_ASSEMBLE;
		x->called_at = db_col_int_or(&s, 7, NO_VALUE);
	}
	db_finalize(&s);
	incident_index_people(inc);
	if (r < 0)
		return -1;
	cap = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT role, role_name, person, rank FROM incident_holders WHERE incident = ?1 "
		       "ORDER BY pos",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->holders = xgrow(inc->holders, &cap, inc->n_holders + 1, sizeof *inc->holders);
		struct incident_holder *x = &inc->holders[inc->n_holders++];
		x->role = db_col_dup(&s, 0);
		x->role_name = db_col_dup(&s, 1);
		x->person = db_col_dup(&s, 2);
		x->rank = db_col_int(&s, 3);
	}
	db_finalize(&s);
	return r;
}

/* Every report, or with board_only each person's latest and earliest
 * (enough for the board: the latest counts, the earliest dates the
 * answer).  Every report's person is in incident_people (checkin_admit),
 * and the writer keeps each person's latest and earliest report ids on
 * that row (007), so the board's cost follows the people, not the
 * reports. */
static int load_checkins(struct store *st, struct incident *inc, bool board_only, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       board_only
			       ? "SELECT id, status, assembly, eta, location, note, at, person, author, "
				 "seq FROM incident_checkins WHERE id IN (SELECT last_checkin FROM "
				 "incident_people WHERE incident = ?1 UNION SELECT first_checkin FROM "
				 "incident_people WHERE incident = ?1) ORDER BY id"
			       : "SELECT id, status, assembly, eta, location, note, at, person, author, "
				 "seq FROM incident_checkins WHERE incident = ?1 ORDER BY id",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->checkins = xgrow(inc->checkins, &cap, inc->n_checkins + 1, sizeof *inc->checkins);
		struct checkin *x = &inc->checkins[inc->n_checkins++];
		checkin_row_read(&s, 0, inc->id, x);
		x->person = db_col_dup(&s, 7);
		x->author = db_col_dup(&s, 8);
		x->seq = db_col_int(&s, 9);
	}
	db_finalize(&s);
	return r;
}

static int load_records(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT seq, at, author, kind, text FROM incident_records WHERE incident = ?1 "
		       "ORDER BY seq",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->records = xgrow(inc->records, &cap, inc->n_records + 1, sizeof *inc->records);
		struct incident_record *x = &inc->records[inc->n_records++];
		x->seq = db_col_int(&s, 0);
		x->at = db_col_int(&s, 1);
		x->author = db_col_dup(&s, 2);
		x->kind = db_col_dup(&s, 3);
		x->text = db_col_dup(&s, 4);
	}
	db_finalize(&s);
	if (r < 0)
		return -1;
	if (db_prepare(&st->db, &s,
		       "SELECT seq, hash FROM incident_timeline WHERE incident = ?1 ORDER BY seq DESC "
		       "LIMIT 1",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	if ((r = db_step(&s, e)) == 1) {
		inc->last_seq = db_col_int(&s, 0);
		snprintf(inc->last_hash, sizeof inc->last_hash, "%s", db_col_text(&s, 1));
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* Loads incident id; see store_incident_load and store_incident_load_board. */
/* How much of an incident to load. */
enum load_depth {
	LOAD_ALL,     /* store_incident_load */
	LOAD_BOARD,   /* store_incident_load_board */
	LOAD_SUMMARY, /* store_incident_load_summary: header and systems */
};

/* Those called in for incident id and how many of them have answered,
 * from the latest report the writer keeps on each person's row (007);
 * those only asked whether they are safe (015) are not counted here, as
 * on the board's first figure. */
static int load_answer_counts(struct store *st, int64_t id, size_t *called, size_t *answered,
			      struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "SELECT count(*), count(last_checkin) FROM incident_people WHERE incident = "
		       "?1 AND called = 1 AND ask = 'assemble'",
		       e))
		return -1;
	db_bind_int(&s, 1, id);
	int r = db_step(&s, e);
	if (r == 1) {
		*called = (size_t)db_col_int(&s, 0);
		*answered = (size_t)db_col_int(&s, 1);
	}
	db_finalize(&s);
	return r == 1 ? 0 : -1;
}

static int load_incident(struct store *st, int64_t id, enum load_depth depth,
			 struct incident *out, size_t *called, size_t *answered, struct err *e)
{
	struct stmt s = STMT_INIT;
	int r;
	memset(out, 0, sizeof *out);
	/* One read transaction: a consistent picture while writers go on. */
	if (db_read_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s, "SELECT " HEADER_COLS " FROM incidents WHERE id = ?1", e)) {
		r = -1;
		goto out;
	}
	db_bind_int(&s, 1, id);
	r = db_step(&s, e);
	if (r == 1)
		read_header(&s, out);
	db_finalize(&s);
	if (r <= 0) {
		r = r == 0 ? 1 : -1;
		goto out;
	}
	if (depth == LOAD_SUMMARY)
		r = load_systems(st, out, e) || load_answer_counts(st, id, called, answered, e)
			? -1
			: 0;
	else if (load_systems(st, out, e) || load_steps(st, out, e) || load_people(st, out, e) ||
		 load_checkins(st, out, depth == LOAD_BOARD, e) || load_records(st, out, e))
		r = -1;
	else
		r = 0;
out:
	db_read_end(&st->db);
	if (r != 0)
		incident_release(out);
	return r;
}

/* See incident_store.h. */
int store_incident_load(struct store *st, int64_t id, struct incident *out, struct err *e)
{
	return load_incident(st, id, LOAD_ALL, out, NULL, NULL, e);
}

/* See incident_store.h. */
int store_incident_load_board(struct store *st, int64_t id, struct incident *out, struct err *e)
{
	return load_incident(st, id, LOAD_BOARD, out, NULL, NULL, e);
}

/* See incident_store.h. */
int store_incident_load_summary(struct store *st, int64_t id, struct incident *out,
				size_t *called, size_t *answered, struct err *e)
{
	*called = *answered = 0;
	return load_incident(st, id, LOAD_SUMMARY, out, called, answered, e);
}

/* ---- other writes ---------------------------------------------------------- */

/* See incident_store.h. */
int store_incident_step_put(struct store *st, int64_t incident, const struct incident_step *s,
			    bool insert, int64_t at, const char *author, const char *kind,
			    json_t *content, struct err *e)
{
	struct timeline_writer w;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0)
		rc = write_step(st, incident, s, insert, e);
	if (rc == 0)
		rc = timeline_writer_append(&w, incident, at, author, kind, content, NULL, e);
	return timeline_writer_end(&w, rc, e);
}

/* See incident_store.h. */
int store_incident_pack_seen(struct store *st, int64_t incident, const char *step,
			     int64_t ticked_at, const char *ticked_by, bool *seen, struct err *e)
{
	struct stmt s = STMT_INIT;
	*seen = false;
	if (db_prepare(&st->db, &s,
		       "SELECT 1 FROM incident_pack_ticks WHERE incident = ?1 AND step = ?2 "
		       "AND ticked_at = ?3 AND ticked_by = ?4",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	db_bind_text_or_empty(&s, 2, step);
	db_bind_int(&s, 3, ticked_at);
	db_bind_text_or_empty(&s, 4, ticked_by);
	int r = db_step(&s, e);
	db_finalize(&s);
	if (r < 0)
		return -1;
	*seen = r == 1;
	return 0;
}

/* See incident_store.h. */
int store_incident_pack_tick(struct store *st, int64_t incident, const struct incident_step *s,
			     int64_t ticked_at, const char *ticked_by, int64_t at, const char *author,
			     const char *kind, json_t *content, struct err *e)
{
	struct timeline_writer w;
	struct stmt ins = STMT_INIT;
	int64_t seq = 0;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0)
		rc = write_step(st, incident, s, false, e);
	if (rc == 0)
		rc = timeline_writer_append(&w, incident, at, author, kind, content, &seq, e);
	if (rc == 0)
		rc = db_prepare(&st->db, &ins,
				"INSERT INTO incident_pack_ticks (incident, step, ticked_at, ticked_by, seq) "
				"VALUES (?1, ?2, ?3, ?4, ?5)",
				e);
	if (rc == 0) {
		db_bind_int(&ins, 1, incident);
		db_bind_text_or_empty(&ins, 2, s->step);
		db_bind_int(&ins, 3, ticked_at);
		db_bind_text_or_empty(&ins, 4, ticked_by);
		db_bind_int(&ins, 5, seq);
		rc = db_run(&ins, e);
	}
	db_finalize(&ins);
	return timeline_writer_end(&w, rc, e);
}

/* See incident_store.h. */
int store_incident_system_put(struct store *st, int64_t incident, const struct incident_system *x,
			      int64_t at, const char *author, json_t *content, struct err *e)
{
	struct timeline_writer w;
	struct stmt s = STMT_INIT;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0)
		rc = db_prepare(&st->db, &s,
				"UPDATE incident_systems SET damage = ?3, policy = ?4, target_level = ?5, "
				"method = ?6, work = ?7, level = ?8, expected_at = ?9, restored_at = ?10, "
				"validated_data = ?11, validated_function = ?12, updated_at = ?13, "
				"updated_by = ?14 WHERE incident = ?1 AND system = ?2",
				e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_text_or_empty(&s, 2, x->system);
		bind_system_state(&s, x);
		rc = db_run(&s, e);
		if (rc == 0 && db_changes(&st->db) != 1)
			rc = err_set(e, "system %s: not in incident %lld", x->system, (long long)incident);
	}
	db_finalize(&s);
	if (rc == 0)
		rc = timeline_writer_append(&w, incident, at, author, "system", content, NULL, e);
	return timeline_writer_end(&w, rc, e);
}

/* See incident_store.h. */
int store_incident_record_add(struct store *st, int64_t incident, const char *kind,
			      const char *text, int64_t at, const char *author, int64_t *seq,
			      struct err *e)
{
	struct timeline_writer w;
	struct stmt s = STMT_INIT;
	int64_t q = 0;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0) {
		json_t *content = json_pack("{s:s}", "text", text);
		rc = timeline_writer_append(&w, incident, at, author, kind, content, &q, e);
		json_decref(content);
	}
	if (rc == 0)
		rc = db_prepare(&st->db, &s,
				"INSERT INTO incident_records (incident, seq, at, author, kind, text) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_int(&s, 2, q);
		db_bind_int(&s, 3, at);
		db_bind_text(&s, 4, author);
		db_bind_text(&s, 5, kind);
		db_bind_text(&s, 6, text);
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	if (seq)
		*seq = q;
	return timeline_writer_end(&w, rc, e);
}

/* Sets the review column of an incident. */
static int set_review(struct store *st, int64_t incident, const char *review, struct err *e)
{
	struct stmt s = STMT_INIT;
	int rc = db_prepare(&st->db, &s, "UPDATE incidents SET review = ?2 WHERE id = ?1", e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_text(&s, 2, review);
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	return rc;
}

/* See incident_store.h. */
int store_incident_review_put(struct store *st, int64_t incident, const char *review_json,
			      int64_t at, const char *author, const char *kind, json_t *content,
			      struct err *e)
{
	struct timeline_writer w;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = incident_open_state(st, incident) < 0
		? err_set(e, "incident %lld: no such incident", (long long)incident) : 0;
	if (rc == 0)
		rc = set_review(st, incident, review_json, e);
	if (rc == 0)
		rc = timeline_writer_append(&w, incident, at, author, kind, content, NULL, e);
	return timeline_writer_end(&w, rc, e);
}

/* See incident_store.h. */
int store_incident_close(struct store *st, int64_t incident, const char *review_json, int64_t at,
			 const char *author, json_t *content, const struct training *training,
			 const struct training_record *record, struct err *e)
{
	struct timeline_writer w;
	struct stmt s = STMT_INIT;
	if (timeline_writer_begin(&w, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0)
		rc = db_prepare(&st->db, &s,
				"UPDATE incidents SET state = 'closed', closed_at = ?2, review = ?3 "
				"WHERE id = ?1",
				e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_int(&s, 2, at);
		db_bind_text(&s, 3, review_json);
		rc = db_run(&s, e);
	}
	db_finalize(&s);
	/* The drill's §4.1 training and training record go last in the plan's
	 * lists, through the same schema-driven insert as the pages use. */
	if (rc == 0 && training)
		rc = element_store_append(st, schema_entity("trainings"), training, e);
	if (rc == 0 && record)
		rc = element_store_append(st, schema_entity("training_records"), record, e);
	if (rc == 0)
		rc = timeline_writer_append(&w, incident, at, author, "close", content, NULL, e);
	return timeline_writer_end(&w, rc, e);
}

/* ---- timeline --------------------------------------------------------------- */

/* One row of SELECT TIMELINE_COLS into t, its strings borrowed from the
 * statement (valid until the next step). */
#define TIMELINE_COLS "seq, at, author, kind, content, prev_hash, hash"
static void entry_borrow(struct stmt *s, int64_t incident, struct timeline_entry *t)
{
	t->seq = db_col_int(s, 0);
	t->incident = incident;
	t->at = db_col_int(s, 1);
	t->author = (char *)db_col_text(s, 2);
	t->kind = (char *)db_col_text(s, 3);
	t->content = (char *)db_col_text(s, 4);
	snprintf(t->prev_hash, sizeof t->prev_hash, "%s", db_col_text(s, 5));
	snprintf(t->hash, sizeof t->hash, "%s", db_col_text(s, 6));
}

/* The entries the prepared statement s yields, owned, into *out. */
static int entries_read(struct stmt *s, int64_t incident, struct timeline_entry **out, size_t *n,
			struct err *e)
{
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	while ((r = db_step(s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct timeline_entry *t = &(*out)[(*n)++];
		entry_borrow(s, incident, t);
		t->author = xstrdup(t->author);
		t->kind = xstrdup(t->kind);
		t->content = xstrdup(t->content);
	}
	db_finalize(s);
	if (r < 0) {
		for (size_t i = 0; i < *n; i++)
			timeline_entry_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* See incident_store.h. */
int store_timeline_load(struct store *st, int64_t incident, struct timeline_entry **out,
			size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT " TIMELINE_COLS " FROM incident_timeline WHERE incident = ?1 ORDER BY seq",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	return entries_read(&s, incident, out, n, e);
}

/* See incident_store.h. */
int store_timeline_page(struct store *st, int64_t incident, int64_t before, size_t limit,
			struct timeline_entry **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT " TIMELINE_COLS " FROM incident_timeline WHERE incident = ?1 AND seq < ?2 "
		       "ORDER BY seq DESC LIMIT ?3",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	db_bind_int(&s, 2, before > 0 ? before : INT64_MAX);
	db_bind_int(&s, 3, (int64_t)limit);
	return entries_read(&s, incident, out, n, e);
}

/* Why entry t (expected seq) does not link to the chain walked so far
 * (w), or NULL; w moves on to t when it links. */
static const char *entry_fault(const struct timeline_entry *t, int64_t expect_seq,
			       struct chain_walk *w)
{
	if (t->seq != expect_seq)
		return "sequence gap (an entry is missing)";
	if (strcmp(t->prev_hash, w->head) != 0)
		return "prev_hash does not match the previous entry's hash";
	json_error_t je;
	json_t *j = json_loads(t->content, JSON_DECODE_ANY, &je);
	if (!j)
		return "content is not JSON";
	char *canon = timeline_writer_content_text(j);
	json_decref(j);
	bool same = strcmp(canon, t->content) == 0;
	free(canon);
	if (!same)
		return "content is not in canonical form";
	if (!utf8_valid(t->author, strlen(t->author)) || !utf8_valid(t->kind, strlen(t->kind)))
		return "author or kind is not UTF-8";
	struct buf b = BUF_INIT;
	timeline_writer_canonical(t, &b);
	const char *why = chain_walk_next(w, t->prev_hash, b.data, b.len, t->hash);
	buf_release(&b);
	return why;
}

/* See incident_store.h.  Row by row, so that a record of hundreds of
 * thousands of entries is checked in the memory of one. */
int store_timeline_verify(struct store *st, int64_t incident, struct timeline_check *out,
			  struct err *e)
{
	struct stmt s = STMT_INIT;
	struct chain_walk w = CHAIN_WALK_INIT;
	struct timeline_sigs sigs;
	int r;
	memset(out, 0, sizeof *out);
	if (timeline_sigs_begin(&sigs, st, incident, e))
		return -1;
	if (db_prepare(&st->db, &s,
		       "SELECT " TIMELINE_COLS " FROM incident_timeline WHERE incident = ?1 ORDER BY seq",
		       e)) {
		timeline_sigs_release(&sigs);
		return -1;
	}
	db_bind_int(&s, 1, incident);
	while ((r = db_step(&s, e)) == 1) {
		out->entries++;
		if (out->bad_seq)
			continue; /* broken already: the rest are only counted */
		struct timeline_entry t;
		entry_borrow(&s, incident, &t);
		const char *why = entry_fault(&t, (int64_t)out->entries, &w);
		if (why) {
			out->bad_seq = t.seq > 0 ? t.seq : (int64_t)out->entries;
			snprintf(out->reason, sizeof out->reason, "%s", why);
			continue;
		}
		if (timeline_sigs_entry(&sigs, t.seq, t.hash, out, e) < 0) {
			r = -1;
			break;
		}
	}
	db_finalize(&s);
	if (r < 0) {
		timeline_sigs_release(&sigs);
		return -1;
	}
	if (out->entries == 0) {
		out->bad_seq = 1;
		snprintf(out->reason, sizeof out->reason, "the timeline is empty");
	}
	memcpy(out->head, w.head, sizeof out->head);
	if (out->bad_seq)
		timeline_sigs_release(&sigs);
	else if (timeline_sigs_end(&sigs, out, e))
		return -1;
	/* A chain that holds can still have lost its tail: its rows say. */
	return timeline_rows_check(st, incident, out, e);
}

/* See incident_store.h. */
int store_timeline_verify_all(struct store *st, int64_t *verified, int64_t *bad_incident,
			      struct timeline_check *bad, struct err *e)
{
	struct stmt s = STMT_INIT;
	int r;
	*verified = 0;
	*bad_incident = 0;
	if (db_prepare(&st->db, &s, "SELECT id FROM incidents ORDER BY id", e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		int64_t id = db_col_int(&s, 0);
		if (store_timeline_verify(st, id, bad, e)) {
			r = -1;
			break;
		}
		if (bad->bad_seq) {
			*bad_incident = id;
			break;
		}
		++*verified;
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}
