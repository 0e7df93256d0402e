/*
 * labels.h — what people read for every field of the plan: the label of
 * each field of schema.c and of each choice of its enums, in Japanese and
 * English, and the plan's sections in the appendix's order with the kinds
 * of element each holds.  One table, next to the pages that use it, so the
 * forms, lists and the API's documentation say the same thing; a unit test
 * checks that every field of schema.c has its label.
 */
#ifndef ITBCP_WEB_CORE_LABELS_H
#define ITBCP_WEB_CORE_LABELS_H

#include <stddef.h>

#include "model/schema.h"
#include "util/lang.h"

/* The label of field name of kind e ("業務目標復旧時間（時間）"); the field's
 * name itself when the table has none (a test keeps that from happening).
 * Static storage. */
const char *label_field(enum lang lang, const struct entity_def *e, const char *name);
/* True when the table has a label for that field. */
int label_field_known(const struct entity_def *e, const char *name);
/* A short help text for the field, or NULL. */
const char *label_hint(enum lang lang, const struct entity_def *e, const char *name);
/* The label of value of an enum field ("6-" → "震度6弱"); value itself when
 * there is none. */
const char *label_choice(enum lang lang, const char *field, const char *value);
/* The kind's name for people (schema.c's label_ja / label_en). */
const char *label_kind(enum lang lang, const struct entity_def *e);

/* A section of the plan (§1.1 … 別表1) and the kinds of element it holds
 * (JSON keys; "organisation" for the singleton). */
#define LABEL_SECTION_KINDS 6
struct label_section {
	const char *no;     /* "1.1", "別表1" */
	const char *ja, *en;
	const char *kinds[LABEL_SECTION_KINDS]; /* NULL-terminated when fewer */
};
extern const struct label_section label_sections[];
extern const size_t label_n_sections;
/* The first section that holds kind key, or NULL. */
const struct label_section *label_section_of(const char *key);

#endif
