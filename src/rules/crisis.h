/*
 * crisis.h — the rules of running the plan in a crisis (R7), pure.
 *
 * Time: event times arrive as ISO 8601 with an offset and are kept as UTC
 * seconds; they are shown in Asia/Tokyo (UTC+9, no daylight saving).  The
 * time variant of §2.3.1 (weekday daytime or night/holiday) follows from
 * the event time, Japanese national holidays (computed by rule for
 * 2000–2099) and the agency's hours 08:30–18:15.
 *
 * Calling in: the plan's assembly criteria (§2.1.3) against the observed
 * JMA intensities; the snapshot of systems, steps and people an incident
 * runs on.  The board: per-system deadline = start + RTO, time left or
 * overdue, recovery time, RTO and RLO achieved; per-person latest report;
 * answer-rate times; coverage of every role by a holder or a deputy.
 *
 * No I/O and no SQL.  Results point into the incident or plan passed in
 * (borrowed: valid while that is neither released nor changed); their
 * arrays are the caller's to free with the matching _release.
 */
#ifndef ITBCP_RULES_CRISIS_H
#define ITBCP_RULES_CRISIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/incident.h"
#include "model/plan.h"
#include "rules/rules.h"
#include "util/buf.h"
#include "util/lang.h"

/* ---- time ----------------------------------------------------------- */

/* Parses ISO 8601 "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)" (a space may
 * stand for T; the offset is required).  0 and *out = UTC seconds, or -1. */
int crisis_time_parse(const char *s, int64_t *out);
/* "2026-01-12T09:30:00+09:00" (Asia/Tokyo) into out (>= 32 bytes). */
void crisis_time_iso(int64_t t, char *out, size_t n);
/* "2026-01-12 09:30" (Asia/Tokyo) into out (>= 20 bytes). */
void crisis_time_short(int64_t t, char *out, size_t n);
/* A duration as "h:mm" ("-2:05" when negative), hours unbounded. */
void crisis_duration(int64_t seconds, char *out, size_t n);
/* The calendar date in Asia/Tokyo of UTC seconds t. */
struct civil_date crisis_jst_date(int64_t t);
/* Day of the week, 0 = Sunday … 6 = Saturday. */
int civil_weekday(struct civil_date d);

/* The Japanese national holiday on d (国民の祝日, 振替休日, 国民の休日),
 * its name in Japanese, or NULL; rules for 2000–2099 (NULL outside). */
const char *jp_holiday_name(struct civil_date d);
/* A day the agency is closed: Saturday, Sunday, a national holiday, or the
 * year-end days 12/29–1/3 (行政機関の休日). */
bool jp_closed_day(struct civil_date d);

/* Office hours that make a day "weekday daytime": [08:30, 18:15). */
#define CRISIS_DAY_FROM_MIN (8 * 60 + 30)
#define CRISIS_DAY_TO_MIN (18 * 60 + 15)
/* §2.3.1: weekday daytime when t falls on an open day within office
 * hours (start inclusive, end exclusive); otherwise night/holiday. */
enum time_variant crisis_time_variant(int64_t t);

/* ---- seismic intensity and assembly (§2.1.3) ------------------------- */

/* JMA seismic intensity as a rank in the order 0<1<2<3<4<5-<5+<6-<6+<7:
 * 0..9.  Accepts "5-", "5+", "5弱", "5強", "震度6弱", full-width digits
 * and surrounding spaces; -1 otherwise. */
int crisis_intensity_parse(const char *s);
/* "6-" for rank 7 …; "" for -1. */
const char *crisis_intensity_name(int rank);
/* "6弱" for rank 7 … (Japanese display); "" for -1. */
const char *crisis_intensity_label(int rank);

/* True when an observed area name matches a criterion's area: equal, or
 * the observed name begins with it (東京都２３区 matches 東京都). */
