-- The funnel of a long period by source or list (src/store/report.ts) reads each lead's
-- calls and stage moves in lead order from this index alone, so it needs no sort of the
-- period's touches by lead: it extends touches_lead (lead_id, at, channel, code) with the
-- stage, under the same name, so what used that one uses this one.
DROP INDEX touches_lead;
CREATE INDEX touches_lead ON touches (lead_id, at, channel, code, stage);
