-- leads report (src/store/report.ts): what its aggregates read instead of whole tables.

-- Reported touches (calls, letters, emails, stage moves, releases) counted by quarter hour
-- (UTC), channel, code and stage, kept by the triggers below as touches come and go. A
-- report's periods begin at local midnights, which fall on a quarter hour in every time
-- zone, so summing slots gives the same counts as counting the touches between the bounds,
-- in a few hundred rows a day however many touches there are. `code` -1 and `stage` '' mean
-- none (a primary key cannot hold NULL).
CREATE TABLE touch_counts (
  slot    TEXT    NOT NULL,
  channel TEXT    NOT NULL,
  code    INTEGER NOT NULL,
  stage   TEXT    NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (slot, channel, code, stage)
) STRICT, WITHOUT ROWID;

-- 'YYYY-MM-DDTHH:MM' of the quarter hour a stored ISO date falls in
INSERT INTO touch_counts (slot, channel, code, stage, n)
SELECT substr(at, 1, 14) || CASE WHEN substr(at, 15, 2) < '15' THEN '00' WHEN substr(at, 15, 2) < '30' THEN '15'
                                 WHEN substr(at, 15, 2) < '45' THEN '30' ELSE '45' END,
       channel, coalesce(code, -1), coalesce(stage, ''), count(*)
FROM touches WHERE channel IN ('call', 'letter', 'email', 'stage', 'release')
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER touch_counts_insert AFTER INSERT ON touches
WHEN NEW.channel IN ('call', 'letter', 'email', 'stage', 'release')
BEGIN
  INSERT INTO touch_counts (slot, channel, code, stage, n)
  VALUES (substr(NEW.at, 1, 14) || CASE WHEN substr(NEW.at, 15, 2) < '15' THEN '00' WHEN substr(NEW.at, 15, 2) < '30' THEN '15'
                                        WHEN substr(NEW.at, 15, 2) < '45' THEN '30' ELSE '45' END,
          NEW.channel, coalesce(NEW.code, -1), coalesce(NEW.stage, ''), 1)
  ON CONFLICT (slot, channel, code, stage) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER touch_counts_delete AFTER DELETE ON touches
WHEN OLD.channel IN ('call', 'letter', 'email', 'stage', 'release')
BEGIN
  UPDATE touch_counts SET n = n - 1
  WHERE slot = substr(OLD.at, 1, 14) || CASE WHEN substr(OLD.at, 15, 2) < '15' THEN '00' WHEN substr(OLD.at, 15, 2) < '30' THEN '15'
                                             WHEN substr(OLD.at, 15, 2) < '45' THEN '30' ELSE '45' END
    AND channel = OLD.channel AND code = coalesce(OLD.code, -1) AND stage = coalesce(OLD.stage, '');
END;

-- a touch whose time, channel, code or stage is changed moves from one count to the other
CREATE TRIGGER touch_counts_update AFTER UPDATE OF at, channel, code, stage ON touches
BEGIN
  UPDATE touch_counts SET n = n - 1
  WHERE OLD.channel IN ('call', 'letter', 'email', 'stage', 'release')
    AND slot = substr(OLD.at, 1, 14) || CASE WHEN substr(OLD.at, 15, 2) < '15' THEN '00' WHEN substr(OLD.at, 15, 2) < '30' THEN '15'
                                             WHEN substr(OLD.at, 15, 2) < '45' THEN '30' ELSE '45' END
    AND channel = OLD.channel AND code = coalesce(OLD.code, -1) AND stage = coalesce(OLD.stage, '');
  INSERT INTO touch_counts (slot, channel, code, stage, n)
  SELECT substr(NEW.at, 1, 14) || CASE WHEN substr(NEW.at, 15, 2) < '15' THEN '00' WHEN substr(NEW.at, 15, 2) < '30' THEN '15'
                                       WHEN substr(NEW.at, 15, 2) < '45' THEN '30' ELSE '45' END,
         NEW.channel, coalesce(NEW.code, -1), coalesce(NEW.stage, ''), 1
  WHERE NEW.channel IN ('call', 'letter', 'email', 'stage', 'release')
  ON CONFLICT (slot, channel, code, stage) DO UPDATE SET n = n + 1;
END;

-- Each lead's first contact (its first call with a code that reaches a person) and the
-- calls, letters and emails it had before it, kept by the triggers below: "touches before
-- the first contact" of a period is then a range of this table, not a look into the
-- history of every lead reached in it. A change to a lead's touches (a call logged or
-- undone, touches moved by a merge, a time edited) recomputes that lead's row from its
-- own touches.
CREATE TABLE first_contacts (
  lead_id        INTEGER PRIMARY KEY,
  at             TEXT    NOT NULL,
  touches_before INTEGER NOT NULL
) STRICT;
CREATE INDEX first_contacts_at ON first_contacts (at, touches_before);

