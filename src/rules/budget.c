/*
 * budget.c — budget roll-ups of the pre-countermeasure plan (R5, §3.2,
 * 表3.2-2): per step, per fiscal year, per department.
 *
 * Each countermeasure item carries its budget in thousand yen (千円), or
 * NO_VALUE while it is not yet known; such an item is counted in the
 * line's `unknown`, never in its total.  grand_total_kyen is the sum of
 * the lines' totals, so an item that falls in no line (a step that does
 * not exist, by step) is in neither.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rules/rules_internal.h"
#include "util/xalloc.h"

/* The fiscal year of an item's spend: its own, else its step's fy_from. */
int64_t countermeasure_item_fy(const struct plan *p, const struct countermeasure_item *it)
{
	if (it->fy != NO_VALUE)
		return it->fy;
	const struct countermeasure_step *st = plan_countermeasure_step(p, it->step);
	return st ? st->fy_from : NO_VALUE;
}

/* Appends an empty line (no key, fy NO_VALUE) to l and returns it. */
static struct budget_line *add_line(struct budget_list *l)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	struct budget_line *ln = &l->v[l->n++];
	*ln = (struct budget_line){ .key = "", .fy = NO_VALUE };
	return ln;
}

/* Counts item it in line ln. */
static void count_item(struct budget_line *ln, const struct countermeasure_item *it)
{
	ln->items++;
	if (it->budget_kyen == NO_VALUE)
		ln->unknown++;
	else
		ln->total_kyen += it->budget_kyen;
}

/* One line per step in plan order, steps without items included. */
static void by_step(const struct plan *p, struct budget_list *out)
{
	for (size_t i = 0; i < p->n_countermeasure_steps; i++) {
		struct budget_line *ln = add_line(out);
		ln->step = &p->countermeasure_steps[i];
		ln->key = ln->step->id;
	}
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		const struct countermeasure_step *st = plan_countermeasure_step(p, it->step);
		if (st)
			count_item(&out->v[st - p->countermeasure_steps], it);
	}
}

/* One line per department owning at least one item, in plan order, then
 * one line with key "" and department NULL for the items without an owner
 * (or whose owner names no department), when there are any. */
static void by_department(const struct plan *p, struct budget_list *out)
{
	for (size_t i = 0; i <= p->n_departments; i++) {
		struct budget_line *ln = add_line(out);
		if (i < p->n_departments) {
			ln->department = &p->departments[i];
			ln->key = ln->department->id;
		}
	}
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		const struct department *d = plan_department(p, it->owner);
		count_item(&out->v[d ? (size_t)(d - p->departments) : p->n_departments], it);
	}
	size_t n = 0;
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].items)
			out->v[n++] = out->v[i];
	out->n = n;
}

/* qsort order of fiscal-year lines: ascending, the unknown year last. */
static int fy_cmp(const void *va, const void *vb)
{
	const struct budget_line *a = va, *b = vb;
	if (a->fy == b->fy)
		return 0;
	if (a->fy == NO_VALUE || b->fy == NO_VALUE)
		return a->fy == NO_VALUE ? 1 : -1;
	return a->fy < b->fy ? -1 : 1;
}

/* One line per fiscal year that has items (countermeasure_item_fy), in
 * ascending order; items whose year is unknown last, under key "" with
 * fy NO_VALUE.  Keys point into the lines' fy_key, set once the array no
 * longer moves. */
static void by_fy(const struct plan *p, struct budget_list *out)
{
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		int64_t fy = countermeasure_item_fy(p, it);
		struct budget_line *ln = NULL;
		for (size_t j = 0; j < out->n && !ln; j++)
			if (out->v[j].fy == fy)
				ln = &out->v[j];
		if (!ln) {
			ln = add_line(out);
			ln->fy = fy;
		}
		count_item(ln, it);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, fy_cmp);
	for (size_t i = 0; i < out->n; i++) {
		struct budget_line *ln = &out->v[i];
		if (ln->fy != NO_VALUE)
			snprintf(ln->fy_key, sizeof ln->fy_key, "%lld", (long long)ln->fy);
		ln->key = ln->fy_key;
	}
}

/* R5 roll-up (see rules.h).  out's previous lines are dropped, its memory
 * kept. */
void budget_compute(const struct plan *p, enum budget_by by, struct budget_list *out)
{
	out->n = 0;
	out->grand_total_kyen = 0;
	switch (by) {
	case BUDGET_BY_STEP:
		by_step(p, out);
		break;
	case BUDGET_BY_FY:
		by_fy(p, out);
		break;
	case BUDGET_BY_DEPARTMENT:
		by_department(p, out);
		break;
	}
	for (size_t i = 0; i < out->n; i++)
		out->grand_total_kyen += out->v[i].total_kyen;
}

/* Frees the lines; l is empty and reusable after. */
void budget_list_release(struct budget_list *l)
{
	free(l->v);
	*l = (struct budget_list)BUDGET_LIST_INIT;
}
