// The import's reader: one file → the leads its rows describe. `openImport` checks the file
// once, before anything is written (a regular file, readable, text in a known encoding
// without NUL bytes or a workbook or vCard, a header that maps to contact fields), and
// `batches` then reads it to its end: bytes → text (encoding, line breaks) → records
// (papaparse, core/import/records.ts) → rows of leads (mapping and normalisation,
// core/import/row.ts), or rejects with their line and reason, written to --rejects.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import { RunError, UsageError } from '../core/errors.js';
import { detectEncoding, isVcard, isWorkbook, notText, lineBreakNormaliser, sniffDelimiter, type Encoding } from '../core/import/text.js';
import { findHeaderRow, findsContacts, mapHeaders, mappedHeaders, type ImportField, type Mapping } from '../core/import/headers.js';
import { buildRow, capOf, tooLong, type ImportRow } from '../core/import/row.js';
import { MAX_COLUMNS, RecordReader, RUNAWAY, type Item } from '../core/import/records.js';
import type { RejectsFile } from './import-rejects.js';

export interface ReadOptions {
  /** --encoding, checked by the command */
  encoding?: Encoding;
  delimiter?: string;
  /** the sheet of a workbook to read (default the first) */
  sheet?: string;
  /** --map, each field checked by the command; the file's headers are checked here */
  overrides: Partial<Record<ImportField, string>>;
  /** `--source` and `--list`: they win over the row's own */
  source: string | null;
  list: string | null;
}

/** How the file was read and mapped, told before its first row. */
export interface FileFacts {
  format: 'csv' | 'xlsx' | 'vcard';
  encoding: string;
  delimiter: string;
  /** the sheet read, for a workbook */
  sheet: string | null;
  mapped: Record<string, string>;
  /** each field's columns in the order a row tries them */
  candidates: Record<string, string[]>;
  unmapped: string[];
  renamed: { from: string; to: string; column: number }[];
}

export interface Reject {
  line: number;
  reason: string;
}

/** Rows read since the last batch, with the rejects and blank lines among them, and how far into the file. */
export interface ReadBatch {
  rows: { line: number; row: ImportRow }[];
  rejects: Reject[];
  blank: number;
  bytes: number;
}

/** A record of the file, or a reject found while reading it (a card that cannot be read, a row over a workbook's caps). */
type Read = Item | { rejected: number; reason: string; cells: string[] | null };

const CHUNK = 1 << 16;
/** Records read before the header is chosen among them: LinkedIn's export has notes lines above it. */
const HEADER_SEARCH = 20;
/**
 * Rows a batch: the decider asks the store once a batch. Small, so that what a batch holds
 * dies young in the one thread's heap (at 2,048 the young generation grows to its largest).
 */
const BATCH_ROWS = 256;

/** A file the import reads: checked, its header mapped, ready for `batches`. */
export class ImportFile {
  /** Where the rows come from, from the first one after the header. */
  private source: AsyncIterator<Read[]> | null = null;
  private pending: Read[] = [];
  private rejectsFile: RejectsFile | null = null;
  bytesRead = 0;

  private constructor(
    /** the file as typed: messages name it so */
    readonly name: string,
    private readonly handle: FileHandle,
    readonly size: number,
    readonly sha256: string,
    readonly facts: FileFacts,
    readonly mapping: Mapping,
    private readonly o: ReadOptions,
  ) {}

