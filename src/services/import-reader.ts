// The reading half of `leads import`, run in a worker thread while the main thread writes:
// bytes → text (encoding) → records (papaparse) → leads (mapping, normalisation) → batches.
// It also finds, for each row, the leads and earlier rows that share a phone or email with
// it (the main thread decides), hashes the file, and writes the rejects file.
import { parentPort, workerData } from 'node:worker_threads';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { openKnownLeads } from '../store/imports.js';
import iconv from 'iconv-lite';
import { detectEncoding, encodingOf, isWorkbook, notText, lineBreakNormaliser, sniffDelimiter, type Encoding } from '../core/import/text.js';
import { IMPORT_FIELDS, findHeaderRow, findsContacts, mapField, mapHeaders, mappedHeaders, type ImportField, type Mapping } from '../core/import/headers.js';
import { buildRow, capOf, matchKeys, tooLong, type ImportRow } from '../core/import/row.js';
import { KeyTable } from '../core/import/keytable.js';
import { pushRow, SEP, type ReaderMessage, type ReaderOptions } from '../core/import/wire.js';
import { suppressionHash } from '../core/suppress.js';
import { otherPhones } from '../core/lead.js';
import { normalisePhone } from '../core/normalise.js';
import { csvLine } from '../core/import/csv-out.js';
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
function suppressionOf(suppressed: { get(hash: string): unknown }, row: ImportRow, country: string): string {
  let sup = '';
  const further = row.other_phones ? otherPhones(row).map((p) => normalisePhone(p.number, country)?.e164) : [];
  for (const [kind, v] of [
    ['phone', row.phone_e164],
    ['phone', row.mobile_e164],
    ['email', row.email_norm],
    ...further.map((e) => ['phone', e] as const),
  ] as const) {
    if (!v) continue;
    const reason = suppressed.get(suppressionHash(kind, v)) as string | undefined;
    if (reason && (sup === '' || reason === 'forget')) sup = reason;
  }
  return sup;
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
  const detected = detectEncoding(head, valid);
  let encoding: Encoding = detected.encoding;
  if (opts.encoding) {
    const forced = encodingOf(opts.encoding);
    if (!forced) throw new Usage(`--encoding ${opts.encoding} is not one this reads: utf-8, utf-16le, utf-16be, windows-1252`);
    encoding = forced;
  }
  const decode = decoder(encoding);

  // existing leads: every key up front (a big import), or one look-up a row (a small one)
  // its own read-only connection: the writer's transaction has begun, so it sees what the writer saw
  const known = openKnownLeads(opts.dbPath, opts.existing);
  // about two keys a row (a phone and an email), a row being some 120 bytes
  const table = new KeyTable((opts.existing === 'scan' ? opts.existingLeads * 2 : 0) + (size / 120) * 2);
  if (opts.existing === 'scan') {
    for (const l of known.everyLeadKeys()) for (const k of matchKeys(l)) table.add(k, l.id);
  }
  const { lookup, byName, suppressed } = known;

  const rejectsFd = opts.rejectsFile ? openSync(opts.rejectsFile, 'a') : null;
  const hash = createHash('sha256');

  let delimiter = opts.delimiter ?? '';
  let breaks: ((t: string, last: boolean) => string) | null = null;
  let mapping: Mapping | null = null;
  const preHeader: Item[] = [];
  let seq = 0; // rows sent
  let out: string[] = [];
  let outRows = 0;
  let rejects: { line: number; reason: string }[] = [];
  let blank = 0;
  let bytesRead = 0;
  let rejectHeader = false;
  let sheetName: string | null = null;

  const flush = async (force: boolean) => {
    if (!force && outRows < opts.batchRows) return;
    if (!outRows && !rejects.length && !blank) return;
    await credit();
    inFlight++;
    post({ type: 'rows', text: out.join(SEP), n: outRows, rejects, bytes: bytesRead, blank });
    out = [];
    outRows = 0;
    rejects = [];
    blank = 0;
  };

  const reject = (at: number, reason: string, cells: string[] | null) => {
    rejects.push({ line: at, reason });
    if (rejectsFd !== null) {
      if (!rejectHeader) {
        writeSync(rejectsFd, csvLine(['line', 'reason', ...(mapping?.headers ?? [])]));
        rejectHeader = true;
      }
      writeSync(rejectsFd, csvLine([String(at), reason, ...(cells ?? [])]));
    }
  };

  const overrides: Partial<Record<ImportField, string>> = {};
  for (const [k, v] of Object.entries(opts.overrides)) {
    const f = mapField(k);
    if (!f) throw new Usage(`--map ${k}=${v}: ${k} is not a field; the fields are ${IMPORT_FIELDS.join(', ')}`);
    overrides[f] = v;
  }

  /** Finds the header among the first records and maps it; returns the records after it. */
  const startMapping = (items: Item[]): Item[] => {
    const records = items.filter((i): i is Item & { cells: string[]; line: number } => 'line' in i);
    if (!records.length) throw new FileProblem('the file has no readable header line');
    const h = findHeaderRow(records.map((r) => r.cells));
    try {
      mapping = mapHeaders(records[h].cells, overrides);
    } catch (e) {
      throw new Usage((e as Error).message);
    }
    if (!findsContacts(mapping)) throw notAContactList(mapping.headers);
    const candidates = mappedHeaders(mapping);
    const mapped = Object.fromEntries(Object.entries(candidates).map(([f, hs]) => [f, hs[0]]));
    post({
      type: 'start',
      format: workbook ? 'xlsx' : cards ? 'vcard' : 'csv',
      encoding: workbook ? '' : encoding,
      delimiter: workbook || cards ? '' : delimiter,
      sheet: sheetName,
      headers: mapping.headers,
      mapped,
      candidates,
      unmapped: mapping.extra.map((i) => mapping!.headers[i]),
      renamed: mapping.renamed,
    });
    return items.slice(items.indexOf(records[h]) + 1);
  };

  const onItem = async (item: Item) => {
    if (!mapping) {
      preHeader.push(item);
      if (preHeader.length < 20) return;
      for (const i of startMapping(preHeader.splice(0))) await onItem(i);
      return;
    }
    if ('line' in item) await onRecord(item.cells, item.line);
    else if ('broken' in item) reject(item.broken, 'broken quote (a quoted field is not closed properly)', [item.raw]);
    else if ('long' in item) reject(item.long, tooLong(mapping, item.column, capOf(mapping, item.column)), null);
    else {
      throw new FileProblem(
        `line ${item.unclosed}: a quote opens there and never closes, so the rest of the file would be one field; nothing imported (fix the quote and import again)`,
      );
    }
  };

  /** One vCard: a row like any other, or rejected whole with its first line. */
  const onCard = async (card: Card) => {
    if ('broken' in card) return reject(card.broken, 'a vCard that does not end (no END:VCARD)', [card.raw]);
    let cells: string[];
    try {
      cells = cardCells(card.text);
    } catch {
      return reject(card.line, 'a vCard that cannot be read', null);
    }
    await onRecord(cells, card.line);
  };

  const cands: number[] = [];
  const onRecord = async (cells: string[], at: number) => {
    if (!mapping) return;
    if (cells.length === 1 ? cells[0].trim() === '' : cells.every((c) => c.trim() === '')) {
      blank++;
      return;
    }
    const res = buildRow(cells, mapping, opts.country);
    if ('reject' in res) {
      reject(at, res.reject, cells);
      return;
    }
    const row: ImportRow = res.row;
    const keys = matchKeys(row);
    cands.length = 0;
    for (const k of keys) table.find(k, cands);
    if (lookup) {
      const ids = (
        keys[0][0] !== 'n'
          ? lookup.all({ p: row.phone_e164, m: row.mobile_e164, e: row.email_norm })
          : byName!.all(keys[0].slice(1))
      ) as number[];
      for (const id of ids) if (!cands.includes(id)) cands.push(id);
    }
    const ref = -(seq + 1);
    for (const k of keys) table.add(k, ref);
    const sup = suppressed ? suppressionOf(suppressed, row, opts.country) : '';
    pushRow(out, at, row, cands.length ? cands.join(',') : '', sup);
    outRows++;
    seq++;
    await flush(false);
  };

  if (workbook) {
    await readWorkbook((name) => (sheetName = name), onItem);
    for (let pos = 0, n; (n = readSync(fd, buf, 0, CHUNK, pos)); pos += n) hash.update(buf.subarray(0, n));
    bytesRead = size;
  }
  let records: RecordReader | null = null;
  let cards: CardSplitter | null = null;
  let first = true;
  const startPos = encoding === detected.encoding ? detected.bom : 0;
  hash.update(head.subarray(0, startPos));
  for (let pos = startPos; !workbook; ) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    const last = n === 0;
    if (n) hash.update(buf.subarray(0, n));
    let piece = last ? decode.end() : decode.write(buf.subarray(0, n));
    pos += n;
    bytesRead = pos;
    if (first && isVcard(opts.file, piece)) {
      cards = new CardSplitter();
      startMapping([{ cells: VCARD_HEADERS, line: 0 }]);
    }
    if (cards) {
      first = false;
      for (const card of cards.push(piece, last)) await onCard(card);
      if (last) break;
      continue;
    }
    if (first && !last) {
      first = false;
      if (!delimiter) delimiter = sniffDelimiter(piece);
      if (hasCR) breaks = lineBreakNormaliser(delimiter);
    }
    if (!delimiter) delimiter = ',';
    if (hasCR && !breaks) breaks = lineBreakNormaliser(delimiter);
    if (breaks) piece = breaks(piece, last);
    if (piece.includes('\u0000')) throw new FileProblem('the file holds NUL characters: it may be UTF-16 without a byte-order mark (try --encoding utf-16le)');
    records ??= new RecordReader(delimiter);
    for (const item of records.push(piece, last)) await onItem(item);
    if (last) break;
  }
  if (!mapping) {
    if (!preHeader.some((i) => 'line' in i && i.cells.some((c) => c.trim() !== ''))) throw new FileProblem('the file is empty: no header line');
    for (const i of startMapping(preHeader.splice(0))) await onItem(i);
  }
  await flush(true);
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
