// A calling session's record: started, counted as outcomes are logged (src/services/outcome.ts
// counts them in the outcome's own transaction, so a killed session keeps its figures), ended.
import type { DB } from '../store/db.js';
import { countDial, endSession, getSession, sessionCodes, sessionTalk, startSession, type SessionRow } from '../store/calls.js';
import { toIso } from '../core/dates.js';
import { touchesOf } from '../store/leads.js';
import type { TouchRow } from '../core/lead.js';

export function startCallSession(db: DB, now: Date, filters: Record<string, unknown>): number {
  return db.transaction(() => startSession(db, toIso(now), filters)).immediate();
}

export interface SessionSummary {
  session: SessionRow;
  codes: { code: number; label: string; calls: number }[];
  /** the session's timed calls and their seconds on the phone */
  talk: { calls: number; seconds: number };
}

export function endCallSession(db: DB, id: number, now: Date): SessionSummary {
  return db.transaction((): SessionSummary => {
    endSession(db, id, toIso(now));
    return { session: getSession(db, id)!, codes: sessionCodes(db, id), talk: sessionTalk(db, id) };
  }).immediate();
}

export function recordDial(db: DB, sessionId: number): void {
  db.transaction(() => countDial(db, sessionId)).immediate();
}

/** The lead's history for the card: oldest first. */
export function historyOf(db: DB, leadId: number): TouchRow[] {
  return touchesOf(db, leadId);
}
