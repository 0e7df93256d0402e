-- 006_checkin_checks.sql — incident_checkins without IN-list CHECKs, and an
-- index for each person's earliest report.  Written once: later changes go
-- into new numbered migrations.
--
-- A CHECK (x IN ('a', 'b', 'c')) makes SQLite build and drop an ephemeral
-- table for every row it checks (two per check-in, ~40 % of the append in
-- a burst).  The same constraints written as x = 'a' OR x = 'b' … are plain
-- comparisons.  SQLite cannot alter a CHECK, so the table is rebuilt the
-- documented way (create, copy with the same ids, drop, rename) inside this
-- migration's transaction; 003 stays as it was written.
--
-- incident_checkins_first (incident, person, at) lets the board take each
-- person's earliest report (ORDER BY at, id LIMIT 1) by index, as
-- incident_checkins_person does for the latest, so reading the board costs
-- per person, not per report.
CREATE TABLE incident_checkins_new (
	id INTEGER PRIMARY KEY,
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	status TEXT NOT NULL
		CHECK (status = 'safe' OR status = 'injured' OR status = 'cannot_act'),
	assembly TEXT NOT NULL
		CHECK (assembly = 'yes' OR assembly = 'online' OR assembly = 'no'),
	eta INTEGER,
	location TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL,
	author TEXT NOT NULL DEFAULT '',
	seq INTEGER NOT NULL
);
INSERT INTO incident_checkins_new (id, incident, person, status, assembly, eta, location, note,
				   at, author, seq)
	SELECT id, incident, person, status, assembly, eta, location, note, at, author, seq
	FROM incident_checkins ORDER BY id;
DROP TABLE incident_checkins;
ALTER TABLE incident_checkins_new RENAME TO incident_checkins;
CREATE INDEX incident_checkins_person ON incident_checkins (incident, person, id);
CREATE INDEX incident_checkins_first ON incident_checkins (incident, person, at);
