// `leads import`, from file to row, in one thread and over one connection; one file is one
// transaction: killed midway, the database is as before. Three steps, each in its module:
// 1. the reader (import-reader.ts) checks the file and maps its header (`ImportFile.open`,
//    before any database is opened), then reads it in batches of rows made leads, writing
//    --rejects (import-rejects.ts);
// 2. the decider (core/import/decide.ts, pure) decides each row of a batch: new, repeat
//    (and what it changes), or new and sharing with another person; it counts, and keeps
//    the preview;
// 3. the sink (store/import-sink.ts) holds the transaction, finds the leads a batch may be,
//    and writes the decisions, with what it sets aside while it loads.
import { openDatabase, type DB } from '../store/db.js';
import { ImportSink } from '../store/import-sink.js';
import type { ImportRecord } from '../store/imports.js';
import { currentSettings } from '../store/settings.js';
import { countrySetting } from '../core/settings.js';
import { RunError } from '../core/errors.js';
import type { OnDuplicate } from '../core/import/dedupe.js';
import { BYTES_PER_ROW, ImportDecider, emptyTally, knownLeadsMode, shouldSetIndexesAside, type ImportTally, type RowToDecide } from '../core/import/decide.js';
import type { ImportRow } from '../core/import/row.js';
import { suppressionPhone } from '../core/suppress.js';
import { otherPhones } from '../core/lead.js';
import { phoneCountry } from '../core/country.js';
import { toIso } from '../core/dates.js';
import { ImportFile, type FileFacts, type ReadOptions, type Reject } from './import-reader.js';
import { RejectsFile } from './import-rejects.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type { ImportFile, ReadOptions } from './import-reader.js';

export interface ImportOptions {
  source: string | null;
  list: string | null;
  costCents: number | null;
  /** the new leads came to us by themselves (a web form's export): first in the queue while fresh */
  inbound?: boolean;
  country?: string;
  onDuplicate: OnDuplicate;
  dryRun: boolean;
}

/** What an import did: the decider's counts and preview (`read` with the rejects), and how the file was read. */
export interface ImportResult extends ImportTally, FileFacts {
  file: string;
  import_id: number | null;
  rejected: number;
  country: string;
  blank: number;
  /** US ZIPs of 3-4 digits padded with their leading zeros */
  zips_padded: number;
  /** email cells that held no address: kept with the lead, not as its email */
  emails_not_addresses: number;
  rejects: Reject[];
  sha256: string;
  earlier: Pick<ImportRecord, 'id' | 'started_at' | 'file'> | null;
  dry_run: boolean;
}

export interface Progress {
  start(totalBytes: number): void;
  update(bytes: number, rows: number): void;
  stop(): void;
}

/** Rejects kept in the result to show (all of them go to --rejects). */
const REJECTS_SHOWN = 1000;

/**
 * Imports one opened file into the database in one transaction, and closes it. A file that
 * yields no lead and no repeat is a RunError saying why; an import that added and changed
 * nothing leaves no record (its counts are still returned). `saved` hears of a recorded
 * import as soon as it is committed, before the file is closed: a signal from then on must
 * not be told that nothing was saved.
 */
export async function importFile(db: DB, file: ImportFile, o: ImportOptions, now: Date, progress?: Progress, saved?: (importId: number) => void): Promise<ImportResult> {
  let ok = false;
  let result: ImportResult;
  try {
    result = await importInto(db, file, o, now, progress);
    if (result.import_id !== null) saved?.(result.import_id);
    // a file that gave no row to decide was read whole: its --rejects file is whole too
    ok = true;
  } finally {
    progress?.stop();
    await file.close(ok);
  }
  if (result.read === result.rejected) throw new RunError(`${file.name}: ${nothingRead(result, file.rejectsName)}`);
  return result;
}

