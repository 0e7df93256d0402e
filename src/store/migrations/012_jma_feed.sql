-- 012_jma_feed.sql — what the JMA feed watcher (itbcp jma watch) fetched,
-- so that each report the feed announces is fetched once (JMA asks that
-- the same file is not fetched again, and has blocked addresses that did),
-- and each feed's Last-Modified and ETag, so that a poll after a restart
-- or from cron still asks "changed since?".  出典：気象庁.
-- Written once: later changes go into new numbered migrations.
--
-- jma_feed_entries: one row per report fetched from a feed: its entry id
-- and address, the type read from the entry, and the outcome: ingested
-- (handed to the ingest path; report is its jma_reports row, which says
-- what was decided) or refused (the bytes arrived but are no report we
-- can read; reason says why; not fetched again).  A report that could not
-- be fetched (timeout, HTTP error, too large) has no row: the next poll
-- tries again.  Append-only: what was fetched is evidence, as the reports.
CREATE TABLE jma_feed_entries (
	id INTEGER PRIMARY KEY,
	fetched_at INTEGER NOT NULL,
	feed TEXT NOT NULL,
	entry_id TEXT NOT NULL,
	link TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('ingested', 'refused')),
	report INTEGER REFERENCES jma_reports (id),
	reason TEXT NOT NULL
);
CREATE INDEX jma_feed_entries_entry ON jma_feed_entries (entry_id);

CREATE TRIGGER jma_feed_entries_no_update BEFORE UPDATE ON jma_feed_entries
BEGIN
	SELECT RAISE(ABORT, 'jma_feed_entries is append-only');
END;
CREATE TRIGGER jma_feed_entries_no_delete BEFORE DELETE ON jma_feed_entries
BEGIN
	SELECT RAISE(ABORT, 'jma_feed_entries is append-only');
END;

-- jma_feed_state: per feed address, the validators of the last feed
-- handled whole ('' when the server gave none), when it was last polled
-- and how that went (for a person: "200, 4 entries", "timed out" …).
CREATE TABLE jma_feed_state (
	feed TEXT PRIMARY KEY,
	last_modified TEXT NOT NULL,
	etag TEXT NOT NULL,
	polled_at INTEGER NOT NULL,
	status TEXT NOT NULL
) WITHOUT ROWID;
