/*
 * incident.h — a crisis being run (危機的事象発生時): the incident, the
 * snapshot of the plan it runs on, check-in reports and the timeline.
 *
 * An incident starts at the time the event happened (R7), not when it was
 * entered.  At start it takes a snapshot of what it runs on — the systems
 * with their effective RTO, tier and RLO, the procedure steps with their
 * responsible roles for the event type and time variant, the people called
 * in with their roles — so that later edits or a re-import of the plan do
 * not rewrite history.  Plan elements are named by their id as text only.
 *
 * Times are UTC seconds since 1970 (int64_t); NO_VALUE (model/plan.h) when
 * unset.  Text fields are never NULL once loaded ("" is empty).  Every
 * struct has an X_INIT value and an X_release() that frees what it owns
 * and may be called twice; the enums' names are the words stored in the
 * database and used in JSON.  This header has no .c: the few functions are
 * static inline.
 */
#ifndef ITBCP_MODEL_INCIDENT_H
#define ITBCP_MODEL_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/plan.h"

/* ---- enumerations and their stored names --------------------------- */

enum incident_state { INCIDENT_OPEN = 0, INCIDENT_CLOSED };
/* §2.3.1 time variants of the procedure. */
enum time_variant { VARIANT_WEEKDAY_DAY = 0, VARIANT_NIGHT_HOLIDAY };
/* Safety report (安否). */
enum checkin_status { CHECKIN_SAFE = 0, CHECKIN_INJURED, CHECKIN_CANNOT_ACT, CHECKIN_STATUS_COUNT };
/* Assembly (参集): on site, online, or not at all. */
enum checkin_assembly { ASSEMBLY_YES = 0, ASSEMBLY_ONLINE, ASSEMBLY_NO, ASSEMBLY_COUNT };
/* Procedure step progress. */
enum step_state { STEP_PENDING = 0, STEP_STARTED, STEP_DONE, STEP_STATE_COUNT };

/* Names of a small enum: index -> word, and word -> index (-1 if none). */
static inline const char *incident_enum_name(const char *const *names, int n, int v)
{
	return v >= 0 && v < n ? names[v] : "?";
}
static inline int incident_enum_parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

#define INCIDENT_STATE_NAMES { "open", "closed" }
#define TIME_VARIANT_NAMES { "weekday_day", "night_holiday" }
#define CHECKIN_STATUS_NAMES { "safe", "injured", "cannot_act" }
#define ASSEMBLY_NAMES { "yes", "online", "no" }
#define STEP_STATE_NAMES { "pending", "started", "done" }
/* Damage of a system (被害状況). */
#define DAMAGE_NAMES { "unknown", "none", "degraded", "down", "destroyed" }
#define DAMAGE_COUNT 5
/* Recovery policy, step 8 (復旧方針): where the system comes back. */
#define POLICY_NAMES { "", "affected_site", "alternate_site" }
#define POLICY_COUNT 3
/* State of the recovery work of a system. */
#define WORK_NAMES { "not_started", "in_progress", "validating", "restored" }
#define WORK_COUNT 4
enum work_state { WORK_NOT_STARTED = 0, WORK_IN_PROGRESS, WORK_VALIDATING, WORK_RESTORED };

static inline const char *checkin_status_name(enum checkin_status s)
{
	static const char *const n[] = CHECKIN_STATUS_NAMES;
	return incident_enum_name(n, 3, (int)s);
}
static inline int checkin_status_parse(const char *s)
{
	static const char *const n[] = CHECKIN_STATUS_NAMES;
	return incident_enum_parse(n, 3, s);
}
static inline const char *checkin_assembly_name(enum checkin_assembly a)
{
	static const char *const n[] = ASSEMBLY_NAMES;
	return incident_enum_name(n, 3, (int)a);
}
static inline int checkin_assembly_parse(const char *s)
{
	static const char *const n[] = ASSEMBLY_NAMES;
	return incident_enum_parse(n, 3, s);
}
static inline const char *time_variant_name(enum time_variant v)
{
	static const char *const n[] = TIME_VARIANT_NAMES;
	return incident_enum_name(n, 2, (int)v);
}
static inline const char *step_state_name(enum step_state s)
{
	static const char *const n[] = STEP_STATE_NAMES;
	return incident_enum_name(n, 3, (int)s);
}
static inline int step_state_parse(const char *s)
{
	static const char *const n[] = STEP_STATE_NAMES;
	return incident_enum_parse(n, 3, s);
}
static inline const char *work_state_name(enum work_state w)
{
	static const char *const n[] = WORK_NAMES;
	return incident_enum_name(n, WORK_COUNT, (int)w);
}
static inline int work_state_parse(const char *s)
{
	static const char *const n[] = WORK_NAMES;
	return incident_enum_parse(n, WORK_COUNT, s);
}
static inline int damage_parse(const char *s)
{
	static const char *const n[] = DAMAGE_NAMES;
	return incident_enum_parse(n, DAMAGE_COUNT, s);
}
static inline int policy_parse(const char *s)
{
	static const char *const n[] = POLICY_NAMES;
	return incident_enum_parse(n, POLICY_COUNT, s);
}

