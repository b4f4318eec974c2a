// The call queue and the due list: the store's candidates, ordered by the core.
import type { DB } from '../store/db.js';
import { dueLeads, queueCandidates, queueSize, territoryTermsWithoutLeads, type QueueFilter } from '../store/queue.js';
import { RunError } from '../core/errors.js';
import { isCallable, orderQueue, queueKind, type QueueEntry, type QueueKind } from '../core/queue.js';
import { startOfLocalDay, toIso } from '../core/dates.js';
import type { LeadRow } from '../core/lead.js';

export interface QueueOptions extends QueueFilter {
  anyHour?: boolean;
  /** how many leads of each part to read (the session needs a few beyond the skipped ones) */
  depth?: number;
}

/**
 * The terms of a territory that no lead is in: all of them is an error (a typo would call
 * nobody without a word); some of them are returned, to be told.
 */
export function checkTerritory(db: DB, terms: string[]): string[] {
  const none = territoryTermsWithoutLeads(db, terms);
  if (none.length === terms.length) {
    throw new RunError(`no lead is in the territory ${terms.join(',')}: no state/region or postal code matches (see \`leads list\`)`);
  }
  return none;
}

/** The queue now, in calling order (held-back leads included and marked). */
export function callQueue(db: DB, now: Date, o: QueueOptions = {}): QueueEntry[] {
  for (let n = o.depth ?? 50; ; n *= 4) {
    const parts = queueCandidates(db, o, toIso(now), n);
    // a part read to its limit with leads core turned away (called today) may hold callable
    // leads past the limit: read deeper rather than miss them
    const cut = parts.some((p) => p.length >= n && p.some((c) => !isCallable(c.lead, now)));
    if (!cut) return orderQueue(parts.flat(), now, { anyHour: o.anyHour });
  }
}

/** Beyond this many, the session's position says "of 1000+": counting them all costs a second at a million. */
export const QUEUE_COUNT_CAP = 1000;

/** How many leads the queue holds now, at most QUEUE_COUNT_CAP + 1: the "of N" of the session's position. */
export function callQueueSize(db: DB, now: Date, o: QueueOptions = {}): number {
  return Math.min(QUEUE_COUNT_CAP + 1, queueSize(db, o, toIso(now), QUEUE_COUNT_CAP));
}

export interface DueEntry {
  lead: LeadRow;
  kind: Extract<QueueKind, 'follow_up' | 'call_back'>;
  /** whole days past due (0: due that day) */
  overdueDays: number;
}

/** Call-backs and follow-ups due by the end of `day`, overdue first. */
export function dueList(db: DB, day: Date, now: Date): DueEntry[] {
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
  const today = startOfLocalDay(now);
  const out: DueEntry[] = [];
  for (const c of dueLeads(db, toIso(end))) {
    const kind = queueKind(c.lead, c.action);
    if (kind !== 'follow_up' && kind !== 'call_back') continue;
    const dueDay = startOfLocalDay(new Date(c.lead.next_contact_at!));
    out.push({ lead: c.lead, kind, overdueDays: Math.max(0, Math.round((today.getTime() - dueDay.getTime()) / 86_400_000)) });
  }
  return out;
}
