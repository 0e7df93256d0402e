-- 002_users.sql — people who sign in to the web face, their sessions, and
-- the audit log of every change (who, what, when).
-- Written once: later changes go into new numbered migrations.

-- Accounts.  pwhash is libsodium's argon2id string (crypto_pwhash_str):
-- algorithm, parameters and salt travel with the hash.
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'responder', 'viewer')),
	pwhash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL,          -- UTC, YYYY-MM-DDTHH:MM:SSZ
	password_changed_at TEXT NOT NULL
);

-- Signed-in browsers.  Only a BLAKE2b hash of the cookie's token is kept,
-- so a copy of the database does not let anyone in.  csrf is the token
-- every form of the session carries.  Times are Unix seconds.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every change, append-only and hash-chained: hash covers prev_hash and
-- this row's fields, so `users_audit_verify` proves nothing was rewritten.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,                  -- UTC, YYYY-MM-DDTHH:MM:SSZ
	actor TEXT NOT NULL,               -- user name, or "cli:LOGIN"
	action TEXT NOT NULL,              -- "user.add", "plan.system.update" …
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
