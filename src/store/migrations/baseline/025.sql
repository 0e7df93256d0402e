-- SQLite's schema 025 as migrations 001–025 leave a new database: its
-- tables, indexes and triggers as SQLite stores them, and the rows the
-- migrations write.  A new, empty database is made from this file in one
-- transaction instead of by the 25 migrations (store.c: migrate): under the
-- sanitizers the chain cost each new database ~0.35 s of CPU more.
-- Written by scripts/sqlite-baseline.sh, never by hand;
-- tests/unit/test_store_baseline.c checks it against the migrations.
CREATE TABLE IF NOT EXISTS "organisation" (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"plan_title" TEXT NOT NULL DEFAULT '',
	"purpose" TEXT NOT NULL DEFAULT '',
	"bcp_name" TEXT NOT NULL DEFAULT '',
	"bcp_established" TEXT NOT NULL DEFAULT '',
	"scope_note" TEXT NOT NULL DEFAULT '',
	"report_destination" TEXT NOT NULL DEFAULT '',
	"fallback_channels" TEXT NOT NULL DEFAULT '',
	"tier_s_max_hours" INTEGER,
	"tier_a_max_hours" INTEGER,
	"tier_b_max_hours" INTEGER,
	"tier_c_max_hours" INTEGER,
	"tier_d_max_hours" INTEGER,
	"review_month_from" INTEGER,
	"review_month_to" INTEGER,
	"training_plan_month" INTEGER
, "aftershock_window_hours" INTEGER DEFAULT 6, "classification" TEXT NOT NULL DEFAULT '', "policy_statement" TEXT NOT NULL DEFAULT '', "venue_note" TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS "policy" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"text" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "department" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"kind" TEXT NOT NULL DEFAULT '',
	"duties" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "person" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"department" TEXT REFERENCES "department"(id),
	"title" TEXT NOT NULL DEFAULT '',
	"contact_role" TEXT NOT NULL DEFAULT '',
	"phone" TEXT NOT NULL DEFAULT '',
	"alt_site_phone" TEXT NOT NULL DEFAULT '',
	"mobile" TEXT NOT NULL DEFAULT '',
	"home_phone" TEXT NOT NULL DEFAULT '',
	"email" TEXT NOT NULL DEFAULT ''
, "email_private" TEXT NOT NULL DEFAULT '', "own_areas" TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS "role" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"structure" TEXT NOT NULL DEFAULT '',
	"duties" TEXT NOT NULL DEFAULT '',
	"reports_to" TEXT REFERENCES "role"(id)
);
CREATE TABLE IF NOT EXISTS "role_holder" (
	pos INTEGER NOT NULL,
	"role" TEXT NOT NULL REFERENCES "role"(id),
	"person" TEXT NOT NULL REFERENCES "person"(id),
	"rank" INTEGER,
	UNIQUE ("role", "person")
);
CREATE TABLE IF NOT EXISTS "event_type" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"kind" TEXT NOT NULL DEFAULT '',
	"scenario" TEXT NOT NULL DEFAULT ''
