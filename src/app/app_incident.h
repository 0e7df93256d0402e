/*
 * app_incident.h — the use cases of running the plan in a crisis (issue 5):
 * start an incident, report safety and assembly, work the checklist,
 * recover systems, decide, report, close and review, verify the record.
 *
 * Every write validates its input first (a message naming the field, in
 * the person's language, and nothing written), then commits the state
 * change and its timeline entry in one durable transaction.  "Now" is the
 * clock, or ITBCP_NOW (ISO 8601 with offset) for tests and replayed
 * drills.  Functions taking db_path open and close the database each
 * call (the CLI); the web face keeps its own struct store and calls the
 * store (store/incident_store.h), the rules (rules/crisis.h) and the
 * presenters below directly.
 */
#ifndef ITBCP_APP_APP_INCIDENT_H
#define ITBCP_APP_APP_INCIDENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/incident.h"
#include "rules/crisis.h"
#include "store/checkin_store.h"
#include "store/incident_store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

/* Limits on text a person types. */
#define INCIDENT_AUTHOR_MAX 100
#define INCIDENT_TEXT_MAX 4000
#define INCIDENT_NOTE_MAX 1000
#define INCIDENT_LOCATION_MAX 200
#define INCIDENT_JMA_MAX (2 * 1024 * 1024) /* bytes of a JMA XML report */
#define INCIDENT_AREAS_MAX 1000 /* observed areas given with `observed` */

/* The current time (UTC seconds): ITBCP_NOW when set and valid, else the
 * clock. */
int64_t app_incident_now(void);
/* 0 when s is UTF-8 of at most max bytes without control characters
 * (newline and tab allowed when multiline); else -1 with a message naming
 * field. */
int app_incident_check_text(const char *field, const char *s, size_t max, bool multiline,
			    enum lang lang, struct err *e);

/* ---- JMA XML (気象庁防災情報XML) ---------------------------------------- */

struct app_incident_quake {
	int64_t time;          /* OriginTime, else TargetDateTime (UTC seconds) */
	int max_intensity;     /* rank (crisis_intensity_parse), -1 if none */
	struct incident_area *areas; /* prefectures and areas with MaxInt */
	size_t n_areas;
	bool training;         /* Control/Status 訓練 */
	char title[256];
};
/* Reads a VXSE51/53 report (size-capped, no network, no entity
 * expansion).  Fills q (release with app_incident_quake_release). */
int app_incident_jma_read(const char *path, struct app_incident_quake *q, enum lang lang, struct err *e);
/* The same for a report already in memory (an upload): len bytes at data;
 * messages start with label ("--jma FILE" for the CLI). */
int app_incident_jma_parse(const char *data, size_t len, const char *label, struct app_incident_quake *q,
			   enum lang lang, struct err *e);
void app_incident_quake_release(struct app_incident_quake *q);
/* Reads at most max bytes of the JMA file path into b (buf_release it on
 * every path); -1 with a message naming "--jma PATH" when it is larger or
 * cannot be read. */
int app_incident_jma_file(const char *path, size_t max, struct buf *b, enum lang lang,
			  struct err *e);

/* ---- use cases -------------------------------------------------------- */

struct incident_start_req {
	const char *event;      /* plan event id (required) */
	const char *at;         /* event time, ISO 8601 with offset */
	const char *intensity;  /* "6-" … */
	const char *area;       /* "東京都" */
	const char *system;     /* system hit (security incidents) */
	const char *text;       /* description */
	const char *jma;        /* a JMA XML file giving time, intensity, areas */
	/* or that file's bytes, already read (jma then only names them in
	 * messages): what starts the incident is what the caller kept */
	const char *jma_data;
	size_t jma_len;
	/* more areas where it was observed, "NAME=INTENSITY" separated by ";"
	 * or newlines (the web start form carries a JMA upload's areas so:
	 * the assembly criteria see every area, as with jma) */
	const char *observed;
	bool drill;
	/* the report's areas as the criteria read them (names, codes,
	 * prefectures, levels of hazard): who is called is computed from
	 * these, on the plan this start reads; NULL: from the areas above,
	 * by name and intensity */
	const struct crisis_observed *obs;
	size_t n_obs;
	enum crisis_hazard hazard;
	const char *source;     /* where it came from, default "cli" or "jma:TITLE" */
};

