// What the import's reader (a worker thread) sends the writer (the main thread): rows as
// one string of fields joined by NUL, a fixed number of fields a row, so a batch crosses
// threads as one copy and is split in one call. Pure.
import type { ImportRow } from './row.js';
import { leadNameKey } from './names.js';

/** Field order of a row on the wire. */
export const WIRE = [
  'line',
  'first_name',
  'last_name',
  'company',
  'title',
  'phone',
  'phone_e164',
  'phone_ext',
  'phone_valid',
  'mobile',
  'mobile_e164',
  'email',
  'email_norm',
  'street',
  'city',
  'region',
  'postal_code',
  'country',
  'other_phones',
  /** leads.name_key: set for a row with no phone, mobile or email */
  'name_key',
  'extra',
  'notes',
  'source',
  'list',
  /** refs of leads or earlier rows with one of this row's phones or its email: `12,-3` */
  'candidates',
  /** '' or the reason of a suppression matching the row: `registry`, `forget` */
  'suppressed',
] as const;
export const NF = WIRE.length;
export const W = Object.fromEntries(WIRE.map((k, i) => [k, i])) as Record<(typeof WIRE)[number], number>;

export const SEP = '\u0000';

/** Appends a row's fields to a batch (an empty string is no value). */
export function pushRow(out: string[], line: number, row: ImportRow, candidates: string, suppressed: string): void {
  out.push(
    String(line),
    row.first_name ?? '',
    row.last_name ?? '',
    row.company ?? '',
    row.title ?? '',
    row.phone ?? '',
    row.phone_e164 ?? '',
    row.phone_ext ?? '',
    row.phone_valid === null ? '' : String(row.phone_valid),
    row.mobile ?? '',
    row.mobile_e164 ?? '',
    row.email ?? '',
    row.email_norm ?? '',
    row.street ?? '',
    row.city ?? '',
    row.region ?? '',
    row.postal_code ?? '',
    row.country ?? '',
    row.other_phones ?? '',
    row.phone_e164 || row.mobile_e164 || row.email_norm ? '' : leadNameKey(row.first_name, row.last_name, row.company),
    row.extra ?? '',
    row.notes ?? '',
    row.source ?? '',
    row.list ?? '',
    candidates,
    suppressed,
  );
}

/** The row at `base` of a split batch, back as an ImportRow. */
export function rowAt(f: string[], base: number): ImportRow {
  const v = (i: number) => (f[base + i] === '' ? null : f[base + i]);
  return {
    first_name: v(W.first_name),
    last_name: v(W.last_name),
    company: v(W.company),
    title: v(W.title),
    phone: v(W.phone),
    phone_e164: v(W.phone_e164),
    phone_ext: v(W.phone_ext),
    phone_valid: f[base + W.phone_valid] === '' ? null : Number(f[base + W.phone_valid]),
    mobile: v(W.mobile),
    mobile_e164: v(W.mobile_e164),
    email: v(W.email),
    email_norm: v(W.email_norm),
    street: v(W.street),
    city: v(W.city),
    region: v(W.region),
    postal_code: v(W.postal_code),
    country: v(W.country),
    other_phones: v(W.other_phones),
    extra: v(W.extra),
    notes: v(W.notes),
    source: v(W.source),
    list: v(W.list),
  };
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
  | { type: 'rows'; text: string; n: number; rejects: { line: number; reason: string }[]; bytes: number; blank: number }
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
  rejectsFile?: string;
  batchRows: number;
}
