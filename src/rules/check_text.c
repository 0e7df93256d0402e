/*
 * check_text.c — what the documents would print as a placeholder (〇〇,
 * [氏名], [ ] …): check 17 of plan_check(), in two functions.
 *
 * A plan is submitted as itbcp prints it, so nothing unfinished may print
 * silently: every place where a document builder (render/plan/) would put
 * the appendix's placeholder has a finding here, naming the element and
 * the §, and the builder shows that finding beside the placeholder (it
 * looks it up by element and code).  tests/unit/test_render_placeholders.c
 * keeps the two in step: it renders plans with every optional field empty
 * and fails on a placeholder that no finding explains.
 *
 * Severity: a warning (a gap a planner should settle before submitting;
 * the plan still runs), except where another check already says more.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "model/schema.h"
#include "rules/check_internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- fields the documents print, one finding per empty one ------------ */

/* Whether the field of elem is printed at all (NULL: always). */
typedef bool (*field_applies)(const void *elem);

static bool dept_related(const void *elem)
{
	const struct department *d = elem;
	return !check_blank(d->kind) && strcmp(d->kind, "it") != 0;
}

static bool role_promotion(const void *elem)
{
	const struct role *r = elem;
	return !check_blank(r->structure) && strcmp(r->structure, "promotion") == 0;
}

static bool role_crisis(const void *elem)
{
	const struct role *r = elem;
	return !check_blank(r->structure) && strcmp(r->structure, "crisis") == 0;
}

static bool system_in_scope(const void *elem)
{
	return ((const struct system *)elem)->in_scope;
}

static const struct text_field {
	const char *kind, *field, *code, *section;
	const char *ja, *en; /* the field as the document names it */
	field_applies applies;
} text_fields[] = {
	{ "departments", "duties", "department-no-duties", "§1.4", "役割の概要", "duties",
	  dept_related },
	{ "roles", "duties", "role-no-duties", "§1.4", "役割の概要", "duties", role_promotion },
	{ "roles", "duties", "role-no-duties", "§2.1.2", "役割の概要", "duties", role_crisis },
	{ "events", "scenario", "event-no-scenario", "§5.1", "発生時の条件", "conditions assumed",
	  NULL },
	{ "procedure_steps", "documents", "procedure-step-no-documents", "§2.3.2", "参照文書類",
	  "documents", NULL },
	{ "businesses", "environment", "business-no-environment", "別表1", "環境", "environment",
	  NULL },
	{ "businesses", "rto_hours", "business-no-rto", "§5.3", "業務のRTO", "business RTO", NULL },
	{ "systems", "rlo", "system-no-rlo", "§5.3", "RLO（目標復旧レベル）", "RLO",
	  system_in_scope },
	{ "systems", "risks", "system-no-risks", "別表1", "リスク・課題", "risks and issues",
	  system_in_scope },
	{ "systems", "countermeasures", "system-no-countermeasures", "別表1",
	  "リスク・課題に対する対策", "countermeasures", system_in_scope },
	{ "components", "description", "component-no-description", "§5.4.1", "説明",
	  "description", NULL },
	{ "countermeasure_steps", "contents", "step-no-contents", "§3.2", "実施内容", "contents",
	  NULL },
	{ "countermeasure_steps", "effect", "step-no-effect", "§3.2", "期待効果",
	  "expected effect", NULL },
	{ "countermeasure_steps", "residual_risk", "step-no-residual-risk", "§3.2", "残存リスク",
	  "residual risk", NULL },
	{ "countermeasure_items", "actions", "item-no-actions", "§3.2", "対策実施内容", "actions",
	  NULL },
	{ "countermeasure_items", "budget_kyen", "item-no-budget", "§3.2", "必要予算",
	  "budget", NULL },
};

/* The element's name for people: its name or title field, else its key. */
static char *element_name(const struct entity_def *e, const void *elem)
{
	static const char *const names[] = { "name", "title" };
	for (size_t i = 0; i < 2; i++) {
		const struct field_def *f = schema_field(e, names[i]);
		const char *s = f && f->type != F_INT ? *(char *const *)FIELD_PTR(elem, f) : NULL;
		if (!check_blank(s))
			return xstrdup(s);
	}
	struct buf b = BUF_INIT;
	schema_element_key(e, elem, &b);
	return buf_detach(&b);
}

/* True when field f of elem holds nothing. */
static bool field_empty(const struct field_def *f, const void *elem)
{
	if (f->type == F_INT)
		return *(const int64_t *)FIELD_PTR(elem, f) == NO_VALUE;
	return check_blank(*(char *const *)FIELD_PTR(elem, f));
}

