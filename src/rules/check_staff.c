/*
 * check_staff.c — checks on people, roles and the response (§1.4, §2):
 * checks 4–7 of plan_check().
 *
 * Each function is one check; its comment gives the § and why the severity
 * is what it is.  Shared helpers and the run's indexes: check_internal.h.
 */
#include <stdlib.h>

#include "rules/check_internal.h"
#include "rules/crisis.h"
#include "util/buf.h"

/* Whether the holders [from, to) of one role include a deputy: a holder of
 * rank >= 1 who is not also a primary (rank 0) holder of the role. */
static bool has_deputy(const struct check_ctx *c, size_t from, size_t to)
{
	for (size_t j = from; j < to; j++) {
		const struct role_holder *h = &c->p->role_holders[c->holders.v[j].i];
		if (h->rank < 1)
			continue;
		bool also_primary = false;
		for (size_t k = from; k < to; k++) {
			const struct role_holder *g = &c->p->role_holders[c->holders.v[k].i];
			if (g->rank == 0 && check_key_cmp(g->person, h->person) == 0)
				also_primary = true;
		}
		if (!also_primary)
			return true;
	}
	return false;
}

/* 4. §1.4 / §2.1.2: every role needs a holder, every crisis role a deputy
 * too.  An unheld crisis role is an error (nobody acts in the crisis), an
 * unheld promotion role a warning; no deputy is a warning. */
void check_role_holders(struct check_ctx *c)
{
	const struct plan *p = c->p;
	for (size_t i = 0; i < p->n_roles; i++) {
		const struct role *r = &p->roles[i];
		bool crisis = strcmp(r->structure, "crisis") == 0;
		const char *en = check_name_en(r->name, r->name_en);
		size_t from, to;
		check_ix_range(&c->holders, 1, r->id, NULL, NULL, &from, &to);
		if (from == to)
			check_add(c, crisis ? SEV_ERROR : SEV_WARNING, "role-no-holder",
				  crisis ? "§2.1.2" : "§1.4", check_strf("roles/%s", r->id),
				  r->name,
				  check_strf("%s: 担当者が割り当てられていません", r->name),
				  check_strf("%s: nobody holds this role", en));
		else if (crisis && !has_deputy(c, from, to))
			check_add(c, SEV_WARNING, "role-no-deputy", "§2.1.2",
				  check_strf("roles/%s", r->id), r->name,
				  check_strf("%s: 代理（第2順位以下）の担当者がいません", r->name),
				  check_strf("%s: the role has no deputy (no other holder of rank 1 or more)", en));
		size_t primaries = 0;
		for (size_t j = from; j < to; j++)
			primaries += p->role_holders[c->holders.v[j].i].rank == 0;
		/* Two primaries leave it open who acts first: a warning, since
		 * a joint responsibility may be intended. */
		if (primaries > 1)
			check_add(c, SEV_WARNING, "role-several-primaries", crisis ? "§2.1.2" : "§1.4",
				  check_strf("roles/%s", r->id), r->name,
				  check_strf("%s: 第1順位（rank 0）の担当者が%zu人います。順位を分けてください",
					     r->name, primaries),
				  check_strf("%s: %zu people are primary holders (rank 0); give them ranks",
					     en, primaries));
	}
}

/* 5. §2.1.2: one person alone holding several crisis roles is a single
 * point of failure.  Warning: small agencies may have no choice. */
