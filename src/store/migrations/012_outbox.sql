-- 012_outbox.sql — PLACEHOLDER on branch h-2 only, so that 013 applies in
-- order.  Branch h-1 owns migration 012 (the outbox): when merging, take
-- h-1's file and drop this one.
SELECT 1;