, "damage_note" TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS "assembly_criterion" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"automatic" INTEGER NOT NULL DEFAULT 0,
	"condition" TEXT NOT NULL DEFAULT '',
	"min_intensity" TEXT NOT NULL DEFAULT '',
	"hazard" TEXT NOT NULL DEFAULT 'earthquake', "min_tsunami" TEXT NOT NULL DEFAULT '', "areas" TEXT NOT NULL DEFAULT '', "roles" TEXT NOT NULL DEFAULT '', "call" TEXT NOT NULL DEFAULT 'roles', "ask_everyone" INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS "assembly_location" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"role" TEXT NOT NULL REFERENCES "role"(id),
	"priority" INTEGER,
	"place" TEXT NOT NULL DEFAULT '',
	"online" INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS "procedure" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"variant" TEXT NOT NULL DEFAULT '',
	"title" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "procedure_step" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"procedure" TEXT NOT NULL REFERENCES "procedure"(id),
	"no" INTEGER,
	"title" TEXT NOT NULL DEFAULT '',
	"actions" TEXT NOT NULL DEFAULT '',
	"documents" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "step_role" (
	pos INTEGER NOT NULL,
	"step" TEXT NOT NULL REFERENCES "procedure_step"(id),
	"role" TEXT NOT NULL REFERENCES "role"(id),
	UNIQUE ("step", "role")
);
CREATE TABLE IF NOT EXISTS "business" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"department" TEXT REFERENCES "department"(id),
	"environment" TEXT NOT NULL DEFAULT '',
	"rto_hours" INTEGER,
	"rlo" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "system" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"name" TEXT NOT NULL DEFAULT '',
	"department" TEXT REFERENCES "department"(id),
	"summary" TEXT NOT NULL DEFAULT '',
	"in_scope" INTEGER NOT NULL DEFAULT 0,
	"rlo" TEXT NOT NULL DEFAULT '',
	"rlo_percent" INTEGER,
	"rto_override_hours" INTEGER,
	"rto_override_reason" TEXT NOT NULL DEFAULT '',
	"tier_override" TEXT NOT NULL DEFAULT '',
	"tier_override_reason" TEXT NOT NULL DEFAULT '',
	"risks" TEXT NOT NULL DEFAULT '',
	"countermeasures" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "business_system" (
	pos INTEGER NOT NULL,
	"business" TEXT NOT NULL REFERENCES "business"(id),
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"alt_means" TEXT NOT NULL DEFAULT '',
	"alt_hours" INTEGER,
	UNIQUE ("business", "system")
);
CREATE TABLE IF NOT EXISTS "system_dependency" (
	pos INTEGER NOT NULL,
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"depends_on" TEXT NOT NULL REFERENCES "system"(id),
	UNIQUE ("system", "depends_on")
);
CREATE TABLE IF NOT EXISTS "component" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"category" TEXT NOT NULL DEFAULT '',
	"name" TEXT NOT NULL DEFAULT '',
	"name_en" TEXT NOT NULL DEFAULT '',
	"description" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "level_description" (
	pos INTEGER NOT NULL,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"level" INTEGER,
	"title" TEXT NOT NULL DEFAULT '',
	"description" TEXT NOT NULL DEFAULT '',
	UNIQUE ("event", "component", "level")
);
CREATE TABLE IF NOT EXISTS "target_level" (
	pos INTEGER NOT NULL,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"tier" TEXT NOT NULL DEFAULT '',
	"level" INTEGER,
	UNIQUE ("event", "component", "tier")
);
CREATE TABLE IF NOT EXISTS "assessment" (
	pos INTEGER NOT NULL,
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"current_level" INTEGER,
	"risk" TEXT NOT NULL DEFAULT '',
	UNIQUE ("system", "event", "component")
);
CREATE TABLE IF NOT EXISTS "countermeasure_step" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"system" TEXT NOT NULL REFERENCES "system"(id),
	"no" INTEGER,
	"fy_from" INTEGER,
	"fy_to" INTEGER,
	"contents" TEXT NOT NULL DEFAULT '',
	"effect" TEXT NOT NULL DEFAULT '',
	"residual_risk" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "countermeasure_item" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"step" TEXT NOT NULL REFERENCES "countermeasure_step"(id),
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"measure" TEXT NOT NULL DEFAULT '',
	"component" TEXT NOT NULL REFERENCES "component"(id),
	"level" INTEGER,
	"actions" TEXT NOT NULL DEFAULT '',
	"budget_kyen" INTEGER,
	"fy" INTEGER,
	"owner" TEXT REFERENCES "department"(id),
	"owner_note" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "damage_assumption" (
	pos INTEGER NOT NULL,
	"event" TEXT NOT NULL REFERENCES "event_type"(id),
	"subject" TEXT NOT NULL DEFAULT '',
	"assumption" TEXT NOT NULL DEFAULT '',
	UNIQUE ("event", "subject")
);
CREATE TABLE IF NOT EXISTS "training" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"fy" INTEGER,
	"no" INTEGER,
	"title" TEXT NOT NULL DEFAULT '',
	"type" TEXT NOT NULL DEFAULT '',
	"method" TEXT NOT NULL DEFAULT '',
	"audience" TEXT NOT NULL DEFAULT '',
	"months" INTEGER NOT NULL DEFAULT 0,
	"planner" TEXT NOT NULL DEFAULT '',
	"remarks" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "calendar_marker" (
	pos INTEGER NOT NULL,
	"fy" INTEGER,
	"month" INTEGER,
	"label" TEXT NOT NULL DEFAULT '',
	UNIQUE ("fy", "month", "label")
);
CREATE TABLE IF NOT EXISTS "training_record" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"training" TEXT NOT NULL REFERENCES "training"(id),
	"date" TEXT NOT NULL DEFAULT '',
	"participants" INTEGER,
	"evaluation" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "review" (
	pos INTEGER NOT NULL,
	"id" TEXT NOT NULL PRIMARY KEY,
	"occasion" TEXT NOT NULL DEFAULT '',
	"date" TEXT NOT NULL DEFAULT '',
	"reviewer" TEXT REFERENCES "person"(id),
	"reviewer_name" TEXT NOT NULL DEFAULT '',
	"summary" TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS "review_answer" (
	pos INTEGER NOT NULL,
	"review" TEXT NOT NULL REFERENCES "review"(id),
	"question" INTEGER,
	"answer" TEXT NOT NULL DEFAULT '',
	"note" TEXT NOT NULL DEFAULT '',
	UNIQUE ("review", "question")
);
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'responder', 'viewer')),
	pwhash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL,          -- UTC, YYYY-MM-DDTHH:MM:SSZ
	password_changed_at TEXT NOT NULL
