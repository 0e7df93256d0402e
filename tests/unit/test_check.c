/*
 * test_check.c — plan_check(): every check fires on a small plan that has
 * the fault and stays quiet on one that does not.
 *
 * clean_plan() builds a plan with no finding at all (the test of that comes
 * first); each test then adds one fault to it and expects exactly the
 * finding for it: its code, severity, element and element name, with the
 * name in both messages.  Dates are passed explicitly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/plan.h"
#include "model/schema.h"
#include "rules/check.h"
#include "rules/rules.h"
#include "util/lang.h"
#include "util/xalloc.h"

/* ---- building plans ---------------------------------------------------- */

/* Replaces a text or reference field (NULL unsets a reference). */
static void set(char **field, const char *v)
{
	free(*field);
	*field = v ? xstrdup(v) : NULL;
}

/* Appends an element of kind key with its defaults.  The pointer is valid
 * until the next append of the same kind. */
static void *append(struct plan *p, const char *key)
{
	const struct entity_def *e = schema_entity(key);
	assert_non_null(e);
	return schema_append(e, p);
}

/* A department of kind it|related|contractor|csirt|other. */
static void add_department(struct plan *p, const char *id, const char *name, const char *kind)
{
	struct department *d = append(p, "departments");
	set(&d->id, id);
	set(&d->name, name);
	set(&d->kind, kind);
}

/* A person in dept (NULL: none), with no phone or e-mail. */
static struct person *add_person(struct plan *p, const char *id, const char *name,
				 const char *dept)
{
	struct person *x = append(p, "people");
	set(&x->id, id);
	set(&x->name, name);
	set(&x->department, dept);
	return x;
}

/* A role of structure "crisis" or "promotion". */
static struct role *add_role(struct plan *p, const char *id, const char *name,
			     const char *structure)
{
	struct role *r = append(p, "roles");
	set(&r->id, id);
	set(&r->name, name);
	set(&r->structure, structure);
	set(&r->duties, "役割の概要");
	return r;
}

/* person holds role at rank (0 primary, 1… deputies). */
static void add_holder(struct plan *p, const char *role, const char *person, int64_t rank)
{
	struct role_holder *h = append(p, "role_holders");
	set(&h->role, role);
	set(&h->person, person);
	h->rank = rank;
}

/* An event type. */
static struct event_type *add_event(struct plan *p, const char *id, const char *name)
{
	struct event_type *e = append(p, "events");
	set(&e->id, id);
	set(&e->name, name);
	set(&e->scenario, "平日の夜間に発生");
	return e;
}

/* An automatic assembly criterion for event. */
static void add_criterion(struct plan *p, const char *id, const char *event)
{
	struct assembly_criterion *a = append(p, "assembly_criteria");
	set(&a->id, id);
	set(&a->event, event);
	set(&a->condition, "東京都で震度6弱以上");
	set(&a->min_intensity, "6-");
	set(&a->areas, "東京都");
	a->automatic = true;
}

/* An assembly location (第1順位) for role. */
static void add_location(struct plan *p, const char *id, const char *role)
{
	struct assembly_location *l = append(p, "assembly_locations");
	set(&l->id, id);
	set(&l->role, role);
	set(&l->place, "本庁舎5階");
}

/* A response procedure for event. */
static void add_procedure(struct plan *p, const char *id, const char *event, const char *title)
{
	struct procedure *x = append(p, "procedures");
	set(&x->id, id);
	set(&x->event, event);
	set(&x->title, title);
}

/* A step of procedure. */
static void add_procedure_step(struct plan *p, const char *id, const char *procedure)
{
	struct procedure_step *s = append(p, "procedure_steps");
	set(&s->id, id);
	set(&s->procedure, procedure);
	set(&s->title, "安否報告");
	set(&s->documents, "安否確認手順書");
}

/* A priority business with its RTO in hours. */
static void add_business(struct plan *p, const char *id, const char *name, int64_t rto)
{
	struct business *b = append(p, "businesses");
	set(&b->id, id);
	set(&b->name, name);
	set(&b->department, "dept-a");
	set(&b->environment, "庁内LAN");
	b->rto_hours = rto;
}

/* An in-scope system managed by dept (NULL: none). */
static struct system *add_system(struct plan *p, const char *id, const char *name,
				 const char *dept)
{
	struct system *s = append(p, "systems");
	set(&s->id, id);
	set(&s->name, name);
	set(&s->department, dept);
	set(&s->rlo, "平時の50%まで復旧");
	set(&s->risks, "同時被災のおそれ");
	set(&s->countermeasures, "遠隔地への複製");
	return s;
}

/* business uses system; alt hours on its alternative means. */
static void add_link(struct plan *p, const char *business, const char *system, int64_t alt)
{
	struct business_system *l = append(p, "business_systems");
	set(&l->business, business);
	set(&l->system, system);
	l->alt_hours = alt;
}

/* system depends on depends_on. */
static void add_dependency(struct plan *p, const char *system, const char *depends_on)
{
	struct system_dependency *d = append(p, "system_dependencies");
	set(&d->system, system);
	set(&d->depends_on, depends_on);
}

