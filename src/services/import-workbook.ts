// An Excel workbook's sheet as rows for the import's reader, read as a stream with caps:
// the zip's central directory says where each part is, each part is inflated as it is read
// (node:zlib) and parsed as it comes (saxes), so neither the sheet nor the file is ever
// whole in memory. Only the shared strings (every distinct text of the workbook, which
// cells name by number) are held, packed in one buffer, and capped. A row with a value
// past the last column read, or a cell longer than any field holds, is rejected with its
// line; a workbook over the caps is refused whole with the reason. Cells read as the
// sheet shows them (core/import/sheet-cell.ts).
import { closeSync, createReadStream, openSync, readSync, fstatSync } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { RunError, UsageError } from '../core/errors.js';
import { cellText, type SheetValue } from '../core/import/sheet-cell.js';
import { LONG_CAP } from '../core/import/row.js';

/** Columns a row may hold a value in (Outlook's widest export has under 100). */
export const MAX_COLUMNS = 1024;
/** Cells (`<c>` elements, empty ones included) a sheet may have: a million rows of 64 columns. */
export const MAX_CELLS = 64 * 1024 * 1024;
/** Distinct texts (shared strings) a workbook may hold, and their size in UTF-8. */
export const MAX_SHARED_STRINGS = 2_000_000;
export const MAX_SHARED_BYTES = 128 * 1024 * 1024;
/** The most a part other than a sheet or the shared strings may inflate to (the workbook, its styles). */
const MAX_PART_BYTES = 64 * 1024 * 1024;

const SAVE_AS_CSV = 'save the sheet as CSV (UTF-8) and import the .csv';

/** A row of the sheet (its line is its row number), or one rejected over a cap. */
export type SheetRead = { cells: string[]; line: number } | { rejected: number; reason: string; cells: null };

/** An element as saxes gives it without namespaces. */
type Tag = { name: string; attributes: Record<string, string> };

/** The workbook is beyond what is read: refused whole, with the reason. */
class OverCap extends Error {}

/**
 * The rows of the first sheet, or of the one named `sheet`, in pieces as the sheet is
 * inflated, each piece tagged with how far into the file it got (`position`). Calls
 * `onSheet` with the sheet's name first. A --sheet the workbook lacks is a UsageError naming
 * its sheets; a workbook that cannot be read, or is over the caps, a RunError naming `name`.
 */
export async function* workbookReads(
  name: string,
  path: string,
  sheet: string | undefined,
  onSheet: (name: string) => void,
  position: (reads: SheetRead[], bytes: number) => SheetRead[],
): AsyncGenerator<SheetRead[]> {
  try {
    const zip = readZipDirectory(path);
    const book = await readBook(path, zip);
    const chosen = sheet === undefined ? book.sheets[0] : book.sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase());
    if (!chosen) {
      if (sheet === undefined) throw new Error('it has no sheet');
      throw new UsageError(`${name}: --sheet ${sheet}: the workbook has no sheet of that name; its sheets are ${book.sheets.map((s) => JSON.stringify(s.name)).join(', ')}`);
    }
    const entry = zip.get(chosen.part);
    if (!entry) throw new Error(`its sheet ${JSON.stringify(chosen.name)} is missing`);
    onSheet(chosen.name);
    const strings = zip.has('xl/sharedStrings.xml') ? await readSharedStrings(path, zip.get('xl/sharedStrings.xml')!) : null;
    const rows = new SheetRows(strings, book);
    for await (const { text, bytes } of inflate(path, entry, Infinity)) {
      rows.parser.write(text);
      yield position(rows.take(), bytes);
    }
    rows.parser.close();
    yield position(rows.take(), entry.offset + entry.compressed);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof OverCap) throw new RunError(`${name}: ${e.message}; nothing imported: ${SAVE_AS_CSV}`);
    throw new RunError(`${name}: cannot read this Excel workbook (${(e as Error).message}): open it in Excel and save it as CSV (UTF-8) or .xlsx again`);
  }
}

interface ZipEntry {
  /** where its local header starts */
  offset: number;
  method: number;
  compressed: number;
}

