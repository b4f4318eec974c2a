// Use cases of the sales cycle: move a lead's stage, release leads to the prospect list.
// Each runs in one synchronous transaction that takes the write lock first (IMMEDIATE: a
// deferred one that reads then writes fails at once if another process wrote meanwhile);
// `moveStage` is also what the call session calls when a follow-up comes due (inside the
// session's own transaction it becomes a savepoint).
import { refuseErased } from '../core/forget.js';
import type { DB } from '../store/db.js';
import { addTouch, requireLead, updateLead } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { cycleLeads, deletePendingFollowUps, staleCycleLeads } from '../store/cycle.js';
import { intSetting } from '../core/settings.js';
import {
  isStruck,
  planMove,
  releasedColumns,
  requireInCycle,
  staleCutoff,
  type Stage,
  type StageMove,
} from '../core/cycle.js';
import type { LeadRow } from '../core/lead.js';
import { checkNextContact, toIso } from '../core/dates.js';

export function strikesSetting(db: DB): number {
  return intSetting(currentSettings(db), 'rules.strikes');
}

export interface StageOptions {
  note?: string;
  /** the next contact (follow-up) date; left as it was when not given */
  next?: Date;
  /** the call session the move was made in */
  sessionId?: number;
  /** the length of the follow-up call that made the move, in seconds */
  durationS?: number;
}

export interface StageResult extends StageMove {
  lead: LeadRow;
  strikes: number;
}

/**
 * Moves a lead in the cycle to `to`, recording a `stage` touch. `thinking` counts a strike;
 * `sold` ends the cycle as a sale; `done` releases the lead (see releaseLead). A lead not in
 * the cycle or a move the method does not allow is a RunError (exit 1).
 */
export function moveStage(db: DB, id: number, to: Stage, now: Date, o: StageOptions = {}): StageResult {
  return db.transaction((): StageResult => {
    const lead = requireLead(db, id);
    refuseErased(lead, 'stage move');
    if (o.next) checkNextContact(o.next, now);
    const strikes = strikesSetting(db);
    const move = planMove(lead, to, strikes);
    if (to === 'done') {
      return { ...move, strikes, lead: releaseOne(db, lead, now, 'chosen', o) };
    }
    const at = toIso(now);
    addTouch(db, {
      lead_id: lead.id,
      at,
      channel: 'stage',
      stage: to,
      note: o.note ?? null,
      session_id: o.sessionId ?? null,
      duration_s: o.durationS ?? null,
      data: { from: move.from, ...(to === 'thinking' ? { thinking_count: move.thinkingCount, strikes } : {}), ...(o.next ? { next: toIso(o.next) } : {}) },
    });
    updateLead(
      db,
      lead.id,
      {
        stage: to,
        // another "thinking about it" at thinking keeps the days in stage running
        stage_at: move.from === to ? lead.stage_at : at,
        thinking_count: move.thinkingCount,
        ...(to === 'sold' ? { status: 'sold' as const, next_contact_at: o.next ? toIso(o.next) : null } : {}),
        ...(to !== 'sold' && o.next ? { next_contact_at: toIso(o.next) } : {}),
      },
      at,
    );
    return { ...move, strikes, lead: requireLead(db, lead.id) };
  }).immediate();
}

type ReleaseReason = 'strikes' | 'chosen';

/** Releases one lead (inside a transaction): the `release` touch keeps what the cycle was. */
function releaseOne(db: DB, lead: LeadRow, now: Date, reason: ReleaseReason, o: StageOptions = {}): LeadRow {
  const at = toIso(now);
  const coolOff = intSetting(currentSettings(db), 'rules.cool_off_days');
  const cleared = deletePendingFollowUps(db, lead.id);
  addTouch(db, {
    lead_id: lead.id,
    at,
    channel: 'release',
    stage: 'done',
    note: o.note ?? null,
    session_id: o.sessionId ?? null,
    duration_s: o.durationS ?? null,
    data: {
      reason,
      from: lead.stage,
      thinking_count: lead.thinking_count,
      cycle: lead.cycles,
      ...(cleared ? { follow_ups_cleared: cleared } : {}),
    },
  });
  const cols = releasedColumns(now, coolOff);
  updateLead(db, lead.id, o.next ? { ...cols, next_contact_at: toIso(o.next) } : cols, at);
  return requireLead(db, lead.id);
}

export interface ReleasePlan {
  /** the leads that would be (or were) released, as they are before the release */
  leads: LeadRow[];
  reason: ReleaseReason;
  strikes: number;
}

/**
 * Which leads a `leads release` picks: the ids given (each must be in the cycle, else a
 * RunError naming it, and nothing is released), or the leads at the strike count.
 */
export function planRelease(db: DB, ids: number[]): ReleasePlan {
  const strikes = strikesSetting(db);
  if (!ids.length) return { leads: cycleLeads(db).filter((l) => isStruck(l, strikes)), reason: 'strikes', strikes };
  const seen = new Set<number>();
  const leads: LeadRow[] = [];
  for (const id of ids) {
    const lead = requireLead(db, id);
    refuseErased(lead, 'release');
    requireInCycle(lead);
    if (seen.has(lead.id)) continue;
    seen.add(lead.id);
    leads.push(lead);
  }
  return { leads, reason: 'chosen', strikes };
}

/**
 * Releases what `planRelease` picks, in one transaction; the plan is made again inside it,
 * so a lead that moved since the question was asked is not released by an old list.
 */
export function releaseLeads(db: DB, ids: number[], now: Date, expect?: number[]): LeadRow[] {
  return db.transaction(() => {
    const plan = planRelease(db, ids);
    const wanted = expect ? new Set(expect) : undefined;
    return plan.leads.filter((l) => !wanted || wanted.has(l.id)).map((l) => releaseOne(db, l, now, plan.reason));
  }).immediate();
}

/** Cycle leads with no next contact or one overdue by more than `rules.stale_days`. */
export function staleLeads(db: DB, now: Date): { days: number; leads: LeadRow[] } {
  const days = intSetting(currentSettings(db), 'rules.stale_days');
  return { days, leads: staleCycleLeads(db, toIso(staleCutoff(now, days))) };
}
