-- 008_checkin_limit_in_memory.sql — the rate limit on wrong check-in links
-- moved into the server's memory (web/checkin_limit.h): a report is now
-- answered without the request's thread touching the database, and a
-- flood of wrong links no longer turns into database writes.  The table
-- that counted them goes.  Written once: later changes go into new
-- numbered migrations.
DROP TABLE checkin_failures;
