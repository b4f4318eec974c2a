// leads import FILE...: register prospects from CSV files, one transaction per file.
import type { Context } from '../cli/context.js';
import type { ImportOptions } from './import.def.js';
import { printJson, printPairs } from '../cli/output.js';
import { RunError, UsageError } from '../core/errors.js';
import type { ImportResult, Progress } from '../services/import.js';
import { progressBar } from '../cli/progress.js';
import { ENDING_SIGNALS, type EndingSignal } from '../cli/interrupt.js';
import { IMPORT_FIELDS, mapField, type ImportField } from '../core/import/headers.js';
import { encodingName, encodingOf, type Encoding } from '../core/import/text.js';
import { countryCode } from '../core/country.js';
import { oneLine } from '../core/lead.js';

/** The database a run opens (the store's type, reached through the context as commands do). */
type DB = ReturnType<Context['db']>;

/** Files from this size get a progress bar on a terminal: a few thousand rows. */
const PROGRESS_BYTES = 512 * 1024;

function parseCost(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) throw new UsageError('--cost must be an amount such as 250 or 249.90');
  return Math.round(Number(t) * 100);
}

function parseMaps(values: string[] | undefined): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`--map takes FIELD=HEADER, e.g. --map phone="Direct Dial", not ${JSON.stringify(v)}`);
    const name = v.slice(0, eq).trim();
    const field = mapField(name);
    if (!field) throw new UsageError(`--map ${name}=...: ${name} is not a field; the fields are ${IMPORT_FIELDS.join(', ')}`);
    out[field] = v.slice(eq + 1);
  }
  return out;
}

function parseEncoding(text: string | undefined): Encoding | undefined {
  if (text === undefined) return undefined;
  const encoding = encodingOf(text);
  if (!encoding) throw new UsageError(`--encoding ${text} is not one leads reads: utf-8, utf-16le, utf-16be, windows-1252, shift_jis, iso-8859-2, ...`);
  return encoding;
}

