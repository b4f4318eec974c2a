// SQL of `leads imports` and `leads imports undo`: the imports' history, and what an import
// made and changed. The import itself writes through import-sink.ts.
import type { DB } from './db.js';
import type { LeadRow } from '../core/lead.js';

export interface ImportRecord {
  id: number;
  file: string;
  sha256: string;
  started_at: string;
  finished_at: string | null;
  source: string | null;
  list: string | null;
  cost_cents: number | null;
  read: number;
  inserted: number;
  duplicates: number;
  updated: number;
  rejected: number;
  unmapped: string | null;
  /** when `leads imports undo` took it back (migration 0005) */
  undone_at: string | null;
}

/** An earlier finished import of a file with the same bytes. */
export function earlierImportOf(db: DB, sha256: string, except: number): ImportRecord | undefined {
  return db
    .prepare('SELECT * FROM imports WHERE sha256 = ? AND id <> ? AND finished_at IS NOT NULL AND undone_at IS NULL ORDER BY id LIMIT 1')
    .get(sha256, except) as ImportRecord | undefined;
}

export function listImports(db: DB, limit?: number): ImportRecord[] {
  return db
    .prepare(`SELECT * FROM imports WHERE finished_at IS NOT NULL ORDER BY id DESC ${limit ? 'LIMIT ' + Number(limit) : ''}`)
    .all() as ImportRecord[];
}

export function importById(db: DB, id: number): ImportRecord | undefined {
  return db.prepare('SELECT * FROM imports WHERE id = ? AND finished_at IS NOT NULL').get(id) as ImportRecord | undefined;
}

/** What undo reads of a lead it may remove: enough to name it and to tell whether it is still a lead of its own. */
export type CreatedLeadRow = Pick<LeadRow, 'id' | 'first_name' | 'last_name' | 'company' | 'phone' | 'merged_into' | 'forgotten_at'>;

/**
 * The leads an import created after lead `afterId`, `limit` of them in id order, each with
 * the first touch since that is not the import's own: one batch of `imports undo`, in one
 * statement. An import's leads have neighbouring ids, so the range is read from the primary key.
 */
export function leadsCreatedBy(db: DB, importId: number, afterId: number, limit: number): { lead: CreatedLeadRow; since: string | null }[] {
  const rows = db
    .prepare(
      `SELECT l.id, l.first_name, l.last_name, l.company, l.phone, l.merged_into, l.forgotten_at,
              (SELECT t.channel FROM touches t WHERE t.lead_id = l.id AND NOT (t.channel = 'import' AND t.import_id IS @importId)
                ORDER BY t.id LIMIT 1) AS since
         FROM leads l WHERE l.id > @afterId AND l.import_id = @importId ORDER BY l.id LIMIT @limit`,
    )
    .all({ importId, afterId, limit }) as (CreatedLeadRow & { since: string | null })[];
  return rows.map(({ since, ...lead }) => ({ lead, since }));
}

/** The leads an import touched that it did not create (a repeat it filled or updated, a note it added), in id order. */
export function leadsChangedBy(db: DB, importId: number): number[] {
  return db
    .prepare(
      `SELECT DISTINCT t.lead_id FROM touches t JOIN leads l ON l.id = t.lead_id
        WHERE t.import_id = ? AND t.channel = 'import' AND l.import_id IS NOT ? ORDER BY t.lead_id`,
    )
    .pluck()
    .all(importId, importId) as number[];
}

/**
 * The import's touches on these leads, each with the lead now and the channels of the
 * lead's touches after it that are not this import's (what was done with the lead since).
 */
export function importTouchesOn(
  db: DB,
  importId: number,
  leadIds: number[],
): { touch_id: number; data: string | null; lead: LeadRow; since: string[] }[] {
  const touches = db
    .prepare(
      `SELECT t.id AS touch_id, t.data, t.lead_id FROM touches t
        WHERE t.lead_id IN (SELECT value FROM json_each(?)) AND t.import_id = ? AND t.channel = 'import' ORDER BY t.id`,
    )
    .all(JSON.stringify(leadIds), importId) as { touch_id: number; data: string | null; lead_id: number }[];
  const lead = db.prepare('SELECT * FROM leads WHERE id = ?');
  const since = db
    .prepare("SELECT DISTINCT channel FROM touches WHERE lead_id = ? AND id > ? AND NOT (channel = 'import' AND import_id IS ?)")
    .pluck();
  return touches.map((t) => ({
    touch_id: t.touch_id,
    data: t.data,
    lead: lead.get(t.lead_id) as LeadRow,
    since: since.all(t.lead_id, t.touch_id, importId) as string[],
  }));
}

/** Removes leads an import created and nothing else touched: their touches, the flags pointing at them, the rows. */
export function removeImportedLeads(db: DB, ids: number[]): void {
  const json = JSON.stringify(ids);
  db.prepare('DELETE FROM touches WHERE lead_id IN (SELECT value FROM json_each(?))').run(json);
  db.prepare('UPDATE leads SET shares_with = NULL WHERE shares_with IN (SELECT value FROM json_each(?))').run(json);
  db.prepare('DELETE FROM leads WHERE id IN (SELECT value FROM json_each(?))').run(json);
}

export function markImportUndone(db: DB, id: number, at: string): void {
  db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(at, id);
}
