/*
 * plan.h — the whole IT continuity plan (情報システム運用継続計画) as plain structs.
 *
 * One struct per kind of plan element, one array per kind in struct plan.
 * The layout follows the NISC appendix (付録); the § each element answers to
 * is written beside it.  There is no behaviour here beyond init/release and
 * lookup by id: the rules live in rules/, storage in store/, the interchange
 * format in format/.  model/schema.c describes every field of every struct
 * (type, bounds, references) so that import, export and storage are written
 * once, generically.
 *
 * Conventions, relied upon everywhere:
 *   - text fields (char *) are never NULL once a plan is loaded: "" is empty;
 *   - reference fields (char *, holding another element's id) are NULL when
 *     unset and otherwise name an element that exists (import checks this);
 *   - integer fields are int64_t; an optional one holds NO_VALUE when unset.
 *     Every integer in this domain (hours, levels, budgets, years) is >= 0;
 *   - arrays keep the order the planner gave (table row order in documents).
 * Everything a struct plan points to is owned by it; plan_release() frees it.
 */
#ifndef ITBCP_MODEL_PLAN_H
#define ITBCP_MODEL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NO_VALUE ((int64_t)-1)

/* Recovery priority tiers of 表5.3-3, fastest first. */
enum tier { TIER_NONE = -1, TIER_S = 0, TIER_A, TIER_B, TIER_C, TIER_D, TIER_E, TIER_COUNT };

/* §1.1–1.2 and the agency's settings (singleton). */
struct organisation {
	char *name;               /* [政府機関等] */
	char *name_en;
	char *plan_title;         /* 情報システム運用継続計画 */
	char *purpose;            /* §1.1 本計画の策定趣旨 */
	char *bcp_name;           /* the agency's 業務継続計画 */
	char *bcp_established;    /* YYYY-MM-DD, or "" */
	char *scope_note;         /* §1.3 text after 表1.3-1 */
	char *report_destination; /* [危機的事象発生時報告先] */
	char *fallback_channels;  /* §2.2.1 means when normal channels fail */
	/* 表5.3-3: upper bound in hours of tiers S..D; longer is E (R2). */
	int64_t tier_max_hours[TIER_COUNT - 1];
	int64_t review_month_from; /* §4.2.3 annual review window, 1..12 */
	int64_t review_month_to;
	int64_t training_plan_month; /* §4.1(2) month the yearly plan is made */
	/* a JMA report in an incident's areas within this many hours of its
	 * start joins it (an aftershock) instead of starting another */
	int64_t aftershock_window_hours;
	/* Migration 020: the marking on every page of the plan's documents
	 * (機密性2 …, "" for none), and the agency's wording of the §1.2 box
	 * and of the §2.1.4 paragraph on other venues ("": the appendix's). */
	char *classification;
	char *policy_statement;
	char *venue_note;
};

/* §1.2 基本方針, one item each. */
struct policy {
	char *id;
	char *text;
};

/* Departments of the agency, related departments, contractors (§1.4, §2.2.2). */
struct department {
	char *id;
	char *name;
	char *kind;   /* "it" | "related" | "contractor" | "csirt" | "other" */
	char *duties; /* 役割の概要 in 表1.4-2 */
};

/* A person: agency staff, or a contact at a related department or contractor.
 * mobile, home_phone, email and email_private are personal data (marked in
 * the schema).  email is the work address, email_private a second one that
 * messages go to after it, in that order (migration 014). */
struct person {
	char *id;
	char *name;
	char *department;   /* ref departments */
	char *title;        /* 役職 */
	char *contact_role; /* 役割 in the contact lists of 表2.2-1/2.2-2 */
	char *phone;        /* work phone */
	char *alt_site_phone;
	char *mobile;       /* personal */
	char *home_phone;   /* personal */
	char *email;        /* personal */
	char *email_private; /* personal: a second, private address */
	/* personal: areas of their own (home, workplace), JMA area names,
	 * prefectures or codes, one per line: an earthquake meeting a
	 * criterion's intensity there asks them whether they are safe */
	char *own_areas;
};

/* A role of 表1.4-1 (structure "promotion") or 表2.1-1 ("crisis"). */
struct role {
	char *id;
	char *name;
	char *name_en;
	char *structure;  /* "promotion" | "crisis" */
	char *duties;     /* 役割の概要, one duty per line */
	char *reports_to; /* ref roles: the command structure of 図2.2-1 */
};

/* Who holds a role: rank 0 is the primary holder, 1, 2 … the deputies. */
struct role_holder {
	char *role;   /* ref roles */
	char *person; /* ref people */
	int64_t rank;
};

/* §2.1.1 / §5.1 crisis event types with their scenario conditions. */
struct event_type {
	char *id;
	char *name;
	char *name_en;
	char *kind;     /* "disaster" | "security" | "pandemic" | "other" */
	char *scenario; /* §5.1(2) conditions, one per line */
	char *damage_note; /* §5.2, after the event's 表5.2-n: the agency's own
			    * words on how its damage was assumed, one
			    * paragraph per line; empty prints nothing */
};