/* 17a. Every text field of text_fields that a document prints, empty. */
void check_placeholder_fields(struct check_ctx *c)
{
	for (size_t k = 0; k < sizeof text_fields / sizeof text_fields[0]; k++) {
		const struct text_field *tf = &text_fields[k];
		const struct entity_def *e = schema_entity(tf->kind);
		const struct field_def *f = e ? schema_field(e, tf->field) : NULL;
		if (!f)
			BUG("check_text: no field %s.%s", tf->kind, tf->field);
		size_t n = schema_count(e, c->p);
		for (size_t i = 0; i < n; i++) {
			const void *elem = schema_element(e, c->p, i);
			if ((tf->applies && !tf->applies(elem)) || !field_empty(f, elem))
				continue;
			char *name = element_name(e, elem);
			struct buf el = BUF_INIT;
			buf_addf(&el, "%s/", tf->kind);
			schema_element_key(e, elem, &el);
			check_add(c, SEV_WARNING, tf->code, tf->section, buf_detach(&el), name,
				  check_strf("%s: %sが未記入です（文書には〇〇と印刷されます）", name,
					     tf->ja),
				  check_strf("%s: %s is not filled in (the documents print a "
					     "placeholder)",
					     name, tf->en));
			free(name);
		}
	}
}

/* ---- what is missing altogether --------------------------------------- */

/* A warning about a whole collection or the organisation (element is a
 * kind alone, "systems", or "organisation"). */
static void plan_missing(struct check_ctx *c, const char *code, const char *section,
			 const char *element, const char *ja, const char *en)
{
	const char *org = c->p->organisation.name ? c->p->organisation.name : "";
	check_add(c, SEV_WARNING, code, section, xstrdup(element), org,
		  check_strf("%s: %s（文書には〇〇と印刷されます）", org, ja),
		  check_strf("%s: %s (the documents print a placeholder)", org, en));
}

/* A warning about one element (kind/id) whose name is name. */
static void element_missing(struct check_ctx *c, const char *code, const char *section,
			    char *element, const char *name, const char *ja, const char *en)
{
	check_add(c, SEV_WARNING, code, section, element, name,
		  check_strf("%s: %s（文書には〇〇と印刷されます）", name, ja),
		  check_strf("%s: %s (the documents print a placeholder)", name, en));
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The organisation's own texts and the plan's collections. */
static void plan_level(struct check_ctx *c)
{
	const struct plan *p = c->p;
	const struct organisation *o = &p->organisation;
	if (check_blank(o->purpose))
		plan_missing(c, "plan-no-purpose", "§1.1", "organisation",
			     "本計画の策定趣旨（purpose）が未記入です",
			     "the purpose of the plan is not filled in");
	if (check_blank(o->report_destination))
		plan_missing(c, "plan-no-report-destination", "別表2", "organisation",
			     "安否・被害の報告先（report_destination）が未記入です",
			     "where safety and damage are reported (report_destination) is not "
			     "filled in");
	if (o->training_plan_month < 1 || o->training_plan_month > 12)
		plan_missing(c, "plan-no-training-month", "§4.1", "organisation",
			     "教育訓練計画を作成する月が未設定です",
			     "the month the training plan is made is not set");
	size_t in_scope = 0, related = 0, contractors = 0, promotion = 0, crisis = 0;
	for (size_t i = 0; i < p->n_systems; i++)
		in_scope += p->systems[i].in_scope;
	for (size_t i = 0; i < p->n_departments; i++) {
		const struct department *d = &p->departments[i];
		if (!dept_related(d))
			continue;
		if (same(d->kind, "contractor"))
			contractors++;
		else
			related++;
	}
	for (size_t i = 0; i < p->n_roles; i++) {
		promotion += role_promotion(&p->roles[i]);
		crisis += role_crisis(&p->roles[i]);
	}
	size_t links = 0;
	for (size_t i = 0; i < p->n_business_systems; i++)
		links += plan_business(p, p->business_systems[i].business) &&
			 plan_system(p, p->business_systems[i].system);
	if (!in_scope)
		plan_missing(c, "plan-no-system-in-scope", "§1.3", "systems",
			     "適用範囲の情報システムがありません", "no information system is in scope");
	if (!promotion)
		plan_missing(c, "plan-no-promotion-roles", "§1.4", "roles",
			     "推進体制の役割がありません", "the plan defines no role of the promotion structure");
	if (!crisis)
		plan_missing(c, "plan-no-crisis-roles", "§2.1.2", "roles",
			     "危機的事象発生時の体制の役割がありません",
			     "the plan defines no role of the crisis structure");
	if (!related)
		plan_missing(c, "plan-no-related-department", "§2.2.2", "departments",
			     "関係部局（災害対策本部、施設部局等）がありません",
			     "the plan lists no related department (headquarters, facilities …)");
	if (!contractors)
		plan_missing(c, "plan-no-contractor", "§2.2.2", "departments",
			     "委託先等の関係企業がありません", "the plan lists no contractor");
	if (!p->n_events)
		plan_missing(c, "plan-no-events", "§2.1.1", "events", "危機的事象がありません",
			     "the plan defines no crisis event");
	if (!p->n_businesses)
		plan_missing(c, "plan-no-businesses", "別表1", "businesses",
			     "非常時優先業務がありません", "the plan lists no priority business");
	if (!links)
		plan_missing(c, "plan-no-business-system", "§5.3", "business_systems",
			     "業務と情報システムの関連（別表1）がありません",
			     "the plan links no business to a system (Appendix 1)");
	if (!p->n_components)
		plan_missing(c, "plan-no-components", "§5.4.1", "components",
			     "情報システムを支える構成要素がありません",
			     "the plan defines no component");
	if (!p->n_target_levels)
		plan_missing(c, "plan-no-target-levels", "§5.4.2", "target_levels",
			     "目標対策レベルの表がありません", "the plan has no target-level matrix");
}

/* Related departments and contractors with nobody to name or call. */
static void departments(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index people = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_people; i++)
		check_ix_add(&people, i, p->people[i].department, NULL, NULL);
	check_ix_sort(&people);
	for (size_t i = 0; i < p->n_departments; i++) {
		const struct department *d = &p->departments[i];
		if (!dept_related(d) ||
		    check_ix_find(&people, 1, d->id, NULL, NULL) != CHECK_NOT_FOUND)
			continue;
		element_missing(c, "department-no-person", "§2.2.2",
				check_strf("departments/%s", d->id), d->name,
				"担当者・連絡先が一人も登録されていません（表1.4-2、表2.2）",
				"nobody is listed here to name or to call (Tables 1.4-2, 2.2)");
	}
	check_ix_release(&people);
	for (size_t i = 0; i < p->n_businesses; i++) {
		const struct business *b = &p->businesses[i];
		if (!plan_department(p, b->department))
			element_missing(c, "business-no-department", "別表1",
					check_strf("businesses/%s", b->id), b->name,
					"部局が設定されていません", "no department is set");
	}
}

