-- 001_plan.sql — the plan: one table per element kind of src/model/schema.c.
-- Columns carry the schema's field names; pos keeps the planner's order.
-- Written once: later changes go into new numbered migrations.

CREATE TABLE "organisation" (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"plan_title" TEXT NOT NULL DEFAULT '',
	"purpose" TEXT NOT NULL DEFAULT '',
	"bcp_name" TEXT NOT NULL DEFAULT '',
	"bcp_established" TEXT NOT NULL DEFAULT '',
	"scope_note" TEXT NOT NULL DEFAULT '',
	"report_destination" TEXT NOT NULL DEFAULT '',
	"fallback_channels" TEXT NOT NULL DEFAULT '',
	"tier_s_max_hours" INTEGER,
	"tier_a_max_hours" INTEGER,
	"tier_b_max_hours" INTEGER,
	"tier_c_max_hours" INTEGER,
	"tier_d_max_hours" INTEGER,
	"review_month_from" INTEGER,
	"review_month_to" INTEGER,
	"training_plan_month" INTEGER
);

CREATE TABLE "policy" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"text" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "department" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"kind" TEXT NOT NULL DEFAULT '',
	"duties" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "person" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"department" TEXT REFERENCES "department"(id),
	"title" TEXT NOT NULL DEFAULT '',
	"contact_role" TEXT NOT NULL DEFAULT '',
	"phone" TEXT NOT NULL DEFAULT '',
	"alt_site_phone" TEXT NOT NULL DEFAULT '',
	"mobile" TEXT NOT NULL DEFAULT '',
	"home_phone" TEXT NOT NULL DEFAULT '',
	"email" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "role" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"structure" TEXT NOT NULL DEFAULT '',
	"duties" TEXT NOT NULL DEFAULT '',
	"reports_to" TEXT REFERENCES "role"(id)
);

CREATE TABLE "role_holder" (
	pos INTEGER NOT NULL,
	"role" TEXT NOT NULL REFERENCES "role"(id),
	"person" TEXT NOT NULL REFERENCES "person"(id),
	"rank" INTEGER,
	UNIQUE ("role", "person")
);

CREATE TABLE "event_type" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"kind" TEXT NOT NULL DEFAULT '',
	"scenario" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "assembly_criterion" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"automatic" INTEGER NOT NULL DEFAULT 0,
	"condition" TEXT NOT NULL DEFAULT '',
	"min_intensity" TEXT NOT NULL DEFAULT '',
	"area" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "assembly_location" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"role" TEXT NOT NULL REFERENCES "role"(id),
	"priority" INTEGER,
	"place" TEXT NOT NULL DEFAULT '',
	"online" INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE "procedure" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"variant" TEXT NOT NULL DEFAULT '',
	"title" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "procedure_step" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"procedure" TEXT NOT NULL REFERENCES "procedure"(id),
	"no" INTEGER,
	"title" TEXT NOT NULL DEFAULT '',
	"actions" TEXT NOT NULL DEFAULT '',
	"documents" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "step_role" (
	pos INTEGER NOT NULL,
	"step" TEXT NOT NULL REFERENCES "procedure_step"(id),
	"role" TEXT NOT NULL REFERENCES "role"(id),
	UNIQUE ("step", "role")
);

CREATE TABLE "business" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"department" TEXT REFERENCES "department"(id),
	"environment" TEXT NOT NULL DEFAULT '',
	"rto_hours" INTEGER,
	"rlo" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "system" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"department" TEXT REFERENCES "department"(id),
	"summary" TEXT NOT NULL DEFAULT '',
	"in_scope" INTEGER NOT NULL DEFAULT 0,
	"rlo" TEXT NOT NULL DEFAULT '',
	"rlo_percent" INTEGER,
	"rto_override_hours" INTEGER,
	"rto_override_reason" TEXT NOT NULL DEFAULT '',
	"tier_override" TEXT NOT NULL DEFAULT '',
	"tier_override_reason" TEXT NOT NULL DEFAULT '',
	"risks" TEXT NOT NULL DEFAULT '',
	"countermeasures" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "business_system" (
	pos INTEGER NOT NULL,
	"business" TEXT NOT NULL REFERENCES "business"(id),
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"alt_means" TEXT NOT NULL DEFAULT '',
	"alt_hours" INTEGER,
	UNIQUE ("business", "system")
);

CREATE TABLE "system_dependency" (
	pos INTEGER NOT NULL,
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"depends_on" TEXT NOT NULL REFERENCES "system"(id),
	UNIQUE ("system", "depends_on")
);

CREATE TABLE "component" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"category" TEXT NOT NULL DEFAULT '',
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"description" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "level_description" (
	pos INTEGER NOT NULL,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"level" INTEGER,
	"title" TEXT NOT NULL DEFAULT '',
	"description" TEXT NOT NULL DEFAULT '',
	UNIQUE ("event", "component", "level")
);

CREATE TABLE "target_level" (
	pos INTEGER NOT NULL,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"tier" TEXT NOT NULL DEFAULT '',
	"level" INTEGER,
	UNIQUE ("event", "component", "tier")
);

