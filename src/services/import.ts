// `leads import`: one file is one transaction. A worker thread reads, parses and normalises
// the file (import-reader.ts) while this thread writes the batches it sends into the
// database inside one open write transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any
// error): killed midway, the database is as before. better-sqlite3's db.transaction()
// cannot span the awaits between batches, so the transaction is opened and closed by hand;
// nothing else uses this connection while it is open.
import { Worker } from 'node:worker_threads';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DB } from '../store/db.js';
import { createPrivateFile } from '../store/db.js';
import {
  LeadWriter,
  beginImportRecord,
  beginImportTransaction,
  endImportTransaction,
  dropTriggersNotForImport,
  execAll,
  dropScatteredIndexes,
  earlierImportOf,
  finishImportRecord,
  importNoteExists,
  importedLeadById,
  leadStats,
  setLeadColumns,
  type ImportRecord,
  type ImportedLead,
} from '../store/imports.js';
import { currentSettings } from '../store/settings.js';
import { countrySetting } from '../core/settings.js';
import { RunError, UsageError } from '../core/errors.js';
import { decide, repeatChanges, type LeadKeys, type OnDuplicate } from '../core/import/dedupe.js';
import { NF, SEP, W, rowAt, type ReaderMessage, type ReaderOptions } from '../core/import/wire.js';
import { toIso } from '../core/dates.js';
import { isWorkbook } from '../core/import/text.js';

export interface ImportOptions {
  source: string | null;
  list: string | null;
  costCents: number | null;
  overrides: Record<string, string>;
  delimiter?: string;
  encoding?: string;
  sheet?: string;
  country?: string;
  onDuplicate: OnDuplicate;
  dryRun: boolean;
  rejectsFile?: string;
}

export interface PreviewRow {
  line: number;
  kind: 'new' | 'repeat' | 'shared';
  name: string;
  lead?: number;
}

export interface ImportResult {
  file: string;
  import_id: number | null;
  read: number;
  inserted: number;
  duplicates: number;
  duplicates_in_db: number;
  duplicates_in_file: number;
  updated: number;
  rejected: number;
  shared: number;
  suppressed: number;
  /** rows whose phone is not a valid number for `country`: stored as written, flagged */
  phones_kept_as_written: number;
  country: string;
  blank: number;
  format: 'csv' | 'xlsx' | 'vcard';
  encoding: string;
  delimiter: string;
  sheet: string | null;
  mapped: Record<string, string>;
  candidates: Record<string, string[]>;
  unmapped: string[];
  renamed: { from: string; to: string; column: number }[];
  rejects: { line: number; reason: string }[];
  sha256: string;
  earlier: Pick<ImportRecord, 'id' | 'started_at' | 'file'> | null;
  dry_run: boolean;
  preview: PreviewRow[];
}

export interface Progress {
  start(totalBytes: number): void;
  update(bytes: number, rows: number): void;
  stop(): void;
}

/**
 * Imports one file from a writer thread (import-writer.ts) with a small heap; the same
 * result and errors as `importFile`, with progress reported here.
 */
export async function importInWorker(
  dbPath: string,
  file: string,
  o: ImportOptions,
  now: Date,
  progress?: Progress,
): Promise<ImportResult> {
  const w = new Worker(new URL('./import-writer.js', import.meta.url), {
    workerData: { dbPath, file, options: o, now: now.toISOString() },
    // a small heap: what it holds lives for one batch, so a tight heap is collected sooner
    // (8 MB of young generation: at 2 MB the scavenges cost the writer a tenth more time)
    resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 },
  });
  try {
    return await new Promise<ImportResult>((resolve, reject) => {
      w.on('message', (m: { type: string; [k: string]: unknown }) => {
        if (m.type === 'progress-start') progress?.start(m.total as number);
        else if (m.type === 'progress') progress?.update(m.bytes as number, m.rows as number);
        else if (m.type === 'progress-stop') progress?.stop();
        else if (m.type === 'result') resolve(m.result as ImportResult);
        else if (m.type === 'error') {
          const e = m.usage ? new UsageError(m.message as string) : new RunError(m.message as string);
          if (m.stack) e.stack = `${e.message}\n(writer thread) ${m.stack as string}`;
          reject(e);
        }
      });
      w.on('error', (e) => reject(new RunError(`${file}: ${e.message}`)));
      w.on('exit', (code) => reject(new RunError(`${file}: the import stopped (exit ${code})`)));
    });
  } finally {
    progress?.stop();
    await w.terminate();
  }
}

