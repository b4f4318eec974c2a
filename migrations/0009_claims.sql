-- A lead on the screen of a calling session: other sessions skip it, so one person is never
-- shown (and dialled) in two terminals at once. A claim holds while its process lives and
-- its expiry (renewed by the session while the card is open) has not passed; a dead process
-- or a lapsed expiry leaves it free, whatever row is left behind. One claim a session.
CREATE TABLE claims (
  lead_id    INTEGER PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL REFERENCES sessions (id),
  pid        INTEGER NOT NULL,
  claimed_at TEXT    NOT NULL,
  expires_at TEXT    NOT NULL
) STRICT;
CREATE INDEX claims_session ON claims (session_id);