function parseDelimiter(t: string | undefined): string | undefined {
  if (t === undefined) return undefined;
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };
  const d = named[t.toLowerCase()] ?? t;
  if (d.length !== 1 || /["\r\n]/.test(d)) throw new UsageError('--delimiter must be one character: , ; | or tab');
  return d;
}

export default async function importCommand(ctx: Context, opts: ImportOptions): Promise<void> {
  const files = opts.file;
  const costCents = parseCost(opts.cost);
  const overrides = parseMaps(opts.map);
  const delimiter = parseDelimiter(opts.delimiter);
  const encoding = parseEncoding(opts.encoding);
  // read as the file's own country column is (a code or a name: `DE`, `UK`, `Germany`)
  const country = opts.country === undefined ? undefined : countryCode(opts.country) ?? undefined;
  if (opts.country !== undefined && !country) throw new UsageError('--country must name a country: a two-letter code such as US, or its name');
  if (opts.rejects && files.length > 1) throw new UsageError('--rejects takes one file to import at a time');
  const { dropUnusedDatabase, dryRunDatabase, importFile, openImportFile } = await import('../services/import.js');
  const reading = {
    // contact fields are one line, the source and list given here too
    source: opts.source === undefined ? null : oneLine(opts.source),
    list: opts.list === undefined ? null : oneLine(opts.list),
    overrides,
    delimiter,
    encoding,
    sheet: opts.sheet,
  };
  const options = {
    source: reading.source,
    list: reading.list,
    costCents,
    inbound: opts.inbound === true,
    country,
    onDuplicate: opts.onDuplicate,
    dryRun: Boolean(opts.dryRun),
  };
  // a dry run where there is no database yet previews against an empty one, made apart
  const scratch = opts.dryRun ? dryRunDatabase(ctx.dbPath) : null;
  const results: ImportResult[] = [];
  let db: DB | undefined;
  // a database this import made and saved nothing into is not kept: at the end, or on
  // Ctrl-C (which ends the run through process.exit)
  const dropUnused = () => {
    if (db && !results.some((r) => r.import_id !== null) && dropUnusedDatabase(db)) {
      ctx.io.err(`leads: nothing was imported, so no database was kept at ${ctx.dbPath}`);
    }
  };
  if (!scratch) process.once('exit', dropUnused);
  try {
    const failures: string[] = [];
    for (const name of files) {
      try {
        // the file is checked, and its header mapped, before the database is opened or made
        const file = await openImportFile(name, ctx.cwd, reading, opts.rejects);
        let target: DB;
        try {
          target = scratch ? scratch.db() : (db = ctx.db({ create: true }));
        } catch (e) {
          // no database to import into (a full disk, another program's file): the list is let go, its --rejects file removed
          await file.close(false);
          throw e;
        }
        // each file is one transaction, which the process ending rolls back
        // a file that brought nothing new made no import: it is not among those saved
        const before = results.filter((r) => r.import_id !== null).length;
        const earlier = before === 1 ? 'the file imported before it is saved' : `the ${before} files imported before it are saved`;
        ctx.whenInterrupted(() => (before ? `nothing of this import of ${name} was saved; ${earlier}` : 'nothing of this import was saved'));
        let progress: Progress | undefined;
        if (ctx.io.stderr.isTTY && !opts.json) progress = progressBar(ctx.io.stderr, name, PROGRESS_BYTES);
        // a signal's line takes the bar's place, not the end of it
        const clearBar = () => progress?.stop();
        for (const signal of Object.keys(ENDING_SIGNALS) as EndingSignal[]) process.prependListener(signal, clearBar);
        try {
          const kept = before ? `; ${earlier} too` : '';
          results.push(await importFile(target, file, options, ctx.now(), progress, (id) => ctx.whenInterrupted(() => `the import of ${name} is saved (import ${id})${kept}`)));
        } finally {
          for (const signal of Object.keys(ENDING_SIGNALS) as EndingSignal[]) process.removeListener(signal, clearBar);
        }
      } catch (e) {
        // a usage error is the same for every file: stop at once
        if (e instanceof UsageError || files.length === 1) throw e;
        failures.push((e as Error).message);
        ctx.io.err(`leads: ${(e as Error).message}`);
      }
    }
    if (opts.json) printJson(ctx.io, jsonOf(results));
    else for (const r of results) printResult(ctx, r, results.length > 1);
    if (failures.length) throw new RunError(`${failures.length} of ${files.length} files not imported`);
  } finally {
    scratch?.done();
    process.removeListener('exit', dropUnused);
    dropUnused();
  }
}

const COUNTS = [
  'read', 'inserted', 'duplicates', 'duplicates_in_db', 'duplicates_in_file', 'updated', 'rejected', 'shared', 'suppressed',
  'phones_kept_as_written', 'zips_padded', 'emails_not_addresses',
] as const;

function fileJson(r: ImportResult) {
  return {
    file: r.file,
    import_id: r.import_id,
    ...Object.fromEntries(COUNTS.map((k) => [k, r[k]])),
    format: r.format,
    encoding: r.encoding,
    delimiter: r.delimiter,
    sheet: r.sheet,
    mapped: r.mapped,
    candidates: r.candidates,
    unmapped: r.unmapped,
    renamed: r.renamed,
    rejects: r.rejects,
    sha256: r.sha256,
    imported_before: r.earlier ? { import_id: r.earlier.id, at: r.earlier.started_at } : null,
    dry_run: r.dry_run,
    ...(r.dry_run ? { preview: r.preview } : {}),
  };
}

/** One file: its object. Several: the totals, with each file under `files`. */
function jsonOf(results: ImportResult[]) {
  if (results.length === 1) return fileJson(results[0]);
  const totals = Object.fromEntries(COUNTS.map((k) => [k, results.reduce((s, r) => s + r[k], 0)]));
  return { ...totals, files: results.map(fileJson) };
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function printResult(ctx: Context, r: ImportResult, several: boolean): void {
  const io = ctx.io;
  if (several) io.out(io.style.bold(r.file));
  if (r.dry_run) io.out(io.style.yellow('dry run: nothing was written'));
  const repeat =
    r.duplicates === 0 ? '0' : `${r.duplicates} (${r.duplicates_in_db} in the database, ${r.duplicates_in_file} within the file)`;
  printPairs(io, [
    ['read', String(r.read)],
    ['new', String(r.inserted)],
    ['repeat', repeat],
    ['updated', String(r.updated)],
    ['rejected', String(r.rejected)],
  ]);
  if (r.shared) io.out(`${r.shared} new lead${r.shared === 1 ? ' shares' : 's share'} a phone or email with another name: see leads list --duplicates`);
  if (r.phones_kept_as_written) {
    const n = r.phones_kept_as_written;
    io.out(
      `${n} phone${n === 1 ? '' : 's'} kept as written, to be dialled as written: not valid numbers in their row's country ` +
        `(its country column, else ${r.country}); --country?`,
    );
  }
  if (r.zips_padded) {
    const n = r.zips_padded;
    io.out(`${n} US ZIP${n === 1 ? '' : 's'} of 3-4 digits padded with the leading zeros a spreadsheet dropped (2110 → 02110); as written kept with the lead`);
  }
  if (r.emails_not_addresses) {
    const n = r.emails_not_addresses;
    io.out(`${n} email${n === 1 ? ' is' : 's are'} not an address (no name@domain): kept with the lead, not as its email; nothing is sent there`);
  }
  if (r.suppressed) io.out(`${r.suppressed} row${r.suppressed === 1 ? '' : 's'} matched the do-not-call registry or a forgotten person: kept out of the queue`);
  // each field with its columns in the order a row tries them
  const mapped = Object.entries(r.candidates)
    .map(([f, hs]) => (hs.length === 1 && f === hs[0] ? f : `${f}=${hs.join(' > ')}`))
    .join(', ');
  // a vCard's columns are the program's own, not the file's: nothing to check there
  if (r.format === 'vcard') io.out(io.style.dim('read as vCard: one lead a card'));
  else if (mapped) io.out(io.style.dim(`columns: ${mapped}`));
  if (r.unmapped.length && r.format !== 'vcard') io.out(io.style.dim(`kept with the leads: ${r.unmapped.join(', ')}`));
  for (const x of r.renamed) io.out(io.style.dim(`column ${x.column} ${JSON.stringify(x.from)} read as ${JSON.stringify(x.to)}`));
  if (r.sheet !== null) io.out(io.style.dim(`sheet: ${r.sheet}`));
  else if (r.encoding && r.encoding !== 'utf8') io.out(io.style.dim(`read as ${encodingName(r.encoding)}`));
  if (r.delimiter && r.delimiter !== ',') io.out(io.style.dim(`delimiter: ${DELIMITER_NAMES[r.delimiter] ?? r.delimiter}`));
  if (r.earlier && r.inserted === 0 && r.updated === 0) {
    io.out(`this file was imported before (import ${r.earlier.id}, ${r.earlier.started_at.slice(0, 10)}): nothing new`);
  } else if (r.earlier) io.out(`the same file as import ${r.earlier.id} (${r.earlier.started_at.slice(0, 10)})`);
  if (r.dry_run && r.preview.length) {
    io.out('');
    io.out('preview:');
    for (const p of r.preview) {
      const what = p.kind === 'new' ? 'new' : p.kind === 'repeat' ? `repeat of lead ${p.lead}` : `new, shares with lead ${p.lead}`;
      io.out(`  line ${p.line}\t${p.name}\t${what}`);
    }
  }
  // rejects: line and reason only, never the row's data
  const shown = r.rejects.slice(0, 20);
  for (const x of shown) io.err(`line ${x.line}: ${x.reason}`);
  if (r.rejected > shown.length) io.err(`... and ${r.rejected - shown.length} more rejected rows`);
}
