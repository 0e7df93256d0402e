/*
 * people_diff.h — what applying a people list to the plan would change:
 * the rows added, changed (field by field) and removed, and the problems
 * found.  Computed by app/people_import.c (people_diff_compute), applied
 * by store/people_store.c, shown by the web's import page; a plain
 * struct here so that the storage layer need not know the importer.
 */
#ifndef ITBCP_MODEL_PEOPLE_DIFF_H
#define ITBCP_MODEL_PEOPLE_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "model/plan.h"

struct people_error {
	size_t row;         /* 0: the file as a whole */
	const char *column; /* the header as written in the file, or "" */
	char *reason;
};

struct people_field_change {
	const char *field; /* schema field name */
	bool personal;     /* FF_PERSONAL */
	char *old_value, *new_value;
};

enum people_change_kind { PEOPLE_ADD, PEOPLE_CHANGE, PEOPLE_REMOVE };

struct people_change {
	enum people_change_kind kind;
	size_t row;               /* 0 for a removal */
	struct person person;     /* add/change: the values after; remove: the person (owned) */
	struct people_field_change *f; /* change: the fields that differ */
	size_t nf;
};

struct people_diff {
	struct people_change *v;
	size_t n, cap;
	struct people_error *err;
	size_t n_err, err_cap, more_errors; /* more_errors: beyond PEOPLE_MAX_ERRORS */
	size_t added, changed, removed, unchanged;
	char **ignored;  /* headers not understood */
	size_t n_ignored;
};
#define PEOPLE_DIFF_INIT { 0 }

void people_diff_release(struct people_diff *d);

#endif
