-- Delivery of a batch's emails (to the mailbox's Drafts, or sent by SMTP) and follow-ups (as
-- events on a CalDAV calendar): one row per served email or follow-up, made by the sort in the
-- transaction that serves it. `key` is the email's Message-ID or the event's UID, the same in
-- the batch's files and on the server, so a second delivery finds the first. A row is
-- `delivered` only once the server accepted it; `sending` is written and committed before the
-- message leaves, so a process killed between the server's acceptance and the record is found
-- out by the next run instead of sending again.
CREATE TABLE deliveries (
  item_id      INTEGER PRIMARY KEY REFERENCES batch_items (id),
  channel      TEXT    NOT NULL CHECK (channel IN ('email', 'calendar')),
  key          TEXT    NOT NULL,
  -- files: written to the batch folder only; waiting: to be delivered (cause says why it has
  -- not been yet); sending: handed to the server, answer not recorded; delivered; unsure: a
  -- send whose answer was lost and that the server does not show (never sent again by
  -- itself); withheld: the contact rules checked at delivery time said no
  state        TEXT    NOT NULL CHECK (state IN ('files', 'waiting', 'sending', 'delivered', 'unsure', 'withheld')),
  -- how it goes out: drafts, send or calendar (NULL while only in files)
  mode         TEXT    CHECK (mode IS NULL OR mode IN ('drafts', 'send', 'calendar')),
  -- why it waits or was withheld, in the program's words (never a person's data)
  cause        TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  sending_at   TEXT,
  delivered_at TEXT,
  -- where the server put it: `Drafts 12` (mailbox and UID), the SMTP reply, the event's URL
  server_ref   TEXT
) STRICT;
CREATE INDEX deliveries_open ON deliveries (state) WHERE state IN ('waiting', 'sending', 'unsure');
-- emails sent on a day (email.daily_limit)
CREATE INDEX deliveries_sent ON deliveries (sending_at) WHERE mode = 'send';