void check_sole_holders(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index sole = CHECK_INDEX_INIT; /* person → roles they alone hold */
	for (size_t i = 0; i < p->n_roles; i++) {
		size_t from, to;
		if (strcmp(p->roles[i].structure, "crisis") != 0)
			continue;
		check_ix_range(&c->holders, 1, p->roles[i].id, NULL, NULL, &from, &to);
		if (from < to &&
		    check_key_cmp(c->holders.v[from].k[1], c->holders.v[to - 1].k[1]) == 0)
			check_ix_add(&sole, i, c->holders.v[from].k[1], NULL, NULL);
	}
	check_ix_sort(&sole);
	for (size_t i = 0; i < p->n_people; i++) {
		const struct person *who = &p->people[i];
		size_t from, to;
		check_ix_range(&sole, 1, who->id, NULL, NULL, &from, &to);
		if (to - from < 2)
			continue;
		struct buf ja = BUF_INIT, en = BUF_INIT;
		for (size_t j = from; j < to; j++) {
			const struct role *r = &p->roles[sole.v[j].i];
			buf_addf(&ja, "%s%s", j > from ? "、" : "", r->name);
			buf_addf(&en, "%s%s", j > from ? ", " : "",
				 check_name_en(r->name, r->name_en));
		}
		check_add(
			c, SEV_WARNING, "person-sole-holder", "§2.1.2",
			check_strf("people/%s", who->id), who->name,
			check_strf(
				"%s: 危機的事象発生時の役割%zu件（%s）を一人で担っており、代わりがいません",
				who->name, to - from, ja.data),
			check_strf(
				"%s: the only holder of %zu crisis roles (%s); nobody can stand in",
				who->name, to - from, en.data));
		buf_release(&ja);
		buf_release(&en);
	}
	check_ix_release(&sole);
}

/* 6. §2.2.2: a contact at a related department, contractor or CSIRT with
 * no phone, alternate-site phone, mobile or e-mail cannot be reached.
 * Warning: the list is incomplete, the rest of the plan still runs. */
void check_contacts(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index depts = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_departments; i++)
		check_ix_add(&depts, i, p->departments[i].id, NULL, NULL);
	check_ix_sort(&depts);
	for (size_t i = 0; i < p->n_people; i++) {
		const struct person *who = &p->people[i];
		size_t d = check_ix_find(&depts, 1, who->department, NULL, NULL);
		if (d == CHECK_NOT_FOUND)
			continue;
		const struct department *dep = &p->departments[d];
		if (strcmp(dep->kind, "related") != 0 && strcmp(dep->kind, "contractor") != 0 &&
		    strcmp(dep->kind, "csirt") != 0)
			continue;
		if (!check_blank(who->phone) || !check_blank(who->alt_site_phone) ||
		    !check_blank(who->mobile) || !check_blank(who->email))
			continue;
		check_add(
			c, SEV_WARNING, "contact-no-means", "§2.2.2",
			check_strf("people/%s", who->id), who->name,
			check_strf(
				"%s（%s）: 電話・代替拠点電話・携帯電話・メールのいずれも登録されていません",
				who->name, dep->name),
			check_strf("%s (%s): no phone, alternate-site phone, mobile or e-mail",
				   who->name, dep->name));
	}
	check_ix_release(&depts);
}

/* 7. §2.1.3 / §2.1.4 / §2.3.2: each event type needs assembly criteria,
 * somewhere to assemble and a response procedure with steps.  No
 * procedure is an error (staff have nothing to follow); the rest are
 * warnings.  Locations belong to roles: when the plan has none at all, one
 * finding per event with criteria; otherwise one per crisis role left out. */
