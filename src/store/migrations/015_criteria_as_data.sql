-- 015_criteria_as_data.sql — the assembly criteria of §2.1.3 as data a JMA
-- report is checked against (issue 14 items 2 and 3), each person's own
-- areas, and who of an incident's people is called in and who is only
-- asked whether they are safe.  Written once: later changes go into new
-- numbered migrations.
--
-- A criterion had one free-text area; it now has a hazard (earthquake by
-- JMA intensity, tsunami by warning level), a tsunami threshold, a list
-- of areas (one per line: the old area becomes the list's one line), the
-- roles whose holders it calls in (none listed: every crisis role, as
-- before), or everyone, or nobody (a safety check only), and whether
-- everyone else is asked if safe.
ALTER TABLE "assembly_criterion" ADD COLUMN "hazard" TEXT NOT NULL DEFAULT 'earthquake';
ALTER TABLE "assembly_criterion" ADD COLUMN "min_tsunami" TEXT NOT NULL DEFAULT '';
ALTER TABLE "assembly_criterion" ADD COLUMN "areas" TEXT NOT NULL DEFAULT '';
UPDATE "assembly_criterion" SET "areas" = "area";
ALTER TABLE "assembly_criterion" DROP COLUMN "area";
ALTER TABLE "assembly_criterion" ADD COLUMN "roles" TEXT NOT NULL DEFAULT '';
ALTER TABLE "assembly_criterion" ADD COLUMN "call" TEXT NOT NULL DEFAULT 'roles';
ALTER TABLE "assembly_criterion" ADD COLUMN "ask_everyone" INTEGER NOT NULL DEFAULT 0;

-- The window in which a report in a running incident's areas joins it
-- (an aftershock) instead of starting another: the plan's setting.
ALTER TABLE "organisation" ADD COLUMN "aftershock_window_hours" INTEGER DEFAULT 6;

-- A person's own areas (home, workplace), personal data like the mobile.
ALTER TABLE "person" ADD COLUMN "own_areas" TEXT NOT NULL DEFAULT '';

-- Per person of an incident: called in (参集, 'assemble') or only asked
-- whether they are safe (安否確認, 'safety'), and when they were added
-- (NULL: at the start; a later time: called by an aftershock).  On the
-- person's row, beside the latest report the check-in writer keeps there
-- (007), so that the board splits the two populations without reading
-- any report, and the check-in path is unchanged.
ALTER TABLE incident_people ADD COLUMN ask TEXT NOT NULL DEFAULT 'assemble'
	CHECK (ask IN ('assemble', 'safety'));
ALTER TABLE incident_people ADD COLUMN called_at INTEGER;
