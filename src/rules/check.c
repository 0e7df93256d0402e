/*
 * check.c — plan checks (itbcp check): what is missing or inconsistent.
 *
 * plan_check() builds the indexes of one run (struct check_ctx) and calls
 * the functions of the table `checks` in order; each check is one function
 * in the check_*.c file of its part of the plan (see check_internal.h).
 * A finding names the element ("systems/mail"; kinds keyed by their
 * references spell out the key, "assessments/mail/disaster/hardware"; a
 * whole collection is its kind alone, "reviews"), the appendix § it answers
 * to, and the problem in Japanese and English, each message starting with
 * the element's name (in English, its English name when the plan has one).
 *
 * Severities, one rule for every check: an error is a place where the plan
 * cannot be carried out as written (nobody holds a crisis role, a system
 * has no RTO, a step lowers a level, an event has no procedure, the annual
 * review is overdue); a warning is a gap or a doubt a planner should settle
 * (a missing assessment, an open risk with no countermeasure, a contact who
 * cannot be reached); info is worth knowing, nothing is due yet.
 *
 * Large plans (hundreds of systems, thousands of people, many thousand
 * assessments) are checked in O(n log n) apart from the rules functions
 * called: checks join element kinds through sorted indexes that borrow
 * the plan's strings and die with the run.
 */
#include "rules/check.h"

#include <stdarg.h>
#include <stdlib.h>

#include "rules/check_internal.h"
#include "util/buf.h"
#include "util/lang.h"
#include "util/xalloc.h"

/* ---- the sorted index ------------------------------------------------- */

/* Compares the first nk keys of two entries. */
static int ixent_cmp_keys(const struct check_ixent *a, const struct check_ixent *b, int nk)
{
	for (int j = 0; j < nk; j++) {
		int r = check_key_cmp(a->k[j], b->k[j]);
		if (r)
			return r;
	}
	return 0;
}

/* qsort order: all keys, then plan position. */
static int ixent_cmp(const void *va, const void *vb)
{
	const struct check_ixent *a = va, *b = vb;
	int r = ixent_cmp_keys(a, b, 3);
	return r ? r : (a->i > b->i) - (a->i < b->i);
}

/* See check_internal.h. */
void check_ix_add(struct check_index *x, size_t i, const char *k0, const char *k1, const char *k2)
{
	x->v = xgrow(x->v, &x->cap, x->n + 1, sizeof *x->v);
	x->v[x->n++] = (struct check_ixent){ { k0, k1, k2 }, i };
}

/* See check_internal.h. */
void check_ix_sort(struct check_index *x)
{
	if (x->n)
		qsort(x->v, x->n, sizeof *x->v, ixent_cmp);
}

/* See check_internal.h. */
void check_ix_release(struct check_index *x)
{
	free(x->v);
	*x = (struct check_index)CHECK_INDEX_INIT;
}

/* Two binary searches: the first entry not below the key, the first above. */
void check_ix_range(const struct check_index *x, int nk, const char *k0, const char *k1,
		    const char *k2, size_t *from, size_t *to)
{
	const struct check_ixent key = { { k0, k1, k2 }, 0 };
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ixent_cmp_keys(&x->v[mid], &key, nk) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ixent_cmp_keys(&x->v[mid], &key, nk) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*to = lo;
}

/* See check_internal.h. */
size_t check_ix_find(const struct check_index *x, int nk, const char *k0, const char *k1,
		     const char *k2)
{
	size_t from, to;
	if (!k0)
		return CHECK_NOT_FOUND;
	check_ix_range(x, nk, k0, k1, k2, &from, &to);
	return from < to ? x->v[from].i : CHECK_NOT_FOUND;
}

/* ---- helpers of every check ------------------------------------------- */

/* See check_internal.h. */
char *check_strf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

/* See check_internal.h. */
void check_add(struct check_ctx *c, enum severity sev, const char *code, const char *section,
	       char *element, const char *name, char *ja, char *en)
{
	struct findings *f = c->out;
	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
	f->v[f->n++] = (struct finding){ sev, code, section, element, xstrdup(name), ja, en };
}

/* See check.h. */
void findings_add(struct findings *f, enum severity sev, const char *code, const char *section,
		  const char *element, const char *name, const char *ja, const char *en)
{
	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
	f->v[f->n++] = (struct finding){ sev, code, section, xstrdup(element), xstrdup(name),
					 xstrdup(ja), xstrdup(en) };
}

