/*
 * form.h — plan elements in URLs, in HTML forms and back, generated from
 * schema.c's field table so that 27 kinds of element need no page each.
 *
 * An element is named in a URL by its key: its id, or for kinds without
 * one its key fields joined by ',' with each part percent-encoded beyond
 * [A-Za-z0-9_.-] (so a key never holds '/' or ',' of its own).
 *
 * A posted form becomes a JSON object (form strings to typed values by the
 * schema: numbers, booleans, months, null for an empty optional field) and
 * goes through the one validator, plan_element_read(), exactly like an
 * import or an API call.  When that refuses it, the form is shown again
 * with what the person typed and each message beside its field.
 */
#ifndef ITBCP_WEB_CORE_FORM_H
#define ITBCP_WEB_CORE_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "format/plan_json.h"
#include "model/schema.h"
#include "web/core/req.h"

struct json_t;

/* The URL key of elem (in r's arena). */
const char *form_key(struct req *r, const struct entity_def *e, const void *elem);
/* The address of elem's page in the plan editor, "/plan/KIND/KEY" (in r's
 * arena): the one place an element's address is made, so that every link
 * to an element (lists, findings, derived tables) leads to the same page. */
const char *form_element_url(struct req *r, const struct entity_def *e, const void *elem);
/* The address of a plan check finding's element ("systems/mail",
 * "assessments/mail/disaster/staff", "reviews": rules/check.h): its page
 * when the element names one, the form that adds it (key filled in) when
 * a kind keyed by its references names one the plan lacks, its kind's
 * list for a kind alone, /plan for a kind the editor does not know (in
 * r's arena). */
const char *form_finding_url(struct req *r, const char *element);
/* The element of kind e in p whose URL key is key, or NULL; *index gets its
 * position when found (may be NULL). */
const void *form_find(const struct plan *p, const struct entity_def *e, const char *key,
		      size_t *index);
/* The kind whose JSON key is key (never the organisation), or NULL. */
const struct entity_def *form_kind(const char *key);

/* The posted form as one JSON object for kind e (new reference). */
struct json_t *form_to_json(struct req *r, const struct entity_def *e);

/* True when r's person may see personal fields (responder and above). */
bool form_may_see_personal(const struct req *r);

/* Writes the inputs of every field of e: values from elem (NULL: the
 * kind's defaults) or, when from_post, what r's form holds; errs (may be
 * NULL) puts each message beside its field and lists the others first. */
void form_fields(struct req *r, const struct plan *p, const struct entity_def *e,
		 const void *elem, bool from_post, const struct plan_element_errors *errs);

/* The value of field f of elem for people (a reference by its name, an
 * enum by its label, months as 4月, 5月 …), in r's arena. */
const char *form_display(struct req *r, const struct plan *p, const struct field_def *f,
			 const void *elem);
/* A person's name for elem (name, title … or its key), in r's arena. */
const char *form_name(struct req *r, const struct plan *p, const struct entity_def *e,
		      const void *elem);

/* "name, rto_hours 3→6": the fields an update changed, for the audit
 * log (at most ~300 bytes; "-" when none). */
void form_change_summary(const struct entity_def *e, const void *old, const void *now,
			 struct buf *out);

#endif
