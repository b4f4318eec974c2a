// The end-of-day sort and the rewrite of a past batch.
//
// Order of work, and what a kill at any moment leaves behind:
//   1. read the pending items (one read transaction) and plan the batches (pure);
//   2. write every file into a private scratch folder `OUT/.leads-partial-PID-XXXXXX`;
//   3. in ONE immediate transaction: check the items are still as read, record the batch,
//      mark the items served/skipped, add the letter/email touches, and - last, before
//      COMMIT - rename the scratch folder to `OUT/DAY` (one rename: the folder appears whole).
// Stopped during 1-2: the database is untouched, the outcomes stay pending and the next sort
// serves them; a signal removes the scratch folder on the way out, and after a kill -9 the
// next sort into that folder removes it (its process has ended).
// Killed between the rename and the COMMIT (the width of a commit): `OUT/DAY` exists but no
// batch records it; the outcomes are still pending, and the next sort refuses to write over
// that folder, naming it (exit 1), so nothing is served twice without the user seeing it.
// Killed after the COMMIT: done. No batch is served twice (a second sort finds nothing
// pending; two sorts at once: the second finds the items taken and writes nothing) and none
// is lost (items are marked only in the transaction that publishes their files).
import { renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { DB } from '../store/db.js';
import {
  addBatchTouches,
  batchFoldersOfDay,
  batchItemsForRewrite,
  getBatch,
  insertBatch,
  itemStates,
  itemsOfBatch,
  listBatches,
  pendingItems,
  serveItems,
  skipItems,
  type BatchItemLine,
  type BatchRow,
} from '../store/batches.js';
import { currentSettings } from '../store/settings.js';
import { deliveriesOfBatch, emailKeysOfBatch, insertDeliveries, openByBatch, type DeliveryLine } from '../store/deliveries.js';
import { choiceSetting, delivers, type Settings } from '../core/settings.js';
import { RunError } from '../core/errors.js';
import { toIso } from '../core/dates.js';
import {
  batchFolderName,
  countReasons,
  isEmptyPlan,
  missingSender,
  planRewrite,
  planSort,
  type PendingItem,
  type SortPlan,
} from '../core/sort.js';
import { newMessageId } from '../batches/eml.js';
import { exists, scratchFolder } from '../batches/files.js';
import { loadTemplates } from '../batches/templates.js';
import { followUpEvent, writeBatchFiles, type WrittenFiles } from '../batches/write.js';
import type { DeliveryRun, DeliverySummary } from './deliver.js';

export interface SortOptions {
  /** the batch's day, local `YYYY-MM-DD` */
  day: string;
  /** outcomes from calls before this moment (the end of `day`) */
  until: Date;
  /** `--out`: the folder batches go under; else the `sort.out_dir` setting */
  out?: string;
  /** what a relative folder is relative to */
  cwd: string;
  templatesDir: string;
  now: Date;
  dryRun?: boolean;
  guides?: boolean;
  /** told the moment the batch is recorded (its folder in place), before anything else is awaited */
  onRecorded?: (batchId: number, folder: string | null) => void;
  /** after the files: the emails and follow-ups delivered as the settings ask */
  delivery?: Omit<DeliveryRun, 'batchId' | 'resend' | 'now' | 'templatesDir'>;
}

export interface SortSummary {
  batch_id: number | null;
  day: string;
  dry_run: boolean;
  /** the batch folder (absolute), null when it has no files */
  out_dir: string | null;
  letters: { count: number; needs_address: number; files: Record<string, string> };
  emails: { count: number; files: { csv?: string; eml: string[] } };
  follow_ups: { count: number; files: Record<string, string> };
  skipped: { count: number; reasons: Record<string, number>; items: { item_id: number; lead_id: number; kind: string; reason: string }[] };
  /** sender settings the batch needs and lacks (a dry run reports them instead of failing) */
  missing_settings: string[];
  /** what to say about them */
  missing_message?: string;
  /** what reached the mailbox and the calendar (absent when the settings deliver nothing) */
  delivery?: DeliverySummary;
}

/** What a sort that failed leaves: the database as it was. */
const NOT_MADE = 'no batch was made: the outcomes still wait for the next sort';

/** The folder batches go under: `~/` is the home folder, a relative path is from `cwd`. */
function outFolder(path: string, cwd: string): string {
  const p = path.trim() || 'batches';
  return resolve(cwd, p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p);
}

/** Every file the plan will produce, relative to the batch folder (for a dry run's summary). */
function expectedFiles(plan: SortPlan): WrittenFiles {
  return {
    letters: {
      ...(plan.letters.length ? { csv: 'letters.csv', xlsx: 'letters.xlsx', envelopes: 'envelopes.pdf', labels: 'labels.pdf', letters: 'letters.pdf' } : {}),
      ...(plan.needsAddress.length ? { needs_address: 'needs-address.csv' } : {}),
    },
    emails: {
      ...(plan.emails.length ? { csv: 'emails.csv' } : {}),
      eml: plan.emails.map((e) => `emails/${e.lead.id}.eml`),
    },
    follow_ups: plan.followUps.length ? { csv: 'follow-ups.csv', ics: 'follow-ups.ics' } : {},
  };
}

const hasFiles = (p: SortPlan) => Boolean(p.letters.length || p.needsAddress.length || p.emails.length || p.followUps.length);

function summarise(
  plan: SortPlan,
  batchId: number | null,
  day: string,
  folder: string | null,
  files: WrittenFiles,
  dry: boolean,
  missing: { missing: string[]; message: string } | null,
): SortSummary {
  const abs = (rel?: string) => (rel && folder ? join(folder, rel) : undefined);
  const pick = (o: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, abs(v)!]));
  return {
    batch_id: batchId,
    day,
    dry_run: dry,
    out_dir: folder,
    letters: { count: plan.letters.length, needs_address: plan.needsAddress.length, files: pick(files.letters) },
    emails: { count: plan.emails.length, files: { ...pick({ csv: files.emails.csv }), eml: files.emails.eml.map((f) => abs(f)!) } },
    follow_ups: { count: plan.followUps.length, files: pick(files.follow_ups) },
    skipped: { count: plan.skipped.length, reasons: countReasons(plan.skipped), items: plan.skipped },
    missing_settings: missing?.missing ?? [],
    ...(missing ? { missing_message: missing.message } : {}),
  };
}

