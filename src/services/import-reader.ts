// The reading half of `leads import`, run in a worker thread while the import service
// decides and writes: bytes → text (encoding) → records → rows of leads (mapping,
// normalisation) → batches (core/import/wire.ts). It also finds, for each row, the leads and
// earlier rows that share a phone or email with it (the service decides), hashes the file,
// and writes the rejects file.
import { parentPort, workerData } from 'node:worker_threads';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { KnownLeads } from '../store/known-leads.js';
import iconv from 'iconv-lite';
import { detectEncoding, encodingOf, isWorkbook, notText, lineBreakNormaliser, sniffDelimiter, type Encoding } from '../core/import/text.js';
import { IMPORT_FIELDS, findHeaderRow, findsContacts, mapField, mapHeaders, mappedHeaders, type ImportField, type Mapping } from '../core/import/headers.js';
import { buildRow, capOf, matchKeys, tooLong, type ImportRow } from '../core/import/row.js';
import { KeyTable } from '../core/import/keytable.js';
import { pushRow, SEP, type ReaderMessage, type ReaderOptions } from '../core/import/wire.js';
import { BYTES_PER_ROW } from '../core/import/decide.js';
import { suppressionHash } from '../core/suppress.js';
import { otherPhones } from '../core/lead.js';
import { normalisePhone } from '../core/normalise.js';
import { csvLine } from '../core/csv.js';
import { RecordReader, type Item } from '../core/import/records.js';
import { NoSuchSheet, workbookRows } from './import-workbook.js';
import { CardSplitter, VCARD_HEADERS, cardCells, isVcard, type Card } from '../core/import/vcard.js';

const opts = workerData as ReaderOptions;
const port = parentPort!;
const post = (m: ReaderMessage) => port.postMessage(m);

/** Batches in flight before the reader waits for the writer: bounds memory. */
const IN_FLIGHT = 3;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { type: string }) => {
  if (m.type === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  }
});
const credit = async () => {
  while (inFlight >= IN_FLIGHT) await new Promise<void>((r) => (wake = r));
};

/** A mistake in how the command was used (exit 2); other errors are the file's (exit 1). */
class Usage extends Error {}
class FileProblem extends Error {}

const CHUNK = 1 << 16;

/**
 * Pass 1 (about 0.1 s for 140 MB): the first 4 KiB, whether it is all valid UTF-8 (unless
 * --encoding says), and whether there are any CRs at all.
 */
