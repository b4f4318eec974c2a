-- Who to call and when (src/core/retry.ts, src/core/queue.ts): retry rules per code, the
-- plan of a lead's next try, inbound leads, the lead's own clock on each call with the
-- counts the user's best hours are read from, and the times the user is away.

-- A retry code's rules: the least time before the next try (whole days count calendar
-- days: 1440 is "from the next day"), the tries of a round without reaching anyone, and the
-- days of rest before the next round. The overall limit is rules.retry_limit.
ALTER TABLE codes ADD COLUMN retry_delay_minutes INTEGER NOT NULL DEFAULT 1440
  CHECK (retry_delay_minutes BETWEEN 15 AND 525600);
ALTER TABLE codes ADD COLUMN retry_round INTEGER NOT NULL DEFAULT 6 CHECK (retry_round BETWEEN 1 AND 50);
ALTER TABLE codes ADD COLUMN retry_rest_days INTEGER NOT NULL DEFAULT 30 CHECK (retry_rest_days BETWEEN 0 AND 3650);

-- When a lead came to us by itself (a web form, a call, a visit): first in the queue while
-- fresh. NULL: a prospect from a list.
ALTER TABLE leads ADD COLUMN inbound_at TEXT;
-- Why the next contact is when it is, as decided when the code was logged (a JSON object,
-- src/core/retry.ts RetryPlan); told only while its `at` is still the lead's next contact.
ALTER TABLE leads ADD COLUMN next_plan TEXT CHECK (next_plan IS NULL OR json_valid(next_plan));
-- the inbound leads not yet called, newest last, with the queue's conditions
CREATE INDEX leads_queue_inbound ON leads (inbound_at)
  WHERE inbound_at IS NOT NULL AND code IS NULL AND do_not_call = 0 AND status = 'prospect';
