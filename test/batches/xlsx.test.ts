// The workbook writer read back by a spreadsheet library: Excel's sheet and cell limits
// kept, and every text coming back as it was written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { columnLetters, writeXlsx, type Cell } from '../../dist/batches/xlsx.js';
import { tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace({ database: false });
});
afterEach(() => ws.cleanup());

const columns = [{ header: 'id' }, { header: 'name', text: true }];

async function readBack(path: string) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book.worksheets.map((s) => ({ name: s.name, rows: s.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1)) }));
}

describe('writeXlsx: a sheet holds what Excel holds, the rest on further sheets', () => {
  // a sheet of 3 rows (Excel's is 1,048,576): the header and 2 rows
  it.each([
    [0, [['id', 'name']]],
    [2, [['id', 'name'], [1, 'n1'], [2, 'n2']]],
    [3, [['id', 'name'], [1, 'n1'], [2, 'n2']], [['id', 'name'], [3, 'n3']]],
    [5, [['id', 'name'], [1, 'n1'], [2, 'n2']], [['id', 'name'], [3, 'n3'], [4, 'n4']], [['id', 'name'], [5, 'n5']]],
  ] as [number, ...unknown[][][]][])('%i rows', async (n, ...sheets) => {
    const path = join(ws.dir, 'book.xlsx');
    const rows = Array.from({ length: n }, (_, i) => [i + 1, `n${i + 1}`]);
    const written = await writeXlsx(path, 'Leads', columns, rows, 'book.xlsx', 3);
    const names = sheets.map((_, i) => (i ? `Leads ${i + 1}` : 'Leads'));
    expect(written).toEqual({ rows: n, sheets: names, cut: 0 });
    expect(await readBack(path)).toEqual(sheets.map((rows, i) => ({ name: names[i], rows })));
  });
});

describe('writeXlsx: text comes back as written', () => {
  const lone = '\uD800';
  it.each([
    ['markup', '<b>Smith & Sons</b> "quoted" \'single\''],
    ['formula-looking', '=HYPERLINK("http://x")'],
    ['tab and line break', 'a\tb\nc'],
    ['edge spaces', '  Baker  '],
    ['accents, Greek, CJK, Arabic, emoji', 'Zürich Αθήνα 王伟 محمد 😀'],
  ])('%s', async (_, text) => {
    const path = join(ws.dir, 'book.xlsx');
    await writeXlsx(path, 'Leads', columns, [[1, text]]);
    const [sheet] = await readBack(path);
    expect(sheet.rows[1]).toEqual([1, text]);
  });

  // what XML cannot hold is written in Excel's own escape, `_xHHHH_` (ECMA-376's ST_Xstring),
  // which Excel and LibreOffice read back as the character; exceljs shows the escape as it is
  it.each([
    ['a control character', 'bell\u0007here', 'bell_x0007_here'],
    ['a carriage return', 'one\r\ntwo', 'one_x000D_\ntwo'],
    ['an escape typed as text (its _ escaped, so Excel shows it as typed; Excel reads only a lowercase x)', 'ref _x0041_ and _X00e9_', 'ref _x005F_x0041_ and _X00e9_'],
  ])('%s', async (_, text, stored) => {
    const path = join(ws.dir, 'book.xlsx');
    await writeXlsx(path, 'Leads', columns, [[1, text]]);
    expect((await readBack(path))[0].rows[1]).toEqual([1, stored]);
  });

  it('a lone surrogate (not text XML can hold) becomes the replacement character', async () => {
    const path = join(ws.dir, 'book.xlsx');
    await writeXlsx(path, 'Leads', columns, [[1, `a${lone}b`]]);
    expect((await readBack(path))[0].rows[1]).toEqual([1, 'a\uFFFDb']);
  });

  it('a text over 32,767 characters (the most a cell holds) is cut there and counted', async () => {
    const path = join(ws.dir, 'book.xlsx');
    // an emoji (two UTF-16 units) across the limit is left out whole, never cut in two
    const rows: Cell[][] = [[1, 'x'.repeat(40_000)], [2, 'y'.repeat(32_767)], [3, null], [4, true], [5, `${'z'.repeat(32_766)}😀`]];
    expect(await writeXlsx(path, 'Leads', columns, rows)).toEqual({ rows: 5, sheets: ['Leads'], cut: 2 });
    const [sheet] = await readBack(path);
    expect(sheet.rows.map((r) => (typeof r[1] === 'string' ? r[1].length : r[1]))).toEqual(['name'.length, 32_767, 32_767, undefined, true, 32_766]);
    expect(sheet.rows[5][1]).toBe('z'.repeat(32_766));
  });

  it('text cells and columns are formatted as text; numbers and flags are not', async () => {
    const path = join(ws.dir, 'book.xlsx');
    await writeXlsx(path, 'Leads', [...columns, { header: 'flag' }], [[7, '02139', false]]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.getWorksheet('Leads')!;
    expect([1, 2, 3].map((c) => sheet.getRow(2).getCell(c).numFmt ?? 'General')).toEqual(['General', '@', 'General']);
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(sheet.getRow(2).values).toEqual([undefined, 7, '02139', false]);
  });

  it('an existing file is never written over', async () => {
    const path = join(ws.dir, 'book.xlsx');
    await writeXlsx(path, 'Leads', columns, []);
    const before = readFileSync(path);
    await expect(writeXlsx(path, 'Leads', columns, [[1, 'x']], 'book.xlsx')).rejects.toThrow('book.xlsx exists already; give a new file name (nothing is overwritten)');
    expect(readFileSync(path)).toEqual(before);
    await expect(writeXlsx(join(ws.dir, 'no', 'b.xlsx'), 'Leads', columns, [], 'no/b.xlsx')).rejects.toThrow('cannot create no/b.xlsx: no such folder');
    expect(existsSync(join(ws.dir, 'no'))).toBe(false);
  });
});

describe('columnLetters', () => {
  it.each([
    [0, 'A'], [25, 'Z'], [26, 'AA'], [51, 'AZ'], [52, 'BA'], [701, 'ZZ'], [702, 'AAA'], [16_383, 'XFD'],
  ])('%i is %s', (i, letters) => expect(columnLetters(i)).toBe(letters));
});
