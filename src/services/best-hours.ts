// The user's own best hours: contact rates by part of the lead's day from the calls counted
// in call_hours, and the lead's clock given to the calls logged before calls kept one.
import type { DB } from '../store/db.js';
import { anyUnplacedCall, callsOf, hourWeekdayCounts, placeCall, unplacedBetween, unplacedCalls } from '../store/call-hours.js';
import type { HourWeekdayCount } from '../core/report.js';
import { FIGURES_DAYS, partFigures, type Figures } from '../core/day-parts.js';
import { callingZone, type PastCall } from '../core/retry.js';
import { parseWall, wallClock, wallText } from '../core/local-time.js';
import type { LeadRow } from '../core/lead.js';

/**
 * The user's contact rates by part of the lead's day over the last FIGURES_DAYS days: the
 * calls counted by their lead's clock, and with `unplaced` (a read: the report) those not
 * given it yet, read now. A write places those first (placeEarlierCalls), so a call logged
 * reads the counts alone.
 */
export function userFigures(db: DB, now: Date, o: { unplaced?: boolean } = {}): Figures {
  const since = new Date(now.getTime() - FIGURES_DAYS * 86_400_000).toISOString();
  // the end is the next quarter hour: the calls of the quarter under way count
  const end = new Date(Math.ceil((now.getTime() + 1) / 900_000) * 900_000).toISOString();
  return partFigures(o.unplaced ? hourWeekdayIn(db, since, end) : hourWeekdayCounts(db, since, end));
}
/**
 * Calls and people reached by hour and weekday of the lead's clock in [start, end): the
 * counts kept with the calls, and the calls logged before calls kept the lead's clock (not
 * yet given theirs by a write) read in the lead's zone now.
 */
export function hourWeekdayIn(db: DB, start: string, end: string): HourWeekdayCount[] {
  const counts = hourWeekdayCounts(db, start, end);
  for (const c of unplacedBetween(db, start, end)) {
    const w = wallClock(callingZone(c), new Date(c.at));
    const row = counts.find((r) => r.hour === w.hour && r.weekday === w.weekday);
    if (row) {
      row.calls++;
      row.reached += c.reached;
    } else counts.push({ hour: w.hour, weekday: w.weekday, calls: 1, reached: c.reached });
  }
  return counts;
}



/** A lead's calls, oldest first, each on the lead's clock (the one kept with it, else read now). */
export function pastCalls(db: DB, lead: LeadRow, zone = callingZone(lead)): PastCall[] {
  return callsOf(db, lead.id).map((c) => {
    const at = new Date(c.at);
    return { at, local: parseWall(c.local_at) ?? wallClock(zone, at), reached: c.reached === 1 };
  });
}

/** How many earlier calls one write gives their lead's clock: the first logs after an upgrade stay quick. */
const PLACED_PER_WRITE = 20_000;

/**
 * Gives calls logged before calls kept the lead's clock theirs (at most PLACED_PER_WRITE at
 * a time), read in the lead's zone as it is now; the counts of the best hours follow
 * (their triggers). Inside the caller's write transaction.
 */
export function placeEarlierCalls(db: DB): void {
  if (!anyUnplacedCall(db)) return;
  const place = placeCall(db);
  for (const c of unplacedCalls(db, PLACED_PER_WRITE)) place(c.id, wallText(wallClock(callingZone(c), new Date(c.at))));
}
