-- 025_whom_version.sql (PostgreSQL) — a counter that moves with every
-- change that can change whom a personal check-in link leads to, so that
-- the check-in writer's cache of links (whom_cache.h) works here too.
-- Written once: later changes go into new numbered migrations.
--
-- Why: on SQLite the cache forgets when PRAGMA data_version moves (another
-- connection committed).  PostgreSQL has none, so the cache was dropped at
-- every batch and each link was hashed and looked up again: 925,615 links
-- read in a burst of bench/checkin.sh, none from memory.  The writer now
-- reads this counter first in each batch's REPEATABLE READ transaction
-- (store_checkin_whom): it moves in the same transaction as the change, so
-- the snapshot that answers the links has exactly the counter that says
-- which changes it holds.  A sequence would not do: nextval is seen by
-- everyone before the change it counts is committed.
--
-- What moves it: an INSERT, DELETE or TRUNCATE of the three tables an
-- answer is read from, and an UPDATE that writes a column an answer reads
-- (UPDATE OF: named in SET, whatever the value):
--   checkin_tokens   token_hash, person             (rotation, revocation)
--   incidents        id, event_name, drill, started_at, state   (closing)
--   incident_people  incident, person, name, called, ask   (a call-out)
-- Not the columns the check-ins write (incident_people.last_checkin,
-- first_checkin, first_at: checkin_store.c), nor an incident's hold or
-- review: those change no answer, and the writer's own commits must not
-- make it forget (that was the whole cost).  A new column read by
-- store_checkin_whom must be added here, in a new migration.
--
-- Statement level: one UPDATE of the counter per statement, however many
-- rows (an incident's start calls thousands of people at once; see 024
-- for what an UPDATE per row of one row costs).  The row stays locked
-- from the statement to the commit, so transactions that change answers
-- (an incident's start, close, a call-out, a rotation) wait for one
-- another there; the readers never wait (MVCC), and the check-ins never
-- take it.
--
-- SQLite has the table (025_whom_version.sql) but not the triggers; the
-- schema test (tests/cli/pg_schema.sh) knows these by their _whom names.
CREATE TABLE whom_version (
	singleton bigint PRIMARY KEY CHECK (singleton = 1),
	n bigint NOT NULL
);
INSERT INTO whom_version (singleton, n) VALUES (1, 0);

CREATE FUNCTION whom_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE whom_version SET n = n + 1;
	RETURN NULL;
END
$$;

CREATE TRIGGER "checkin_tokens_whom"
	AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF token_hash, person ON "checkin_tokens"
	FOR EACH STATEMENT EXECUTE FUNCTION whom_version_bump();
CREATE TRIGGER "incidents_whom"
	AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF id, event_name, drill, started_at, state
	ON "incidents"
	FOR EACH STATEMENT EXECUTE FUNCTION whom_version_bump();
CREATE TRIGGER "incident_people_whom"
	AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF incident, person, name, called, ask
	ON "incident_people"
	FOR EACH STATEMENT EXECUTE FUNCTION whom_version_bump();
