-- How long each call took, from the dial (or the card, when nothing was dialled) to the
-- code, in whole seconds: on the call touch, or on the stage or release touch of a follow-up
-- call in the session; NULL for calls logged before calls were timed or by hand without
-- --duration. And the dials a calling session made through dial.command (dials per hour).
ALTER TABLE touches ADD COLUMN duration_s INTEGER CHECK (duration_s IS NULL OR duration_s >= 0);
ALTER TABLE sessions ADD COLUMN dials INTEGER NOT NULL DEFAULT 0;

-- Talk time of a period: the timed touches in a range of time, read from the index alone.
CREATE INDEX touches_timed ON touches (at, duration_s) WHERE duration_s IS NOT NULL;
