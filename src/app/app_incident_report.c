/*
 * app_incident_report.c — what an incident looks like to people and programs
 * (app_incident.h): the board as JSON, the situation report and the
 * recovery-completion notice (§2.3.2 steps 11 and 12), and the
 * post-incident review of §4.2.2 pre-filled from the record.
 *
 * Times in JSON are ISO 8601 in Asia/Tokyo; durations are seconds with an
 * "h:mm" twin for people.  Text output is built in a struct buf.
 */
#include <stdio.h>
#include <string.h>

#include "app/app_incident.h"
#include "util/xalloc.h"

/* See app_incident.h. */
json_t *app_incident_json_time(int64_t t)
{
	char s[40];
	if (t == NO_VALUE)
		return json_null();
	crisis_time_iso(t, s, sizeof s);
	return json_string(s);
}

/* A JSON integer or null. */
static json_t *jint(int64_t v)
{
	return v == NO_VALUE ? json_null() : json_integer(v);
}

/* true / false / null from 1 / 0 / -1. */
static json_t *jtri(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

/* "h:mm" of a duration, or null. */
static json_t *jdur(int64_t s)
{
	char b[32];
	if (s == NO_VALUE)
		return json_null();
	crisis_duration(s, b, sizeof b);
	return json_string(b);
}

/* A newline-separated list as a JSON array. */
static json_t *jlines(const char *s)
{
	json_t *a = json_array();
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		json_array_append_new(a, json_stringn(s, len));
		s = nl ? nl + 1 : s + len;
	}
	return a;
}

/* See app_incident.h. */
json_t *app_incident_header_json(const struct incident *inc)
{
	json_t *o = json_object(), *areas = json_array();
	for (size_t i = 0; i < inc->n_areas; i++)
		json_array_append_new(areas, json_pack("{s:s, s:s}", "name", inc->areas[i].name,
						       "intensity",
						       crisis_intensity_name(inc->areas[i].intensity)));
	json_object_set_new(o, "id", json_integer(inc->id));
	json_object_set_new(o, "event", json_string(inc->event));
	json_object_set_new(o, "event_name", json_string(inc->event_name));
	json_object_set_new(o, "event_kind", json_string(inc->event_kind));
	json_object_set_new(o, "started_at", app_incident_json_time(inc->started_at));
	json_object_set_new(o, "entered_at", app_incident_json_time(inc->entered_at));
	json_object_set_new(o, "intensity", json_string(inc->intensity));
	json_object_set_new(o, "area", json_string(inc->area));
	json_object_set_new(o, "areas", areas);
	json_object_set_new(o, "system_hit", json_string(inc->system_hit));
	json_object_set_new(o, "text", json_string(inc->text));
	json_object_set_new(o, "drill", json_boolean(inc->drill));
	json_object_set_new(o, "variant", json_string(time_variant_name(inc->variant)));
	json_object_set_new(o, "state", json_string(inc->state == INCIDENT_CLOSED ? "closed" : "open"));
	json_object_set_new(o, "closed_at", app_incident_json_time(inc->closed_at));
	json_object_set_new(o, "procedure", json_string(inc->procedure));
	json_object_set_new(o, "procedure_title", json_string(inc->procedure_title));
	json_object_set_new(o, "assembly", json_string(inc->automatic ? "automatic" : "decision"));
	json_object_set_new(o, "criterion", json_string(inc->criterion));
	json_object_set_new(o, "report_destination", json_string(inc->report_destination));
	json_object_set_new(o, "author", json_string(inc->author));
	json_object_set_new(o, "source", json_string(inc->source));
	return o;
}

/* One system of the board. */
static json_t *system_json(const struct crisis_system_state *x)
{
	const struct incident_system *s = x->s;
	json_t *o = json_object();
	json_object_set_new(o, "system", json_string(s->system));
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "department", json_string(s->department));
	json_object_set_new(o, "tier", json_string(tier_name(s->tier)));
	json_object_set_new(o, "rto_hours", jint(s->rto_hours));
	json_object_set_new(o, "rlo", json_string(s->rlo));
	json_object_set_new(o, "rlo_percent", jint(s->rlo_percent));
	json_object_set_new(o, "hit", json_boolean(s->hit));
	json_object_set_new(o, "deadline", app_incident_json_time(x->deadline));
	json_object_set_new(o, "left_seconds", jint(x->left));
	json_object_set_new(o, "left", jdur(x->left));
	json_object_set_new(o, "overdue", json_boolean(x->overdue));
	json_object_set_new(o, "damage", json_string(s->damage));
	json_object_set_new(o, "policy", json_string(s->policy));
	json_object_set_new(o, "target_level", jint(s->target_level));
	json_object_set_new(o, "method", json_string(s->method));
	json_object_set_new(o, "work", json_string(work_state_name(s->work)));
	json_object_set_new(o, "level", jint(s->level));
	json_object_set_new(o, "expected_at", app_incident_json_time(s->expected_at));
	json_object_set_new(o, "restored_at", app_incident_json_time(s->restored_at));
	json_object_set_new(o, "validated", json_pack("{s:b, s:b}", "data", s->validated_data,
						      "function", s->validated_function));
	json_object_set_new(o, "recovery_seconds", jint(x->recovery));
	json_object_set_new(o, "recovery", jdur(x->recovery));
	json_object_set_new(o, "rto_achieved", jtri(x->rto_ok));
	json_object_set_new(o, "rlo_achieved", jtri(x->rlo_ok));
	return o;
}

