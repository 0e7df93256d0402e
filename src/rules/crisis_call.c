/*
 * crisis_call.c — who and what an incident runs on (crisis.h): JMA
 * seismic intensities, the assembly criteria of §2.1.3, the procedure of
 * §2.3.1 for the time variant, and the snapshot taken at start.
 */
#include <stdio.h>
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
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		if (!c->automatic || !rules_same_id(c->event, event))
			continue;
		int min = crisis_intensity_parse(c->min_intensity);
		if (min < 0)
			continue; /* an automatic criterion we cannot judge (typhoon …) */
		for (size_t k = 0; k < n_areas; k++)
			if (areas[k].intensity >= min && crisis_area_matches(areas[k].name, c->area))
				return c;
	}
	return NULL;
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
static void add_line(struct buf *b, const char *line)
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
			add_line(&roles, p->step_roles[k].role);
			add_line(&names, r ? r->name : p->step_roles[k].role);
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

/* Holders of crisis roles and the people they are. */
static void snapshot_people(const struct plan *p, struct incident *inc)
{
	size_t hcap = 0, pcap = 0;
	int64_t *best_rank = NULL;
	/* people grows below: an index would point into the old array */
	free(inc->people_by_id);
	inc->people_by_id = NULL;
	size_t rcap = 0;
	for (size_t i = 0; i < p->n_role_holders; i++) {
		const struct role_holder *h = &p->role_holders[i];
		const struct role *r = plan_role(p, h->role);
		const struct person *pe = plan_person(p, h->person);
		if (!r || !pe || strcmp(r->structure, "crisis") != 0)
			continue;
		inc->holders = xgrow(inc->holders, &hcap, inc->n_holders + 1, sizeof *inc->holders);
		struct incident_holder *x = &inc->holders[inc->n_holders++];
		x->role = xstrdup(r->id);
		x->role_name = xstrdup(r->name);
		x->person = xstrdup(pe->id);
		x->rank = h->rank == NO_VALUE ? 0 : h->rank;

		struct incident_person *ip = incident_person_find(inc, pe->id);
		if (!ip) {
			const struct department *d = plan_department(p, pe->department);
			inc->people = xgrow(inc->people, &pcap, inc->n_people + 1, sizeof *inc->people);
			best_rank = xgrow(best_rank, &rcap, inc->n_people + 1, sizeof *best_rank);
			ip = &inc->people[inc->n_people];
			best_rank[inc->n_people++] = x->rank;
			ip->person = xstrdup(pe->id);
			ip->name = xstrdup(pe->name);
			ip->department = xstrdup(d ? d->name : "");
			ip->location = xstrdup(first_location(p, r->id));
			ip->roles = xstrdup(r->id);
			ip->called = true;
			continue;
		}
		size_t idx = (size_t)(ip - inc->people);
		struct buf roles = BUF_INIT;
		buf_adds(&roles, ip->roles);
		add_line(&roles, r->id);
		free(ip->roles);
		ip->roles = buf_detach(&roles);
		if (x->rank < best_rank[idx]) {
			best_rank[idx] = x->rank;
			free(ip->location);
			ip->location = xstrdup(first_location(p, r->id));
		}
	}
	free(best_rank);
	incident_index_people(inc);
}

/* See crisis.h. */
void crisis_snapshot(const struct plan *p, struct incident *inc)
{
	snapshot_systems(p, inc);
	snapshot_steps(p, inc);
	snapshot_people(p, inc);
}