INSERT INTO first_contacts (lead_id, at, touches_before)
SELECT f.lead_id, f.at,
       (SELECT count(*) FROM touches b WHERE b.lead_id = f.lead_id AND b.at < f.at AND b.channel IN ('call', 'letter', 'email'))
FROM (SELECT lead_id, min(at) AS at FROM touches
      WHERE channel = 'call' AND code IN (SELECT code FROM codes WHERE reached = 1)
      GROUP BY lead_id) f;

CREATE TRIGGER first_contacts_insert AFTER INSERT ON touches
WHEN NEW.channel IN ('call', 'letter', 'email')
BEGIN
  DELETE FROM first_contacts WHERE lead_id = NEW.lead_id;
  INSERT INTO first_contacts (lead_id, at, touches_before)
  SELECT NEW.lead_id, f.at,
         (SELECT count(*) FROM touches b WHERE b.lead_id = NEW.lead_id AND b.at < f.at AND b.channel IN ('call', 'letter', 'email'))
  FROM (SELECT min(at) AS at FROM touches
        WHERE lead_id = NEW.lead_id AND channel = 'call' AND code IN (SELECT code FROM codes WHERE reached = 1)) f
  WHERE f.at IS NOT NULL;
END;

CREATE TRIGGER first_contacts_delete AFTER DELETE ON touches
WHEN OLD.channel IN ('call', 'letter', 'email')
BEGIN
  DELETE FROM first_contacts WHERE lead_id = OLD.lead_id;
  INSERT INTO first_contacts (lead_id, at, touches_before)
  SELECT OLD.lead_id, f.at,
         (SELECT count(*) FROM touches b WHERE b.lead_id = OLD.lead_id AND b.at < f.at AND b.channel IN ('call', 'letter', 'email'))
  FROM (SELECT min(at) AS at FROM touches
        WHERE lead_id = OLD.lead_id AND channel = 'call' AND code IN (SELECT code FROM codes WHERE reached = 1)) f
  WHERE f.at IS NOT NULL;
END;

-- both leads of a touch moved from one to the other (a merge), or the one lead of an edit
CREATE TRIGGER first_contacts_update AFTER UPDATE OF lead_id, at, channel, code ON touches
WHEN OLD.channel IN ('call', 'letter', 'email') OR NEW.channel IN ('call', 'letter', 'email')
BEGIN
  DELETE FROM first_contacts WHERE lead_id IN (OLD.lead_id, NEW.lead_id);
  INSERT INTO first_contacts (lead_id, at, touches_before)
  SELECT l.id, f.at,
         (SELECT count(*) FROM touches b WHERE b.lead_id = l.id AND b.at < f.at AND b.channel IN ('call', 'letter', 'email'))
  FROM (SELECT OLD.lead_id AS id UNION SELECT NEW.lead_id) l
  JOIN (SELECT lead_id, min(at) AS at FROM touches
        WHERE lead_id IN (OLD.lead_id, NEW.lead_id) AND channel = 'call'
          AND code IN (SELECT code FROM codes WHERE reached = 1)
        GROUP BY lead_id) f ON f.lead_id = l.id;
END;

-- The touches of a period by channel, code and stage with the lead they touched, read from
-- the index alone (a lead's first contact, the funnel by source): it extends touches_at
-- (at, channel), which it replaces under the same name, so what used that one uses this one.
DROP INDEX touches_at;
CREATE INDEX touches_at ON touches (at, channel, code, stage, lead_id);

-- A lead's earlier calls with their codes (is this its first contact?) from the index alone;
-- extends touches_lead (lead_id, at) the same way.
DROP INDEX touches_lead;
CREATE INDEX touches_lead ON touches (lead_id, at, channel, code);

-- The calls logged in a calling session (calls per hour).
CREATE INDEX touches_session ON touches (session_id, channel, at) WHERE session_id IS NOT NULL;

-- Leads by source and by list with when they were registered (the funnel by source or list),
-- and the leads an import brought with their status (cost per lead and per sale); a lead
-- merged into another (0003) is no longer a lead of its own and is left out.
CREATE INDEX leads_source_created ON leads (source, created_at) WHERE merged_into IS NULL;
CREATE INDEX leads_list_created ON leads (list, created_at) WHERE merged_into IS NULL;
CREATE INDEX leads_import_status ON leads (import_id, status) WHERE import_id IS NOT NULL AND merged_into IS NULL;
