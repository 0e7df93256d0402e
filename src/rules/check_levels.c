/*
 * check_levels.c — checks on countermeasure levels (§3.1, §3.2, R3–R5):
 * checks 8–10 of plan_check().
 *
 * Each function is one check; its comment gives the § and why the severity
 * is what it is.  Shared helpers and the run's indexes: check_internal.h.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "rules/check_internal.h"
#include "util/lang.h"
#include "util/xalloc.h"

/* The name "system / event / component" of an assessment key, in ja or en. */
static char *triple_name(const struct system *s, const struct event_type *e,
			 const struct component *k, enum lang lang)
{
	if (lang == LANG_EN)
		return check_strf("%s / %s / %s", s->name, check_name_en(e->name, e->name_en),
				  check_name_en(k->name, k->name_en));
	return check_strf("%s / %s / %s", s->name, e->name, k->name);
}

/* 8. §3.1: each in-scope system with a tier needs a current-level
 * assessment for every event and component its tier has a target for.
 * Warning: the risk is unknown, not known to be open. */
void check_assessments(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index have = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_assessments; i++) {
		const struct assessment *a = &p->assessments[i];
		check_ix_add(&have, i, a->system, a->event, a->component);
	}
	check_ix_sort(&have);
	for (size_t i = 0; i < p->n_systems; i++) {
		const struct system *s = &p->systems[i];
		enum tier t = c->rto[i].tier;
		if (!s->in_scope || t == TIER_NONE)
			continue;
		for (size_t j = 0; j < p->n_events; j++) {
			const struct event_type *e = &p->events[j];
			for (size_t k = 0; k < p->n_components; k++) {
				const struct component *m = &p->components[k];
				if (target_level(p, e->id, m->id, t) == NO_VALUE ||
				    check_ix_find(&have, 3, s->id, e->id, m->id) != CHECK_NOT_FOUND)
					continue;
				char *ja = triple_name(s, e, m, LANG_JA),
				     *en = triple_name(s, e, m, LANG_EN);
				check_add(
					c, SEV_WARNING, "assessment-missing", "§3.1",
					check_strf("assessments/%s/%s/%s", s->id, e->id, m->id), ja,
					check_strf(
						"%s: 現状の対策レベルが評価されていません（ティア%sの目標レベルがあります）",
						ja, tier_name(t)),
					check_strf(
						"%s: the current level is not assessed (tier %s has a target level)",
						en, tier_name(t)));
				free(ja);
				free(en);
			}
		}
	}
	check_ix_release(&have);
}

/* qsort order of gaps: their assessments' plan order. */
static int gap_cmp_plan(const void *va, const void *vb)
{
	const struct gap *a = va, *b = vb;
	return (a->assessment > b->assessment) - (a->assessment < b->assessment);
}

/* 9. §3.2: an open risk (positive gap, R4) that no countermeasure item
 * of the system addresses for that event and component.  Warning: the
 * agency may accept the risk, but should say so. */
void check_open_gaps(struct check_ctx *c)
{
	struct gap_list gaps = GAP_LIST_INIT;
	gaps_compute(c->p, true, &gaps);
	if (gaps.n)
		qsort(gaps.v, gaps.n, sizeof *gaps.v, gap_cmp_plan);
	for (size_t i = 0; i < gaps.n; i++) {
		const struct gap *g = &gaps.v[i];
		if (g->gap <= 0 || check_ix_find(&c->items, 3, g->system->id, g->event->id,
						 g->component->id) != CHECK_NOT_FOUND)
			continue;
		char *ja = triple_name(g->system, g->event, g->component, LANG_JA);
		char *en = triple_name(g->system, g->event, g->component, LANG_EN);
		check_add(c, SEV_WARNING, "gap-no-countermeasure", "§3.2",
			  check_strf("assessments/%s/%s/%s", g->system->id, g->event->id,
				     g->component->id),
			  ja,
			  check_strf("%s: 現状レベル%" PRId64 "が目標レベル%" PRId64
				     "に届かず（差%" PRId64 "）、これに対する事前対策がありません",
				     ja, g->current, g->target, g->gap),
			  check_strf("%s: current level %" PRId64 " is short of target %" PRId64
				     " (gap %" PRId64 ") and no countermeasure addresses it",
				     en, g->current, g->target, g->gap));
		free(ja);
		free(en);
	}
	gap_list_release(&gaps);
}