/* Counts of a location or role group. */
static json_t *group_json(const struct crisis_group *g, bool role)
{
	json_t *o = json_object(), *pr = json_object();
	json_object_set_new(o, role ? "role" : "location", json_string(g->key));
	if (role)
		json_object_set_new(o, "name", json_string(g->name));
	json_object_set_new(o, "called", json_integer((json_int_t)g->called));
	json_object_set_new(o, "answered", json_integer((json_int_t)g->answered));
	json_object_set_new(o, "safe", json_integer((json_int_t)g->safe));
	json_object_set_new(o, "injured", json_integer((json_int_t)g->injured));
	json_object_set_new(o, "cannot_act", json_integer((json_int_t)g->cannot_act));
	for (int p = 0; p < PRESENCE_COUNT; p++)
		json_object_set_new(pr, presence_name((enum presence)p),
				    json_integer((json_int_t)g->presence[p]));
	json_object_set_new(o, "presence", pr);
	if (role) {
		json_object_set_new(o, "cover", json_string(coverage_name(g->cover)));
		json_object_set_new(o, "cover_person", g->cover_person ? json_string(g->cover_person)
								       : json_null());
	}
	return o;
}

/* One person with their latest report. */
static json_t *person_json(const struct crisis_person_state *ps)
{
	const struct incident_person *p = ps->person;
	const struct checkin *c = ps->latest;
	json_t *o = json_object();
	json_object_set_new(o, "person", json_string(p->person));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "location", json_string(p->location));
	json_object_set_new(o, "roles", jlines(p->roles));
	json_object_set_new(o, "called", json_boolean(p->called));
	json_object_set_new(o, "ask", json_string(incident_ask_name(p->ask)));
	json_object_set_new(o, "called_at", app_incident_json_time(p->called_at));
	json_object_set_new(o, "presence", json_string(presence_name(ps->presence)));
	json_object_set_new(o, "available", json_boolean(ps->available));
	json_object_set_new(o, "first_at", app_incident_json_time(ps->first_at));
	json_object_set_new(o, "status", c ? json_string(checkin_status_name(c->status)) : json_null());
	json_object_set_new(o, "assembly", c ? json_string(checkin_assembly_name(c->assembly))
					     : json_null());
	json_object_set_new(o, "eta", app_incident_json_time(c ? c->eta : NO_VALUE));
	json_object_set_new(o, "reported_at", app_incident_json_time(c ? c->at : NO_VALUE));
	json_object_set_new(o, "where", json_string(c ? c->location : ""));
	json_object_set_new(o, "note", json_string(c ? c->note : ""));
	return o;
}

/* One step of the checklist. */
static json_t *step_json(const struct incident_step *s, int64_t now)
{
	json_t *o = json_object();
	json_object_set_new(o, "step", json_string(s->step));
	json_object_set_new(o, "no", json_integer(s->no));
	json_object_set_new(o, "title", json_string(s->title));
	json_object_set_new(o, "roles", jlines(s->roles));
	json_object_set_new(o, "role_names", jlines(s->role_names));
	json_object_set_new(o, "added", json_boolean(s->added));
	json_object_set_new(o, "state", json_string(step_state_name(s->state)));
	json_object_set_new(o, "due_at", app_incident_json_time(s->due_at));
	json_object_set_new(o, "started_at", app_incident_json_time(s->started_at));
	json_object_set_new(o, "done_at", app_incident_json_time(s->done_at));
	json_object_set_new(o, "taken_by", json_string(s->taken_by));
	json_object_set_new(o, "note", json_string(s->note));
	json_object_set_new(o, "late", json_boolean(crisis_step_late(s, now)));
	return o;
}

/* Decisions, notes and requests. */
static json_t *records_json(const struct incident *inc, const char *kind)
{
	json_t *a = json_array();
	for (size_t i = 0; i < inc->n_records; i++) {
		const struct incident_record *r = &inc->records[i];
		if (kind && strcmp(r->kind, kind) != 0)
			continue;
		json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "seq", (json_int_t)r->seq, "kind", r->kind,
				      "author", r->author, "text", r->text);
		json_object_set_new(o, "at", app_incident_json_time(r->at));
		json_array_append_new(a, o);
	}
	return a;
}