-- every inbound lead by when it came in (the report's time from arrival to first call)
CREATE INDEX leads_inbound ON leads (inbound_at) WHERE inbound_at IS NOT NULL;

-- A call's time on the lead's own clock ('YYYY-MM-DDTHH:MM'), written with the call: the
-- part of the lead's day it was made in, whatever becomes of the lead's address later.
-- Calls logged before this migration get theirs from the first call logged after it
-- (src/store/call-hours.ts), which has the lead's time zone at hand.
ALTER TABLE touches ADD COLUMN local_at TEXT;
CREATE INDEX touches_call_unplaced ON touches (id) WHERE channel = 'call' AND local_at IS NULL;

-- Calls and people reached by quarter hour (UTC, as touch_counts), hour and weekday of the
-- lead's clock, kept by the triggers below: the report by hour or weekday of any period,
-- and the user's contact rate by part of the day, read from a few thousand rows.
CREATE TABLE call_hours (
  slot    TEXT    NOT NULL,
  hour    INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  calls   INTEGER NOT NULL,
  reached INTEGER NOT NULL,
  PRIMARY KEY (slot, hour, weekday)
) STRICT, WITHOUT ROWID;

-- channel IN (...) alone in the WHEN: an import sets such triggers aside while it loads
CREATE TRIGGER call_hours_insert AFTER INSERT ON touches
WHEN NEW.channel IN ('call')
BEGIN
  INSERT INTO call_hours (slot, hour, weekday, calls, reached)
  SELECT substr(NEW.at, 1, 14) || CASE WHEN substr(NEW.at, 15, 2) < '15' THEN '00' WHEN substr(NEW.at, 15, 2) < '30' THEN '15'
                                       WHEN substr(NEW.at, 15, 2) < '45' THEN '30' ELSE '45' END,
         CAST(substr(NEW.local_at, 12, 2) AS INTEGER), CAST(strftime('%w', substr(NEW.local_at, 1, 10)) AS INTEGER),
         1, coalesce((SELECT reached FROM codes WHERE code = NEW.code), 0)
  WHERE NEW.local_at IS NOT NULL
  ON CONFLICT (slot, hour, weekday) DO UPDATE SET calls = calls + 1, reached = reached + excluded.reached;
END;

CREATE TRIGGER call_hours_delete AFTER DELETE ON touches
WHEN OLD.channel = 'call' AND OLD.local_at IS NOT NULL
BEGIN
  UPDATE call_hours SET calls = calls - 1, reached = reached - coalesce((SELECT reached FROM codes WHERE code = OLD.code), 0)
  WHERE slot = substr(OLD.at, 1, 14) || CASE WHEN substr(OLD.at, 15, 2) < '15' THEN '00' WHEN substr(OLD.at, 15, 2) < '30' THEN '15'
                                             WHEN substr(OLD.at, 15, 2) < '45' THEN '30' ELSE '45' END
    AND hour = CAST(substr(OLD.local_at, 12, 2) AS INTEGER)
    AND weekday = CAST(strftime('%w', substr(OLD.local_at, 1, 10)) AS INTEGER);
END;

-- a call given its lead's clock later (the calls from before this migration), or whose time
-- or code changed, moves from one count to the other
CREATE TRIGGER call_hours_update AFTER UPDATE OF at, channel, code, local_at ON touches
WHEN (OLD.channel = 'call' AND OLD.local_at IS NOT NULL) OR (NEW.channel = 'call' AND NEW.local_at IS NOT NULL)
BEGIN
  UPDATE call_hours SET calls = calls - 1, reached = reached - coalesce((SELECT reached FROM codes WHERE code = OLD.code), 0)
  WHERE OLD.channel = 'call' AND OLD.local_at IS NOT NULL
    AND slot = substr(OLD.at, 1, 14) || CASE WHEN substr(OLD.at, 15, 2) < '15' THEN '00' WHEN substr(OLD.at, 15, 2) < '30' THEN '15'
                                             WHEN substr(OLD.at, 15, 2) < '45' THEN '30' ELSE '45' END
    AND hour = CAST(substr(OLD.local_at, 12, 2) AS INTEGER)
    AND weekday = CAST(strftime('%w', substr(OLD.local_at, 1, 10)) AS INTEGER);
  INSERT INTO call_hours (slot, hour, weekday, calls, reached)
  SELECT substr(NEW.at, 1, 14) || CASE WHEN substr(NEW.at, 15, 2) < '15' THEN '00' WHEN substr(NEW.at, 15, 2) < '30' THEN '15'
                                       WHEN substr(NEW.at, 15, 2) < '45' THEN '30' ELSE '45' END,
         CAST(substr(NEW.local_at, 12, 2) AS INTEGER), CAST(strftime('%w', substr(NEW.local_at, 1, 10)) AS INTEGER),
         1, coalesce((SELECT reached FROM codes WHERE code = NEW.code), 0)
  WHERE NEW.channel = 'call' AND NEW.local_at IS NOT NULL
  ON CONFLICT (slot, hour, weekday) DO UPDATE SET calls = calls + 1, reached = reached + excluded.reached;
END;

-- `leads away`: from `starts_at` until `ends_at` (the local midnight of the day back) nothing
-- falls due. `ended_at`: ended early with --off. The retries an away moved to the days
-- after it, a day's share at a time, with the date each had: an away set again or ended
-- early spreads them again, and nothing is lost (a lead is never deleted once called, so
-- lead_id needs no reference to keep).
CREATE TABLE away (
  id         INTEGER PRIMARY KEY,
  starts_at  TEXT NOT NULL,
  ends_at    TEXT NOT NULL CHECK (ends_at > starts_at),
  created_at TEXT NOT NULL,
  ended_at   TEXT
) STRICT;
CREATE INDEX away_ends ON away (ends_at);

CREATE TABLE away_moves (
  away_id  INTEGER NOT NULL REFERENCES away (id),
  lead_id  INTEGER NOT NULL,
  from_at  TEXT    NOT NULL,
  -- the lead's plan with that date (an away called off before it began puts both back)
  from_plan TEXT,
  to_at    TEXT    NOT NULL,
  PRIMARY KEY (away_id, lead_id)
) STRICT, WITHOUT ROWID;
