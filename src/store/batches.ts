// SQL for the end-of-day sort: pending batch items with their leads, batches, and marking
// items as served or skipped.
import type { DB } from './db.js';
import { BATCH_LEAD_COLUMNS } from '../core/lead.js';
import type { BatchLead, LaterCall, PendingItem, Skip } from '../core/sort.js';
import type { BatchKind } from '../core/codes.js';

export interface BatchRow {
  id: number;
  day: string;
  created_at: string;
  out_dir: string | null;
  letters: number;
  emails: number;
  follow_ups: number;
  skipped: number;
  files: string | null;
}

interface ItemRow extends BatchLead {
  bi_item_id: number;
  bi_kind: BatchKind;
  bi_prev_batch_id: number | null;
  bi_prev_skipped: string | null;
  bi_outcome_at: string;
  bi_last_note: string | null;
  bi_later: string | null;
}

// The item, the call that asked for it, the lead now, and (for follow-ups) the lead's
// latest note: words said or written about the person, never a line the program wrote
// (an undo's, an edit's). CROSS JOIN keeps SQLite's join order: from the items to the call and the
// lead by primary key (left to itself it scans touches by date).
const ITEM_SELECT = `
  SELECT ${BATCH_LEAD_COLUMNS.map((c) => `l.${c}`).join(', ')},
         bi.id AS bi_item_id, bi.kind AS bi_kind, bi.batch_id AS bi_prev_batch_id,
         bi.skipped AS bi_prev_skipped, t.at AS bi_outcome_at,
         CASE WHEN bi.kind = 'follow_up' THEN
           (SELECT n.note FROM touches n WHERE n.lead_id = bi.lead_id AND n.note IS NOT NULL
               AND n.channel IN ('call', 'note', 'stage', 'release', 'import')
             ORDER BY n.at DESC, n.id DESC LIMIT 1)
         END AS bi_last_note`;
// the lead's calls after the one that asked for the item (a later outcome may replace it)
const LATER_CALLS = `,
         (SELECT json_group_array(json_object('at', c.at, 'code', c.code)) FROM touches c
           WHERE c.lead_id = bi.lead_id AND c.channel = 'call' AND (c.at > t.at OR (c.at = t.at AND c.id > t.id))
        ) AS bi_later`;
const ITEM_JOIN = `CROSS JOIN touches t ON t.id = bi.touch_id CROSS JOIN leads l ON l.id = bi.lead_id`;

function toItem(r: ItemRow): PendingItem {
  const { bi_item_id, bi_kind, bi_prev_batch_id, bi_prev_skipped, bi_outcome_at, bi_last_note, bi_later, ...lead } = r;
  return {
    item_id: bi_item_id,
    kind: bi_kind,
    prev_batch_id: bi_prev_batch_id,
    prev_skipped: bi_prev_skipped,
    outcome_at: bi_outcome_at,
    last_note: bi_last_note,
    later_calls: bi_later ? (JSON.parse(bi_later) as LaterCall[]) : [],
    lead,
  };
}

/**
 * Items no sort has served yet, from calls made before `until`, oldest first; and the
 * letters an earlier sort left out for lack of an address (the sort serves those once the
 * lead has one, and lists them again until then). Each with the lead's later calls. The
 * first part uses the partial index batch_items_pending.
 */
export function pendingItems(db: DB, until: string): PendingItem[] {
  const rows = db
    .prepare(
      `${ITEM_SELECT}${LATER_CALLS} FROM batch_items bi INDEXED BY batch_items_pending ${ITEM_JOIN}
        WHERE bi.batch_id IS NULL AND t.at < @until
       UNION ALL
       ${ITEM_SELECT}${LATER_CALLS} FROM batch_items bi ${ITEM_JOIN}
        WHERE bi.batch_id IS NOT NULL AND bi.skipped = 'no address' AND t.at < @until
       ORDER BY bi_item_id`,
    )
    .all({ until }) as ItemRow[];
  return rows.map(toItem);
}

