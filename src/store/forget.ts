// SQL of forgetting a person: their rows, the scrubbing of their history, the hashed
// suppressions, and erasing the old bytes from the database file and its WAL.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DB } from './db.js';
import type { LeadRow, TouchRow } from '../core/lead.js';
import type { SuppressionKind } from '../core/suppress.js';

/** The lead and every row merged into it (directly or through a chain of merges), lead first. */
export function personRows(db: DB, lead: LeadRow): LeadRow[] {
  const merged = db
    .prepare(
      `WITH RECURSIVE m(id) AS (
         SELECT id FROM leads WHERE merged_into = @id
         UNION SELECT alias_id FROM lead_aliases WHERE lead_id = @id
         UNION SELECT l.id FROM leads l JOIN m ON l.merged_into = m.id
       )
       SELECT * FROM leads WHERE id IN (SELECT id FROM m) AND id <> @id ORDER BY id`,
    )
    .all({ id: lead.id }) as LeadRow[];
  return [lead, ...merged];
}

export function touchesOfLeads(db: DB, ids: number[]): TouchRow[] {
  return db
    .prepare('SELECT * FROM touches WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(JSON.stringify(ids)) as TouchRow[];
}

export function setTouchText(db: DB, id: number, note: string | null, data: string | null): void {
  db.prepare('UPDATE touches SET note = ?, data = ? WHERE id = ?').run(note, data, id);
}

/**
 * A suppression for a forgotten person: a hash held already (from a registry) takes the
 * reason `forget`, the stronger one (an import then also keeps the person from batches).
 */
export function addForgetSuppression(db: DB, hash: string, kind: SuppressionKind, at: string): void {
  db.prepare(
    `INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, ?, 'forget', ?)
     ON CONFLICT (hash) DO UPDATE SET reason = 'forget'`,
  ).run(hash, kind, at);
}

/** Batches that served any of these leads: their files may name the person. */
export function batchesOfLeads(db: DB, ids: number[]): { id: number; day: string; out_dir: string | null }[] {
  return db
    .prepare(
      `SELECT id, day, out_dir FROM batches WHERE id IN (
         SELECT batch_id FROM batch_items WHERE batch_id IS NOT NULL AND skipped IS NULL
            AND lead_id IN (SELECT value FROM json_each(@ids))
         UNION SELECT batch_id FROM touches WHERE batch_id IS NOT NULL AND lead_id IN (SELECT value FROM json_each(@ids)))
       ORDER BY id`,
    )
    .all({ ids: JSON.stringify(ids) }) as { id: number; day: string; out_dir: string | null }[];
}

/** Copies made before a migration beside the database (`leads.db.vN-STAMP.bak`). */
export function migrationBackups(dbPath: string): string[] {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.v`;
  try {
    return readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.bak'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * Runs `write` with secure_delete on (SQLite overwrites what it deletes with zeros), then
 * rebuilds the file (VACUUM, still with secure_delete: free space inside pages left by
 * earlier changes can hold old copies of a row) and checkpoints the WAL into the file,
 * truncating it to nothing. Returns whether the WAL was emptied (another process reading
 * the database at that moment can keep it from being).
 */
export function withSecureDelete<T>(db: DB, write: () => T): { result: T; walEmptied: boolean } {
  const before = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  let result: T;
  try {
    result = write();
    db.exec('VACUUM');
    const stat4 = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'").get();
    // index samples of ANALYZE hold key values (names, numbers): take new ones
    if (stat4) db.exec('ANALYZE');
  } finally {
    db.pragma(`secure_delete = ${before ? 'ON' : 'OFF'}`);
  }
  // a reader in the middle of a read keeps the checkpoint from finishing: wait for it a
  // little (a leads command reads for moments), not the whole busy timeout
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 3000');
  try {
    const [cp] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return { result, walEmptied: cp.busy === 0 && cp.log <= 0 };
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
