-- 016_pack_ticks.sql — the ticks of the offline crisis pack (issue 17,
-- item 4) taken into an incident's record.
-- Written once: later changes go into new numbered migrations.
--
-- A responder ticks the pack's checklist on a phone while the server is
-- gone, exports the ticks as a small file, and `itbcp incident
-- import-ticks` (or the web) adds each to the incident's timeline.  One
-- row per tick taken in, keyed by what the phone wrote (step, time, who),
-- so that importing the same file again adds nothing twice; seq is the
-- timeline entry the tick became.  Like the timeline, never updated and
-- never deleted.

CREATE TABLE incident_pack_ticks (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	step TEXT NOT NULL,
	ticked_at INTEGER NOT NULL,
	ticked_by TEXT NOT NULL,
	seq INTEGER NOT NULL,
	PRIMARY KEY (incident, step, ticked_at, ticked_by)
) WITHOUT ROWID;

CREATE TRIGGER incident_pack_ticks_no_update BEFORE UPDATE ON incident_pack_ticks
BEGIN
	SELECT RAISE(ABORT, 'incident_pack_ticks is append-only');
END;

CREATE TRIGGER incident_pack_ticks_no_delete BEFORE DELETE ON incident_pack_ticks
BEGIN
	SELECT RAISE(ABORT, 'incident_pack_ticks is append-only');
END;
