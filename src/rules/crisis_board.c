/*
 * crisis_board.c — the state of a running incident at a moment (crisis.h):
 * systems against their deadlines (R7), people against their reports,
 * the answer-rate times and the coverage of every role.
 *
 * Built once per view in O((people + reports) log people): reports are
 * matched to people through an index sorted by person id.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/crisis.h"
#include "util/xalloc.h"

/* See crisis.h. */
int64_t crisis_deadline(const struct incident *inc, const struct incident_system *s)
{
	if (s->rto_hours == NO_VALUE)
		return NO_VALUE;
	return inc->started_at + s->rto_hours * 3600;
}

/* See crisis.h. */
int crisis_rto_achieved(const struct incident *inc, const struct incident_system *s, int64_t now)
{
	int64_t deadline = crisis_deadline(inc, s);
	if (deadline == NO_VALUE)
		return -1;
	if (s->work == WORK_RESTORED && s->restored_at != NO_VALUE)
		return s->restored_at <= deadline ? 1 : 0;
	return now > deadline ? 0 : -1;
}

/* See crisis.h. */
int crisis_rlo_achieved(const struct incident_system *s)
{
	if (s->work != WORK_RESTORED || s->level == NO_VALUE)
		return -1;
	if (s->rlo_percent == NO_VALUE)
		return s->level >= 100 ? 1 : 0; /* no RLO in numbers: full recovery */
	return s->level >= s->rlo_percent ? 1 : 0;
}

/* See crisis.h. */
bool crisis_step_late(const struct incident_step *s, int64_t now)
{
	if (s->due_at == NO_VALUE)
		return false;
	if (s->state == STEP_DONE && s->done_at != NO_VALUE)
		return s->done_at > s->due_at;
	return now > s->due_at;
}

/* See crisis.h. */
int64_t crisis_answer_time(const int64_t *first_times, size_t n_answered, size_t n_called,
			   int percent)
{
	if (n_called == 0 || percent <= 0)
		return NO_VALUE;
	size_t k = (n_called * (size_t)percent + 99) / 100; /* ceil */
	if (k == 0)
		k = 1;
	if (k > n_answered)
		return NO_VALUE;
	return first_times[k - 1];
}

/* See crisis.h. */
const char *coverage_name(enum coverage c)
{
	static const char *const n[] = { "primary", "deputy", "none" };
	return c >= COVER_PRIMARY && c <= COVER_NONE ? n[c] : "?";
}

/* See crisis.h. */
const char *presence_name(enum presence p)
{
	static const char *const n[] = { "silent", "on_site", "on_the_way", "online", "unavailable" };
	return p >= 0 && p < PRESENCE_COUNT ? n[p] : "?";
}

/* Sorting helpers (thread-safe: no globals): people by id, times
 * ascending, systems by tier. */
static int by_person_id(const void *a, const void *b)
{
	const struct incident_person *const *x = a, *const *y = b;
	return strcmp((*x)->person, (*y)->person);
}
static int by_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}
static int by_tier(const void *a, const void *b)
{
	const struct crisis_system_state *x = a, *y = b;
	int tx = x->s->tier == TIER_NONE ? TIER_COUNT : (int)x->s->tier;
	int ty = y->s->tier == TIER_NONE ? TIER_COUNT : (int)y->s->tier;
	if (tx != ty)
		return tx - ty;
	return (x->s->pos > y->s->pos) - (x->s->pos < y->s->pos);
}

