/*
 * app_incident.c — the use cases of a running incident (app_incident.h).
 *
 * Each function: validate everything the person gave (naming the field),
 * open the database, check against the stored incident, then hand one
 * state change and its timeline entry to the store, which commits them
 * together.  Nothing is written when any check fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/app_incident.h"
#include "rules/crisis.h"
#include "store/checkin_store.h"
#include "store/incident_store.h"
#include "store/record_key.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* See app_incident.h. */
int64_t app_incident_now(void)
{
	const char *env = getenv("ITBCP_NOW");
	int64_t t;
	if (env && *env && crisis_time_parse(env, &t) == 0)
		return t;
	return (int64_t)time(NULL);
}

/* See app_incident.h. */
int app_incident_check_text(const char *field, const char *s, size_t max, bool multiline,
			    enum lang lang, struct err *e)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		return err_set(e, "%s: %s", field, L(lang, "UTF-8ではありません", "not UTF-8"));
	if (n > max)
		return err_set(e, "%s: %s (%zu > %zu)", field, L(lang, "長すぎます", "too long"), n, max);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7f)
			return err_set(e, "%s: %s", field,
				       L(lang, "制御文字を含みます", "holds control characters"));
	}
	return 0;
}

/* Checks the author name (--as / $USER). */
static int check_author(const char *author, enum lang lang, struct err *e)
{
	if (!author || !*author)
		return err_set(e, "--as: %s", L(lang, "記録者の名前が必要です", "an author name is needed"));
	return app_incident_check_text("--as", author, INCIDENT_AUTHOR_MAX, false, lang, e);
}

/* Parses an optional time option; NO_VALUE when s is NULL. */
static int parse_time_opt(const char *field, const char *s, int64_t *out, enum lang lang,
			  struct err *e)
{
	*out = NO_VALUE;
	if (!s)
		return 0;
	if (crisis_time_parse(s, out))
		return err_set(e, "%s %s: %s", field, s,
			       L(lang, "ISO 8601 の時刻（例 2026-01-12T18:00+09:00）を指定してください",
				 "give an ISO 8601 time with offset (e.g. 2026-01-12T18:00+09:00)"));
	return 0;
}

/* Parses a percentage 0..100; NO_VALUE when s is NULL. */
static int parse_percent(const char *field, const char *s, int64_t *out, enum lang lang,
			 struct err *e)
{
	*out = NO_VALUE;
	if (!s)
		return 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 100)
		return err_set(e, "%s %s: %s", field, s,
			       L(lang, "0〜100 の整数（平時を100とした割合）を指定してください",
				 "give an integer 0..100 (percent of normal)"));
	*out = v;
	return 0;
}

/* How open_incident opens: to read (everything, or _LIGHT: without every
 * report, see below), or to write (holding the write lock from the load
 * to the commit, so a change is computed from the state it replaces) an
 * open incident, or any incident (the review). */
enum open_mode { OPEN_READ, OPEN_READ_LIGHT, OPEN_WRITE, OPEN_WRITE_ANY };

/* Opens the database and loads incident id (see enum open_mode).  A write
 * loads what the board needs, each person's first and latest report, not
 * every report: it holds the write lock meanwhile, and during a burst of
 * check-ins (hundreds of thousands of reports) reading them all would
 * stall the check-in writer for as long.  Nothing a write computes (the
 * review included) needs more. */
static int open_incident(const char *db_path, int64_t id, enum open_mode mode, enum lang lang,
			 struct store *st, struct incident *inc, struct err *e)
{
	memset(inc, 0, sizeof *inc);
	if (store_open(st, db_path, 0, e))
		return -1;
	bool write = mode == OPEN_WRITE || mode == OPEN_WRITE_ANY;
	if (write && store_begin(st, e)) {
		store_close(st);
		return -1;
	}
	int r = mode == OPEN_READ ? store_incident_load(st, id, inc, e)
				  : store_incident_load_board(st, id, inc, e);
	if (r == 1)
		err_set(e, "%s %lld: %s", L(lang, "インシデント", "incident"), (long long)id,
			L(lang, "そのようなインシデントはありません", "no such incident"));
	else if (r == 0 && mode == OPEN_WRITE && inc->state == INCIDENT_CLOSED)
		err_set(e, "%s %lld: %s", L(lang, "インシデント", "incident"), (long long)id,
			L(lang, "終了済みです（記録の追加はできません）",
			  "is closed (nothing more can be recorded)"));
	else if (r == 0)
		return 0;
	incident_release(inc);
	if (write)
		store_rollback(st);
	store_close(st);
	return -1;
}

/* Ends what open_incident began for a write: commits (durably) when rc
 * is 0, else rolls back.  Returns 0 only when committed. */
static int finish_write(struct store *st, int rc, struct err *e)
{
	if (rc == 0 && store_commit(st, e) == 0)
		return 0;
	store_rollback(st);
	return -1;
}

/* See app_incident.h. */
int app_incident_open_write(const char *db_path, int64_t id, enum lang lang, struct store *st,
			    struct incident *inc, struct err *e)
{
	return open_incident(db_path, id, OPEN_WRITE, lang, st, inc, e);
}

/* See app_incident.h. */
int app_incident_finish_write(struct store *st, int rc, struct err *e)
{
	return finish_write(st, rc, e);
}

/* ---- start ------------------------------------------------------------- */

/* The observed areas of r->observed ("NAME=INTENSITY" separated by ';' or
 * newlines) added to inc->areas (capacity *cap). */