/* ---- the parts of an incident ---------------------------------------- */

/* One area with its observed JMA seismic intensity (rank, see crisis.h). */
struct incident_area {
	char *name;
	int intensity; /* 0..9 rank of crisis_intensity_parse, -1 unknown */
};

/* A system in the snapshot, with its recovery state (§2.3.2 steps 6–10). */
struct incident_system {
	char *system;       /* plan id */
	char *name;
	char *department;   /* name, as at start */
	int64_t rto_hours;  /* effective RTO at start (R1), NO_VALUE if none */
	enum tier tier;     /* effective tier at start (R2) */
	char *rlo;          /* RLO as the plan words it */
	int64_t rlo_percent;/* 0..100 or NO_VALUE */
	bool hit;           /* the system named at start (security incidents) */
	int64_t pos;        /* plan order */
	/* recovery state */
	char *damage;       /* DAMAGE_NAMES */
	char *policy;       /* POLICY_NAMES */
	int64_t target_level; /* percent of normal the policy aims at, or NO_VALUE */
	char *method;       /* recovery method, free text */
	enum work_state work;
	int64_t level;      /* percent of normal restored, NO_VALUE */
	int64_t expected_at;/* projected recovery time, NO_VALUE */
	int64_t restored_at;/* NO_VALUE until restored */
	bool validated_data, validated_function; /* NIST SP 800-34 checks */
	int64_t updated_at;
	char *updated_by;
};

/* A step of the incident's checklist (§2.3.2), from the plan or added. */
struct incident_step {
	char *step;        /* plan step id, or "added-N" */
	int64_t no;        /* 項番 */
	char *title;
	char *actions;
	char *roles;       /* responsible role ids, one per line */
	char *role_names;  /* their names, one per line */
	bool added;
	enum step_state state;
	int64_t due_at;    /* NO_VALUE unless set */
	int64_t started_at, done_at;
	char *taken_by;
	char *note;        /* latest note */
};

/* Why a person is in an incident: called in (参集), or only asked
 * whether they are safe (安否確認: staff not called in, or a person whose
 * own area shook).  Stored as "assemble" | "safety". */
enum incident_ask { ASK_ASSEMBLE = 0, ASK_SAFETY };
static inline const char *incident_ask_name(enum incident_ask a)
{
	return a == ASK_SAFETY ? "safety" : "assemble";
}

/* A person in the snapshot: a holder of a role called in, or anyone the
 * criteria call or ask. */
struct incident_person {
	char *person;      /* plan id */
	char *name;
	char *department;  /* name */
	char *location;    /* 第1順位 assembly location of the first role held */
	char *roles;       /* role ids held, one per line */
	bool called;       /* part of this incident: has a link that reports here */
	enum incident_ask ask; /* called in, or asked if safe only */
	int64_t called_at; /* NO_VALUE: at the start; else added then (an aftershock) */
};

/* Who held which crisis role at start; rank 0 is the primary. */
struct incident_holder {
	char *role;
	char *role_name;
	char *person;
	int64_t rank;
};

/* One check-in report (安否・参集報告).  Every report is kept; a person's
 * latest one (highest id) counts. */
struct checkin {
	int64_t id;
	int64_t incident;
	char *person;
	enum checkin_status status;
	enum checkin_assembly assembly;
	int64_t eta;       /* expected arrival (UTC), NO_VALUE */
	char *location;    /* where the person is now */
	char *note;
	int64_t at;        /* when reported */
	char *author;      /* "self" (personal link) or who entered it */
	int64_t seq;       /* its timeline entry */
};

/* A decision, note or support request recorded during the incident. */
struct incident_record {
	int64_t seq;
	int64_t at;
	char *author;
	char *kind;        /* "decision" | "note" | "request" */
	char *text;
};

/* One entry of the append-only, hash-chained timeline. */
struct timeline_entry {
	int64_t seq;       /* 1, 2 … within the incident */
	int64_t incident;
	int64_t at;
	char *author;
	char *kind;
	char *content;     /* canonical JSON */
	char prev_hash[65];/* hex SHA-256, 64 zeros for the first */
	char hash[65];
};

struct incident {
	int64_t id;
	char *event;        /* plan event id */
	char *event_name;
	char *event_kind;   /* disaster | security | pandemic | other */
	int64_t started_at; /* the event's time: the clock starts here (R7) */
	int64_t entered_at;
	char *intensity;    /* max JMA intensity "6-", or "" */
	char *area;         /* main area, or "" */
	struct incident_area *areas;
	size_t n_areas;
	char *system_hit;   /* plan system id, or "" */
	char *text;         /* free-text description */
	bool drill;
	enum time_variant variant;
	enum incident_state state;
	int64_t closed_at;
	char *procedure;    /* plan procedure id, or "" */
	char *procedure_title;
	bool automatic;     /* assembly was automatic under a criterion */
	char *criterion;    /* that criterion's id, or "" */
	char *report_destination;
	char *author;       /* who started it */
	char *source;       /* "cli" | "jma:FILE" | … */

