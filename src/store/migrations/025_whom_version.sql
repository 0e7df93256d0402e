-- 025_whom_version.sql — a counter of the changes that can change whom a
-- personal check-in link leads to (store_checkin_whom, checkin_view.c).
-- Written once: later changes go into new numbered migrations.
--
-- The table is here so that both engines have the same tables (`itbcp
-- copy`, tests/cli/pg_schema.sh); on SQLite it stays at 0, unused.  The
-- check-in writer's cache of links (whom_cache.h) forgets on SQLite when
-- PRAGMA data_version moves, which no commit of the writer's own
-- connection moves and every other connection's does: no trigger needed.
-- PostgreSQL has no data_version; there pg/025_whom_version.sql's
-- triggers move this counter instead.
CREATE TABLE whom_version (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	n INTEGER NOT NULL
);
INSERT INTO whom_version (singleton, n) VALUES (1, 0);
