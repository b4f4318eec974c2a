// Taking erased leads out of a batch folder written before (`leads forget`): their records
// out of the CSV files, their events out of the calendar, their .eml files deleted, and the
// printed letters written again without them. Each file is replaced whole; what is not a
// batch's own file, or no longer reads as one, is named for the user to see to.
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { exists, replaceFile, whyFileFailed } from '../disk/files.js';
import { FILES, LETTER_FILES } from './write.js';

export interface FolderScrub {
  folder: string;
  /** the folder is not there any more (moved or deleted): nothing in it could be reached */
  gone: boolean;
  /** files the erased leads were taken out of, relative to the folder */
  changed: string[];
  /** files deleted: their .eml messages, or the printed letters when no letter is left */
  deleted: string[];
  /** files that could not be scrubbed, with the reason */
  failed: string[];
}

const CSV_FILES = [FILES.lettersCsv, FILES.needsAddress, FILES.emailsCsv, FILES.followUpsCsv];
const BOM = '\uFEFF';

/**
 * A batch CSV without the records of these leads (its `lead_id` column), or null when none of
 * them is in it. The records kept are the file's own text, line endings and all: csv-parse's
 * `raw` leaves out the `\n` of a `\r\n`, so each record is cut from the text where its raw starts.
 */
export function csvWithout(text: string, ids: Set<number>): string | null {
  const rows = parse(text, { bom: true, raw: true, relax_column_count: true }) as unknown as { record: string[]; raw: string }[];
  if (!rows.length) return null;
  const column = rows[0].record.indexOf('lead_id');
  if (column < 0) throw new Error('it has no lead_id column');
  const erased = (r: { record: string[] }) => ids.has(Number(r.record[column]));
  if (!rows.slice(1).some(erased)) return null;
  let at = text.startsWith(BOM) ? BOM.length : 0;
  let out = text.slice(0, at);
  for (const [i, r] of rows.entries()) {
    if (!text.startsWith(r.raw, at)) throw new Error('it no longer reads as a batch file');
    let end = at + r.raw.length;
    if (text[end - 1] === '\r' && text[end] === '\n') end++;
    if (i === 0 || !erased(r)) out += text.slice(at, end);
    at = end;
  }
  return out + text.slice(at);
}

/** A calendar without the events of these leads (their UIDs end `-LEAD@leads`), or null when none of them is in it. */
export function icsWithout(text: string, ids: Set<number>): string | null {
  const lines = text.split('\r\n');
  const out: string[] = [];
  let event: string[] | null = null;
  let dropped = false;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') event = [];
    if (!event) {
      out.push(line);
      continue;
    }
    event.push(line);
    if (line !== 'END:VEVENT') continue;
    const uid = /\r\nUID:[^\r\n]*-(\d+)@leads(?:\r\n|$)/.exec(`\r\n${event.join('\r\n').replace(/\r\n[ \t]/g, '')}`);
    if (uid && ids.has(Number(uid[1]))) dropped = true;
    else out.push(...event);
    event = null;
  }
  return dropped ? out.join('\r\n') : null;
}

/** The .eml files of these leads in the emails folder: `ID.eml`, or `ID-name.eml` as batches were once named. */
function emlFilesOf(folder: string, ids: Set<number>): string[] {
  let names: string[];
  try {
    names = readdirSync(join(folder, FILES.emailsDir));
  } catch {
    return [];
  }
  return names.filter((n) => ids.has(Number(/^(\d+)(?:-.*)?\.eml$/.exec(n)?.[1]))).map((n) => `${FILES.emailsDir}/${n}`);
}

/**
 * Takes the leads `ids` out of the batch folder. `rewriteLetters`, given when the batch printed
 * a letter to one of them, writes the batch's letters part again (from the database, which no
 * longer holds them) into a scratch folder and returns it, or returns null when no letter is
 * left to print. It is called on every try: a try that took them out of letters.csv but failed
 * to write the PDFs leaves nothing in the folder that would say the PDFs still hold them.
 */
export async function scrubBatchFolder(folder: string, ids: Set<number>, rewriteLetters: (() => Promise<{ dir: string; done(): void } | null>) | null): Promise<FolderScrub> {
  const r: FolderScrub = { folder, gone: !exists(folder), changed: [], deleted: [], failed: [] };
  if (r.gone) return r;
  const attempt = (name: string, work: () => void) => {
    try {
      work();
    } catch (e) {
      r.failed.push(`${name}: ${(e as NodeJS.ErrnoException).code ? whyFileFailed(e) : (e as Error).message}`);
    }
  };
  for (const name of CSV_FILES) {
    const path = join(folder, name);
    if (!exists(path)) continue;
    attempt(name, () => {
      const without = csvWithout(readFileSync(path, 'utf8'), ids);
      if (without === null) return;
      replaceFile(path, without);
      r.changed.push(name);
    });
  }
  const ics = join(folder, FILES.followUpsIcs);
  if (exists(ics)) {
    attempt(FILES.followUpsIcs, () => {
      const without = icsWithout(readFileSync(ics, 'utf8'), ids);
      if (without === null) return;
      replaceFile(ics, without);
      r.changed.push(FILES.followUpsIcs);
    });
  }
  for (const name of emlFilesOf(folder, ids)) {
    attempt(name, () => {
      rmSync(join(folder, name));
      r.deleted.push(name);
    });
  }
  if (rewriteLetters) await replaceLetters(folder, r, rewriteLetters);
  return r;
}

/** The printed letters (PDFs, and the letters CSV beside them) written again without the erased leads, or deleted when none is left. */
async function replaceLetters(folder: string, r: FolderScrub, rewriteLetters: () => Promise<{ dir: string; done(): void } | null>): Promise<void> {
  let fresh: { dir: string; done(): void } | null;
  try {
    fresh = await rewriteLetters();
  } catch (e) {
    const left = LETTER_FILES.filter((n) => n !== FILES.lettersCsv && exists(join(folder, n)));
    r.failed.push(`${left.join(', ')}: could not be written again without them (${(e as Error).message})`);
    return;
  }
  try {
    for (const name of LETTER_FILES) {
      const path = join(folder, name);
      if (fresh && exists(join(fresh.dir, name))) {
        renameSync(join(fresh.dir, name), path);
        if (!r.changed.includes(name)) r.changed.push(name);
      } else if (!fresh && name !== FILES.lettersCsv && exists(path)) {
        rmSync(path);
        r.deleted.push(name);
      }
    }
  } catch (e) {
    r.failed.push(`the printed letters: ${whyFileFailed(e)}`);
  } finally {
    fresh?.done();
  }
}