/* See app_incident.h. */
json_t *app_incident_board_json(const struct incident *inc, const struct crisis_board *b,
				enum lang lang)
{
	(void)lang;
	json_t *o = json_object(), *sys = json_array(), *locs = json_array(), *roles = json_array(),
	       *people = json_array(), *steps = json_array(), *ck = json_object();
	json_object_set_new(o, "incident", app_incident_header_json(inc));
	json_object_set_new(o, "now", app_incident_json_time(b->now));
	json_object_set_new(o, "elapsed_seconds", json_integer(b->elapsed));
	json_object_set_new(o, "elapsed", jdur(b->elapsed));
	for (size_t i = 0; i < b->n_systems; i++)
		json_array_append_new(sys, system_json(&b->systems[i]));
	json_object_set_new(o, "systems", sys);
	for (size_t i = 0; i < b->n_locations; i++)
		json_array_append_new(locs, group_json(&b->locations[i], false));
	for (size_t i = 0; i < b->n_roles; i++)
		json_array_append_new(roles, group_json(&b->roles[i], true));
	for (size_t i = 0; i < b->n_people; i++)
		json_array_append_new(people, person_json(&b->people[i]));
	json_object_set_new(ck, "called", json_integer((json_int_t)b->called));
	json_object_set_new(ck, "answered", json_integer((json_int_t)b->answered));
	json_object_set_new(ck, "reports", json_integer((json_int_t)inc->n_checkins));
	json_object_set_new(ck, "answer_at", json_pack("{s:o, s:o, s:o}", "25",
						       app_incident_json_time(b->answer_at[0]), "50",
						       app_incident_json_time(b->answer_at[1]), "75",
						       app_incident_json_time(b->answer_at[2])));
	/* those only asked whether they are safe (安否確認), counted apart */
	json_object_set_new(ck, "asked",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:{s:o, s:o, s:o}}", "asked",
				      (json_int_t)b->asked, "answered", (json_int_t)b->asked_answered,
				      "safe", (json_int_t)b->asked_safe, "injured",
				      (json_int_t)b->asked_injured, "cannot_act",
				      (json_int_t)b->asked_cannot_act, "answer_at", "25",
				      app_incident_json_time(b->asked_answer_at[0]), "50",
				      app_incident_json_time(b->asked_answer_at[1]), "75",
				      app_incident_json_time(b->asked_answer_at[2])));
	json_object_set_new(ck, "locations", locs);
	json_object_set_new(ck, "roles", roles);
	json_object_set_new(ck, "people", people);
	json_object_set_new(o, "checkins", ck);
	for (size_t i = 0; i < inc->n_steps; i++)
		json_array_append_new(steps, step_json(&inc->steps[i], b->now));
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "records", records_json(inc, NULL));
	json_object_set_new(o, "record", json_pack("{s:I, s:s}", "entries", (json_int_t)inc->last_seq,
						   "head", inc->last_hash));
	return o;
}

/* ---- reports (§2.3.2 steps 11, 12) ------------------------------------------ */

static const char *damage_label(const char *d, enum lang lang)
{
	static const char *const keys[] = DAMAGE_NAMES;
	static const char *const ja[] = { "確認中", "被害なし", "一部機能低下", "停止", "損壊" };
	static const char *const en[] = { "being assessed", "no damage", "degraded", "down", "destroyed" };
	int k = incident_enum_parse(keys, DAMAGE_COUNT, d);
	return k < 0 ? d : L(lang, ja[k], en[k]);
}

static const char *policy_label(const char *p, enum lang lang)
{
	if (strcmp(p, "affected_site") == 0)
		return L(lang, "被災拠点で復旧", "recover at the affected site");
	if (strcmp(p, "alternate_site") == 0)
		return L(lang, "代替拠点で復旧", "recover at the alternate site");
	return L(lang, "未決定", "not decided");
}

static const char *work_label(enum work_state w, enum lang lang)
{
	static const char *const ja[] = { "未着手", "復旧作業中", "検証中", "復旧済み" };
	static const char *const en[] = { "not started", "in progress", "validating", "restored" };
	return w >= 0 && w < WORK_COUNT ? L(lang, ja[w], en[w]) : "?";
}

/* "2026-01-12 09:30" or "-". */
static void tshort(int64_t t, char *out, size_t n)
{
	if (t == NO_VALUE)
		snprintf(out, n, "-");
	else
		crisis_time_short(t, out, n);
}

/* The event line: name, drill, time, intensity and area. */
/* See app_incident.h. */
const char *app_incident_report_title(const char *kind, enum lang lang)
{
	return kind && strcmp(kind, "completion") == 0
		       ? L(lang, "情報システム復旧完了報告", "Recovery completion notice")
		       : L(lang, "情報システムの被害状況・復旧状況報告",
			   "Situation report: damage and recovery of information systems");
}

