-- 019_reminders_hold.sql — reaching people (issue 14, items 2, 4 and 5):
-- the follow-up of each call-out (reminders, then the deputies), the hold
-- before an incident's call-out, and the peacetime notices sent once.
-- Written once: later changes go into new numbered migrations.
--
-- outbox_followup: one row per person of an incident whose call-out was
-- queued: when it (or their last reminder) was queued, how many reminders
-- they got, when their deputies were told.  Written in the transaction
-- that queues the message it counts, so a reminder is queued once: the
-- next look reads the count the last one wrote.  Whether they answered is
-- not kept here: it is incident_people.last_checkin (007), which the
-- check-in writer keeps.
--
-- incidents.hold_state: '' no hold (the call-out was queued with the
-- incident); 'held' until hold_until, when the call-out is queued;
-- 'sent' the hold ended and it was queued; 'stopped' a person stopped it;
-- 'withdrawn' JMA withdrew (取消) the report that started it.
CREATE TABLE outbox_followup (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	last_at INTEGER NOT NULL,
	reminders INTEGER NOT NULL DEFAULT 0,
	deputies_at INTEGER,
	PRIMARY KEY (incident, person)
) WITHOUT ROWID;

ALTER TABLE incidents ADD COLUMN hold_state TEXT NOT NULL DEFAULT ''
	CHECK (hold_state IN ('', 'held', 'sent', 'stopped', 'withdrawn'));
ALTER TABLE incidents ADD COLUMN hold_until INTEGER;

-- outbox_notices: the peacetime notices already queued, by what they are
-- about ('review_due:2026-04-01', the annual review window that opened):
-- inserted in the transaction that queues the notice, so the sender's
-- look, which sees the review due every second, queues it once.
CREATE TABLE outbox_notices (
	key TEXT NOT NULL PRIMARY KEY,
	at INTEGER NOT NULL
) WITHOUT ROWID;