export async function sortDay(db: DB, o: SortOptions): Promise<SortSummary> {
  const dry = Boolean(o.dryRun);
  const summary = await sortWith(db, o, dry);
  // after the files (this batch's and those of earlier batches still waiting, the day's
  // limit left over): what the servers do cannot undo what was written and recorded
  if (!dry && o.delivery && delivers(currentSettings(db))) {
    const { deliver } = await import('./deliver.js');
    summary.delivery = await deliver(db, { ...o.delivery, now: o.now, templatesDir: o.templatesDir });
  }
  return summary;
}

async function sortWith(db: DB, o: SortOptions, dry: boolean): Promise<SortSummary> {
  const read = db.transaction(() => ({
    items: pendingItems(db, toIso(o.until)),
    settings: currentSettings(db),
    used: batchFoldersOfDay(db, o.day),
  }));
  const { items, settings, used } = read();
  const outDir = outFolder(o.out ?? settings['sort.out_dir'], o.cwd);
  const plan = planSort(items);
  if (isEmptyPlan(plan)) return summarise(plan, null, o.day, null, expectedFiles(plan), dry, null);

  const templates = loadTemplates(o.templatesDir);
  const missing = missingSender(plan, settings);
  const usedHere = new Set(used.filter((p) => dirname(p) === outDir).map((p) => basename(p)));
  const folder = hasFiles(plan) ? join(outDir, batchFolderName(o.day, usedHere)) : null;
  if (dry) return summarise(plan, null, o.day, folder, expectedFiles(plan), true, missing);
  if (missing) throw new RunError(`${missing.message}; nothing was written`);
  if (folder && exists(folder)) {
    throw new RunError(
      `${folder} already exists and no batch records it (a sort interrupted while finishing, or other files); ` +
        'its outcomes are still waiting: move that folder away and sort again',
    );
  }

  const scratch = folder ? scratchFolder(outDir) : null;
  const messageIds = new Map(plan.emails.map((e) => [e.item.item_id, newMessageId(settings['sender.email'])]));
  try {
    const files = scratch
      ? await writeBatchFiles(scratch.path, { plan, settings, templates, now: o.now, guides: o.guides, messageIds })
      : expectedFiles(plan);
    let published = false;
    const commit = db.transaction((): number => {
      assertUnchanged(db, items, plan);
      const at = toIso(o.now);
      const batchId = insertBatch(db, {
        day: o.day,
        created_at: at,
        out_dir: folder,
        letters: plan.letters.length,
        emails: plan.emails.length,
        follow_ups: plan.followUps.length,
        skipped: plan.skipped.length,
        files: JSON.stringify({
          letters: files.letters,
          // the messages by count: a night's 1,700 names need not sit in the batch row
          emails: { ...(files.emails.csv ? { csv: files.emails.csv, messages: files.emails.eml.length } : {}) },
          follow_ups: files.follow_ups,
          needs_address: plan.needsAddress.length,
          reasons: countReasons(plan.skipped),
        }),
      });
      serveItems(db, batchId, [...plan.letters, ...plan.emails, ...plan.followUps].map((e) => e.item.item_id));
      skipItems(db, batchId, plan.skipped);
      addBatchTouches(db, batchId, 'letter', plan.letters.map((e) => e.lead.id), at);
      addBatchTouches(db, batchId, 'email', plan.emails.map((e) => e.lead.id), at);
      insertDeliveries(db, deliveriesOf(plan, messageIds, settings));
      if (scratch && folder) {
        if (exists(folder)) throw new RunError(`${folder} appeared while the batch was being written; nothing was recorded`);
        renameSync(scratch.path, folder);
        published = true;
      }
      return batchId;
    });
    let batchId: number;
    try {
      batchId = commit.immediate();
    } catch (e) {
      if (published && scratch && folder) renameSync(folder, scratch.path); // the COMMIT failed: take the files back
      throw e;
    }
    scratch?.done();
    o.onRecorded?.(batchId, folder);
    return summarise(plan, batchId, o.day, folder, files, false, null);
  } catch (e) {
    scratch?.remove();
    throw scratch && folder ? scratch.told(e, folder, NOT_MADE) : e;
  }
}