/* See app_incident.h. */
void app_incident_event_line(const struct incident *inc, enum lang lang, struct buf *out)
{
	char t[32];
	crisis_time_short(inc->started_at, t, sizeof t);
	buf_addf(out, "%s%s  %s %s", inc->event_name, inc->drill ? L(lang, "（訓練）", " (drill)") : "",
		 L(lang, "発生", "at"), t);
	if (inc->intensity[0])
		buf_addf(out, "  %s%s", L(lang, "震度", "intensity "),
			 lang == LANG_EN ? inc->intensity
					 : crisis_intensity_label(crisis_intensity_parse(inc->intensity)));
	if (inc->area[0])
		buf_addf(out, " %s", inc->area);
	if (inc->system_hit[0])
		buf_addf(out, "  %s %s", L(lang, "対象システム", "system"), inc->system_hit);
	buf_addc(out, '\n');
}

/* See app_incident.h. */
/* See app_incident.h.  The hash leaves the database on every report: a
 * copy printed, mailed or filed elsewhere is what a record rewritten (or
 * cut short) afterwards is checked against (`incident verify --witness`). */
void app_incident_record_line(const struct incident *inc, enum lang lang, struct buf *out)
{
	buf_addf(out, L(lang, "記録の確認値: 第%lld項まで SHA-256 %s", "Record check: entries to %lld, SHA-256 %s"),
		 (long long)inc->last_seq, inc->last_hash);
}

static void report_text_body(const struct incident *inc, const struct crisis_board *b,
			     const char *kind, const char *author, enum lang lang, struct buf *out);

/* See app_incident.h. */
void app_incident_report_text(const struct incident *inc, const struct crisis_board *b,
			      const char *kind, const char *author, enum lang lang, struct buf *out)
{
	report_text_body(inc, b, kind, author, lang, out);
	buf_addc(out, '\n');
	app_incident_record_line(inc, lang, out);
	buf_addc(out, '\n');
}