static int observed_areas(const char *s, struct incident *inc, size_t *cap, enum lang lang,
			  struct err *e)
{
	size_t count = 0;
	while (s && *s) {
		size_t n = strcspn(s, ";\n");
		const char *eq = NULL;
		for (size_t i = 0; i < n; i++)
			if (s[i] == '=')
				eq = s + i;
		if (n > 0) {
			char *item = xstrndup(s, n);
			int rank = eq ? crisis_intensity_parse(item + (eq - s) + 1) : -1;
			if (eq)
				item[eq - s] = '\0';
			int rc = 0;
			if (++count > INCIDENT_AREAS_MAX)
				rc = err_set(e, "--observed: %s",
					     L(lang, "地域が多すぎます（1000まで）",
					       "too many areas (at most 1,000)"));
			else if (rank < 0 || !*item)
				rc = err_set(e, "--observed %.*s: %s", (int)n, s,
					     L(lang, "「地域=震度」の形で書いてください（例 東京都=6-）",
					       "write AREA=INTENSITY (e.g. 東京都=6-)"));
			else if (app_incident_check_text("--observed", item, 200, false, lang, e))
				rc = -1;
			if (rc) {
				free(item);
				return -1;
			}
			inc->areas = xgrow(inc->areas, cap, inc->n_areas + 1, sizeof *inc->areas);
			inc->areas[inc->n_areas].name = item;
			inc->areas[inc->n_areas++].intensity = rank;
		}
		s += n + (s[n] != '\0');
	}
	return 0;
}

/* Event parameters from the request (and a JMA file) into inc. */
static int start_params(const struct incident_start_req *r, const struct plan *p,
			struct incident *inc, enum lang lang, struct err *e)
{
	struct app_incident_quake q;
	size_t cap = 0;
	int rank = -1;
	inc->started_at = NO_VALUE;
	if (r->jma) {
		if (r->jma_data ? app_incident_jma_parse(r->jma_data, r->jma_len, r->jma, &q, lang, e)
				: app_incident_jma_read(r->jma, &q, lang, e))
			return -1;
		inc->started_at = q.time;
		inc->areas = q.areas;
		inc->n_areas = q.n_areas;
		cap = q.n_areas;
		rank = q.max_intensity;
		inc->drill = inc->drill || q.training;
		for (size_t i = 0; i < q.n_areas && !inc->area; i++)
			if (q.areas[i].intensity == rank)
				inc->area = xstrdup(q.areas[i].name);
		struct buf src = BUF_INIT;
		buf_addf(&src, "jma:%s", q.title);
		inc->source = buf_detach(&src);
	}
	if (r->at && parse_time_opt("--at", r->at, &inc->started_at, lang, e))
		return -1;
	if (inc->started_at == NO_VALUE)
		return err_set(e, "--at: %s", L(lang, "事象の発生時刻が必要です（--at または --jma）",
						 "the time of the event is needed (--at or --jma)"));
	if (r->intensity) {
		rank = crisis_intensity_parse(r->intensity);
		if (rank < 0)
			return err_set(e, "--intensity %s: %s", r->intensity,
				       L(lang, "震度は 1 2 3 4 5- 5+ 6- 6+ 7（5弱 などでも可）です",
					 "an intensity is 1 2 3 4 5- 5+ 6- 6+ 7 (or 5弱 …)"));
	}
	if (app_incident_check_text("--area", r->area, 200, false, lang, e) ||
	    observed_areas(r->observed, inc, &cap, lang, e))
		return -1;
	if (r->area || r->intensity) {
		inc->areas = xgrow(inc->areas, &cap, inc->n_areas + 1, sizeof *inc->areas);
		inc->areas[inc->n_areas].name = xstrdup(r->area ? r->area : "");
		inc->areas[inc->n_areas++].intensity = rank;
		free(inc->area);
		inc->area = xstrdup(r->area ? r->area : "");
	}
	inc->intensity = xstrdup(crisis_intensity_name(rank));
	if (!inc->area)
		inc->area = xstrdup("");
	if (r->source) {
		free(inc->source);
		inc->source = xstrdup(r->source);
	}
	if (!inc->source)
		inc->source = xstrdup("cli");
	if (r->system) {
		const struct system *s = plan_system(p, r->system);
		if (!s || !s->in_scope)
			return err_set(e, "--system %s: %s", r->system,
				       L(lang, "計画の対象範囲にない情報システムです",
					 "not a system in the plan's scope"));
	}
	inc->system_hit = xstrdup(r->system ? r->system : "");
	if (app_incident_check_text("--text", r->text, INCIDENT_TEXT_MAX, true, lang, e))
		return -1;
	inc->text = xstrdup(r->text ? r->text : "");
	return 0;
}

/* The content of the "start" entry: parameters and the whole snapshot. */
static json_t *start_content(const struct incident *inc)
{
	json_t *o = app_incident_header_json(inc);
	json_t *sys = json_array(), *steps = json_array(), *people = json_array(),
	       *holders = json_array();
	json_object_del(o, "id");
	json_object_del(o, "state");
	json_object_del(o, "closed_at");
	for (size_t i = 0; i < inc->n_systems; i++) {
		const struct incident_system *s = &inc->systems[i];
		json_array_append_new(sys, json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:b}", "system",
						     s->system, "name", s->name, "rto_hours",
						     s->rto_hours == NO_VALUE ? json_null()
									      : json_integer(s->rto_hours),
						     "tier", tier_name(s->tier), "rlo", s->rlo,
						     "rlo_percent",
						     s->rlo_percent == NO_VALUE ? json_null()
										: json_integer(s->rlo_percent),
						     "hit", s->hit));
	}
	for (size_t i = 0; i < inc->n_steps; i++)
		json_array_append_new(steps, json_pack("{s:s, s:I, s:s, s:s}", "step", inc->steps[i].step,
						       "no", (json_int_t)inc->steps[i].no, "title",
						       inc->steps[i].title, "roles", inc->steps[i].roles));
	for (size_t i = 0; i < inc->n_people; i++)
		json_array_append_new(people, json_pack("{s:s, s:s, s:s, s:s, s:s}", "person",
							inc->people[i].person, "name",
							inc->people[i].name, "location",
							inc->people[i].location, "roles",
							inc->people[i].roles, "ask",
							incident_ask_name(inc->people[i].ask)));
	for (size_t i = 0; i < inc->n_holders; i++)
		json_array_append_new(holders, json_pack("{s:s, s:s, s:I}", "role", inc->holders[i].role,
							 "person", inc->holders[i].person, "rank",
							 (json_int_t)inc->holders[i].rank));
	json_object_set_new(o, "systems", sys);
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "people", people);
	json_object_set_new(o, "holders", holders);
	return o;
}

