/*
 * rules_internal.h — what the rules files share (not part of the API).
 *
 * rules.h is implemented by one file per rule: dates.c (calendar), fiscal.c
 * (R6 labels), rto.c (R1, R2), levels.c (R3, R4), steps.c and budget.c (R5),
 * review.c (R8).  The calendar arithmetic and the NULL-safe id comparison
 * they have in common live here.
 */
#ifndef ITBCP_RULES_RULES_INTERNAL_H
#define ITBCP_RULES_RULES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rules/rules.h"

/* Days in month m (1..12) of year y in the Gregorian calendar. */
int rules_month_days(int y, int m);
/* The date that is days after 1970-01-01 (the inverse of civil_date_days). */
struct civil_date rules_date_from_days(int64_t days);

/* Elements of a plan array by id, for bsearch: a plan has thousands of
 * people and holders, and a linear lookup per holder costs their product.
 * (crisis_criteria.c) */
struct rules_id_pair {
	const char *id;
	size_t pos; /* in the plan array */
};
/* The n elements of arr (each size bytes, its id at id_offset) sorted by
 * id; free() it. */
struct rules_id_pair *rules_index_ids(const void *arr, size_t n, size_t size, size_t id_offset);
/* The position of id among v's n, or -1. */
long rules_find_id(const struct rules_id_pair *v, size_t n, const char *id);

/* True when both references are set and name the same element. */
static inline bool rules_same_id(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

#endif