static void report_text_body(const struct incident *inc, const struct crisis_board *b,
			     const char *kind, const char *author, enum lang lang, struct buf *out)
{
	char t[32], d[32], x[32];
	bool completion = kind && strcmp(kind, "completion") == 0;
	crisis_time_short(b->now, t, sizeof t);
	buf_addf(out, "%s\n", app_incident_report_title(kind, lang));
	buf_addf(out, "%s: %s\n", L(lang, "報告先", "To"),
		 inc->report_destination[0] ? inc->report_destination : "-");
	buf_addf(out, "%s: %s  %s: %s\n", L(lang, "報告日時", "Date"), t, L(lang, "報告者", "From"),
		 author);
	buf_addf(out, "%s: #%lld ", L(lang, "事象", "Event"), (long long)inc->id);
	app_incident_event_line(inc, lang, out);
	crisis_duration(b->elapsed, d, sizeof d);
	buf_addf(out, "%s: %s\n\n", L(lang, "経過時間", "Elapsed"), d);
	if (completion) {
		size_t restored = 0;
		buf_addf(out, "%s\n", L(lang, "次の情報システムの復旧（データ・機能の検証済み）を報告します。",
					"The following systems are restored, with data and function validated."));
		for (size_t i = 0; i < b->n_systems; i++) {
			const struct crisis_system_state *s = &b->systems[i];
			if (s->s->work != WORK_RESTORED)
				continue;
			restored++;
			tshort(s->s->restored_at, x, sizeof x);
			crisis_duration(s->recovery, d, sizeof d);
			buf_addf(out, "- %s: %s %s（%s %s）, %s %lld%%（RLO %s）, %s %s\n", s->s->name,
				 L(lang, "復旧", "restored"), x, L(lang, "所要", "took"), d,
				 L(lang, "レベル", "level"), (long long)s->s->level, s->s->rlo,
				 L(lang, "RTO", "RTO"),
				 s->rto_ok == 1 ? L(lang, "達成", "met") : L(lang, "未達", "missed"));
		}
		if (!restored)
			buf_addf(out, "%s\n", L(lang, "（復旧済みのシステムはまだありません）",
						"(no system is restored yet)"));
		for (size_t i = 0; i < b->n_systems; i++)
			if (b->systems[i].s->work != WORK_RESTORED)
				buf_addf(out, "%s %s\n", L(lang, "未復旧:", "Not yet restored:"),
					 b->systems[i].s->name);
		return;
	}
	buf_addf(out, "1. %s\n", L(lang, "被害状況", "Damage"));
	for (size_t i = 0; i < b->n_systems; i++)
		buf_addf(out, "- [%s] %s: %s\n", tier_name(b->systems[i].s->tier), b->systems[i].s->name,
			 damage_label(b->systems[i].s->damage, lang));
	buf_addf(out, "2. %s\n", L(lang, "復旧方針", "Recovery policy"));
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct incident_system *s = b->systems[i].s;
		buf_addf(out, "- %s: %s", s->name, policy_label(s->policy, lang));
		if (s->target_level != NO_VALUE)
			buf_addf(out, L(lang, "、目標 平時の%lld%%", ", target %lld%% of normal"),
				 (long long)s->target_level);
		if (s->method[0])
			buf_addf(out, "、%s", s->method);
		buf_addc(out, '\n');
	}
	for (size_t i = 0; i < inc->n_records; i++)
		if (strcmp(inc->records[i].kind, "decision") == 0) {
			tshort(inc->records[i].at, x, sizeof x);
			buf_addf(out, "- %s %s（%s）: %s\n", L(lang, "決定", "Decision"), x,
				 inc->records[i].author, inc->records[i].text);
		}
	buf_addf(out, "3. %s\n", L(lang, "復旧見込み", "Expected recovery"));
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct crisis_system_state *s = &b->systems[i];
		tshort(s->deadline, t, sizeof t);
		tshort(s->s->work == WORK_RESTORED ? s->s->restored_at : s->s->expected_at, x, sizeof x);
		char rto[32] = "-";
		if (s->s->rto_hours != NO_VALUE)
			snprintf(rto, sizeof rto, "%lld%s", (long long)s->s->rto_hours, L(lang, "時間", " h"));
		buf_addf(out, "- %s: %s, RTO %s（%s %s）, %s %s", s->s->name,
			 work_label(s->s->work, lang), rto, L(lang, "期限", "deadline"), t,
			 s->s->work == WORK_RESTORED ? L(lang, "復旧", "restored")
						     : L(lang, "見込み", "expected"),
			 x);
		if (s->overdue)
			buf_addf(out, " %s", L(lang, "【期限超過】", "[OVERDUE]"));
		buf_addc(out, '\n');
	}
	buf_addf(out, "4. %s\n", L(lang, "支援依頼", "Requests for support"));
	size_t req = 0;
	for (size_t i = 0; i < inc->n_records; i++)
		if (strcmp(inc->records[i].kind, "request") == 0) {
			buf_addf(out, "- %s\n", inc->records[i].text);
			req++;
		}
	if (!req)
		buf_addf(out, "- %s\n", L(lang, "なし", "none"));
	buf_addf(out, "5. %s\n", L(lang, "要員の状況", "Staff"));
	buf_addf(out, L(lang, "- 安否回答 %zu/%zu名\n", "- answered %zu of %zu\n"), b->answered, b->called);
	if (b->asked)
		buf_addf(out, L(lang, "- 安否確認（参集対象外） 回答 %zu/%zu名、負傷 %zu名、対応不可 %zu名\n",
				"- safety check of the other staff: answered %zu of %zu, injured %zu, cannot act %zu\n"),
			 b->asked_answered, b->asked, b->asked_injured, b->asked_cannot_act);
	for (size_t i = 0; i < b->n_roles; i++)
		if (b->roles[i].cover == COVER_NONE)
			buf_addf(out, "- %s: %s\n", b->roles[i].name,
				 L(lang, "対応可能な担当者・代理者なし", "no holder or deputy available"));
}

/* See app_incident.h. */
json_t *app_incident_report_json(const struct incident *inc, const struct crisis_board *b,
				 const char *kind, enum lang lang)
{
	bool completion = kind && strcmp(kind, "completion") == 0;
	json_t *o = json_object(), *sys = json_array();
	json_object_set_new(o, "kind", json_string(completion ? "completion" : "situation"));
	json_object_set_new(o, "incident", app_incident_header_json(inc));
	json_object_set_new(o, "at", app_incident_json_time(b->now));
	json_object_set_new(o, "elapsed", jdur(b->elapsed));
	for (size_t i = 0; i < b->n_systems; i++) {
		if (completion && b->systems[i].s->work != WORK_RESTORED)
			continue;
		json_t *s = system_json(&b->systems[i]);
		json_object_set_new(s, "damage_label", json_string(damage_label(b->systems[i].s->damage, lang)));
		json_object_set_new(s, "policy_label", json_string(policy_label(b->systems[i].s->policy, lang)));
		json_array_append_new(sys, s);
	}
	json_object_set_new(o, "systems", sys);
	if (!completion) {
		json_object_set_new(o, "decisions", records_json(inc, "decision"));
		json_object_set_new(o, "support_requests", records_json(inc, "request"));
		json_object_set_new(o, "staff", json_pack("{s:I, s:I}", "called", (json_int_t)b->called,
							  "answered", (json_int_t)b->answered));
	} else {
		json_t *pending = json_array();
		for (size_t i = 0; i < b->n_systems; i++)
			if (b->systems[i].s->work != WORK_RESTORED)
				json_array_append_new(pending, json_string(b->systems[i].s->system));
		json_object_set_new(o, "not_restored", pending);
	}
	json_object_set_new(o, "record", json_pack("{s:I, s:s}", "entries", (json_int_t)inc->last_seq,
						   "head", inc->last_hash));
	return o;
}

