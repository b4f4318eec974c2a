// One data row of an imported file → the lead it describes, or the reason it cannot be one.
// Pure: the mapping and the row's cells in, plain data out.
import { looksLikeEmail, normaliseEmail, normalisePhone } from '../normalise.js';
import type { AddressField, Block, ImportField, Mapping } from './headers.js';
import { keyedByName, leadNameKey, splitName } from './names.js';
import { oneLine, type ImportedColumn, type LeadRow } from '../lead.js';

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
  if (keyedByName(l)) keys.push('n' + leadNameKey(l.first_name, l.last_name, l.company));
  return keys;
}

// Google Contacts puts several values in one cell: `a@x.example ::: b@y.example`.
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

/**
 * Builds the lead of one row. Cells are trimmed, contact fields made one line (notes and
 * kept columns keep their line breaks); an empty cell is no value. Each field
 * takes the first of its candidate columns that holds a value; the address comes whole
 * from the first block that has one. A whole name is split when first and last are not
 * given; a second address line joins the street. Further phones are kept as other phones,
 * other values of a field with the lead's kept columns. A phone that is not a possible
 * number is kept as written and flagged (phone_valid 0); an email that does not look like
 * one is kept as written and not used for matching. A cell over its field's cap rejects the row.
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
  const others: { label: string; number: string }[] = [];
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

  const company = field('company');
  const multi = (hit: { v: string; col: number } | null, asPhones: boolean): string | null => {
    if (!hit) return null;
    if (!MULTI.test(hit.v)) return hit.v;
    const parts = hit.v.split(MULTI).map((x) => x.trim()).filter(Boolean);
    if (asPhones) for (const p of parts.slice(1)) others.push({ label: mapping.headers[hit.col], number: p });
    else keep(mapping.headers[hit.col], hit.v);
    return parts[0] ?? null;
  };
  const phone = multi(phoneHit, true);
  const mobile = multi(mobileHit, true);
  const email = emailHit ? oneEmail(emailHit.v, () => keep(mapping.headers[emailHit.col], emailHit.v)) : null;
  if (!first && !last && !company && !phone && !mobile && !email) {
    return { reject: 'no name, company, phone or email' };
  }

  const addr = addressOf(mapping, value, keep);
  const p = normalisePhone(phone, country);
  const m = normalisePhone(mobile, country);
  // contact fields are one line; notes and the columns kept with the lead stay as written
  const line = (v: string | null) => (v === null ? null : oneLine(v));
  return {
    row: {
      first_name: line(first),
      last_name: line(last),
      company: line(company),
      title: line(field('title')),
      phone: line(phone),
      phone_e164: p?.e164 ?? null,
      phone_ext: p?.ext ?? null,
      phone_valid: p ? (p.valid ? 1 : 0) : null,
      mobile: line(mobile),
      mobile_e164: m?.e164 ?? null,
      email: line(email),
      email_norm: email && looksLikeEmail(email) ? normaliseEmail(email) : null,
      street: line(addr.street),
      city: line(addr.city),
      region: line(addr.region),
      postal_code: line(addr.postal_code),
      country: line(addr.country),
      other_phones: others.length ? JSON.stringify(others) : null,
      extra: extraObj ? JSON.stringify(extraObj) : null,
      notes: field('notes'),
      source: field('source'),
      list: field('list'),
    },
  };
}

/**
 * The address to use of an email cell that holds several (`a@x ::: b@y`, `a@x; b@y`): the
 * first that looks like one, the whole cell kept with the lead by `keepCell`.
 */
function oneEmail(cell: string, keepCell: () => void): string {
  const parts = MULTI.test(cell) || /[;,\s]/.test(cell) ? cell.split(/ ::: |[;,\s]+/).filter(Boolean) : [];
  if (parts.length <= 1) return cell;
  keepCell();
  return parts.find(looksLikeEmail) ?? parts[0];
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

type Address = Record<'street' | 'city' | 'region' | 'postal_code' | 'country', string | null>;

/** The address of the first block that has one (never two mixed); the other blocks' values are kept with the lead. */
function addressOf(mapping: Mapping, value: (i: number) => string | null, keep: (h: string, v: string) => void): Address {
  const out: Address = { street: null, city: null, region: null, postal_code: null, country: null };
  const blocks = mapping.addresses;
  if (!blocks.length) return out;
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
        else got[f] = v;
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
  return out;
}