/* The index in inc->people of person id, or -1 (binary search). */
static long find_person(const struct incident *inc, const struct incident_person **idx,
			const char *id)
{
	size_t lo = 0, hi = inc->n_people;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(idx[mid]->person, id);
		if (c == 0)
			return (long)(idx[mid] - inc->people);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The group with key in the list, appended when new. */
static struct crisis_group *group_for(struct crisis_group **v, size_t *n, size_t *cap,
				      const char *key, const char *name)
{
	/* The last group first: holders and people come in the plan's order,
	 * which keeps a role's holders and a location's people together. */
	for (size_t i = *n; i-- > 0;)
		if (strcmp((*v)[i].key, key) == 0)
			return &(*v)[i];
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	struct crisis_group *g = &(*v)[(*n)++];
	memset(g, 0, sizeof *g);
	g->key = key;
	g->name = name;
	g->cover = COVER_NONE;
	return g;
}

/* Adds person state ps to group g's counts. */
static void count_in(struct crisis_group *g, const struct crisis_person_state *ps)
{
	if (!ps->person->called || ps->person->ask != ASK_ASSEMBLE)
		return;
	g->called++;
	g->presence[ps->presence]++;
	if (!ps->latest)
		return;
	g->answered++;
	switch (ps->latest->status) {
	case CHECKIN_SAFE: g->safe++; break;
	case CHECKIN_INJURED: g->injured++; break;
	default: g->cannot_act++; break;
	}
}

/* Where a person stands given their latest report. */
static void person_presence(struct crisis_person_state *ps, int64_t now)
{
	const struct checkin *c = ps->latest;
	ps->available = false;
	if (!c) {
		ps->presence = PRESENCE_SILENT;
		return;
	}
	if (c->status == CHECKIN_CANNOT_ACT || c->assembly == ASSEMBLY_NO) {
		ps->presence = PRESENCE_UNAVAILABLE;
		return;
	}
	ps->available = true;
	if (c->assembly == ASSEMBLY_ONLINE)
		ps->presence = PRESENCE_ONLINE;
	else if (c->eta != NO_VALUE && c->eta > now)
		ps->presence = PRESENCE_ON_THE_WAY;
	else
		ps->presence = PRESENCE_ON_SITE;
}

/* People, locations, answer rates. */
static void board_people(const struct incident *inc, int64_t now, struct crisis_board *b)
{
	const struct incident_person **idx = xcalloc(inc->n_people + 1, sizeof *idx);
	for (size_t i = 0; i < inc->n_people; i++)
		idx[i] = &inc->people[i];
	qsort(idx, inc->n_people, sizeof *idx, by_person_id);
	b->people = xcalloc(inc->n_people + 1, sizeof *b->people);
	b->n_people = inc->n_people;
	for (size_t i = 0; i < inc->n_people; i++) {
		b->people[i].person = &inc->people[i];
		b->people[i].first_at = NO_VALUE;
	}
	for (size_t k = 0; k < inc->n_checkins; k++) {
		const struct checkin *c = &inc->checkins[k];
		long i = find_person(inc, idx, c->person);
		if (i < 0)
			continue;
		struct crisis_person_state *ps = &b->people[i];
		if (!ps->latest || c->id > ps->latest->id)
			ps->latest = c;
		if (ps->first_at == NO_VALUE || c->at < ps->first_at)
			ps->first_at = c->at;
	}
	free(idx);

	int64_t *firsts = xcalloc(inc->n_people + 1, sizeof *firsts);
	int64_t *asked_firsts = xcalloc(inc->n_people + 1, sizeof *asked_firsts);
	size_t nf = 0, na = 0, cap = 0;
	for (size_t i = 0; i < b->n_people; i++) {
		struct crisis_person_state *ps = &b->people[i];
		person_presence(ps, now);
		if (!ps->person->called)
			continue;
		if (ps->person->ask == ASK_SAFETY) {
			/* asked if safe, not called in: a population of its own */
			b->asked++;
			if (!ps->latest)
				continue;
			b->asked_answered++;
			asked_firsts[na++] = ps->first_at;
			if (ps->latest->status == CHECKIN_SAFE)
				b->asked_safe++;
			else if (ps->latest->status == CHECKIN_INJURED)
				b->asked_injured++;
			else
				b->asked_cannot_act++;
			continue;
		}
		b->called++;
		if (ps->latest) {
			b->answered++;
			firsts[nf++] = ps->first_at;
		}
		count_in(group_for(&b->locations, &b->n_locations, &cap, ps->person->location,
				   ps->person->location),
			 ps);
	}
	qsort(firsts, nf, sizeof *firsts, by_time);
	static const int pct[3] = { 25, 50, 75 };
	qsort(asked_firsts, na, sizeof *asked_firsts, by_time);
	for (int k = 0; k < 3; k++) {
		b->answer_at[k] = crisis_answer_time(firsts, nf, b->called, pct[k]);
		b->asked_answer_at[k] = crisis_answer_time(asked_firsts, na, b->asked, pct[k]);
	}
	free(firsts);
	free(asked_firsts);
}

/* Per role: counts and who covers it (primary, else the lowest-ranked
 * available deputy). */
static void board_roles(const struct incident *inc, struct crisis_board *b)
{
	size_t cap = 0;
	for (size_t i = 0; i < inc->n_holders; i++) {
		const struct incident_holder *h = &inc->holders[i];
		struct crisis_group *g = group_for(&b->roles, &b->n_roles, &cap, h->role, h->role_name);
		const struct incident_person *p = incident_person_find(inc, h->person);
		if (!p)
			continue;
		const struct crisis_person_state *ps = &b->people[p - inc->people];
		count_in(g, ps);
		if (!ps->available)
			continue;
		enum coverage c = h->rank == 0 ? COVER_PRIMARY : COVER_DEPUTY;
		/* The best coverage wins; among deputies the lowest rank. */
		if (c < g->cover ||
		    (c == COVER_DEPUTY && g->cover == COVER_DEPUTY && h->rank < g->cover_rank)) {
			g->cover = c;
			g->cover_person = h->person;
			g->cover_rank = h->rank;
		}
	}
}

/* See crisis.h. */
void crisis_board_compute(const struct incident *inc, int64_t now, struct crisis_board *b)
{
	memset(b, 0, sizeof *b);
	b->now = now;
	b->elapsed = now - inc->started_at;
	b->systems = xcalloc(inc->n_systems + 1, sizeof *b->systems);
	b->n_systems = inc->n_systems;
	for (size_t i = 0; i < inc->n_systems; i++) {
		const struct incident_system *s = &inc->systems[i];
		struct crisis_system_state *x = &b->systems[i];
		x->s = s;
		x->deadline = crisis_deadline(inc, s);
		x->left = x->deadline == NO_VALUE ? NO_VALUE : x->deadline - now;
		bool restored = s->work == WORK_RESTORED && s->restored_at != NO_VALUE;
		x->recovery = restored ? s->restored_at - inc->started_at : NO_VALUE;
		x->overdue = !restored && x->deadline != NO_VALUE && now > x->deadline;
		x->rto_ok = crisis_rto_achieved(inc, s, now);
		x->rlo_ok = crisis_rlo_achieved(s);
	}
	qsort(b->systems, b->n_systems, sizeof *b->systems, by_tier);
	board_people(inc, now, b);
	board_roles(inc, b);
	for (size_t i = 0; i < inc->n_steps; i++) {
		if (inc->steps[i].state == STEP_DONE)
			b->steps_done++;
		else if (inc->steps[i].state == STEP_STARTED)
			b->steps_started++;
	}
}

/* See crisis.h. */
void crisis_board_release(struct crisis_board *b)
{
	free(b->systems);
	free(b->people);
	free(b->locations);
	free(b->roles);
	memset(b, 0, sizeof *b);
}
