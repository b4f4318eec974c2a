// One data row of an imported file → the lead it describes, or the reason it cannot be one.
// Pure: the mapping and the row's cells in, plain data out.
import { looksLikeEmail, normaliseEmail, normalisePhone } from '../normalise.js';
import type { ImportField, Mapping } from './headers.js';
import { nameKey, splitName } from './names.js';
import { oneLine, type LeadRow } from '../lead.js';

/** A lead as a row gives it, with the forms used to recognise the same person. */
export type ImportRow = Pick<
  LeadRow,
  | 'first_name' | 'last_name' | 'company' | 'title'
  | 'phone' | 'phone_e164' | 'phone_ext' | 'phone_valid' | 'mobile' | 'mobile_e164' | 'email' | 'email_norm'
  | 'street' | 'city' | 'region' | 'postal_code' | 'country'
  /** unmapped columns (and whole cells split above), as a JSON object, or null */
  | 'extra'
  /** where the row says the lead came from, and its list (`--source` and `--list` win) */
  | 'source' | 'list'
> & { notes: string | null };

/** What recognising a person needs of a lead or a row. */
export type MatchFields = Pick<
  LeadRow,
  'first_name' | 'last_name' | 'company' | 'phone_e164' | 'phone_ext' | 'mobile_e164' | 'email_norm'
>;

export type RowResult = { row: ImportRow } | { reject: string };

/** The key a phone is matched by: E.164, with the extension apart (`+16175550134;ext=12`). */
export function phoneKey(e164: string | null, ext: string | null): string | null {
  if (!e164) return null;
  return ext ? `${e164};ext=${ext}` : e164;
}

/** The keys a lead is recognised by: its phone and mobile (as `tel`), its email. */
export function telKeys(l: { phone_e164: string | null; phone_ext: string | null; mobile_e164: string | null }): string[] {
  const keys: string[] = [];
  const p = phoneKey(l.phone_e164, l.phone_ext);
  if (p) keys.push(p);
  if (l.mobile_e164 && l.mobile_e164 !== p) keys.push(l.mobile_e164);
  return keys;
}

/**
 * The keys a lead or row is recognised by: `t` + each phone (phone and mobile), `e` + the
 * email; a lead with neither is recognised by its whole name and company (`n`), so a list
 * imported twice adds nothing even for rows without a phone or email.
 */
export function matchKeys(l: MatchFields): string[] {
  const keys = telKeys(l).map((k) => 't' + k);
  if (l.email_norm) keys.push('e' + l.email_norm);
  if (!keys.length) keys.push(`n${nameKey(l.first_name)}|${nameKey(l.last_name)}|${nameKey(l.company)}`);
  return keys;
}

// Google Contacts puts several values in one cell: `a@x.example ::: b@y.example`.
const MULTI = / ::: /;

function firstOf(value: string): string {
  return MULTI.test(value) ? value.split(MULTI)[0].trim() : value;
}

/**
 * Builds the lead of one row. Cells are trimmed and made one line (notes aside); an empty cell is no value. A whole name
 * is split when first and last are not given; a second address line joins the street.
 * A phone that is not a possible number is kept as written and flagged (phone_valid 0);
 * an email that does not look like one is kept as written and not used for matching.
 */
export function buildRow(cells: string[], mapping: Mapping, country: string): RowResult {
  const cols = mapping.columns;
  const cell = (f: ImportField): string | null => {
    const i = cols[f];
    if (i === undefined) return null;
    const v = cells[i];
    if (v === undefined) return null;
    const t = v.trim();
    // contact fields are one line; notes keep their line breaks
    return t === '' ? null : f === 'notes' ? t : oneLine(t);
  };
  let extraObj: Record<string, string> | null = null;
  const keep = (header: string, value: string) => {
    (extraObj ??= Object.create(null) as Record<string, string>)[header] = value;
  };
  for (const i of mapping.extra) {
    const v = cells[i];
    if (v === undefined) continue;
    const t = v.trim();
    if (t !== '') keep(mapping.headers[i], t);
  }
  for (let i = mapping.headers.length; i < cells.length; i++) {
    const t = cells[i].trim();
    if (t !== '') keep(`column ${i + 1}`, t);
  }

  let first = cell('first_name');
  let last = cell('last_name');
  const whole = cell('name');
  if (whole && !first && !last) {
    const s = splitName(whole);
    first = s.first;
    last = s.last;
  } else if (whole) keep(mapping.headers[cols.name!], whole);

  const company = cell('company');
  let phone = cell('phone');
  let mobile = cell('mobile');
  let email = cell('email');
  if (phone && MULTI.test(phone)) {
    keep(mapping.headers[cols.phone!], phone);
    phone = firstOf(phone);
  }
  if (mobile && MULTI.test(mobile)) {
    keep(mapping.headers[cols.mobile!], mobile);
    mobile = firstOf(mobile);
  }
  if (email && (MULTI.test(email) || /[;,\s]/.test(email))) {
    const parts = email.split(/ ::: |[;,\s]+/).filter(Boolean);
    if (parts.length > 1) {
      keep(mapping.headers[cols.email!], email);
      email = parts.find(looksLikeEmail) ?? parts[0];
    }
  }
  if (!first && !last && !company && !phone && !mobile && !email) {
    return { reject: 'no name, company, phone or email' };
  }

  let street = cell('street') ?? cell('address');
  const street2 = cell('street2');
  if (street2) street = street ? `${street}, ${street2}` : street2;

  const p = normalisePhone(phone, country);
  const m = normalisePhone(mobile, country);
  return {
    row: {
      first_name: first,
      last_name: last,
      company,
      title: cell('title'),
      phone,
      phone_e164: p?.e164 ?? null,
      phone_ext: p?.ext ?? null,
      phone_valid: p ? (p.valid ? 1 : 0) : null,
      mobile,
      mobile_e164: m?.e164 ?? null,
      email,
      email_norm: email && looksLikeEmail(email) ? normaliseEmail(email) : null,
      street,
      city: cell('city'),
      region: cell('region'),
      postal_code: cell('postal_code'),
      country: cell('country'),
      extra: extraObj ? JSON.stringify(extraObj) : null,
      notes: cell('notes'),
      source: cell('source'),
      list: cell('list'),
    },
  };
}

/** The name forms compared by `namesAgree`. */
export function nameKeys(l: { first_name: string | null; last_name: string | null }) {
  return { first: nameKey(l.first_name), last: nameKey(l.last_name) };
}
