/*
 * rto.c — a system's RTO from the businesses that use it (R1) and its
 * recovery priority tier (R2, 表5.3-3).
 *
 * R1: every business b linked to system s (別表1 ●) gives a candidate
 * RTO(b) + the hours b runs on its alternative means; the system's RTO is
 * the smallest candidate, and the business giving it is named.  A planner
 * may override the RTO and the tier; the derived RTO stays visible beside
 * the override.  Links to a business that does not exist give no
 * candidate; a business without an RTO gives a candidate without hours,
 * which never sets the minimum.
 */
#include <stdlib.h>

#include "rules/rules_internal.h"
#include "util/xalloc.h"

static const char *const tier_names[TIER_COUNT] = { "S", "A", "B", "C", "D", "E" };

/* "S".."E", or "-" for TIER_NONE (and anything out of range). */
const char *tier_name(enum tier t)
{
	if (t < TIER_S || t >= TIER_COUNT)
		return "-";
	return tier_names[t];
}

/* The tier named by exactly one upper-case letter S..E, else TIER_NONE. */
enum tier tier_parse(const char *s)
{
	if (!s || !s[0] || s[1])
		return TIER_NONE;
	for (int t = TIER_S; t < TIER_COUNT; t++)
		if (s[0] == tier_names[t][0])
			return (enum tier)t;
	return TIER_NONE;
}

/* R2: the fastest tier whose upper bound is >= hours; E when none is. */
enum tier tier_from_hours(const int64_t max_hours[TIER_COUNT - 1], int64_t hours)
{
	if (hours < 0)
		return TIER_NONE;
	for (int t = TIER_S; t < TIER_E; t++)
		if (hours <= max_hours[t])
			return (enum tier)t;
	return TIER_E;
}

/* Fills c with the candidate of link l when l is a link of system s to an
 * existing business; false otherwise.  hours is NO_VALUE when the business
 * has no RTO; an unset alternative-means duration counts as 0. */
static bool candidate_of(const struct plan *p, const struct system *s,
			 const struct business_system *l, struct rto_candidate *c)
{
	if (!rules_same_id(l->system, s->id))
		return false;
	const struct business *b = plan_business(p, l->business);
	if (!b)
		return false;
	int64_t alt = l->alt_hours == NO_VALUE ? 0 : l->alt_hours;
	c->business = b;
	c->link = l;
	c->hours = b->rto_hours == NO_VALUE ? NO_VALUE : b->rto_hours + alt;
	return true;
}

/* The candidates of R1 for s in plan order, at most max of them. */
size_t rto_candidates(const struct plan *p, const struct system *s,
		      struct rto_candidate *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_business_systems && n < max; i++)
		if (candidate_of(p, s, &p->business_systems[i], &out[n]))
			n++;
	return n;
}

/* The overrides of s applied to a derived RTO already in out (R1's end, R2). */
static void apply_overrides(const struct plan *p, const struct system *s, struct system_rto *out)
{
	out->rto_overridden = s->rto_override_hours != NO_VALUE;
	out->hours = out->rto_overridden ? s->rto_override_hours : out->derived_hours;
	out->derived_tier = tier_from_hours(p->organisation.tier_max_hours, out->hours);
	enum tier over = tier_parse(s->tier_override);
	out->tier_overridden = over != TIER_NONE;
	out->tier = out->tier_overridden ? over : out->derived_tier;
}

/* R1 and R2 for s.  On equal candidates the first link in plan order sets
 * the RTO.  A tier override applies even when the system has no RTO at all
 * (the planner judged it, §5.3); derived_tier is then TIER_NONE. */
void system_rto_compute(const struct plan *p, const struct system *s, struct system_rto *out)
{
	*out = (struct system_rto){ .derived_hours = NO_VALUE, .set_by_alt_hours = NO_VALUE };
	for (size_t i = 0; i < p->n_business_systems; i++) {
		struct rto_candidate c;
		if (!candidate_of(p, s, &p->business_systems[i], &c) || c.hours == NO_VALUE)
			continue;
		if (out->derived_hours == NO_VALUE || c.hours < out->derived_hours) {
			out->derived_hours = c.hours;
			out->set_by = c.business;
			out->set_by_alt_hours = c.hours - c.business->rto_hours;
		}
	}
	apply_overrides(p, s, out);
}

/* One entry of an id index: the id and the element's position. */
struct id_ix {
	const char *id;
	size_t i;
};

/* qsort order: by id, then position (so equal ids keep plan order). */
static int id_ix_cmp(const void *va, const void *vb)
{
	const struct id_ix *a = va, *b = vb;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* The first entry of x[0..n) with this id, or NULL. */
static const struct id_ix *id_ix_find(const struct id_ix *x, size_t n, const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(x[lo].id, id) == 0 ? &x[lo] : NULL;
}

void system_rto_compute_all(const struct plan *p, struct system_rto *out)
{
	size_t ns = p->n_systems, nb = p->n_businesses;
	struct id_ix *sx = xcalloc(ns ? ns : 1, sizeof *sx);
	struct id_ix *bx = xcalloc(nb ? nb : 1, sizeof *bx);
	size_t nsx = 0, nbx = 0;
	for (size_t i = 0; i < ns; i++) {
		out[i] = (struct system_rto){ .derived_hours = NO_VALUE, .set_by_alt_hours = NO_VALUE };
		if (p->systems[i].id)
			sx[nsx++] = (struct id_ix){ p->systems[i].id, i };
	}
	for (size_t i = 0; i < nb; i++)
		if (p->businesses[i].id)
			bx[nbx++] = (struct id_ix){ p->businesses[i].id, i };
	qsort(sx, nsx, sizeof *sx, id_ix_cmp);
	qsort(bx, nbx, sizeof *bx, id_ix_cmp);
	/* Links in plan order, as system_rto_compute walks them: on equal
	 * candidates the first link keeps the minimum.  plan_business finds
	 * the first business of an id, as the index's first entry does. */
	for (size_t k = 0; k < p->n_business_systems; k++) {
		const struct business_system *l = &p->business_systems[k];
		if (!l->system || !l->business)
			continue;
		const struct id_ix *b = id_ix_find(bx, nbx, l->business);
		const struct id_ix *s = id_ix_find(sx, nsx, l->system);
		if (!b || !s)
			continue;
		const struct business *bz = &p->businesses[b->i];
		if (bz->rto_hours == NO_VALUE)
			continue;
		int64_t alt = l->alt_hours == NO_VALUE ? 0 : l->alt_hours;
		int64_t hours = bz->rto_hours + alt;
		/* every system of that id (ids are unique in a valid plan) */
		for (; s < sx + nsx && strcmp(s->id, l->system) == 0; s++) {
			struct system_rto *o = &out[s->i];
			if (o->derived_hours == NO_VALUE || hours < o->derived_hours) {
				o->derived_hours = hours;
				o->set_by = bz;
				o->set_by_alt_hours = alt;
			}
		}
	}
	for (size_t i = 0; i < ns; i++)
		apply_overrides(p, &p->systems[i], &out[i]);
	free(sx);
	free(bx);
}
