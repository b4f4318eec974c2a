-- The whole contract's schema. Later migrations add columns and indexes, never rewrite.
-- Dates are ISO 8601 text in UTC ('YYYY-MM-DDTHH:MM:SS.sssZ'), so text order is time order;
-- the program shows them in local time. Phones and postal codes stay TEXT (leading zeros, '+').

-- Outcome codes of a call: data, so a user can rename them and add their own.
CREATE TABLE codes (
  code        INTEGER PRIMARY KEY CHECK (code BETWEEN 0 AND 99),
  label       TEXT    NOT NULL,
  -- what the code does: see src/core/codes.ts
  action      TEXT    NOT NULL CHECK (action IN
                ('rest', 'letter', 'retry', 'callback', 'email', 'finish', 'dnc', 'disqualify', 'none')),
  needs_date  INTEGER NOT NULL DEFAULT 0 CHECK (needs_date IN (0, 1)),
  needs_email INTEGER NOT NULL DEFAULT 0 CHECK (needs_email IN (0, 1)),
  -- a person was spoken to (the report's "people reached")
  reached     INTEGER NOT NULL DEFAULT 1 CHECK (reached IN (0, 1)),
  builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO codes (code, label, action, needs_date, needs_email, reached, builtin) VALUES
  (1, 'not interested',        'rest',       0, 0, 1, 1),
  (2, 'send letter',           'letter',     0, 0, 1, 1),
  (3, 'not available',         'retry',      0, 0, 0, 1),
  (4, 'call back',             'callback',   1, 0, 1, 1),
  (5, 'send permission email', 'email',      0, 1, 1, 1),
  (6, 'finished lead',         'finish',     0, 0, 1, 1),
  (7, 'do not call',           'dnc',        0, 0, 1, 1),
  (9, 'disqualified',          'disqualify', 0, 0, 0, 1);

-- One import of one file.
CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  file        TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  started_at  TEXT    NOT NULL,
  finished_at TEXT,
  source      TEXT,
  list        TEXT,
  cost_cents  INTEGER,
  read        INTEGER NOT NULL DEFAULT 0,
  inserted    INTEGER NOT NULL DEFAULT 0,
  duplicates  INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  -- columns of the file that map to no field (kept in leads.extra)
  unmapped    TEXT CHECK (unmapped IS NULL OR json_valid(unmapped))
) STRICT;
CREATE INDEX imports_sha256 ON imports (sha256);

CREATE TABLE leads (
  id              INTEGER PRIMARY KEY,
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
  updated_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX leads_phone ON leads (phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE INDEX leads_mobile ON leads (mobile_e164) WHERE mobile_e164 IS NOT NULL;
CREATE INDEX leads_email ON leads (email_norm) WHERE email_norm IS NOT NULL;
CREATE INDEX leads_last_name ON leads (last_name COLLATE NOCASE);
CREATE INDEX leads_status_stage ON leads (status, stage);
CREATE INDEX leads_shares ON leads (shares_with) WHERE shares_with IS NOT NULL;
-- the call queue: what is due (call-backs, follow-ups, retries, cool-off over) ...
CREATE INDEX leads_queue_due ON leads (next_contact_at)
  WHERE next_contact_at IS NOT NULL AND do_not_call = 0 AND status IN ('prospect', 'cycle');
-- ... and the prospects never called, by priority then list order
CREATE INDEX leads_queue_new ON leads (priority DESC, id)
  WHERE code IS NULL AND do_not_call = 0 AND status = 'prospect';

-- The id of a lead merged into another, so `leads show OLD` still finds it.
CREATE TABLE lead_aliases (
  alias_id INTEGER PRIMARY KEY,
  lead_id  INTEGER NOT NULL REFERENCES leads (id)
) STRICT;
CREATE INDEX lead_aliases_lead ON lead_aliases (lead_id);

-- A morning at the phone.
CREATE TABLE sessions (
  id         INTEGER PRIMARY KEY,
  started_at TEXT    NOT NULL,
  ended_at   TEXT,
  calls      INTEGER NOT NULL DEFAULT 0,
  reached    INTEGER NOT NULL DEFAULT 0,
  filters    TEXT CHECK (filters IS NULL OR json_valid(filters))
) STRICT;

-- One end-of-day sort.
CREATE TABLE batches (
  id         INTEGER PRIMARY KEY,
  day        TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  out_dir    TEXT,
  letters    INTEGER NOT NULL DEFAULT 0,
  emails     INTEGER NOT NULL DEFAULT 0,
  follow_ups INTEGER NOT NULL DEFAULT 0,
  skipped    INTEGER NOT NULL DEFAULT 0,
  files      TEXT CHECK (files IS NULL OR json_valid(files))
) STRICT;

-- Every touch, append-only: the lead's history.
CREATE TABLE touches (
  id         INTEGER PRIMARY KEY,
  lead_id    INTEGER NOT NULL REFERENCES leads (id),
  at         TEXT    NOT NULL,
  channel    TEXT    NOT NULL CHECK (channel IN
               ('call', 'letter', 'email', 'note', 'stage', 'release', 'import', 'edit', 'dnc',
                'merge', 'undo', 'forget')),
  code       INTEGER REFERENCES codes (code),
  -- no-contact result of a code-3 call: no answer, voicemail, busy, someone else
  result     TEXT,
  stage      TEXT,
  note       TEXT,
  -- details (fields edited, flags changed), as a JSON object
  data       TEXT CHECK (data IS NULL OR json_valid(data)),
  session_id INTEGER REFERENCES sessions (id),
  batch_id   INTEGER REFERENCES batches (id),
  import_id  INTEGER REFERENCES imports (id)
) STRICT;
CREATE INDEX touches_lead ON touches (lead_id, at);
CREATE INDEX touches_at ON touches (at, channel);

-- Work an outcome asks of tonight's sort: a letter, an email, a follow-up.
-- batch_id is NULL until a sort serves it, so a missed evening is caught up.
CREATE TABLE batch_items (
  id        INTEGER PRIMARY KEY,
  lead_id   INTEGER NOT NULL REFERENCES leads (id),
  touch_id  INTEGER NOT NULL REFERENCES touches (id),
  kind      TEXT    NOT NULL CHECK (kind IN ('letter', 'email', 'follow_up')),
  batch_id  INTEGER REFERENCES batches (id),
  -- NULL when served; else why it was left out (no address, do not mail, ...)
  skipped   TEXT
) STRICT;
CREATE INDEX batch_items_pending ON batch_items (kind) WHERE batch_id IS NULL;
CREATE INDEX batch_items_batch ON batch_items (batch_id);
CREATE INDEX batch_items_touch ON batch_items (touch_id);

-- Hashes of people who asked to be forgotten and of do-not-call registry numbers:
-- a later import recognises them without keeping the data itself.
CREATE TABLE suppressions (
  hash       TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
  reason     TEXT NOT NULL CHECK (reason IN ('forget', 'registry')),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