/* §2.1.3 参集基準, as prose (condition) and as data a JMA report is
 * checked against (rules/crisis_criteria.c): the hazard, its threshold,
 * the areas, and who is called in or asked whether they are safe. */
struct assembly_criterion {
	char *id;
	char *event;         /* ref events */
	bool automatic;      /* automatic assembly, else on the chief's decision */
	char *condition;     /* the criterion as written in the plan */
	char *min_intensity; /* JMA seismic intensity "" | 1..4 | 5- 5+ 6- 6+ | 7 */
	char *hazard;        /* "earthquake" (JMA intensity) | "tsunami" (warning level) */
	char *min_tsunami;   /* "" | advisory 津波注意報 | warning 津波警報 | major 大津波警報 */
	char *areas;         /* prefectures, JMA area names or codes, one per line; "" anywhere */
	char *roles;         /* role ids whose holders are called in, one per line;
			      * "" = every crisis role (表2.1-1) */
	char *call;          /* who is called in: "roles" (the above) | "everyone" in the
			      * people list | "nobody" (a safety check only) */
	bool ask_everyone;   /* ask everyone else in the people list if safe (安否確認) */
};

/* §2.1.4 参集場所: per role, in priority order. */
struct assembly_location {
	char *id;
	char *role; /* ref roles */
	int64_t priority; /* 1 = 第1順位 */
	char *place;
	bool online;
};

/* §2.3.2 a response procedure per event type and time variant. */
struct procedure {
	char *id;
	char *event;   /* ref events */
	char *variant; /* "night_holiday" | "weekday_day" | "any" */
	char *title;
};

struct procedure_step {
	char *id;
	char *procedure; /* ref procedures */
	int64_t no;      /* 項番 */
	char *title;
	char *actions;   /* one action per line */
	char *documents; /* 参照文書類 */
};

/* Responsible roles of a procedure step. */
struct step_role {
	char *step; /* ref procedure_steps */
	char *role; /* ref roles */
};

/* 別表1 非常時優先業務. */
struct business {
	char *id;
	char *name;
	char *department;  /* ref departments */
	char *environment; /* 環境: 外部委託先 / 省庁内 / 関係各所 … */
	int64_t rto_hours; /* 業務目標復旧時間 */
	char *rlo;
};

/* §1.3 scope, §5.3 RTO/RLO/tier, 別表1 risks and countermeasures. */
struct system {
	char *id;
	char *name;
	char *department; /* ref departments: 運用管理主体 */
	char *summary;    /* システム概要 */
	bool in_scope;
	char *rlo;        /* RLO as the plan words it, e.g. 平時の50%まで復旧 */
	int64_t rlo_percent;         /* 0..100, or NO_VALUE; 100 = 完全復旧 */
	int64_t rto_override_hours;  /* NO_VALUE unless a planner overrides R1 */
	char *rto_override_reason;
	char *tier_override;         /* "" or "S".."E" (R2 override) */
	char *tier_override_reason;
	char *risks;           /* 別表1 リスク・課題 */
	char *countermeasures; /* 別表1 リスク・課題に対する対策 */
};

/* 別表1 ●: business uses system, with its alternative means (R1). */
struct business_system {
	char *business; /* ref businesses */
	char *system;   /* ref systems */
	char *alt_means;
	int64_t alt_hours; /* time the business continues without the system */
};

/* system depends on depends_on (authentication platform, backbone LAN …). */
struct system_dependency {
	char *system;     /* ref systems */
	char *depends_on; /* ref systems */
};

/* §5.4.1 構成要素. */
struct component {
	char *id;       /* staff, facility, hardware, system_area, data_area, network, contractor */
	char *category; /* "human" | "facility" | "system" | "external" */
	char *name;
	char *name_en;
	char *description;
};

/* §5.4.2 表5.4-2..5: what a level means, per event type and component. */
struct level_description {
	char *event;     /* ref events */
	char *component; /* ref components */
	int64_t level;
	char *title;
	char *description;
};

/* §5.4.2 the target-level matrix (R3). */
struct target_level {
	char *event;     /* ref events */
	char *component; /* ref components */
	char *tier;      /* "S".."E" */
	int64_t level;
};

/* §3.1 表3.1-1: current level and risk per system × event × component. */
struct assessment {
	char *system;    /* ref systems */
	char *event;     /* ref events */
	char *component; /* ref components */
	int64_t current_level;
	char *risk;
};

/* §3.2 表3.2-1: a step of the pre-countermeasure plan of one system. */
struct countermeasure_step {
	char *id;
	char *system; /* ref systems */
	int64_t no;   /* ステップ 1, 2 … */
	int64_t fy_from; /* fiscal years (Gregorian year of April), R6 */
	int64_t fy_to;
	char *contents;
	char *effect;
	char *residual_risk;
};

