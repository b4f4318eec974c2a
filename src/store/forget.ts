// SQL of forgetting a person: their rows, the scrubbing of their history and of the import
// records that name them, the erase's unfinished steps, and the old bytes in the file's
// free space and its WAL.
import { readdirSync, statfsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FREE_SPACE_CLEAN, type DB } from './db.js';
import type { LeadRow, TouchRow } from '../core/lead.js';

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
 * Batches that served any of these leads, or listed their letter as needing an address:
 * their files may name the person. A letter waiting for an address is listed by every batch
 * from its call to the one that last listed or served it (the item keeps only that one).
 * `letters`: the batch printed a letter to one of them, so its printed letters must be
 * written again without them (known here, not from the folder, so a rewrite that failed is
 * tried again).
 */
export function batchesOfLeads(db: DB, ids: number[]): { id: number; day: string; out_dir: string | null; created_at: string; letters: boolean }[] {
  const rows = db
    .prepare(
      `SELECT id, day, out_dir, created_at,
              EXISTS (SELECT 1 FROM batch_items bi WHERE bi.batch_id = batches.id AND bi.kind = 'letter' AND bi.skipped IS NULL
                         AND bi.lead_id IN (SELECT value FROM json_each(@ids))) AS letters
         FROM batches WHERE id IN (
         SELECT batch_id FROM batch_items WHERE batch_id IS NOT NULL AND skipped IS NULL
            AND lead_id IN (SELECT value FROM json_each(@ids))
         UNION SELECT batch_id FROM touches WHERE batch_id IS NOT NULL AND lead_id IN (SELECT value FROM json_each(@ids))
         UNION SELECT b.id FROM batch_items bi JOIN touches t ON t.id = bi.touch_id
                 JOIN batches b ON b.id <= bi.batch_id AND b.created_at >= t.at
          WHERE bi.kind = 'letter' AND bi.batch_id IS NOT NULL AND bi.lead_id IN (SELECT value FROM json_each(@ids)))
       ORDER BY id`,
    )
    .all({ ids: JSON.stringify(ids) }) as { id: number; day: string; out_dir: string | null; created_at: string; letters: number }[];
  return rows.map((r) => ({ ...r, letters: r.letters === 1 }));
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

/** The imports that brought or touched these leads: their records may name the person. */
export function importsOfLeads(db: DB, ids: number[]): { id: number; file: string; read: number }[] {
  return db
    .prepare(
      `SELECT id, file, read FROM imports WHERE id IN (
         SELECT import_id FROM leads WHERE id IN (SELECT value FROM json_each(@ids)) AND import_id IS NOT NULL
         UNION SELECT import_id FROM touches WHERE import_id IS NOT NULL AND lead_id IN (SELECT value FROM json_each(@ids)))
       ORDER BY id`,
    )
    .all({ ids: JSON.stringify(ids) }) as { id: number; file: string; read: number }[];
}

export function setImportFile(db: DB, id: number, file: string): void {
  db.prepare('UPDATE imports SET file = ? WHERE id = ?').run(file, id);
}

const UNFINISHED = 'state.erase_unfinished';

/** Leads whose erase has steps left (batch files, the file's rebuild, the WAL): added in the erase's own transaction. */
export function markEraseUnfinished(db: DB, ids: number[]): void {
  const all = [...new Set([...unfinishedErase(db), ...ids])];
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(UNFINISHED, JSON.stringify(all));
}

export function unfinishedErase(db: DB): number[] {
  const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(UNFINISHED) as string | undefined;
  return v ? (JSON.parse(v) as number[]) : [];
}

export function clearEraseUnfinished(db: DB): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(UNFINISHED);
}

/**
 * Whether every byte ever deleted from the file was overwritten: a database made with
 * secure_delete on from its start, or rebuilt under it since. One made before holds what
 * earlier changes deleted in its free space until it is rebuilt once.
 */
export function freeSpaceClean(db: DB): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(FREE_SPACE_CLEAN) !== undefined;
}

export function setFreeSpaceClean(db: DB): void {
  db.prepare("INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING").run(FREE_SPACE_CLEAN);
}

/**
 * Rebuilds the file (VACUUM, under secure_delete like every connection that writes), so no
 * old copy of a row stays in free space, and records that it is clean. The disk must hold a
 * second copy meanwhile: with less room than that it is not tried, and says so.
 */
export function rebuildFile(db: DB, dbPath: string): void {
  const size = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const fs = statfsSync(dirname(dbPath));
  if (fs.bavail * fs.bsize < size * 1.1 + 1_048_576) {
    throw new Error(`the disk holding the database has less free space than a copy of it takes (${Math.ceil(size / 1_048_576)} MB)`);
  }
  db.exec('VACUUM');
  setFreeSpaceClean(db);
}

/** Index samples of ANALYZE hold key values (names, numbers): new ones are taken without the erased rows. */
export function renewIndexSamples(db: DB): void {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'").get()) db.exec('ANALYZE');
}

/**
 * Checkpoints the WAL into the file and truncates it to nothing, so it holds no page as it
 * was before the erase. False when another process's read kept it from finishing.
 */
export function emptyWal(db: DB): boolean {
  // a reader in the middle of a read keeps the checkpoint from finishing: wait for it a
  // little (a leads command reads for moments), not the whole busy timeout
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 3000');
  try {
    const [cp] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return cp.busy === 0 && cp.log <= 0;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
