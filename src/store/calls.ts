// SQL of calls: outcomes' batch items and undo, call sessions.
import type { DB } from './db.js';
import type { TouchRow } from '../core/lead.js';
import type { BatchKind } from '../core/codes.js';

export function insertBatchItem(db: DB, leadId: number, touchId: number, kind: BatchKind): number {
  return Number(
    db.prepare('INSERT INTO batch_items (lead_id, touch_id, kind) VALUES (?, ?, ?)').run(leadId, touchId, kind)
      .lastInsertRowid,
  );
}

export interface BatchItemRow {
  id: number;
  lead_id: number;
  touch_id: number;
  kind: BatchKind;
  batch_id: number | null;
  skipped: string | null;
}

export function batchItemsOfTouch(db: DB, touchId: number): BatchItemRow[] {
  return db.prepare('SELECT * FROM batch_items WHERE touch_id = ?').all(touchId) as BatchItemRow[];
}

/** The lead's most recent call touch. */
export function lastCall(db: DB, leadId: number): TouchRow | undefined {
  return db
    .prepare(`SELECT * FROM touches WHERE lead_id = ? AND channel = 'call' ORDER BY at DESC, id DESC LIMIT 1`)
    .get(leadId) as TouchRow | undefined;
}

/** Touches recorded on the lead after `touchId` that are not part of that outcome, nor notes. */
export function touchesAfter(db: DB, leadId: number, touchId: number): TouchRow[] {
  return db
    .prepare(
      `SELECT * FROM touches WHERE lead_id = ? AND id > ? AND channel <> 'note'
         AND coalesce(json_extract(data, '$.outcome'), 0) <> ?`,
    )
    .all(leadId, touchId, touchId) as TouchRow[];
}

/** Deletes an outcome's call touch, the touches it brought, and its pending batch items. */
export function deleteOutcome(db: DB, touchId: number): void {
  // the call counted toward the lead's touches; the touches it brought (dnc, note, edit) did not
  db.prepare('UPDATE leads SET touch_count = max(touch_count - 1, 0) WHERE id = (SELECT lead_id FROM touches WHERE id = ?)').run(
    touchId,
  );
  db.prepare('DELETE FROM batch_items WHERE touch_id = ? AND batch_id IS NULL').run(touchId);
  db.prepare(`DELETE FROM touches WHERE json_extract(data, '$.outcome') = ? AND channel <> 'call'`).run(touchId);
  db.prepare('DELETE FROM touches WHERE id = ?').run(touchId);
}

export interface SessionRow {
  id: number;
  started_at: string;
  ended_at: string | null;
  calls: number;
  reached: number;
  filters: string | null;
  dials: number;
}

export function startSession(db: DB, at: string, filters: Record<string, unknown>): number {
  return Number(
    db.prepare('INSERT INTO sessions (started_at, filters) VALUES (?, ?)').run(at, JSON.stringify(filters))
      .lastInsertRowid,
  );
}

/** Counts a call (or takes one back, `sign` -1) in the session's figures. */
export function countCall(db: DB, sessionId: number, reached: boolean, sign: 1 | -1): void {
  db.prepare('UPDATE sessions SET calls = calls + ?, reached = reached + ? WHERE id = ?').run(
    sign,
    reached ? sign : 0,
    sessionId,
  );
}

/** A dial the session made through dial.command. */
export function countDial(db: DB, sessionId: number): void {
  db.prepare('UPDATE sessions SET dials = dials + 1 WHERE id = ?').run(sessionId);
}

/** A session's timed calls (follow-ups that moved a stage included) and their seconds on the phone. */
export function sessionTalk(db: DB, sessionId: number): { calls: number; seconds: number } {
  return db
    .prepare(`SELECT count(*) AS calls, coalesce(sum(duration_s), 0) AS seconds FROM touches WHERE session_id = ? AND duration_s IS NOT NULL`)
    .get(sessionId) as { calls: number; seconds: number };
}

export function endSession(db: DB, sessionId: number, at: string): void {
  db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ?').run(at, sessionId);
}

export function getSession(db: DB, id: number): SessionRow | undefined {
  return db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
}

/** Calls of a session by code: the summary's "outcomes by code". */
export function sessionCodes(db: DB, sessionId: number): { code: number; label: string; calls: number }[] {
  return db
    .prepare(
      `SELECT t.code AS code, c.label AS label, count(*) AS calls
         FROM touches t JOIN codes c ON c.code = t.code
        WHERE t.session_id = ? AND t.channel = 'call'
        GROUP BY t.code ORDER BY t.code`,
    )
    .all(sessionId) as { code: number; label: string; calls: number }[];
}
