/*
 * element_rules.h — the rules one plan element must keep beyond its
 * fields' own bounds (element_rules.c): an override needs its reason, a
 * countermeasure step's last fiscal year is not before its first, the
 * tier thresholds of 表5.3-3 do not go down.
 *
 * One function, called by every door that writes an element — the plan
 * import (format/plan_json_read.c, the whole document), the web forms and
 * the JSON API (both plan_element_read) — and by `itbcp check` for a plan
 * stored before a rule existed; so what one door refuses, all refuse.
 */
#ifndef ITBCP_RULES_ELEMENT_RULES_H
#define ITBCP_RULES_ELEMENT_RULES_H

#include <stddef.h>

#include "model/schema.h"

/* One broken rule: its stable code ("step-fy-order"), the field it is
 * about ("fy_to"), and why, in Japanese and English (the element is not
 * named: the caller knows where it is). */
typedef void (*element_rules_report)(void *arg, const char *code, const char *field,
				     const char *ja, const char *en);

/* Runs every rule of kind e (schema_organisation included) on elem and
 * reports each broken one; returns how many were. */
size_t element_rules_check(const struct entity_def *e, const void *elem,
			   element_rules_report report, void *arg);

#endif
