-- 023_event_damage_note.sql — a note of the agency's own after each
-- event's 表5.2-n (issue 16).  The appendix's template follows 表5.2-1 and
-- 表5.2-2 with a paragraph saying how the damage was assumed
-- (「上記の被害を想定するにあたり…」); the damage assumptions are one row
-- per event and subject, so one note per event belongs on the event.
-- Empty (the default) prints nothing.
-- Written once: later changes go into new numbered migrations.
ALTER TABLE "event_type" ADD COLUMN "damage_note" TEXT NOT NULL DEFAULT '';