/** The zip's entries by name, from its central directory at the end of the file. */
function readZipDirectory(path: string): Map<string, ZipEntry> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 22 + 0xffff));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error('it is not a whole zip file');
    const count = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    const dirOffset = tail.readUInt32LE(end + 16);
    if (dirOffset === 0xffffffff || dirOffset + dirSize > size) throw new Error('its zip directory is out of the file');
    const dir = Buffer.alloc(dirSize);
    readSync(fd, dir, 0, dirSize, dirOffset);
    const entries = new Map<string, ZipEntry>();
    for (let p = 0, n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw new Error('its zip directory is damaged');
      const flags = dir.readUInt16LE(p + 8);
      const nameLength = dir.readUInt16LE(p + 28);
      const entryName = dir.toString('utf8', p + 46, p + 46 + nameLength);
      if (flags & 1) throw new Error('it is encrypted');
      entries.set(entryName, { method: dir.readUInt16LE(p + 10), compressed: dir.readUInt32LE(p + 20), offset: dir.readUInt32LE(p + 42) });
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    // where each entry's data starts, past its local header
    for (const e of entries.values()) {
      const local = Buffer.alloc(30);
      readSync(fd, local, 0, 30, e.offset);
      if (local.readUInt32LE(0) !== 0x04034b50) throw new Error('a zip entry is damaged');
      e.offset += 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (e.offset + e.compressed > size) throw new Error('a zip entry runs past the end of the file');
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** An entry's text as it is inflated, piece by piece, with how far into the file its compressed bytes got; over `cap` bytes is refused. */
async function* inflate(path: string, e: ZipEntry, cap: number): AsyncGenerator<{ text: string; bytes: number }> {
  if (e.method !== 0 && e.method !== 8) throw new Error(`a part is compressed in a way Excel does not write (method ${e.method})`);
  const raw = createReadStream(path, { start: e.offset, end: e.offset + e.compressed - 1, highWaterMark: 1 << 16 });
  const inflater = e.method === 8 ? createInflateRaw() : null;
  const stream = inflater ? raw.pipe(inflater) : raw;
  raw.on('error', (err) => stream.destroy(err));
  const text = new TextDecoder('utf-8');
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) throw new OverCap(`a part of the workbook inflates to more than ${cap / 1048576} MiB`);
      // how far into the file: the compressed bytes the inflater has taken
      yield { text: text.decode(chunk, { stream: true }), bytes: e.offset + (inflater ? inflater.bytesWritten : total) };
    }
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

/** Parses a small part (the workbook, its styles) as it inflates. */
async function parsePart(path: string, e: ZipEntry | undefined, onTag: (t: Tag) => void): Promise<void> {
  if (!e) return;
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (t) => onTag(t as Tag));
  parser.on('error', (err) => {
    throw err;
  });
  for await (const { text } of inflate(path, e, MAX_PART_BYTES)) parser.write(text);
  parser.close();
}

interface Book {
  sheets: { name: string; part: string }[];
  /** the 1904 date system (older Mac workbooks) */
  date1904: boolean;
  /** each cell style's number format */
  formats: string[];
}

