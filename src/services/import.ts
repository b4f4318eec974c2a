// `leads import`, from file to row. One file is one transaction: killed midway, the
// database is as before. The command calls importInWorker, which runs importFile in a
// writer thread of its own (import-writer.ts, a small heap); importFile runs three steps,
// each in its own module:
// 1. the reader (import-reader.ts, a worker thread) reads, parses and normalises the file
//    and sends its rows in batches, each row with the leads and earlier rows it shares a
//    phone or email with (core/import/wire.ts is their format); it writes --rejects;
// 2. the decider (core/import/decide.ts, pure) decides each row of a batch: new, repeat
//    (and what it changes), or new and sharing with another person; it counts, and keeps
//    the preview;
// 3. the sink (store/import-sink.ts) finds the leads a batch may be and writes the
//    decisions inside the one transaction, with what it sets aside while it loads.
import { Worker } from 'node:worker_threads';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DB } from '../store/db.js';
import { createPrivateFile } from '../store/db.js';
import { ImportSink } from '../store/import-sink.js';
import type { ImportRecord } from '../store/imports.js';
import { currentSettings } from '../store/settings.js';
import { countrySetting } from '../core/settings.js';
import { RunError, UsageError } from '../core/errors.js';
import type { OnDuplicate } from '../core/import/dedupe.js';
import { ImportDecider, emptyTally, knownLeadsMode, shouldSetIndexesAside, type ImportTally } from '../core/import/decide.js';
import { splitBatch, type ReaderMessage, type ReaderOptions } from '../core/import/wire.js';
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
  /** the folder the file names were typed in: they are read against it */
  cwd: string;
}