/* ---- the review (§4.2.2) ------------------------------------------------------ */

/* See app_incident.h. */
json_t *app_incident_review_build(const struct incident *inc, int64_t now, enum lang lang)
{
	struct crisis_board b;
	crisis_board_compute(inc, now, &b);
	json_t *o = json_object(), *ach = json_array(), *gaps = json_array(), *late = json_array(),
	       *notdone = json_array(), *roles = json_array();
	struct buf nature = BUF_INIT;
	app_incident_event_line(inc, lang, &nature);
	if (nature.len)
		nature.data[--nature.len] = '\0'; /* drop the newline */
	if (inc->text[0])
		buf_addf(&nature, "\n%s", inc->text);
	json_object_set_new(o, "incident", json_integer(inc->id));
	json_object_set_new(o, "drill", json_boolean(inc->drill));
	json_object_set_new(o, "event", json_string(inc->event));
	json_object_set_new(o, "event_name", json_string(inc->event_name));
	json_object_set_new(o, "started_at", app_incident_json_time(inc->started_at));
	json_object_set_new(o, "reviewed_at", app_incident_json_time(now));
	/* ① event analysis */
	json_object_set_new(o, "event_analysis", json_pack("{s:s, s:s}", "nature", nature.data,
							   "cause", ""));
	buf_release(&nature);
	/* ② response: people, roles, steps */
	for (size_t i = 0; i < b.n_roles; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s, s:s, s:o}", "role", b.roles[i].key,
						       "name", b.roles[i].name, "cover",
						       coverage_name(b.roles[i].cover), "person",
						       b.roles[i].cover_person
							       ? json_string(b.roles[i].cover_person)
							       : json_null()));
	for (size_t i = 0; i < inc->n_steps; i++) {
		const struct incident_step *s = &inc->steps[i];
		if (crisis_step_late(s, now)) {
			json_t *x = json_pack("{s:s, s:I, s:s}", "step", s->step, "no", (json_int_t)s->no,
					      "title", s->title);
			json_object_set_new(x, "due_at", app_incident_json_time(s->due_at));
			json_object_set_new(x, "done_at", app_incident_json_time(s->done_at));
			json_array_append_new(late, x);
		}
		if (s->state != STEP_DONE)
			json_array_append_new(notdone, json_pack("{s:s, s:I, s:s, s:s}", "step", s->step,
								 "no", (json_int_t)s->no, "title",
								 s->title, "state",
								 step_state_name(s->state)));
	}
	json_t *resp = json_object();
	json_object_set_new(resp, "variant", json_string(time_variant_name(inc->variant)));
	json_object_set_new(resp, "procedure", json_string(inc->procedure_title));
	json_object_set_new(resp, "called", json_integer((json_int_t)b.called));
	json_object_set_new(resp, "answered", json_integer((json_int_t)b.answered));
	json_object_set_new(resp, "answer_at", json_pack("{s:o, s:o, s:o}", "25",
							 app_incident_json_time(b.answer_at[0]), "50",
							 app_incident_json_time(b.answer_at[1]), "75",
							 app_incident_json_time(b.answer_at[2])));
	json_object_set_new(resp, "roles", roles);
	json_object_set_new(resp, "steps_total", json_integer((json_int_t)inc->n_steps));
	json_object_set_new(resp, "steps_done", json_integer((json_int_t)b.steps_done));
	json_object_set_new(resp, "steps_late", late);
	json_object_set_new(resp, "steps_not_done", notdone);
	json_object_set_new(resp, "decisions", records_json(inc, "decision"));
	json_object_set_new(resp, "evaluation", json_string(""));
	json_object_set_new(o, "response", resp);
	/* ③ RTO / RLO achievement, and ④ the gaps to improve */
	for (size_t i = 0; i < b.n_systems; i++) {
		const struct crisis_system_state *x = &b.systems[i];
		json_t *s = json_object();
		json_object_set_new(s, "system", json_string(x->s->system));
		json_object_set_new(s, "name", json_string(x->s->name));
		json_object_set_new(s, "tier", json_string(tier_name(x->s->tier)));
		json_object_set_new(s, "rto_hours", jint(x->s->rto_hours));
		json_object_set_new(s, "deadline", app_incident_json_time(x->deadline));
		json_object_set_new(s, "restored_at", app_incident_json_time(x->s->restored_at));
		json_object_set_new(s, "recovery_seconds", jint(x->recovery));
		json_object_set_new(s, "recovery", jdur(x->recovery));
		json_object_set_new(s, "rto_achieved", jtri(x->rto_ok));
		json_object_set_new(s, "rlo", json_string(x->s->rlo));
		json_object_set_new(s, "rlo_percent", jint(x->s->rlo_percent));
		json_object_set_new(s, "level", jint(x->s->level));
		json_object_set_new(s, "rlo_achieved", jtri(x->rlo_ok));
		json_object_set_new(s, "policy", json_string(x->s->policy));
		json_object_set_new(s, "method", json_string(x->s->method));
		json_array_append_new(ach, s);
		struct buf g = BUF_INIT;
		if (x->rto_ok == 0) {
			char d[32];
			crisis_duration(x->recovery != NO_VALUE ? x->recovery - x->s->rto_hours * 3600
								: now - x->deadline,
					d, sizeof d);
			buf_addf(&g, L(lang, "%s: RTO %lld時間を %s 超過%s", "%s: RTO of %lld h exceeded by %s%s"),
				 x->s->name, (long long)x->s->rto_hours, d,
				 x->recovery == NO_VALUE ? L(lang, "（未復旧）", " (not restored)") : "");
			json_array_append_new(gaps, json_string(g.data));
		}
		buf_reset(&g);
		if (x->rlo_ok == 0) {
			buf_addf(&g, L(lang, "%s: 復旧レベル %lld%% が RLO（%s）に届かず",
				       "%s: level %lld%% short of the RLO (%s)"),
				 x->s->name, (long long)x->s->level, x->s->rlo);
			json_array_append_new(gaps, json_string(g.data));
		}
		buf_release(&g);
	}
	json_object_set_new(o, "achievement", ach);
	json_object_set_new(o, "improvements", json_pack("{s:o, s:s}", "rto_rlo_gaps", gaps, "others", ""));
	json_object_set_new(o, "record", json_pack("{s:I, s:s}", "entries", (json_int_t)inc->last_seq,
						   "head", inc->last_hash));
	crisis_board_release(&b);
	return o;
}

