/*
 * page_incident.h — what the incident pages (page_incident*.c) share: the
 * incident named by the URL, its header and sub-navigation, the words for
 * the crisis enums, times in Asia/Tokyo for people and for <input
 * type="datetime-local">, and the app layer's messages made fit for a
 * form.  Private to the web face; the handlers themselves are declared in
 * page.h with the route table's others.
 *
 * The pages run the plan in a crisis through the app layer
 * (app/app_incident.h), which validates and writes; they read through the
 * thread's own store (r->store) with store_incident_load[_board] and
 * compute the board with crisis_board_compute.  Everything a page builds
 * for itself lives in r->arena.
 */
#ifndef ITBCP_WEB_PAGES_INCIDENT_PAGE_INCIDENT_H
#define ITBCP_WEB_PAGES_INCIDENT_PAGE_INCIDENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/incident.h"
#include "rules/crisis.h"
#include "util/err.h"
#include "web/core/req.h"

struct plan;

/* ---- the incident of the URL ----------------------------------------- */

/* The incident id of the URL (r->params[0]): a positive decimal number
 * without sign or leading zero, else 0. */
int64_t page_incident_url_id(const struct req *r);
/* Loads the incident whose id is r->params[0] into inc (INCIDENT_INIT;
 * release it).  board: only what the board needs (store_incident_load_board).
 * 0 loaded; 1 the answer is in r (404 for a malformed or unknown id); -1
 * database error (r->err). */
int page_incident_load(struct req *r, bool board, struct incident *inc);

/* The sections of an incident's pages, for the sub-navigation. */
enum page_incident_tab {
	ITAB_BOARD = 0, ITAB_STEPS, ITAB_SYSTEMS, ITAB_REPORT, ITAB_TIMELINE, ITAB_REVIEW,
	ITAB_COUNT
};
/* Opens the page (page_begin), writes the <h1> naming the incident, its
 * facts (event time, elapsed at now, variant, assembly, parameters, state)
 * and the sub-navigation with tab marked as current. */
void page_incident_begin(struct req *r, const struct incident *inc, enum page_incident_tab tab,
			 int64_t now);
/* "#3 大規模災害（訓練）", in r's arena. */
const char *page_incident_title(struct req *r, const struct incident *inc);
/* "/incidents/3" + suffix (suffix may be ""), in r's arena. */
const char *page_incident_url(struct req *r, const struct incident *inc, const char *suffix);
/* True when r's person may do crisis work (responder and above). */
bool page_incident_may_act(const struct req *r);
/* True when r's person may see personal details of people (phone
 * numbers, where they are, their notes): responder and above. */
bool page_incident_may_see_personal(const struct req *r);

/* ---- words ------------------------------------------------------------- */

const char *page_incident_damage_label(enum lang lang, const char *damage);
const char *page_incident_policy_label(enum lang lang, const char *policy);
const char *page_incident_work_label(enum lang lang, enum work_state w);
const char *page_incident_step_label(enum lang lang, enum step_state s);
const char *page_incident_status_label(enum lang lang, enum checkin_status s);
const char *page_incident_presence_label(enum lang lang, enum presence p);
const char *page_incident_cover_label(enum lang lang, enum coverage c);
const char *page_incident_variant_label(enum lang lang, enum time_variant v);
/* "達成" / "未達" / "判定前" for 1 / 0 / -1. */
const char *page_incident_tri_label(enum lang lang, int v);
/* A role id's name as the incident's snapshot knows it (the id when unknown). */
const char *page_incident_role_name(const struct incident *inc, const char *role);
/* The names of a newline-separated list of role ids, joined by "、" / ", ",
 * in r's arena. */
const char *page_incident_role_names(struct req *r, const struct incident *inc, const char *roles);
/* A person id's name in the incident (the id when unknown). */
const char *page_incident_person_name(const struct incident *inc, const char *person);
/* A string member of a timeline entry's or a review's JSON, "" when absent. */
const char *page_incident_jstr(const json_t *o, const char *k);

/* ---- times --------------------------------------------------------------- */

/* "2026-01-12 18:00" (Asia/Tokyo), or "—" for NO_VALUE; in r's arena. */
const char *page_incident_time(struct req *r, int64_t t);
/* "1:05" for a duration in seconds ("-0:30" when negative), "—" for NO_VALUE. */
const char *page_incident_duration(struct req *r, int64_t seconds);
/* "2026-01-12T18:00" for an <input type="datetime-local">, "" for NO_VALUE. */
const char *page_incident_time_input(struct req *r, int64_t t);
/* The form's field name as a time the app layer takes: "" / absent gives
 * NULL; "2026-01-12T18:00" (datetime-local, Asia/Tokyo) gets "+09:00";
 * a value with its own offset stays as it is.  *bad is set when the value
 * is present but does not parse (the caller shows page_incident_time_hint). */
const char *page_incident_form_time(struct req *r, const char *name, bool *bad);
/* The message for a time that does not parse. */
const char *page_incident_time_hint(enum lang lang);

/* ---- forms -------------------------------------------------------------- */

/* A form's failure to show: the field it belongs to (the form's input
 * name, or NULL for the whole form) and the message. */
struct page_incident_form_error {
	const char *field;
	const char *msg;
};
/* The app layer's message e (written for the CLI: "--level 150: give an
 * integer 0..100 …") as a form error: the option becomes the field name
 * ("--target-level" → "target_level", "TEXT" → "text"), the message
 * loses that prefix and any parenthesis that names CLI options.  In r's
 * arena. */
struct page_incident_form_error page_incident_app_error(struct req *r, const struct err *e);
/* The message for field from err, or NULL when err is about another. */
const char *page_incident_error_for(const struct page_incident_form_error *err, const char *field);
/* Writes err's message as an alert box when it belongs to no field that
 * the form shows (fields: NULL-terminated list of the form's inputs). */
void page_incident_error_box(struct req *r, const struct page_incident_form_error *err,
			     const char *const *fields);
/* The form's field name trimmed, with CR LF and lone CR made LF (browsers
 * send textareas with CR LF; the app layer takes only LF), "" when absent. */
const char *page_incident_form_text(struct req *r, const char *name);
/* A <select> with its label and error: values[i] shown as labels[i], the
 * one equal to selected (may be NULL) chosen. */
void page_incident_select(struct req *r, const char *id, const char *name, const char *label,
			  const char *const *values, const char *const *labels, size_t n,
			  const char *selected, const char *error);
/* A <textarea> with its label and an error beside it (NULL: none). */
void page_incident_textarea(struct req *r, const char *id, const char *name, const char *label,
			    const char *value, const char *error, int rows);

/* Opens a table that scrolls sideways inside its own box on a narrow
 * screen: the box is focusable and named by the caption (so a keyboard
 * can scroll it, WCAG 2.1.1), then <table class=cls> and its <caption>.
 * cls may be NULL.  Close with "</table></div>". */
void page_incident_table_open(struct req *r, const char *cls, const char *caption);

/* ---- the parts that several pages show ------------------------------------ */

/* The recovery time chart (SVG): for every system, projected or actual
 * recovery against its RTO deadline, S tier first (page_incident_chart.c). */
void page_incident_recovery_chart(struct req *r, const struct incident *inc,
				  const struct crisis_board *b);

#endif
