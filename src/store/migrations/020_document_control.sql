-- 020_document_control.sql — what the plan document needs to be submitted
-- as an agency's own (issue 16 items 4 and 5).  Written once: later changes
-- go into new numbered migrations.
--
-- The classification marking printed on the cover and every page of the
-- plan's documents (機密性2 …; empty: none), and two passages of the
-- appendix the agency may word its own way: the statement in the box of
-- §1.2 and the paragraph on other venues and telework of §2.1.4.  Empty
-- means the appendix's wording, so a plan made before this migration reads
-- as the appendix does.
ALTER TABLE "organisation" ADD COLUMN "classification" TEXT NOT NULL DEFAULT '';
ALTER TABLE "organisation" ADD COLUMN "policy_statement" TEXT NOT NULL DEFAULT '';
ALTER TABLE "organisation" ADD COLUMN "venue_note" TEXT NOT NULL DEFAULT '';
