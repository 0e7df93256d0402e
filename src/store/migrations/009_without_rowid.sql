-- 009_without_rowid.sql — the three tables every check-in touches by key,
-- rebuilt WITHOUT ROWID.  Written once: later changes go into new numbered
-- migrations.
--
-- A table whose key is not its rowid is two B-trees in SQLite: the rows by
-- rowid, and an automatic index on the key that points into them.  Each
-- check-in reads its personal link by token hash (checkin_tokens), appends
-- a timeline entry by (incident, seq) (incident_timeline) and updates the
-- person's latest report by (incident, person) (incident_people): two
-- B-tree descents each, and for the timeline two leaves written.  Rebuilt
-- WITHOUT ROWID, the rows live in the key's B-tree itself: one descent,
-- one leaf.  No code reads these tables' rowids.
--
-- checkin_tokens is now keyed by its token hash, the only key the hot path
-- looks up; the person stays unique.  The timeline's append-only triggers
-- are made again on the new table.  Rebuilt the documented way (create,
-- copy, drop, rename) inside this migration's transaction.

CREATE TABLE incident_timeline_new (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	author TEXT NOT NULL,
	kind TEXT NOT NULL,
	content TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (incident, seq)
) WITHOUT ROWID;
INSERT INTO incident_timeline_new (incident, seq, at, author, kind, content, prev_hash, hash)
	SELECT incident, seq, at, author, kind, content, prev_hash, hash
	FROM incident_timeline ORDER BY incident, seq;
DROP TABLE incident_timeline;
ALTER TABLE incident_timeline_new RENAME TO incident_timeline;

CREATE TRIGGER incident_timeline_no_update BEFORE UPDATE ON incident_timeline
BEGIN
	SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;

CREATE TRIGGER incident_timeline_no_delete BEFORE DELETE ON incident_timeline
BEGIN
	SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;

CREATE TABLE incident_people_new (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	department TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	roles TEXT NOT NULL DEFAULT '',
	called INTEGER NOT NULL DEFAULT 1,
	last_checkin INTEGER,
	first_checkin INTEGER,
	first_at INTEGER,
	PRIMARY KEY (incident, person)
) WITHOUT ROWID;
INSERT INTO incident_people_new (incident, person, pos, name, department, location, roles,
				 called, last_checkin, first_checkin, first_at)
	SELECT incident, person, pos, name, department, location, roles, called, last_checkin,
	       first_checkin, first_at
	FROM incident_people ORDER BY incident, person;
DROP TABLE incident_people;
ALTER TABLE incident_people_new RENAME TO incident_people;

CREATE TABLE checkin_tokens_new (
	token_hash BLOB NOT NULL PRIMARY KEY,
	person TEXT NOT NULL UNIQUE,
	generation INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO checkin_tokens_new (token_hash, person, generation, created_at)
	SELECT token_hash, person, generation, created_at FROM checkin_tokens ORDER BY token_hash;
DROP TABLE checkin_tokens;
ALTER TABLE checkin_tokens_new RENAME TO checkin_tokens;