/* See app_incident.h. */
int app_incident_start(const char *db_path, const struct incident_start_req *r,
		       const char *author, enum lang lang, struct incident *out, struct err *e)
{
	struct plan p = PLAN_INIT;
	struct incident inc = INCIDENT_INIT;
	struct store st = STORE_INIT;
	int rc = -1;
	memset(out, 0, sizeof *out);
	if (check_author(author, lang, e))
		return -1;
	if (!r->event)
		return err_set(e, "--event: %s", L(lang, "危機的事象のIDが必要です", "an event id is needed"));
	if (app_load_plan(db_path, &p, e))
		return -1;
	const struct event_type *ev = plan_event(&p, r->event);
	if (!ev) {
		err_set(e, "--event %s: %s", r->event,
			L(lang, "計画にない危機的事象です（itbcp export の events を参照）",
			  "not an event type of the plan (see events in itbcp export)"));
		goto out;
	}
	inc.drill = r->drill;
	if (start_params(r, &p, &inc, lang, e))
		goto out;
	int64_t now = app_incident_now();
	if (inc.started_at > now + 600 && !inc.drill) {
		err_set(e, "--at %s: %s", r->at ? r->at : "",
			L(lang, "未来の時刻です（訓練なら --drill）", "is in the future (for a drill: --drill)"));
		goto out;
	}
	inc.event = xstrdup(ev->id);
	inc.event_name = xstrdup(ev->name);
	inc.event_kind = xstrdup(ev->kind);
	inc.entered_at = now;
	inc.variant = crisis_time_variant(inc.started_at);
	/* who is called: the criteria the areas meet (crisis_criteria.c) */
	struct crisis_callout co;
	struct crisis_observed *own_obs = NULL;
	if (r->obs) {
		crisis_callout_compute(&p, ev->id, r->hazard, r->obs, r->n_obs, &co);
	} else {
		own_obs = xcalloc(inc.n_areas + 1, sizeof *own_obs);
		for (size_t i = 0; i < inc.n_areas; i++)
			own_obs[i] = (struct crisis_observed){ inc.areas[i].name, NULL, NULL,
							       inc.areas[i].intensity };
		crisis_callout_compute(&p, ev->id, HAZARD_EARTHQUAKE, own_obs, inc.n_areas, &co);
	}
	const struct assembly_criterion *c = co.criterion;
	inc.automatic = c != NULL;
	inc.criterion = xstrdup(c ? c->id : "");
	const struct procedure *pr = crisis_procedure_for(&p, ev->id, inc.variant);
	inc.procedure = xstrdup(pr ? pr->id : "");
	inc.procedure_title = xstrdup(pr ? pr->title : "");
	inc.report_destination = xstrdup(p.organisation.report_destination);
	inc.author = xstrdup(author);
	inc.review = xstrdup("");
	crisis_snapshot(&p, &inc, c ? &co : NULL);
	crisis_callout_release(&co);
	free(own_obs);

	if (store_open(&st, db_path, 0, e))
		goto out;
	/* Everyone called gets a check-in link before the call goes out. */
	const char **ids = xcalloc(inc.n_people + 1, sizeof *ids);
	char(*tokens)[STORE_TOKEN_LEN + 1] = xcalloc(inc.n_people + 1, sizeof *tokens);
	for (size_t i = 0; i < inc.n_people; i++)
		ids[i] = inc.people[i].person;
	int tr = store_checkin_tokens(&st, ids, inc.n_people, tokens, e);
	free(ids);
	free(tokens);
	if (tr)
		goto out;
	json_t *content = start_content(&inc);
	int cr = store_incident_create(&st, &inc, now, author, content, e);
	json_decref(content);
	if (cr)
		goto out;
	if (store_incident_load(&st, inc.id, out, e) != 0)
		goto out;
	rc = 0;
out:
	store_close(&st);
	incident_release(&inc);
	plan_release(&p);
	return rc;
}

/* See app_incident.h. */
int app_incident_load(const char *db_path, int64_t id, enum lang lang, struct incident *out,
		      struct err *e)
{
	struct store st = STORE_INIT;
	if (open_incident(db_path, id, OPEN_READ, lang, &st, out, e))
		return -1;
	store_close(&st);
	return 0;
}

/* See app_incident.h. */
int app_incident_list(const char *db_path, struct incident **v, size_t *n, struct err *e)
{
	struct store st = STORE_INIT;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int rc = store_incident_list(&st, v, n, e);
	store_close(&st);
	return rc;
}

/* ---- check-in ------------------------------------------------------------ */