bool crisis_area_matches(const char *observed, const char *criterion_area);
/* The first automatic criterion of event whose min_intensity is met in a
 * matching area (an empty criterion area matches every area), or NULL:
 * assembly is then on the chief's decision. */
const struct assembly_criterion *crisis_assembly_match(const struct plan *p, const char *event,
						       const struct incident_area *areas,
						       size_t n_areas);

/* ---- criteria as data (crisis_criteria.c) ------------------------------ */

/* What a criterion is checked against: a JMA earthquake report's
 * intensities, or a tsunami report's warning levels. */
enum crisis_hazard { HAZARD_EARTHQUAKE = 0, HAZARD_TSUNAMI };
/* Tsunami levels, ordered: 津波注意報 < 津波警報 < 大津波警報 (a forecast
 * or nothing is 0). */
#define CRISIS_TSUNAMI_ADVISORY 1
#define CRISIS_TSUNAMI_WARNING 2
#define CRISIS_TSUNAMI_MAJOR 3
/* "advisory" | "warning" | "major" as 1..3; -1 otherwise (also ""). */
int crisis_tsunami_parse(const char *s);
const char *crisis_tsunami_name(int level);           /* "" outside 1..3 */
const char *crisis_tsunami_label(int level, enum lang lang); /* 津波警報 … */
enum crisis_hazard crisis_hazard_of(const struct assembly_criterion *c);
/* The criterion's threshold on its hazard's scale (an intensity rank or a
 * tsunami level), -1 when it has none that can be read. */
int crisis_criterion_threshold(const struct assembly_criterion *c);

/* One area of a report: its name, JMA code and prefecture (each may be
 * "" or NULL), and its level (intensity rank or tsunami level). */
struct crisis_observed {
	const char *name, *code, *pref;
	int level;
};

/* The next item of a list a planner typed (items separated by newlines,
 * 、 ， , ; ；, spaces trimmed) into out (n bytes, cut to fit), advancing
 * *s; false when there is none left. */
bool crisis_list_next(const char **s, char *out, size_t n);
/* The list's items joined by sep, appended to out (nothing when empty). */
void crisis_list_join(const char *list, const char *sep, struct buf *out);
/* True when o lies in one of the list's areas (name or its beginning,
 * code, prefecture; full-width letters and digits equal ASCII); an empty
 * list is anywhere. */
bool crisis_area_in(const struct crisis_observed *o, const char *areas);
/* The highest level among obs in c's areas at or above c's threshold,
 * when c is automatic and of hazard h; -1 when c is not met. */
int crisis_criterion_met(const struct assembly_criterion *c, enum crisis_hazard h,
			 const struct crisis_observed *obs, size_t n);
/* Whether "everyone" takes in person pe: the agency's own staff, not the
 * contacts of related departments and contractors (§2.2.2 lists them to
 * be phoned, not to be asked after). */
bool crisis_everyone_includes(const struct plan *p, const struct person *pe);

/* What a report asks of each person of the plan. */
#define CRISIS_ASK_NONE 0
#define CRISIS_ASK_SAFETY 1   /* asked whether they are safe (安否確認) */
#define CRISIS_ASK_ASSEMBLE 2 /* called in (参集) */
struct crisis_callout {
	const struct assembly_criterion *criterion; /* the first met, or NULL */
	const char *event;   /* its event */
	bool office;         /* met in a criterion's own areas, not only a person's */
	int level;           /* the highest level met, -1 */
	size_t n_met;        /* criteria met in their own areas */
	size_t n_own;        /* people asked because of their own areas */
	unsigned char *ask;  /* per plan person: CRISIS_ASK_* */
	size_t n_people;
	unsigned char *role_called; /* per plan role: its holders are called in */
	size_t n_roles;
};
/* Whom a report of hazard h with areas obs calls, under the automatic
 * criteria of event (NULL: the event of the first criterion met): the
 * union of every criterion met — the holders of its roles (every crisis
 * role when it lists none) with their deputies, or everyone, or nobody
 * (its call); everyone else asked if safe when it says so — and the people whose own areas
 * meet an earthquake criterion's threshold, asked if safe.  Fills co
 * (release it); co->criterion NULL when nothing is met. */
