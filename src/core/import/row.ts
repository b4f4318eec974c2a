// One data row of an imported file → the lead it describes, or the reason it cannot be one.
// Pure: the mapping and the row's cells in, plain data out.
import { emailAddress, normaliseEmail, normalisePhone } from '../normalise.js';
import { countryCode, phoneCountry } from '../country.js';
import { countryOfRegion } from '../zones.js';
import type { AddressField, Block, ImportField, Mapping } from './headers.js';
import { keyedByName, leadNameKey, splitName } from './names.js';
import { oneLine, streetLine, type ImportedColumn, type LeadRow, type OtherPhone } from '../lead.js';

/**
 * A lead as a row gives it: the columns an import writes (the name key aside, which follows
 * from them), with the forms used to recognise the same person; its other phones and
 * unmapped columns as JSON; its note.
 */
export type ImportRow = Pick<LeadRow, Exclude<ImportedColumn, 'name_key'>> & { notes: string | null };

/** What recognising a person needs of a lead or a row. */
export type MatchFields = Pick<
  LeadRow,
  'first_name' | 'last_name' | 'company' | 'phone_e164' | 'phone_ext' | 'mobile_e164' | 'email_norm'
>;


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
  if (keyedByName(l)) keys.push('n' + leadNameKey(l.first_name, l.last_name, l.company));
  return keys;
}

// Google Contacts puts several values in one cell: `555-0100 ::: 555-0101`.
const MULTI = / ::: /;

/** Longest a field may be: names, company, title, address and the rest; notes and kept columns. */
export const FIELD_CAP = 1000;
export const LONG_CAP = 64 * 1024;

/** The cap of a column: notes and columns kept with the lead hold more than a name. */
export function capOf(mapping: Mapping, col: number): number {
  return col >= mapping.headers.length || mapping.extra.includes(col) || mapping.candidates.notes?.includes(col) ? LONG_CAP : FIELD_CAP;
}

const BLOCK_ORDER: Record<Block, number> = { business: 0, primary: 1, home: 2, other: 3 };

/** The block a Google `Type`/`Label` value names: `Work`, `Main`, `Home`, `Other` or one of the person's own. */
function typeBlock(type: string | null): Block {
  const t = (type ?? '').toLowerCase();
  if (/work|business|office|arbeit|travail|trabajo|lavoro|werk/.test(t)) return 'business';
  if (!t || /main|primary|pref/.test(t)) return 'primary';
  if (/home|privat|domicile|casa|thuis/.test(t)) return 'home';
  return 'other';
}

/** A row's mobile and pager/fax, as Google types them. */
const MOBILE_TYPE = /mobile|cell|handy|movil|portable|cellulare|mobiel/i;
const NOT_CALLED_TYPE = /pager|fax|telex/i;

/** A lead as a row or a card gives it, before it is normalised: values as written, trimmed. */
export interface Gathered {
  first: string | null;
  last: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  mobile: string | null;
  /** the email as written (an address, a display name and an address, several, or none that is one) */
  email: string | null;
  /** where the email came from (its column): a cell that is not only one address is kept under it */
  emailLabel: string;
  /** where the postal code came from: a padded ZIP is kept as written under `<label> as written` */
  postalLabel: string;
  address: Address;
  others: OtherPhone[];
  /** kept with the lead (leads.extra), or null for none */
  extra: Record<string, string> | null;
  notes: string | null;
  source: string | null;
  list: string | null;
}

/** Flags of a row, counted in the import's summary. */
export const ZIP_PADDED = 1;
export const EMAIL_NOT_ADDRESS = 2;

export type RowResult = { row: ImportRow; flags: number } | { reject: string };

/**
 * Builds the lead of one row. Cells are trimmed; an empty cell is no value. Each field
 * takes the first of its candidate columns that holds a value; the address comes whole
 * from the first block that has one. A whole name is split when first and last are not
 * given; a second address line joins the street. Further phones are kept as other phones,
 * other values of a field with the lead's kept columns. A cell over its field's cap
 * rejects the row. `country`: where a row without a country of its own is (finishRow).
 */
