-- 021_totp.sql — a second factor at sign-in: TOTP (RFC 6238) secrets, the
-- recovery codes that stand in for a lost phone, and the half-signed-in
-- state between the password and the code (issue 15, item 9).
-- Written once: later changes go into new numbered migrations.
--
-- totp: one row per account that has (or is setting up) an authenticator.
-- secret is the key in hex: the server must compute the codes, so it
-- cannot be hashed; the database is created 0600 and never shows it again
-- after enrollment.  active is 0 from the moment the secret is shown
-- until the first correct code, then 1.  last_step is the 30-second step
-- of the last code accepted: a code of that step or an earlier one is
-- refused (replay).  recovery_salt is the argon2id salt (hex) of the
-- account's recovery codes.
CREATE TABLE totp (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
	last_step INTEGER NOT NULL DEFAULT 0,
	recovery_salt TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

-- Recovery codes: only their argon2id hash (with totp.recovery_salt), each
-- usable once (used_at set when it is).
CREATE TABLE totp_recovery (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	hash TEXT NOT NULL,
	used_at TEXT,
	PRIMARY KEY (user_id, hash)
) WITHOUT ROWID;

-- A password accepted, the code not yet: the browser holds the token in a
-- cookie of its own, the database its BLAKE2b hash, as for sessions.  It
-- opens no page; it lives 5 minutes and a few wrong codes.
CREATE TABLE login_pending (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_pending_user ON login_pending (user_id);
