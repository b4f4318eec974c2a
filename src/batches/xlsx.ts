// An Excel workbook of one sheet, for the files a person opens in a spreadsheet: a CSV
// opened there loses the leading zeros of ZIP codes and phones and turns a street `12/3`
// into a date, where a workbook's text cells stay text. Streamed by exceljs's writer, a row
// at a time (memory stays flat for a million leads), into a new private file. Only that
// writer of exceljs is loaded (the whole package takes twice as long), and only here, when
// a workbook is written.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { stream } from 'exceljs';
import { RunError } from '../core/errors.js';
import { exists, NameTaken, startNewFile, whyFileFailed, type NewFile } from '../disk/files.js';

export interface SheetColumn {
  header: string;
  /** a text column (phones, postal codes, streets): its cells are formatted as text, so what is typed there stays text too */
  text?: boolean;
}

type Cell = string | number | boolean | null | undefined;

let writer: typeof stream.xlsx.WorkbookWriter | undefined;

/** exceljs's streaming workbook writer, loaded on first use (a batch's worker loads it ahead). */
export function workbookWriter(): typeof stream.xlsx.WorkbookWriter {
  return (writer ??= createRequire(import.meta.url)('exceljs/lib/stream/xlsx/workbook-writer.js') as typeof stream.xlsx.WorkbookWriter);
}

/** Rows added before the sheet's compression is let catch up. */
const ROWS_PER_STEP = 1000;
/** What may wait uncompressed behind the sheet: exceljs passes its rows on without waiting. */
const BACKLOG = 4 * 1024 * 1024;

/**
 * Writes the rows under a header row into a new file (0600, never over an existing file or
 * link; named in messages as `shown`), whole or not at all: it is written under a partial
 * name beside its own and named only once complete; a full disk, a file size limit or a
 * signal leaves nothing. Memory stays flat: every few rows the writer waits for the
 * compression to catch up. Returns the rows written.
 */
export async function writeXlsx(path: string, sheetName: string, columns: SheetColumn[], rows: Iterable<Cell[]>, shown = path): Promise<number> {
  const WorkbookWriter = workbookWriter();
  if (exists(path)) throw new RunError(`${shown} exists already; give a new file name (nothing is overwritten)`);
  let file: NewFile;
  try {
    file = startNewFile(path);
  } catch (e) {
    throw new RunError(`cannot create ${shown}: ${whyFileFailed(e)}`);
  }
  // each chunk the zip gives is written whole at once, or the write's error ends the book
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        file.write(chunk);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  // exceljs does not hear of its output's failure (a pipe does not say it back): wait on both
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  let n = 0;
  const write = async () => {
    const book = new WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = book.addWorksheet(sheetName);
    sheet.columns = columns.map((c, i) => ({
      header: c.header,
      key: String(i),
      width: Math.min(40, Math.max(10, c.header.length + 2)),
      ...(c.text ? { style: { numFmt: '@' } } : {}),
    }));
    for (const r of rows) {
      // an empty cell stays empty; anything else as it is (a string is a text cell, whatever its digits)
      sheet.addRow(r.map((v) => (v === null || v === undefined || v === '' ? null : v))).commit();
      if (++n % ROWS_PER_STEP === 0) await caughtUp(sheet);
    }
    sheet.commit();
    await book.commit();
    await finished(out);
  };
  try {
    await Promise.race([write(), failed]);
    file.finish();
  } catch (e) {
    out.destroy();
    file.discard();
    if (e instanceof RunError) throw e;
    if (e instanceof NameTaken) throw new RunError(`${shown} appeared while it was being written; it was left as it is and nothing was written to it`);
    throw new RunError(`cannot write ${shown}: ${whyFileFailed(e)}; no ${shown} was made`);
  }
  return n;
}

/** Waits until what the sheet has passed on to be compressed is under BACKLOG. */
async function caughtUp(sheet: object): Promise<void> {
  // the sheet's stream (exceljs's StreamBuf) writes to its pipe (archiver's PassThrough, of
  // readable-stream 2, which has no writableLength) without heeding a full one
  type Pipe = NodeJS.WritableStream & { writableLength?: number; _writableState?: { length: number } };
  const pipes = (sheet as { stream?: { pipes?: Pipe[] } }).stream?.pipes ?? [];
  const waiting = (p: Pipe) => p.writableLength ?? p._writableState?.length ?? 0;
  for (const p of pipes) while (waiting(p) > BACKLOG) await once(p, 'drain');
}
