-- 010_audit_sha256.sql — the audit log says which hash links each row.
-- Written once: later changes go into new numbered migrations.
--
-- The audit log was chained with BLAKE2b; from this version on it is
-- chained with SHA-256 through util/chain.h, the incident timeline's hash
-- (one chain, one hash).  The rows already written keep the BLAKE2b hash
-- they were given: the log is append-only evidence, its hashes may have
-- been noted or printed elsewhere, and SQL cannot compute either hash
-- anyway.  So each row records its algorithm: every existing row takes
-- the default 'blake2b', every new row is written 'sha256' (users.c), and
-- users_audit_verify checks each row by its own algorithm along the one
-- chain (the first SHA-256 row links to the last BLAKE2b one), refusing a
-- BLAKE2b row after a SHA-256 one.

ALTER TABLE audit_log ADD COLUMN hash_alg TEXT NOT NULL DEFAULT 'blake2b'
	CHECK (hash_alg IN ('blake2b', 'sha256'));
