/*
 * crisis_criteria.c — the assembly criteria of §2.1.3 as data (crisis.h):
 * whether a JMA report meets a criterion (hazard, threshold, areas), and
 * whom the criteria it meets call in (参集) or ask whether they are safe
 * (安否確認).
 *
 * Areas are lists a planner types (one per line; 、 , ; also separate),
 * compared with what JMA writes after folding full-width letters and
 * digits to ASCII and dropping spaces, so 東京都23区 in a plan matches
 * JMA's 東京都２３区.  An item matches an observed area when it is the
 * area's name or the beginning of it (東京都 matches 東京都２３区), its
 * code, or the prefecture it lies in.  Pure: no I/O.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rules/crisis.h"
#include "rules/rules_internal.h"
#include "util/xalloc.h"

static const char *const tsunami_names[] = { "", "advisory", "warning", "major" };

/* See crisis.h. */
int crisis_tsunami_parse(const char *s)
{
	for (int i = 1; s && i < 4; i++)
		if (strcmp(s, tsunami_names[i]) == 0)
			return i;
	return -1;
}

/* See crisis.h. */
const char *crisis_tsunami_name(int level)
{
	return level >= 1 && level <= 3 ? tsunami_names[level] : "";
}

/* See crisis.h. */
const char *crisis_tsunami_label(int level, enum lang lang)
{
	switch (level) {
	case CRISIS_TSUNAMI_ADVISORY: return L(lang, "津波注意報", "tsunami advisory");
	case CRISIS_TSUNAMI_WARNING: return L(lang, "津波警報", "tsunami warning");
	case CRISIS_TSUNAMI_MAJOR: return L(lang, "大津波警報", "major tsunami warning");
	default: return "";
	}
}

/* See crisis.h. */
enum crisis_hazard crisis_hazard_of(const struct assembly_criterion *c)
{
	return c->hazard && strcmp(c->hazard, "tsunami") == 0 ? HAZARD_TSUNAMI : HAZARD_EARTHQUAKE;
}

/* See crisis.h. */
int crisis_criterion_threshold(const struct assembly_criterion *c)
{
	return crisis_hazard_of(c) == HAZARD_TSUNAMI ? crisis_tsunami_parse(c->min_tsunami)
						     : crisis_intensity_parse(c->min_intensity);
}

/* True for the separators of a list item: newline, 、 ， , ; ；. */
static size_t separator_len(const char *s)
{
	static const char *const seps[] = { "\n", "\r", ",", ";", "、", "，", "；", NULL };
	for (size_t i = 0; seps[i]; i++)
		if (strncmp(s, seps[i], strlen(seps[i])) == 0)
			return strlen(seps[i]);
	return 0;
}

/* See crisis.h. */
bool crisis_list_next(const char **s, char *out, size_t n)
{
	while (**s) {
		size_t k = 0;
		while (**s && !separator_len(*s)) {
			if (k + 1 < n)
				out[k++] = **s;
			(*s)++;
		}
		if (**s)
			*s += separator_len(*s);
		out[k] = '\0';
		/* trim ASCII and ideographic spaces at both ends */
		size_t a = 0;
		while (out[a] == ' ' || out[a] == '\t' || strncmp(out + a, "\u3000", 3) == 0)
			a += out[a] == ' ' || out[a] == '\t' ? 1 : 3;
		while (k > a && (out[k - 1] == ' ' || out[k - 1] == '\t'))
			out[--k] = '\0';
		while (k >= a + 3 && strncmp(out + k - 3, "\u3000", 3) == 0)
			out[k -= 3] = '\0';
		if (a)
			memmove(out, out + a, k - a + 1);
		if (out[0])
			return true;
	}
	return false;
}

/* See crisis.h. */
void crisis_list_join(const char *list, const char *sep, struct buf *out)
{
	const char *s = list ? list : "";
	char item[256];
	bool first = true;
	while (crisis_list_next(&s, item, sizeof item)) {
		if (!first)
			buf_adds(out, sep);
		buf_adds(out, item);
		first = false;
	}
}

/* s folded for comparing area names into out (n bytes): full-width ASCII
 * (U+FF01..U+FF5E) to ASCII, spaces dropped. */
