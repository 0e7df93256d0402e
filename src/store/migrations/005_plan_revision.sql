-- 005_plan_revision.sql — a counter that moves with every change to the plan.
-- Written once: later changes go into new numbered migrations.
--
-- Each web worker keeps the plan it last read (store_plan_cached) and what
-- it derived from it (the dashboard, documents).  PRAGMA data_version says
-- only that *something* was committed — a check-in, a session, an audit
-- row — and in a crisis that is hundreds of times a second, while the plan
-- itself stays still.  This counter moves only when a plan table does, so
-- the readers keep their plan (and the dashboard its figures) through a
-- burst of check-ins.  One trigger per plan table and change, so every
-- writer counts, whatever module or tool it is.
CREATE TABLE plan_revision (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	n INTEGER NOT NULL
);
INSERT INTO plan_revision (singleton, n) VALUES (1, 0);

CREATE TRIGGER "organisation_rev_i" AFTER INSERT ON "organisation" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "organisation_rev_u" AFTER UPDATE ON "organisation" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "organisation_rev_d" AFTER DELETE ON "organisation" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "policy_rev_i" AFTER INSERT ON "policy" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "policy_rev_u" AFTER UPDATE ON "policy" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "policy_rev_d" AFTER DELETE ON "policy" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "department_rev_i" AFTER INSERT ON "department" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "department_rev_u" AFTER UPDATE ON "department" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "department_rev_d" AFTER DELETE ON "department" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "person_rev_i" AFTER INSERT ON "person" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "person_rev_u" AFTER UPDATE ON "person" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "person_rev_d" AFTER DELETE ON "person" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_rev_i" AFTER INSERT ON "role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_rev_u" AFTER UPDATE ON "role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_rev_d" AFTER DELETE ON "role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_holder_rev_i" AFTER INSERT ON "role_holder" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_holder_rev_u" AFTER UPDATE ON "role_holder" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_holder_rev_d" AFTER DELETE ON "role_holder" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "event_type_rev_i" AFTER INSERT ON "event_type" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "event_type_rev_u" AFTER UPDATE ON "event_type" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "event_type_rev_d" AFTER DELETE ON "event_type" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_criterion_rev_i" AFTER INSERT ON "assembly_criterion" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_criterion_rev_u" AFTER UPDATE ON "assembly_criterion" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_criterion_rev_d" AFTER DELETE ON "assembly_criterion" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_location_rev_i" AFTER INSERT ON "assembly_location" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_location_rev_u" AFTER UPDATE ON "assembly_location" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_location_rev_d" AFTER DELETE ON "assembly_location" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_rev_i" AFTER INSERT ON "procedure" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_rev_u" AFTER UPDATE ON "procedure" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_rev_d" AFTER DELETE ON "procedure" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_step_rev_i" AFTER INSERT ON "procedure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_step_rev_u" AFTER UPDATE ON "procedure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_step_rev_d" AFTER DELETE ON "procedure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "step_role_rev_i" AFTER INSERT ON "step_role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "step_role_rev_u" AFTER UPDATE ON "step_role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "step_role_rev_d" AFTER DELETE ON "step_role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_rev_i" AFTER INSERT ON "business" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_rev_u" AFTER UPDATE ON "business" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_rev_d" AFTER DELETE ON "business" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_rev_i" AFTER INSERT ON "system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_rev_u" AFTER UPDATE ON "system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_rev_d" AFTER DELETE ON "system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_system_rev_i" AFTER INSERT ON "business_system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_system_rev_u" AFTER UPDATE ON "business_system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_system_rev_d" AFTER DELETE ON "business_system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_dependency_rev_i" AFTER INSERT ON "system_dependency" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_dependency_rev_u" AFTER UPDATE ON "system_dependency" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_dependency_rev_d" AFTER DELETE ON "system_dependency" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "component_rev_i" AFTER INSERT ON "component" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "component_rev_u" AFTER UPDATE ON "component" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "component_rev_d" AFTER DELETE ON "component" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "level_description_rev_i" AFTER INSERT ON "level_description" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "level_description_rev_u" AFTER UPDATE ON "level_description" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "level_description_rev_d" AFTER DELETE ON "level_description" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "target_level_rev_i" AFTER INSERT ON "target_level" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "target_level_rev_u" AFTER UPDATE ON "target_level" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "target_level_rev_d" AFTER DELETE ON "target_level" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assessment_rev_i" AFTER INSERT ON "assessment" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assessment_rev_u" AFTER UPDATE ON "assessment" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assessment_rev_d" AFTER DELETE ON "assessment" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_step_rev_i" AFTER INSERT ON "countermeasure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_step_rev_u" AFTER UPDATE ON "countermeasure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_step_rev_d" AFTER DELETE ON "countermeasure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_item_rev_i" AFTER INSERT ON "countermeasure_item" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_item_rev_u" AFTER UPDATE ON "countermeasure_item" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_item_rev_d" AFTER DELETE ON "countermeasure_item" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "damage_assumption_rev_i" AFTER INSERT ON "damage_assumption" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "damage_assumption_rev_u" AFTER UPDATE ON "damage_assumption" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "damage_assumption_rev_d" AFTER DELETE ON "damage_assumption" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_rev_i" AFTER INSERT ON "training" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_rev_u" AFTER UPDATE ON "training" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_rev_d" AFTER DELETE ON "training" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "calendar_marker_rev_i" AFTER INSERT ON "calendar_marker" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "calendar_marker_rev_u" AFTER UPDATE ON "calendar_marker" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "calendar_marker_rev_d" AFTER DELETE ON "calendar_marker" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_record_rev_i" AFTER INSERT ON "training_record" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_record_rev_u" AFTER UPDATE ON "training_record" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_record_rev_d" AFTER DELETE ON "training_record" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_rev_i" AFTER INSERT ON "review" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_rev_u" AFTER UPDATE ON "review" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_rev_d" AFTER DELETE ON "review" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_answer_rev_i" AFTER INSERT ON "review_answer" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_answer_rev_u" AFTER UPDATE ON "review_answer" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_answer_rev_d" AFTER DELETE ON "review_answer" BEGIN UPDATE plan_revision SET n = n + 1; END;