/* Starts an incident: validates, takes the snapshot, computes the time
 * variant and who is called, stores it with its first timeline entry.
 * out receives the stored incident (release it). */
int app_incident_start(const char *db_path, const struct incident_start_req *r,
		       const char *author, enum lang lang, struct incident *out, struct err *e);
/* Loads incident id (whole); -1 with e when absent. */
int app_incident_load(const char *db_path, int64_t id, enum lang lang, struct incident *out,
		      struct err *e);
int app_incident_list(const char *db_path, struct incident **v, size_t *n, struct err *e);

struct incident_checkin_req {
	const char *person;
	const char *status;   /* safe | injured | cannot_act */
	const char *assembly; /* yes | online | no (default yes, no when cannot_act) */
	const char *eta;      /* ISO 8601 */
	const char *location;
	const char *note;
	const char *at;       /* when reported, default now */
};
int app_incident_checkin(const char *db_path, int64_t id, const struct incident_checkin_req *r,
			 const char *author, enum lang lang, struct checkin_result *res,
			 struct err *e);

/* Marks step (id or 項番) started or done, with an optional note and due time. */
int app_incident_step(const char *db_path, int64_t id, const char *step, bool start, bool done,
		      const char *note, const char *due, const char *author, enum lang lang,
		      struct err *e);
/* Adds a step to the checklist; *step_id receives its id (free()). */
int app_incident_add_step(const char *db_path, int64_t id, const char *title, const char *roles,
			  const char *actions, const char *due, const char *author, enum lang lang,
			  char **step_id, struct err *e);

struct incident_system_req {
	const char *damage, *policy, *target_level, *method, *state, *level, *expected;
	const char *restored_at;
	bool validated_data, validated_function;
};
/* Updates a system's recovery state.  "restored" needs both validation
 * steps ticked (now or before) and a level. */
int app_incident_system(const char *db_path, int64_t id, const char *system,
			const struct incident_system_req *r, const char *author, enum lang lang,
			struct err *e);
/* Records a decision / note / support request ("decision" | "note" | "request"). */
int app_incident_record(const char *db_path, int64_t id, const char *kind, const char *text,
			const char *author, enum lang lang, int64_t *seq, struct err *e);

/* Closes the incident and stores its §4.2.2 review (*review gets it,
 * json_decref).  A drill adds a training record to the plan (to training
 * when given, else a matching training of that fiscal year, else a new
 * training row). */
int app_incident_close(const char *db_path, int64_t id, const char *training,
		       const char *evaluation, const char *author, enum lang lang,
		       json_t **review, struct err *e);
/* Fills the free parts of the review: cause (①), evaluation (②),
 * improvements (④); NULL leaves a part as it is. */
int app_incident_review_fill(const char *db_path, int64_t id, const char *cause,
			     const char *evaluation, const char *improvements, const char *author,
			     enum lang lang, struct err *e);
int app_incident_verify(const char *db_path, int64_t id, enum lang lang,
			struct timeline_check *out, struct err *e);
/* The record against a value printed on a report (app_incident_record_line):
 * entry seq must still be there with a hash that begins with hash (16 hex
 * digits at least).  1 when it holds, 0 when not (why, in lang, into
 * why[160]), -1 with e filled on an error or a malformed value. */
int app_incident_witness(const char *db_path, int64_t id, const char *witness, enum lang lang,
			 char why[160], struct err *e);
int app_incident_timeline(const char *db_path, int64_t id, struct timeline_entry **v, size_t *n,
			  struct err *e);

/* Personal check-in links for every person of the plan: ids[i] / names[i]
 * borrowed from p, tokens[i] filled.  With rotate, only that person's
 * token is renewed first. */