/** What an import did: the decider's counts and preview (`read` with the rejects), and how the file was read. */
export interface ImportResult extends ImportTally {
  file: string;
  import_id: number | null;
  rejected: number;
  country: string;
  blank: number;
  /** US ZIPs of 3-4 digits padded with their leading zeros */
  zips_padded: number;
  /** email cells that held no address: kept with the lead, not as its email */
  emails_not_addresses: number;
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
    // (a young generation of 4 MB: at 2 MB the scavenges cost the writer time, at 8 MB the
    // peak memory grows and the time does not fall; bench/README.md)
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
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

/** The size of a file to import; a missing path or a folder is a RunError naming it as typed. */
export function fileSize(file: string, cwd: string): number {
  try {
    const st = statSync(resolve(cwd, file));
    if (!st.isFile()) throw new RunError(`${file} is not a file`);
    return st.size;
  } catch (e) {
    if (e instanceof RunError) throw e;
    throw new RunError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

const BATCH_ROWS = 2048;

export async function importFile(
  db: DB,
  dbPath: string,
  file: string,
  o: ImportOptions,
  now: Date,
  progress?: Progress,
): Promise<ImportResult> {
  const size = fileSize(file, o.cwd);
  if (o.rejectsFile) createRejectsFile(o.rejectsFile, o.cwd);
  const country = o.country ?? countrySetting(currentSettings(db));
  const sink = new ImportSink(db, { file, started_at: toIso(now), source: o.source, list: o.list, cost_cents: o.costCents });
  try {
    const decider = new ImportDecider(sink.firstNewId, o.onDuplicate, o.dryRun);
    const r = emptyResult(file, o, country);
    let aside: boolean | undefined;
    progress?.start(size);
    r.sha256 = await readRows(file, readerOptions(file, dbPath, o, country, size, sink.leads), (m) => {
      if (m.type === 'start') return void Object.assign(r, headerFacts(m));
      const batch = splitBatch(m.text, m.n);
      const { ids, notesOf } = decider.leadsToFind(batch);
      sink.write(decider.decide(batch, sink.findCandidates(ids, notesOf)));
      const read = decider.tally.read + r.rejected;
      if (aside === undefined) {
        aside = shouldSetIndexesAside({ leads: sink.leads, fileBytes: size, bytesRead: m.bytes, read, inserted: decider.tally.inserted });
        if (aside) sink.setAside();
      }
      r.blank += m.blank;
      r.zips_padded += m.padded;
      r.emails_not_addresses += m.badEmails;
      r.rejected += m.rejects.length;
      for (const x of m.rejects) if (r.rejects.length < 1000) r.rejects.push(x);
      progress?.update(m.bytes, read + m.rejects.length);
    });
    progress?.stop();
    sink.restore();
    Object.assign(r, decider.tally, { read: decider.tally.read + r.rejected, import_id: o.dryRun ? null : sink.importId });
    const earlier = sink.finish({
      sha256: r.sha256,
      finished_at: toIso(new Date(Math.max(Date.now(), now.getTime()))),
      read: r.read,
      inserted: r.inserted,
      duplicates: r.duplicates,
      updated: r.updated,
      rejected: r.rejected,
      unmapped: r.unmapped,
    });
    r.earlier = earlier ? { id: earlier.id, started_at: earlier.started_at, file: earlier.file } : null;
    r.preview.sort((a, b) => a.line - b.line);
    sink.end(!o.dryRun);
    return r;
  } catch (e) {
    progress?.stop();
    sink.end(false);
    throw e;
  }
}

function emptyResult(file: string, o: ImportOptions, country: string): ImportResult {
  return {
    file,
    import_id: null,
    ...emptyTally(),
    rejected: 0,
    country,
    blank: 0,
    zips_padded: 0,
    emails_not_addresses: 0,
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
  };
}

/** --rejects names a new file, made now (owner-only), so that a mistake is told before anything is read. */
function createRejectsFile(path: string, cwd: string): void {
  try {
    createPrivateFile(resolve(cwd, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'EEXIST' ? `--rejects ${path} already exists; give a new file name` : `cannot create ${path}: ${(e as Error).message}`);
  }
}

function readerOptions(file: string, dbPath: string, o: ImportOptions, country: string, size: number, leads: number): ReaderOptions {
  return {
    file: resolve(o.cwd, file),
    dbPath,
    existing: knownLeadsMode(size, leads),
    existingLeads: leads,
    encoding: o.encoding,
    delimiter: o.delimiter,
    sheet: o.sheet,
    overrides: o.overrides,
    country,
    source: o.source,
    list: o.list,
    rejectsFile: o.rejectsFile === undefined ? undefined : resolve(o.cwd, o.rejectsFile),
    batchRows: BATCH_ROWS,
  };
}

/** What the reader found out about the file before its first row: how it was read and mapped. */
function headerFacts(m: Extract<ReaderMessage, { type: 'start' }>): Partial<ImportResult> {
  const { format, encoding, delimiter, sheet, mapped, candidates, unmapped, renamed } = m;
  return { format, encoding, delimiter, sheet, mapped, candidates, unmapped, renamed };
}

/**
 * Runs the reader thread over the file, handing its header and batches to `onMessage` (a
 * batch is acknowledged once handled: the reader keeps only a few in flight); resolves with
 * the file's SHA-256 once it is read to the end.
 */
async function readRows(file: string, ro: ReaderOptions, onMessage: (m: Extract<ReaderMessage, { type: 'start' | 'rows' }>) => void): Promise<string> {
  const w = new Worker(new URL('./import-reader.js', import.meta.url), {
    workerData: ro,
    // a small heap: the reader's strings live for one batch; but a workbook's shared strings
    // (every distinct text of the sheet) are held for the whole read
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: looksLikeWorkbook(ro.file) ? 2048 : 64 },
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      w.on('message', (m: ReaderMessage) => {
        if (failed) return;
        try {
          if (m.type === 'done') resolve(m.sha256);
          else if (m.type === 'error') fail(m.usage ? new UsageError(`${file}: ${m.message}`) : new RunError(`${file}: ${m.message}`));
          else {
            onMessage(m);
            if (m.type === 'rows') w.postMessage({ type: 'ack' });
          }
        } catch (e) {
          fail(e as Error);
        }
      });
      w.on('error', (e) => fail(new RunError(`${file}: ${e.message}`)));
      w.on('exit', (code) => fail(new RunError(`${file}: the reader stopped (exit ${code})`)));
    });
  } finally {
    await w.terminate();
  }
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

