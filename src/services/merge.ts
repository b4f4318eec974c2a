// Merging two leads that are one person, in one transaction.
import { refuseErased } from '../core/forget.js';
import type { DB } from '../store/db.js';
import { addTouch, requireLead, updateLead } from '../store/leads.js';
import { moveLeadHistory, touchIds } from '../store/cycle.js';
import { mergedAwayColumns, planMerge, type MergePlan } from '../core/merge.js';
import type { LeadRow } from '../core/lead.js';
import { RunError } from '../core/errors.js';
import { toIso } from '../core/dates.js';

export interface MergeResult extends MergePlan {
  lead: LeadRow;
  /** touches moved from the other lead */
  moved: number;
}

/** Both leads as they are now, after following aliases; refuses a lead merged with itself. */
function pair(db: DB, keepId: number, otherId: number): [LeadRow, LeadRow] {
  const keep = requireLead(db, keepId);
  const other = requireLead(db, otherId);
  refuseErased(keep, 'merge');
  refuseErased(other, 'merge');
  if (keep.id === other.id) {
    throw new RunError(`leads ${keepId} and ${otherId} are already one lead (lead ${keep.id})`);
  }
  return [keep, other];
}

/** What `leads merge KEEP OTHER` would do, changing nothing (`--dry-run`). */
export function previewMerge(db: DB, keepId: number, otherId: number): MergePlan & { moved: number } {
  const [keep, other] = pair(db, keepId, otherId);
  return { ...planMerge(keep, other), moved: touchIds(db, other.id).length };
}

/**
 * One lead from two: KEEP takes OTHER's fields where its own are empty, the do-not-contact
 * flags of both, and OTHER's touches and pending batch items (history of both in time order).
 * OTHER's row stays, marked merged_into KEEP and out of every queue and batch, with its id
 * an alias of KEEP (so `leads show OTHER` shows KEEP). Touches: a `merge` on KEEP saying
 * what was taken and what differed.
 */
export function mergeLeads(db: DB, keepId: number, otherId: number, now: Date): MergeResult {
  const at = toIso(now);
  return db.transaction((): MergeResult => {
    const [keep, other] = pair(db, keepId, otherId);
    const plan = planMerge(keep, other);
    const ids = touchIds(db, other.id);
    const moved = moveLeadHistory(db, other.id, keep.id);
    updateLead(db, keep.id, plan.changes, at);
    updateLead(db, other.id, mergedAwayColumns(keep.id), at);
    addTouch(db, {
      lead_id: keep.id,
      at,
      channel: 'merge',
      note: `merged lead ${other.id} into this one`,
      data: {
        merged: other.id,
        filled: plan.filled,
        flags: plan.flags,
        differing: plan.differing,
        ...(plan.disqualify ? { disqualified: true } : {}),
        other: {
          status: other.status,
          code: other.code,
          stage: other.stage,
          do_not_call: other.do_not_call === 1,
          do_not_email: other.do_not_email === 1,
          do_not_mail: other.do_not_mail === 1,
        },
        touches: ids,
        batch_items: moved.batch_items,
      },
    });
    return { ...plan, lead: requireLead(db, keep.id), moved: moved.touches };
  }).immediate();
}
