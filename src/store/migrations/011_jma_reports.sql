-- 011_jma_reports.sql — every JMA report received (気象庁防災情報XML,
-- 出典：気象庁), kept with what it decided and why.
-- Written once: later changes go into new numbered migrations.
--
-- One row per distinct report (digest: SHA-256 of its bytes, so a report
-- received twice, from the feed and by hand, is kept and acted on once).
-- decision: started (a real incident), drill (訓練/試験 started a drill),
-- joined (a later or corrected report of an event that already started
-- one, recorded on it), flagged (取消 of an event whose incident runs:
-- recorded on it for its leads), judgement (未入電 or an intensity class
-- not understood: for a person to decide), none (nothing to do; reason
-- says why).  Append-only, as the audit log: what arrived and what was
-- decided is evidence.

CREATE TABLE jma_reports (
	id INTEGER PRIMARY KEY,
	received_at INTEGER NOT NULL,
	source TEXT NOT NULL,
	digest TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL,
	status TEXT NOT NULL,
	info TEXT NOT NULL,
	event_id TEXT NOT NULL,
	serial INTEGER,
	title TEXT NOT NULL,
	max_intensity TEXT NOT NULL,
	decision TEXT NOT NULL
		CHECK (decision IN ('started', 'drill', 'joined', 'flagged', 'judgement', 'none')),
	reason TEXT NOT NULL,
	incident INTEGER REFERENCES incidents (id),
	body BLOB NOT NULL
);
CREATE INDEX jma_reports_event ON jma_reports (event_id);

CREATE TRIGGER jma_reports_no_update BEFORE UPDATE ON jma_reports
BEGIN
	SELECT RAISE(ABORT, 'jma_reports is append-only');
END;
CREATE TRIGGER jma_reports_no_delete BEFORE DELETE ON jma_reports
BEGIN
	SELECT RAISE(ABORT, 'jma_reports is append-only');
END;