static void fold(const char *s, char *out, size_t n)
{
	size_t k = 0;
	const unsigned char *u = (const unsigned char *)s;
	while (s && *u && k + 1 < n) {
		if (*u == ' ' || *u == '\t') {
			u++;
			continue;
		}
		if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) {
			u += 3;
			continue;
		}
		if (u[0] == 0xef && (u[1] == 0xbc || u[1] == 0xbd) && u[2] >= 0x80 && u[2] <= 0xbf) {
			unsigned cp = 0xff00u + ((u[1] - 0xbcu) << 6) + (u[2] - 0x80u);
			if (cp >= 0xff01 && cp <= 0xff5e) {
				out[k++] = (char)(cp - 0xff01 + 0x21);
				u += 3;
				continue;
			}
		}
		out[k++] = (char)*u++;
	}
	out[k] = '\0';
}

/* True when the folded item names observed area o. */
static bool item_matches(const struct crisis_observed *o, const char *item)
{
	char want[256], have[256];
	fold(item, want, sizeof want);
	if (!want[0])
		return false;
	if (o->code && o->code[0] && strcmp(o->code, want) == 0)
		return true;
	fold(o->name, have, sizeof have);
	if (strncmp(have, want, strlen(want)) == 0)
		return true;
	fold(o->pref, have, sizeof have);
	return have[0] && strcmp(have, want) == 0;
}

/* See crisis.h. */
bool crisis_area_in(const struct crisis_observed *o, const char *areas)
{
	const char *s = areas ? areas : "";
	char item[256];
	bool any = false;
	while (crisis_list_next(&s, item, sizeof item)) {
		any = true;
		if (item_matches(o, item))
			return true;
	}
	return !any; /* an empty list is anywhere */
}

/* The highest level of obs in the list areas at or above min, -1 when
 * none; an empty list is anywhere when empty_is_anywhere (a criterion's),
 * else nowhere (a person's own areas). */
static int level_in(const struct crisis_observed *obs, size_t n, const char *areas, int min,
		    bool empty_is_anywhere)
{
	int best = -1;
	if (!empty_is_anywhere) {
		const char *s = areas ? areas : "";
		char item[256];
		if (!crisis_list_next(&s, item, sizeof item))
			return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (obs[i].level >= min && obs[i].level > best && crisis_area_in(&obs[i], areas))
			best = obs[i].level;
	return best;
}

/* See crisis.h. */
int crisis_criterion_met(const struct assembly_criterion *c, enum crisis_hazard h,
			 const struct crisis_observed *obs, size_t n)
{
	if (!c->automatic || crisis_hazard_of(c) != h)
		return -1;
	int min = crisis_criterion_threshold(c);
	if (min < 0)
		return -1; /* no threshold it can be judged by (a typhoon …) */
	return level_in(obs, n, c->areas, min, true);
}

/* See crisis.h. */
bool crisis_everyone_includes(const struct plan *p, const struct person *pe)
{
	const struct department *d = plan_department(p, pe->department);
	return !d || (strcmp(d->kind, "contractor") != 0 && strcmp(d->kind, "related") != 0);
}

/* See rules_internal.h. */
static int pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rules_id_pair *)a)->id, ((const struct rules_id_pair *)b)->id);
}

/* See rules_internal.h. */
struct rules_id_pair *rules_index_ids(const void *arr, size_t n, size_t size, size_t id_offset)
{
	struct rules_id_pair *v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i].id = *(char *const *)((const char *)arr + i * size + id_offset);
		v[i].pos = i;
	}
	qsort(v, n, sizeof *v, pair_cmp);
	return v;
}

/* See rules_internal.h. */
long rules_find_id(const struct rules_id_pair *v, size_t n, const char *id)
{
	if (!id)
		return -1;
	struct rules_id_pair key = { id, 0 };
	const struct rules_id_pair *hit = bsearch(&key, v, n, sizeof *v, pair_cmp);
	return hit ? (long)hit->pos : -1;
}

/* True when criterion c calls in `who` ("roles" when unset). */
static bool calls(const struct assembly_criterion *c, const char *who)
{
	return strcmp(c->call && *c->call ? c->call : "roles", who) == 0;
}

/* Marks the roles criterion c calls in (role_called, per plan role). */
static void mark_roles(const struct plan *p, const struct assembly_criterion *c,
		       const struct rules_id_pair *roles, unsigned char *role_called)
{
	const char *s = c->roles ? c->roles : "";
	char item[128];
	bool listed = false;
	while (crisis_list_next(&s, item, sizeof item)) {
		long k = rules_find_id(roles, p->n_roles, item);
		listed = true;
		if (k >= 0)
			role_called[k] = 1;
	}
	if (listed && !calls(c, "everyone"))
		return;
	for (size_t k = 0; k < p->n_roles; k++)
		if (strcmp(p->roles[k].structure, "crisis") == 0)
			role_called[k] = 1;
}