CREATE TABLE "assessment" (
	pos INTEGER NOT NULL,
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"current_level" INTEGER,
	"risk" TEXT NOT NULL DEFAULT '',
	UNIQUE ("system", "event", "component")
);

CREATE TABLE "countermeasure_step" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"no" INTEGER,
	"fy_from" INTEGER,
	"fy_to" INTEGER,
	"contents" TEXT NOT NULL DEFAULT '',
	"effect" TEXT NOT NULL DEFAULT '',
	"residual_risk" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "countermeasure_item" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"step" TEXT NOT NULL REFERENCES "countermeasure_step"(id),
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"measure" TEXT NOT NULL DEFAULT '',
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"level" INTEGER,
	"actions" TEXT NOT NULL DEFAULT '',
	"budget_kyen" INTEGER,
	"fy" INTEGER,
	"owner" TEXT REFERENCES "department"(id),
	"owner_note" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "damage_assumption" (
	pos INTEGER NOT NULL,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"subject" TEXT NOT NULL DEFAULT '',
	"assumption" TEXT NOT NULL DEFAULT '',
	UNIQUE ("event", "subject")
);

CREATE TABLE "training" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"fy" INTEGER,
	"no" INTEGER,
	"title" TEXT NOT NULL DEFAULT '',
	"type" TEXT NOT NULL DEFAULT '',
	"method" TEXT NOT NULL DEFAULT '',
	"audience" TEXT NOT NULL DEFAULT '',
	"months" INTEGER NOT NULL DEFAULT 0,
	"planner" TEXT NOT NULL DEFAULT '',
	"remarks" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "calendar_marker" (
	pos INTEGER NOT NULL,
	"fy" INTEGER,
	"month" INTEGER,
	"label" TEXT NOT NULL DEFAULT '',
	UNIQUE ("fy", "month", "label")
);

CREATE TABLE "training_record" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"training" TEXT NOT NULL REFERENCES "training"(id),
	"date" TEXT NOT NULL DEFAULT '',
	"participants" INTEGER,
	"evaluation" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "review" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"occasion" TEXT NOT NULL DEFAULT '',
	"date" TEXT NOT NULL DEFAULT '',
	"reviewer" TEXT REFERENCES "person"(id),
	"reviewer_name" TEXT NOT NULL DEFAULT '',
	"summary" TEXT NOT NULL DEFAULT ''
);

CREATE TABLE "review_answer" (
	pos INTEGER NOT NULL,
	"review" TEXT NOT NULL REFERENCES "review"(id),
	"question" INTEGER,
	"answer" TEXT NOT NULL DEFAULT '',
	"note" TEXT NOT NULL DEFAULT '',
	UNIQUE ("review", "question")
);

-- References are indexed so that deleting a referred element checks quickly.
CREATE INDEX "person_department" ON "person"("department");
CREATE INDEX "role_reports_to" ON "role"("reports_to");
CREATE INDEX "role_holder_role" ON "role_holder"("role");
CREATE INDEX "role_holder_person" ON "role_holder"("person");
CREATE INDEX "assembly_criterion_event" ON "assembly_criterion"("event");
CREATE INDEX "assembly_location_role" ON "assembly_location"("role");
CREATE INDEX "procedure_event" ON "procedure"("event");
CREATE INDEX "procedure_step_procedure" ON "procedure_step"("procedure");
CREATE INDEX "step_role_step" ON "step_role"("step");
CREATE INDEX "step_role_role" ON "step_role"("role");
CREATE INDEX "business_department" ON "business"("department");
CREATE INDEX "system_department" ON "system"("department");
CREATE INDEX "business_system_business" ON "business_system"("business");
CREATE INDEX "business_system_system" ON "business_system"("system");
CREATE INDEX "system_dependency_system" ON "system_dependency"("system");
CREATE INDEX "system_dependency_depends_on" ON "system_dependency"("depends_on");
CREATE INDEX "level_description_event" ON "level_description"("event");
CREATE INDEX "level_description_component" ON "level_description"("component");
CREATE INDEX "target_level_event" ON "target_level"("event");
CREATE INDEX "target_level_component" ON "target_level"("component");
CREATE INDEX "assessment_system" ON "assessment"("system");
CREATE INDEX "assessment_event" ON "assessment"("event");
CREATE INDEX "assessment_component" ON "assessment"("component");
CREATE INDEX "countermeasure_step_system" ON "countermeasure_step"("system");
CREATE INDEX "countermeasure_item_step" ON "countermeasure_item"("step");
CREATE INDEX "countermeasure_item_event" ON "countermeasure_item"("event");
CREATE INDEX "countermeasure_item_component" ON "countermeasure_item"("component");
CREATE INDEX "countermeasure_item_owner" ON "countermeasure_item"("owner");
CREATE INDEX "damage_assumption_event" ON "damage_assumption"("event");
CREATE INDEX "training_record_training" ON "training_record"("training");
CREATE INDEX "review_reviewer" ON "review"("reviewer");
CREATE INDEX "review_answer_review" ON "review_answer"("review");
