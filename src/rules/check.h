/*
 * check.h — plan checks (itbcp check): what is missing or inconsistent.
 *
 * Every finding names the plan element, the problem, and the appendix §
 * it answers to, in Japanese and English.  Pure: no I/O.
 */
#ifndef ITBCP_RULES_CHECK_H
#define ITBCP_RULES_CHECK_H

#include <stddef.h>

#include "model/plan.h"
#include "rules/rules.h"

enum severity { SEV_ERROR = 0, SEV_WARNING = 1, SEV_INFO = 2 };

struct finding {
	enum severity severity;
	const char *code;    /* stable, e.g. "system-no-rto" (static string) */
	const char *section; /* e.g. "§5.3" (static string) */
	char *element;       /* "systems/mail" — kind/id of the element (owned) */
	char *element_name;  /* the element's name for people (owned) */
	char *message_ja;    /* owned */
	char *message_en;    /* owned */
};

struct findings {
	struct finding *v;
	size_t n, cap;
};
#define FINDINGS_INIT { NULL, 0, 0 }

/* Runs every check on p as of today; appends to out in a stable order
 * (by check, then plan order). */
void plan_check(const struct plan *p, struct civil_date today, struct findings *out);
void findings_release(struct findings *f);
/* Appends one finding made outside the plan checks (the database's own
 * state: its backups, its file mode); the strings are copied. */
void findings_add(struct findings *f, enum severity sev, const char *code, const char *section,
		  const char *element, const char *name, const char *ja, const char *en);
size_t findings_count(const struct findings *f, enum severity s);
const char *severity_name(enum severity s, int lang);

#endif
