-- 024_plan_revision_per_statement.sql (PostgreSQL) — the plan revision
-- (005) written once per statement, by the number of rows it changed,
-- instead of once per row.
-- Written once: later changes go into new numbered migrations.
--
-- Why: the baseline's triggers ran "UPDATE plan_revision SET n = n + 1"
-- after every row of a plan table.  Inside one transaction each such
-- UPDATE leaves a new version of the same row that the next one must walk
-- past (none can be pruned before the commit), so a transaction that
-- changes N plan rows costs N²: import or copy of a plan of 18,000 rows
-- spent ~8 s of the server's CPU there (1,500 updates 0.16 s, 15,000
-- 4.3 s).  Now each statement writes the counter once.
--
-- What stays as it was, because the code and the tests rely on it:
--   - The counter moves by the number of rows changed, as on SQLite (a
--     statement of three rows adds 3, one that changes none adds 0), so
--     the two engines count alike (tests/cli/pg_schema.sh).
--   - It moves inside the statement's own transaction, before the
--     statement returns: a change is seen with the counter that says so.
--   - The triggers keep their names, their events and FOR EACH ROW (the
--     schema compared with SQLite's lists them so); only the row that the
--     statement changed first writes, the others look and return.  A
--     statement-level trigger would say the same in fewer calls, but it
--     is not what SQLite has, and the difference is small beside the
--     UPDATE saved (~13 µs a row for the look).
--   - The _rev_t triggers (TRUNCATE) keep plan_revision_bump(): +1.
--
-- How a row knows it is the statement's first: the trigger is given the
-- statement's rows as a transition table (REFERENCING … AS changed), in
-- the order they were changed, which is also the order the row triggers
-- fire in; a plan table's rows are unique (each has a primary key), so
-- the first row of changed equals exactly one row's NEW (OLD for a
-- delete).  Nothing is kept between calls, so a statement nested inside
-- another's triggers (a foreign key's cascade) counts on its own.
CREATE FUNCTION plan_revision_bump_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- 005's UPDATE plan_revision SET n = n + 1 for each row of the
	-- statement, written as one UPDATE by the statement's first row.
	IF TG_OP = 'DELETE' THEN
		IF (SELECT c FROM changed c LIMIT 1) IS NOT DISTINCT FROM OLD THEN
			UPDATE plan_revision SET n = n + (SELECT count(*) FROM changed);
		END IF;
	ELSIF (SELECT c FROM changed c LIMIT 1) IS NOT DISTINCT FROM NEW THEN
		UPDATE plan_revision SET n = n + (SELECT count(*) FROM changed);
	END IF;
	RETURN NULL;
END
$$;

