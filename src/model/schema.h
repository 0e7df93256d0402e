/*
 * schema.h — a description of every field of every plan element.
 *
 * One table (schema.c) says, for each kind of element, its JSON key, its
 * SQL table, and for each field: the name (the same in JSON and SQL), the
 * type, where it lives in the C struct, the bounds, the element kind it
 * refers to, whether it is personal data, and whether it is part of the
 * element's key.  Import validation, export, storage and the web forms are
 * written once against this table instead of once per element.
 */
#ifndef ITBCP_MODEL_SCHEMA_H
#define ITBCP_MODEL_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/plan.h"
#include "util/buf.h"

enum field_type {
	F_ID,     /* the element's own id: a slug, unique within its kind */
	F_REF,    /* the id of an element of kind ref (char *, NULL = none) */
	F_TEXT,   /* UTF-8 text (char *, "" = empty) */
	F_ENUM,   /* text from a fixed list (char *) */
	F_INT,    /* int64_t within [min, max], NO_VALUE when optional and unset */
	F_BOOL,   /* bool */
	F_DATE,   /* "YYYY-MM-DD" or "" (char *) */
	F_MONTHS, /* uint16_t bit set of months 1..12; a JSON array of months */
};

/* Field flags. */
#define FF_REQUIRED 0x01u /* must be present in import (text: non-empty) */
#define FF_PERSONAL 0x02u /* personal data: hidden from those without the right */
#define FF_KEY 0x04u      /* part of the element's key (kinds without F_ID) */
#define FF_MULTILINE 0x08u /* long text where line breaks are allowed */

struct field_def {
	const char *name; /* JSON key and SQL column */
	enum field_type type;
	size_t offset;    /* in the element's struct */
	unsigned flags;
	int64_t min, max; /* F_INT bounds; F_TEXT: max = length in bytes */
	const char *ref;  /* F_REF: JSON key of the referred kind */
	const char *const *choices; /* F_ENUM: NULL-terminated */
	int64_t dflt;     /* F_INT / F_BOOL value when absent in import */
};

struct entity_def {
	const char *key;      /* JSON key in the plan document, e.g. "systems" */
	const char *table;    /* SQL table */
	const char *label_ja; /* for people: システム */
	const char *label_en;
	size_t size;          /* sizeof the element struct */
	size_t array_offset;  /* of the element pointer in struct plan */
	size_t count_offset;  /* of the count in struct plan */
	const struct field_def *fields;
	size_t n_fields;
	size_t max_count;     /* elements of this kind a plan may hold */
};

/* The kinds of element, in dependency order (PLAN_ARRAYS). */
extern const struct entity_def schema_entities[];
extern const size_t schema_n_entities;
/* The singleton struct organisation. */
extern const struct entity_def schema_organisation;

const struct entity_def *schema_entity(const char *key);
const struct field_def *schema_field(const struct entity_def *e, const char *name);
/* The F_ID field of e, or NULL for kinds keyed by their references. */
const struct field_def *schema_id_field(const struct entity_def *e);

/* The longest id (F_ID, F_REF), in bytes. */
#define SCHEMA_ID_MAX 64

/* True when s is a valid id: 1 to SCHEMA_ID_MAX of a-z, 0-9, '-' and '_',
 * not starting with '-'.  Ids are slugs so that they read well in URLs,
 * file names and references; the one check for the plan reader and the
 * people import. */
bool schema_id_valid(const char *s);

/* The key of an element of kind e as one string: its id, or its key
 * fields joined by '/' (what uniqueness is checked on).  Appended to out. */
void schema_element_key(const struct entity_def *e, const void *elem, struct buf *out);

/* Element i of kind e in p, and the address of a field in an element. */
void *schema_element(const struct entity_def *e, const struct plan *p, size_t i);
size_t schema_count(const struct entity_def *e, const struct plan *p);
#define FIELD_PTR(elem, f) ((void *)((char *)(elem) + (f)->offset))

/* The field an older plan document's key stands for in kind e (the
 * single "area" of an assembly criterion, now the list "areas"), or NULL:
 * old files still import, and export writes the new key. */
const struct field_def *schema_field_alias(const struct entity_def *e, const char *key);
/* True when kind e has such keys at all (most have none). */
bool schema_has_aliases(const struct entity_def *e);

/* Appends a zeroed element to kind e of p (fields at their defaults) and
 * returns it. */
void *schema_append(const struct entity_def *e, struct plan *p);
/* Frees what one element owns (not the element itself). */
void schema_element_release(const struct entity_def *e, void *elem);
/* Sets every field of a fresh element to its empty value: text "", ints
 * to their default, refs NULL. */
void schema_element_defaults(const struct entity_def *e, void *elem);

#endif