, person TEXT, must_change_password INTEGER NOT NULL DEFAULT 0
	CHECK (must_change_password IN (0, 1)));
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
, last_seen INTEGER NOT NULL DEFAULT 0);
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,                  -- UTC, YYYY-MM-DDTHH:MM:SSZ
	actor TEXT NOT NULL,               -- user name, or "cli:LOGIN"
	action TEXT NOT NULL,              -- "user.add", "plan.system.update" …
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
, hash_alg TEXT NOT NULL DEFAULT 'blake2b'
	CHECK (hash_alg IN ('blake2b', 'sha256')));
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
, hold_state TEXT NOT NULL DEFAULT ''
	CHECK (hold_state IN ('', 'held', 'sent', 'stopped', 'withdrawn')), hold_until INTEGER);
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
CREATE TABLE incident_holders (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	pos INTEGER NOT NULL,
	role TEXT NOT NULL,
	role_name TEXT NOT NULL DEFAULT '',
	person TEXT NOT NULL,
	rank INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (incident, pos)
);
CREATE TABLE incident_records (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	author TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('decision', 'note', 'request')),
	text TEXT NOT NULL,
	PRIMARY KEY (incident, seq)
);
CREATE TABLE checkin_secret (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	key BLOB NOT NULL
);
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
CREATE TABLE plan_revision (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	n INTEGER NOT NULL
);
INSERT INTO plan_revision VALUES(1,0);
CREATE TABLE IF NOT EXISTS "incident_checkins" (
	id INTEGER PRIMARY KEY,
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	status TEXT NOT NULL
		CHECK (status = 'safe' OR status = 'injured' OR status = 'cannot_act'),
	assembly TEXT NOT NULL
		CHECK (assembly = 'yes' OR assembly = 'online' OR assembly = 'no'),
	eta INTEGER,
	location TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL,
	author TEXT NOT NULL DEFAULT '',
	seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "incident_timeline" (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	author TEXT NOT NULL,
	kind TEXT NOT NULL,
	content TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (incident, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS "incident_people" (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	department TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	roles TEXT NOT NULL DEFAULT '',
	called INTEGER NOT NULL DEFAULT 1,
	last_checkin INTEGER,
	first_checkin INTEGER,
	first_at INTEGER, ask TEXT NOT NULL DEFAULT 'assemble'
	CHECK (ask IN ('assemble', 'safety')), called_at INTEGER,
	PRIMARY KEY (incident, person)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS "checkin_tokens" (
	token_hash BLOB NOT NULL PRIMARY KEY,
	person TEXT NOT NULL UNIQUE,
	generation INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
, revoked_at INTEGER) WITHOUT ROWID;
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
CREATE TABLE jma_feed_state (
	feed TEXT PRIMARY KEY,
	last_modified TEXT NOT NULL,
	etag TEXT NOT NULL,
	polled_at INTEGER NOT NULL,
	status TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE settings (
	key TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE incident_pack_ticks (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	step TEXT NOT NULL,
	ticked_at INTEGER NOT NULL,
	ticked_by TEXT NOT NULL,
	seq INTEGER NOT NULL,
	PRIMARY KEY (incident, step, ticked_at, ticked_by)
) WITHOUT ROWID;
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
CREATE TABLE outbox_followup (
	incident INTEGER NOT NULL REFERENCES incidents (id),
	person TEXT NOT NULL,
	last_at INTEGER NOT NULL,
	reminders INTEGER NOT NULL DEFAULT 0,
	deputies_at INTEGER,
	PRIMARY KEY (incident, person)
) WITHOUT ROWID;
CREATE TABLE outbox_notices (
	key TEXT NOT NULL PRIMARY KEY,
	at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE totp (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
	last_step INTEGER NOT NULL DEFAULT 0,
	recovery_salt TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE TABLE totp_recovery (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	hash TEXT NOT NULL,
	used_at TEXT,
	PRIMARY KEY (user_id, hash)
) WITHOUT ROWID;
CREATE TABLE login_pending (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE record_keys (
	id INTEGER PRIMARY KEY,
	public_key BLOB NOT NULL CHECK (length(public_key) = 32),
	made_at INTEGER NOT NULL,
	reason TEXT NOT NULL
);
CREATE TABLE timeline_signatures (
	incident INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	key INTEGER NOT NULL REFERENCES record_keys (id),
	sig BLOB NOT NULL CHECK (length(sig) = 64),
	PRIMARY KEY (incident, seq)
) WITHOUT ROWID;
CREATE TABLE timeline_unsigned (
	incident INTEGER PRIMARY KEY,
	last_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "outbox" (
	id INTEGER PRIMARY KEY,
	incident INTEGER REFERENCES incidents (id),
	kind TEXT NOT NULL
		CHECK (kind IN ('callout', 'reminder', 'deputy', 'approval', 'review_due', 'witness')),
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
CREATE TABLE whom_version (
	singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
	n INTEGER NOT NULL
);
INSERT INTO whom_version VALUES(1,0);
CREATE INDEX "person_department" ON "person"("department");
CREATE INDEX "role_reports_to" ON "role"("reports_to");
CREATE INDEX "role_holder_role" ON "role_holder"("role");
CREATE INDEX "role_holder_person" ON "role_holder"("person");
CREATE INDEX "assembly_criterion_event" ON "assembly_criterion"("event");
CREATE INDEX "assembly_location_role" ON "assembly_location"("role");
CREATE INDEX "procedure_event" ON "procedure"("event");
CREATE INDEX "procedure_step_procedure" ON "procedure_step"("procedure");
CREATE INDEX "step_role_step" ON "step_role"("step");
CREATE INDEX "step_role_role" ON "step_role"("role");
CREATE INDEX "business_department" ON "business"("department");
CREATE INDEX "system_department" ON "system"("department");
CREATE INDEX "business_system_business" ON "business_system"("business");
CREATE INDEX "business_system_system" ON "business_system"("system");
CREATE INDEX "system_dependency_system" ON "system_dependency"("system");
CREATE INDEX "system_dependency_depends_on" ON "system_dependency"("depends_on");
CREATE INDEX "level_description_event" ON "level_description"("event");
CREATE INDEX "level_description_component" ON "level_description"("component");
CREATE INDEX "target_level_event" ON "target_level"("event");
CREATE INDEX "target_level_component" ON "target_level"("component");
CREATE INDEX "assessment_system" ON "assessment"("system");
CREATE INDEX "assessment_event" ON "assessment"("event");
CREATE INDEX "assessment_component" ON "assessment"("component");
CREATE INDEX "countermeasure_step_system" ON "countermeasure_step"("system");
CREATE INDEX "countermeasure_item_step" ON "countermeasure_item"("step");
CREATE INDEX "countermeasure_item_event" ON "countermeasure_item"("event");
CREATE INDEX "countermeasure_item_component" ON "countermeasure_item"("component");
CREATE INDEX "countermeasure_item_owner" ON "countermeasure_item"("owner");
CREATE INDEX "damage_assumption_event" ON "damage_assumption"("event");
CREATE INDEX "training_record_training" ON "training_record"("training");
CREATE INDEX "review_reviewer" ON "review"("reviewer");
CREATE INDEX "review_answer_review" ON "review_answer"("review");
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
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
CREATE TRIGGER "organisation_rev_i" AFTER INSERT ON "organisation" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "organisation_rev_u" AFTER UPDATE ON "organisation" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "organisation_rev_d" AFTER DELETE ON "organisation" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "policy_rev_i" AFTER INSERT ON "policy" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "policy_rev_u" AFTER UPDATE ON "policy" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "policy_rev_d" AFTER DELETE ON "policy" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "department_rev_i" AFTER INSERT ON "department" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "department_rev_u" AFTER UPDATE ON "department" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "department_rev_d" AFTER DELETE ON "department" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "person_rev_i" AFTER INSERT ON "person" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "person_rev_u" AFTER UPDATE ON "person" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "person_rev_d" AFTER DELETE ON "person" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_rev_i" AFTER INSERT ON "role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_rev_u" AFTER UPDATE ON "role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_rev_d" AFTER DELETE ON "role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_holder_rev_i" AFTER INSERT ON "role_holder" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_holder_rev_u" AFTER UPDATE ON "role_holder" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "role_holder_rev_d" AFTER DELETE ON "role_holder" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "event_type_rev_i" AFTER INSERT ON "event_type" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "event_type_rev_u" AFTER UPDATE ON "event_type" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "event_type_rev_d" AFTER DELETE ON "event_type" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_criterion_rev_i" AFTER INSERT ON "assembly_criterion" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_criterion_rev_u" AFTER UPDATE ON "assembly_criterion" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_criterion_rev_d" AFTER DELETE ON "assembly_criterion" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_location_rev_i" AFTER INSERT ON "assembly_location" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_location_rev_u" AFTER UPDATE ON "assembly_location" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assembly_location_rev_d" AFTER DELETE ON "assembly_location" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_rev_i" AFTER INSERT ON "procedure" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_rev_u" AFTER UPDATE ON "procedure" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_rev_d" AFTER DELETE ON "procedure" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_step_rev_i" AFTER INSERT ON "procedure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_step_rev_u" AFTER UPDATE ON "procedure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "procedure_step_rev_d" AFTER DELETE ON "procedure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "step_role_rev_i" AFTER INSERT ON "step_role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "step_role_rev_u" AFTER UPDATE ON "step_role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "step_role_rev_d" AFTER DELETE ON "step_role" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_rev_i" AFTER INSERT ON "business" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_rev_u" AFTER UPDATE ON "business" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_rev_d" AFTER DELETE ON "business" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_rev_i" AFTER INSERT ON "system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_rev_u" AFTER UPDATE ON "system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_rev_d" AFTER DELETE ON "system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_system_rev_i" AFTER INSERT ON "business_system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_system_rev_u" AFTER UPDATE ON "business_system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "business_system_rev_d" AFTER DELETE ON "business_system" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_dependency_rev_i" AFTER INSERT ON "system_dependency" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_dependency_rev_u" AFTER UPDATE ON "system_dependency" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "system_dependency_rev_d" AFTER DELETE ON "system_dependency" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "component_rev_i" AFTER INSERT ON "component" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "component_rev_u" AFTER UPDATE ON "component" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "component_rev_d" AFTER DELETE ON "component" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "level_description_rev_i" AFTER INSERT ON "level_description" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "level_description_rev_u" AFTER UPDATE ON "level_description" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "level_description_rev_d" AFTER DELETE ON "level_description" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "target_level_rev_i" AFTER INSERT ON "target_level" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "target_level_rev_u" AFTER UPDATE ON "target_level" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "target_level_rev_d" AFTER DELETE ON "target_level" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assessment_rev_i" AFTER INSERT ON "assessment" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assessment_rev_u" AFTER UPDATE ON "assessment" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "assessment_rev_d" AFTER DELETE ON "assessment" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_step_rev_i" AFTER INSERT ON "countermeasure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_step_rev_u" AFTER UPDATE ON "countermeasure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_step_rev_d" AFTER DELETE ON "countermeasure_step" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_item_rev_i" AFTER INSERT ON "countermeasure_item" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_item_rev_u" AFTER UPDATE ON "countermeasure_item" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "countermeasure_item_rev_d" AFTER DELETE ON "countermeasure_item" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "damage_assumption_rev_i" AFTER INSERT ON "damage_assumption" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "damage_assumption_rev_u" AFTER UPDATE ON "damage_assumption" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "damage_assumption_rev_d" AFTER DELETE ON "damage_assumption" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_rev_i" AFTER INSERT ON "training" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_rev_u" AFTER UPDATE ON "training" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_rev_d" AFTER DELETE ON "training" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "calendar_marker_rev_i" AFTER INSERT ON "calendar_marker" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "calendar_marker_rev_u" AFTER UPDATE ON "calendar_marker" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "calendar_marker_rev_d" AFTER DELETE ON "calendar_marker" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_record_rev_i" AFTER INSERT ON "training_record" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_record_rev_u" AFTER UPDATE ON "training_record" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "training_record_rev_d" AFTER DELETE ON "training_record" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_rev_i" AFTER INSERT ON "review" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_rev_u" AFTER UPDATE ON "review" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_rev_d" AFTER DELETE ON "review" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_answer_rev_i" AFTER INSERT ON "review_answer" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_answer_rev_u" AFTER UPDATE ON "review_answer" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE TRIGGER "review_answer_rev_d" AFTER DELETE ON "review_answer" BEGIN UPDATE plan_revision SET n = n + 1; END;
CREATE INDEX incident_checkins_incident ON incident_checkins (incident);
CREATE TRIGGER incident_timeline_no_update BEFORE UPDATE ON incident_timeline
BEGIN
	SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;
CREATE TRIGGER incident_timeline_no_delete BEFORE DELETE ON incident_timeline
BEGIN
	SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;
CREATE INDEX jma_reports_event ON jma_reports (event_id);
CREATE TRIGGER jma_reports_no_update BEFORE UPDATE ON jma_reports
BEGIN
	SELECT RAISE(ABORT, 'jma_reports is append-only');
END;
CREATE TRIGGER jma_reports_no_delete BEFORE DELETE ON jma_reports
BEGIN
	SELECT RAISE(ABORT, 'jma_reports is append-only');
END;
CREATE INDEX jma_feed_entries_entry ON jma_feed_entries (entry_id);
CREATE TRIGGER jma_feed_entries_no_update BEFORE UPDATE ON jma_feed_entries
BEGIN
	SELECT RAISE(ABORT, 'jma_feed_entries is append-only');
END;
CREATE TRIGGER jma_feed_entries_no_delete BEFORE DELETE ON jma_feed_entries
BEGIN
	SELECT RAISE(ABORT, 'jma_feed_entries is append-only');
END;
CREATE TRIGGER incident_pack_ticks_no_update BEFORE UPDATE ON incident_pack_ticks
BEGIN
	SELECT RAISE(ABORT, 'incident_pack_ticks is append-only');
END;
CREATE TRIGGER incident_pack_ticks_no_delete BEFORE DELETE ON incident_pack_ticks
BEGIN
	SELECT RAISE(ABORT, 'incident_pack_ticks is append-only');
END;
CREATE INDEX backups_ok ON backups (ok, finished);
CREATE INDEX login_pending_user ON login_pending (user_id);
CREATE TRIGGER record_keys_no_update BEFORE UPDATE ON record_keys
BEGIN
	SELECT RAISE(ABORT, 'record_keys is append-only');
END;
CREATE TRIGGER record_keys_no_delete BEFORE DELETE ON record_keys
BEGIN
	SELECT RAISE(ABORT, 'record_keys is append-only');
END;
CREATE TRIGGER timeline_signatures_no_update BEFORE UPDATE ON timeline_signatures
BEGIN
	SELECT RAISE(ABORT, 'timeline_signatures is append-only');
END;
CREATE TRIGGER timeline_signatures_no_delete BEFORE DELETE ON timeline_signatures
BEGIN
	SELECT RAISE(ABORT, 'timeline_signatures is append-only');
END;
CREATE TRIGGER timeline_unsigned_no_change BEFORE UPDATE ON timeline_unsigned
BEGIN
	SELECT RAISE(ABORT, 'timeline_unsigned is written once');
END;
CREATE TRIGGER timeline_unsigned_no_delete BEFORE DELETE ON timeline_unsigned
BEGIN
	SELECT RAISE(ABORT, 'timeline_unsigned is written once');
END;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_incident ON outbox (incident, person);
CREATE INDEX outbox_witness ON outbox (kind, created_at) WHERE kind = 'witness';
