// SQL for `leads doctor`: SQLite's own checks, the links SQLite does not check, and counts.
import type { DB } from './db.js';

/** SQLite's quick_check: every page read, without the slower index cross-checks. */
export function quickCheckErrors(db: DB, max = 5): string[] {
  const rows = db.pragma(`quick_check(${max})`) as { quick_check: string }[];
  return rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
}

/** integrity_check's messages; empty when the file is sound. */
export function integrityErrors(db: DB, max = 20): string[] {
  const rows = db.pragma(`integrity_check(${max})`) as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
}

/** Rows whose foreign key points nowhere, counted by table. */
export function foreignKeyViolations(db: DB): Record<string, number> {
  const rows = db.pragma('foreign_key_check') as { table: string }[];
  const out: Record<string, number> = {};
  for (const r of rows) out[r.table] = (out[r.table] ?? 0) + 1;
  return out;
}

export interface Orphans {
  /** touches of a lead that does not exist */
  touches: number;
  /** batch items whose lead, touch or batch does not exist */
  batch_items: number;
  /** batch items whose call touch belongs to another lead */
  batch_items_crossed: number;
  /** aliases pointing to a lead that does not exist */
  aliases: number;
}

export function orphanCounts(db: DB): Orphans {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    touches: n('SELECT count(*) AS n FROM touches t WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = t.lead_id)'),
    batch_items: n(`SELECT count(*) AS n FROM batch_items bi
                     WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = bi.lead_id)
                        OR NOT EXISTS (SELECT 1 FROM touches t WHERE t.id = bi.touch_id)
                        OR (bi.batch_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = bi.batch_id))`),
    batch_items_crossed: n(`SELECT count(*) AS n FROM batch_items bi JOIN touches t ON t.id = bi.touch_id
                             WHERE t.lead_id <> bi.lead_id`),
    aliases: n('SELECT count(*) AS n FROM lead_aliases a WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = a.lead_id)'),
  };
}

export interface Counts {
  /** leads of their own by status; `merged` counts the rows merged into another lead */
  leads: Record<string, number> & { total: number; merged: number };
  touches: number;
  imports: number;
  batches: number;
  pending_batch_items: number;
  letters_waiting_for_address: number;
  codes: number;
}

export function counts(db: DB): Counts {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const leads: Counts['leads'] = { prospect: 0, cycle: 0, sold: 0, disqualified: 0, total: 0, merged: 0 };
  const rows = db
    .prepare("SELECT CASE WHEN merged_into IS NULL THEN status ELSE 'merged' END AS status, count(*) AS n FROM leads GROUP BY 1")
    .all() as { status: string; n: number }[];
  for (const r of rows) {
    leads[r.status] = r.n;
    if (r.status !== 'merged') leads.total += r.n;
  }
  return {
    leads,
    touches: n('SELECT count(*) AS n FROM touches'),
    imports: n('SELECT count(*) AS n FROM imports'),
    batches: n('SELECT count(*) AS n FROM batches'),
    pending_batch_items: n('SELECT count(*) AS n FROM batch_items WHERE batch_id IS NULL AND skipped IS NULL'),
    // letters a sort listed in needs-address.csv, listed again by each sort until the lead has an address
    letters_waiting_for_address: n("SELECT count(*) AS n FROM batch_items WHERE batch_id IS NOT NULL AND skipped = 'no address'"),
    codes: n('SELECT count(*) AS n FROM codes'),
  };
}

export interface Pragmas {
  journal_mode: string;
  synchronous: number;
  foreign_keys: number;
  busy_timeout: number;
  user_version: number;
  page_size: number;
  page_count: number;
}

/** Read on the program's own connection: synchronous and foreign_keys are per connection. */
export function connectionPragmas(db: DB): Pragmas {
  const p = (name: string) => db.pragma(name, { simple: true });
  return {
    journal_mode: String(p('journal_mode')),
    synchronous: Number(p('synchronous')),
    foreign_keys: Number(p('foreign_keys')),
    busy_timeout: Number(p('busy_timeout')),
    user_version: Number(p('user_version')),
    page_size: Number(p('page_size')),
    page_count: Number(p('page_count')),
  };
}