/**
 * A delivery for every email and follow-up the batch serves, keyed by its Message-ID or its
 * event's UID: waiting where the settings deliver it, else only in the files.
 */
function deliveriesOf(plan: SortPlan, messageIds: Map<number, string>, settings: Settings) {
  const mode = choiceSetting(settings, 'email.deliver');
  const calendar = Boolean(settings['calendar.url'].trim());
  return [
    ...plan.emails.map((e) => ({
      item_id: e.item.item_id,
      channel: 'email' as const,
      key: messageIds.get(e.item.item_id)!,
      state: mode === 'files' ? ('files' as const) : ('waiting' as const),
      mode: mode === 'files' ? null : (mode as 'drafts' | 'send'),
    })),
    ...plan.followUps.map((f) => ({
      item_id: f.item.item_id,
      channel: 'calendar' as const,
      key: followUpEvent(f).uid,
      state: calendar ? ('waiting' as const) : ('files' as const),
      mode: calendar ? ('calendar' as const) : null,
    })),
  ];
}

/** Another sort (or an undo) changed these items while the files were written: write nothing. */
function assertUnchanged(db: DB, items: PendingItem[], plan: SortPlan): void {
  const ids = new Set([...plan.letters, ...plan.emails, ...plan.followUps, ...plan.needsAddress].map((e) => e.item.item_id));
  for (const s of plan.skipped) ids.add(s.item_id);
  const now = itemStates(db, [...ids]);
  for (const item of items) {
    if (!ids.has(item.item_id)) continue;
    const s = now.get(item.item_id);
    if (!s || s.batch_id !== item.prev_batch_id || s.skipped !== item.prev_skipped) {
      throw new RunError('another sort (or an undo) changed these outcomes while the batch was written; nothing was recorded, run `leads sort` again');
    }
  }
}