/* "system ステップn / event / component" for an item, in ja or en. */
static char *item_name(const struct check_ctx *c, const struct countermeasure_item *it,
		       const struct countermeasure_step *st, enum lang lang)
{
	const struct system *s = check_system_of(c, st->system);
	const struct event_type *e = plan_event(c->p, it->event);
	const struct component *k = plan_component(c->p, it->component);
	const char *ename =
		e ? (lang == LANG_EN ? check_name_en(e->name, e->name_en) : e->name) : it->event;
	const char *kname = k ? (lang == LANG_EN ? check_name_en(k->name, k->name_en) : k->name)
			      : it->component;
	return check_strf(lang == LANG_EN ? "%s step %" PRId64 " / %s / %s"
					  : "%s ステップ%" PRId64 " / %s / %s",
			  s ? s->name : st->system, st->no, ename ? ename : "", kname ? kname : "");
}

/* 10a. R5, §3.2: a step cannot lower a level.  Error: the table of
 * 表3.2-2 contradicts itself. */
void check_item_levels(struct check_ctx *c)
{
	const struct plan *p = c->p;
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		const struct countermeasure_step *st = check_step_of(c, it->step);
		if (!st || it->level == NO_VALUE)
			continue;
		int64_t before = level_before_step(p, st, it->event, it->component);
		if (before == NO_VALUE || it->level >= before)
			continue;
		char *ja = item_name(c, it, st, LANG_JA), *en = item_name(c, it, st, LANG_EN);
		check_add(c, SEV_ERROR, "item-lowers-level", "§3.2",
			  check_strf("countermeasure_items/%s", it->id), ja,
			  check_strf("%s: 対策レベルを%" PRId64 "から%" PRId64
				     "に下げています（ステップはレベルを下げられません）",
				     ja, before, it->level),
			  check_strf("%s: lowers the level from %" PRId64 " to %" PRId64
				     " (a step cannot lower a level)",
				     en, before, it->level));
		free(ja);
		free(en);
	}
}

/* 10b. §3.2: after a system's last step (highest no), each component its
 * steps work on should be at its target.  Warning: a later step may still
 * be unwritten.  One finding per system × event × component, in the plan
 * order of the first item on it. */
void check_last_steps(struct check_ctx *c)
{
	const struct plan *p = c->p;
	size_t *last = xmalloc((p->n_systems ? p->n_systems : 1) * sizeof *last);
	for (size_t i = 0; i < p->n_systems; i++)
		last[i] = CHECK_NOT_FOUND;
	for (size_t i = 0; i < p->n_countermeasure_steps; i++) {
		const struct system *s = check_system_of(c, p->countermeasure_steps[i].system);
		size_t *l = s ? &last[check_sys_ix(c, s)] : NULL;
		if (l && (*l == CHECK_NOT_FOUND ||
			  p->countermeasure_steps[*l].no <= p->countermeasure_steps[i].no))
			*l = i;
	}
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		const struct system *s = check_item_system(c, it);
		size_t from, to;
		if (!s || !s->in_scope || c->rto[check_sys_ix(c, s)].tier == TIER_NONE)
			continue;
		check_ix_range(&c->items, 3, s->id, it->event, it->component, &from, &to);
		if (from == to || c->items.v[from].i != i)
			continue; /* not the first item on this component */
		const struct countermeasure_step *st =
			&p->countermeasure_steps[last[check_sys_ix(c, s)]];
		int64_t target =
			target_level(p, it->event, it->component, c->rto[check_sys_ix(c, s)].tier);
		int64_t after = level_before_step(p, st, it->event, it->component);
		for (size_t j = from; j < to; j++) {
			const struct countermeasure_item *o =
				&p->countermeasure_items[c->items.v[j].i];
			if (check_key_cmp(o->step, st->id) == 0 && o->level > after)
				after = o->level;
		}
		if (target == NO_VALUE || after == NO_VALUE || after >= target)
			continue;
		char *ja = item_name(c, it, st, LANG_JA), *en = item_name(c, it, st, LANG_EN);
		char *name = check_strf("%s ステップ%" PRId64, s->name, st->no);
		check_add(c, SEV_WARNING, "last-step-short", "§3.2",
			  check_strf("countermeasure_steps/%s", st->id), name,
			  check_strf("%s: 最終ステップ後もレベル%" PRId64 "で、目標レベル%" PRId64
				     "に届きません",
				     ja, after, target),
			  check_strf("%s: still at level %" PRId64
				     " after the last step, short of target %" PRId64,
				     en, after, target));
		free(ja);
		free(en);
		free(name);
	}
	free(last);
}