/* Procedure steps nobody is responsible for (表2.3-n 担当). */
static void procedure_steps(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index roles = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_step_roles; i++)
		if (plan_role(p, p->step_roles[i].role))
			check_ix_add(&roles, i, p->step_roles[i].step, NULL, NULL);
	check_ix_sort(&roles);
	for (size_t i = 0; i < p->n_procedure_steps; i++) {
		const struct procedure_step *s = &p->procedure_steps[i];
		if (check_ix_find(&roles, 1, s->id, NULL, NULL) == CHECK_NOT_FOUND)
			element_missing(c, "procedure-step-no-role", "§2.3.2",
					check_strf("procedure_steps/%s", s->id), s->title,
					"担当の役割がありません", "no role is responsible for it");
	}
	check_ix_release(&roles);
}

/* 5.2: an event's damage assumption for each subject of the appendix. */
static void damage(struct check_ctx *c)
{
	const struct plan *p = c->p;
	const struct entity_def *e = schema_entity("damage_assumptions");
	const struct field_def *f = e ? schema_field(e, "subject") : NULL;
	if (!f || !f->choices)
		BUG("check_text: damage_assumptions.subject has no choices");
	struct check_index have = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_damage_assumptions; i++)
		if (!check_blank(p->damage_assumptions[i].assumption))
			check_ix_add(&have, i, p->damage_assumptions[i].event,
				     p->damage_assumptions[i].subject, NULL);
	check_ix_sort(&have);
	for (size_t i = 0; i < p->n_events; i++) {
		const struct event_type *ev = &p->events[i];
		for (const char *const *s = f->choices; *s; s++) {
			if (check_ix_find(&have, 2, ev->id, *s, NULL) != CHECK_NOT_FOUND)
				continue;
			char *name = check_strf("%s / %s", ev->name, *s);
			element_missing(c, "damage-assumption-missing", "§5.2",
					check_strf("damage_assumptions/%s/%s", ev->id, *s), name,
					"被害想定が未記入です", "the damage assumed is not filled in");
			free(name);
		}
	}
	check_ix_release(&have);
}

