-- 003_incidents.sql — incidents (危機的事象発生時の対応, issue 5): the
-- incident, the snapshot of the plan it runs on, its state tables, the
-- personal check-in tokens, and the append-only hash-chained timeline.
-- Plan elements are named by id as text, without foreign keys: a plan
-- import replaces the plan tables and must not touch incident history.
-- Times are UTC seconds.  Written once: later changes go into new files.

CREATE TABLE incidents (
	id INTEGER PRIMARY KEY,
	event TEXT NOT NULL,
	event_name TEXT NOT NULL DEFAULT '',
	event_kind TEXT NOT NULL DEFAULT '',
	started_at INTEGER NOT NULL,       -- the event's time: the clock starts here (R7)
	entered_at INTEGER NOT NULL,
	intensity TEXT NOT NULL DEFAULT '',
	area TEXT NOT NULL DEFAULT '',
	areas TEXT NOT NULL DEFAULT '[]',  -- JSON [{"name":…,"intensity":"6-"}]
	system_hit TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL DEFAULT '',
	drill INTEGER NOT NULL DEFAULT 0 CHECK (drill IN (0, 1)),
	variant TEXT NOT NULL CHECK (variant IN ('weekday_day', 'night_holiday')),
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
	closed_at INTEGER,
	procedure TEXT NOT NULL DEFAULT '',
	procedure_title TEXT NOT NULL DEFAULT '',
	automatic INTEGER NOT NULL DEFAULT 0,
	criterion TEXT NOT NULL DEFAULT '',
	report_destination TEXT NOT NULL DEFAULT '',
	author TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	review TEXT NOT NULL DEFAULT ''    -- the §4.2.2 review (JSON) once closed
);

-- Snapshot: systems with RTO/tier/RLO at start, and their recovery state.
CREATE TABLE incident_systems (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	system TEXT NOT NULL,
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	department TEXT NOT NULL DEFAULT '',
	rto_hours INTEGER,
	tier TEXT NOT NULL DEFAULT '',
	rlo TEXT NOT NULL DEFAULT '',
	rlo_percent INTEGER,
	hit INTEGER NOT NULL DEFAULT 0,
	damage TEXT NOT NULL DEFAULT 'unknown',
	policy TEXT NOT NULL DEFAULT '',
	target_level INTEGER,
	method TEXT NOT NULL DEFAULT '',
	work TEXT NOT NULL DEFAULT 'not_started',
	level INTEGER,
	expected_at INTEGER,
	restored_at INTEGER,
	validated_data INTEGER NOT NULL DEFAULT 0,
	validated_function INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER,
	updated_by TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (incident, system)
);

-- Snapshot: the checklist (§2.3.2) with progress; added steps too.
CREATE TABLE incident_steps (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	step TEXT NOT NULL,
	no INTEGER NOT NULL,
	title TEXT NOT NULL,
	actions TEXT NOT NULL DEFAULT '',
	roles TEXT NOT NULL DEFAULT '',
	role_names TEXT NOT NULL DEFAULT '',
	added INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL DEFAULT 'pending',
	due_at INTEGER,
	started_at INTEGER,
	done_at INTEGER,
	taken_by TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (incident, step)
);

-- Snapshot: people called in, and who held which crisis role.
CREATE TABLE incident_people (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	department TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	roles TEXT NOT NULL DEFAULT '',
	called INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (incident, person)
);

CREATE TABLE incident_holders (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	pos INTEGER NOT NULL,
	role TEXT NOT NULL,
	role_name TEXT NOT NULL DEFAULT '',
	person TEXT NOT NULL,
	rank INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (incident, pos)
);

-- Every check-in report; a person's latest (highest id) counts.
CREATE TABLE incident_checkins (
	id INTEGER PRIMARY KEY,
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('safe', 'injured', 'cannot_act')),
	assembly TEXT NOT NULL CHECK (assembly IN ('yes', 'online', 'no')),
	eta INTEGER,
	location TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL,
	author TEXT NOT NULL DEFAULT '',
	seq INTEGER NOT NULL
);
CREATE INDEX incident_checkins_person ON incident_checkins (incident, person, id);

-- Decisions, notes and support requests.
CREATE TABLE incident_records (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	author TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('decision', 'note', 'request')),
	text TEXT NOT NULL,
	PRIMARY KEY (incident, seq)
);

-- The record (§2.3.2 step 13, R7): every action is an entry.  hash =
-- SHA-256(prev_hash bytes || canonical bytes of the entry); see
-- incident_store.h for the canonical form.  Never updated, never deleted.
CREATE TABLE incident_timeline (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	author TEXT NOT NULL,
	kind TEXT NOT NULL,
	content TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (incident, seq)
);

CREATE TRIGGER incident_timeline_no_update BEFORE UPDATE ON incident_timeline
BEGIN
	SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;

CREATE TRIGGER incident_timeline_no_delete BEFORE DELETE ON incident_timeline
BEGIN
	SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;

-- Personal check-in links: the per-database secret the tokens are derived
-- from (HMAC-SHA-256), and per person the generation in use and
-- SHA-256(token) for the lookup.  Rotating bumps the generation.
CREATE TABLE checkin_secret (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	key BLOB NOT NULL
);

CREATE TABLE checkin_tokens (
	person TEXT PRIMARY KEY,
	generation INTEGER NOT NULL DEFAULT 1,
	token_hash BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

-- Failed token lookups, for the web face's rate limit (key = client address).
CREATE TABLE checkin_failures (
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX checkin_failures_key ON checkin_failures (key, at);
