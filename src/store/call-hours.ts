// SQL of calls on the lead's own clock: a lead's calls for the rotation of its retries, the
// user's calls counted by hour and weekday of the lead's day (call_hours, kept by the
// triggers of the queue-rotation migration), and the lead's clock given to the calls logged
// before there was one.
import type { DB } from './db.js';
import { prepared } from './statements.js';
import type { LeadRow } from '../core/lead.js';

/** One of a lead's calls: when, on the lead's clock when known, and whether a person was reached. */
export interface CallRow {
  at: string;
  local_at: string | null;
  reached: number;
}

/** The lead's calls, oldest first. */
export function callsOf(db: DB, leadId: number): CallRow[] {
  return prepared(
    db,
    `SELECT t.at, t.local_at, coalesce(c.reached, 0) AS reached FROM touches t LEFT JOIN codes c ON c.code = t.code
     WHERE t.lead_id = ? AND t.channel = 'call' ORDER BY t.at, t.id`,
  ).all(leadId) as CallRow[];
}

/** The columns a lead's zone is found from. */
export type Located = Pick<LeadRow, 'time_zone' | 'postal_code' | 'region' | 'country' | 'phone_e164' | 'mobile_e164'>;

/** Calls with no clock of the lead's yet (logged before there was one), with where their lead is. */
export function unplacedCalls(db: DB, limit: number): (Located & { id: number; at: string })[] {
  return db
    .prepare(
      `SELECT t.id, t.at, l.time_zone, l.postal_code, l.region, l.country, l.phone_e164, l.mobile_e164
       FROM touches t INDEXED BY touches_call_unplaced JOIN leads l ON l.id = t.lead_id
       WHERE t.channel = 'call' AND t.local_at IS NULL ORDER BY t.id LIMIT ?`,
    )
    .all(limit) as (Located & { id: number; at: string })[];
}

export function placeCall(db: DB): (id: number, localAt: string) => void {
  const stmt = db.prepare('UPDATE touches SET local_at = ? WHERE id = ?');
  return (id, localAt) => void stmt.run(localAt, id);
}

/** Whether any call still has no clock of its lead's. */
export function anyUnplacedCall(db: DB): boolean {
  return prepared(db, `SELECT 1 FROM touches INDEXED BY touches_call_unplaced WHERE channel = 'call' AND local_at IS NULL LIMIT 1`).get() !== undefined;
}

/** Calls between two UTC ISO moments with no clock of their lead's yet, with where their lead is and whether a person was reached. */
export function unplacedBetween(db: DB, start: string, end: string): (Located & { at: string; reached: number })[] {
  return db
    .prepare(
      `SELECT t.at, coalesce(c.reached, 0) AS reached, l.time_zone, l.postal_code, l.region, l.country, l.phone_e164, l.mobile_e164
       FROM touches t INDEXED BY touches_call_unplaced JOIN leads l ON l.id = t.lead_id LEFT JOIN codes c ON c.code = t.code
       WHERE t.channel = 'call' AND t.local_at IS NULL AND t.at >= ? AND t.at < ?`,
    )
    .all(start, end) as (Located & { at: string; reached: number })[];
}

/** Calls and people reached by hour and weekday of the lead's day between two UTC ISO moments on quarter hours. */
export function hourWeekdayCounts(db: DB, start: string, end: string): { hour: number; weekday: number; calls: number; reached: number }[] {
  return prepared(
    db,
    `SELECT hour, weekday, sum(calls) AS calls, sum(reached) AS reached FROM call_hours
     WHERE slot >= @start AND slot < @end GROUP BY hour, weekday HAVING sum(calls) > 0`,
  ).all({ start: start.slice(0, 16), end: end.slice(0, 16) }) as { hour: number; weekday: number; calls: number; reached: number }[];
}

/** The inbound leads that came in between two moments, with their first call (null: not called yet). */
export function inboundArrivals(db: DB, start: string, end: string): { inbound_at: string; first_call: string | null }[] {
  return db
    .prepare(
      `SELECT l.inbound_at, (SELECT min(t.at) FROM touches t WHERE t.lead_id = l.id AND t.channel = 'call') AS first_call
       FROM leads l INDEXED BY leads_inbound
       WHERE l.inbound_at IS NOT NULL AND l.inbound_at >= ? AND l.inbound_at < ? AND l.merged_into IS NULL`,
    )
    .all(start, end) as { inbound_at: string; first_call: string | null }[];
}