/* §3.1, §3.2: what the assessment and step tables would leave open. */
static void levels(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct check_index have = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_assessments; i++)
		check_ix_add(&have, i, p->assessments[i].system, NULL, NULL);
	check_ix_sort(&have);
	for (size_t i = 0; i < p->n_systems; i++) {
		const struct system *s = &p->systems[i];
		enum tier t = c->rto[i].tier;
		/* Without a tier there is no target: system-no-rto says why. */
		if (!s->in_scope || t == TIER_NONE)
			continue;
		bool any = check_ix_find(&have, 1, s->id, NULL, NULL) != CHECK_NOT_FOUND;
		for (size_t ei = 0; !any && ei < p->n_events; ei++)
			for (size_t ci = 0; !any && ci < p->n_components; ci++)
				any = target_level(p, p->events[ei].id, p->components[ci].id, t) !=
				      NO_VALUE;
		if (!any)
			element_missing(c, "system-no-assessment", "§3.1",
					check_strf("systems/%s", s->id), s->name,
					"現状対策レベルの評価も目標対策レベルもありません（表3.1）",
					"has neither an assessment nor a target level (Table 3.1)");
	}
	check_ix_release(&have);
	/* An assessment short of its target needs its risk written down. */
	for (size_t i = 0; i < p->n_assessments; i++) {
		const struct assessment *a = &p->assessments[i];
		const struct system *s = check_system_of(c, a->system);
		if (!s || !s->in_scope || !check_blank(a->risk))
			continue;
		int64_t target = target_level(p, a->event, a->component, c->rto[check_sys_ix(c, s)].tier);
		if (target == NO_VALUE || a->current_level >= target)
			continue;
		char *name = check_strf("%s / %s / %s", s->name, a->event, a->component);
		element_missing(c, "assessment-no-risk", "§3.1",
				check_strf("assessments/%s/%s/%s", a->system, a->event, a->component),
				name, "目標対策レベルに届かないリスクが未記入です",
				"the risk of falling short of the target is not written");
		free(name);
	}
	struct check_index items = CHECK_INDEX_INIT;
	for (size_t i = 0; i < p->n_countermeasure_items; i++)
		check_ix_add(&items, i, p->countermeasure_items[i].step, NULL, NULL);
	check_ix_sort(&items);
	for (size_t i = 0; i < p->n_countermeasure_steps; i++) {
		const struct countermeasure_step *st = &p->countermeasure_steps[i];
		const struct system *s = check_system_of(c, st->system);
		if (!s || check_ix_find(&items, 1, st->id, NULL, NULL) != CHECK_NOT_FOUND)
			continue;
		char *name = check_strf("%s ステップ%" PRId64, s->name, st->no);
		element_missing(c, "step-no-items", "§3.2",
				check_strf("countermeasure_steps/%s", st->id), name,
				"対策項目がありません", "the step has no items");
		free(name);
	}
	check_ix_release(&items);
	for (size_t i = 0; i < p->n_countermeasure_items; i++) {
		const struct countermeasure_item *it = &p->countermeasure_items[i];
		const struct countermeasure_step *st = check_step_of(c, it->step);
		if (!st)
			continue;
		if (level_before_step(p, st, it->event, it->component) == NO_VALUE)
			element_missing(c, "item-no-current-level", "§3.2",
					check_strf("countermeasure_items/%s", it->id), it->id,
					"対策前の現状対策レベルが評価されていません",
					"the level before the step is not assessed");
		if (!plan_department(p, it->owner) && check_blank(it->owner_note))
			element_missing(c, "item-no-owner", "§3.2",
					check_strf("countermeasure_items/%s", it->id), it->id,
					"実施主体が未記入です", "no owner is set");
	}
}

/* §4.2.3: the checklist of the last annual review (表4.2-2). */
static void review(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct review_status rs;
	review_status_compute(p, c->today, &rs);
	if (!rs.last) {
		/* check_review says so inside and after the window. */
		if (rs.state != REVIEW_DUE && rs.state != REVIEW_OVERDUE)
			plan_missing(c, "review-none", "§4.2.3", "reviews",
				     "年次見直しの記録がありません（表4.2-2）",
				     "no annual review is recorded (Table 4.2-2)");
		return;
	}
	size_t answered = 0;
	for (size_t i = 0; i < p->n_review_answers; i++)
		answered += same(p->review_answers[i].review, rs.last->id) &&
			    p->review_answers[i].question >= 1 && p->review_answers[i].question <= 14;
	if (answered < 14)
		element_missing(c, "review-unanswered", "§4.2.3",
				check_strf("reviews/%s", rs.last->id), rs.last->date,
				"年次見直しで答えていない見直し事項があります（表4.2-2）",
				"some questions of the annual review are unanswered (Table 4.2-2)");
}

/* 17b. Everything else a document would print as a placeholder. */
void check_placeholder_gaps(struct check_ctx *c)
{
	plan_level(c);
	departments(c);
	procedure_steps(c);
	damage(c);
	levels(c);
	review(c);
}