  /**
   * Opens and checks the file: the one place it is checked, before any database is opened
   * or made. Every refusal is a RunError (exit 1) naming the file as typed, or a UsageError
   * (exit 2) for a --map or --sheet the file does not have.
   */
  static async open(name: string, cwd: string, o: ReadOptions): Promise<ImportFile> {
    const handle = await openRegularFile(name, cwd);
    try {
      const size = (await handle.stat()).size;
      const scan = await scanBytes(handle, o.encoding !== undefined);
      const path = resolve(cwd, name);
      const workbook = isWorkbook(scan.head, path);
      const binary = workbook ? null : notText(scan.head);
      if (binary) throw fileError(name, binary);
      const { encoding, bom } = workbook ? { encoding: 'utf8' as const, bom: 0 } : encodingFor(scan.head, scan.valid, o.encoding);
      // NUL is no character of a contact list; in UTF-16 it is half of every ASCII one
      if (!workbook && scan.nul && (encoding === 'utf8' || encoding === 'win1252')) {
        throw fileError(name, 'the file holds NUL bytes: it may be UTF-16 without a byte-order mark (try --encoding utf-16le), or not a text file');
      }
      const text = workbook ? null : decoder(encoding, name);
      const first = text ? text.peek(scan.head.subarray(bom)) : '';
      const format = workbook ? 'xlsx' : isVcard(path, first) ? 'vcard' : 'csv';
      const delimiter = format === 'csv' ? (o.delimiter ?? sniffDelimiter(first)) : '';
      const facts: FileFacts = {
        format,
        encoding: workbook ? '' : encoding,
        delimiter,
        sheet: null,
        mapped: {},
        candidates: {},
        unmapped: [],
        renamed: [],
      };
      let source: AsyncIterator<Read[]>;
      if (format === 'xlsx') {
        const { workbookReads } = await import('./import-workbook.js');
        source = workbookReads(name, path, o.sheet, (sheet) => (facts.sheet = sheet), at);
      } else if (format === 'vcard') source = vcardReads(handle, bom, text!);
      else source = csvReads(handle, bom, text!, delimiter, scan.hasCR, name);
      const { mapping, rest } = await findHeader(name, source, format === 'vcard' ? (await import('../core/import/vcard.js')).VCARD_HEADERS : null, o.overrides);
      // a file with nothing after its header is refused here, before a database is made for it
      while (!rest.some(isContent)) {
        const r = await source.next();
        if (r.done) throw fileError(name, format === 'vcard' ? 'the file holds no vCard (BEGIN:VCARD … END:VCARD): nothing imported' : 'a header line and no rows: nothing imported');
        rest.push(...r.value);
      }
      const candidates = mappedHeaders(mapping);
      Object.assign(facts, {
        mapped: Object.fromEntries(Object.entries(candidates).map(([f, hs]) => [f, hs[0]])),
        candidates,
        unmapped: mapping.extra.map((i) => mapping.headers[i]),
        renamed: mapping.renamed,
      });
      const file = new ImportFile(name, handle, size, scan.sha256, facts, mapping, o);
      file.source = source;
      file.pending = rest;
      return file;
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** The --rejects file as typed, if any. */
  get rejectsName(): string | null {
    return this.rejectsFile?.name ?? null;
  }

  /** Rejected rows go to this file too, with their line, reason and cells. */
  writeRejectsTo(rejects: RejectsFile): void {
    this.rejectsFile = rejects;
  }

  /** The file's rows after the header, made leads (phones read in `country`), in batches. */
  async *batches(country: string): AsyncGenerator<ReadBatch> {
    let batch: ReadBatch = { rows: [], rejects: [], blank: 0, bytes: 0 };
    const mapping = this.mapping;
    const reject = (line: number, reason: string, cells: string[] | null) => {
      batch.rejects.push({ line, reason });
      this.rejectsFile?.write(line, reason, mapping.headers, cells);
    };
    for (let reads: Read[] | null = this.pending; reads; reads = await this.next()) {
      for (const r of reads) {
        if ('cells' in r && 'line' in r) {
          const cells = r.cells;
          if (cells.length === 1 ? cells[0].trim() === '' : cells.every((c) => c.trim() === '')) {
            batch.blank++;
            continue;
          }
          const res = buildRow(cells, mapping, country);
          if ('reject' in res) {
            reject(r.line, res.reject, cells);
            continue;
          }
          res.row.source = this.o.source ?? res.row.source;
          res.row.list = this.o.list ?? res.row.list;
          batch.rows.push({ line: r.line, row: res.row });
        } else if ('rejected' in r) reject(r.rejected, r.reason, r.cells);
        else if ('broken' in r) reject(r.broken, 'broken quote (a quoted field is not closed properly)', [r.raw]);
        else if ('long' in r) reject(r.long, longRow(mapping, r.column, r.chars), null);
        else throw fileError(this.name, unclosedQuote(r.unclosed));
      }
      if (batch.rows.length >= BATCH_ROWS) {
        batch.bytes = this.bytesRead;
        yield batch;
        batch = { rows: [], rejects: [], blank: 0, bytes: 0 };
      }
    }
    batch.bytes = this.size;
    yield batch;
  }

  private async next(): Promise<Read[] | null> {
    const r = await this.source!.next();
    if (r.done) return null;
    this.bytesRead = Math.max(this.bytesRead, bytesOf(r.value));
    return r.value;
  }

  /** Closes the file; its --rejects file is kept when the import was done (`ok`), else removed. */
  async close(ok: boolean): Promise<void> {
    try {
      if (ok) this.rejectsFile?.keep();
    } finally {
      this.rejectsFile?.discard();
      await this.source?.return?.();
      await this.handle.close();
    }
  }
}

/** How far a piece of reads got into the file: the sources tag each piece with it. */
const POSITION = Symbol('position');
const at = <T extends Read>(reads: T[], bytes: number): T[] => Object.assign(reads, { [POSITION]: bytes });
const bytesOf = (reads: Read[]): number => (reads as Read[] & { [POSITION]?: number })[POSITION] ?? 0;

/** Whether a read is a row to import or reject (not a blank line). */
function isContent(r: Read): boolean {
  return !('cells' in r && 'line' in r) || r.cells.some((c) => c.trim() !== '');
}

/** A file's refusal: one line naming the file as typed. */
function fileError(name: string, reason: string): RunError {
  return new RunError(`${name}: ${reason}`);
}

/** Why a record too long to keep is rejected: its longest field over its cap, else the whole row's text. */
function longRow(mapping: Mapping, column: number, chars: number): string {
  const cap = capOf(mapping, column);
  if (chars > cap) return tooLong(mapping, column, cap);
  return column >= MAX_COLUMNS
    ? `a value in column ${(column + 1).toLocaleString('en-US')}, past the ${MAX_COLUMNS.toLocaleString('en-US')} columns a row may have`
    : `a row of more than ${RUNAWAY.toLocaleString('en-US')} characters of text, more than one contact holds`;
}

function unclosedQuote(line: number): string {
  return `line ${line}: a quote opens there and never closes, so the rest of the file would be one field; nothing imported (fix the quote and import again)`;
}

/**
 * Opens a file to import for reading, refusing what is no regular file: a FIFO or a device
 * would block or never end (opened without blocking, so a FIFO with no writer is told, not
 * waited on), a folder is not a list.
 */
async function openRegularFile(name: string, cwd: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(resolve(cwd, name), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new RunError(`cannot read ${name}: ${why}`);
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    const what = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a pipe (FIFO)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new RunError(`${name} is ${what}, not a file to import: give the path of a CSV, .xlsx or .vcf file`);
  }
  return handle;
}

/**
 * One pass over the bytes before anything is decided (about 0.5 s for 140 MB): the first
 * 64 KiB (to tell the format, encoding and delimiter), whether it all is valid UTF-8 (unless --encoding says), whether there are CRs or
 * NUL bytes at all, and the SHA-256 that tells a file imported before.
 */
async function scanBytes(handle: FileHandle, encodingGiven: boolean) {
  const buf = Buffer.allocUnsafe(CHUNK);
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let valid = !encodingGiven;
  let hasCR = false;
  let nul = false;
  let carry = Buffer.alloc(0);
  for (let pos = 0; ; ) {
    const { bytesRead: n } = await handle.read(buf, 0, CHUNK, pos);
    if (!n) break;
    const bytes = buf.subarray(0, n);
    hash.update(bytes);
    if (pos === 0) {
      head = Buffer.from(bytes);
      // a zip (a workbook) has no lines or encoding to find
      if (isWorkbook(head, '')) valid = false;
    }
    if (!hasCR && bytes.includes(13)) hasCR = true;
    if (!nul && bytes.includes(0)) nul = true;
    if (valid) {
      // check up to the last complete sequence; the tail is checked with the next piece
      const joined = carry.length ? Buffer.concat([carry, bytes]) : bytes;
      let cut = joined.length;
      for (let k = 1; k <= 3 && k <= joined.length; k++) {
        const b = joined[joined.length - k];
        if ((b & 0xc0) === 0xc0) {
          cut = joined.length - k;
          break;
        }
        if ((b & 0x80) === 0) break;
      }
      valid = isUtf8(joined.subarray(0, cut));
      carry = Buffer.from(joined.subarray(cut));
    }
    pos += n;
  }
  if (valid && carry.length && !isUtf8(carry)) valid = false;
  return { head, valid, hasCR, nul, sha256: hash.digest('hex') };
}

/** The encoding to read the file in: --encoding, else what its first bytes say. */
function encodingFor(head: Buffer, valid: boolean, given: Encoding | undefined): { encoding: Encoding; bom: number } {
  const detected = detectEncoding(head, valid);
  if (!given) return detected;
  // a byte-order mark is skipped only where the file is read as what it says
  return { encoding: given, bom: given === detected.encoding ? detected.bom : 0 };
}

/**
 * Finds the header among the first records and maps it (a vCard's header is the program's
 * own). Returns what was read after it. A line that cannot be read before the header (a
 * line of millions of characters, a broken quote) is refused: the next line is no header.
 */
async function findHeader(
  name: string,
  source: AsyncIterator<Read[]>,
  fixed: string[] | null,
  overrides: Partial<Record<ImportField, string>>,
): Promise<{ mapping: Mapping; rest: Read[] }> {
  const read: Read[] = [];
  let headerCells = fixed;
  let after = 0;
  if (!headerCells) {
    const records = () => read.filter((i): i is Item & { cells: string[]; line: number } => 'line' in i && 'cells' in i);
    while (records().length < HEADER_SEARCH) {
      const r = await source.next();
      if (r.done) break;
      read.push(...r.value);
    }
    const rows = records();
    if (!rows.some((r) => r.cells.some((c) => c.trim() !== ''))) throw fileError(name, 'the file is empty: no header line');
    const header = rows[findHeaderRow(rows.map((r) => r.cells))];
    after = read.indexOf(header) + 1;
    const unread = read.slice(0, after).find((i) => !('line' in i && 'cells' in i));
    if (unread) throw fileError(name, notAHeader(unread));
    headerCells = header.cells;
  }
  let mapping: Mapping;
  try {
    mapping = mapHeaders(headerCells, overrides);
  } catch (e) {
    throw new UsageError(`${name}: ${(e as Error).message}`);
  }
  if (!findsContacts(mapping)) throw new UsageError(`${name}: ${notAContactList(mapping.headers)}`);
  return { mapping, rest: read.slice(after) };
}

/** Why a line before the header could not be read, and so the header not found. */
function notAHeader(item: Read): string {
  if ('long' in item) {
    return `line ${item.long} cannot be read as a header: a field of ${item.chars.toLocaleString('en-US')} characters; nothing imported (is this a contact list?)`;
  }
  if ('unclosed' in item) return unclosedQuote(item.unclosed);
  const line = 'broken' in item ? item.broken : 'rejected' in item ? item.rejected : 0;
  return `line ${line} cannot be read (a broken quote) before any header line; nothing imported (fix the line and import again)`;
}

/** The refusal of a file whose header names no name, company, phone or email: its headers, and --map. */
function notAContactList(headers: string[]): string {
  const found = headers.slice(0, 12).map((x) => JSON.stringify(x)).join(', ') + (headers.length > 12 ? ', ...' : '');
  return (
    'no column is a name, company, phone or email, so this is not read as a contact list (nothing imported); ' +
    `the header line has ${found}; say which column is which with --map FIELD=HEADER (e.g. --map phone="Tel.")`
  );
}

/** Decoded text of the file, piece by piece, from `start`. */
async function* textPieces(handle: FileHandle, start: number, text: Decoder): AsyncGenerator<{ piece: string; last: boolean; pos: number }> {
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let pos = start; ; ) {
    const { bytesRead: n } = await handle.read(buf, 0, CHUNK, pos);
    pos += n;
    const last = n === 0;
    yield { piece: last ? text.end() : text.write(buf.subarray(0, n)), last, pos };
    if (last) return;
  }
}

/** A CSV file's records: line breaks made even, split by papaparse. */
async function* csvReads(handle: FileHandle, start: number, text: Decoder, delimiter: string, hasCR: boolean, name: string): AsyncGenerator<Read[]> {
  const breaks = hasCR ? lineBreakNormaliser(delimiter) : null;
  const records = new RecordReader(delimiter);
  for await (const { piece, last, pos } of textPieces(handle, start, text)) {
    const even = breaks ? breaks(piece, last) : piece;
    // a NUL decoded from UTF-16: the bytes were checked for the 8-bit encodings before
    if (even.includes('\u0000')) throw fileError(name, 'the file holds NUL characters: it is not a text file in this encoding (try another --encoding)');
    yield at(records.push(even, last), pos);
  }
}

/** A vCard file's cards, each made the cells of one row under VCARD_HEADERS, or rejected whole with its first line. */
async function* vcardReads(handle: FileHandle, start: number, text: Decoder): AsyncGenerator<Read[]> {
  // ical.js, which reads the cards, is loaded only for a vCard file
  const { CardSplitter, cardCells } = await import('../core/import/vcard.js');
  const cards = new CardSplitter();
  for await (const { piece, last, pos } of textPieces(handle, start, text)) {
    const out: Read[] = [];
    for (const card of cards.push(piece, last)) {
      if ('broken' in card) {
        out.push({ rejected: card.broken, reason: 'a vCard that does not end (no END:VCARD)', cells: [card.raw] });
        continue;
      }
      try {
        out.push({ cells: cardCells(card.text), line: card.line });
      } catch {
        out.push({ rejected: card.line, reason: 'a vCard that cannot be read', cells: null });
      }
    }
    yield at(out, pos);
  }
}

interface Decoder {
  write(b: Buffer): string;
  end(): string;
  /** the text of the first bytes, to sniff the format and delimiter (a decoder of its own) */
  peek(b: Buffer): string;
}

/** A streaming decoder: the TextDecoder for UTF-8 (fatal: never a silent U+FFFD), iconv-lite for the rest. */
function decoder(encoding: Encoding, name: string): Decoder {
  if (encoding === 'utf8') {
    const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const wrap = (f: () => string) => {
      try {
        return f();
      } catch {
        throw fileError(name, 'the file is not valid UTF-8 (try --encoding windows-1252)');
      }
    };
    return {
      write: (b) => wrap(() => d.decode(b, { stream: true })),
      end: () => wrap(() => d.decode()),
      peek: (b) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b),
    };
  }
  if (encoding === 'win1252') {
    const d = iconv.getDecoder('windows-1252');
    // five bytes have no character in Windows-1252: kept as the C1 controls Windows maps them to
    const write = (b: Buffer, s: string) => {
      if (!s.includes('\ufffd')) return s;
      const chars = s.split('');
      for (let i = 0; i < b.length; i++) if ([0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b[i])) chars[i] = String.fromCharCode(b[i]);
      return chars.join('');
    };
    return { write: (b) => write(b, d.write(b)), end: () => d.end() ?? '', peek: (b) => write(b, iconv.decode(b, 'windows-1252')) };
  }
  const name16 = encoding === 'utf16le' ? 'utf-16le' : 'utf-16be';
  const d = iconv.getDecoder(name16);
  return { write: (b) => d.write(b), end: () => d.end() ?? '', peek: (b) => iconv.decode(b, name16) };
}