export function buildRow(cells: string[], mapping: Mapping, country: string): RowResult {
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].length > FIELD_CAP) {
      const cap = capOf(mapping, i);
      if (cells[i].length > cap) return { reject: tooLong(mapping, i, cap) };
    }
  }
  const value = (i: number): string | null => {
    const v = cells[i];
    if (v === undefined) return null;
    const t = v.trim();
    return t === '' ? null : t;
  };
  let extraObj: Record<string, string> | null = null;
  const keep = (header: string, v: string) => {
    (extraObj ??= Object.create(null) as Record<string, string>)[header] = v;
  };
  const others: OtherPhone[] = [];
  for (const i of mapping.extra) {
    const v = value(i);
    if (v !== null) keep(mapping.headers[i], v);
  }
  for (let i = mapping.headers.length; i < cells.length; i++) {
    const v = value(i);
    if (v !== null) keep(`column ${i + 1}`, v);
  }
  /** The first candidate with a value; the values of the others are kept (as phones, or with the lead). */
  const pick = (cols: number[] | undefined, phones: boolean): { v: string; col: number } | null => {
    let got: { v: string; col: number } | null = null;
    if (!cols) return null;
    for (const c of cols) {
      const v = value(c);
      if (v === null) continue;
      if (!got) got = { v, col: c };
      else if (v === got.v) continue;
      else if (phones) others.push({ label: mapping.headers[c], number: v });
      else keep(mapping.headers[c], v);
    }
    return got;
  };
  const cand = mapping.candidates;
  const field = (f: ImportField) => pick(cand[f], false)?.v ?? null;

  let phoneHit = pick(cand.phone, true);
  let mobileHit = pick(cand.mobile, true);
  let emailHit = pick(cand.email, false);
  if (mapping.typed.length) {
    const typed = typedValues(mapping, value, keep);
    for (const t of typed) {
      const hit = { v: t.v, col: t.col };
      if (t.kind === 'email') {
        if (!emailHit) emailHit = hit;
        else keep(mapping.headers[t.col], t.v);
      } else if (t.kind === 'mobile' && !mobileHit) mobileHit = hit;
      else if (t.kind === 'phone' && !phoneHit) phoneHit = hit;
      else others.push({ label: mapping.headers[t.col] + (t.type ? ` (${t.type})` : ''), number: t.v });
    }
  }

  let first = field('first_name');
  let last = field('last_name');
  const wholeHit = pick(cand.name, false);
  if (wholeHit && !first && !last) {
    const s = splitName(wholeHit.v);
    first = s.first;
    last = s.last;
  } else if (wholeHit) keep(mapping.headers[wholeHit.col], wholeHit.v);

  const multi = (hit: { v: string; col: number } | null): string | null => {
    if (!hit) return null;
    if (!MULTI.test(hit.v)) return hit.v;
    const parts = hit.v.split(MULTI).map((x) => x.trim()).filter(Boolean);
    for (const p of parts.slice(1)) others.push({ label: mapping.headers[hit.col], number: p });
    return parts[0] ?? null;
  };
  const { address, postalCol } = addressOf(mapping, value, keep);
  return finishRow(
    {
      first,
      last,
      company: field('company'),
      title: field('title'),
      phone: multi(phoneHit),
      mobile: multi(mobileHit),
      email: emailHit?.v ?? null,
      emailLabel: emailHit ? mapping.headers[emailHit.col] : '',
      postalLabel: postalCol < 0 ? '' : mapping.headers[postalCol],
      address,
      others,
      extra: extraObj,
      notes: field('notes'),
      source: field('source'),
      list: field('list'),
    },
    country,
  );
}

/**
 * The lead a gathered row or card makes, or why it cannot be one. Contact fields are made
 * one line (notes and kept columns keep their line breaks). Phones are read in the row's own
 * country (its country column, else `country`); one that is not a valid number there is kept
 * as written and flagged (phone_valid 0), with no E.164. The email is the first address the
 * cell holds (`Cy <cy@a.example>` → `cy@a.example`); a cell holding none is kept with the lead,
 * never as its email, and flagged. A US ZIP of 3 or 4 digits beside a US state lost its
 * leading zeros in a spreadsheet: padded, flagged, and kept as written with the lead.
 */
export function finishRow(g: Gathered, country: string): RowResult {
  let flags = 0;
  let extra = g.extra;
  const keep = (label: string, v: string) => {
    (extra ??= Object.create(null) as Record<string, string>)[label] = v;
  };
  let email: string | null = null;
  if (g.email !== null) {
    email = emailAddress(g.email);
    if (email === null) {
      const parts = g.email.split(EMAIL_SEPARATORS);
      for (let i = 0; i < parts.length && email === null; i++) email = emailAddress(parts[i]);
      // several addresses, or no address at all: the cell is kept whole
      keep(g.emailLabel, g.email);
      if (email === null) flags |= EMAIL_NOT_ADDRESS;
    }
  }
  const { first, last, company, phone, mobile } = g;
  if (!first && !last && !company && !phone && !mobile && !email) {
    return { reject: g.email === null ? 'no name, company, phone or email' : 'no name, company or phone, and the email is not an address' };
  }
  const addr = g.address;
  if (addr.postal_code !== null && addr.postal_code.length < 5 && isClippedZip(addr.postal_code, addr.region, addr.country)) {
    keep(`${g.postalLabel || 'ZIP'} as written`, addr.postal_code);
    addr.postal_code = addr.postal_code.padStart(5, '0');
    flags |= ZIP_PADDED;
  }
  const at = addr.country === null ? country : phoneCountry(addr.country, country);
  const p = normalisePhone(phone, at);
  const m = normalisePhone(mobile, at);
  // contact fields are one line; notes and the columns kept with the lead stay as written
  const line = (v: string | null) => (v === null ? null : oneLine(v));
  return {
    row: {
      first_name: line(first),
      last_name: line(last),
      company: line(company),
      title: line(g.title),
      phone: line(phone),
      phone_e164: p?.e164 ?? null,
      phone_ext: p?.ext ?? null,
      phone_valid: p ? (p.valid ? 1 : 0) : null,
      mobile: line(mobile),
      mobile_e164: m?.e164 ?? null,
      email,
      email_norm: email === null ? null : normaliseEmail(email),
      street: addr.street === null ? null : streetLine(addr.street),
      city: line(addr.city),
      region: line(addr.region),
      postal_code: line(addr.postal_code),
      country: line(addr.country),
      other_phones: g.others.length ? JSON.stringify(g.others) : null,
      extra: extra ? JSON.stringify(extra) : null,
      notes: g.notes,
      source: g.source,
      list: g.list,
    },
    flags,
  };
}

