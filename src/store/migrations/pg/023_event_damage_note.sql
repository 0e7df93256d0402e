-- 023_event_damage_note.sql (PostgreSQL) — the pair of SQLite's
-- 023_event_damage_note.sql: a note of the agency's own after each
-- event's 表5.2-n (issue 16), one per event, empty by default.
-- Written once: later changes go into new numbered migrations.
ALTER TABLE "event_type" ADD COLUMN "damage_note" text COLLATE "C" NOT NULL DEFAULT '';
