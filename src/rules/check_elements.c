/*
 * check_elements.c — check 18: the element rules (element_rules.c) over
 * the stored plan.  Every door refuses an element that breaks them, but a
 * plan imported before a rule existed (tier thresholds out of order, a
 * step whose last fiscal year precedes its first) may hold one; `check`
 * says so, so that the planner mends it in the editor.
 *
 * Error: with thresholds out of order R2 gives the wrong tier (S = 100 h,
 * A = 24 h makes 24, 72 and 73 h all tier S), and a reversed step has no
 * year to be carried out in.  The override reasons are check 13's
 * (warnings, check_systems.c), not repeated here.
 */
#include <stdlib.h>

#include "model/schema.h"
#include "rules/check_internal.h"
#include "rules/element_rules.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct sink {
	struct check_ctx *c;
	const struct entity_def *e;
	const void *elem;
};

/* The § of each rule's finding; NULL for rules another check reports. */
static const char *section_of(const char *code)
{
	if (strcmp(code, "tier-thresholds-order") == 0)
		return "§5.3";
	if (strcmp(code, "step-fy-order") == 0)
		return "§3.2";
	return NULL;
}

/* The code strings outlive the run: element_rules.c's literals. */
static void add(void *arg, const char *code, const char *field, const char *ja, const char *en)
{
	(void)field;
	struct sink *k = arg;
	const char *section = section_of(code);
	if (!section)
		return;
	struct buf el = BUF_INIT, name = BUF_INIT;
	buf_adds(&el, k->e->key);
	if (k->e != &schema_organisation) {
		buf_addc(&el, '/');
		schema_element_key(k->e, k->elem, &el);
		const struct field_def *f = schema_field(k->e, "name");
		const char *n = f ? *(char *const *)FIELD_PTR(k->elem, f) : NULL;
		if (n && *n)
			buf_adds(&name, n);
		else
			schema_element_key(k->e, k->elem, &name);
	} else {
		const struct organisation *o = k->elem;
		buf_adds(&name, o->name ? o->name : "");
	}
	check_add(k->c, SEV_ERROR, code, section, buf_detach(&el), name.data,
		  check_strf("%s: %s", name.data, ja), check_strf("%s: %s", name.data, en));
	buf_release(&name);
}

/* 18. Every element rule on every element of the plan. */
void check_element_rules(struct check_ctx *c)
{
	struct sink k = { c, &schema_organisation, &c->p->organisation };
	element_rules_check(&schema_organisation, &c->p->organisation, add, &k);
	for (size_t j = 0; j < schema_n_entities; j++) {
		const struct entity_def *e = &schema_entities[j];
		size_t n = schema_count(e, c->p);
		for (size_t i = 0; i < n; i++) {
			k = (struct sink){ c, e, schema_element(e, c->p, i) };
			element_rules_check(e, k.elem, add, &k);
		}
	}
}
