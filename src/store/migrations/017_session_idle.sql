-- 017_session_idle.sql — a session also ends after a while without a
-- request (users.h: USERS_SESSION_IDLE_MINUTES), not only 12 hours after
-- sign-in: a phone left signed in on a desk does not stay an open door.
-- last_seen is when the session last made a request (Unix seconds),
-- written at most once a minute.
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen = created_at;