/** The sheets in order with their parts, the date system, and the cells' number formats. */
async function readBook(path: string, zip: Map<string, ZipEntry>): Promise<Book> {
  const targets = new Map<string, string>();
  await parsePart(path, zip.get('xl/_rels/workbook.xml.rels'), (t) => {
    if (local(t.name) === 'Relationship') targets.set(String(t.attributes.Id), String(t.attributes.Target));
  });
  const book: Book = { sheets: [], date1904: false, formats: [] };
  await parsePart(path, zip.get('xl/workbook.xml'), (t) => {
    const n = local(t.name);
    if (n === 'workbookPr') book.date1904 = ['1', 'true'].includes(String(t.attributes.date1904));
    if (n !== 'sheet') return;
    const rid = Object.entries(t.attributes).find(([k]) => local(k) === 'id')?.[1];
    const target = targets.get(String(rid)) ?? '';
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    book.sheets.push({ name: String(t.attributes.name), part: part.replace(/\/[^/]+\/\.\.\//g, '/') });
  });
  const custom = new Map<number, string>();
  let inCellXfs = false;
  const ids: number[] = [];
  await parsePart(path, zip.get('xl/styles.xml'), (t) => {
    const n = local(t.name);
    if (n === 'numFmt') custom.set(Number(t.attributes.numFmtId), String(t.attributes.formatCode));
    else if (n === 'cellXfs') inCellXfs = true;
    else if (n === 'cellStyles' || n === 'dxfs') inCellXfs = false;
    else if (n === 'xf' && inCellXfs) ids.push(Number(t.attributes.numFmtId ?? 0));
  });
  book.formats = ids.map((id) => custom.get(id) ?? BUILT_IN_FORMATS[id] ?? 'General');
  return book;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Excel's built-in number formats the sheet may name by number. */
const BUILT_IN_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?',
  13: '# ??/??', 14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM',
  20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy h:mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** Whether a number format shows a date or a time: day, month, year, hour or second outside quotes and brackets. */
function isDateFormat(format: string): boolean {
  return /[dmyhs]/i.test(format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '').replace(/General/i, ''));
}

/** The shared strings, packed: their UTF-8 in one growing buffer, where each starts and ends. */
class SharedStrings {
  private bytes = Buffer.alloc(1 << 20);
  private ends = new Uint32Array(1 << 16);
  count = 0;
  private used = 0;

  add(s: string): void {
    if (this.count === MAX_SHARED_STRINGS) {
      throw new OverCap(`the workbook holds more than ${MAX_SHARED_STRINGS.toLocaleString('en-US')} different texts (shared strings), more than an import reads from a workbook`);
    }
    const need = Buffer.byteLength(s);
    if (this.used + need > MAX_SHARED_BYTES) {
      throw new OverCap(`the workbook's texts (shared strings) are over ${MAX_SHARED_BYTES / 1048576} MiB, more than an import reads from a workbook`);
    }
    if (this.used + need > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(s, this.used);
    if (this.count === this.ends.length) {
      const bigger = new Uint32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[this.count++] = this.used;
  }

  get(i: number): string {
    if (!(i >= 0 && i < this.count)) return '';
    return this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }
}

/** Reads the shared strings: each `<si>`'s text runs joined (phonetic guides left out), capped. */
async function readSharedStrings(path: string, e: ZipEntry): Promise<SharedStrings> {
  const strings = new SharedStrings();
  const parser = new SaxesParser({ position: false });
  let text: string | null = null;
  let inT = false;
  let phonetic = 0;
  parser.on('opentag', (t) => {
    const n = local(t.name);
    if (n === 'si') text = '';
    else if (n === 't') inT = true;
    else if (n === 'rPh') phonetic++;
  });
  parser.on('text', (s) => {
    if (inT && !phonetic && text !== null && text.length <= LONG_CAP) text += s;
  });
  parser.on('closetag', (t) => {
    const n = local(t.name);
    if (n === 't') inT = false;
    else if (n === 'rPh') phonetic--;
    else if (n === 'si' && text !== null) {
      strings.add(text);
      text = null;
    }
  });
  parser.on('error', (err) => {
    throw err;
  });
  for await (const { text: piece } of inflate(path, e, Infinity)) parser.write(piece);
  parser.close();
  return strings;
}

/** Turns the sheet's XML, as it is parsed, into rows. */
class SheetRows {
  readonly parser = new SaxesParser({ position: false });
  private out: SheetRead[] = [];
  private row: string[] = [];
  private rowNumber = 0;
  private over: string | null = null;
  private col = -1;
  private type = '';
  private style = 0;
  private value: string | null = null;
  private inValue = false;
  private inInline = false;
  private cells = 0;

  constructor(
    private readonly strings: SharedStrings | null,
    private readonly book: Book,
  ) {
    this.parser.on('opentag', (t) => this.open(t as Tag));
    this.parser.on('text', (s) => {
      if (this.inValue && this.value !== null && this.value.length <= LONG_CAP) this.value += s;
    });
    this.parser.on('closetag', (t) => this.close(local(t.name)));
    this.parser.on('error', (err) => {
      throw err;
    });
  }

  /** The rows read since the last call. */
  take(): SheetRead[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private open(t: Tag): void {
    const n = local(t.name);
    if (n === 'row') {
      const r = Number(t.attributes.r);
      this.rowNumber = Number.isInteger(r) && r > this.rowNumber ? r : this.rowNumber + 1;
      this.row = [];
      this.over = null;
      this.col = -1;
    } else if (n === 'c') {
      if (++this.cells > MAX_CELLS) throw new OverCap(`the sheet has more than ${MAX_CELLS.toLocaleString('en-US')} cells`);
      const ref = t.attributes.r;
      this.col = typeof ref === 'string' && ref ? columnOf(ref) : this.col + 1;
      this.type = String(t.attributes.t ?? 'n');
      this.style = Number(t.attributes.s ?? 0);
      this.value = null;
    } else if (n === 'v' || (n === 't' && this.inInline)) {
      this.inValue = true;
      this.value ??= '';
    } else if (n === 'is') this.inInline = true;
  }

  private close(n: string): void {
    if (n === 'v' || n === 't') this.inValue = false;
    else if (n === 'is') this.inInline = false;
    else if (n === 'c') this.cell();
    else if (n === 'row') {
      if (this.over) this.out.push({ rejected: this.rowNumber, reason: this.over, cells: null });
      else this.out.push({ cells: this.row, line: this.rowNumber });
    }
  }

  /** The cell just read, as the sheet shows it, in its column; a value past MAX_COLUMNS rejects the row. */
  private cell(): void {
    const text = this.text();
    if (text === '') return;
    if (this.col >= MAX_COLUMNS) {
      this.over ??= `a value in column ${columnName(this.col)}, past column ${columnName(MAX_COLUMNS - 1)}, the last one read`;
      return;
    }
    while (this.row.length < this.col) this.row.push('');
    this.row[this.col] = text;
  }

  private text(): string {
    const v = this.value;
    if (v === null) return '';
    const format = this.book.formats[this.style] ?? 'General';
    switch (this.type) {
      case 's':
        return this.strings?.get(Number(v)) ?? '';
      case 'str':
      case 'inlineStr':
        return v;
      case 'b':
        return cellText(v === '1' || v === 'true', format);
      case 'e':
        return '';
      case 'd':
        return cellText(new Date(v.endsWith('Z') || /[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`), format);
      default: {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n)) return v;
        const value: SheetValue = isDateFormat(format) ? excelDate(n, this.book.date1904) : n;
        return cellText(value, format);
      }
    }
  }
}

/** `XFD7` → 16383 (columns from 0). */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

/** 0 → `A`, 16383 → `XFD`. */
function columnName(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A date serial as the wall-clock time the sheet shows, in UTC (cellText reads it so). */
function excelDate(serial: number, date1904: boolean): Date {
  // the 1900 system counts a 29 February 1900 that never was: serials from 61 on are a day ahead
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86400) * 1000);
}
