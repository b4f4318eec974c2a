-- A lead merged into another (`leads merge KEEP OTHER`) stays as a row, so its id is never
-- reused by a later lead (lead_aliases points the old id at KEEP, and SQLite would hand the
-- highest free rowid to the next insert). merged_into marks that row as no longer a lead:
-- lists, searches, the queue and batches leave it out; its touches and pending batch items
-- have moved to KEEP. It keeps its phone and email columns, so an import of the same person
-- still matches it and follows the alias to KEEP instead of making a new, callable lead.
ALTER TABLE leads ADD COLUMN merged_into INTEGER REFERENCES leads (id);
CREATE INDEX leads_merged_into ON leads (merged_into) WHERE merged_into IS NOT NULL;
