/*
 * schema.c — the field table of every plan element (see schema.h).
 *
 * To add a field: add it to the struct in plan.h, one line here, and a
 * column in a new migration (store/migrations/); test_schema checks that
 * the three agree.
 */
#include "model/schema.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define NAME_MAX_BYTES 200
#define SHORT_MAX_BYTES 1000
#define LONG_MAX_BYTES 16000
#define ID_MAX_BYTES 64
#define LEVEL_MAX 9
#define HOURS_MAX (24 * 366 * 10) /* ten years */
#define KYEN_MAX 1000000000000LL   /* a trillion thousand yen */

#define FID(T) { "id", F_ID, offsetof(struct T, id), FF_REQUIRED, 0, ID_MAX_BYTES, NULL, NULL, 0 }
#define FREF(T, m, kind, fl) { #m, F_REF, offsetof(struct T, m), (fl), 0, ID_MAX_BYTES, kind, NULL, 0 }
#define FTEXT(T, m, max, fl) { #m, F_TEXT, offsetof(struct T, m), (fl), 0, (max), NULL, NULL, 0 }
#define FLONG(T, m, fl) FTEXT(T, m, LONG_MAX_BYTES, (fl) | FF_MULTILINE)
#define FNAME(T, m, fl) FTEXT(T, m, NAME_MAX_BYTES, (fl))
#define FENUM(T, m, ch, fl) { #m, F_ENUM, offsetof(struct T, m), (fl), 0, 0, NULL, ch, 0 }
#define FINT(T, m, lo, hi, dflt, fl) { #m, F_INT, offsetof(struct T, m), (fl), (lo), (hi), NULL, NULL, (dflt) }
#define FBOOL(T, m, dflt) { #m, F_BOOL, offsetof(struct T, m), 0, 0, 1, NULL, NULL, (dflt) }
#define FDATE(T, m, fl) { #m, F_DATE, offsetof(struct T, m), (fl), 0, 10, NULL, NULL, 0 }
#define FMONTHS(T, m) { #m, F_MONTHS, offsetof(struct T, m), 0, 1, 12, NULL, NULL, 0 }

