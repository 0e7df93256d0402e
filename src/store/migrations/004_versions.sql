-- 004_versions.sql — versions of the plan (策定・改訂, issue 4 item 6) and
-- staged people imports (item 7).
-- Written once: later changes go into new numbered migrations.

-- A snapshot of the whole plan (the interchange document of plan_json.h)
-- submitted for approval.  It is decided once: approved, it becomes 第N版
-- (number, approver, date) and is frozen for good; rejected, it is kept
-- with the reason.  Rows are never deleted.  The triggers make that a
-- property of the database, not of the code: only a pending row may
-- change, only its decision columns, and only once.
CREATE TABLE plan_versions (
	id INTEGER PRIMARY KEY,
	state TEXT NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'approved', 'rejected')),
	number INTEGER UNIQUE CHECK (number IS NULL OR number >= 1), -- 第N版 once approved
	document TEXT NOT NULL,             -- plan_json_write() of the draft
	doc_hash TEXT NOT NULL,             -- SHA-256 of document, hex
	submitted_by TEXT NOT NULL,
	submitted_at TEXT NOT NULL,         -- UTC, YYYY-MM-DDTHH:MM:SSZ
	comment TEXT NOT NULL DEFAULT '',
	decided_by TEXT,
	decided_at TEXT,
	reason TEXT NOT NULL DEFAULT '',    -- why it was rejected (or a note on approval)
	CHECK ((state = 'approved') = (number IS NOT NULL))
);

CREATE TRIGGER plan_versions_frozen BEFORE UPDATE ON plan_versions
WHEN OLD.state <> 'pending'
BEGIN
	SELECT RAISE(ABORT, 'plan_versions: a decided version is frozen');
END;

CREATE TRIGGER plan_versions_snapshot_fixed BEFORE UPDATE ON plan_versions
WHEN NEW.document IS NOT OLD.document OR NEW.doc_hash IS NOT OLD.doc_hash
  OR NEW.submitted_by IS NOT OLD.submitted_by OR NEW.submitted_at IS NOT OLD.submitted_at
  OR NEW.comment IS NOT OLD.comment OR NEW.id IS NOT OLD.id
BEGIN
	SELECT RAISE(ABORT, 'plan_versions: a submitted snapshot cannot change');
END;

CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
BEGIN
	SELECT RAISE(ABORT, 'plan_versions is append-only');
END;

-- An uploaded people list between its preview and its apply: the rows as
-- read (normalised to UTF-8 CSV), so apply uses exactly what was shown.
-- token is the random name the preview page's form carries.  Old rows
-- are swept when a new upload arrives.
CREATE TABLE people_imports (
	id INTEGER PRIMARY KEY,
	token TEXT NOT NULL UNIQUE,
	user_name TEXT NOT NULL,
	created_at INTEGER NOT NULL,        -- Unix seconds
	filename TEXT NOT NULL DEFAULT '',
	remove_missing INTEGER NOT NULL DEFAULT 0 CHECK (remove_missing IN (0, 1)),
	csv TEXT NOT NULL,
	applied_at INTEGER
);