/* See check_internal.h. */
const struct system *check_system_of(const struct check_ctx *c, const char *id)
{
	size_t i = check_ix_find(&c->systems, 1, id, NULL, NULL);
	return i == CHECK_NOT_FOUND ? NULL : &c->p->systems[i];
}

/* See check_internal.h. */
const struct countermeasure_step *check_step_of(const struct check_ctx *c, const char *id)
{
	size_t i = check_ix_find(&c->steps, 1, id, NULL, NULL);
	return i == CHECK_NOT_FOUND ? NULL : &c->p->countermeasure_steps[i];
}

/* See check_internal.h. */
const struct system *check_item_system(const struct check_ctx *c,
				       const struct countermeasure_item *it)
{
	const struct countermeasure_step *s = check_step_of(c, it->step);
	return s ? check_system_of(c, s->system) : NULL;
}

/* Builds the shared indexes and the RTO and tier of every system. */
static void ctx_init(struct check_ctx *c, const struct plan *p, struct civil_date today,
		     struct findings *out)
{
	*c = (struct check_ctx){ .p = p, .today = today, .out = out };
	c->rto = xcalloc(p->n_systems ? p->n_systems : 1, sizeof *c->rto);
	for (size_t i = 0; i < p->n_systems; i++) {
		system_rto_compute(p, &p->systems[i], &c->rto[i]);
		check_ix_add(&c->systems, i, p->systems[i].id, NULL, NULL);
	}
	check_ix_sort(&c->systems);
	for (size_t i = 0; i < p->n_countermeasure_steps; i++)
		check_ix_add(&c->steps, i, p->countermeasure_steps[i].id, NULL, NULL);
	check_ix_sort(&c->steps);
	for (size_t i = 0; i < p->n_role_holders; i++)
		check_ix_add(&c->holders, i, p->role_holders[i].role, p->role_holders[i].person,
			     NULL);
	check_ix_sort(&c->holders);
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		const struct system *s = check_item_system(c, it);
		if (s)
			check_ix_add(&c->items, i, s->id, it->event, it->component);
	}
	check_ix_sort(&c->items);
}

/* Frees what ctx_init() built. */
static void ctx_release(struct check_ctx *c)
{
	free(c->rto);
	check_ix_release(&c->systems);
	check_ix_release(&c->steps);
	check_ix_release(&c->holders);
	check_ix_release(&c->items);
}

/* ---- the API of check.h ----------------------------------------------- */

/* Every check, in the order its findings appear (the brief's numbering). */
static void (*const checks[])(struct check_ctx *) = {
	check_system_rto,         /* 1 */
	check_business_systems,   /* 2 */
	check_dependencies,       /* 3 */
	check_dependency_cycles,  /* 16 */
	check_role_holders,       /* 4 */
	check_sole_holders,       /* 5 */
	check_contacts,           /* 6 */
	check_events,             /* 7 */
	check_assessments,        /* 8 */
	check_open_gaps,          /* 9 */
	check_item_levels,        /* 10 */
	check_last_steps,         /* 10 */
	check_training_plan,      /* 11 */
	check_review,             /* 12 */
	check_override_reasons,   /* 13 */
	check_system_departments, /* 14 */
	check_criteria,           /* 15 */
	check_placeholder_fields, /* 17 */
	check_placeholder_gaps,   /* 17 */
	check_element_rules,      /* 18 */
};

/* Runs the table; findings are appended to out. */
void plan_check(const struct plan *p, struct civil_date today, struct findings *out)
{
	struct check_ctx c;
	ctx_init(&c, p, today, out);
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
		checks[i](&c);
	ctx_release(&c);
}

/* Frees every finding's strings and the array; f is empty after. */
void findings_release(struct findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].element);
		free(f->v[i].element_name);
		free(f->v[i].message_ja);
		free(f->v[i].message_en);
	}
	free(f->v);
	*f = (struct findings)FINDINGS_INIT;
}

/* The number of findings of severity s. */
size_t findings_count(const struct findings *f, enum severity s)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].severity == s;
	return n;
}

/* "エラー" / "error" …; a static string. */
const char *severity_name(enum severity s, int lang)
{
	switch (s) {
	case SEV_ERROR:
		return L(lang, "エラー", "error");
	case SEV_WARNING:
		return L(lang, "警告", "warning");
	case SEV_INFO:
		return L(lang, "情報", "info");
	}
	return "?";
}
