-- 013_accounts.sql — accounts an admin can revoke, tied to a person of the
-- plan, and check-in links that die with their person (issue 15).
-- Written once: later changes go into new numbered migrations.
--
-- users.person: the plan's person (person.id) this sign-in account
-- belongs to, or NULL.  Not a foreign key: importing a plan deletes and
-- inserts every person again, which would clear (or refuse) the link; a
-- link whose person has left the plan is shown as such on /admin/users.
-- users.must_change_password: 1 after an admin set a temporary password;
-- the session can then only change it (or sign out) until it is changed.
--
-- checkin_tokens.revoked_at: set (Unix seconds) when the person left the
-- plan.  The row is kept, with a random hash no token has, so that the
-- person's generation is remembered: a new person given the same id gets
-- the next generation's token, never the link of the one who left
-- (tokens are derived from the id and the generation, incident_tokens.c).

ALTER TABLE users ADD COLUMN person TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
	CHECK (must_change_password IN (0, 1));

ALTER TABLE checkin_tokens ADD COLUMN revoked_at INTEGER;