/**
 * Where a dry run reads: the database, or, where there is none yet, an empty one in a
 * temporary folder that `done()` removes: a preview makes no database of the user's.
 */
export function dryRunDatabase(dbPath: string): { path: string; done(): void } | null {
  if (existsSync(dbPath)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'leads-dry-run-'));
  return { path: join(dir, 'leads.db'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Files that big use the bulk path: all known keys in memory, and scattered indexes rebuilt after once many leads are new. */
const BULK_BYTES = 2_000_000;
const BATCH_ROWS = 2048;
/** Rows read before a big import into a database with leads judges whether to set indexes aside. */
const JUDGE_ROWS = 10_000;
const PREVIEW = 10;

/** The size of a file to import; a missing path or a folder is a RunError naming it. */
export function fileSize(file: string): number {
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new RunError(`${file} is not a file`);
    return st.size;
  } catch (e) {
    if (e instanceof RunError) throw e;
    throw new RunError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

export async function importFile(
  db: DB,
  dbPath: string,
  file: string,
  o: ImportOptions,
  now: Date,
  progress?: Progress,
): Promise<ImportResult> {
  const size = fileSize(file);
  if (o.rejectsFile) {
    try {
      createPrivateFile(o.rejectsFile);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'EEXIST' ? `--rejects ${o.rejectsFile} already exists; give a new file name` : `cannot create ${o.rejectsFile}: ${(e as Error).message}`,
      );
    }
  }
  const at = toIso(now);
  const country = o.country ?? countrySetting(currentSettings(db));

  beginImportTransaction(db);
  let worker: Worker | null = null;
  try {
    const { count, maxId } = leadStats(db);
    const bulk = size >= BULK_BYTES && size / 120 >= count / 4;
    const importId = beginImportRecord(db, { file, started_at: at, source: o.source, list: o.list, cost_cents: o.costCents });
    // The scattered indexes are set aside when the file looks set to bring at least a quarter
    // as many new leads as there are: rebuilding them at the end then costs less than keeping
    // them. Into an empty database from the first batch; else judged by the share of new
    // leads among the first rows (a file of repeats would pay a whole rebuild for nothing).
    let dropped: string[] = [];
    let judged = !bulk;
    const judgeIndexes = (bytesRead: number) => {
      if (judged || (count > 0 && r.read < JUDGE_ROWS)) return;
      judged = true;
      if ((r.inserted * size) / Math.max(bytesRead, 1) >= count / 4) dropped = dropScatteredIndexes(db);
    };
    const triggers = dropTriggersNotForImport(db);
    const firstNew = maxId + 1;
    let nextId = firstNew;
    const writer = new LeadWriter(db, importId, at);
    const r: ImportResult = {
      file,
      import_id: o.dryRun ? null : importId,
      read: 0,
      inserted: 0,
      duplicates: 0,
      duplicates_in_db: 0,
      duplicates_in_file: 0,
      updated: 0,
      rejected: 0,
      shared: 0,
      suppressed: 0,
      phones_kept_as_written: 0,
      country,
      blank: 0,
      format: 'csv',
      encoding: '',
      delimiter: '',
      sheet: null,
      mapped: {},
      candidates: {},
      unmapped: [],
      renamed: [],
      rejects: [],
      sha256: '',
      earlier: null,
      dry_run: o.dryRun,
      preview: [],
    };
    // the lead each row of the file became or was found to be, by row number (the reader's refs)
    let leadOfRow = new Int32Array(1 << 16);
    let seq = 0;

    const ro: ReaderOptions = {
      file,
      dbPath,
      existing: count === 0 ? 'none' : bulk ? 'scan' : 'lookup',
      existingLeads: count,
      encoding: o.encoding,
      delimiter: o.delimiter,
      sheet: o.sheet,
      overrides: o.overrides,
      country,
      rejectsFile: o.rejectsFile,
      batchRows: BATCH_ROWS,
    };
    const w = new Worker(new URL('./import-reader.js', import.meta.url), {
      workerData: ro,
      // a small heap, as the writer's: the reader's strings live for one batch; but a workbook's
      // shared strings (every distinct text of the sheet) are held for the whole read
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: looksLikeWorkbook(file) ? 2048 : 64 },
    });
    worker = w;
    progress?.start(size);

    /** A merged-away lead is found by its old phone or email: the lead it was merged into takes the row. */
    const followMerges = (lead: ImportedLead): ImportedLead => {
      let l = lead;
      for (let hops = 0; l.merged_into && hops < 10; hops++) {
        const next = importedLeadById(db, l.merged_into);
        if (!next) break;
        l = next;
      }
      return l;
    };

    const handleRows = (text: string, n: number) => {
      const f = text.split(SEP);
      if (seq + n > leadOfRow.length) {
        const bigger = new Int32Array(Math.max(leadOfRow.length * 2, seq + n));
        bigger.set(leadOfRow);
        leadOfRow = bigger;
      }
      for (let k = 0; k < n; k++) {
        const b = k * NF;
        const line = Number(f[b + W.line]);
        const sup = f[b + W.suppressed];
        r.read++;
        if (sup) r.suppressed++;
        if (f[b + W.phone_valid] === '0') r.phones_kept_as_written++;
        const cands = f[b + W.candidates];
        let sharesWith: number | null = null;
        if (cands !== '') {
          // a phone or email seen before: the same person, or another one sharing it
          const ids = new Set<number>();
          for (const ref of cands.split(',')) {
            const x = Number(ref);
            ids.add(x > 0 ? x : leadOfRow[-x - 1]);
          }
          const pending = writer.pendingFrom();
          for (const id of ids) if (id >= pending) writer.flush();
          const leads = new Map<number, ImportedLead>();
          for (const id of ids) {
            const l = importedLeadById(db, id);
            if (l) leads.set(l.id, l);
          }
          const row = rowAt(f, b);
          const d = decide(row, [...leads.values()] as LeadKeys[]);
          if ('same' in d) {
            const lead = followMerges(leads.get(d.same)!);
            leadOfRow[seq++] = lead.id;
            r.duplicates++;
            const inDb = lead.id < firstNew;
            if (inDb) r.duplicates_in_db++;
            else r.duplicates_in_file++;
            if (r.preview.length < PREVIEW * 3) r.preview.push({ line, kind: 'repeat', name: nameOf(row), lead: lead.id });
            const changes = repeatChanges(lead as unknown as Record<string, unknown> & { extra: string | null }, { ...row, source: o.source ?? row.source, list: o.list ?? row.list }, o.onDuplicate);
            const fields = Object.keys(changes).filter((c) => !/_(e164|ext|valid|norm|key)$/.test(c));
            if (Object.keys(changes).length) {
              if (lead.id >= writer.pendingFrom()) writer.flush();
              setLeadColumns(db, lead.id, changes, at);
              if (inDb) r.updated++;
            }
            // the import touch: on a lead this file changed, or that gets a note it did not have
            const newNote = row.notes !== null && !hasImportNote(db, lead.id, row.notes, writer);
            if ((inDb && fields.length) || newNote) {
              // what each column was and became: `leads imports undo` puts back what is unchanged since
              const data = fields.length ? { changed: fields, line, ...(inDb ? beforeAfter(lead, changes) : {}) } : null;
              writer.touch(lead.id, newNote ? row.notes : null, data ? JSON.stringify(data) : null);
            }
            continue;
          }
          sharesWith = d.sharesWith === null ? null : followMerges(leads.get(d.sharesWith)!).id;
          if (sharesWith !== null) {
            r.shared++;
            if (r.preview.length < PREVIEW * 3) r.preview.push({ line, kind: 'shared', name: nameOf(row), lead: sharesWith });
          }
        }
        const id = nextId++;
        leadOfRow[seq++] = id;
        r.inserted++;
        if (o.dryRun && sharesWith === null && r.preview.filter((p) => p.kind === 'new').length < PREVIEW) {
          r.preview.push({ line, kind: 'new', name: nameOf(rowAt(f, b)) });
        }
        const v = (i: number) => (f[b + i] === '' ? null : f[b + i]);
        const forget = sup === 'forget' ? 1 : 0;
        writer.lead(
          [
          id,
          v(W.first_name),
          v(W.last_name),
          v(W.company),
          v(W.title),
          v(W.phone),
          v(W.phone_e164),
          v(W.phone_ext),
          f[b + W.phone_valid] === '' ? null : f[b + W.phone_valid] === '1' ? 1 : 0,
          v(W.mobile),
          v(W.mobile_e164),
          v(W.email),
          v(W.email_norm),
          v(W.street),
          v(W.city),
          v(W.region),
          v(W.postal_code),
          v(W.country),
          v(W.other_phones),
          v(W.name_key),
          v(W.extra),
          o.source ?? v(W.source),
          o.list ?? v(W.list),
          sharesWith,
        ],
          sup ? { call: 1, email: forget, mail: forget } : undefined,
        );
        writer.touch(id, v(W.notes), null);
      }
    };

    const done = await new Promise<{ sha256: string }>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      w.on('message', (m: ReaderMessage) => {
        if (failed) return;
        try {
          if (m.type === 'start') {
            r.format = m.format;
            r.encoding = m.encoding;
            r.delimiter = m.delimiter;
            r.sheet = m.sheet;
            r.mapped = m.mapped;
            r.candidates = m.candidates;
            r.unmapped = m.unmapped;
            r.renamed = m.renamed;
          } else if (m.type === 'rows') {
            handleRows(m.text, m.n);
            judgeIndexes(m.bytes);
            r.blank += m.blank;
            r.rejected += m.rejects.length;
            r.read += m.rejects.length;
            for (const x of m.rejects) if (r.rejects.length < 1000) r.rejects.push(x);
            w.postMessage({ type: 'ack' });
            progress?.update(m.bytes, r.read);
          } else if (m.type === 'done') {
            resolve({ sha256: m.sha256 });
          } else if (m.type === 'error') {
            fail(m.usage ? new UsageError(`${file}: ${m.message}`) : new RunError(`${file}: ${m.message}`));
          }
        } catch (e) {
          fail(e as Error);
        }
      });
      w.on('error', (e) => fail(new RunError(`${file}: ${e.message}`)));
      w.on('exit', (code) => fail(new RunError(`${file}: the reader stopped (exit ${code})`)));
    });
    writer.flush();
    progress?.stop();
    execAll(db, dropped);
    execAll(db, triggers);
    r.sha256 = done.sha256;
    const earlier = earlierImportOf(db, done.sha256, importId);
    r.earlier = earlier ? { id: earlier.id, started_at: earlier.started_at, file: earlier.file } : null;
    finishImportRecord(db, importId, {
      sha256: done.sha256,
      finished_at: toIso(new Date(Math.max(Date.now(), now.getTime()))),
      read: r.read,
      inserted: r.inserted,
      duplicates: r.duplicates,
      updated: r.updated,
      rejected: r.rejected,
      unmapped: r.unmapped,
    });
    r.preview.sort((a, b) => a.line - b.line);
    endImportTransaction(db, !o.dryRun);
    await w.terminate();
    return r;
  } catch (e) {
    progress?.stop();
    endImportTransaction(db, false);
    await worker?.terminate();
    throw e;
  }
}

/** The columns an import changes on a lead, as they were and as they became (name_key follows the names). */
function beforeAfter(lead: ImportedLead, changes: Record<string, unknown>) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [c, v] of Object.entries(changes)) {
    if (c === 'name_key') continue;
    before[c] = (lead as unknown as Record<string, unknown>)[c] ?? null;
    after[c] = v;
  }
  return { before, after };
}

/** Whether the file will be read as an Excel workbook (its first bytes and name). */
function looksLikeWorkbook(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    return isWorkbook(head.subarray(0, readSync(fd, head, 0, head.length, 0)), file);
  } finally {
    closeSync(fd);
  }
}

/** Whether the lead already has this note from an import (so a file imported again adds none). */
function hasImportNote(db: DB, leadId: number, note: string, writer: LeadWriter): boolean {
  return writer.hasPendingTouch(leadId, note) || importNoteExists(db, leadId, note);
}

function nameOf(row: { first_name: string | null; last_name: string | null; company: string | null; email: string | null; phone: string | null }): string {
  const n = [row.first_name, row.last_name].filter(Boolean).join(' ');
  return n || row.company || row.email || row.phone || '';
}