/* A component of category "system". */
static void add_component(struct plan *p, const char *id, const char *name)
{
	struct component *k = append(p, "components");
	set(&k->id, id);
	set(&k->name, name);
	set(&k->category, "system");
	set(&k->description, "サーバ機器");
}

/* The target level of component for tier under event. */
static void add_target(struct plan *p, const char *event, const char *component,
		       const char *tier, int64_t level)
{
	struct target_level *t = append(p, "target_levels");
	set(&t->event, event);
	set(&t->component, component);
	set(&t->tier, tier);
	t->level = level;
}

/* The current level of system × event × component. */
static void add_assessment(struct plan *p, const char *system, const char *event,
			   const char *component, int64_t level)
{
	struct assessment *a = append(p, "assessments");
	set(&a->system, system);
	set(&a->event, event);
	set(&a->component, component);
	a->current_level = level;
}

/* Countermeasure step no of system, in fiscal year fy. */
static void add_cstep(struct plan *p, const char *id, const char *system, int64_t no, int64_t fy)
{
	struct countermeasure_step *s = append(p, "countermeasure_steps");
	set(&s->id, id);
	set(&s->system, system);
	s->no = no;
	s->fy_from = s->fy_to = fy;
	set(&s->contents, "機器の更新");
	set(&s->effect, "レベルの向上");
	set(&s->residual_risk, "なし");
}

/* An item of step bringing event × component to level. */
static void add_citem(struct plan *p, const char *id, const char *step, const char *event,
		      const char *component, int64_t level)
{
	struct countermeasure_item *it = append(p, "countermeasure_items");
	set(&it->id, id);
	set(&it->step, step);
	set(&it->event, event);
	set(&it->component, component);
	set(&it->actions, "機器の更新");
	set(&it->owner, "dept-a");
	it->budget_kyen = 1000;
	it->level = level;
}

/* A training in the plan of fiscal year fy. */
static void add_training(struct plan *p, const char *id, int64_t fy)
{
	struct training *t = append(p, "trainings");
	set(&t->id, id);
	set(&t->title, "対応手順の机上確認");
	set(&t->type, "desk_check");
	t->fy = fy;
}

/* An annual review held on date. */
static void add_review(struct plan *p, const char *id, const char *date)
{
	struct review *r = append(p, "reviews");
	set(&r->id, id);
	set(&r->occasion, "annual");
	set(&r->date, date);
}

/* A plan with no finding on 2026-06-01 (FY2026): mail (RTO 3 + 12 = 15 h,
 * tier A) depends on auth (3 h, tier S); mail's hardware goes 1 → 2 → 3
 * (its tier A target) in two steps; every crisis role has a deputy and an
 * assembly location; the FY2026 training plan and annual review exist. */
static void clean_plan(struct plan *p)
{
	plan_init(p);
	add_department(p, "dept-a", "部局A", "it");
	add_department(p, "vendor-b", "B株式会社", "contractor");
	add_person(p, "yamada", "山田太郎", "dept-a");
	add_person(p, "sato", "佐藤花子", "dept-a");
	struct person *x = add_person(p, "suzuki", "鈴木一郎", "vendor-b");
	set(&x->phone, "03-0000-0000");
	add_role(p, "chief", "最高責任者", "crisis");
	add_role(p, "staff", "作業担当者", "crisis");
	add_role(p, "promo", "推進責任者", "promotion");
	add_holder(p, "chief", "yamada", 0);
	add_holder(p, "chief", "sato", 1);
	add_holder(p, "staff", "sato", 0);
	add_holder(p, "staff", "yamada", 1);
	add_holder(p, "promo", "yamada", 0);
	add_event(p, "disaster", "大規模災害");
	add_criterion(p, "crit-1", "disaster");
	add_location(p, "loc-chief", "chief");
	add_location(p, "loc-staff", "staff");
	add_procedure(p, "proc-disaster", "disaster", "大規模災害時の対応手順");
	add_procedure_step(p, "proc-disaster-1", "proc-disaster");
	add_business(p, "b1", "優先業務1", 3);
	add_system(p, "mail", "メールシステム", "dept-a");
	add_system(p, "auth", "認証基盤", "dept-a");
	add_link(p, "b1", "mail", 12);
	add_link(p, "b1", "auth", 0);
	add_dependency(p, "mail", "auth");
	add_component(p, "hardware", "ハードウェア");
	add_target(p, "disaster", "hardware", "S", 4);
	add_target(p, "disaster", "hardware", "A", 3);
	add_assessment(p, "mail", "disaster", "hardware", 1);
	add_assessment(p, "auth", "disaster", "hardware", 4);
	add_cstep(p, "mail-1", "mail", 1, 2026);
	add_cstep(p, "mail-2", "mail", 2, 2027);
	add_citem(p, "mail-1-hw", "mail-1", "disaster", "hardware", 2);
	add_citem(p, "mail-2-hw", "mail-2", "disaster", "hardware", 3);
	add_training(p, "tr-2026", 2026);
	add_review(p, "rev-2026", "2026-04-20");
	/* What the documents print besides (check_text.c): no placeholder. */
	set(&p->organisation.purpose, "本計画の策定趣旨");
	set(&p->organisation.report_destination, "災害対策本部事務局");
	set(&p->departments[1].duties, "運用保守");
	add_department(p, "hq", "災害対策本部", "related");
	set(&p->departments[2].duties, "省全体の統括");
	x = add_person(p, "kimura", "木村直樹", "hq");
	set(&x->phone, "03-0000-0001");
	static const char *const subjects[] = { "staff", "site",    "transport", "power",
						"water", "network", "equipment", "data" };
	for (size_t i = 0; i < 8; i++) {
		struct damage_assumption *d = append(p, "damage_assumptions");
		set(&d->event, "disaster");
		set(&d->subject, subjects[i]);
		set(&d->assumption, "想定");
	}
	struct step_role *sr = append(p, "step_roles");
	set(&sr->step, "proc-disaster-1");
	set(&sr->role, "staff");
	set(&p->assessments[0].risk, "ハードウェアの同時被災");
	for (int64_t q = 1; q <= 14; q++) {
		struct review_answer *a = append(p, "review_answers");
		set(&a->review, "rev-2026");
		a->question = q;
		set(&a->answer, "yes");
	}
}