// Google Contacts puts several emails in one cell (`a@x ::: b@y`); people write `a@x; b@y`
const EMAIL_SEPARATORS = / ::: |[;,\s]+/;

/** A postal code of 3-4 digits in the US (a US state, and no other country): a ZIP that lost its leading zeros. */
function isClippedZip(code: string, region: string | null, country: string | null): boolean {
  if (!/^\d{3,4}$/.test(code) || region === null || countryOfRegion(region) !== 'US') return false;
  return country === null || countryCode(country) === 'US';
}

/** The reason a row with a cell over its cap is rejected: the column's header and the cap. */
export function tooLong(mapping: Mapping, col: number, cap: number): string {
  const name = col < mapping.headers.length ? mapping.headers[col] : `column ${col + 1}`;
  return `field ${JSON.stringify(name)} longer than ${cap.toLocaleString('en-US')} characters`;
}

/** Google's typed phones and emails of a row, in the order they are tried: by their type, then their number. */
function typedValues(
  mapping: Mapping,
  value: (i: number) => string | null,
  keep: (h: string, v: string) => void,
): { kind: 'phone' | 'mobile' | 'email'; v: string; col: number; type: string | null; order: number }[] {
  const out: { kind: 'phone' | 'mobile' | 'email'; v: string; col: number; type: string | null; order: number }[] = [];
  mapping.typed.forEach((t, n) => {
    const v = value(t.value);
    if (v === null) return;
    const type = t.type === null ? null : value(t.type);
    if (t.kind === 'phone' && type && NOT_CALLED_TYPE.test(type)) {
      keep(mapping.headers[t.value], v);
      return;
    }
    const kind = t.kind === 'phone' && type && MOBILE_TYPE.test(type) ? 'mobile' : t.kind;
    out.push({ kind, v, col: t.value, type, order: BLOCK_ORDER[typeBlock(type)] * 1000 + n });
  });
  return out.sort((a, b) => a.order - b.order);
}

export type Address = Record<'street' | 'city' | 'region' | 'postal_code' | 'country', string | null>;

/**
 * The address of the first block that has one (never two mixed), and the column of its
 * postal code (-1: none); the other blocks' values are kept with the lead.
 */
function addressOf(
  mapping: Mapping,
  value: (i: number) => string | null,
  keep: (h: string, v: string) => void,
): { address: Address; postalCol: number } {
  const out: Address = { street: null, city: null, region: null, postal_code: null, country: null };
  let postalCol = -1;
  const blocks = mapping.addresses;
  if (!blocks.length) return { address: out, postalCol };
  const order = blocks.some((b) => b.type !== null)
    ? blocks
        .map((b, n) => ({ b, k: BLOCK_ORDER[b.type === null ? b.block : typeBlock(value(b.type))] * 1000 + n }))
        .sort((x, y) => x.k - y.k)
        .map((x) => x.b)
    : blocks;
  let chosen = false;
  for (const b of order) {
    const got: Partial<Record<AddressField, string>> = {};
    let any = false;
    for (const [f, cols] of b.fields) {
      for (const c of cols) {
        const v = value(c);
        if (v === null) continue;
        any = true;
        if (chosen || got[f] !== undefined) keep(mapping.headers[c], v);
        else {
          got[f] = v;
          if (f === 'postal_code') postalCol = c;
        }
      }
    }
    if (!any || chosen) continue;
    chosen = true;
    let street = got.street ?? null;
    if (got.address) {
      if (street) keep(mapping.headers[b.cols.address![0]], got.address);
      else street = got.address;
    }
    if (got.street2) street = street ? `${street}, ${got.street2}` : got.street2;
    out.street = street;
    out.city = got.city ?? null;
    out.region = got.region ?? null;
    out.postal_code = got.postal_code ?? null;
    out.country = got.country ?? null;
  }
  return { address: out, postalCol };
}
