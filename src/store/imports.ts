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

/** The leads an import created, each with the first touch since that is not the import's own. */
export function leadsCreatedBy(db: DB, importId: number): { lead: LeadRow; since: string | null }[] {
  const since = db.prepare(
    "SELECT channel FROM touches WHERE lead_id = ? AND NOT (channel = 'import' AND import_id = ?) ORDER BY id LIMIT 1",
  ).pluck();
  return (db.prepare('SELECT * FROM leads WHERE import_id = ? ORDER BY id').all(importId) as LeadRow[]).map((lead) => ({
    lead,
    since: (since.get(lead.id, importId) as string | undefined) ?? null,
  }));
}

/** The import's touches on leads it did not create (a repeat it filled or updated, a note it added), with the lead now. */
export function importTouchesOnOthers(db: DB, importId: number): { touch_id: number; data: string | null; lead: LeadRow }[] {
  const rows = db
    .prepare(
      `SELECT t.id AS touch_id, t.data, t.lead_id FROM touches t JOIN leads l ON l.id = t.lead_id
       WHERE t.import_id = ? AND t.channel = 'import' AND l.import_id IS NOT ? ORDER BY t.id`,
    )
    .all(importId, importId) as { touch_id: number; data: string | null; lead_id: number }[];
  const lead = db.prepare('SELECT * FROM leads WHERE id = ?');
  return rows.map((r) => ({ touch_id: r.touch_id, data: r.data, lead: lead.get(r.lead_id) as LeadRow }));
}

/** Removes leads an import created and nothing else touched: their touches, the flags pointing at them, the rows. */
export function removeImportedLeads(db: DB, ids: number[]): void {
  const json = JSON.stringify(ids);
  db.prepare('DELETE FROM touches WHERE lead_id IN (SELECT value FROM json_each(?))').run(json);
  db.prepare('UPDATE leads SET shares_with = NULL WHERE shares_with IN (SELECT value FROM json_each(?))').run(json);
  db.prepare('DELETE FROM leads WHERE id IN (SELECT value FROM json_each(?))').run(json);
}

export function deleteTouches(db: DB, ids: number[]): void {
  db.prepare('DELETE FROM touches WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
}

export function markImportUndone(db: DB, id: number, at: string): void {
  db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(at, id);
}