/* ---- running and looking at findings ---------------------------------- */

#define TODAY "2026-06-01"

/* Runs plan_check on p as of date (YYYY-MM-DD). */
static void run(const struct plan *p, const char *date, struct findings *f)
{
	struct civil_date d;
	assert_int_equal(civil_date_parse(date, &d), 0);
	plan_check(p, d, f);
}

/* How many findings have code (and element, unless NULL). */
static size_t count(const struct findings *f, const char *code, const char *element)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].code, code) == 0 &&
		    (!element || strcmp(f->v[i].element, element) == 0))
			n++;
	return n;
}

/* Prints the findings (a failing test shows what it got). */
static void dump(const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		print_message("  %s %s %s %s | %s | %s\n", severity_name(f->v[i].severity, LANG_EN),
			      f->v[i].code, f->v[i].section, f->v[i].element, f->v[i].message_ja,
			      f->v[i].message_en);
}

/* Asserts exactly one finding (code, element) with this severity and name,
 * whose section is filled and whose messages name the element: by name in
 * Japanese, by name_en (NULL: the same name) in English. */
static void expect_en(const struct findings *f, const char *code, enum severity sev,
		      const char *element, const char *name, const char *name_en)
{
	if (count(f, code, element) != 1)
		dump(f);
	assert_int_equal(count(f, code, element), 1);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		if (strcmp(x->code, code) != 0 || strcmp(x->element, element) != 0)
			continue;
		assert_int_equal(x->severity, sev);
		assert_string_equal(x->element_name, name);
		assert_true(strncmp(x->section, "§", strlen("§")) == 0 ||
			    strncmp(x->section, "別表", strlen("別表")) == 0);
		assert_non_null(strstr(x->message_ja, name));
		assert_non_null(strstr(x->message_en, name_en ? name_en : name));
	}
}

/* expect_en() for an element whose name is the same in both messages. */
static void expect(const struct findings *f, const char *code, enum severity sev,
		   const char *element, const char *name)
{
	expect_en(f, code, sev, element, name, NULL);
}

/* Asserts that no finding has code. */
static void expect_none(const struct findings *f, const char *code)
{
	if (count(f, code, NULL))
		dump(f);
	assert_int_equal(count(f, code, NULL), 0);
}

/* ---- the clean plan ---------------------------------------------------- */

/* The clean plan has no finding at all. */
static void test_clean_plan(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	run(&p, TODAY, &f);
	if (f.n)
		dump(&f);
	assert_int_equal(f.n, 0);
	findings_release(&f);
	plan_release(&p);
}

/* ---- 1. system-no-rto ------------------------------------------------- */

