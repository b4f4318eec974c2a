// Recording a call outcome, and undoing one: each in one synchronous transaction, so an
// outcome is either wholly in the database (touch, lead columns, batch item) or not at all.
import { refuseErased } from '../core/forget.js';
import type { DB } from '../store/db.js';
import { addTouch, requireLead, updateLead } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { getCode } from '../store/codes.js';
import { batchItemsOfTouch, countCall, deleteOutcome, insertBatchItem, lastCall, touchesAfter } from '../store/calls.js';
import { applyOutcome, undoChanges, type CallResult, type OutcomePlan, type PostalAddress } from '../core/outcome.js';
import { RunError, UsageError } from '../core/errors.js';
import type { LeadRow, TouchRow } from '../core/lead.js';
import type { CodeRow } from '../core/codes.js';
import { toIso } from '../core/dates.js';

export interface OutcomeRequest {
  leadId: number;
  code: number;
  /** when the call was made (default: now) */
  at?: Date;
  next?: Date | null;
  result?: CallResult | null;
  email?: string | null;
  /** the postal address a letter code was given for a lead without one */
  address?: PostalAddress | null;
  note?: string | null;
  sessionId?: number | null;
  /** the call's length in seconds (the session times it; `leads log --duration`) */
  durationS?: number | null;
}

export interface Recorded {
  lead: LeadRow;
  code: CodeRow;
  touchId: number;
  batchItemId: number | null;
  plan: OutcomePlan;
}

export function requireCode(db: DB, code: number): CodeRow {
  const row = getCode(db, code);
  if (!row) throw new UsageError(`unknown code ${code}; see \`leads codes\``);
  return row;
}

/** Logs a call: its touch, the code's changes to the lead, its pending batch item. */
export function recordOutcome(db: DB, r: OutcomeRequest, now: Date): Recorded {
  const at = r.at ?? now;
  if (at.getTime() > now.getTime()) throw new UsageError('the call time (--at) is in the future');
  return db.transaction((): Recorded => {
    const lead = requireLead(db, r.leadId);
    refuseErased(lead, 'call outcome');
    const code = requireCode(db, r.code);
    const plan = applyOutcome({
      lead,
      code,
      settings: currentSettings(db),
      at,
      next: r.next,
      result: r.result,
      email: r.email,
      address: r.address,
      note: r.note,
    });
    const iso = toIso(at);
    const touchId = addTouch(db, {
      lead_id: lead.id,
      at: iso,
      channel: 'call',
      code: code.code,
      result: plan.call.result,
      note: plan.call.note,
      session_id: r.sessionId ?? null,
      duration_s: r.durationS ?? null,
      data: { before: plan.before, reached: plan.reached, ...(plan.batchItem ? { batch: plan.batchItem } : {}) },
    });
    for (const t of plan.extra) {
      addTouch(db, {
        lead_id: lead.id,
        at: iso,
        channel: t.channel,
        note: t.note,
        session_id: r.sessionId ?? null,
        data: { ...t.data, outcome: touchId },
      });
    }
    updateLead(db, lead.id, plan.changes, toIso(now));
    const batchItemId = plan.batchItem ? insertBatchItem(db, lead.id, touchId, plan.batchItem) : null;
    if (r.sessionId) countCall(db, r.sessionId, plan.reached, 1);
    return { lead: requireLead(db, lead.id), code, touchId, batchItemId, plan };
  }).immediate();
}

export interface Undone {
  lead: LeadRow;
  call: TouchRow;
  undoTouchId: number;
}

/**
 * Undoes the lead's last call outcome: removes its call touch, the touches it brought and its
 * batch item (unless a sort has served it), restores the lead's columns as they were before,
 * and records an `undo` touch. `touchId` pins which call (the session's own); without it, the
 * lead's most recent call.
 */
export function undoOutcome(db: DB, leadId: number, now: Date, touchId?: number): Undone {
  return db.transaction((): Undone => {
    const lead = requireLead(db, leadId);
    refuseErased(lead, 'undo');
    const call = lastCall(db, lead.id);
    if (!call) throw new RunError(`lead ${lead.id} has no call to undo`);
    if (touchId !== undefined && call.id !== touchId) {
      throw new RunError(`lead ${lead.id} has had another call since; only its last call can be undone`);
    }
    const served = batchItemsOfTouch(db, call.id).find((b) => b.batch_id !== null);
    if (served) {
      throw new RunError(`the ${served.kind.replace('_', '-')} of this call went out in batch ${served.batch_id}; it cannot be undone`);
    }
    const later = touchesAfter(db, lead.id, call.id);
    if (later.length) {
      throw new RunError(`lead ${lead.id} has changed since the call (${later[0].channel}); it cannot be undone`);
    }
    const at = toIso(now);
    deleteOutcome(db, call.id);
    updateLead(db, lead.id, undoChanges(call.data), at);
    if (call.session_id) {
      const reached = Boolean((JSON.parse(call.data ?? '{}') as { reached?: boolean }).reached);
      countCall(db, call.session_id, reached, -1);
    }
    const undoTouchId = addTouch(db, {
      lead_id: lead.id,
      at,
      channel: 'undo',
      code: call.code,
      session_id: call.session_id,
      note: `undid the call with code ${call.code}`,
      data: { call: { at: call.at, code: call.code, result: call.result, note: call.note } },
    });
    return { lead: requireLead(db, lead.id), call, undoTouchId };
  }).immediate();
}
