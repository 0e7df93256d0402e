/*
 * check_systems.c — checks on the systems in scope and their RTO
 * (§1.3, §5.3, 別表1): checks 1–3, 13 and 14 of plan_check().
 *
 * Each function is one check; its comment gives the § and why the severity
 * is what it is.  Shared helpers and the run's indexes: check_internal.h.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "rules/check_internal.h"

/* 1. §5.3: an in-scope system needs an RTO, derived by R1 or overridden.
 * Error: without one it has no tier, no target levels, no crisis deadline. */
void check_system_rto(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index links = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_business_systems; i++)
		check_ix_add(&links, i, p->business_systems[i].system, NULL, NULL);
	check_ix_sort(&links);
	for (size_t i = 0; i < p->n_systems; i++) {
		const struct system *s = &p->systems[i];
		if (!s->in_scope || c->rto[i].hours != NO_VALUE)
			continue;
		bool linked = check_ix_find(&links, 1, s->id, NULL, NULL) != CHECK_NOT_FOUND;
		check_add(
			c, SEV_ERROR, "system-no-rto", "§5.3", check_strf("systems/%s", s->id),
			s->name,
			check_strf("%s: RTOが設定されていません（%s）", s->name,
				   linked ? "利用する業務にRTOがなく、上書きもありません"
					  : "業務との関連も上書きもありません"),
			check_strf(
				"%s: no RTO is set (%s)", s->name,
				linked ? "the businesses using it have no RTO and there is no override"
				       : "no business uses it and there is no override"));
	}
	check_ix_release(&links);
}

/* 2. 別表1 / §5.3(1): a priority business that uses no system gives no
 * system its RTO.  Warning: some businesses really run without IT. */
void check_business_systems(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index links = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_business_systems; i++)
		check_ix_add(&links, i, p->business_systems[i].business, NULL, NULL);
	check_ix_sort(&links);
	for (size_t i = 0; i < p->n_businesses; i++) {
		const struct business *b = &p->businesses[i];
		if (check_ix_find(&links, 1, b->id, NULL, NULL) != CHECK_NOT_FOUND)
			continue;
		check_add(
			c, SEV_WARNING, "business-no-system", "別表1",
			check_strf("businesses/%s", b->id), b->name,
			check_strf(
				"%s: 利用する情報システムが登録されていません（別表1に●がありません）",
				b->name),
			check_strf("%s: uses no information system (no ● in appendix table 1)",
				   b->name));
	}
	check_ix_release(&links);
}

/* 3. §5.3: an in-scope system cannot come back before a system it depends
 * on.  Error when its RTO is shorter (the plan promises the impossible);
 * warning when the dependency is out of scope (§1.3: nobody plans its
 * recovery). */
void check_dependencies(struct check_ctx *c)
{
	const struct plan *p = c->p;
	for (size_t i = 0; i < p->n_system_dependencies; i++) {
		const struct system_dependency *d = &p->system_dependencies[i];
		const struct system *s = check_system_of(c, d->system),
				    *t = check_system_of(c, d->depends_on);
		if (!s || !t || s == t || !s->in_scope)
			continue;
		const struct system_rto *rs = &c->rto[check_sys_ix(c, s)],
					*rt = &c->rto[check_sys_ix(c, t)];
		char *name = check_strf("%s → %s", s->name, t->name);
		char *el = check_strf("system_dependencies/%s/%s", s->id, t->id);
		if (!t->in_scope) {
			check_add(
				c, SEV_WARNING, "dependency-out-of-scope", "§1.3", el, name,
				check_strf(
					"%s: 依存先の%sが計画の対象範囲外で、その復旧が計画されていません",
					name, t->name),
				check_strf(
					"%s: %s, which it depends on, is out of the plan's scope; "
					"nothing plans its recovery",
					name, t->name));
		} else if (rs->hours != NO_VALUE && rt->hours != NO_VALUE &&
			   rs->hours < rt->hours) {
			check_add(c, SEV_ERROR, "dependency-rto-order", "§5.3", el, name,
				  check_strf("%s: %sのRTO（%" PRId64
					     "時間）が依存先の%sのRTO（%" PRId64
					     "時間）より短く、依存先より先には復旧できません",
					     name, s->name, rs->hours, t->name, rt->hours),
				  check_strf("%s: the RTO of %s (%" PRId64
					     " h) is shorter than that of %s "
					     "(%" PRId64
					     " h), which it depends on; it cannot come back first",
					     name, s->name, rs->hours, t->name, rt->hours));
		} else {
			free(el);
		}
		free(name);
	}
}

/* 13. §5.3: an RTO or tier override needs its stated reason (R1, R2).
 * Warning: the value stands, but a reviewer cannot judge it. */
void check_override_reasons(struct check_ctx *c)
{
	const struct plan *p = c->p;
	for (size_t i = 0; i < p->n_systems; i++) {
		const struct system *s = &p->systems[i];
		if (s->rto_override_hours != NO_VALUE && check_blank(s->rto_override_reason))
			check_add(c, SEV_WARNING, "rto-override-no-reason", "§5.3",
				  check_strf("systems/%s", s->id), s->name,
				  check_strf("%s: RTOの上書き（%" PRId64 "時間）に理由がありません",
					     s->name, s->rto_override_hours),
				  check_strf("%s: the RTO override (%" PRId64 " h) has no reason",
					     s->name, s->rto_override_hours));
		if (!check_blank(s->tier_override) && check_blank(s->tier_override_reason))
			check_add(c, SEV_WARNING, "tier-override-no-reason", "§5.3",
				  check_strf("systems/%s", s->id), s->name,
				  check_strf("%s: 優先度ティアの上書き（%s）に理由がありません",
					     s->name, s->tier_override),
				  check_strf("%s: the tier override (%s) has no reason", s->name,
					     s->tier_override));
	}
}

/* 14. §1.3 表1.3-1: an in-scope system names its managing department.
 * Info: the plan works without it, the table shows a blank. */
void check_system_departments(struct check_ctx *c)
{
	const struct plan *p = c->p;
	for (size_t i = 0; i < p->n_systems; i++) {
		const struct system *s = &p->systems[i];
		if (s->in_scope && !s->department)
			check_add(
				c, SEV_INFO, "system-no-department", "§1.3",
				check_strf("systems/%s", s->id), s->name,
				check_strf("%s: 運用管理主体（部局）が設定されていません", s->name),
				check_strf("%s: no managing department is set", s->name));
	}
}