/* See app_incident.h. */
int app_incident_checkin(const char *db_path, int64_t id, const struct incident_checkin_req *r,
			 const char *author, enum lang lang, struct checkin_result *res,
			 struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	struct checkin_report rep = { .incident = id, .person = r->person };
	int rc = -1;
	if (check_author(author, lang, e))
		return -1;
	int s = checkin_status_parse(r->status);
	if (s < 0)
		return err_set(e, "--status %s: %s", r->status ? r->status : "",
			       L(lang, "safe（無事）, injured（負傷）, cannot_act（対応不可）のいずれかです",
				 "must be safe, injured or cannot_act"));
	int a = r->assembly ? checkin_assembly_parse(r->assembly)
			    : (s == CHECKIN_CANNOT_ACT ? ASSEMBLY_NO : ASSEMBLY_YES);
	if (a < 0)
		return err_set(e, "--assembly %s: %s", r->assembly,
			       L(lang, "yes（参集）, online（オンライン参加）, no（参集不可）のいずれかです",
				 "must be yes, online or no"));
	rep.status = (enum checkin_status)s;
	rep.assembly = (enum checkin_assembly)a;
	if (parse_time_opt("--eta", r->eta, &rep.eta, lang, e) ||
	    parse_time_opt("--at", r->at, &rep.at, lang, e) ||
	    app_incident_check_text("--location", r->location, INCIDENT_LOCATION_MAX, false, lang, e) ||
	    app_incident_check_text("--note", r->note, INCIDENT_NOTE_MAX, true, lang, e))
		return -1;
	int64_t now = app_incident_now();
	if (rep.at == NO_VALUE)
		rep.at = now;
	rep.recorded_at = now;
	rep.location = r->location;
	rep.note = r->note;
	rep.author = author;
	if (open_incident(db_path, id, OPEN_WRITE, lang, &st, &inc, e))
		return -1;
	if (!incident_person_find(&inc, r->person)) {
		err_set(e, "%s: %s", r->person ? r->person : "",
			L(lang, "このインシデントで招集された人ではありません（itbcp incident show で一覧）",
			  "is not among the people called for this incident (see itbcp incident show)"));
		goto out;
	}
	if (rep.at < inc.started_at || rep.at > now + 600) {
		err_set(e, "--at %s: %s", r->at ? r->at : "",
			L(lang, "事象の発生前か未来の時刻です", "is before the event or in the future"));
		goto out;
	}
	if (checkin_store_append(&st, &rep, 1, res, e))
		goto out;
	if (res->outcome != CHECKIN_RECORDED) {
		err_set(e, "%s: %s", res->field ? res->field : "checkin",
			L(lang, "記録できませんでした", "could not be recorded"));
		goto out;
	}
	rc = 0;
out:
	rc = finish_write(&st, rc, e);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* ---- steps ------------------------------------------------------------------ */

/* The step named by id or by 項番. */
static struct incident_step *find_step(struct incident *inc, const char *key)
{
	for (size_t i = 0; key && i < inc->n_steps; i++)
		if (strcmp(inc->steps[i].step, key) == 0)
			return &inc->steps[i];
	char *end;
	long no = key ? strtol(key, &end, 10) : 0;
	for (size_t i = 0; key && *key && !*end && i < inc->n_steps; i++)
		if (inc->steps[i].no == no)
			return &inc->steps[i];
	return NULL;
}

/* The content of a step entry. */
static json_t *step_content(const struct incident_step *s, const char *action)
{
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "step", s->step, "no",
			      (json_int_t)s->no, "title", s->title, "action", action, "state",
			      step_state_name(s->state), "note", s->note);
	json_object_set_new(o, "due_at", app_incident_json_time(s->due_at));
	json_object_set_new(o, "started_at", app_incident_json_time(s->started_at));
	json_object_set_new(o, "done_at", app_incident_json_time(s->done_at));
	json_object_set_new(o, "taken_by", json_string(s->taken_by));
	return o;
}

/* Replaces a string field. */
static void set_str(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v ? v : "");
}

