-- 022_record_signing.sql — the incident record signed with a key kept
-- outside the database file (issue 15, item 12): a chain rewritten and
-- rehashed by someone who can write the file but not read the key does
-- not verify.  Written once: later changes go into new numbered migrations.
--
-- record_keys: the public half of each record key, in the order itbcp
-- began to use them (store/record_key.c).  A new row is written when the
-- key file is missing (a new key is made) or is not the last key known:
-- a key change is itself a row, never silent, and `incident verify`
-- names the keys a record was signed with.  The secret half never enters
-- the database.
CREATE TABLE record_keys (
	id INTEGER PRIMARY KEY,
	public_key BLOB NOT NULL CHECK (length(public_key) = 32),
	made_at INTEGER NOT NULL,
	reason TEXT NOT NULL
);

-- timeline_signatures: Ed25519 over ("itbcp-timeline-sig-v1", incident,
-- seq, the entry's 32-byte hash) of the last entry each write transaction
-- appended to an incident.  That entry's hash covers every entry before
-- it (util/chain.h), so one signature per transaction vouches for every
-- entry since the previous signature: signing each check-in would have
-- cost ~30 % of the burst's CPU (doc/performance.md).
CREATE TABLE timeline_signatures (
	incident INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	key INTEGER NOT NULL REFERENCES record_keys (id),
	sig BLOB NOT NULL CHECK (length(sig) = 64),
	PRIMARY KEY (incident, seq)
) WITHOUT ROWID;

-- timeline_unsigned: per incident, the last entry written before signing
-- existed (this migration).  Those entries are reported as unsigned;
-- an unsigned entry after them is a failure.
CREATE TABLE timeline_unsigned (
	incident INTEGER PRIMARY KEY,
	last_seq INTEGER NOT NULL
);
INSERT INTO timeline_unsigned (incident, last_seq)
	SELECT incident, max(seq) FROM incident_timeline GROUP BY incident;

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

-- The outbox takes a fourth kind of peacetime message, 'witness': each
-- record's last entry and hash sent to an address kept outside this
-- machine (settings witness_to, witness_interval; app/app_witness.c), so
-- that a tail removed later is provable.  SQLite cannot change a CHECK:
-- the table is rebuilt with the same columns, rows and ids.
CREATE TABLE outbox_new (
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
INSERT INTO outbox_new (id, incident, kind, person, channel, address, link, subject, body,
	created_at, due_at, state, attempts, next_attempt_at, owner, lease_until, last_error,
	sent_at, response)
	SELECT id, incident, kind, person, channel, address, link, subject, body, created_at,
		due_at, state, attempts, next_attempt_at, owner, lease_until, last_error, sent_at,
		response FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_incident ON outbox (incident, person);
CREATE INDEX outbox_witness ON outbox (kind, created_at) WHERE kind = 'witness';