static const char *const department_kinds[] = { "it", "related", "contractor", "csirt", "other", NULL };
static const char *const role_structures[] = { "promotion", "crisis", NULL };
static const char *const event_kinds[] = { "disaster", "security", "pandemic", "other", NULL };
static const char *const intensities[] = { "", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7", NULL };
static const char *const hazards[] = { "earthquake", "tsunami", NULL };
static const char *const tsunami_levels[] = { "", "advisory", "warning", "major", NULL };
static const char *const call_choices[] = { "roles", "everyone", "nobody", NULL };
static const char *const variants[] = { "any", "night_holiday", "weekday_day", NULL };
static const char *const tiers[] = { "S", "A", "B", "C", "D", "E", NULL };
static const char *const tiers_or_none[] = { "", "S", "A", "B", "C", "D", "E", NULL };
static const char *const categories[] = { "human", "facility", "system", "external", NULL };
static const char *const subjects[] = { "staff", "site", "transport", "power", "water",
					"network", "equipment", "data", NULL };
static const char *const training_types[] = { "desk_check", "scenario", "unannounced", "recovery",
					      "switchover", "new_staff", "other", NULL };
static const char *const occasions[] = { "annual", "countermeasure", "training", "new_system",
					 "incident", "other", NULL };
static const char *const answers[] = { "yes", "no", "na", NULL };

static const struct field_def organisation_fields[] = {
	FNAME(organisation, name, FF_REQUIRED),
	FNAME(organisation, name_en, 0),
	FNAME(organisation, plan_title, 0),
	FLONG(organisation, purpose, 0),
	FNAME(organisation, bcp_name, 0),
	FDATE(organisation, bcp_established, 0),
	FLONG(organisation, scope_note, 0),
	FTEXT(organisation, report_destination, SHORT_MAX_BYTES, 0),
	FLONG(organisation, fallback_channels, 0),
	{ "tier_s_max_hours", F_INT, offsetof(struct organisation, tier_max_hours[0]), 0, 0, HOURS_MAX, NULL, NULL, 3 },
	{ "tier_a_max_hours", F_INT, offsetof(struct organisation, tier_max_hours[1]), 0, 0, HOURS_MAX, NULL, NULL, 24 },
	{ "tier_b_max_hours", F_INT, offsetof(struct organisation, tier_max_hours[2]), 0, 0, HOURS_MAX, NULL, NULL, 72 },
	{ "tier_c_max_hours", F_INT, offsetof(struct organisation, tier_max_hours[3]), 0, 0, HOURS_MAX, NULL, NULL, 168 },
	{ "tier_d_max_hours", F_INT, offsetof(struct organisation, tier_max_hours[4]), 0, 0, HOURS_MAX, NULL, NULL, 336 },
	FINT(organisation, review_month_from, 1, 12, 4, 0),
	FINT(organisation, review_month_to, 1, 12, 5, 0),
	FINT(organisation, training_plan_month, 1, 12, 4, 0),
	FINT(organisation, aftershock_window_hours, 0, 168, 6, 0),
	FNAME(organisation, classification, 0),
	FLONG(organisation, policy_statement, 0),
	FLONG(organisation, venue_note, 0),
};

static const struct field_def policy_fields[] = {
	FID(policy),
	FLONG(policy, text, FF_REQUIRED),
};

static const struct field_def department_fields[] = {
	FID(department),
	FNAME(department, name, FF_REQUIRED),
	FENUM(department, kind, department_kinds, FF_REQUIRED),
	FLONG(department, duties, 0),
};

static const struct field_def person_fields[] = {
	FID(person),
	FNAME(person, name, FF_REQUIRED),
	FREF(person, department, "departments", 0),
	FNAME(person, title, 0),
	FNAME(person, contact_role, 0),
	FTEXT(person, phone, 40, 0),
	FTEXT(person, alt_site_phone, 40, 0),
	FTEXT(person, mobile, 40, FF_PERSONAL),
	FTEXT(person, home_phone, 40, FF_PERSONAL),
	FTEXT(person, email, 254, FF_PERSONAL),
	FTEXT(person, email_private, 254, FF_PERSONAL),
	FTEXT(person, own_areas, SHORT_MAX_BYTES, FF_PERSONAL | FF_MULTILINE),
};

static const struct field_def role_fields[] = {
	FID(role),
	FNAME(role, name, FF_REQUIRED),
	FNAME(role, name_en, 0),
	FENUM(role, structure, role_structures, FF_REQUIRED),
	FLONG(role, duties, 0),
	FREF(role, reports_to, "roles", 0),
};

static const struct field_def role_holder_fields[] = {
	FREF(role_holder, role, "roles", FF_REQUIRED | FF_KEY),
	FREF(role_holder, person, "people", FF_REQUIRED | FF_KEY),
	FINT(role_holder, rank, 0, 99, 0, 0),
};

static const struct field_def event_fields[] = {
	FID(event_type),
	FNAME(event_type, name, FF_REQUIRED),
	FNAME(event_type, name_en, 0),
	FENUM(event_type, kind, event_kinds, FF_REQUIRED),
	FLONG(event_type, scenario, 0),
	FLONG(event_type, damage_note, 0), /* migration 023 */
};

static const struct field_def criterion_fields[] = {
	FID(assembly_criterion),
	FREF(assembly_criterion, event, "events", FF_REQUIRED),
	FBOOL(assembly_criterion, automatic, 0),
	FLONG(assembly_criterion, condition, FF_REQUIRED),
	FENUM(assembly_criterion, min_intensity, intensities, 0),
	FENUM(assembly_criterion, hazard, hazards, 0),
	FENUM(assembly_criterion, min_tsunami, tsunami_levels, 0),
	FTEXT(assembly_criterion, areas, SHORT_MAX_BYTES * 4, FF_MULTILINE),
	FTEXT(assembly_criterion, roles, SHORT_MAX_BYTES * 4, FF_MULTILINE),
	FENUM(assembly_criterion, call, call_choices, 0),
	FBOOL(assembly_criterion, ask_everyone, 0),
};

static const struct field_def location_fields[] = {
	FID(assembly_location),
	FREF(assembly_location, role, "roles", FF_REQUIRED),
	FINT(assembly_location, priority, 1, 99, 1, 0),
	FTEXT(assembly_location, place, SHORT_MAX_BYTES, FF_REQUIRED),
	FBOOL(assembly_location, online, 0),
};

static const struct field_def procedure_fields[] = {
	FID(procedure),
	FREF(procedure, event, "events", FF_REQUIRED),
	FENUM(procedure, variant, variants, 0),
	FNAME(procedure, title, 0),
};

static const struct field_def step_fields[] = {
	FID(procedure_step),
	FREF(procedure_step, procedure, "procedures", FF_REQUIRED),
	FINT(procedure_step, no, 1, 999, 1, FF_REQUIRED),
	FNAME(procedure_step, title, FF_REQUIRED),
	FLONG(procedure_step, actions, 0),
	FTEXT(procedure_step, documents, SHORT_MAX_BYTES, FF_MULTILINE),
};

static const struct field_def step_role_fields[] = {
	FREF(step_role, step, "procedure_steps", FF_REQUIRED | FF_KEY),
	FREF(step_role, role, "roles", FF_REQUIRED | FF_KEY),
};

static const struct field_def business_fields[] = {
	FID(business),
	FNAME(business, name, FF_REQUIRED),
	FREF(business, department, "departments", 0),
	FNAME(business, environment, 0),
	FINT(business, rto_hours, 0, HOURS_MAX, NO_VALUE, FF_REQUIRED),
	FTEXT(business, rlo, SHORT_MAX_BYTES, 0),
};

static const struct field_def system_fields[] = {
	FID(system),
	FNAME(system, name, FF_REQUIRED),
	FREF(system, department, "departments", 0),
	FTEXT(system, summary, SHORT_MAX_BYTES, 0),
	FBOOL(system, in_scope, 1),
	FTEXT(system, rlo, SHORT_MAX_BYTES, 0),
	FINT(system, rlo_percent, 0, 100, NO_VALUE, 0),
	FINT(system, rto_override_hours, 0, HOURS_MAX, NO_VALUE, 0),
	FTEXT(system, rto_override_reason, SHORT_MAX_BYTES, 0),
	FENUM(system, tier_override, tiers_or_none, 0),
	FTEXT(system, tier_override_reason, SHORT_MAX_BYTES, 0),
	FLONG(system, risks, 0),
	FLONG(system, countermeasures, 0),
};

static const struct field_def business_system_fields[] = {
	FREF(business_system, business, "businesses", FF_REQUIRED | FF_KEY),
	FREF(business_system, system, "systems", FF_REQUIRED | FF_KEY),
	FTEXT(business_system, alt_means, SHORT_MAX_BYTES, 0),
	FINT(business_system, alt_hours, 0, HOURS_MAX, 0, 0),
};

static const struct field_def dependency_fields[] = {
	FREF(system_dependency, system, "systems", FF_REQUIRED | FF_KEY),
	FREF(system_dependency, depends_on, "systems", FF_REQUIRED | FF_KEY),
};

static const struct field_def component_fields[] = {
	FID(component),
	FENUM(component, category, categories, FF_REQUIRED),
	FNAME(component, name, FF_REQUIRED),
	FNAME(component, name_en, 0),
	FLONG(component, description, 0),
};

static const struct field_def level_description_fields[] = {
	FREF(level_description, event, "events", FF_REQUIRED | FF_KEY),
	FREF(level_description, component, "components", FF_REQUIRED | FF_KEY),
	FINT(level_description, level, 0, LEVEL_MAX, NO_VALUE, FF_REQUIRED | FF_KEY),
	FNAME(level_description, title, FF_REQUIRED),
	FLONG(level_description, description, 0),
};

static const struct field_def target_level_fields[] = {
	FREF(target_level, event, "events", FF_REQUIRED | FF_KEY),
	FREF(target_level, component, "components", FF_REQUIRED | FF_KEY),
	FENUM(target_level, tier, tiers, FF_REQUIRED | FF_KEY),
	FINT(target_level, level, 0, LEVEL_MAX, NO_VALUE, FF_REQUIRED),
};

static const struct field_def assessment_fields[] = {
	FREF(assessment, system, "systems", FF_REQUIRED | FF_KEY),
	FREF(assessment, event, "events", FF_REQUIRED | FF_KEY),
	FREF(assessment, component, "components", FF_REQUIRED | FF_KEY),
	FINT(assessment, current_level, 0, LEVEL_MAX, NO_VALUE, FF_REQUIRED),
	FLONG(assessment, risk, 0),
};

static const struct field_def cstep_fields[] = {
	FID(countermeasure_step),
	FREF(countermeasure_step, system, "systems", FF_REQUIRED),
	FINT(countermeasure_step, no, 1, 99, 1, FF_REQUIRED),
	FINT(countermeasure_step, fy_from, 2000, 2200, NO_VALUE, 0),
	FINT(countermeasure_step, fy_to, 2000, 2200, NO_VALUE, 0),
	FLONG(countermeasure_step, contents, 0),
	FLONG(countermeasure_step, effect, 0),
	FLONG(countermeasure_step, residual_risk, 0),
};

static const struct field_def citem_fields[] = {
	FID(countermeasure_item),
	FREF(countermeasure_item, step, "countermeasure_steps", FF_REQUIRED),
	FREF(countermeasure_item, event, "events", FF_REQUIRED),
	FTEXT(countermeasure_item, measure, SHORT_MAX_BYTES, 0),
	FREF(countermeasure_item, component, "components", FF_REQUIRED),
	FINT(countermeasure_item, level, 0, LEVEL_MAX, NO_VALUE, FF_REQUIRED),
	FLONG(countermeasure_item, actions, 0),
	FINT(countermeasure_item, budget_kyen, 0, KYEN_MAX, NO_VALUE, 0),
	FINT(countermeasure_item, fy, 2000, 2200, NO_VALUE, 0),
	FREF(countermeasure_item, owner, "departments", 0),
	FNAME(countermeasure_item, owner_note, 0),
};

static const struct field_def damage_fields[] = {
	FREF(damage_assumption, event, "events", FF_REQUIRED | FF_KEY),
	FENUM(damage_assumption, subject, subjects, FF_REQUIRED | FF_KEY),
	FLONG(damage_assumption, assumption, FF_REQUIRED),
};

static const struct field_def training_fields[] = {
	FID(training),
	FINT(training, fy, 2000, 2200, NO_VALUE, FF_REQUIRED),
	FINT(training, no, 1, 999, 1, 0),
	FNAME(training, title, FF_REQUIRED),
	FENUM(training, type, training_types, FF_REQUIRED),
	FNAME(training, method, 0),
	FNAME(training, audience, 0),
	FMONTHS(training, months),
	FNAME(training, planner, 0),
	FTEXT(training, remarks, SHORT_MAX_BYTES, 0),
};

static const struct field_def marker_fields[] = {
	FINT(calendar_marker, fy, 2000, 2200, NO_VALUE, FF_REQUIRED | FF_KEY),
	FINT(calendar_marker, month, 1, 12, NO_VALUE, FF_REQUIRED | FF_KEY),
	FNAME(calendar_marker, label, FF_REQUIRED | FF_KEY),
};

static const struct field_def training_record_fields[] = {
	FID(training_record),
	FREF(training_record, training, "trainings", FF_REQUIRED),
	FDATE(training_record, date, FF_REQUIRED),
	FINT(training_record, participants, 0, 1000000, NO_VALUE, 0),
	FLONG(training_record, evaluation, 0),
};

static const struct field_def review_fields[] = {
	FID(review),
	FENUM(review, occasion, occasions, FF_REQUIRED),
	FDATE(review, date, FF_REQUIRED),
	FREF(review, reviewer, "people", 0),
	FNAME(review, reviewer_name, 0),
	FLONG(review, summary, 0),
};

static const struct field_def review_answer_fields[] = {
	FREF(review_answer, review, "reviews", FF_REQUIRED | FF_KEY),
	FINT(review_answer, question, 1, 14, NO_VALUE, FF_REQUIRED | FF_KEY),
	FENUM(review_answer, answer, answers, FF_REQUIRED),
	FTEXT(review_answer, note, SHORT_MAX_BYTES, 0),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define ENTITY(T, member, key, tbl, ja, en, maxn)                                      \
	{ key, tbl, ja, en, sizeof(struct T), offsetof(struct plan, member),           \
	  offsetof(struct plan, n_##member), T##_FIELDS, COUNT(T##_FIELDS), (maxn) }

#define policy_FIELDS policy_fields
#define department_FIELDS department_fields
#define person_FIELDS person_fields
#define role_FIELDS role_fields
#define role_holder_FIELDS role_holder_fields
#define event_type_FIELDS event_fields
#define assembly_criterion_FIELDS criterion_fields
#define assembly_location_FIELDS location_fields
#define procedure_FIELDS procedure_fields
#define procedure_step_FIELDS step_fields
#define step_role_FIELDS step_role_fields
#define business_FIELDS business_fields
#define system_FIELDS system_fields
#define business_system_FIELDS business_system_fields
#define system_dependency_FIELDS dependency_fields
#define component_FIELDS component_fields
#define level_description_FIELDS level_description_fields
#define target_level_FIELDS target_level_fields
#define assessment_FIELDS assessment_fields
#define countermeasure_step_FIELDS cstep_fields
#define countermeasure_item_FIELDS citem_fields
#define damage_assumption_FIELDS damage_fields
#define training_FIELDS training_fields
#define calendar_marker_FIELDS marker_fields
#define training_record_FIELDS training_record_fields
#define review_FIELDS review_fields
#define review_answer_FIELDS review_answer_fields

const struct entity_def schema_entities[] = {
	ENTITY(policy, policies, "policies", "policy", "基本方針", "policy item", 100),
	ENTITY(department, departments, "departments", "department", "部局・組織", "department", 10000),
	ENTITY(person, people, "people", "person", "担当者", "person", 200000),
	ENTITY(role, roles, "roles", "role", "役割", "role", 10000),
	ENTITY(role_holder, role_holders, "role_holders", "role_holder", "役割の担当", "role holder", 200000),
	ENTITY(event_type, events, "events", "event_type", "危機的事象", "event type", 100),
	ENTITY(assembly_criterion, assembly_criteria, "assembly_criteria", "assembly_criterion", "参集基準", "assembly criterion", 1000),
	ENTITY(assembly_location, assembly_locations, "assembly_locations", "assembly_location", "参集場所", "assembly location", 10000),
	ENTITY(procedure, procedures, "procedures", "procedure", "対応手順", "procedure", 1000),
	ENTITY(procedure_step, procedure_steps, "procedure_steps", "procedure_step", "対応手順の項目", "procedure step", 20000),
	ENTITY(step_role, step_roles, "step_roles", "step_role", "手順の担当役割", "step role", 100000),
	ENTITY(business, businesses, "businesses", "business", "非常時優先業務", "priority business", 20000),
	ENTITY(system, systems, "systems", "system", "情報システム", "system", 20000),
	ENTITY(business_system, business_systems, "business_systems", "business_system", "業務と情報システムの関連", "business–system link", 400000),
	ENTITY(system_dependency, system_dependencies, "system_dependencies", "system_dependency", "システム間の依存", "system dependency", 200000),
	ENTITY(component, components, "components", "component", "構成要素", "component", 100),
	ENTITY(level_description, level_descriptions, "level_descriptions", "level_description", "対策レベルの内容", "level description", 10000),
	ENTITY(target_level, target_levels, "target_levels", "target_level", "目標対策レベル", "target level", 10000),
	ENTITY(assessment, assessments, "assessments", "assessment", "現状対策レベルとリスク", "assessment", 1000000),
	ENTITY(countermeasure_step, countermeasure_steps, "countermeasure_steps", "countermeasure_step", "事前対策ステップ", "countermeasure step", 100000),
	ENTITY(countermeasure_item, countermeasure_items, "countermeasure_items", "countermeasure_item", "事前対策の実施内容", "countermeasure item", 1000000),
	ENTITY(damage_assumption, damage_assumptions, "damage_assumptions", "damage_assumption", "被害想定", "damage assumption", 10000),
	ENTITY(training, trainings, "trainings", "training", "教育訓練", "training", 100000),
	ENTITY(calendar_marker, calendar_markers, "calendar_markers", "calendar_marker", "訓練カレンダーの目印", "calendar marker", 10000),
	ENTITY(training_record, training_records, "training_records", "training_record", "教育訓練の実施記録", "training record", 100000),
	ENTITY(review, reviews, "reviews", "review", "見直し", "review", 100000),
	ENTITY(review_answer, review_answers, "review_answers", "review_answer", "見直し事項の確認結果", "review answer", 1000000),
};
const size_t schema_n_entities = COUNT(schema_entities);

const struct entity_def schema_organisation = {
	"organisation", "organisation", "組織と方針", "organisation", sizeof(struct organisation),
	0, 0, organisation_fields, COUNT(organisation_fields), 1
};

const struct entity_def *schema_entity(const char *key)
{
	for (size_t i = 0; i < schema_n_entities; i++)
		if (strcmp(schema_entities[i].key, key) == 0)
			return &schema_entities[i];
	if (strcmp(key, schema_organisation.key) == 0)
		return &schema_organisation;
	return NULL;
}

bool schema_id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SCHEMA_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
		if (!ok)
			return false;
	}
	return s[0] != '-';
}

const struct field_def *schema_field(const struct entity_def *e, const char *name)
{
	for (size_t i = 0; i < e->n_fields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

/* Keys of older plan documents and the fields they became. */
static const struct {
	const char *kind, *old, *now;
} aliases[] = {
	{ "assembly_criteria", "area", "areas" }, /* one area became a list (migration 015) */
};

const struct field_def *schema_field_alias(const struct entity_def *e, const char *key)
{
	for (size_t i = 0; i < COUNT(aliases); i++)
		if (strcmp(e->key, aliases[i].kind) == 0 && strcmp(key, aliases[i].old) == 0)
			return schema_field(e, aliases[i].now);
	return NULL;
}

bool schema_has_aliases(const struct entity_def *e)
{
	for (size_t i = 0; i < COUNT(aliases); i++)
		if (strcmp(e->key, aliases[i].kind) == 0)
			return true;
	return false;
}

const struct field_def *schema_id_field(const struct entity_def *e)
{
	for (size_t i = 0; i < e->n_fields; i++)
		if (e->fields[i].type == F_ID)
			return &e->fields[i];
	return NULL;
}

size_t schema_count(const struct entity_def *e, const struct plan *p)
{
	if (e == &schema_organisation)
		return 1;
	return *(const size_t *)((const char *)p + e->count_offset);
}

void *schema_element(const struct entity_def *e, const struct plan *p, size_t i)
{
	if (e == &schema_organisation)
		return (void *)&p->organisation;
	char *arr = *(char *const *)((const char *)p + e->array_offset);
	return arr + i * e->size;
}

void schema_element_defaults(const struct entity_def *e, void *elem)
{
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		void *ptr = FIELD_PTR(elem, f);
		switch (f->type) {
		case F_ID:
		case F_TEXT:
		case F_ENUM:
		case F_DATE:
			*(char **)ptr = xstrdup(f->type == F_ENUM && f->choices ? f->choices[0] : "");
			break;
		case F_REF:
			*(char **)ptr = NULL;
			break;
		case F_INT:
			*(int64_t *)ptr = f->dflt;
			break;
		case F_BOOL:
			*(bool *)ptr = f->dflt != 0;
			break;
		case F_MONTHS:
			*(uint16_t *)ptr = 0;
			break;
		}
	}
}

void *schema_append(const struct entity_def *e, struct plan *p)
{
	char **arr = (char **)((char *)p + e->array_offset);
	size_t *n = (size_t *)((char *)p + e->count_offset);
	/* Arrays grow by doubling; capacity is implied by the count (powers of two). */
	size_t cap = 0;
	if (*n)
		for (cap = 8; cap < *n; cap *= 2)
			;
	if (*n == cap) {
		size_t newcap = cap ? cap * 2 : 8;
		*arr = xrealloc(*arr, newcap * e->size);
	}
	void *elem = *arr + *n * e->size;
	memset(elem, 0, e->size);
	schema_element_defaults(e, elem);
	(*n)++;
	return elem;
}

void schema_element_release(const struct entity_def *e, void *elem)
{
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		switch (f->type) {
		case F_ID:
		case F_REF:
		case F_TEXT:
		case F_ENUM:
		case F_DATE: {
			char **s = FIELD_PTR(elem, f);
			free(*s);
			*s = NULL;
			break;
		}
		case F_INT:
		case F_BOOL:
		case F_MONTHS:
			break;
		}
	}
}

void schema_element_key(const struct entity_def *e, const void *elem, struct buf *out)
{
	bool first = true;
	for (size_t i = 0; i < e->n_fields; i++) {
		const struct field_def *f = &e->fields[i];
		if (f->type != F_ID && !(f->flags & FF_KEY))
			continue;
		const void *ptr = FIELD_PTR(elem, f);
		if (!first)
			buf_addc(out, '/');
		first = false;
		if (f->type == F_INT)
			buf_add_int(out, *(const int64_t *)ptr);
		else
			buf_adds(out, *(char *const *)ptr ? *(char *const *)ptr : "");
	}
}