/* An in-scope system with neither business nor override has no RTO. */
static void test_system_no_rto(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_system(&p, "files", "ファイルサーバ", "dept-a");
	struct system *s = add_system(&p, "old", "旧システム", "dept-a");
	s->in_scope = false; /* out of scope: no RTO needed */
	s = add_system(&p, "web", "Webサイト", "dept-a");
	s->rto_override_hours = 72; /* an override is an RTO */
	set(&s->rto_override_reason, "広報の判断");
	run(&p, TODAY, &f);
	expect(&f, "system-no-rto", SEV_ERROR, "systems/files", "ファイルサーバ");
	assert_int_equal(count(&f, "system-no-rto", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* ---- 2. business-no-system -------------------------------------------- */

/* A business with no 別表1 link. */
static void test_business_no_system(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_business(&p, "b2", "優先業務2", 24);
	run(&p, TODAY, &f);
	expect(&f, "business-no-system", SEV_WARNING, "businesses/b2", "優先業務2");
	assert_int_equal(count(&f, "business-no-system", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* ---- 3. dependency-rto-order, dependency-out-of-scope ----------------- */

/* A system whose RTO is shorter than its dependency's. */
static void test_dependency_rto_order(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_dependency(&p, "auth", "mail"); /* 3 h cannot wait for 15 h */
	run(&p, TODAY, &f);
	expect(&f, "dependency-rto-order", SEV_ERROR, "system_dependencies/auth/mail",
	       "認証基盤 → メールシステム");
	assert_int_equal(count(&f, "dependency-rto-order", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* Equal RTOs: the dependency can come back in time. */
static void test_dependency_equal_rto_is_fine(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_system(&p, "lan", "基幹LAN", "dept-a");
	add_link(&p, "b1", "lan", 12); /* 15 h, as mail */
	add_dependency(&p, "mail", "lan");
	run(&p, TODAY, &f);
	expect_none(&f, "dependency-rto-order");
	expect_none(&f, "dependency-out-of-scope");
	findings_release(&f);
	plan_release(&p);
}

/* An in-scope system depending on an out-of-scope one. */
static void test_dependency_out_of_scope(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	struct system *s = add_system(&p, "dns", "DNS", "dept-a");
	s->in_scope = false;
	add_dependency(&p, "mail", "dns");
	add_dependency(&p, "dns", "auth"); /* from out of scope: not checked */
	run(&p, TODAY, &f);
	expect(&f, "dependency-out-of-scope", SEV_WARNING, "system_dependencies/mail/dns",
	       "メールシステム → DNS");
	assert_int_equal(count(&f, "dependency-out-of-scope", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* ---- 16. dependency-cycle --------------------------------------------- */

/* A → B → A with equal RTOs: check 3 has nothing to say, the cycle is an
 * error of its own, reported once. */
static void test_dependency_cycle(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_system(&p, "lan", "基幹LAN", "dept-a");
	add_link(&p, "b1", "lan", 12); /* 15 h, as mail */
	add_dependency(&p, "mail", "lan");
	add_dependency(&p, "lan", "mail");
	run(&p, TODAY, &f);
	expect_none(&f, "dependency-rto-order");
	expect(&f, "dependency-cycle", SEV_ERROR, "system_dependencies/mail/lan",
	       "メールシステム → 基幹LAN → メールシステム");
	assert_int_equal(count(&f, "dependency-cycle", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* A system that depends on itself; a longer circle beside a chain that
 * only leads into it. */
static void test_dependency_cycle_self_and_long(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_system(&p, "x", "X", "dept-a");
	add_system(&p, "y", "Y", "dept-a");
	add_system(&p, "z", "Z", "dept-a");
	add_dependency(&p, "auth", "auth");
	add_dependency(&p, "x", "y");
	add_dependency(&p, "y", "z");
	add_dependency(&p, "z", "x");
	add_dependency(&p, "mail", "x"); /* into the circle, not part of it */
	run(&p, TODAY, &f);
	expect(&f, "dependency-cycle", SEV_ERROR, "system_dependencies/auth/auth", "認証基盤");
	expect(&f, "dependency-cycle", SEV_ERROR, "system_dependencies/x/y", "X → Y → Z → X");
	assert_int_equal(count(&f, "dependency-cycle", NULL), 2);
	findings_release(&f);
	plan_release(&p);
}

/* A chain and a diamond are not circles. */
static void test_dependency_no_cycle(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_system(&p, "x", "X", "dept-a");
	add_system(&p, "y", "Y", "dept-a");
	add_dependency(&p, "mail", "x");
	add_dependency(&p, "mail", "y");
	add_dependency(&p, "x", "auth");
	add_dependency(&p, "y", "auth");
	run(&p, TODAY, &f);
	expect_none(&f, "dependency-cycle");
	findings_release(&f);
	plan_release(&p);
}

/* ---- 4. role-no-holder, role-no-deputy -------------------------------- */

/* Unheld roles: error for crisis, warning for promotion. */
static void test_role_no_holder(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_role(&p, "secretariat", "事務局", "crisis");
	add_location(&p, "loc-sec", "secretariat");
	add_role(&p, "promo2", "推進担当者", "promotion");
	run(&p, TODAY, &f);
	expect(&f, "role-no-holder", SEV_ERROR, "roles/secretariat", "事務局");
	expect(&f, "role-no-holder", SEV_WARNING, "roles/promo2", "推進担当者");
	expect_none(&f, "role-no-deputy");
	findings_release(&f);
	plan_release(&p);
}

/* A crisis role whose only deputy is its primary holder. */
static void test_role_no_deputy(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_role(&p, "handler", "インシデント対応者", "crisis");
	add_location(&p, "loc-handler", "handler");
	add_holder(&p, "handler", "sato", 0);
	add_holder(&p, "handler", "sato", 1); /* the same person is no deputy */
	run(&p, TODAY, &f);
	expect(&f, "role-no-deputy", SEV_WARNING, "roles/handler", "インシデント対応者");
	assert_int_equal(count(&f, "role-no-deputy", NULL), 1); /* not promo */
	findings_release(&f);
	plan_release(&p);
}

/* Two primary holders of one role: who acts first is open. */
static void test_role_several_primaries(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_role(&p, "handler", "インシデント対応者", "crisis");
	add_location(&p, "loc-handler", "handler");
	add_holder(&p, "handler", "sato", 0);
	add_holder(&p, "handler", "yamada", 0);
	run(&p, TODAY, &f);
	expect(&f, "role-several-primaries", SEV_WARNING, "roles/handler", "インシデント対応者");
	assert_int_equal(count(&f, "role-several-primaries", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* ---- 5. person-sole-holder -------------------------------------------- */

/* One person alone holding two crisis roles. */
static void test_person_sole_holder(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_role(&p, "lead", "作業責任者", "crisis");
	add_role(&p, "alt", "代替拠点担当者", "crisis");
	add_role(&p, "sec", "事務局", "crisis");
	add_holder(&p, "lead", "yamada", 0);
	add_holder(&p, "alt", "yamada", 0);
	add_holder(&p, "sec", "sato", 0); /* sato holds one alone: fine */
	add_location(&p, "loc-lead", "lead");
	add_location(&p, "loc-alt", "alt");
	add_location(&p, "loc-sec", "sec");
	run(&p, TODAY, &f);
	expect(&f, "person-sole-holder", SEV_WARNING, "people/yamada", "山田太郎");
	assert_int_equal(count(&f, "person-sole-holder", NULL), 1);
	for (size_t i = 0; i < f.n; i++)
		if (strcmp(f.v[i].code, "person-sole-holder") == 0) {
			assert_non_null(strstr(f.v[i].message_ja, "作業責任者、代替拠点担当者"));
			assert_null(strstr(f.v[i].message_ja, "最高責任者"));
		}
	findings_release(&f);
	plan_release(&p);
}

/* ---- 6. contact-no-means ---------------------------------------------- */

/* Only contacts outside the agency need a means of contact. */
static void test_contact_no_means(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_department(&p, "csirt", "CSIRT", "csirt");
	add_person(&p, "tanaka", "田中次郎", "vendor-b");
	struct person *x = add_person(&p, "ito", "伊藤三郎", "csirt");
	set(&x->email, "ito@example.jp"); /* e-mail alone is enough */
	add_person(&p, "kato", "加藤四郎", "dept-a"); /* own staff: not a contact */
	add_person(&p, "nobody", "所属なし", NULL);
	run(&p, TODAY, &f);
	expect(&f, "contact-no-means", SEV_WARNING, "people/tanaka", "田中次郎");
	assert_int_equal(count(&f, "contact-no-means", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* ---- 7. events, procedures, assembly locations ------------------------ */

/* An event with neither criteria nor procedure; an empty procedure. */
static void test_event_no_criteria_no_procedure(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_event(&p, "pandemic", "感染症");
	add_procedure(&p, "proc-empty", "disaster", "夜間・休日の対応手順");
	run(&p, TODAY, &f);
	expect(&f, "event-no-criteria", SEV_WARNING, "events/pandemic", "感染症");
	expect(&f, "event-no-procedure", SEV_ERROR, "events/pandemic", "感染症");
	expect(&f, "procedure-no-steps", SEV_WARNING, "procedures/proc-empty",
	       "夜間・休日の対応手順");
	assert_int_equal(count(&f, "event-no-criteria", NULL), 1);
	assert_int_equal(count(&f, "event-no-procedure", NULL), 1);
	expect_none(&f, "event-no-assembly-location");
	findings_release(&f);
	plan_release(&p);
}

/* Criteria but no assembly location anywhere: said per event. */
static void test_event_no_assembly_location(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	plan_init(&p);
	add_department(&p, "dept-a", "部局A", "it");
	add_person(&p, "yamada", "山田太郎", "dept-a");
	add_person(&p, "sato", "佐藤花子", "dept-a");
	add_role(&p, "chief", "最高責任者", "crisis");
	add_holder(&p, "chief", "yamada", 0);
	add_holder(&p, "chief", "sato", 1);
	add_event(&p, "disaster", "大規模災害");
	add_event(&p, "security", "情報セキュリティインシデント");
	add_criterion(&p, "crit-1", "disaster");
	run(&p, TODAY, &f);
	expect(&f, "event-no-assembly-location", SEV_WARNING, "events/disaster", "大規模災害");
	assert_int_equal(count(&f, "event-no-assembly-location", NULL), 1);
	expect_none(&f, "role-no-assembly-location"); /* said once per event instead */
	findings_release(&f);
	plan_release(&p);
}

/* A crisis role without a location while others have one. */
static void test_role_no_assembly_location(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_role(&p, "alt", "代替拠点担当者", "crisis");
	add_holder(&p, "alt", "yamada", 0);
	add_holder(&p, "alt", "sato", 1);
	run(&p, TODAY, &f);
	expect(&f, "role-no-assembly-location", SEV_WARNING, "roles/alt", "代替拠点担当者");
	assert_int_equal(count(&f, "role-no-assembly-location", NULL), 1); /* not promo */
	findings_release(&f);
	plan_release(&p);
}

/* ---- 8. assessment-missing -------------------------------------------- */

/* A tier-A target with no assessment behind it. */
static void test_assessment_missing(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_component(&p, "data_area", "データ領域");
	add_target(&p, "disaster", "data_area", "A", 3); /* mail is A; auth is S: no target */
	run(&p, TODAY, &f);
	expect(&f, "assessment-missing", SEV_WARNING, "assessments/mail/disaster/data_area",
	       "メールシステム / 大規模災害 / データ領域");
	assert_int_equal(count(&f, "assessment-missing", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* ---- 9. gap-no-countermeasure ----------------------------------------- */

/* An open gap with no countermeasure item. */
static void test_gap_no_countermeasure(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_component(&p, "data_area", "データ領域");
	add_target(&p, "disaster", "data_area", "A", 3);
	add_target(&p, "disaster", "data_area", "S", 4);
	add_assessment(&p, "mail", "disaster", "data_area", 1); /* gap 2, no item */
	add_assessment(&p, "auth", "disaster", "data_area", 4); /* no gap */
	run(&p, TODAY, &f);
	expect(&f, "gap-no-countermeasure", SEV_WARNING, "assessments/mail/disaster/data_area",
	       "メールシステム / 大規模災害 / データ領域");
	assert_int_equal(count(&f, "gap-no-countermeasure", NULL), 1); /* hardware has items */
	expect_none(&f, "last-step-short");
	findings_release(&f);
	plan_release(&p);
}

/* ---- 10. item-lowers-level, last-step-short --------------------------- */

/* A step that lowers a level (R5). */
static void test_item_lowers_level(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_cstep(&p, "mail-3", "mail", 3, 2028);
	add_citem(&p, "mail-3-hw", "mail-3", "disaster", "hardware", 1); /* 3 → 1 */
	run(&p, TODAY, &f);
	expect_en(&f, "item-lowers-level", SEV_ERROR, "countermeasure_items/mail-3-hw",
		  "メールシステム ステップ3 / 大規模災害 / ハードウェア",
		  "メールシステム step 3 / 大規模災害 / ハードウェア");
	assert_int_equal(count(&f, "item-lowers-level", NULL), 1);
	expect_none(&f, "last-step-short"); /* the level reached before stands */
	findings_release(&f);
	plan_release(&p);
}

/* The last step leaves hardware below its target. */
static void test_last_step_short(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	p.countermeasure_items[1].level = 2; /* step 2 stays at 2, target 3 */
	run(&p, TODAY, &f);
	expect_en(&f, "last-step-short", SEV_WARNING, "countermeasure_steps/mail-2",
		  "メールシステム ステップ2", "メールシステム step 2");
	assert_int_equal(count(&f, "last-step-short", NULL), 1);
	expect_none(&f, "item-lowers-level");
	expect_none(&f, "gap-no-countermeasure");
	findings_release(&f);
	plan_release(&p);
}

/* ---- 11. training-plan-missing ---------------------------------------- */

/* No training in the current fiscal year: warning, or info before the plan month. */
static void test_training_plan_missing(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	run(&p, "2027-04-10", &f); /* FY2027 has no training; plans are made in April */
	expect_en(&f, "training-plan-missing", SEV_WARNING, "trainings", "令和9年度の教育訓練計画",
		  "FY2027 training plan");
	findings_release(&f);

	p.organisation.training_plan_month = 6; /* not due before June */
	run(&p, "2027-04-10", &f);
	expect_en(&f, "training-plan-missing", SEV_INFO, "trainings", "令和9年度の教育訓練計画",
		  "FY2027 training plan");
	findings_release(&f);

	run(&p, "2027-03-31", &f); /* still FY2026 */
	expect_none(&f, "training-plan-missing");
	findings_release(&f);
	plan_release(&p);
}

/* ---- 12. review-overdue, review-due ----------------------------------- */

/* No annual review after the window: error. */
static void test_review_overdue(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_training(&p, "tr-2027", 2027);
	run(&p, "2027-06-10", &f);
	expect_en(&f, "review-overdue", SEV_ERROR, "reviews", "令和9年度の年次見直し",
		  "FY2027 annual review");
	expect_none(&f, "review-due");
	findings_release(&f);
	plan_release(&p);
}

/* Inside the window: info; a review held clears it. */
static void test_review_due(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_training(&p, "tr-2027", 2027);
	run(&p, "2027-04-10", &f);
	expect_en(&f, "review-due", SEV_INFO, "reviews", "令和9年度の年次見直し",
		  "FY2027 annual review");
	expect_none(&f, "review-overdue");
	findings_release(&f);

	add_review(&p, "rev-2027", "2027-04-25");
	run(&p, "2027-06-10", &f);
	expect_none(&f, "review-overdue");
	expect_none(&f, "review-due");
	findings_release(&f);
	plan_release(&p);
}

/* ---- 13, 14. overrides without reason, system without department ------ */

/* Overrides of RTO and tier need a reason. */
static void test_override_no_reason(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	p.systems[0].rto_override_hours = 15;
	set(&p.systems[1].tier_override, "S");
	set(&p.systems[1].tier_override_reason, "  ");
	run(&p, TODAY, &f);
	expect(&f, "rto-override-no-reason", SEV_WARNING, "systems/mail", "メールシステム");
	expect(&f, "tier-override-no-reason", SEV_WARNING, "systems/auth", "認証基盤");
	findings_release(&f);

	set(&p.systems[0].rto_override_reason, "電話で代替できる時間を再評価");
	set(&p.systems[1].tier_override_reason, "全システムの前提となるため");
	run(&p, TODAY, &f);
	expect_none(&f, "rto-override-no-reason");
	expect_none(&f, "tier-override-no-reason");
	findings_release(&f);
	plan_release(&p);
}

/* An in-scope system without a managing department. */
static void test_system_no_department(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	set(&p.systems[1].department, NULL);
	struct system *s = add_system(&p, "old", "旧システム", NULL);
	s->in_scope = false; /* not in 表1.3-1: not checked */
	run(&p, TODAY, &f);
	expect(&f, "system-no-department", SEV_INFO, "systems/auth", "認証基盤");
	assert_int_equal(count(&f, "system-no-department", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

/* ---- the API around the checks ---------------------------------------- */

/* Findings come by check, then plan order; counts and names; release. */
/* 15: a criterion no JMA report can meet, or naming a role not in the plan. */
static void test_criterion_cannot_match(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	set(&p.assembly_criteria[0].min_intensity, "");
	run(&p, TODAY, &f);
	expect(&f, "criterion-cannot-match", SEV_WARNING, "assembly_criteria/crit-1", "crit-1");
	findings_release(&f);
	set(&p.assembly_criteria[0].min_intensity, "6-");
	set(&p.assembly_criteria[0].roles, "chief\nno-such-role");
	run(&p, TODAY, &f);
	expect(&f, "criterion-cannot-match", SEV_ERROR, "assembly_criteria/crit-1", "crit-1");
	assert_int_equal(count(&f, "criterion-cannot-match", NULL), 1); /* chief exists */
	findings_release(&f);
	set(&p.assembly_criteria[0].roles, "");
	set(&p.assembly_criteria[0].call, "nobody"); /* and no safety check */
	run(&p, TODAY, &f);
	expect(&f, "criterion-calls-nobody", SEV_WARNING, "assembly_criteria/crit-1", "crit-1");
	findings_release(&f);
	p.assembly_criteria[0].ask_everyone = true;
	run(&p, TODAY, &f);
	expect_none(&f, "criterion-calls-nobody");
	findings_release(&f);
	set(&p.assembly_criteria[0].hazard, "tsunami"); /* an intensity, but no tsunami level */
	run(&p, TODAY, &f);
	expect(&f, "criterion-cannot-match", SEV_WARNING, "assembly_criteria/crit-1", "crit-1");
	findings_release(&f);
	plan_release(&p);
}

static void test_order_counts_names(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	add_system(&p, "z-files", "ファイルサーバ", "dept-a");
	add_system(&p, "a-web", "Webサイト", "dept-a");
	add_business(&p, "b2", "優先業務2", 24);
	run(&p, "2027-06-10", &f); /* + training missing (warning), review overdue (error) */
	assert_int_equal(f.n, 5);
	assert_string_equal(f.v[0].element, "systems/z-files"); /* plan order, not id order */
	assert_string_equal(f.v[1].element, "systems/a-web");
	assert_string_equal(f.v[2].code, "business-no-system");
	assert_string_equal(f.v[3].code, "training-plan-missing");
	assert_string_equal(f.v[4].code, "review-overdue");
	assert_int_equal(findings_count(&f, SEV_ERROR), 3);
	assert_int_equal(findings_count(&f, SEV_WARNING), 2);
	assert_int_equal(findings_count(&f, SEV_INFO), 0);
	findings_release(&f);
	assert_int_equal(f.n, 0);
	assert_null(f.v);
	findings_release(&f); /* twice is harmless */
	plan_release(&p);

	assert_string_equal(severity_name(SEV_ERROR, LANG_JA), "エラー");
	assert_string_equal(severity_name(SEV_WARNING, LANG_JA), "警告");
	assert_string_equal(severity_name(SEV_INFO, LANG_JA), "情報");
	assert_string_equal(severity_name(SEV_ERROR, LANG_EN), "error");
	assert_string_equal(severity_name(SEV_WARNING, LANG_EN), "warning");
	assert_string_equal(severity_name(SEV_INFO, LANG_EN), "info");
}

/* English messages use the English name of an element when it has one. */
static void test_english_names(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	struct event_type *e = add_event(&p, "pandemic", "感染症");
	set(&e->name_en, "Infectious disease");
	add_criterion(&p, "crit-2", "pandemic");
	run(&p, TODAY, &f);
	assert_int_equal(count(&f, "event-no-procedure", "events/pandemic"), 1);
	for (size_t i = 0; i < f.n; i++)
		if (strcmp(f.v[i].code, "event-no-procedure") == 0) {
			assert_string_equal(f.v[i].element_name, "感染症");
			assert_non_null(strstr(f.v[i].message_ja, "感染症"));
			assert_non_null(strstr(f.v[i].message_en, "Infectious disease"));
		}
	findings_release(&f);
	plan_release(&p);
}

/* An empty plan checks without crashing; only the yearly cycle is missing. */
static void test_empty_plan(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	plan_init(&p);
	run(&p, TODAY, &f);
	expect_en(&f, "training-plan-missing", SEV_WARNING, "trainings", "令和8年度の教育訓練計画",
		  "FY2026 training plan");
	expect_none(&f, "review-due"); /* June: the window is over */
	assert_int_equal(count(&f, "review-overdue", NULL), 1);
	/* And whatever the documents would print as a placeholder. */
	static const char *const missing[] = {
		"plan-no-purpose",	      "plan-no-report-destination", "plan-no-system-in-scope",
		"plan-no-promotion-roles",    "plan-no-crisis-roles",	    "plan-no-related-department",
		"plan-no-contractor",	      "plan-no-events",		    "plan-no-businesses",
		"plan-no-business-system",    "plan-no-components",	    "plan-no-target-levels",
	};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
		assert_int_equal(count(&f, missing[i], NULL), 1);
	assert_int_equal(f.n, 2 + sizeof missing / sizeof missing[0]);
	findings_release(&f);
	plan_release(&p);
}

/* Every test, clean plan first. */
/* ---- 18. the element rules over a stored plan ------------------------- */

/* A plan stored before import kept the element rules: tier bounds out of
 * order and a step whose last fiscal year is before its first are errors
 * naming the element, the field's rule and the §. */
static void test_element_rules(void **state)
{
	(void)state;
	struct plan p;
	struct findings f = FINDINGS_INIT;
	clean_plan(&p);
	set(&p.organisation.name, "デモ庁");
	p.organisation.tier_max_hours[0] = 100; /* S up to 100 h, A up to 24 h */
	p.countermeasure_steps[1].fy_from = 2028; /* mail-2: 2028 → 2027 */
	run(&p, TODAY, &f);
	expect(&f, "tier-thresholds-order", SEV_ERROR, "organisation", "デモ庁");
	expect(&f, "step-fy-order", SEV_ERROR, "countermeasure_steps/mail-2", "mail-2");
	for (size_t i = 0; i < f.n; i++) {
		if (strcmp(f.v[i].code, "tier-thresholds-order") == 0) {
			assert_string_equal(f.v[i].section, "§5.3");
			assert_non_null(strstr(f.v[i].message_ja, "優先度Aの上限（24時間）"));
		}
		if (strcmp(f.v[i].code, "step-fy-order") == 0)
			assert_string_equal(f.v[i].section, "§3.2");
	}
	/* the override reasons stay check 13's warnings, not repeated */
	p.systems[0].rto_override_hours = 6;
	findings_release(&f);
	run(&p, TODAY, &f);
	assert_int_equal(count(&f, "rto-override-no-reason", NULL), 1);
	findings_release(&f);
	plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_plan),
		cmocka_unit_test(test_system_no_rto),
		cmocka_unit_test(test_business_no_system),
		cmocka_unit_test(test_dependency_rto_order),
		cmocka_unit_test(test_dependency_equal_rto_is_fine),
		cmocka_unit_test(test_dependency_out_of_scope),
		cmocka_unit_test(test_dependency_cycle),
		cmocka_unit_test(test_dependency_cycle_self_and_long),
		cmocka_unit_test(test_dependency_no_cycle),
		cmocka_unit_test(test_role_no_holder),
		cmocka_unit_test(test_role_no_deputy),
		cmocka_unit_test(test_role_several_primaries),
		cmocka_unit_test(test_person_sole_holder),
		cmocka_unit_test(test_contact_no_means),
		cmocka_unit_test(test_event_no_criteria_no_procedure),
		cmocka_unit_test(test_event_no_assembly_location),
		cmocka_unit_test(test_role_no_assembly_location),
		cmocka_unit_test(test_assessment_missing),
		cmocka_unit_test(test_gap_no_countermeasure),
		cmocka_unit_test(test_item_lowers_level),
		cmocka_unit_test(test_last_step_short),
		cmocka_unit_test(test_training_plan_missing),
		cmocka_unit_test(test_review_overdue),
		cmocka_unit_test(test_review_due),
		cmocka_unit_test(test_override_no_reason),
		cmocka_unit_test(test_system_no_department),
		cmocka_unit_test(test_criterion_cannot_match),
		cmocka_unit_test(test_order_counts_names),
		cmocka_unit_test(test_english_names),
		cmocka_unit_test(test_empty_plan),
		cmocka_unit_test(test_element_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