void crisis_callout_compute(const struct plan *p, const char *event, enum crisis_hazard h,
			    const struct crisis_observed *obs, size_t n, struct crisis_callout *co);
void crisis_callout_release(struct crisis_callout *co);
/* How many people co asks for exactly ask (CRISIS_ASK_*). */
size_t crisis_callout_count(const struct crisis_callout *co, unsigned char ask);

/* The procedure of event for variant, else the event's "any" procedure,
 * else NULL. */
const struct procedure *crisis_procedure_for(const struct plan *p, const char *event,
					     enum time_variant v);

/* Fills inc's snapshot from the plan: in-scope systems with their
 * effective RTO, tier and RLO; the steps of inc->procedure with their
 * responsible roles; the people.  Without co (a start on the chief's
 * decision) every holder of a crisis role (structure "crisis") is called
 * in; with co, the holders of the roles it calls and the people it asks
 * (called in, or asked if safe).  A holder comes with the first assembly
 * location of the role they hold at the lowest rank.  inc->event,
 * ->procedure and ->system_hit must be set; the arrays must be empty. */
void crisis_snapshot(const struct plan *p, struct incident *inc, const struct crisis_callout *co);
/* The people co calls or asks that inc does not have yet, or has only
 * asked if safe while co calls them in, as incident people (roles,
 * location, ask) into *out (n of them; release each person and free the
 * array with crisis_people_free), and the holders of the newly called
 * roles into *holders.  For an aftershock that calls more. */
void crisis_people_to_add(const struct plan *p, const struct incident *inc,
			  const struct crisis_callout *co, struct incident_person **out, size_t *n,
			  struct incident_holder **holders, size_t *n_holders);
void crisis_people_free(struct incident_person *v, size_t n, struct incident_holder *h,
			size_t nh);

/* ---- reminders and deputies (crisis_remind.c) ---------------------------- */

/* Where one called person stands in the follow-up of their call-out
 * (issue 14): when their call-out or their last reminder was queued, how
 * many reminders they got, whether their deputies were told, whether
 * they answered (any report). */
struct crisis_remind_state {
	int64_t last_at;
	int reminders;
	bool deputies_told;
	bool answered;
};
enum crisis_remind {
	REMIND_WAIT = 0, /* nothing yet: *due_at says when to look again */
	REMIND_PERSON,   /* send them reminder number reminders + 1 now */
	REMIND_DEPUTIES, /* tell their deputies now */
	REMIND_DONE      /* answered, or every step taken: never again */
};
/* What is due for s at now: a reminder every interval seconds after the
 * last message while silent, count of them, then one interval more and
 * their deputies are told.  interval <= 0 turns it all off (DONE); count
 * 0 goes straight to the deputies.  Spaced from the last message, not
 * from the start, so a sender that was down sends one message on its
 * return, not every one it missed.  *due_at (may be NULL) gets when the
 * next step falls due (INT64_MAX after DONE). */
enum crisis_remind crisis_remind_next(const struct crisis_remind_state *s, int64_t interval,
				      int count, int64_t now, int64_t *due_at);
/* The deputies of person in inc: for every role they hold, the holders of
 * that role next in line — the lowest rank after theirs (rank 0 holds,
 * 1, 2 … deputise in order) with someone called in this incident — each
 * once, in the holders' order, person left out.  Only the next in line:
 * should they be silent too, their own follow-up tells the one after
 * them, so the messages grow with the holders, not with their square.
 * Up to max ids (borrowed from inc) into out; returns how many. */
size_t crisis_deputies(const struct incident *inc, const char *person, const char **out,
		       size_t max);

/* ---- the board --------------------------------------------------------- */

