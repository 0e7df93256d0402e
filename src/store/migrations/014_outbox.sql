-- 014_outbox.sql — delivery (issue 14, item 4): a second e-mail address per
-- person, the settings of delivery, and the durable outbox.
-- Written once: later changes go into new numbered migrations.
--
-- person.email_private: a private address after the work one (email); a
-- message goes to each address, in that order.  Appended, as the field is
-- the last of its kind in model/schema.c.
--
-- settings: key → value, what an admin sets with `itbcp deliver set`
-- (delivery's SMTP server, sender, webhook addresses, the public address
-- of the check-in links).  Not plan data: no plan_revision triggers, not
-- exported.  A password is never kept here, only the path of a file.
--
-- outbox: one row per message, queued in the same transaction as what
-- caused it (an incident's call-out, later reminders, deputies, approval
-- and review notices).  state: queued → sending (claimed by a sender:
-- owner "host:pid", lease_until) → sent | failed (permanent, or attempts
-- used up), or back to queued with next_attempt_at (back-off); cancelled
-- by a person.  A row found in sending whose sender is gone may have been
-- sent: it is sent again once, with the same Message-ID (derived from id
-- and created_at), so a receiver can recognise the duplicate.

ALTER TABLE "person" ADD COLUMN "email_private" TEXT NOT NULL DEFAULT '';

CREATE TABLE settings (
	key TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	incident INTEGER REFERENCES incidents (id),
	kind TEXT NOT NULL
		CHECK (kind IN ('callout', 'reminder', 'deputy', 'approval', 'review_due')),
	person TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('mail', 'webhook')),
	address TEXT NOT NULL,
	link TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	due_at INTEGER NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued'
		CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	owner TEXT NOT NULL DEFAULT '',
	lease_until INTEGER,
	last_error TEXT NOT NULL DEFAULT '',
	sent_at INTEGER,
	response TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_incident ON outbox (incident, person);