/* Raises person i's ask to at least a. */
static void raise_ask(struct crisis_callout *co, size_t i, unsigned char a)
{
	if (co->ask[i] < a)
		co->ask[i] = a;
}

/* See crisis.h. */
void crisis_callout_compute(const struct plan *p, const char *event, enum crisis_hazard h,
			    const struct crisis_observed *obs, size_t n, struct crisis_callout *co)
{
	memset(co, 0, sizeof *co);
	co->level = -1;
	co->n_people = p->n_people;
	co->ask = xcalloc(p->n_people + 1, 1);
	co->n_roles = p->n_roles;
	co->role_called = xcalloc(p->n_roles + 1, 1);
	/* which event: the given one, else that of the first criterion met
	 * in its own areas, else that of the first met in someone's own */
	const char *ev = event;
	for (size_t i = 0; !ev && i < p->n_assembly_criteria; i++)
		if (crisis_criterion_met(&p->assembly_criteria[i], h, obs, n) >= 0)
			ev = p->assembly_criteria[i].event;
	struct rules_id_pair *roles = rules_index_ids(p->roles, p->n_roles, sizeof *p->roles,
					  offsetof(struct role, id));
	struct rules_id_pair *people = rules_index_ids(p->people, p->n_people, sizeof *p->people,
					   offsetof(struct person, id));
	bool any_role = false;
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		if (ev && !rules_same_id(c->event, ev))
			continue;
		int lv = crisis_criterion_met(c, h, obs, n);
		if (lv < 0)
			continue;
		if (!co->criterion)
			co->criterion = c;
		co->event = c->event;
		co->office = true;
		co->n_met++;
		if (lv > co->level)
			co->level = lv;
		if (calls(c, "everyone")) {
			for (size_t k = 0; k < p->n_people; k++)
				if (crisis_everyone_includes(p, &p->people[k]))
					raise_ask(co, k, CRISIS_ASK_ASSEMBLE);
		}
		if (!calls(c, "nobody")) {
			mark_roles(p, c, roles, co->role_called);
			any_role = true;
		}
		if (c->ask_everyone)
			for (size_t k = 0; k < p->n_people; k++)
				if (crisis_everyone_includes(p, &p->people[k]))
					raise_ask(co, k, CRISIS_ASK_SAFETY);
	}
	if (any_role)
		for (size_t k = 0; k < p->n_role_holders; k++) {
			const struct role_holder *rh = &p->role_holders[k];
			long r = rules_find_id(roles, p->n_roles, rh->role);
			long pe = rules_find_id(people, p->n_people, rh->person);
			if (r >= 0 && pe >= 0 && co->role_called[r])
				raise_ask(co, (size_t)pe, CRISIS_ASK_ASSEMBLE);
		}
	/* a person's own areas: an earthquake criterion's threshold met there
	 * asks them whether they are safe */
	for (size_t i = 0; h == HAZARD_EARTHQUAKE && i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *c = &p->assembly_criteria[i];
		int min = crisis_criterion_threshold(c);
		if (!c->automatic || crisis_hazard_of(c) != HAZARD_EARTHQUAKE || min < 0 ||
		    (ev && !rules_same_id(c->event, ev)))
			continue;
		for (size_t k = 0; k < p->n_people; k++) {
			const struct person *pe = &p->people[k];
			if (!pe->own_areas || !pe->own_areas[0] || co->ask[k])
				continue;
			int lv = level_in(obs, n, pe->own_areas, min, false);
			if (lv < 0)
				continue;
			raise_ask(co, k, CRISIS_ASK_SAFETY);
			co->n_own++;
			if (!co->criterion) {
				co->criterion = c;
				co->event = c->event;
				ev = c->event;
			}
			if (lv > co->level)
				co->level = lv;
		}
	}
	free(roles);
	free(people);
}

/* See crisis.h. */
void crisis_callout_release(struct crisis_callout *co)
{
	free(co->ask);
	free(co->role_called);
	memset(co, 0, sizeof *co);
}

/* See crisis.h. */
size_t crisis_callout_count(const struct crisis_callout *co, unsigned char ask)
{
	size_t k = 0;
	for (size_t i = 0; i < co->n_people; i++)
		k += co->ask[i] == ask;
	return k;
}
