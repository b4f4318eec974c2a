// SQL of `leads away`: the periods in which nothing falls due, and the retries an away moved.
import type { DB } from './db.js';
import { prepared } from './statements.js';

export interface AwayRow {
  id: number;
  starts_at: string;
  ends_at: string;
  created_at: string;
  ended_at: string | null;
}

/** The away periods that end after `at` (the current one and those planned), earliest first. */
export function awayAfter(db: DB, at: string): AwayRow[] {
  return prepared(db, 'SELECT * FROM away WHERE ends_at > ? ORDER BY starts_at, id').all(at) as AwayRow[];
}

/** The away period that ended last by `at`: the one whose return is being spread. */
export function lastAwayBefore(db: DB, at: string): AwayRow | undefined {
  return db.prepare('SELECT * FROM away WHERE ends_at <= ? ORDER BY ends_at DESC, id DESC LIMIT 1').get(at) as AwayRow | undefined;
}

export function insertAway(db: DB, a: Omit<AwayRow, 'id' | 'ended_at'>): number {
  return Number(db.prepare('INSERT INTO away (starts_at, ends_at, created_at) VALUES (@starts_at, @ends_at, @created_at)').run(a).lastInsertRowid);
}

export function updateAway(db: DB, id: number, changes: Partial<Pick<AwayRow, 'starts_at' | 'ends_at' | 'ended_at'>>): void {
  const cols = Object.keys(changes);
  if (!cols.length) return;
  db.prepare(`UPDATE away SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
}

/** A retry waiting for the return: the lead and what the spread needs of it. */
export interface WaitingRetry {
  id: number;
  next_contact_at: string;
  next_plan: string | null;
  time_zone: string | null;
  postal_code: string | null;
  region: string | null;
  country: string | null;
  phone_e164: string | null;
  mobile_e164: string | null;
  attempts: number;
  /** the tries of a round of its code */
  retry_round: number;
  /** the date it had before an away moved it (null: never moved) */
  from_at: string | null;
}

/**
 * The retries due before `before` that wait to be called (a retry code last, a prospect, not
 * do-not-call), with those this away moved earlier and not called since: the backlog its
 * return spreads, in the order they fell due.
 */
export function waitingRetries(db: DB, awayId: number, before: string, retryCodes: number[]): WaitingRetry[] {
  const cols = `l.id, l.next_contact_at, l.next_plan, l.time_zone, l.postal_code, l.region, l.country, l.phone_e164, l.mobile_e164,
    l.attempts, (SELECT retry_round FROM codes WHERE code = l.code) AS retry_round`;
  return db
    .prepare(
      `SELECT ${cols}, m.from_at FROM leads l LEFT JOIN away_moves m ON m.away_id = @away AND m.lead_id = l.id
       WHERE l.status = 'prospect' AND l.do_not_call = 0 AND l.merged_into IS NULL
         AND l.code IN (SELECT value FROM json_each(@codes))
         AND l.next_contact_at IS NOT NULL AND l.next_contact_at < @before
       UNION
       SELECT ${cols}, m.from_at FROM away_moves m JOIN leads l ON l.id = m.lead_id
       WHERE m.away_id = @away AND l.next_contact_at = m.to_at AND l.status = 'prospect' AND l.do_not_call = 0
       ORDER BY 2, 1`,
    )
    .all({ away: awayId, before, codes: JSON.stringify(retryCodes) }) as WaitingRetry[];
}

/** Moves a retry to its share of a day after the away, remembering the date it had first. */
export function moveRetry(db: DB, at: string): (awayId: number, r: WaitingRetry, toAt: string, plan: string) => void {
  // a lead moved again keeps the date and plan it had before the first move
  const move = db.prepare(
    `INSERT INTO away_moves (away_id, lead_id, from_at, from_plan, to_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (away_id, lead_id) DO UPDATE SET to_at = excluded.to_at`,
  );
  const lead = db.prepare('UPDATE leads SET next_contact_at = ?, next_plan = ?, updated_at = ? WHERE id = ?');
  return (awayId, r, toAt, plan) => {
    move.run(awayId, r.id, r.next_contact_at, r.next_plan, toAt);
    lead.run(toAt, plan, at, r.id);
  };
}

/**
 * Puts the retries a planned away moved (and not called since) back on their own dates,
 * and forgets the away: it is called off before it began.
 */
export function cancelAway(db: DB, awayId: number, at: string): number {
  const back = db
    .prepare(
      `UPDATE leads SET next_contact_at = m.from_at, next_plan = m.from_plan, updated_at = @at
       FROM away_moves m WHERE m.away_id = @away AND m.lead_id = leads.id AND leads.next_contact_at = m.to_at`,
    )
    .run({ away: awayId, at }).changes;
  db.prepare('DELETE FROM away_moves WHERE away_id = ?').run(awayId);
  db.prepare('DELETE FROM away WHERE id = ?').run(awayId);
  return back;
}

/** The retries an away moved that still wait (not called since), by the date they were moved to. */
export function movedWaiting(db: DB, awayId: number, from: string): string[] {
  return db
    .prepare(
      `SELECT m.to_at FROM away_moves m JOIN leads l ON l.id = m.lead_id
       WHERE m.away_id = ? AND l.next_contact_at = m.to_at AND m.to_at >= ? ORDER BY m.to_at`,
    )
    .pluck()
    .all(awayId, from) as string[];
}
