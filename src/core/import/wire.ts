// What the import's reader thread sends the import service: rows as one string of fields
// joined by NUL, a fixed number of fields a row, so a batch crosses threads as one copy and
// is split in one call. A row's fields are the lead's imported columns in their defined
// order (core/lead.ts), between its line number and what the reader found for it. Pure.
import { IMPORTED_COLUMNS, checkedNames, type ImportedColumn } from '../lead.js';
import type { ImportRow } from './row.js';
import { nameKeyOf } from './names.js';

type WireField = 'line' | ImportedColumn | 'notes' | 'candidates' | 'suppressed';

/**
 * Field order of a row on the wire. `candidates`: refs of leads or earlier rows with one of
 * this row's phones or its email (`12,-3`: lead 12, the third row the reader sent); `suppressed`:
 * '' or the reason of a suppression matching the row (`registry`, `forget`).
 */
export const WIRE: readonly WireField[] = ['line', ...IMPORTED_COLUMNS, 'notes', 'candidates', 'suppressed'];
export const NF = WIRE.length;
export const W = Object.fromEntries(WIRE.map((k, i) => [k, i])) as Record<WireField, number>;

export const SEP = '\u0000';

const FIRST_COLUMN = W[IMPORTED_COLUMNS[0]];
const PHONE_VALID = W.phone_valid;

// pushRow and rowAt are made once from the column list, as one straight read or write a
// column: a loop over the names (`row[name]`) costs about three times as much a row, which
// V8 cannot specialise, and a big import pays it a million times. The names are the
// program's own, checked to be plain identifiers.
const COLUMNS = checkedNames(IMPORTED_COLUMNS);
const text = (v: string | number | null) => (v === null ? '' : typeof v === 'string' ? v : String(v));
const value = (v: string) => (v === '' ? null : v);
const number = (v: string) => (v === '' ? null : Number(v));

const pushFields = new Function(
  'out', 'line', 'row', 'candidates', 'suppressed', 'text', 'nameKeyOf',
  `out.push(String(line), ${COLUMNS.map((c) => (c === 'name_key' ? 'text(nameKeyOf(row))' : `text(row.${c})`)).join(', ')}, text(row.notes), candidates, suppressed);`,
) as (out: string[], line: number, row: ImportRow, candidates: string, suppressed: string, t: typeof text, k: typeof nameKeyOf) => void;

const readRow = new Function(
  'f', 'b', 'value', 'number',
  `return { ${COLUMNS.filter((c) => c !== 'name_key')
    .map((c) => `${c}: ${W[c] === PHONE_VALID ? 'number' : 'value'}(f[b + ${W[c]}])`)
    .join(', ')}, notes: value(f[b + ${W.notes}]) };`,
) as (f: string[], b: number, v: typeof value, n: typeof number) => ImportRow;

/** Appends a row's fields to a batch (an empty string is no value); the name key is worked out here. */
export function pushRow(out: string[], line: number, row: ImportRow, candidates: string, suppressed: string): void {
  pushFields(out, line, row, candidates, suppressed, text, nameKeyOf);
}

/** The row at `base` of a split batch, back as an ImportRow. */
export function rowAt(f: string[], base: number): ImportRow {
  return readRow(f, base, value, number);
}

/** A split batch: its fields, and how many rows they are. */
export interface WireBatch {
  f: string[];
  n: number;
}

export function splitBatch(text: string, n: number): WireBatch {
  return { f: text.split(SEP), n };
}

/** The field at `i` of the row at `base`: null for an empty one. */
export function fieldAt(f: string[], base: number, i: number): string | null {
  const v = f[base + i];
  return v === '' ? null : v;
}

/** The lead's imported columns of the row at `base`, in IMPORTED_COLUMNS order, as they are stored. */
export function columnValues(f: string[], base: number): (string | number | null)[] {
  const out: (string | number | null)[] = new Array(IMPORTED_COLUMNS.length);
  for (let i = 0; i < out.length; i++) {
    const v = f[base + FIRST_COLUMN + i];
    out[i] = v === '' ? null : FIRST_COLUMN + i === PHONE_VALID ? Number(v) : v;
  }
  return out;
}

/** Messages from the reader. */
export type ReaderMessage =
  | {
      type: 'start';
      /** what the file was read as */
      format: 'csv' | 'xlsx' | 'vcard';
      encoding: string;
      delimiter: string;
      /** the sheet read, for a workbook */
      sheet: string | null;
      headers: string[];
      mapped: Record<string, string>;
      /** each field's columns in the order a row tries them */
      candidates: Record<string, string[]>;
      unmapped: string[];
      renamed: { from: string; to: string; column: number }[];
    }
  | {
      type: 'rows';
      text: string;
      n: number;
      rejects: { line: number; reason: string }[];
      bytes: number;
      blank: number;
      /** rows whose ZIP was padded, and whose email cell held no address */
      padded: number;
      badEmails: number;
    }
  | { type: 'done'; sha256: string; bytes: number }
  | { type: 'error'; message: string; usage?: boolean };

export interface ReaderOptions {
  file: string;
  dbPath: string;
  /** how the reader learns the leads already there: all their keys up front, a look-up a row, or none */
  existing: 'scan' | 'lookup' | 'none';
  existingLeads: number;
  encoding?: string;
  delimiter?: string;
  /** the sheet of a workbook to read (default the first) */
  sheet?: string;
  overrides: Record<string, string>;
  country: string;
  /** `--source` and `--list`: they win over the row's own */
  source: string | null;
  list: string | null;
  rejectsFile?: string;
  batchRows: number;
}
