// The call queue and the due list: the store's candidates, ordered by the core.
import type { DB } from '../store/db.js';
import { dueLeads, queueCandidates, queueCandidatesBrief, queuePart, territoryTermsWithoutLeads, type QueueFilter } from '../store/queue.js';
import { RunError } from '../core/errors.js';
import { orderQueue, queueKind, withStale, type Candidate, type DueRow, type QueueEntry, type QueueKind } from '../core/queue.js';
import { startOfLocalDay, toIso } from '../core/dates.js';
import type { LeadRow } from '../core/lead.js';
import { registryWarning } from '../core/registry.js';
import { registryImportedAt } from '../store/suppressions.js';
import { staleLeads } from './cycle.js';

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
    const candidates = queueCandidates(db, o, toIso(now), n);
    const entries = orderQueue(candidates, now, { anyHour: o.anyHour });
    if (entries.length === candidates.length || !cutShort(candidates, entries, n)) return entries;
  }
}

export interface CallStart {
  /** terms of the territory no lead is in (the rest of it is called) */
  territoryWithoutLeads: string[];
  /** a do-not-call registry loaded long ago misses the numbers registered since: the warning, or null */
  staleRegistry: string | null;
  /** with `queue`, the first that many entries of the queue; otherwise empty */
  entries: QueueEntry[];
}

/**
 * What `leads call` tells before it starts: the territory terms no lead is in (all of them
 * is an error), the stale-registry warning, and, when `queue` is given (`--json`), the first
 * that many entries of the queue.
 */
export function prepareCall(db: DB, now: Date, o: QueueOptions, queue?: number): CallStart {
  const territoryWithoutLeads = o.territory ? checkTerritory(db, o.territory) : [];
  const staleRegistry = registryWarning(registryImportedAt(db), now);
  const entries = queue === undefined ? [] : callQueue(db, now, { ...o, depth: queue }).slice(0, queue);
  return { territoryWithoutLeads, staleRegistry, entries };
}

/** Beyond this many leads in the queue, the session's figures say "1000+": counting them all costs a second at a million. */
export const QUEUE_COUNT_CAP = 1000;

export interface QueueCounts {
  /** leads callable now (within calling hours, or --any-hour) */
  now: number;
  /** leads due but held back by the hour */
  heldBack: number;
  /** the queue holds more than was counted: both figures are at least what they say */
  more: boolean;
}

/**
 * How many leads the queue holds now, callable and held back by the hour, leaving out the
 * `skipped` ones; the first QUEUE_COUNT_CAP + 1 counted.
 */
export function callQueueCounts(db: DB, now: Date, o: QueueOptions = {}, skipped: ReadonlySet<number> = new Set()): QueueCounts {
  const n = QUEUE_COUNT_CAP + 1;
  const candidates = queueCandidatesBrief(db, o, toIso(now), n);
  const counts: QueueCounts = { now: 0, heldBack: 0, more: candidates.length >= n };
  for (const e of orderQueue(candidates, now, { anyHour: o.anyHour })) {
    if (skipped.has(e.lead.id)) continue;
    if (e.heldBack) counts.heldBack++;
    else counts.now++;
  }
  return counts;
}

/**
 * Whether a part of the read came back full with leads core turned away (called today):
 * callable leads may lie past its limit, so the queue is read deeper rather than miss them.
 */
function cutShort(candidates: Candidate[], entries: QueueEntry[], n: number): boolean {
  const kept = new Set(entries.map((e) => e.lead.id));
  const parts = new Map<string, { rows: number; turnedAway: boolean }>();
  for (const c of candidates) {
    const key = queuePart(c.lead);
    const p = parts.get(key) ?? parts.set(key, { rows: 0, turnedAway: false }).get(key)!;
    p.rows++;
    if (!kept.has(c.lead.id)) p.turnedAway = true;
  }
  return [...parts.values()].some((p) => p.rows >= n && p.turnedAway);
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

/**
 * The due list of `leads due` with the cycle leads going stale (no next contact, or overdue
 * beyond rules.stale_days): those due marked, the others added after it.
 */
export function dueWithStale(db: DB, day: Date, now: Date): DueRow[] {
  return withStale(dueList(db, day, now), staleLeads(db, now).leads, now);
}