/* See app_incident.h. */
int app_incident_step(const char *db_path, int64_t id, const char *step, bool start, bool done,
		      const char *note, const char *due, const char *author, enum lang lang,
		      struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	int64_t due_at;
	int rc = -1;
	if (check_author(author, lang, e) ||
	    app_incident_check_text("--note", note, INCIDENT_NOTE_MAX, true, lang, e) ||
	    parse_time_opt("--due", due, &due_at, lang, e))
		return -1;
	if (start && done)
		return err_set(e, "--start/--done: %s", L(lang, "どちらか一方を指定してください",
							   "give one of them"));
	if (!start && !done && !note && !due)
		return err_set(e, "--start/--done: %s", L(lang, "--start, --done, --note, --due のいずれかが必要です",
							   "one of --start, --done, --note, --due is needed"));
	if (open_incident(db_path, id, OPEN_WRITE, lang, &st, &inc, e))
		return -1;
	struct incident_step *s = find_step(&inc, step);
	int64_t now = app_incident_now();
	const char *action = start ? "start" : done ? "done" : "update";
	if (!s) {
		err_set(e, "%s: %s", step ? step : "",
			L(lang, "この手順はありません（項番か手順IDを指定）",
			  "no such step (give its number or id)"));
		goto out;
	}
	if (start && s->state != STEP_PENDING) {
		err_set(e, "--start: %s %s", s->step,
			L(lang, "はすでに開始または完了しています", "has already started or is done"));
		goto out;
	}
	if (done && s->state == STEP_DONE) {
		err_set(e, "--done: %s %s", s->step, L(lang, "はすでに完了しています", "is already done"));
		goto out;
	}
	if (start || done) {
		if (s->started_at == NO_VALUE)
			s->started_at = now;
		if (!s->taken_by[0])
			set_str(&s->taken_by, author);
		s->state = done ? STEP_DONE : STEP_STARTED;
		if (done)
			s->done_at = now;
	}
	if (note)
		set_str(&s->note, note);
	if (due_at != NO_VALUE)
		s->due_at = due_at;
	struct buf kind = BUF_INIT;
	buf_addf(&kind, "step.%s", action);
	json_t *content = step_content(s, action);
	rc = store_incident_step_put(&st, id, s, false, now, author, kind.data, content, e);
	json_decref(content);
	buf_release(&kind);
out:
	rc = finish_write(&st, rc, e);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* See app_incident.h. */
int app_incident_add_step(const char *db_path, int64_t id, const char *title, const char *roles,
			  const char *actions, const char *due, const char *author, enum lang lang,
			  char **step_id, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	struct incident_step s = { 0 };
	struct buf rl = BUF_INIT, rn = BUF_INIT, sid = BUF_INIT;
	int rc = -1;
	*step_id = NULL;
	if (check_author(author, lang, e) ||
	    app_incident_check_text("--title", title, 200, false, lang, e) ||
	    app_incident_check_text("--roles", roles, 1000, false, lang, e) ||
	    app_incident_check_text("--actions", actions, INCIDENT_TEXT_MAX, true, lang, e) ||
	    parse_time_opt("--due", due, &s.due_at, lang, e))
		return -1;
	if (!title || !*title)
		return err_set(e, "TITLE: %s", L(lang, "手順の名前が必要です", "a step title is needed"));
	if (open_incident(db_path, id, OPEN_WRITE, lang, &st, &inc, e))
		return -1;
	/* Roles: a comma-separated list of role ids known to the incident. */
	for (const char *p = roles; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char *r = xstrndup(p, len);
		const char *name = NULL;
		for (size_t i = 0; i < inc.n_holders && !name; i++)
			if (strcmp(inc.holders[i].role, r) == 0)
				name = inc.holders[i].role_name;
		if (!name) {
			err_set(e, "--roles %s: %s", r,
				L(lang, "この事象の対応体制にない役割です", "not a crisis role of this incident"));
			free(r);
			goto out;
		}
		if (rl.len) {
			buf_addc(&rl, '\n');
			buf_addc(&rn, '\n');
		}
		buf_adds(&rl, r);
		buf_adds(&rn, name);
		free(r);
		p = comma ? comma + 1 : p + len;
	}
	int64_t max_no = 0;
	size_t added = 0;
	for (size_t i = 0; i < inc.n_steps; i++) {
		if (inc.steps[i].no > max_no)
			max_no = inc.steps[i].no;
		added += inc.steps[i].added;
	}
	buf_addf(&sid, "added-%zu", added + 1);
	s.step = sid.data;
	s.no = max_no + 1;
	s.title = (char *)title;
	s.actions = (char *)(actions ? actions : "");
	s.roles = rl.data;
	s.role_names = rn.data;
	s.added = true;
	s.state = STEP_PENDING;
	s.started_at = s.done_at = NO_VALUE;
	s.taken_by = "";
	s.note = "";
	json_t *content = step_content(&s, "add");
	json_object_set_new(content, "roles", json_string(s.roles));
	json_object_set_new(content, "actions", json_string(s.actions));
	rc = store_incident_step_put(&st, id, &s, true, app_incident_now(), author, "step.add", content, e);
	json_decref(content);
	if (rc == 0)
		*step_id = buf_detach(&sid);
out:
	rc = finish_write(&st, rc, e);
	if (rc) {
		free(*step_id);
		*step_id = NULL;
	}
	buf_release(&rl);
	buf_release(&rn);
	buf_release(&sid);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* ---- systems ----------------------------------------------------------------- */

/* The content of a system entry: the whole state after the change. */
static json_t *system_content(const struct incident_system *s, bool declared)
{
	json_t *o = json_object();
	json_object_set_new(o, "system", json_string(s->system));
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "damage", json_string(s->damage));
	json_object_set_new(o, "policy", json_string(s->policy));
	json_object_set_new(o, "target_level",
			    s->target_level == NO_VALUE ? json_null() : json_integer(s->target_level));
	json_object_set_new(o, "method", json_string(s->method));
	json_object_set_new(o, "work", json_string(work_state_name(s->work)));
	json_object_set_new(o, "level", s->level == NO_VALUE ? json_null() : json_integer(s->level));
	json_object_set_new(o, "expected_at", app_incident_json_time(s->expected_at));
	json_object_set_new(o, "restored_at", app_incident_json_time(s->restored_at));
	json_object_set_new(o, "validated_data", json_boolean(s->validated_data));
	json_object_set_new(o, "validated_function", json_boolean(s->validated_function));
	json_object_set_new(o, "declared_restored", json_boolean(declared));
	return o;
}

/* Validates the options of a system change that need no database. */
static int system_req_check(const struct incident_system_req *r, int64_t *target, int64_t *level,
			    int64_t *expected, int64_t *restored, enum lang lang, struct err *e)
{
	if (r->damage && damage_parse(r->damage) < 0)
		return err_set(e, "--damage %s: %s", r->damage,
			       L(lang, "unknown, none, degraded, down, destroyed のいずれかです",
				 "must be unknown, none, degraded, down or destroyed"));
	if (r->policy && (policy_parse(r->policy) <= 0))
		return err_set(e, "--policy %s: %s", r->policy,
			       L(lang, "affected_site（被災拠点で復旧）か alternate_site（代替拠点で復旧）です",
				 "must be affected_site or alternate_site"));
	if (r->state && work_state_parse(r->state) < 0)
		return err_set(e, "--state %s: %s", r->state,
			       L(lang, "not_started, in_progress, validating, restored のいずれかです",
				 "must be not_started, in_progress, validating or restored"));
	if (parse_percent("--target-level", r->target_level, target, lang, e) ||
	    parse_percent("--level", r->level, level, lang, e) ||
	    parse_time_opt("--expect", r->expected, expected, lang, e) ||
	    parse_time_opt("--restored-at", r->restored_at, restored, lang, e) ||
	    app_incident_check_text("--method", r->method, INCIDENT_TEXT_MAX, true, lang, e))
		return -1;
	return 0;
}

/* See app_incident.h. */
int app_incident_system(const char *db_path, int64_t id, const char *system,
			const struct incident_system_req *r, const char *author, enum lang lang,
			struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	int64_t target, level, expected, restored;
	int rc = -1;
	if (check_author(author, lang, e) ||
	    system_req_check(r, &target, &level, &expected, &restored, lang, e))
		return -1;
	if (open_incident(db_path, id, OPEN_WRITE, lang, &st, &inc, e))
		return -1;
	struct incident_system *s = incident_system_find(&inc, system);
	int64_t now = app_incident_now();
	if (!s) {
		err_set(e, "%s: %s", system ? system : "",
			L(lang, "このインシデントの対象システムではありません",
			  "is not a system of this incident"));
		goto out;
	}
	bool was_restored = s->work == WORK_RESTORED;
	if (r->damage)
		set_str(&s->damage, r->damage);
	if (r->policy)
		set_str(&s->policy, r->policy);
	if (target != NO_VALUE)
		s->target_level = target;
	if (r->method)
		set_str(&s->method, r->method);
	if (level != NO_VALUE)
		s->level = level;
	if (expected != NO_VALUE)
		s->expected_at = expected;
	s->validated_data = s->validated_data || r->validated_data;
	s->validated_function = s->validated_function || r->validated_function;
	if (r->state)
		s->work = (enum work_state)work_state_parse(r->state);
	else if (restored != NO_VALUE)
		s->work = WORK_RESTORED;
	bool declared = s->work == WORK_RESTORED && !was_restored;
	if (s->work == WORK_RESTORED) {
		if (!s->validated_data || !s->validated_function) {
			err_set(e, "--state restored: %s",
				L(lang, "復旧宣言の前にデータと機能の検証が必要です（--validated data と --validated function）",
				  "data and function must be validated before recovery is declared (--validated data, --validated function)"));
			goto out;
		}
		if (s->level == NO_VALUE) {
			err_set(e, "--level: %s", L(lang, "復旧したレベル（平時に対する%）が必要です",
						     "the level restored (percent of normal) is needed"));
			goto out;
		}
		if (restored != NO_VALUE)
			s->restored_at = restored;
		else if (s->restored_at == NO_VALUE)
			s->restored_at = now;
		if (s->restored_at < inc.started_at || s->restored_at > now + 600) {
			err_set(e, "--restored-at %s: %s", r->restored_at ? r->restored_at : "",
				L(lang, "事象の発生前か未来の時刻です", "is before the event or in the future"));
			goto out;
		}
	} else {
		if (restored != NO_VALUE) {
			err_set(e, "--restored-at: %s", L(lang, "--state restored と一緒に指定してください",
							   "goes with --state restored"));
			goto out;
		}
		s->restored_at = NO_VALUE;
	}
	s->updated_at = now;
	set_str(&s->updated_by, author);
	json_t *content = system_content(s, declared);
	rc = store_incident_system_put(&st, id, s, now, author, content, e);
	json_decref(content);
out:
	rc = finish_write(&st, rc, e);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* See app_incident.h. */
int app_incident_record(const char *db_path, int64_t id, const char *kind, const char *text,
			const char *author, enum lang lang, int64_t *seq, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	if (check_author(author, lang, e) ||
	    app_incident_check_text("TEXT", text, INCIDENT_TEXT_MAX, true, lang, e))
		return -1;
	if (!text || !*text)
		return err_set(e, "TEXT: %s", L(lang, "内容が必要です", "the text is needed"));
	if (open_incident(db_path, id, OPEN_WRITE, lang, &st, &inc, e))
		return -1;
	int rc = store_incident_record_add(&st, id, kind, text, app_incident_now(), author, seq, e);
	rc = finish_write(&st, rc, e);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* ---- close, review, verify ----------------------------------------------------- */

/* Chooses or makes the §4.1 training a drill is recorded under. */
static int drill_training(const struct plan *p, const struct incident *inc, const char *want,
			  struct training *made, const char **training_id, enum lang lang,
			  struct err *e)
{
	struct civil_date d = crisis_jst_date(inc->started_at);
	int fy = fiscal_year_of(d);
	*training_id = NULL;
	if (want) {
		if (!plan_training(p, want))
			return err_set(e, "--training %s: %s", want,
				       L(lang, "計画にない教育訓練です", "not a training of the plan"));
		*training_id = want;
		return 0;
	}
	static const char *const kinds[] = { "scenario", "unannounced", "recovery", "switchover" };
	for (size_t k = 0; k < 4 && !*training_id; k++)
		for (size_t i = 0; i < p->n_trainings && !*training_id; i++)
			if (p->trainings[i].fy == fy && strcmp(p->trainings[i].type, kinds[k]) == 0)
				*training_id = p->trainings[i].id;
	if (*training_id)
		return 0;
	int64_t no = 0;
	for (size_t i = 0; i < p->n_trainings; i++)
		if (p->trainings[i].fy == fy && p->trainings[i].no > no)
			no = p->trainings[i].no;
	struct buf b = BUF_INIT;
	buf_addf(&b, "tr-incident-%lld", (long long)inc->id);
	made->id = buf_detach(&b);
	made->fy = fy;
	made->no = no + 1;
	buf_addf(&b, "%s（%s #%lld）", L(lang, "シナリオ訓練", "Scenario drill"), inc->event_name,
		 (long long)inc->id);
	made->title = buf_detach(&b);
	made->type = xstrdup("scenario");
	made->method = xstrdup(L(lang, "itbcp による訓練の実施", "drill run with itbcp"));
	made->audience = xstrdup(L(lang, "危機的事象発生時の対応体制に定められる者",
				   "people of the crisis response structure"));
	made->months = (uint16_t)(1u << d.m);
	made->planner = xstrdup(inc->author);
	made->remarks = xstrdup("");
	*training_id = made->id;
	return 0;
}

/* The evaluation text of a drill's training record, from the review. */
static char *drill_evaluation(const json_t *review, const char *extra, enum lang lang)
{
	struct buf b = BUF_INIT;
	json_t *resp = json_object_get(review, "response");
	json_t *ach = json_object_get(review, "achievement");
	size_t rto_ok = 0, rlo_ok = 0, n = json_array_size(ach);
	for (size_t i = 0; i < n; i++) {
		rto_ok += json_is_true(json_object_get(json_array_get(ach, i), "rto_achieved"));
		rlo_ok += json_is_true(json_object_get(json_array_get(ach, i), "rlo_achieved"));
	}
	buf_addf(&b, L(lang, "回答 %lld名／呼出 %lld名。RTO達成 %zu/%zu、RLO達成 %zu/%zu。遅延した手順 %zu件。",
		       "Answered %lld of %lld called. RTO achieved %zu/%zu, RLO achieved %zu/%zu. Steps late: %zu."),
		 (long long)json_integer_value(json_object_get(resp, "answered")),
		 (long long)json_integer_value(json_object_get(resp, "called")), rto_ok, n, rlo_ok, n,
		 json_array_size(json_object_get(resp, "steps_late")));
	if (extra && *extra)
		buf_addf(&b, "\n%s", extra);
	return buf_detach(&b);
}

/* See app_incident.h. */
int app_incident_close(const char *db_path, int64_t id, const char *training,
		       const char *evaluation, const char *author, enum lang lang,
		       json_t **review, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	struct plan p = PLAN_INIT;
	struct training made = { 0 };
	struct training_record rec = { 0 };
	int rc = -1;
	*review = NULL;
	if (check_author(author, lang, e) ||
	    app_incident_check_text("--evaluation", evaluation, INCIDENT_TEXT_MAX, true, lang, e))
		return -1;
	if (app_load_plan(db_path, &p, e))
		return -1;
	if (open_incident(db_path, id, OPEN_WRITE, lang, &st, &inc, e)) {
		plan_release(&p);
		return -1;
	}
	int64_t now = app_incident_now();
	json_t *rv = app_incident_review_build(&inc, now, lang);
	if (inc.drill) {
		const char *tid;
		if (drill_training(&p, &inc, training, &made, &tid, lang, e))
			goto out;
		struct civil_date d = crisis_jst_date(inc.started_at);
		struct buf b = BUF_INIT;
		buf_addf(&b, "trr-incident-%lld", (long long)id);
		rec.id = buf_detach(&b);
		rec.training = (char *)tid;
		buf_addf(&b, "%04d-%02d-%02d", d.y, d.m, d.d);
		rec.date = buf_detach(&b);
		rec.participants =
			json_integer_value(json_object_get(json_object_get(rv, "response"), "answered"));
		rec.evaluation = drill_evaluation(rv, evaluation, lang);
		json_object_set_new(rv, "training_record",
				    json_pack("{s:s, s:s, s:s}", "id", rec.id, "training", tid,
					      "evaluation", rec.evaluation));
	} else if (training) {
		err_set(e, "--training: %s", L(lang, "訓練（--drill）のインシデントにだけ指定できます",
					       "only for a drill"));
		goto out;
	}
	if (evaluation)
		json_object_set_new(json_object_get(rv, "response"), "evaluation", json_string(evaluation));
	char *text = json_dumps(rv, JSON_COMPACT | JSON_SORT_KEYS);
	json_t *content = json_pack("{s:O}", "review", rv);
	rc = store_incident_close(&st, id, text, now, author, content, made.id ? &made : NULL,
				  inc.drill ? &rec : NULL, e);
	json_decref(content);
	free(text);
out:
	rc = finish_write(&st, rc, e);
	if (rc == 0) {
		json_object_set_new(rv, "closed_at", app_incident_json_time(now));
		*review = json_incref(rv);
	}
	json_decref(rv);
	free(made.id); free(made.title); free(made.type); free(made.method); free(made.audience);
	free(made.planner); free(made.remarks);
	free(rec.id); free(rec.date); free(rec.evaluation);
	plan_release(&p);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* See app_incident.h. */
int app_incident_review_fill(const char *db_path, int64_t id, const char *cause,
			     const char *evaluation, const char *improvements, const char *author,
			     enum lang lang, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	int rc = -1;
	if (check_author(author, lang, e) ||
	    app_incident_check_text("--cause", cause, INCIDENT_TEXT_MAX, true, lang, e) ||
	    app_incident_check_text("--evaluation", evaluation, INCIDENT_TEXT_MAX, true, lang, e) ||
	    app_incident_check_text("--improvements", improvements, INCIDENT_TEXT_MAX, true, lang, e))
		return -1;
	if (open_incident(db_path, id, OPEN_WRITE_ANY, lang, &st, &inc, e))
		return -1;
	json_t *rv = inc.review[0] ? json_loads(inc.review, 0, NULL) : NULL;
	if (!rv) {
		err_set(e, "%s %lld: %s", L(lang, "インシデント", "incident"), (long long)id,
			L(lang, "はまだ終了していません（終了時に振り返りが作られます）",
			  "is not closed yet (closing makes the review)"));
		goto out;
	}
	json_t *content = json_object();
	if (cause) {
		json_object_set_new(json_object_get(rv, "event_analysis"), "cause", json_string(cause));
		json_object_set_new(content, "cause", json_string(cause));
	}
	if (evaluation) {
		json_object_set_new(json_object_get(rv, "response"), "evaluation", json_string(evaluation));
		json_object_set_new(content, "evaluation", json_string(evaluation));
	}
	if (improvements) {
		json_object_set_new(json_object_get(rv, "improvements"), "others",
				    json_string(improvements));
		json_object_set_new(content, "improvements", json_string(improvements));
	}
	char *text = json_dumps(rv, JSON_COMPACT | JSON_SORT_KEYS);
	rc = store_incident_review_put(&st, id, text, app_incident_now(), author, "review", content, e);
	free(text);
	json_decref(content);
	json_decref(rv);
out:
	rc = finish_write(&st, rc, e);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* Where this machine has the database's key file, the record's last
 * signature must not be by a key the database took up after the file's:
 * someone who rewrote the record and signed it again with a key of their
 * own (a row added to record_keys) cannot sign with the file's.  A record
 * signed before the key file changed (the file's key is newer) holds; a
 * key file the database has not used yet says nothing. */
static int key_file_check(struct store *st, const char *db_path, struct timeline_check *out,
			  enum lang lang, struct err *e)
{
	unsigned char pk[STORE_RECORD_KEY_BYTES];
	int r = store_record_key_public(db_path, pk, e);
	if (r <= 0)
		return r;
	int64_t id = store_record_key_known(st, pk, e);
	if (id < 0)
		return -1;
	out->key_file = id == 0 ? 0 : id == out->key_id ? 1 : id > out->key_id ? 2 : -1;
	if (out->key_file < 0) {
		out->bad_seq = (int64_t)out->entries;
		snprintf(out->reason, sizeof out->reason,
			 L(lang, "最後の署名が記録の鍵 #%lld によるもので、鍵ファイルの鍵（#%lld）ではありません（別の鍵で署名し直されています）",
			   "the last signature is by record key #%lld, not by the key file's (#%lld): the record was signed again with another key"),
			 (long long)out->key_id, (long long)id);
	}
	return 0;
}

/* See app_incident.h. */
int app_incident_verify(const char *db_path, int64_t id, enum lang lang,
			struct timeline_check *out, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	if (open_incident(db_path, id, OPEN_READ_LIGHT, lang, &st, &inc, e))
		return -1; /* no such incident */
	int rc = store_timeline_verify(&st, id, out, e);
	if (rc == 0 && out->bad_seq == 0 && out->key_id)
		rc = key_file_check(&st, db_path, out, lang, e);
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* See app_incident.h. */
int app_incident_witness(const char *db_path, int64_t id, const char *witness, enum lang lang,
			 char why[160], struct err *e)
{
	char *end;
	long long seq = strtoll(witness, &end, 10);
	const char *hash = *end == ':' ? end + 1 : NULL;
	size_t n = hash ? strlen(hash) : 0;
	bool hex = n >= 16 && n <= 64 && strspn(hash, "0123456789abcdef") == n;
	if (end == witness || seq < 1 || !hex)
		return err_set(e, "--witness %s: %s", witness,
			       L(lang, "「項番号:ハッシュ」（報告書の記録の確認値、ハッシュは16桁以上）で指定してください",
				 "give it as SEQ:HASH (a report's record check, 16 hex digits at least)"));
	struct store st = STORE_INIT;
	if (store_open(&st, db_path, 0, e))
		return -1;
	struct timeline_entry *v = NULL;
	size_t got = 0;
	int rc = store_timeline_page(&st, id, seq + 1, 1, &v, &got, e);
	store_close(&st);
	if (rc)
		return -1;
	int holds = got == 1 && v[0].seq == seq && strncmp(v[0].hash, hash, n) == 0;
	if (got == 0 || v[0].seq != seq)
		snprintf(why, 160, L(lang, "報告書に載った第%lld項が記録にありません（末尾が失われています）",
				     "entry %lld, printed on a report, is gone: the record lost its tail"),
			 seq);
	else if (!holds)
		snprintf(why, 160, L(lang, "第%lld項のハッシュが報告書の値と違います（記録が書き換えられています）",
				     "entry %lld's hash differs from the report's: the record was rewritten"),
			 seq);
	for (size_t i = 0; i < got; i++)
		timeline_entry_release(&v[i]);
	free(v);
	return holds;
}

/* See app_incident.h. */
int app_incident_timeline(const char *db_path, int64_t id, struct timeline_entry **v, size_t *n,
			  struct err *e)
{
	struct store st = STORE_INIT;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int rc = store_timeline_load(&st, id, v, n, e);
	store_close(&st);
	return rc;
}

/* See app_incident.h. */
int app_incident_person_token(const char *db_path, const char *person, char tok[STORE_TOKEN_LEN + 1],
			      struct err *e)
{
	struct store st = STORE_INIT;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int rc = store_checkin_token(&st, person, tok, e);
	store_close(&st);
	return rc;
}

/* See app_incident.h. */
int app_incident_tokens(const char *db_path, const struct plan *p, const char *rotate,
			char (*tokens)[STORE_TOKEN_LEN + 1], enum lang lang, struct err *e)
{
	struct store st = STORE_INIT;
	int rc = -1;
	if (rotate && !plan_person(p, rotate))
		return err_set(e, "--rotate %s: %s", rotate,
			       L(lang, "計画にいない人です", "not a person of the plan"));
	if (store_open(&st, db_path, 0, e))
		return -1;
	char tok[STORE_TOKEN_LEN + 1];
	if (rotate && store_checkin_token_rotate(&st, rotate, tok, e))
		goto out;
	const char **ids = xcalloc(p->n_people + 1, sizeof *ids);
	for (size_t i = 0; i < p->n_people; i++)
		ids[i] = p->people[i].id;
	rc = store_checkin_tokens(&st, ids, p->n_people, tokens, e);
	free(ids);
out:
	store_close(&st);
	return rc;
}
