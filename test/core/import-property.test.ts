// Property tests of the import's hot path against the references: papaparse's records
// (with our line-break normalising and piecewise feeding) against csv-parse and against the
// records the files were generated from; the NANP phone fast path against libphonenumber.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { RecordReader } from '../../dist/core/import/records.js';
import { lineBreakNormaliser } from '../../dist/core/import/text.js';
import { fastNanp, normalisePhone } from '../../dist/core/normalise.js';
import { rng } from '../reliability/util.js';

const PIECES = ['a', 'Zoë', 'O\'Brien', ' padded ', ',', '"', '""', '\n', '\r\n', ';', '\t', '|', '€', '555-0100', '+1', 'é', 'x y', '=SUM(A1)'];

function genRecords(r: () => number, delimiter: string): string[][] {
  const cols = 1 + Math.floor(r() * 6);
  const rows = 1 + Math.floor(r() * 40);
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) {
      let f = '';
      const n = Math.floor(r() * 5);
      for (let k = 0; k < n; k++) f += PIECES[Math.floor(r() * PIECES.length)];
      if (delimiter !== ',' && f.includes(delimiter)) f = f.split(delimiter).join('');
      row.push(f);
    }
    // a record that would read as a blank line is not a record in either parser
    if (row.length === 1 && row[0] === '') row[0] = 'v';
    out.push(row);
  }
  return out;
}

function serialise(records: string[][], delimiter: string, eol: () => string): string {
  return records
    .map(
      (row) =>
        row.map((f) => (/["\r\n]/.test(f) || f.includes(delimiter) || f.startsWith(' ') ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter) + eol(),
    )
    .join('');
}

function readAll(text: string, delimiter: string, r: () => number): string[][] {
  const reader = new RecordReader(delimiter);
  const norm = lineBreakNormaliser(delimiter);
  const out: string[][] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(r() * 50);
    const last = i + size >= text.length;
    for (const item of reader.push(norm(text.slice(i, i + size), last), last)) {
      if (!('line' in item)) throw new Error(`broken record at line ${item.broken}`);
      if (item.cells.length === 1 && item.cells[0] === '') continue;
      out.push(item.cells);
    }
    i += size;
  }
  return out;
}

describe('papaparse with our feeding agrees with csv-parse and with the generated records', () => {
  it('300 generated files, LF or CRLF, four delimiters, random pieces', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const delimiter = [',', ';', '\t', '|'][seed % 4];
      const records = genRecords(r, delimiter);
      const eolKind = r() < 0.5 ? '\n' : '\r\n';
      const text = serialise(records, delimiter, () => eolKind);
      const ours = readAll(text, delimiter, r);
      expect(ours, `seed ${seed}`).toEqual(records);
      const theirs = parse(text, { delimiter, relax_column_count: true, record_delimiter: eolKind }) as string[][];
      expect(ours, `seed ${seed} against csv-parse`).toEqual(theirs);
    }
  });

  it('300 files that mix LF, CRLF and CR between records: the generated records come back', () => {
    for (let seed = 1001; seed <= 1300; seed++) {
      const r = rng(seed);
      const delimiter = [',', ';'][seed % 2];
      const records = genRecords(r, delimiter);
      const text = serialise(records, delimiter, () => ['\n', '\r\n', '\r'][Math.floor(r() * 3)]);
      expect(readAll(text, delimiter, r), `seed ${seed}`).toEqual(records);
    }
  });
});

describe('the NANP fast path agrees with libphonenumber', () => {
  it.each([
    ['(617) 555-0134', '+16175550134'],
    ['617.555.0134', '+16175550134'],
    ['6175550134', '+16175550134'],
    ['+1 617 555 0134', '+16175550134'],
    ['1-617-555-0134', '+16175550134'],
    ['(111) 222-3333', undefined], // area code 1xx: left to libphonenumber
    ['617-155-0134', undefined], // exchange 1xx
    ['617-555-0134 x12', undefined], // an extension
    ['+44 20 7946 0958', undefined],
    ['555-0134', undefined],
    ['617 555 0134 +', undefined],
  ])('%j → %s', (text, e164) => {
    expect(fastNanp(text, 'US')?.e164).toBe(e164);
  });

  it('outside the NANP a 10-digit number is not taken for a North American one', () => {
    expect(fastNanp('0351 1234567', 'DE')).toBeUndefined();
    expect(fastNanp('+1 617 555 0134', 'DE')?.e164).toBe('+16175550134');
  });

  it('20,000 random numbers in random formats: same validity as libphonenumber, an E.164 only for a valid one', () => {
    const r = rng(42);
    const FMT = [
      (a: string, e: string, l: string) => `(${a}) ${e}-${l}`,
      (a: string, e: string, l: string) => `${a}-${e}-${l}`,
      (a: string, e: string, l: string) => `${a}.${e}.${l}`,
      (a: string, e: string, l: string) => `${a}${e}${l}`,
      (a: string, e: string, l: string) => `+1 ${a} ${e} ${l}`,
      (a: string, e: string, l: string) => `1-${a}-${e}-${l}`,
    ];
    const d = (lo: number, hi: number) => String(lo + Math.floor(r() * (hi - lo + 1)));
    let fast = 0;
    for (let i = 0; i < 20000; i++) {
      const text = FMT[Math.floor(r() * FMT.length)](d(200, 999), d(100, 999), d(0, 9999).padStart(4, '0'));
      const p = parsePhoneNumberFromString(text, 'US');
      // a number not valid in the country gets no E.164: it is dialled as written
      const want = p && p.isValid() ? { e164: p.number, valid: true } : { e164: null, valid: false };
      const got = normalisePhone(text, 'US')!;
      expect({ e164: got.e164, valid: got.valid }, text).toEqual(want);
      if (fastNanp(text, 'US')) fast++;
    }
    expect(fast).toBeGreaterThan(15000);
  });
});