/* A string member or "". */
static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* See app_incident.h. */
/* See app_incident.h. */
size_t app_incident_review_unjudged(const json_t *review)
{
	const json_t *ach = json_object_get(review, "achievement");
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(ach); i++) {
		const json_t *s = json_array_get(ach, i);
		n += !json_is_boolean(json_object_get(s, "rto_achieved")) ||
		     !json_is_boolean(json_object_get(s, "rlo_achieved"));
	}
	return n;
}

/* See app_incident.h. */
void app_incident_review_verdict(const json_t *review, enum lang lang, struct buf *out)
{
	size_t unknown = app_incident_review_unjudged(review);
	size_t n = json_array_size(json_object_get(review, "achievement"));
	if (!unknown)
		buf_adds(out, L(lang, "RTO・RLOの未達はありません。", "No RTO or RLO was missed."));
	else if (lang == LANG_JA)
		buf_addf(out,
			 "%zu件の情報システムのうち%zu件は判定不能です（RTOが未設定、期限前で未復旧、"
			 "または復旧レベルが未記録）。これらの未達の有無は確認できていません。",
			 n, unknown);
	else
		buf_addf(out,
			 "%zu of %zu systems could not be judged (no RTO, not restored before "
			 "their deadline, or no level recorded): whether they missed their RTO "
			 "or RLO is not known.",
			 unknown, n);
}