/* §3.2 表3.2-2: what one step does to one component. */
struct countermeasure_item {
	char *id;
	char *step;      /* ref countermeasure_steps */
	char *event;     /* ref events: the assessment this item answers */
	char *measure;   /* e.g. (1) 大規模災害に備えた現状の情報システムの堅牢化 */
	char *component; /* ref components */
	int64_t level;   /* ステップ到達レベル */
	char *actions;
	int64_t budget_kyen; /* 必要予算 (千円), or NO_VALUE when not yet known */
	int64_t fy;          /* fiscal year of the spend; NO_VALUE = the step's fy_from */
	char *owner;         /* ref departments: 実施主体 */
	char *owner_note;    /* e.g. ○担当 */
};

/* §5.2 表5.2-1..3 damage assumptions. */
struct damage_assumption {
	char *event;   /* ref events */
	char *subject; /* staff|site|transport|power|water|network|equipment|data */
	char *assumption;
};

/* §4.1 one row of a fiscal year's training plan. */
struct training {
	char *id;
	int64_t fy;
	int64_t no;
	char *title;    /* 教育訓練内容 */
	char *type;     /* desk_check|scenario|unannounced|recovery|switchover|new_staff|other */
	char *method;   /* 教育訓練方法 */
	char *audience; /* 受講対象 */
	uint16_t months; /* bit m set (1..12) = held in month m */
	char *planner;  /* 企画者 */
	char *remarks;
};

/* §4.1 ▼ markers in the training calendar (plan review, earthquake drill). */
struct calendar_marker {
	int64_t fy;
	int64_t month;
	char *label;
};

/* A training held, with its evaluation (§4.1(3)). */
struct training_record {
	char *id;
	char *training; /* ref trainings */
	char *date;     /* YYYY-MM-DD */
	int64_t participants;
	char *evaluation;
};

/* §4.2 a review of the plan. */
struct review {
	char *id;
	char *occasion; /* annual|countermeasure|training|new_system|incident|other */
	char *date;     /* YYYY-MM-DD */
	char *reviewer; /* ref people, or NULL */
	char *reviewer_name;
	char *summary;
};

/* 表4.2-2 answers of an annual review: question 1..14. */
struct review_answer {
	char *review; /* ref reviews */
	int64_t question;
	char *answer; /* "yes" | "no" | "na" */
	char *note;
};

/* Generates the arrays of struct plan: X(type, member, json_key). The order
 * is dependency order: an element refers only to kinds listed above it. */
#define PLAN_ARRAYS(X)                                                   \
	X(policy, policies, "policies")                                      \
	X(department, departments, "departments")                            \
	X(person, people, "people")                                          \
	X(role, roles, "roles")                                              \
	X(role_holder, role_holders, "role_holders")                         \
	X(event_type, events, "events")                                      \
	X(assembly_criterion, assembly_criteria, "assembly_criteria")        \
	X(assembly_location, assembly_locations, "assembly_locations")       \
	X(procedure, procedures, "procedures")                               \
	X(procedure_step, procedure_steps, "procedure_steps")                \
	X(step_role, step_roles, "step_roles")                               \
	X(business, businesses, "businesses")                                \
	X(system, systems, "systems")                                        \
	X(business_system, business_systems, "business_systems")             \
	X(system_dependency, system_dependencies, "system_dependencies")     \
	X(component, components, "components")                               \
	X(level_description, level_descriptions, "level_descriptions")       \
	X(target_level, target_levels, "target_levels")                      \
	X(assessment, assessments, "assessments")                            \
	X(countermeasure_step, countermeasure_steps, "countermeasure_steps") \
	X(countermeasure_item, countermeasure_items, "countermeasure_items") \
	X(damage_assumption, damage_assumptions, "damage_assumptions")       \
	X(training, trainings, "trainings")                                  \
	X(calendar_marker, calendar_markers, "calendar_markers")             \
	X(training_record, training_records, "training_records")             \
	X(review, reviews, "reviews")                                        \
	X(review_answer, review_answers, "review_answers")

struct plan {
	struct organisation organisation;
#define PLAN_ARRAY_MEMBER(type, member, key) \
	struct type *member;                      \
	size_t n_##member;
	PLAN_ARRAYS(PLAN_ARRAY_MEMBER)
#undef PLAN_ARRAY_MEMBER
};

/* A zeroed plan is empty and valid to release. */
#define PLAN_INIT {0}

void plan_init(struct plan *p);
/* Frees everything the plan owns; the plan is empty (and reusable) after. */
void plan_release(struct plan *p);

/* Lookup by id; NULL when absent or id is NULL.  Borrowed from the plan. */
const struct department *plan_department(const struct plan *p, const char *id);
const struct person *plan_person(const struct plan *p, const char *id);
const struct role *plan_role(const struct plan *p, const char *id);
const struct event_type *plan_event(const struct plan *p, const char *id);
const struct procedure *plan_procedure(const struct plan *p, const char *id);
const struct procedure_step *plan_procedure_step(const struct plan *p, const char *id);
const struct business *plan_business(const struct plan *p, const char *id);
const struct system *plan_system(const struct plan *p, const char *id);
const struct component *plan_component(const struct plan *p, const char *id);
const struct countermeasure_step *plan_countermeasure_step(const struct plan *p, const char *id);
const struct training *plan_training(const struct plan *p, const char *id);
const struct review *plan_review(const struct plan *p, const char *id);

#endif
