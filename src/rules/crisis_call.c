/*
 * crisis_call.c — who and what an incident runs on (crisis.h): JMA
 * seismic intensities, the assembly criteria of §2.1.3, the procedure of
 * §2.3.1 for the time variant, and the snapshot taken at start.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/crisis.h"
#include "rules/rules_internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const char *const intensity_names[] = { "0", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7" };
static const char *const intensity_labels[] = { "0",   "1",   "2",   "3",   "4",
						"5弱", "5強", "6弱", "6強", "7" };

/* Appends the ASCII form of s to out: full-width digits, signs and
 * 弱/強 become 0-9, -, +; spaces (ASCII and U+3000) go; a leading 震度
 * goes.  Returns -1 when something else is there. */
static int normalise_intensity(const char *s, char *out, size_t n)
{
	size_t k = 0;
	if (strncmp(s, "震度", strlen("震度")) == 0)
		s += strlen("震度");
	while (*s) {
		char c = 0;
		size_t adv = 1;
		const unsigned char *u = (const unsigned char *)s;
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) { /* U+3000 */
			s += 3;
			continue;
		}
		if ((*s >= '0' && *s <= '9') || *s == '-' || *s == '+') {
			c = *s;
		} else if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
			c = (char)('0' + (u[2] - 0x90)); /* ０-９ */
			adv = 3;
		} else if (u[0] == 0xef && u[1] == 0xbc && (u[2] == 0x8d || u[2] == 0x8b)) {
			c = u[2] == 0x8d ? '-' : '+'; /* － ＋ */
			adv = 3;
		} else if (strncmp(s, "弱", strlen("弱")) == 0) {
			c = '-';
			adv = strlen("弱");
		} else if (strncmp(s, "強", strlen("強")) == 0) {
			c = '+';
			adv = strlen("強");
		} else {
			return -1;
		}
		if (k + 1 >= n)
			return -1;
		out[k++] = c;
		s += adv;
	}
	out[k] = '\0';
	return 0;
}

/* See crisis.h. */
int crisis_intensity_parse(const char *s)
{
	char norm[8];
	if (!s || normalise_intensity(s, norm, sizeof norm))
		return -1;
	for (int i = 0; i < 10; i++)
		if (strcmp(norm, intensity_names[i]) == 0)
			return i;
	return -1;
}

/* See crisis.h. */
const char *crisis_intensity_name(int rank)
{
	return rank >= 0 && rank < 10 ? intensity_names[rank] : "";
}

/* See crisis.h. */
const char *crisis_intensity_label(int rank)
{
	return rank >= 0 && rank < 10 ? intensity_labels[rank] : "";
}

/* See crisis.h. */
bool crisis_area_matches(const char *observed, const char *criterion_area)
{
	if (!criterion_area || !*criterion_area)
		return true;
	return observed && strncmp(observed, criterion_area, strlen(criterion_area)) == 0;
}

/* See crisis.h. */
const struct assembly_criterion *crisis_assembly_match(const struct plan *p, const char *event,
						       const struct incident_area *areas,
						       size_t n_areas)
{
	struct crisis_observed *obs = xcalloc(n_areas + 1, sizeof *obs);
	for (size_t k = 0; k < n_areas; k++)
		obs[k] = (struct crisis_observed){ areas[k].name, NULL, NULL, areas[k].intensity };
	const struct assembly_criterion *hit = NULL;
	for (size_t i = 0; !hit && i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		if (rules_same_id(c->event, event) &&
		    crisis_criterion_met(c, HAZARD_EARTHQUAKE, obs, n_areas) >= 0)
			hit = c;
	}
	free(obs);
	return hit;
}

/* See crisis.h. */
const struct procedure *crisis_procedure_for(const struct plan *p, const char *event,
					     enum time_variant v)
{
	const struct procedure *any = NULL;
	for (size_t i = 0; i < p->n_procedures; i++) {
		const struct procedure *pr = &p->procedures[i];
		if (!rules_same_id(pr->event, event))
			continue;
		if (strcmp(pr->variant, time_variant_name(v)) == 0)
			return pr;
		if (!any && strcmp(pr->variant, "any") == 0)
			any = pr;
	}
	return any;
}

/* Appends line to a newline-separated list in b. */
static void crisis_call_add_line(struct buf *b, const char *line)
{
	if (b->len)
		buf_addc(b, '\n');
	buf_adds(b, line);
}

