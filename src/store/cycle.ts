// SQL for the sales cycle, do-not-contact and merge.
import type { DB } from './db.js';
import type { LeadRow } from '../core/lead.js';

/** Every lead in the cycle, oldest in stage first: the candidates core's strike rule judges. */
export function cycleLeads(db: DB): LeadRow[] {
  return db
    .prepare(`SELECT * FROM leads WHERE status = 'cycle' AND merged_into IS NULL ORDER BY stage_at, id`)
    .all() as LeadRow[];
}

/**
 * Cycle leads going stale: no next contact, or one before `cutoff` (ISO). Leads that are
 * do-not-call stay in: a stale quote still wants a letter or a release.
 */
export function staleCycleLeads(db: DB, cutoff: string): LeadRow[] {
  return db
    .prepare(
      `SELECT * FROM leads
       WHERE status = 'cycle' AND merged_into IS NULL
         AND (next_contact_at IS NULL OR next_contact_at < ?)
       ORDER BY next_contact_at IS NOT NULL, next_contact_at, stage_at, id`,
    )
    .all(cutoff) as LeadRow[];
}

/** Follow-ups of the lead not yet served by a sort: a released lead leaves the follow-up list. */
export function deletePendingFollowUps(db: DB, leadId: number): number {
  return db.prepare(`DELETE FROM batch_items WHERE lead_id = ? AND kind = 'follow_up' AND batch_id IS NULL`).run(leadId)
    .changes;
}

/** Ids of the lead's touches, oldest first (recorded in the merge touch). */
export function touchIds(db: DB, leadId: number): number[] {
  return (db.prepare('SELECT id FROM touches WHERE lead_id = ? ORDER BY at, id').pluck().all(leadId) as number[]).map(
    Number,
  );
}

/**
 * Moves everything that belongs to lead `from` over to lead `to`: its touches (their
 * contents unchanged), its batch items, the aliases that pointed at it and the leads
 * flagged as sharing with it; then records `from` as an alias of `to`.
 */
export function moveLeadHistory(db: DB, from: number, to: number): { touches: number; batch_items: number } {
  const touches = db.prepare('UPDATE touches SET lead_id = ? WHERE lead_id = ?').run(to, from).changes;
  const batchItems = db.prepare('UPDATE batch_items SET lead_id = ? WHERE lead_id = ?').run(to, from).changes;
  db.prepare('UPDATE lead_aliases SET lead_id = ? WHERE lead_id = ?').run(to, from);
  db.prepare('UPDATE leads SET shares_with = CASE WHEN id = ? THEN NULL ELSE ? END WHERE shares_with = ?').run(to, to, from);
  db.prepare('INSERT INTO lead_aliases (alias_id, lead_id) VALUES (?, ?)').run(from, to);
  return { touches, batch_items: batchItems };
}