async function importInto(db: DB, file: ImportFile, o: ImportOptions, now: Date, progress?: Progress): Promise<ImportResult> {
  const country = o.country ?? countrySetting(currentSettings(db));
  const sink = new ImportSink(db, { file: file.name, started_at: toIso(now), source: o.source, list: o.list, cost_cents: o.costCents, inbound: o.inbound });
  const r: ImportResult = {
    file: file.name,
    import_id: null,
    ...emptyTally(),
    ...file.facts,
    rejected: 0,
    country,
    blank: 0,
    zips_padded: 0,
    emails_not_addresses: 0,
    rejects: [],
    sha256: file.sha256,
    earlier: null,
    dry_run: o.dryRun,
  };
  try {
    const mode = knownLeadsMode(file.size, sink.leads);
    // about two keys a row (a phone and an email)
    const decider = new ImportDecider(sink.firstNewId, o.onDuplicate, o.dryRun, 2 * ((mode === 'scan' ? sink.leads : 0) + file.size / BYTES_PER_ROW));
    if (mode === 'scan') for (const lead of sink.everyLeadKeys()) decider.learn(lead);
    const findLeads = sink.findCandidates.bind(sink);
    let aside: boolean | undefined;
    progress?.start(file.size);
    for await (const batch of file.batches(country)) {
      const rows: RowToDecide[] = batch.rows.map(({ line, row }) => ({
        line,
        row,
        sharing: mode === 'lookup' ? sink.leadsSharing(row) : [],
        suppressed: sink.suppresses ? suppressionOf(sink, row, country) : '',
      }));
      sink.write(decider.decide(rows, findLeads));
      r.blank += batch.blank;
      r.zips_padded += batch.padded;
      r.emails_not_addresses += batch.badEmails;
      r.rejected += batch.rejects.length;
      for (const x of batch.rejects) if (r.rejects.length < REJECTS_SHOWN) r.rejects.push(x);
      const read = decider.tally.read + r.rejected;
      if (aside === undefined) {
        aside = shouldSetIndexesAside({ leads: sink.leads, fileBytes: file.size, bytesRead: batch.bytes, read, inserted: decider.tally.inserted });
        if (aside) sink.setAside();
      }
      progress?.update(batch.bytes, read);
      // a turn of the event loop between batches: Ctrl-C is heard, the progress bar drawn
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    Object.assign(r, decider.tally, { read: decider.tally.read + r.rejected });
    sink.restore();
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
    // an import that added and changed nothing is no import to record
    const keep = !o.dryRun && sink.changed;
    if (keep) r.import_id = sink.importId;
    sink.end(keep);
    return r;
  } catch (e) {
    sink.end(false);
    throw e;
  }
}

/** Why a file gave no row to decide: header only, or every row rejected (the first reason, and where the others are). */
function nothingRead(r: ImportResult, rejectsFile: string | null): string {
  if (!r.rejected) return 'a header line and no rows: nothing imported';
  const first = r.rejects[0];
  const row = r.format === 'vcard' ? 'card' : 'row';
  const all = r.rejected === 1 ? `its one ${row} was rejected` : `all ${r.rejected.toLocaleString('en-US')} ${row}s were rejected`;
  const where = rejectsFile === null ? '' : `; ${rejectsFile} lists ${r.rejected === 1 ? 'it' : 'them'}`;
  return `${all} (line ${first.line}: ${first.reason}${r.rejected > 1 ? ', ...' : ''}); nothing imported${where}`;
}

/**
 * The suppression a row matches ('' when none): `forget` wins over `registry`. Its further
 * phones count too: a forgotten person's home number must not bring her back.
 */
function suppressionOf(sink: ImportSink, row: ImportRow, country: string): string {
  let sup = '';
  // a number not valid where the row is has no E.164: it is suppressed by its digits as written
  const at = phoneCountry(row.country, country);
  const further = row.other_phones ? otherPhones(row).map((p) => suppressionPhone(p.number, at)) : [];
  for (const [kind, v] of [
    ['phone', row.phone_e164 ?? (row.phone && suppressionPhone(row.phone, at))],
    ['phone', row.mobile_e164 ?? (row.mobile && suppressionPhone(row.mobile, at))],
    ['email', row.email_norm],
    ...further.map((e) => ['phone', e] as const),
  ] as const) {
    if (!v) continue;
    const reason = sink.suppression(kind, v);
    if (reason && (sup === '' || reason === 'forget')) sup = reason;
  }
  return sup;
}

/**
 * Opens a file to import and makes its --rejects file (see ImportFile.open): every check of
 * the file and of --rejects, before any database is opened or made.
 */
export async function openImportFile(name: string, cwd: string, o: ReadOptions, rejects?: string): Promise<ImportFile> {
  const file = await ImportFile.open(name, cwd, o);
  if (rejects === undefined) return file;
  try {
    file.writeRejectsTo(new RejectsFile(rejects, cwd));
  } catch (e) {
    await file.close(false);
    throw e;
  }
  return file;
}

/**
 * Where a dry run reads: the database, or, where there is none yet (null here), an empty one
 * in a temporary folder that `done()` removes: a preview makes no database of the user's.
 */
export function dryRunDatabase(dbPath: string): { db(): DB; done(): void } | null {
  if (existsSync(dbPath)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'leads-dry-run-'));
  let db: DB | undefined;
  return {
    db: () => (db ??= openDatabase(join(dir, 'leads.db'))),
    done: () => {
      db?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// an import that saved nothing (every file refused, or Ctrl-C before a file was saved)
// leaves no new database behind
export { dropUnusedDatabase } from '../store/db.js';