function firstPass(fd: number, buf: Buffer): { head: Buffer; valid: boolean; hasCR: boolean } {
  let head = Buffer.alloc(0);
  let valid = true;
  let hasCR = false;
  let carry = Buffer.alloc(0);
  for (let pos = 0; ; ) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    if (!n) break;
    const bytes = buf.subarray(0, n);
    if (pos === 0) head = Buffer.from(bytes.subarray(0, 4096));
    if (!hasCR && bytes.includes(13)) hasCR = true;
    if (valid && !opts.encoding) {
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
  return { head, valid, hasCR };
}

/** Feeds the rows of a workbook's sheet to `onItem`; a workbook that cannot be read is one line. */
async function readWorkbook(onSheet: (name: string) => void, onItem: (item: Item) => Promise<void>): Promise<void> {
  try {
    for await (const row of workbookRows(opts.file, opts.sheet, onSheet)) await onItem(row);
  } catch (e) {
    if (e instanceof NoSuchSheet) throw new Usage(e.message);
    if (e instanceof Usage || e instanceof FileProblem) throw e;
    throw new FileProblem(`cannot read this Excel workbook (${(e as Error).message}): open it in Excel and save it as CSV (UTF-8) or .xlsx again`);
  }
}

/** The refusal of a file whose header names no name, company, phone or email: its headers, and --map. */
function notAContactList(headers: string[]): Usage {
  const found = headers.slice(0, 12).map((x) => JSON.stringify(x)).join(', ') + (headers.length > 12 ? ', ...' : '');
  return new Usage(
    'no column is a name, company, phone or email, so this is not read as a contact list (nothing imported); ' +
      `the header line has ${found}; say which column is which with --map FIELD=HEADER (e.g. --map phone="Tel.")`,
  );
}

/**
 * The suppression a row matches ('' when none): `forget` wins over `registry`. Its further
 * phones count too: a forgotten person's home number must not bring her back.
 */
function suppressionOf(known: KnownLeads, row: ImportRow, country: string): string {
  let sup = '';
  const further = row.other_phones ? otherPhones(row).map((p) => normalisePhone(p.number, country)?.e164) : [];
  for (const [kind, v] of [
    ['phone', row.phone_e164],
    ['phone', row.mobile_e164],
    ['email', row.email_norm],
    ...further.map((e) => ['phone', e] as const),
  ] as const) {
    if (!v) continue;
    const reason = known.suppression(suppressionHash(kind, v));
    if (reason && (sup === '' || reason === 'forget')) sup = reason;
  }
  return sup;
}

/** Where the file's records go: header found and mapped, each row made a lead (or rejected), batched for the service. */
class Rows {
  mapping: Mapping | null = null;
  sheetName: string | null = null;
  /** the format and (for text) the delimiter, told with the header */
  format: 'csv' | 'xlsx' | 'vcard' = 'csv';
  delimiter = '';
  bytesRead = 0;
  private readonly preHeader: Item[] = [];
  private seq = 0; // rows sent
  private out: string[] = [];
  private outRows = 0;
  private rejects: { line: number; reason: string }[] = [];
  private blank = 0;
  private rejectHeader = false;
  private readonly cands: number[] = [];

  constructor(
    private readonly overrides: Partial<Record<ImportField, string>>,
    private readonly encoding: string,
    private readonly table: KeyTable,
    private readonly known: KnownLeads,
    private readonly rejectsFd: number | null,
  ) {}

  /** Sends the rows made so far once a batch is full (or, `force`, whatever there is). */
  async flush(force: boolean): Promise<void> {
    if (!force && this.outRows < opts.batchRows) return;
    if (!this.outRows && !this.rejects.length && !this.blank) return;
    await credit();
    inFlight++;
    post({ type: 'rows', text: this.out.join(SEP), n: this.outRows, rejects: this.rejects, bytes: this.bytesRead, blank: this.blank });
    this.out = [];
    this.outRows = 0;
    this.rejects = [];
    this.blank = 0;
  }

  reject(at: number, reason: string, cells: string[] | null): void {
    this.rejects.push({ line: at, reason });
    if (this.rejectsFd === null) return;
    if (!this.rejectHeader) {
      writeSync(this.rejectsFd, csvLine(['line', 'reason', ...(this.mapping?.headers ?? [])]));
      this.rejectHeader = true;
    }
    writeSync(this.rejectsFd, csvLine([String(at), reason, ...(cells ?? [])]));
  }

  /** Finds the header among the first records and maps it; returns the records after it. */
  startMapping(items: Item[]): Item[] {
    const records = items.filter((i): i is Item & { cells: string[]; line: number } => 'line' in i);
    if (!records.length) throw new FileProblem('the file has no readable header line');
    const h = findHeaderRow(records.map((r) => r.cells));
    let mapping: Mapping;
    try {
      mapping = mapHeaders(records[h].cells, this.overrides);
    } catch (e) {
      throw new Usage((e as Error).message);
    }
    if (!findsContacts(mapping)) throw notAContactList(mapping.headers);
    this.mapping = mapping;
    const candidates = mappedHeaders(mapping);
    post({
      type: 'start',
      format: this.format,
      encoding: this.format === 'xlsx' ? '' : this.encoding,
      delimiter: this.format === 'csv' ? this.delimiter : '',
      sheet: this.sheetName,
      headers: mapping.headers,
      mapped: Object.fromEntries(Object.entries(candidates).map(([f, hs]) => [f, hs[0]])),
      candidates,
      unmapped: mapping.extra.map((i) => mapping.headers[i]),
      renamed: mapping.renamed,
    });
    return items.slice(items.indexOf(records[h]) + 1);
  }

  /** A record of a CSV file or a workbook (or what went wrong reading one). */
  async onItem(item: Item): Promise<void> {
    const mapping = this.mapping;
    if (!mapping) {
      this.preHeader.push(item);
      if (this.preHeader.length < 20) return;
      for (const i of this.startMapping(this.preHeader.splice(0))) await this.onItem(i);
      return;
    }
    if ('line' in item) await this.onRecord(item.cells, item.line);
    else if ('broken' in item) this.reject(item.broken, 'broken quote (a quoted field is not closed properly)', [item.raw]);
    else if ('long' in item) this.reject(item.long, tooLong(mapping, item.column, capOf(mapping, item.column)), null);
    else {
      throw new FileProblem(
        `line ${item.unclosed}: a quote opens there and never closes, so the rest of the file would be one field; nothing imported (fix the quote and import again)`,
      );
    }
  }

  /** The end of the records: a file too short to have found its header among the first ones maps it now. */
  async end(): Promise<void> {
    if (!this.mapping) {
      if (!this.preHeader.some((i) => 'line' in i && i.cells.some((c) => c.trim() !== ''))) throw new FileProblem('the file is empty: no header line');
      for (const i of this.startMapping(this.preHeader.splice(0))) await this.onItem(i);
    }
    await this.flush(true);
  }

  /** One vCard: a row like any other, or rejected whole with its first line. */
  async onCard(card: Card): Promise<void> {
    if ('broken' in card) return this.reject(card.broken, 'a vCard that does not end (no END:VCARD)', [card.raw]);
    let cells: string[];
    try {
      cells = cardCells(card.text);
    } catch {
      return this.reject(card.line, 'a vCard that cannot be read', null);
    }
    await this.onRecord(cells, card.line);
  }

  /** A record's cells → a lead's row with the leads and earlier rows it may be, or a reject. */
  private async onRecord(cells: string[], at: number): Promise<void> {
    if (!this.mapping) return;
    if (cells.length === 1 ? cells[0].trim() === '' : cells.every((c) => c.trim() === '')) {
      this.blank++;
      return;
    }
    const res = buildRow(cells, this.mapping, opts.country);
    if ('reject' in res) {
      this.reject(at, res.reject, cells);
      return;
    }
    const row: ImportRow = res.row;
    // --source and --list win over the row's own
    row.source = opts.source ?? row.source;
    row.list = opts.list ?? row.list;
    const keys = matchKeys(row);
    const cands = this.cands;
    cands.length = 0;
    for (const k of keys) this.table.find(k, cands);
    if (this.known.looksUp) for (const id of this.known.sharingKeys(row)) if (!cands.includes(id)) cands.push(id);
    const ref = -(this.seq + 1);
    for (const k of keys) this.table.add(k, ref);
    const sup = this.known.suppresses ? suppressionOf(this.known, row, opts.country) : '';
    pushRow(this.out, at, row, cands.length ? cands.join(',') : '', sup);
    this.outRows++;
    this.seq++;
    await this.flush(false);
  }
}

/** The encoding to read the file in: --encoding, else what its first bytes say. */
function encodingFor(head: Buffer, valid: boolean): { encoding: Encoding; bom: number } {
  const detected = detectEncoding(head, valid);
  if (!opts.encoding) return detected;
  const forced = encodingOf(opts.encoding);
  if (!forced) throw new Usage(`--encoding ${opts.encoding} is not one this reads: utf-8, utf-16le, utf-16be, windows-1252`);
  // a byte-order mark is skipped only where the file is read as what it says
  return { encoding: forced, bom: forced === detected.encoding ? detected.bom : 0 };
}

/** The leads already there, as keys: every key up front (a big import), else none (a look-up a row). */
function knownKeys(known: KnownLeads, size: number): KeyTable {
  // about two keys a row (a phone and an email)
  const table = new KeyTable((opts.existing === 'scan' ? opts.existingLeads * 2 : 0) + (size / BYTES_PER_ROW) * 2);
  if (opts.existing === 'scan') for (const l of known.everyLeadKeys()) for (const k of matchKeys(l)) table.add(k, l.id);
  return table;
}

/** --map FIELD=HEADER, each field checked. */
function mapOverrides(): Partial<Record<ImportField, string>> {
  const overrides: Partial<Record<ImportField, string>> = {};
  for (const [k, v] of Object.entries(opts.overrides)) {
    const f = mapField(k);
    if (!f) throw new Usage(`--map ${k}=${v}: ${k} is not a field; the fields are ${IMPORT_FIELDS.join(', ')}`);
    overrides[f] = v;
  }
  return overrides;
}

/** Reads a CSV or vCard file from `start` to its end: decoded, line breaks made even, split into records or cards. */
async function readText(fd: number, buf: Buffer, start: number, hasCR: boolean, rows: Rows, hash: Hash, decode: ReturnType<typeof decoder>): Promise<void> {
  let breaks: ((t: string, last: boolean) => string) | null = null;
  let records: RecordReader | null = null;
  let cards: CardSplitter | null = null;
  let first = true;
  for (let pos = start; ; ) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    const last = n === 0;
    if (n) hash.update(buf.subarray(0, n));
    let piece = last ? decode.end() : decode.write(buf.subarray(0, n));
    pos += n;
    rows.bytesRead = pos;
    if (first && isVcard(opts.file, piece)) {
      cards = new CardSplitter();
      rows.format = 'vcard';
      rows.startMapping([{ cells: VCARD_HEADERS, line: 0 }]);
    }
    if (cards) {
      first = false;
      for (const card of cards.push(piece, last)) await rows.onCard(card);
      if (last) return;
      continue;
    }
    if (first && !last) {
      first = false;
      if (!rows.delimiter) rows.delimiter = sniffDelimiter(piece);
      if (hasCR) breaks = lineBreakNormaliser(rows.delimiter);
    }
    if (!rows.delimiter) rows.delimiter = ',';
    if (hasCR && !breaks) breaks = lineBreakNormaliser(rows.delimiter);
    if (breaks) piece = breaks(piece, last);
    if (piece.includes('\u0000')) throw new FileProblem('the file holds NUL characters: it may be UTF-16 without a byte-order mark (try --encoding utf-16le)');
    records ??= new RecordReader(rows.delimiter);
    for (const item of records.push(piece, last)) await rows.onItem(item);
    if (last) return;
  }
}

