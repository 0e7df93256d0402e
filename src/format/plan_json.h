/*
 * plan_json.h — the plan interchange format ("itbcp-plan", version 1).
 *
 * The whole plan as one JSON document; doc/plan-format.md describes it.
 * Export is deterministic (fields in schema order, elements in plan
 * order), so export → import → export gives identical bytes.  Import
 * validates everything before anything is used: on any error the plan
 * given is left empty (as PLAN_INIT) and every problem (up to a limit) is
 * reported as "NAME: $.json.path: reason", one per line.  The plan passed
 * in must be empty (PLAN_INIT, or released).
 */
#ifndef ITBCP_FORMAT_PLAN_JSON_H
#define ITBCP_FORMAT_PLAN_JSON_H

#include <stddef.h>

#include "model/plan.h"
#include "util/buf.h"
#include "util/lang.h"

#define PLAN_JSON_FORMAT "itbcp-plan"
#define PLAN_JSON_VERSION 1
#define PLAN_JSON_MAX_BYTES (64u << 20) /* a larger file is refused */
#define PLAN_JSON_MAX_ERRORS 50

/* Reads and validates the file at path (name used in messages).  0 with
 * *out filled, or -1 with messages appended to errors and *out empty. */
int plan_json_read_file(const char *path, struct plan *out, struct buf *errors, enum lang lang);
/* The same for text in memory; name stands for the source in messages. */
int plan_json_read(const char *text, size_t len, const char *name, struct plan *out,
		   struct buf *errors, enum lang lang);

/* The plan as the interchange document, ending in a newline; free() it. */
char *plan_json_write(const struct plan *p);

struct json_t; /* jansson's */
struct field_def;

/* The JSON value of field f of elem as the interchange document writes it
 * (null for an empty reference or a missing number, months as [1, 4]); a
 * new reference, the caller's (json_decref).  The export and the JSON API
 * (api_plan.c) both write a field with it, so they cannot drift apart. */
struct json_t *plan_json_field_value(const struct field_def *f, const void *elem);

/* ---- one element: the validator shared by import, forms and the API ---- */

struct entity_def;

/* One problem with one element: the JSON path ("$.rto_hours"; "$" for the
 * element as a whole), the field it is about ("" when none) and why, in
 * the language asked for. */
struct plan_field_error {
	char path[128];
	char field[64];
	char *message; /* malloc'ed; plan_element_errors_release frees it */
};

struct plan_element_errors {
	struct plan_field_error *v;
	size_t n, cap;
};
#define PLAN_ELEMENT_ERRORS_INIT { NULL, 0, 0 }

void plan_element_errors_release(struct plan_element_errors *errs);
/* The first message about field name, or NULL (borrowed from errs). */
const char *plan_element_error_for(const struct plan_element_errors *errs, const char *name);
/* Appends one problem (path "$.name" or "$") with a message. */
void plan_element_error_add(struct plan_element_errors *errs, const char *path, const char *msg);

/* replacing: a new element, not yet in the plan. */
#define PLAN_ELEMENT_NEW ((size_t)-1)

/* Validates obj, ONE element of kind e (or the organisation, e ==
 * &schema_organisation) given as a JSON object, against plan p: everything
 * import checks for a field (types, bounds, choices, dates, id syntax, text
 * length and line breaks), that its references name elements of p, and
 * that its id (or key, for kinds keyed by their fields) is unique in p
 * apart from element number `replacing` (PLAN_ELEMENT_NEW when it is
 * new), plus the rules a form must keep (an override states its reason).
 * elem (e->size bytes) is reset to the kind's defaults and filled.  0 when
 * valid; -1 with every problem appended to errs.  Either way release elem
 * with schema_element_release(). */
int plan_element_read(const struct plan *p, const struct entity_def *e, const struct json_t *obj,
		      size_t replacing, void *elem, struct plan_element_errors *errs, enum lang lang);

#endif
