// An Excel workbook of one sheet, for the files a person opens in a spreadsheet: a CSV
// opened there loses the leading zeros of ZIP codes and phones and turns a street `12/3`
// into a date, where a workbook's text cells stay text. Streamed by exceljs's writer, a row
// at a time (memory stays flat for a million leads), into a new private file. Only that
// writer of exceljs is loaded (the whole package takes twice as long), and only here, when
// a workbook is written.
import { createWriteStream, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { stream } from 'exceljs';
import { finished } from 'node:stream/promises';
import { RunError } from '../core/errors.js';

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

/**
 * Writes the rows under a header row into a new file (created 0600, never over an existing
 * file or link; named in messages as `shown`); a file left half-written by a failure is
 * removed. Returns the rows written.
 */
export async function writeXlsx(path: string, sheetName: string, columns: SheetColumn[], rows: Iterable<Cell[]>, shown = path): Promise<number> {
  const WorkbookWriter = workbookWriter();
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RunError(`${shown} exists already; give a new file name (nothing is overwritten)`);
    throw new RunError(`cannot create ${shown}: ${code ?? (e as Error).message}`);
  }
  let n = 0;
  try {
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
      n++;
    }
    sheet.commit();
    await book.commit();
    await finished(out);
  } catch (e) {
    out.destroy();
    rmSync(path, { force: true });
    throw e instanceof RunError ? e : new RunError(`cannot write ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return n;
}