// ---- leads batches ------------------------------------------------------------------

export interface BatchDetail {
  batch: BatchRow;
  items: (BatchItemLine & { delivery: DeliveryLine | null })[];
}

/** A past batch, with its emails and events not delivered yet (`unsure`: sends whose outcome was lost). */
export type BatchListRow = BatchRow & { waiting: number; unsure: number };

export function batchList(db: DB, limit?: number): BatchListRow[] {
  return db.transaction(() => {
    const open = openByBatch(db);
    return listBatches(db, limit).map((b) => ({ ...b, waiting: open.get(b.id)?.waiting ?? 0, unsure: open.get(b.id)?.unsure ?? 0 }));
  })();
}

export function batchDetail(db: DB, id: number): BatchDetail {
  return db.transaction(() => {
    const batch = getBatch(db, id);
    if (!batch) throw new RunError(`no batch ${id}`);
    const deliveries = deliveriesOfBatch(db, id);
    return { batch, items: itemsOfBatch(db, id).map((i) => ({ ...i, delivery: deliveries.get(i.item_id) ?? null })) };
  })();
}

/**
 * `leads batches ID --deliver`: the batch's emails and follow-ups delivered as the settings
 * say now: what waits, what was only written to files, and its events put again (moved to
 * the follow-up's date as it is now).
 */
export async function deliverBatch(db: DB, id: number, run: Omit<DeliveryRun, 'batchId'>): Promise<DeliverySummary> {
  if (!getBatch(db, id)) throw new RunError(`no batch ${id}`);
  const { deliver } = await import('./deliver.js');
  return deliver(db, { ...run, batchId: id });
}

export interface RewriteOptions {
  out?: string;
  cwd: string;
  templatesDir: string;
  now: Date;
  guides?: boolean;
}

/**
 * Writes a past batch's files again into `OUT/<its folder name>`, from the leads as they
 * are now: a lead since marked do-not-mail/email (or forgotten) is left out, and a letter
 * whose lead has since been given an address is left to the next sort. The database is
 * not changed: the touches were recorded when the batch was first made.
 */
export async function rewriteBatch(db: DB, id: number, o: RewriteOptions): Promise<SortSummary & { left_out: number }> {
  const read = db.transaction(() => ({
    batch: getBatch(db, id),
    items: batchItemsForRewrite(db, id),
    settings: currentSettings(db),
    messageIds: emailKeysOfBatch(db, id),
  }));
  const { batch, items, settings, messageIds } = read();
  if (!batch) throw new RunError(`no batch ${id}`);
  const plan = planRewrite(items);
  if (!hasFiles(plan)) throw new RunError(`batch ${id} has no files to write (nothing in it was printed, emailed or scheduled)`);
  const missing = missingSender(plan, settings);
  if (missing) throw new RunError(`${missing.message}; nothing was written`);
  const outDir = outFolder(o.out ?? settings['sort.out_dir'], o.cwd);
  const folder = join(outDir, batch.out_dir ? basename(batch.out_dir) : batch.day);
  if (exists(folder)) throw new RunError(`${folder} already exists; give another --out folder, or move it away`);
  const templates = loadTemplates(o.templatesDir);
  const scratch = scratchFolder(outDir);
  try {
    const files = await writeBatchFiles(scratch.path, { plan, settings, templates, now: o.now, guides: o.guides, messageIds });
    if (exists(folder)) throw new RunError(`${folder} appeared while the batch was being written`);
    renameSync(scratch.path, folder);
    scratch.done();
    const left = items.filter((i) => !i.prev_skipped).length - plan.letters.length - plan.emails.length - plan.followUps.length;
    return { ...summarise(plan, id, batch.day, folder, files, false, null), left_out: left };
  } catch (e) {
    scratch.remove();
    throw scratch.told(e, folder, `no ${folder} was made`);
  }
}
