-- Lead ids are never reused (SPEC "Storage"): SQLite gives a new row the highest id + 1, so
-- the id of the newest lead, removed by an import's undo or an erase, went to the next one
-- (a note or an export naming #1042 would then mean someone else). AUTOINCREMENT keeps the
-- highest id ever given in sqlite_sequence; it can only be declared with the table, so the
-- table is made again: the same columns in the same order (a column added by a migration
-- this file does not know makes the copy below fail, never a column lost), every row with
-- its id, then every index as it was. Tables that refer to leads name it, so they follow the
-- new table; foreign keys are checked before this migration commits (src/store/db.ts).
CREATE TABLE leads_rebuilt (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  first_name      TEXT,
  last_name       TEXT,
  company         TEXT,
  title           TEXT,
  -- phone as written, and normalised for matching (E.164, extension apart)
  phone           TEXT,
  phone_e164      TEXT,
  phone_ext       TEXT,
  phone_valid     INTEGER CHECK (phone_valid IN (0, 1)),
  mobile          TEXT,
  mobile_e164     TEXT,
  -- email as written, and trimmed + lower-cased for matching
  email           TEXT,
  email_norm      TEXT,
  street          TEXT,
  city            TEXT,
  region          TEXT,
  postal_code     TEXT,
  country         TEXT,
  -- IANA zone when known (from region, postal code or phone area)
  time_zone       TEXT,
  source          TEXT,
  list            TEXT,
  priority        INTEGER NOT NULL DEFAULT 0,
  -- columns of an imported file that map to no field, as a JSON object
  extra           TEXT CHECK (extra IS NULL OR json_valid(extra)),
  status          TEXT    NOT NULL DEFAULT 'prospect'
                    CHECK (status IN ('prospect', 'cycle', 'sold', 'disqualified')),
  code            INTEGER REFERENCES codes (code),
  stage           TEXT CHECK (stage IN ('quote', 'thinking', 'application', 'delivery', 'sold', 'done')),
  stage_at        TEXT,
  -- "thinking about it" responses in the current cycle (three strikes)
  thinking_count  INTEGER NOT NULL DEFAULT 0,
  cycles          INTEGER NOT NULL DEFAULT 0,
  -- consecutive code-3 attempts since the last contact
  attempts        INTEGER NOT NULL DEFAULT 0,
  touch_count     INTEGER NOT NULL DEFAULT 0,
  last_called_at  TEXT,
  next_contact_at TEXT,
  do_not_call     INTEGER NOT NULL DEFAULT 0 CHECK (do_not_call IN (0, 1)),
  do_not_email    INTEGER NOT NULL DEFAULT 0 CHECK (do_not_email IN (0, 1)),
  do_not_mail     INTEGER NOT NULL DEFAULT 0 CHECK (do_not_mail IN (0, 1)),
  -- another lead this one shares a phone or email with under a different name
  shares_with     INTEGER REFERENCES leads (id),
  import_id       INTEGER REFERENCES imports (id),
  forgotten_at    TEXT,
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  -- 0003_merged_into, 0005_import_faithful
  merged_into     INTEGER REFERENCES leads (id),
  other_phones    TEXT CHECK (other_phones IS NULL OR json_valid(other_phones)),
  name_key        TEXT
) STRICT;

INSERT INTO leads_rebuilt SELECT * FROM leads;
DROP TABLE leads;
ALTER TABLE leads_rebuilt RENAME TO leads;

CREATE INDEX leads_phone ON leads (phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE INDEX leads_mobile ON leads (mobile_e164) WHERE mobile_e164 IS NOT NULL;
CREATE INDEX leads_email ON leads (email_norm) WHERE email_norm IS NOT NULL;
CREATE INDEX leads_last_name ON leads (last_name COLLATE NOCASE);
CREATE INDEX leads_status_stage ON leads (status, stage);
CREATE INDEX leads_shares ON leads (shares_with) WHERE shares_with IS NOT NULL;
CREATE INDEX leads_queue_due ON leads (next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
CREATE INDEX leads_queue_new ON leads (priority DESC, id)
  WHERE code IS NULL AND do_not_call = 0 AND status = 'prospect';
CREATE INDEX leads_queue_code ON leads (status, code, next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
CREATE INDEX leads_queue_code_list ON leads (list, status, code, next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
CREATE INDEX leads_queue_code_source ON leads (source, status, code, next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
CREATE INDEX leads_queue_new_list ON leads (list, priority DESC, id)
  WHERE code IS NULL AND do_not_call = 0 AND status = 'prospect';
CREATE INDEX leads_queue_new_source ON leads (source, priority DESC, id)
  WHERE code IS NULL AND do_not_call = 0 AND status = 'prospect';
CREATE INDEX leads_merged_into ON leads (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX leads_source_created ON leads (source, created_at) WHERE merged_into IS NULL;
CREATE INDEX leads_list_created ON leads (list, created_at) WHERE merged_into IS NULL;
CREATE INDEX leads_import_status ON leads (import_id, status) WHERE import_id IS NOT NULL AND merged_into IS NULL;
CREATE INDEX leads_name_key ON leads (name_key) WHERE name_key IS NOT NULL;