/* The systems of the snapshot. */
static void snapshot_systems(const struct plan *p, struct incident *inc)
{
	size_t cap = 0;
	for (size_t i = 0; i < p->n_systems; i++) {
		const struct system *s = &p->systems[i];
		if (!s->in_scope)
			continue;
		struct system_rto r;
		system_rto_compute(p, s, &r);
		const struct department *d = plan_department(p, s->department);
		inc->systems = xgrow(inc->systems, &cap, inc->n_systems + 1, sizeof *inc->systems);
		struct incident_system *x = &inc->systems[inc->n_systems++];
		memset(x, 0, sizeof *x);
		x->system = xstrdup(s->id);
		x->name = xstrdup(s->name);
		x->department = xstrdup(d ? d->name : "");
		x->rto_hours = r.hours;
		x->tier = r.tier;
		x->rlo = xstrdup(s->rlo);
		x->rlo_percent = s->rlo_percent;
		x->hit = inc->system_hit && strcmp(inc->system_hit, s->id) == 0;
		x->pos = (int64_t)i;
		x->damage = xstrdup(x->hit ? "down" : "unknown");
		x->policy = xstrdup("");
		x->target_level = NO_VALUE;
		x->method = xstrdup("");
		x->work = WORK_NOT_STARTED;
		x->level = NO_VALUE;
		x->expected_at = NO_VALUE;
		x->restored_at = NO_VALUE;
		x->updated_at = NO_VALUE;
		x->updated_by = xstrdup("");
	}
}

/* The steps of the incident's procedure, with their roles. */
static void snapshot_steps(const struct plan *p, struct incident *inc)
{
	size_t cap = 0;
	for (size_t i = 0; inc->procedure && i < p->n_procedure_steps; i++) {
		const struct procedure_step *s = &p->procedure_steps[i];
		if (!rules_same_id(s->procedure, inc->procedure))
			continue;
		struct buf roles = BUF_INIT, names = BUF_INIT;
		for (size_t k = 0; k < p->n_step_roles; k++) {
			if (!rules_same_id(p->step_roles[k].step, s->id))
				continue;
			const struct role *r = plan_role(p, p->step_roles[k].role);
			crisis_call_add_line(&roles, p->step_roles[k].role);
			crisis_call_add_line(&names, r ? r->name : p->step_roles[k].role);
		}
		inc->steps = xgrow(inc->steps, &cap, inc->n_steps + 1, sizeof *inc->steps);
		struct incident_step *x = &inc->steps[inc->n_steps++];
		memset(x, 0, sizeof *x);
		x->step = xstrdup(s->id);
		x->no = s->no;
		x->title = xstrdup(s->title);
		x->actions = xstrdup(s->actions);
		x->roles = buf_detach(&roles);
		x->role_names = buf_detach(&names);
		x->state = STEP_PENDING;
		x->due_at = x->started_at = x->done_at = NO_VALUE;
		x->taken_by = xstrdup("");
		x->note = xstrdup("");
	}
}

/* The first (highest-priority) assembly location of role, or "". */
static const char *first_location(const struct plan *p, const char *role)
{
	const struct assembly_location *best = NULL;
	for (size_t i = 0; i < p->n_assembly_locations; i++) {
		const struct assembly_location *l = &p->assembly_locations[i];
		if (rules_same_id(l->role, role) && (!best || l->priority < best->priority))
			best = l;
	}
	return best ? best->place : "";
}

/* Whether holders of role r are called in: every crisis role without a
 * callout (the chief's decision), else the roles co calls. */
static bool role_called(const struct plan *p, const struct role *r, const struct crisis_callout *co)
{
	if (!co)
		return strcmp(r->structure, "crisis") == 0;
	size_t k = (size_t)(r - p->roles);
	return k < co->n_roles && co->role_called[k];
}

/* Appends a fresh incident person for pe to *v. */
static struct incident_person *push_person(const struct plan *p, struct incident_person **v,
					   size_t *n, size_t *cap, const struct person *pe,
					   enum incident_ask ask, int64_t at)
{
	const struct department *d = plan_department(p, pe->department);
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	struct incident_person *ip = &(*v)[(*n)++];
	memset(ip, 0, sizeof *ip);
	ip->person = xstrdup(pe->id);
	ip->name = xstrdup(pe->name);
	ip->department = xstrdup(d ? d->name : "");
	ip->location = xstrdup("");
	ip->roles = xstrdup("");
	ip->called = true;
	ip->ask = ask;
	ip->called_at = at;
	return ip;
}

/* The people to call: holders of the called roles first (in the plan's
 * holder order, each with the roles held and the location of the role
 * held at the lowest rank), then the others co calls in, then those it
 * asks if safe, both in the plan's order.  skip (may be NULL) is an
 * incident whose people are left out unless it only asked them if safe
 * and they are now called in.  at is when they are added. */
