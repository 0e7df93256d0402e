-- 018_backups.sql — the record of backups taken (issue 17 item 1): when,
-- where to, what was written and whether it was verified, so that the
-- dashboard can show the last good copy and `itbcp check` can say when it
-- is stale.  A failed attempt is kept too, with why.  For a copy sent
-- off-site (a URL), whether the retention rule has deleted it there: a
-- remote directory cannot always be listed (HTTPS), so this record is the
-- list of what is there.  No credential is
-- ever stored here: the target is a directory or a URL, and a URL
-- with a password in it is refused before anything is done.  Written once: later changes go into new numbered
-- migrations.
CREATE TABLE backups (
	id INTEGER PRIMARY KEY,
	started INTEGER NOT NULL,          -- Unix seconds, UTC
	finished INTEGER NOT NULL,
	target TEXT NOT NULL,              -- the directory the copy went to
	file TEXT NOT NULL DEFAULT '',     -- the copy's file name there
	bytes INTEGER NOT NULL DEFAULT 0,
	sha256 TEXT NOT NULL DEFAULT '',   -- of the stored file's payload
	encrypted INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),
	ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
	message TEXT NOT NULL DEFAULT '',  -- why it failed (empty when ok)
	removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)) -- off-site: deleted there
);
CREATE INDEX backups_ok ON backups (ok, finished);
