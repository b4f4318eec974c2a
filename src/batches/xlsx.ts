// An Excel workbook for the files a person opens in a spreadsheet: a CSV opened there loses
// the leading zeros of ZIP codes and phones and turns a street `12/3` into a date, where a
// workbook's text cells stay text. Written as it goes, a row at a time, through our own
// small zip writer (batches/zip.ts): exceljs's streaming writer takes no back-pressure and
// held a million leads' sheet in memory. Excel's limits are kept: a sheet holds at most
// 1,048,576 rows, so more rows go on in a further sheet (each with the header), and a cell
// at most 32,767 characters, so a longer text is cut there and counted.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RunError } from '../core/errors.js';
import { newOutputFile } from '../disk/files.js';
import { ZipTooLarge, ZipWriter } from './zip.js';

export interface SheetColumn {
  header: string;
  /** a text column (phones, postal codes, streets): its cells are formatted as text, so what is typed there stays text too */
  text?: boolean;
}

export type Cell = string | number | boolean | null | undefined;

export interface WorkbookWritten {
  /** rows written under the header rows */
  rows: number;
  /** the sheets' names, in order */
  sheets: string[];
  /** cells whose text was cut to Excel's 32,767 characters */
  cut: number;
}

/** Rows an Excel sheet holds, its header row among them. */
export const SHEET_ROWS = 1_048_576;
const CELL_CHARS = 32_767;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Cell styles (styles.xml's cellXfs): 0 general, 1 text, 2 the header (text, bold). */
const TEXT_STYLE = 1;
const HEADER_STYLE = 2;

/**
 * Writes the rows under a header row into a new file (0600, never over an existing file or
 * link; named in messages as `shown`), a further sheet (`Leads 2`, ...) each time one is
 * full; `sheetRows` is Excel's limit but for tests. Whole or not at all: written under a
 * partial name beside its own and named only once complete, so a full disk, a file size
 * limit or a signal leaves nothing.
 */
export async function writeXlsx(
  path: string,
  sheetName: string,
  columns: SheetColumn[],
  rows: Iterable<Cell[]>,
  shown = path,
  sheetRows = SHEET_ROWS,
): Promise<WorkbookWritten> {
  const file = newOutputFile(path, shown);
  try {
    const written = await writeBook(new ZipWriter(file), sheetName, columns, rows, sheetRows);
    file.finish();
    return written;
  } catch (e) {
    file.discard();
    if (e instanceof ZipTooLarge) throw new RunError(`${shown} would pass the 4 GiB a workbook file can hold: export as CSV instead (nothing was written)`);
    throw e;
  }
}

/** The sheets, as many as the rows need (one at least, the header alone if no rows), then the parts that name them. */
async function writeBook(zip: ZipWriter, sheetName: string, columns: SheetColumn[], rows: Iterable<Cell[]>, sheetRows: number): Promise<WorkbookWritten> {
  const written: WorkbookWritten = { rows: 0, sheets: [], cut: 0 };
  const letters = columns.map((_, i) => columnLetters(i));
  const head = sheetHead(columns);
  let sheet: ReturnType<ZipWriter['entry']> | undefined;
  let line = 0;
  const startSheet = () => {
    written.sheets.push(written.sheets.length ? `${sheetName} ${written.sheets.length + 1}` : sheetName);
    sheet = zip.entry(`xl/worksheets/sheet${written.sheets.length}.xml`);
    sheet.write(head);
    line = 1;
  };
  startSheet();
  for (const row of rows) {
    if (line === sheetRows) {
      sheet!.write(SHEET_END);
      sheet!.end();
      startSheet();
    }
    line++;
    let xml = `<row r="${line}">`;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (v === null || v === undefined || v === '') continue;
      const at = `${letters[i]}${line}`;
      if (typeof v === 'boolean') xml += `<c r="${at}" t="b"><v>${v ? 1 : 0}</v></c>`;
      else if (typeof v === 'number' && Number.isFinite(v)) xml += `<c r="${at}"><v>${v}</v></c>`;
      else {
        const text = String(v);
        if (text.length > CELL_CHARS) written.cut++;
        xml += textCell(at, text.length > CELL_CHARS ? cutAt(text, CELL_CHARS) : text, TEXT_STYLE);
      }
    }
    written.rows++;
    // a piece written: let a Ctrl-C in
    if (sheet!.write(`${xml}</row>`)) await nextTurn();
  }
  sheet!.write(SHEET_END);
  sheet!.end();
  writeParts(zip, written.sheets);
  zip.finish();
  return written;
}

const SHEET_END = '</sheetData></worksheet>';

/** A sheet's start: the header row frozen at the top, column widths, text columns formatted as text, the header row. */
function sheetHead(columns: SheetColumn[]): string {
  const cols = columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(40, Math.max(10, c.header.length + 2))}" customWidth="1"${c.text ? ` style="${TEXT_STYLE}"` : ''}/>`)
    .join('');
  const header = columns.map((c, i) => textCell(`${columnLetters(i)}1`, c.header, HEADER_STYLE)).join('');
  return (
    `${DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData><row r="1">${header}</row>`
  );
}

/** The first `n` UTF-16 units of `text`, one fewer where the cut would split a character in two. */
function cutAt(text: string, n: number): string {
  const high = text.charCodeAt(n - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? n - 1 : n);
}

/** A text cell held in the sheet itself: always a string, never a formula, whatever it starts with. */
function textCell(at: string, text: string, style: number): string {
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${at}" s="${style}" t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

// What XML cannot hold as it is: markup characters; control characters and carriage returns
// (written as Excel's `_xHHHH_` escape); a literal `_xHHHH_` (its `_` escaped, so Excel
// shows it as typed); lone surrogates and the two non-characters (the replacement character).
const NOT_AS_IS = /[&<>\u0000-\u0008\u000B-\u001F]|_x[0-9A-Fa-f]{4}_|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;

/** Text as XML character data that Excel reads back as the same text. */
export function xmlText(text: string): string {
  return text.replace(NOT_AS_IS, (m) => {
    if (m === '&') return '&amp;';
    if (m === '<') return '&lt;';
    if (m === '>') return '&gt;';
    if (m.length > 1) return `_x005F${m}`;
    const code = m.charCodeAt(0);
    if (code >= 0xd800) return '\uFFFD';
    return `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`;
  });
}

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The workbook, its styles and the package's parts naming them. */
function writeParts(zip: ZipWriter, sheets: string[]): void {
  const numbers = sheets.map((_, i) => i + 1);
  zip.add(
    'xl/workbook.xml',
    `${DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><bookViews><workbookView/></bookViews><sheets>` +
      sheets.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  zip.add(
    'xl/_rels/workbook.xml.rels',
    `${DECLARATION}<Relationships xmlns="${PACKAGE_RELS}">` +
      numbers.map((n) => `<Relationship Id="rId${n}" Type="${RELS}/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${RELS}/styles" Target="styles.xml"/></Relationships>`,
  );
  zip.add('xl/styles.xml', STYLES);
  zip.add(
    '_rels/.rels',
    `${DECLARATION}<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const sml = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  zip.add(
    '[Content_Types].xml',
    `${DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${sml}.sheet.main+xml"/>` +
      numbers.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${sml}.worksheet+xml"/>`).join('') +
      `<Override PartName="/xl/styles.xml" ContentType="${sml}.styles+xml"/></Types>`,
  );
}

// number format 49 is the built-in `@` (text)
const STYLES =
  `${DECLARATION}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