static void people_for(const struct plan *p, const struct crisis_callout *co,
		       const struct incident *skip, int64_t at, struct incident_person **out,
		       size_t *n, struct incident_holder **hout, size_t *nh)
{
	size_t pcap = 0, hcap = 0;
	/* per plan person: 1 + their place in *out, 0 when not there yet */
	size_t *placed = xcalloc(p->n_people + 1, sizeof *placed);
	int64_t *best_rank = xcalloc(p->n_people + 1, sizeof *best_rank);
	struct rules_id_pair *rix = rules_index_ids(p->roles, p->n_roles, sizeof *p->roles,
						    offsetof(struct role, id));
	struct rules_id_pair *pix = rules_index_ids(p->people, p->n_people, sizeof *p->people,
						    offsetof(struct person, id));
	for (size_t i = 0; i < p->n_role_holders; i++) {
		const struct role_holder *h = &p->role_holders[i];
		long ri = rules_find_id(rix, p->n_roles, h->role);
		long pi = rules_find_id(pix, p->n_people, h->person);
		const struct role *r = ri < 0 ? NULL : &p->roles[ri];
		const struct person *pe = pi < 0 ? NULL : &p->people[pi];
		if (!r || !pe || !role_called(p, r, co))
			continue;
		const struct incident_person *had = skip ? incident_person_find(skip, pe->id) : NULL;
		if (had && had->ask == ASK_ASSEMBLE)
			continue;
		*hout = xgrow(*hout, &hcap, *nh + 1, sizeof **hout);
		struct incident_holder *x = &(*hout)[(*nh)++];
		x->role = xstrdup(r->id);
		x->role_name = xstrdup(r->name);
		x->person = xstrdup(pe->id);
		x->rank = h->rank == NO_VALUE ? 0 : h->rank;

		size_t k = (size_t)(pe - p->people);
		if (!placed[k]) {
			struct incident_person *ip = push_person(p, out, n, &pcap, pe, ASK_ASSEMBLE, at);
			placed[k] = *n;
			best_rank[k] = x->rank;
			free(ip->location);
			ip->location = xstrdup(first_location(p, r->id));
			free(ip->roles);
			ip->roles = xstrdup(r->id);
			continue;
		}
		struct incident_person *ip = &(*out)[placed[k] - 1];
		struct buf roles = BUF_INIT;
		buf_adds(&roles, ip->roles);
		crisis_call_add_line(&roles, r->id);
		free(ip->roles);
		ip->roles = buf_detach(&roles);
		if (x->rank < best_rank[k]) {
			best_rank[k] = x->rank;
			free(ip->location);
			ip->location = xstrdup(first_location(p, r->id));
		}
	}
	for (int pass = CRISIS_ASK_ASSEMBLE; co && pass >= CRISIS_ASK_SAFETY; pass--)
		for (size_t k = 0; k < p->n_people && k < co->n_people; k++) {
			if (co->ask[k] != pass || placed[k])
				continue;
			const struct person *pe = &p->people[k];
			enum incident_ask want = pass == CRISIS_ASK_ASSEMBLE ? ASK_ASSEMBLE : ASK_SAFETY;
			const struct incident_person *had = skip ? incident_person_find(skip, pe->id) : NULL;
			if (had && (had->ask == ASK_ASSEMBLE || want == ASK_SAFETY))
				continue;
			push_person(p, out, n, &pcap, pe, want, at);
			placed[k] = *n;
		}
	free(placed);
	free(best_rank);
	free(rix);
	free(pix);
}

/* See crisis.h. */
void crisis_snapshot(const struct plan *p, struct incident *inc, const struct crisis_callout *co)
{
	snapshot_systems(p, inc);
	snapshot_steps(p, inc);
	/* people grows while it is made: an index would point into the old array */
	free(inc->people_by_id);
	inc->people_by_id = NULL;
	people_for(p, co, NULL, NO_VALUE, &inc->people, &inc->n_people, &inc->holders,
		   &inc->n_holders);
	incident_index_people(inc);
}

/* See crisis.h. */
void crisis_people_to_add(const struct plan *p, const struct incident *inc,
			  const struct crisis_callout *co, struct incident_person **out, size_t *n,
			  struct incident_holder **holders, size_t *n_holders)
{
	*out = NULL;
	*n = 0;
	*holders = NULL;
	*n_holders = 0;
	people_for(p, co, inc, NO_VALUE, out, n, holders, n_holders);
}

/* See crisis.h. */
void crisis_people_free(struct incident_person *v, size_t n, struct incident_holder *h, size_t nh)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].person); free(v[i].name); free(v[i].department); free(v[i].location);
		free(v[i].roles);
	}
	for (size_t i = 0; i < nh; i++) {
		free(h[i].role); free(h[i].role_name); free(h[i].person);
	}
	free(v);
	free(h);
}