/* Deadline of a system: start + RTO (R7); NO_VALUE without an RTO. */
int64_t crisis_deadline(const struct incident *inc, const struct incident_system *s);
/* R7 achievement: 1 achieved, 0 not achieved, -1 not known yet.  RTO is
 * not achieved once the deadline has passed at `now` unrestored. */
int crisis_rto_achieved(const struct incident *inc, const struct incident_system *s, int64_t now);
int crisis_rlo_achieved(const struct incident_system *s);
/* A step ran late: it has a due time and was done after it, or is not
 * done and `now` is past it. */
bool crisis_step_late(const struct incident_step *s, int64_t now);

/* The time at which `percent` % of n_called people had answered, from the
 * ascending first-answer times of those who answered; NO_VALUE when too
 * few answered (or nobody was called).  The k-th answer with
 * k = ceil(n_called * percent / 100). */
int64_t crisis_answer_time(const int64_t *first_times, size_t n_answered, size_t n_called,
			   int percent);

enum coverage { COVER_PRIMARY = 0, COVER_DEPUTY, COVER_NONE };
const char *coverage_name(enum coverage c); /* "primary" | "deputy" | "none" */

/* A person as the board sees them. */
enum presence {
	PRESENCE_SILENT = 0,  /* no report yet */
	PRESENCE_ON_SITE,     /* assembly yes, no ETA or ETA passed */
	PRESENCE_ON_THE_WAY,  /* assembly yes, ETA still ahead */
	PRESENCE_ONLINE,      /* joins online */
	PRESENCE_UNAVAILABLE, /* cannot act or will not assemble */
	PRESENCE_COUNT
};
const char *presence_name(enum presence p);

struct crisis_person_state {
	const struct incident_person *person;
	const struct checkin *latest; /* NULL when silent */
	int64_t first_at;             /* first report, NO_VALUE */
	enum presence presence;
	bool available;               /* reported, can act, and assembles */
};

/* Counts for one assembly location or one role. */
struct crisis_group {
	const char *key;   /* location text, or role id */
	const char *name;  /* location text, or role name */
	size_t called, answered, safe, injured, cannot_act;
	size_t presence[PRESENCE_COUNT];
	/* roles only: coverage by the primary (rank 0), else a deputy */
	enum coverage cover;
	const char *cover_person; /* person id covering, or NULL */
	int64_t cover_rank;       /* their rank in the role */
};

struct crisis_system_state {
	const struct incident_system *s;
	int64_t deadline;     /* NO_VALUE without RTO */
	int64_t left;         /* deadline - now (negative: overdue); NO_VALUE */
	bool overdue;         /* past the deadline and not restored */
	int64_t recovery;     /* restored_at - start, NO_VALUE */
	int rto_ok, rlo_ok;   /* as crisis_rto_achieved / crisis_rlo_achieved */
};

struct crisis_board {
	int64_t now;
	int64_t elapsed;      /* now - start */
	struct crisis_system_state *systems; /* tier (S first), then plan order */
	size_t n_systems;
	struct crisis_person_state *people;  /* inc->people's order */
	size_t n_people;
	struct crisis_group *locations;      /* first-seen order */
	size_t n_locations;
	struct crisis_group *roles;          /* holders' order */
	size_t n_roles;
	size_t called, answered; /* called in (参集) */
	int64_t answer_at[3]; /* 25 %, 50 %, 75 % of those called; NO_VALUE */
	/* asked only whether they are safe (安否確認), apart from the above */
	size_t asked, asked_answered, asked_safe, asked_injured, asked_cannot_act;
	int64_t asked_answer_at[3];
	size_t steps_done, steps_started;
};
#define CRISIS_BOARD_INIT { 0 }

/* Computes the whole board of inc at `now`. */
void crisis_board_compute(const struct incident *inc, int64_t now, struct crisis_board *b);
void crisis_board_release(struct crisis_board *b);

#endif
