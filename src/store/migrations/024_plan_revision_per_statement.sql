-- 024_plan_revision_per_statement.sql — nothing changes on SQLite: this
-- number is the pair of pg/024_plan_revision_per_statement.sql, which
-- makes PostgreSQL's plan revision triggers write the counter once per
-- statement instead of once per row.  SQLite updates its one row in place,
-- so 005's trigger per row costs it no more for the ten-thousandth row
-- than for the first (import of a plan of 18,000 rows: 0.3 s).
-- Written once: later changes go into new numbered migrations.
SELECT 1;