DROP TRIGGER "organisation_rev_i" ON "organisation";
DROP TRIGGER "organisation_rev_u" ON "organisation";
DROP TRIGGER "organisation_rev_d" ON "organisation";
CREATE TRIGGER "organisation_rev_i" AFTER INSERT ON "organisation" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "organisation_rev_u" AFTER UPDATE ON "organisation" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "organisation_rev_d" AFTER DELETE ON "organisation" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "policy_rev_i" ON "policy";
DROP TRIGGER "policy_rev_u" ON "policy";
DROP TRIGGER "policy_rev_d" ON "policy";
CREATE TRIGGER "policy_rev_i" AFTER INSERT ON "policy" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "policy_rev_u" AFTER UPDATE ON "policy" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "policy_rev_d" AFTER DELETE ON "policy" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "department_rev_i" ON "department";
DROP TRIGGER "department_rev_u" ON "department";
DROP TRIGGER "department_rev_d" ON "department";
CREATE TRIGGER "department_rev_i" AFTER INSERT ON "department" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "department_rev_u" AFTER UPDATE ON "department" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "department_rev_d" AFTER DELETE ON "department" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "person_rev_i" ON "person";
DROP TRIGGER "person_rev_u" ON "person";
DROP TRIGGER "person_rev_d" ON "person";
CREATE TRIGGER "person_rev_i" AFTER INSERT ON "person" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "person_rev_u" AFTER UPDATE ON "person" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "person_rev_d" AFTER DELETE ON "person" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "role_rev_i" ON "role";
DROP TRIGGER "role_rev_u" ON "role";
DROP TRIGGER "role_rev_d" ON "role";
CREATE TRIGGER "role_rev_i" AFTER INSERT ON "role" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "role_rev_u" AFTER UPDATE ON "role" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "role_rev_d" AFTER DELETE ON "role" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "role_holder_rev_i" ON "role_holder";
DROP TRIGGER "role_holder_rev_u" ON "role_holder";
DROP TRIGGER "role_holder_rev_d" ON "role_holder";
CREATE TRIGGER "role_holder_rev_i" AFTER INSERT ON "role_holder" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "role_holder_rev_u" AFTER UPDATE ON "role_holder" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "role_holder_rev_d" AFTER DELETE ON "role_holder" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "event_type_rev_i" ON "event_type";
DROP TRIGGER "event_type_rev_u" ON "event_type";
DROP TRIGGER "event_type_rev_d" ON "event_type";
CREATE TRIGGER "event_type_rev_i" AFTER INSERT ON "event_type" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "event_type_rev_u" AFTER UPDATE ON "event_type" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "event_type_rev_d" AFTER DELETE ON "event_type" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "assembly_criterion_rev_i" ON "assembly_criterion";
DROP TRIGGER "assembly_criterion_rev_u" ON "assembly_criterion";
DROP TRIGGER "assembly_criterion_rev_d" ON "assembly_criterion";
CREATE TRIGGER "assembly_criterion_rev_i" AFTER INSERT ON "assembly_criterion" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "assembly_criterion_rev_u" AFTER UPDATE ON "assembly_criterion" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "assembly_criterion_rev_d" AFTER DELETE ON "assembly_criterion" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "assembly_location_rev_i" ON "assembly_location";
DROP TRIGGER "assembly_location_rev_u" ON "assembly_location";
DROP TRIGGER "assembly_location_rev_d" ON "assembly_location";
CREATE TRIGGER "assembly_location_rev_i" AFTER INSERT ON "assembly_location" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "assembly_location_rev_u" AFTER UPDATE ON "assembly_location" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "assembly_location_rev_d" AFTER DELETE ON "assembly_location" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "procedure_rev_i" ON "procedure";
DROP TRIGGER "procedure_rev_u" ON "procedure";
DROP TRIGGER "procedure_rev_d" ON "procedure";
CREATE TRIGGER "procedure_rev_i" AFTER INSERT ON "procedure" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "procedure_rev_u" AFTER UPDATE ON "procedure" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "procedure_rev_d" AFTER DELETE ON "procedure" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "procedure_step_rev_i" ON "procedure_step";
DROP TRIGGER "procedure_step_rev_u" ON "procedure_step";
DROP TRIGGER "procedure_step_rev_d" ON "procedure_step";
CREATE TRIGGER "procedure_step_rev_i" AFTER INSERT ON "procedure_step" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "procedure_step_rev_u" AFTER UPDATE ON "procedure_step" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "procedure_step_rev_d" AFTER DELETE ON "procedure_step" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "step_role_rev_i" ON "step_role";
DROP TRIGGER "step_role_rev_u" ON "step_role";
DROP TRIGGER "step_role_rev_d" ON "step_role";
CREATE TRIGGER "step_role_rev_i" AFTER INSERT ON "step_role" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "step_role_rev_u" AFTER UPDATE ON "step_role" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "step_role_rev_d" AFTER DELETE ON "step_role" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "business_rev_i" ON "business";
DROP TRIGGER "business_rev_u" ON "business";
DROP TRIGGER "business_rev_d" ON "business";
CREATE TRIGGER "business_rev_i" AFTER INSERT ON "business" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "business_rev_u" AFTER UPDATE ON "business" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "business_rev_d" AFTER DELETE ON "business" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "system_rev_i" ON "system";
DROP TRIGGER "system_rev_u" ON "system";
DROP TRIGGER "system_rev_d" ON "system";
CREATE TRIGGER "system_rev_i" AFTER INSERT ON "system" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "system_rev_u" AFTER UPDATE ON "system" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "system_rev_d" AFTER DELETE ON "system" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "business_system_rev_i" ON "business_system";
DROP TRIGGER "business_system_rev_u" ON "business_system";
DROP TRIGGER "business_system_rev_d" ON "business_system";
CREATE TRIGGER "business_system_rev_i" AFTER INSERT ON "business_system" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "business_system_rev_u" AFTER UPDATE ON "business_system" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "business_system_rev_d" AFTER DELETE ON "business_system" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "system_dependency_rev_i" ON "system_dependency";
DROP TRIGGER "system_dependency_rev_u" ON "system_dependency";
DROP TRIGGER "system_dependency_rev_d" ON "system_dependency";
CREATE TRIGGER "system_dependency_rev_i" AFTER INSERT ON "system_dependency" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "system_dependency_rev_u" AFTER UPDATE ON "system_dependency" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "system_dependency_rev_d" AFTER DELETE ON "system_dependency" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "component_rev_i" ON "component";
DROP TRIGGER "component_rev_u" ON "component";
DROP TRIGGER "component_rev_d" ON "component";
CREATE TRIGGER "component_rev_i" AFTER INSERT ON "component" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "component_rev_u" AFTER UPDATE ON "component" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "component_rev_d" AFTER DELETE ON "component" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "level_description_rev_i" ON "level_description";
DROP TRIGGER "level_description_rev_u" ON "level_description";
DROP TRIGGER "level_description_rev_d" ON "level_description";
CREATE TRIGGER "level_description_rev_i" AFTER INSERT ON "level_description" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "level_description_rev_u" AFTER UPDATE ON "level_description" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "level_description_rev_d" AFTER DELETE ON "level_description" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "target_level_rev_i" ON "target_level";
DROP TRIGGER "target_level_rev_u" ON "target_level";
DROP TRIGGER "target_level_rev_d" ON "target_level";
CREATE TRIGGER "target_level_rev_i" AFTER INSERT ON "target_level" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "target_level_rev_u" AFTER UPDATE ON "target_level" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "target_level_rev_d" AFTER DELETE ON "target_level" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "assessment_rev_i" ON "assessment";
DROP TRIGGER "assessment_rev_u" ON "assessment";
DROP TRIGGER "assessment_rev_d" ON "assessment";
CREATE TRIGGER "assessment_rev_i" AFTER INSERT ON "assessment" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "assessment_rev_u" AFTER UPDATE ON "assessment" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "assessment_rev_d" AFTER DELETE ON "assessment" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "countermeasure_step_rev_i" ON "countermeasure_step";
DROP TRIGGER "countermeasure_step_rev_u" ON "countermeasure_step";
DROP TRIGGER "countermeasure_step_rev_d" ON "countermeasure_step";
CREATE TRIGGER "countermeasure_step_rev_i" AFTER INSERT ON "countermeasure_step" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "countermeasure_step_rev_u" AFTER UPDATE ON "countermeasure_step" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "countermeasure_step_rev_d" AFTER DELETE ON "countermeasure_step" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "countermeasure_item_rev_i" ON "countermeasure_item";
DROP TRIGGER "countermeasure_item_rev_u" ON "countermeasure_item";
DROP TRIGGER "countermeasure_item_rev_d" ON "countermeasure_item";
CREATE TRIGGER "countermeasure_item_rev_i" AFTER INSERT ON "countermeasure_item" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "countermeasure_item_rev_u" AFTER UPDATE ON "countermeasure_item" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "countermeasure_item_rev_d" AFTER DELETE ON "countermeasure_item" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "damage_assumption_rev_i" ON "damage_assumption";
DROP TRIGGER "damage_assumption_rev_u" ON "damage_assumption";
DROP TRIGGER "damage_assumption_rev_d" ON "damage_assumption";
CREATE TRIGGER "damage_assumption_rev_i" AFTER INSERT ON "damage_assumption" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "damage_assumption_rev_u" AFTER UPDATE ON "damage_assumption" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "damage_assumption_rev_d" AFTER DELETE ON "damage_assumption" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "training_rev_i" ON "training";
DROP TRIGGER "training_rev_u" ON "training";
DROP TRIGGER "training_rev_d" ON "training";
CREATE TRIGGER "training_rev_i" AFTER INSERT ON "training" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "training_rev_u" AFTER UPDATE ON "training" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "training_rev_d" AFTER DELETE ON "training" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "calendar_marker_rev_i" ON "calendar_marker";
DROP TRIGGER "calendar_marker_rev_u" ON "calendar_marker";
DROP TRIGGER "calendar_marker_rev_d" ON "calendar_marker";
CREATE TRIGGER "calendar_marker_rev_i" AFTER INSERT ON "calendar_marker" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "calendar_marker_rev_u" AFTER UPDATE ON "calendar_marker" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "calendar_marker_rev_d" AFTER DELETE ON "calendar_marker" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "training_record_rev_i" ON "training_record";
DROP TRIGGER "training_record_rev_u" ON "training_record";
DROP TRIGGER "training_record_rev_d" ON "training_record";
CREATE TRIGGER "training_record_rev_i" AFTER INSERT ON "training_record" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "training_record_rev_u" AFTER UPDATE ON "training_record" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "training_record_rev_d" AFTER DELETE ON "training_record" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "review_rev_i" ON "review";
DROP TRIGGER "review_rev_u" ON "review";
DROP TRIGGER "review_rev_d" ON "review";
CREATE TRIGGER "review_rev_i" AFTER INSERT ON "review" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "review_rev_u" AFTER UPDATE ON "review" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "review_rev_d" AFTER DELETE ON "review" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
DROP TRIGGER "review_answer_rev_i" ON "review_answer";
DROP TRIGGER "review_answer_rev_u" ON "review_answer";
DROP TRIGGER "review_answer_rev_d" ON "review_answer";
CREATE TRIGGER "review_answer_rev_i" AFTER INSERT ON "review_answer" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "review_answer_rev_u" AFTER UPDATE ON "review_answer" REFERENCING NEW TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
CREATE TRIGGER "review_answer_rev_d" AFTER DELETE ON "review_answer" REFERENCING OLD TABLE AS changed
	FOR EACH ROW EXECUTE FUNCTION plan_revision_bump_statement();