/** The items of a past batch that it served, or listed as needing an address. */
export function batchItemsForRewrite(db: DB, batchId: number): PendingItem[] {
  const rows = db
    .prepare(
      `${ITEM_SELECT}, NULL AS bi_later FROM batch_items bi INDEXED BY batch_items_batch ${ITEM_JOIN}
        WHERE bi.batch_id = ? AND (bi.skipped IS NULL OR bi.skipped = 'no address') ORDER BY bi.id`,
    )
    .all(batchId) as ItemRow[];
  return rows.map(toItem);
}

/** The state of these items now: a sort checks nothing changed under it before marking them. */
export function itemStates(db: DB, ids: number[]): Map<number, { batch_id: number | null; skipped: string | null }> {
  const rows = db
    .prepare('SELECT id, batch_id, skipped FROM batch_items WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as { id: number; batch_id: number | null; skipped: string | null }[];
  return new Map(rows.map((r) => [r.id, { batch_id: r.batch_id, skipped: r.skipped }]));
}

export function insertBatch(db: DB, b: Omit<BatchRow, 'id'>): number {
  return Number(
    db
      .prepare(
        `INSERT INTO batches (day, created_at, out_dir, letters, emails, follow_ups, skipped, files)
         VALUES (@day, @created_at, @out_dir, @letters, @emails, @follow_ups, @skipped, @files)`,
      )
      .run(b).lastInsertRowid,
  );
}

/** Marks items served by the batch. */
export function serveItems(db: DB, batchId: number, ids: number[]): void {
  if (!ids.length) return;
  db.prepare('UPDATE batch_items SET batch_id = ?, skipped = NULL WHERE id IN (SELECT value FROM json_each(?))').run(
    batchId,
    JSON.stringify(ids),
  );
}

/** Marks items left out of the batch, each with its reason. */
export function skipItems(db: DB, batchId: number, skips: Skip[]): void {
  const stmt = db.prepare('UPDATE batch_items SET batch_id = ?, skipped = ? WHERE id = ?');
  for (const s of skips) stmt.run(batchId, s.reason, s.item_id);
}

/**
 * A letter or email touch with the batch id for each lead, and the lead's touch count
 * bumped (letters and emails count toward "eight to ten touches"), in two statements.
 */
export function addBatchTouches(db: DB, batchId: number, channel: 'letter' | 'email', leadIds: number[], at: string): void {
  if (!leadIds.length) return;
  const ids = JSON.stringify(leadIds);
  db.prepare(
    `INSERT INTO touches (lead_id, at, channel, batch_id) SELECT value, ?, ?, ? FROM json_each(?)`,
  ).run(at, channel, batchId, ids);
  db.prepare('UPDATE leads SET touch_count = touch_count + 1 WHERE id IN (SELECT value FROM json_each(?))').run(ids);
}

/** Folders already used by batches of this day (absolute paths as recorded). */
export function batchFoldersOfDay(db: DB, day: string): string[] {
  return (
    db.prepare('SELECT out_dir FROM batches WHERE day = ? AND out_dir IS NOT NULL').all(day) as { out_dir: string }[]
  ).map((r) => r.out_dir);
}

export function listBatches(db: DB, limit?: number): BatchRow[] {
  return db
    .prepare(`SELECT * FROM batches ORDER BY id DESC${limit !== undefined ? ' LIMIT ?' : ''}`)
    .all(...(limit !== undefined ? [limit] : [])) as BatchRow[];
}

export function getBatch(db: DB, id: number): BatchRow | undefined {
  return db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;
}

export interface BatchItemLine {
  item_id: number;
  lead_id: number;
  kind: BatchKind;
  skipped: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
}

/** What a batch held: every item it served or left out, with the lead's name. */
export function itemsOfBatch(db: DB, batchId: number): BatchItemLine[] {
  return db
    .prepare(
      `SELECT bi.id AS item_id, bi.lead_id, bi.kind, bi.skipped, l.first_name, l.last_name, l.company
         FROM batch_items bi JOIN leads l ON l.id = bi.lead_id
        WHERE bi.batch_id = ?
        ORDER BY CASE bi.kind WHEN 'letter' THEN 1 WHEN 'email' THEN 2 ELSE 3 END, bi.id`,
    )
    .all(batchId) as BatchItemLine[];
}
