// The rows of an Excel workbook's sheet, for the import's reader: streamed by exceljs's
// WorkbookReader (a sheet of a million rows never sits in memory), each cell as the sheet
// shows it (core/import/sheet-cell.ts). exceljs is loaded here only, when a workbook is read.
import type { SheetValue } from '../core/import/sheet-cell.js';
import { cellText } from '../core/import/sheet-cell.js';

export interface WorkbookRow {
  cells: string[];
  line: number;
}

export class NoSuchSheet extends Error {}

/**
 * Rows of the first sheet, or of the one named `sheet`, with their row number as `line`.
 * Calls `onSheet` with the sheet's name before the first row. Throws NoSuchSheet naming the
 * workbook's sheets when none has that name.
 */
export async function* workbookRows(file: string, sheet: string | undefined, onSheet: (name: string) => void): AsyncGenerator<WorkbookRow> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const names: string[] = [];
  for await (const ws of reader) {
    const name = (ws as unknown as { name: string }).name;
    names.push(name);
    if (sheet !== undefined ? name.toLowerCase() !== sheet.toLowerCase() : names.length > 1) {
      // read past it: the stream holds the sheets in order
      for await (const _ of ws) void _;
      continue;
    }
    onSheet(name);
    for await (const row of ws) {
      const cells: string[] = [];
      for (let i = 1; i <= row.cellCount; i++) {
        const c = row.getCell(i);
        cells.push(cellText(c.value as SheetValue, c.numFmt));
      }
      yield { cells, line: row.number };
    }
    return;
  }
  if (sheet === undefined) throw new Error('it has no sheet');
  throw new NoSuchSheet(`--sheet ${sheet}: the workbook has no sheet of that name; its sheets are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
}
