/*
 * check_internal.h — what the check_*.c files share (not part of the API).
 *
 * plan_check() (check.c) builds one struct check_ctx per run, then calls
 * the check functions of its table in order.  Each check lives in the
 * file of its part of the plan: check_systems.c (§1.3, §5.3, 別表1),
 * check_deps.c (the dependency graph), check_staff.c (§1.4, §2), check_levels.c (§3), check_cycle.c (§4),
 * check_text.c (whatever the documents would print as a placeholder),
 * check_elements.c (the rules every door keeps, over a stored plan).
 * A check walks the plan in plan order and appends findings with
 * check_add(); the indexes let it join element kinds in O(log n).
 */
#ifndef ITBCP_RULES_CHECK_INTERNAL_H
#define ITBCP_RULES_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rules/check.h"

/* ---- a sorted index of plan elements ---------------------------------- */

/* Up to three keys borrowed from the plan (NULL sorts as "") and the
 * element's position in its plan array. */
struct check_ixent {
	const char *k[3];
	size_t i;
};

struct check_index {
	struct check_ixent *v;
	size_t n, cap;
};
#define CHECK_INDEX_INIT { NULL, 0, 0 }
#define CHECK_NOT_FOUND SIZE_MAX

/* Adds element i under keys k0..k2 (unused keys NULL); sort before use. */
void check_ix_add(struct check_index *x, size_t i, const char *k0, const char *k1, const char *k2);
/* Sorts by keys, then plan position: equal keys stay in plan order. */
void check_ix_sort(struct check_index *x);
/* Frees the entries; the index is empty and reusable after. */
void check_ix_release(struct check_index *x);
/* The entries whose first nk keys equal k0..k2, as [*from, *to). */
void check_ix_range(const struct check_index *x, int nk, const char *k0, const char *k1,
		    const char *k2, size_t *from, size_t *to);
/* Plan position of the first element under the keys, or CHECK_NOT_FOUND
 * (also when k0 is NULL). */
size_t check_ix_find(const struct check_index *x, int nk, const char *k0, const char *k1,
		     const char *k2);

/* ---- one run ---------------------------------------------------------- */

struct check_ctx {
	const struct plan *p;
	struct civil_date today;
	struct findings *out;
	struct system_rto *rto;     /* R1/R2 per system, in plan order */
	struct check_index systems; /* systems by id */
	struct check_index steps;   /* countermeasure steps by id */
	struct check_index holders; /* role holders by role, person */
	struct check_index items;   /* items by their step's system, event, component */
};

/* A formatted copy; free() it (or hand it to check_add). */
char *check_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends a finding; takes ownership of element, ja and en, copies name. */
void check_add(struct check_ctx *c, enum severity sev, const char *code, const char *section,
	       char *element, const char *name, char *ja, char *en);
/* The system / countermeasure step with id, or NULL. */
const struct system *check_system_of(const struct check_ctx *c, const char *id);
const struct countermeasure_step *check_step_of(const struct check_ctx *c, const char *id);
/* The system an item's step belongs to, or NULL. */
const struct system *check_item_system(const struct check_ctx *c,
				       const struct countermeasure_item *it);

/* strcmp with NULL as "". */
static inline int check_key_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* True when s is NULL or only ASCII white space. */
static inline bool check_blank(const char *s)
{
	if (s)
		for (; *s; s++)
			if (!strchr(" \t\r\n", *s))
				return false;
	return true;
}

/* The English name when the plan has one, else the name. */
static inline const char *check_name_en(const char *name, const char *en)
{
	return check_blank(en) ? name : en;
}

/* Position of system s (pointing into c->p->systems) in the plan. */
static inline size_t check_sys_ix(const struct check_ctx *c, const struct system *s)
{
	return (size_t)(s - c->p->systems);
}

/* ---- the checks, in the order of check.c's table ---------------------- */

void check_system_rto(struct check_ctx *c);         /* 1  §5.3 */
void check_business_systems(struct check_ctx *c);   /* 2  別表1 */
void check_dependencies(struct check_ctx *c);       /* 3  §5.3, §1.3 */
void check_dependency_cycles(struct check_ctx *c);  /* 16 §5.3 (check_deps.c) */
void check_role_holders(struct check_ctx *c);       /* 4  §1.4, §2.1.2 */
void check_sole_holders(struct check_ctx *c);       /* 5  §2.1.2 */
void check_contacts(struct check_ctx *c);           /* 6  §2.2.2 */
void check_events(struct check_ctx *c);             /* 7  §2.1.3, §2.1.4, §2.3.2 */
void check_criteria(struct check_ctx *c);           /* 15 §2.1.3 */
void check_assessments(struct check_ctx *c);        /* 8  §3.1 */
void check_open_gaps(struct check_ctx *c);          /* 9  §3.2 */
void check_item_levels(struct check_ctx *c);        /* 10 §3.2 (R5) */
void check_last_steps(struct check_ctx *c);         /* 10 §3.2 */
void check_training_plan(struct check_ctx *c);      /* 11 §4.1 */
void check_review(struct check_ctx *c);             /* 12 §4.2.3 */
void check_override_reasons(struct check_ctx *c);   /* 13 §5.3 */
void check_system_departments(struct check_ctx *c); /* 14 §1.3 */
void check_placeholder_fields(struct check_ctx *c); /* 17 what would print as 〇〇 (check_text.c) */
void check_placeholder_gaps(struct check_ctx *c);   /* 17 the same, beyond single fields */
void check_element_rules(struct check_ctx *c);      /* 18 the element rules (check_elements.c) */

#endif