void check_events(struct check_ctx *c)
{
	const struct plan *p = c->p;
	bool any_location = p->n_assembly_locations > 0;
	for (size_t i = 0; i < p->n_events; i++) {
		const struct event_type *e = &p->events[i];
		const char *en = check_name_en(e->name, e->name_en);
		size_t criteria = 0, procedures = 0;
		for (size_t j = 0; j < p->n_assembly_criteria; j++)
			criteria += check_key_cmp(p->assembly_criteria[j].event, e->id) == 0;
		for (size_t j = 0; j < p->n_procedures; j++)
			procedures += check_key_cmp(p->procedures[j].event, e->id) == 0;
		if (!criteria)
			check_add(c, SEV_WARNING, "event-no-criteria", "§2.1.3",
				  check_strf("events/%s", e->id), e->name,
				  check_strf("%s: 参集基準が定められていません", e->name),
				  check_strf("%s: no assembly criteria", en));
		else if (!any_location)
			check_add(
				c, SEV_WARNING, "event-no-assembly-location", "§2.1.4",
				check_strf("events/%s", e->id), e->name,
				check_strf(
					"%s: 参集基準はありますが、参集場所が1つも定められていません",
					e->name),
				check_strf(
					"%s: has assembly criteria but the plan names no assembly location",
					en));
		if (!procedures)
			check_add(c, SEV_ERROR, "event-no-procedure", "§2.3.2",
				  check_strf("events/%s", e->id), e->name,
				  check_strf("%s: 対応手順が定められていません", e->name),
				  check_strf("%s: no response procedure", en));
	}
	struct check_index steps = CHECK_INDEX_INIT;
	for (size_t j = 0; j < p->n_procedure_steps; j++)
		check_ix_add(&steps, j, p->procedure_steps[j].procedure, NULL, NULL);
	check_ix_sort(&steps);
	for (size_t i = 0; i < p->n_procedures; i++) {
		const struct procedure *pr = &p->procedures[i];
		if (check_ix_find(&steps, 1, pr->id, NULL, NULL) != CHECK_NOT_FOUND)
			continue;
		const char *title = check_blank(pr->title) ? pr->id : pr->title;
		check_add(c, SEV_WARNING, "procedure-no-steps", "§2.3.2",
			  check_strf("procedures/%s", pr->id), title,
			  check_strf("%s: 対応手順に項目がありません", title),
			  check_strf("%s: the procedure has no steps", title));
	}
	check_ix_release(&steps);
	if (!any_location)
		return;
	for (size_t i = 0; i < p->n_roles; i++) {
		const struct role *r = &p->roles[i];
		bool found = false;
		if (strcmp(r->structure, "crisis") != 0)
			continue;
		for (size_t j = 0; j < p->n_assembly_locations && !found; j++)
			found = check_key_cmp(p->assembly_locations[j].role, r->id) == 0;
		if (!found)
			check_add(c, SEV_WARNING, "role-no-assembly-location", "§2.1.4",
				  check_strf("roles/%s", r->id), r->name,
				  check_strf("%s: 参集場所が定められていません", r->name),
				  check_strf("%s: no assembly location",
					     check_name_en(r->name, r->name_en)));
	}
}

/* 15. §2.1.3: an assembly criterion that a JMA report can never meet, or
 * that calls nobody it names, or nobody at all (a warning).  A role id that is not in the plan is an
 * error (the call-out would silently miss that group); an automatic
 * criterion without a threshold for its hazard (intensity for an
 * earthquake, warning level for a tsunami) is a warning: reports cannot
 * start it, the chief decides, which may be what the planner meant for a
 * typhoon. */
void check_criteria(struct check_ctx *c)
{
	const struct plan *p = c->p;
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct assembly_criterion *a = &p->assembly_criteria[i];
		bool tsunami = crisis_hazard_of(a) == HAZARD_TSUNAMI;
		if (a->automatic && crisis_criterion_threshold(a) < 0)
			check_add(c, SEV_WARNING, "criterion-cannot-match", "§2.1.3",
				  check_strf("assembly_criteria/%s", a->id), a->id,
				  check_strf("%s: 自動参集ですが、%sの基準がないため気象庁の情報では始まりません",
					     a->id, tsunami ? "津波の区分（注意報・警報・大津波警報）" : "震度"),
				  check_strf("%s: automatic, but without a %s threshold no JMA report can start it",
					     a->id, tsunami ? "tsunami level" : "seismic intensity"));
		if (a->automatic && a->call && strcmp(a->call, "nobody") == 0 && !a->ask_everyone)
			check_add(c, SEV_WARNING, "criterion-calls-nobody", "§2.1.3",
				  check_strf("assembly_criteria/%s", a->id), a->id,
				  check_strf("%s: 参集なしで安否確認もしないため、満たしても誰にも連絡されません", a->id),
				  check_strf("%s: calls nobody in and asks nobody if safe: meeting it reaches no one",
					     a->id));
		const char *s = a->roles;
		char item[128];
		while (s && crisis_list_next(&s, item, sizeof item))
			if (!plan_role(p, item))
				check_add(c, SEV_ERROR, "criterion-cannot-match", "§2.1.3",
					  check_strf("assembly_criteria/%s", a->id), a->id,
					  check_strf("%s: 役割「%s」は計画にありません（この役割の担当者は呼び出されません）",
						     a->id, item),
					  check_strf("%s: role \"%s\" is not in the plan (nobody is called for it)",
						     a->id, item));
	}
}