	struct incident_system *systems; size_t n_systems;
	struct incident_step *steps; size_t n_steps;
	struct incident_person *people; size_t n_people;
	/* people sorted by id (incident_index_people), or NULL: then lookups
	 * scan.  Points into people: rebuild it after changing them. */
	struct incident_person **people_by_id;
	struct incident_holder *holders; size_t n_holders;
	struct checkin *checkins; size_t n_checkins; /* every report, oldest first */
	struct incident_record *records; size_t n_records;
	char *review;       /* the §4.2.2 review as JSON once closed, or "" */
	int64_t last_seq;
	char last_hash[65];
};

#define INCIDENT_INIT { 0 }

static inline void checkin_release(struct checkin *c)
{
	free(c->person);
	free(c->location);
	free(c->note);
	free(c->author);
	c->person = c->location = c->note = c->author = NULL;
}

static inline void timeline_entry_release(struct timeline_entry *t)
{
	free(t->author);
	free(t->kind);
	free(t->content);
	t->author = t->kind = t->content = NULL;
}

/* Frees everything the incident owns; it is INCIDENT_INIT afterwards. */
static inline void incident_release(struct incident *inc)
{
	for (size_t i = 0; i < inc->n_areas; i++)
		free(inc->areas[i].name);
	for (size_t i = 0; i < inc->n_systems; i++) {
		struct incident_system *s = &inc->systems[i];
		free(s->system); free(s->name); free(s->department); free(s->rlo);
		free(s->damage); free(s->policy); free(s->method); free(s->updated_by);
	}
	for (size_t i = 0; i < inc->n_steps; i++) {
		struct incident_step *s = &inc->steps[i];
		free(s->step); free(s->title); free(s->actions); free(s->roles);
		free(s->role_names); free(s->taken_by); free(s->note);
	}
	for (size_t i = 0; i < inc->n_people; i++) {
		struct incident_person *p = &inc->people[i];
		free(p->person); free(p->name); free(p->department); free(p->location);
		free(p->roles);
	}
	for (size_t i = 0; i < inc->n_holders; i++) {
		free(inc->holders[i].role); free(inc->holders[i].role_name);
		free(inc->holders[i].person);
	}
	for (size_t i = 0; i < inc->n_checkins; i++)
		checkin_release(&inc->checkins[i]);
	for (size_t i = 0; i < inc->n_records; i++) {
		free(inc->records[i].author); free(inc->records[i].kind);
		free(inc->records[i].text);
	}
	free(inc->people_by_id);
	free(inc->areas); free(inc->systems); free(inc->steps); free(inc->people);
	free(inc->holders); free(inc->checkins); free(inc->records);
	free(inc->event); free(inc->event_name); free(inc->event_kind);
	free(inc->intensity); free(inc->area); free(inc->system_hit); free(inc->text);
	free(inc->procedure); free(inc->procedure_title); free(inc->criterion);
	free(inc->report_destination); free(inc->author); free(inc->source);
	free(inc->review);
	memset(inc, 0, sizeof *inc);
}

/* Lookup in an incident by plan id; NULL when absent.  Borrowed. */
static inline struct incident_system *incident_system_find(const struct incident *inc,
							   const char *id)
{
	for (size_t i = 0; id && i < inc->n_systems; i++)
		if (strcmp(inc->systems[i].system, id) == 0)
			return &inc->systems[i];
	return NULL;
}
static inline int incident_person_by_id_(const void *a, const void *b)
{
	const struct incident_person *const *x = a, *const *y = b;
	return strcmp((*x)->person, (*y)->person);
}

/* Sorts pointers to the people by id, so that incident_person_find takes
 * log n steps instead of n: the board looks up every role holder and the
 * timeline every report's person, among thousands.  Without memory for
 * it the lookups simply scan. */
static inline void incident_index_people(struct incident *inc)
{
	free(inc->people_by_id);
	inc->people_by_id = inc->n_people ? malloc(inc->n_people * sizeof *inc->people_by_id) : NULL;
	if (!inc->people_by_id)
		return;
	for (size_t i = 0; i < inc->n_people; i++)
		inc->people_by_id[i] = &inc->people[i];
	qsort(inc->people_by_id, inc->n_people, sizeof *inc->people_by_id, incident_person_by_id_);
}

static inline struct incident_person *incident_person_find(const struct incident *inc,
							   const char *id)
{
	if (id && inc->people_by_id) {
		struct incident_person key = { .person = (char *)id }, *k = &key;
		struct incident_person **hit = bsearch(&k, inc->people_by_id, inc->n_people,
						       sizeof *hit, incident_person_by_id_);
		return hit ? *hit : NULL;
	}
	for (size_t i = 0; id && i < inc->n_people; i++)
		if (strcmp(inc->people[i].person, id) == 0)
			return &inc->people[i];
	return NULL;
}

#endif
