-- 007_checkin_latest.sql — each person's latest and earliest report kept
-- on their incident_people row, instead of two indexes by person.  Written
-- once: later changes go into new numbered migrations.
--
-- During a burst every check-in inserted an entry into two indexes keyed by
-- person (incident_checkins_person, incident_checkins_first): a random leaf
-- each, so a batch of a few hundred reports dirtied a few hundred pages,
-- each written to the write-ahead log at the commit and again at the
-- checkpoint — measured, about two thirds of the writer's time.  The same
-- facts as three columns on the person's row cost one small table that a
-- batch touches a few pages of: the group-commit writer sets them in the
-- same transaction as the report (store_checkins_append), and the board
-- and the check-in page read them instead of searching the indexes.
-- incident_checkins itself stays append-only; the index by incident keeps
-- reading one incident's reports in order cheap (appends go to its end).
--
--   last_checkin   the id of the person's latest report (the one that counts)
--   first_checkin  the id of their earliest report by `at` (ties: lower id),
--   first_at       and its `at` — when they first answered
ALTER TABLE incident_people ADD COLUMN last_checkin INTEGER;
ALTER TABLE incident_people ADD COLUMN first_checkin INTEGER;
ALTER TABLE incident_people ADD COLUMN first_at INTEGER;
UPDATE incident_people SET
	last_checkin = (SELECT max(c.id) FROM incident_checkins c
			WHERE c.incident = incident_people.incident AND c.person = incident_people.person),
	first_checkin = (SELECT c.id FROM incident_checkins c
			 WHERE c.incident = incident_people.incident AND c.person = incident_people.person
			 ORDER BY c.at, c.id LIMIT 1);
UPDATE incident_people SET first_at = (SELECT at FROM incident_checkins WHERE id = first_checkin)
	WHERE first_checkin IS NOT NULL;
DROP INDEX incident_checkins_person;
DROP INDEX incident_checkins_first;
CREATE INDEX incident_checkins_incident ON incident_checkins (incident);
