-- What an import keeps of a row beyond one phone and one mobile, and the key that finds a
-- lead without phone or email again when the same list is imported twice.
-- other_phones: further numbers of the person (Outlook's Home Phone beside its Business
-- Phone, Google's third number), as a JSON array of {label, number}: shown to the caller.
ALTER TABLE leads ADD COLUMN other_phones TEXT CHECK (other_phones IS NULL OR json_valid(other_phones));
-- name_key: first name, last name and company folded (case, accents, punctuation aside, as
-- the import compares them within a file), set only on leads with no phone, mobile or
-- email: those an import can recognise by nothing else (an erased person has none). leads_name_key() is the program's
-- own function (src/core/import/names.ts), registered on every connection it opens.
ALTER TABLE leads ADD COLUMN name_key TEXT;
UPDATE leads SET name_key = leads_name_key(first_name, last_name, company)
  WHERE phone_e164 IS NULL AND mobile_e164 IS NULL AND email_norm IS NULL AND forgotten_at IS NULL;
CREATE INDEX leads_name_key ON leads (name_key) WHERE name_key IS NOT NULL;
-- leads imports undo: when an import was taken back (its row stays, with its counts).
ALTER TABLE imports ADD COLUMN undone_at TEXT;