async function main(): Promise<void> {
  const fd = openSync(opts.file, 'r');
  const size = fstatSync(fd).size;
  const buf = Buffer.allocUnsafe(CHUNK);
  const { head, valid, hasCR } = firstPass(fd, buf);
  const workbook = isWorkbook(head, opts.file);
  // a workbook or archive is what it is whatever --encoding says
  const binary = workbook ? null : notText(head);
  if (binary) throw new FileProblem(binary);
  const { encoding, bom } = encodingFor(head, valid);
  const overrides = mapOverrides();
  const known = new KnownLeads(opts.dbPath, opts.existing);
  const rejectsFd = opts.rejectsFile ? openSync(opts.rejectsFile, 'a') : null;
  const rows = new Rows(overrides, encoding, knownKeys(known, size), known, rejectsFd);
  rows.delimiter = opts.delimiter ?? '';
  const hash = createHash('sha256');
  if (workbook) {
    rows.format = 'xlsx';
    await readWorkbook((name) => (rows.sheetName = name), (item) => rows.onItem(item));
    for (let pos = 0, n; (n = readSync(fd, buf, 0, CHUNK, pos)); pos += n) hash.update(buf.subarray(0, n));
    rows.bytesRead = size;
  } else {
    hash.update(head.subarray(0, bom));
    await readText(fd, buf, bom, hasCR, rows, hash, decoder(encoding));
  }
  await rows.end();
  if (rejectsFd !== null) closeSync(rejectsFd);
  closeSync(fd);
  known.close();
  post({ type: 'done', sha256: hash.digest('hex'), bytes: size });
}

/** A streaming decoder: the TextDecoder for UTF-8 (fatal: never a silent U+FFFD), iconv-lite for the rest. */
function decoder(encoding: Encoding): { write(b: Buffer): string; end(): string } {
  if (encoding === 'utf8') {
    const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const wrap = (f: () => string) => {
      try {
        return f();
      } catch {
        throw new FileProblem('the file is not valid UTF-8 (try --encoding windows-1252)');
      }
    };
    return { write: (b) => wrap(() => d.decode(b, { stream: true })), end: () => wrap(() => d.decode()) };
  }
  if (encoding === 'win1252') {
    const d = iconv.getDecoder('windows-1252');
    return {
      // five bytes have no character in Windows-1252: kept as the C1 controls Windows maps them to
      write: (b) => {
        const s = d.write(b);
        if (!s.includes('\ufffd')) return s;
        const chars = s.split('');
        for (let i = 0; i < b.length; i++) if ([0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b[i])) chars[i] = String.fromCharCode(b[i]);
        return chars.join('');
      },
      end: () => d.end() ?? '',
    };
  }
  const d = iconv.getDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be');
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

main().catch((e: unknown) => {
  post({ type: 'error', message: (e as Error).message, usage: e instanceof Usage });
});