int app_incident_tokens(const char *db_path, const struct plan *p, const char *rotate,
			char (*tokens)[STORE_TOKEN_LEN + 1], enum lang lang, struct err *e);

/* One person's check-in token (created when missing), for the wallet
 * card's QR code. */
int app_incident_person_token(const char *db_path, const char *person, char tok[STORE_TOKEN_LEN + 1],
			      struct err *e);

/* Opens the database and loads open incident id holding the write lock
 * (what every write above does first): 0, or -1 with e and nothing held.
 * For the use cases in other files of app/ (app_incident_pack.c). */
int app_incident_open_write(const char *db_path, int64_t id, enum lang lang, struct store *st,
			    struct incident *inc, struct err *e);
/* Commits (durably) what app_incident_open_write began when rc is 0, else
 * rolls back; 0 only when committed.  The caller still closes st. */
int app_incident_finish_write(struct store *st, int rc, struct err *e);

/* ---- the offline pack's ticks (app_incident_pack.c) --------------------- */

struct app_ticks_result {
	size_t added;   /* timeline entries added, one per tick new to the record */
	size_t done;    /* of them, steps that became done */
	size_t already; /* ticks taken in before (the same file again): skipped */
};
/* Takes the ticks file of the offline pack (len bytes at data; name for
 * messages) into incident id's record: read strictly, checked against the
 * incident (its procedure, its steps, times from the event to now, 15
 * minutes of clock skew allowed), then each tick not taken in before
 * added as a timeline entry marked "source": "pack", the step done at
 * the tick's time when it was not.  One transaction; nothing on -1. */
int app_incident_import_ticks(const char *db_path, int64_t id, const char *data, size_t len,
			      const char *name, const char *author, enum lang lang,
			      struct app_ticks_result *res, struct err *e);

/* ---- presenters (shared by the CLI and the web) ------------------------ */

/* The board as JSON (systems, check-ins by location and role, coverage,
 * answer-rate times, steps, records, chain head). */
json_t *app_incident_board_json(const struct incident *inc, const struct crisis_board *b,
				enum lang lang);
/* The incident's header as JSON. */
json_t *app_incident_header_json(const struct incident *inc);
/* The situation report (kind "situation") or the recovery-completion
 * notice (kind "completion") as text or JSON. */
/* The report's title, the same in every format ("completion", else the
 * situation report). */
const char *app_incident_report_title(const char *kind, enum lang lang);
/* The event as every report states it: its name (訓練), time, intensity
 * and area, the system hit; with a newline. */
void app_incident_event_line(const struct incident *inc, enum lang lang, struct buf *out);
/* 「記録の確認値: 第N項まで SHA-256 H」: the record's last entry and hash,
 * which every report carries out of the database (no newline). */
void app_incident_record_line(const struct incident *inc, enum lang lang, struct buf *out);
void app_incident_report_text(const struct incident *inc, const struct crisis_board *b,
			      const char *kind, const char *author, enum lang lang, struct buf *out);
json_t *app_incident_report_json(const struct incident *inc, const struct crisis_board *b,
				 const char *kind, enum lang lang);
/* The §4.2.2 review pre-filled from the record at `now`. */
json_t *app_incident_review_build(const struct incident *inc, int64_t now, enum lang lang);
/* The review as text. */
void app_incident_review_text(const json_t *review, enum lang lang, struct buf *out);
/* How many systems of the review's ③ could not be judged (RTO or RLO
 * neither met nor missed: not restored yet within its RTO, no level
 * recorded…), so that ④ never says "nothing missed" on what is unknown. */
size_t app_incident_review_unjudged(const json_t *review);
/* ④'s verdict line, written when no gap was found or some system could
 * not be judged: "no RTO or RLO missed" only when every system could be
 * judged, else how many of how many could not (appended to out). */
void app_incident_review_verdict(const json_t *review, enum lang lang, struct buf *out);

/* "2026-01-12T09:30:00+09:00" as a JSON string, null for NO_VALUE. */
json_t *app_incident_json_time(int64_t t);

#endif
