// SQL for everything held on one person (`leads export --lead ID`): a subject-access answer.
import type { DB } from './db.js';
import type { LeadRow, TouchRow } from '../core/lead.js';
import { touchesOf } from './leads.js';

export interface BatchItemRecord {
  id: number;
  touch_id: number;
  kind: string;
  batch_id: number | null;
  skipped: string | null;
  batch_day: string | null;
  batch_created_at: string | null;
  batch_out_dir: string | null;
}

export interface PersonRecord {
  lead: LeadRow;
  /** rows of leads merged into this one (they keep the phone and email they came with) */
  merged: LeadRow[];
  aliases: number[];
  /** ids of leads sharing a phone or email with this one under another name */
  shared_by: number[];
  touches: TouchRow[];
  batch_items: BatchItemRecord[];
  imports: Record<string, unknown>[];
}

export function personRecord(db: DB, lead: LeadRow): PersonRecord {
  const aliases = (
    db.prepare('SELECT alias_id FROM lead_aliases WHERE lead_id = ? ORDER BY alias_id').all(lead.id) as { alias_id: number }[]
  ).map((r) => r.alias_id);
  const merged = db
    .prepare('SELECT * FROM leads WHERE id IN (SELECT alias_id FROM lead_aliases WHERE lead_id = ?) AND id <> ? ORDER BY id')
    .all(lead.id, lead.id) as LeadRow[];
  const sharedBy = (db.prepare('SELECT id FROM leads WHERE shares_with = ? ORDER BY id').all(lead.id) as { id: number }[]).map(
    (r) => r.id,
  );
  const batchItems = db
    .prepare(
      `SELECT bi.id, bi.touch_id, bi.kind, bi.batch_id, bi.skipped,
              b.day AS batch_day, b.created_at AS batch_created_at, b.out_dir AS batch_out_dir
         FROM batch_items bi LEFT JOIN batches b ON b.id = bi.batch_id
        WHERE bi.lead_id = ? ORDER BY bi.id`,
    )
    .all(lead.id) as BatchItemRecord[];
  const imports = db
    .prepare(
      `SELECT * FROM imports WHERE id = ?
          OR id IN (SELECT import_id FROM touches WHERE lead_id = ? AND import_id IS NOT NULL)
          OR id IN (SELECT import_id FROM leads WHERE id IN (SELECT alias_id FROM lead_aliases WHERE lead_id = ?))
        ORDER BY id`,
    )
    .all(lead.import_id, lead.id, lead.id) as Record<string, unknown>[];
  return { lead, merged, aliases, shared_by: sharedBy, touches: touchesOf(db, lead.id), batch_items: batchItems, imports };
}
