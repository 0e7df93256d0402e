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
#include <stdint.h>
#include <string.h>

#include "rules/rules.h"

/* Days in month m (1..12) of year y in the Gregorian calendar. */
int rules_month_days(int y, int m);
/* The date that is days after 1970-01-01 (the inverse of civil_date_days). */
struct civil_date rules_date_from_days(int64_t days);

/* True when both references are set and name the same element. */
static inline bool rules_same_id(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

#endif