void app_incident_review_text(const json_t *rv, enum lang lang, struct buf *out)
{
	const json_t *ea = json_object_get(rv, "event_analysis"), *resp = json_object_get(rv, "response"),
		     *ach = json_object_get(rv, "achievement"), *imp = json_object_get(rv, "improvements");
	buf_addf(out, "%s #%lld%s\n\n", L(lang, "危機的事象発生後の振り返り（§4.2.2）", "Post-incident review (§4.2.2)"),
		 (long long)json_integer_value(json_object_get(rv, "incident")),
		 json_is_true(json_object_get(rv, "drill")) ? L(lang, "（訓練）", " (drill)") : "");
	buf_addf(out, "① %s\n  %s\n  %s: %s\n", L(lang, "事象の分析", "Event analysis"),
		 sget(ea, "nature"), L(lang, "原因", "cause"),
		 sget(ea, "cause")[0] ? sget(ea, "cause") : L(lang, "（記入してください）", "(to be filled in)"));
	buf_addf(out, "② %s\n", L(lang, "対応の評価", "Response evaluation"));
	buf_addf(out, L(lang, "  安否回答 %lld/%lld名", "  answered %lld of %lld"),
		 (long long)json_integer_value(json_object_get(resp, "answered")),
		 (long long)json_integer_value(json_object_get(resp, "called")));
	static const char *const pcts[] = { "25", "50", "75" };
	for (int k = 0; k < 3; k++) {
		const char *t = json_string_value(json_object_get(json_object_get(resp, "answer_at"), pcts[k]));
		buf_addf(out, "  %s%%: %s", pcts[k], t ? t : "-");
	}
	buf_addc(out, '\n');
	json_t *roles = json_object_get(resp, "roles");
	for (size_t i = 0; i < json_array_size(roles); i++) {
		json_t *r = json_array_get(roles, i);
		const char *c = sget(r, "cover");
		buf_addf(out, "  %s: %s\n", sget(r, "name"),
			 strcmp(c, "primary") == 0 ? L(lang, "担当者が対応", "primary holder")
			 : strcmp(c, "deputy") == 0 ? L(lang, "代理者が対応", "deputy")
						     : L(lang, "対応者なし", "nobody available"));
	}
	buf_addf(out, L(lang, "  手順 %lld/%lld 完了、遅延 %zu、未完了 %zu\n",
			"  steps done %lld of %lld, late %zu, not done %zu\n"),
		 (long long)json_integer_value(json_object_get(resp, "steps_done")),
		 (long long)json_integer_value(json_object_get(resp, "steps_total")),
		 json_array_size(json_object_get(resp, "steps_late")),
		 json_array_size(json_object_get(resp, "steps_not_done")));
	json_t *late = json_object_get(resp, "steps_late");
	for (size_t i = 0; i < json_array_size(late); i++)
		buf_addf(out, "    %s %lld %s\n", L(lang, "遅延:", "late:"),
			 (long long)json_integer_value(json_object_get(json_array_get(late, i), "no")),
			 sget(json_array_get(late, i), "title"));
	if (sget(resp, "evaluation")[0])
		buf_addf(out, "  %s: %s\n", L(lang, "評価", "evaluation"), sget(resp, "evaluation"));
	buf_addf(out, "③ %s\n", L(lang, "RTO・RLOの達成状況", "RTO and RLO achievement"));
	for (size_t i = 0; i < json_array_size(ach); i++) {
		json_t *s = json_array_get(ach, i);
		json_t *rto = json_object_get(s, "rto_achieved"), *rlo = json_object_get(s, "rlo_achieved");
		const char *rec = sget(s, "recovery");
		char lv[24] = "-";
		if (!json_is_null(json_object_get(s, "level")))
			snprintf(lv, sizeof lv, "%lld%%",
				 (long long)json_integer_value(json_object_get(s, "level")));
		buf_addf(out, "  [%s] %s: RTO %lldh, %s %s → %s; RLO %s, %s %s → %s\n", sget(s, "tier"),
			 sget(s, "name"), (long long)json_integer_value(json_object_get(s, "rto_hours")),
			 L(lang, "実績", "actual"), rec[0] ? rec : "-",
			 json_is_true(rto) ? L(lang, "達成", "met")
			 : json_is_false(rto) ? L(lang, "未達", "missed") : L(lang, "判定不能", "unknown"),
			 sget(s, "rlo"), L(lang, "復旧レベル", "level"), lv,
			 json_is_true(rlo) ? L(lang, "達成", "met")
			 : json_is_false(rlo) ? L(lang, "未達", "missed") : L(lang, "判定不能", "unknown"));
	}
	buf_addf(out, "④ %s\n", L(lang, "改善事項", "Improvements"));
	json_t *gaps = json_object_get(imp, "rto_rlo_gaps");
	for (size_t i = 0; i < json_array_size(gaps); i++)
		buf_addf(out, "  - %s\n", json_string_value(json_array_get(gaps, i)));
	if (!json_array_size(gaps) || app_incident_review_unjudged(rv)) {
		struct buf line = BUF_INIT;
		app_incident_review_verdict(rv, lang, &line);
		buf_addf(out, "  - %s\n", line.data);
		buf_release(&line);
	}
	buf_addf(out, "  %s: %s\n", L(lang, "その他", "others"),
		 sget(imp, "others")[0] ? sget(imp, "others") : L(lang, "（記入してください）", "(to be filled in)"));
	json_t *tr = json_object_get(rv, "training_record");
	if (tr)
		buf_addf(out, "%s: %s (%s)\n", L(lang, "教育訓練の実施記録", "Training record"),
			 sget(tr, "id"), sget(tr, "training"));
	json_t *rec = json_object_get(rv, "record");
	buf_addf(out, "%s: %lld %s, %s %s\n", L(lang, "記録", "Record"),
		 (long long)json_integer_value(json_object_get(rec, "entries")),
		 L(lang, "件", "entries"), L(lang, "ハッシュ", "head"), sget(rec, "head"));
}
