// Forgetting a person (`leads forget ID`): what of a lead and its history is personal data
// and goes, and what is an anonymous outcome and stays so the reports stay right.
import { RunError } from './errors.js';
import { CONTACT_FIELDS, PERSONAL_COLUMNS, otherPhones, STATUSES, type LeadRow, type TouchRow } from './lead.js';
import { OUTCOME_COLUMNS, RESULT_NAMES } from './outcome.js';
import { normaliseEmail } from './normalise.js';
import { phoneCountry } from './country.js';
import { suppressionPhone, type SuppressionKind } from './suppress.js';
import { nameKey } from './import/names.js';

/** An erased person stays out of the cycle for good: nothing is recorded on them again. */
export function refuseErased(lead: Pick<LeadRow, 'id' | 'forgotten_at'>, what: string): void {
  if (lead.forgotten_at) throw new RunError(`lead ${lead.id} was erased with \`leads forget\`: no ${what} can be recorded on it`);
}

/**
 * The new columns of a forgotten lead: every column the lead's definition marks personal
 * gone, out of every queue and batch for good. Kept: source and list (which list a lead
 * came from, for cost per lead), status, codes, stage, counters, dates.
 */
export function forgottenColumns(at: string): Partial<LeadRow> {
  const out: Record<string, unknown> = Object.fromEntries(PERSONAL_COLUMNS.map((c) => [c, null]));
  return {
    ...out,
    forgotten_at: at,
    next_contact_at: null,
    do_not_call: 1,
    do_not_email: 1,
    do_not_mail: 1,
  } as Partial<LeadRow>;
}

/** True while the row still holds any of its personal columns. */
export function holdsPersonalData(row: LeadRow): boolean {
  return PERSONAL_COLUMNS.some((c) => c !== 'shares_with' && row[c] !== null && row[c] !== '');
}

const STAGES = ['quote', 'thinking', 'application', 'delivery', 'sold', 'done'];
const CHANNELS = ['call', 'letter', 'email', 'note', 'stage', 'release', 'import', 'edit', 'dnc', 'merge', 'undo', 'forget'];
const COLUMN_NAMES = [
  ...CONTACT_FIELDS,
  ...OUTCOME_COLUMNS,
  'phone_e164', 'phone_ext', 'phone_valid', 'mobile_e164', 'email_norm', 'time_zone', 'extra',
  'do_not_call', 'do_not_email', 'do_not_mail', 'priority', 'shares_with',
];
/** Strings a touch's data may keep: names of things the program itself writes, never a person's. */
const WORDS = new Set<string>([
  ...STAGES,
  ...STATUSES,
  ...CHANNELS,
  ...COLUMN_NAMES,
  ...RESULT_NAMES,
  'letter', 'email', 'follow_up',
]);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function scrubValue(v: unknown): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return ISO.test(v) || WORDS.has(v) ? v : null;
  if (Array.isArray(v)) return v.map(scrubValue);
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, scrubValue(x)]));
  }
  return null;
}

/**
 * A touch's `data` with every value that could be personal set to null: a string stays only
 * when it is a date or a word of the program's own (a stage, a flag, a field name); numbers,
 * booleans and the shape stay, so a report or an undo still reads codes, flags and dates.
 * Old and new values of an edit, the differing fields of a merge, a call's earlier email,
 * a registry's file name: null.
 */
export function scrubTouchData(data: string | null): string | null {
  if (data === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  return JSON.stringify(scrubValue(parsed));
}

/** The columns of a touch after forgetting: its note goes (free text), its data scrubbed. */
export function scrubbedTouch(t: Pick<TouchRow, 'note' | 'data'>): { note: null; data: string | null } {
  return { note: null, data: scrubTouchData(t.data) };
}

export interface Contact {
  kind: SuppressionKind;
  /** E.164 or the lower-cased email: what a suppression hash is made of */
  value: string;
}

/** Every phone and email value an edit or merge touch recorded (old addresses the person had). */
function touchContacts(data: string | null): { phones: string[]; emails: string[] } {
  const phones: string[] = [];
  const emails: string[] = [];
  if (!data) return { phones, emails };
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return { phones, emails };
  }
  const take = (field: string, v: unknown) => {
    if (typeof v !== 'string' || !v) return;
    if (field === 'phone' || field === 'mobile') phones.push(v);
    else if (field === 'email') emails.push(v);
  };
  for (const key of ['changed', 'filled', 'differing']) {
    const m = d[key];
    if (!m || typeof m !== 'object' || Array.isArray(m)) continue;
    for (const [field, v] of Object.entries(m as Record<string, unknown>)) {
      if (v && typeof v === 'object') {
        take(field, (v as Record<string, unknown>).from);
        take(field, (v as Record<string, unknown>).to);
      } else take(field, v);
    }
  }
  // an edit's and an import's values before and after: a number an import replaced is hers too
  for (const side of [d.before, d.after]) {
    if (!side || typeof side !== 'object') continue;
    const v = side as Record<string, unknown>;
    take('phone', v.phone);
    take('mobile', v.mobile);
    take('email', v.email);
    if (typeof v.other_phones === 'string') {
      try {
        for (const p of otherPhones({ other_phones: v.other_phones })) take('phone', p.number);
      } catch {
        // a value that is not the JSON the import writes holds no phone to keep
      }
    }
  }
  return { phones, emails };
}

/**
 * The phones and emails to keep as hashed suppressions: those of the lead (further phones
 * included) and of the rows merged into it, and the earlier ones its history recorded,
 * normalised, without repeats.
 */
export function contactsToSuppress(rows: LeadRow[], touches: Pick<TouchRow, 'data'>[], defaultCountry: string): Contact[] {
  const out = new Map<string, Contact>();
  let country = defaultCountry;
  const phone = (v: string | null) => {
    if (!v) return;
    const e164 = v.startsWith('+') && /^\+\d{6,15}$/.test(v) ? v : suppressionPhone(v, country);
    if (e164) out.set(`phone:${e164}`, { kind: 'phone', value: e164 });
  };
  const email = (v: string | null) => {
    const n = normaliseEmail(v);
    if (n) out.set(`email:${n}`, { kind: 'email', value: n });
  };
  for (const r of rows) {
    // each row's phones as they were read: in its own country
    country = phoneCountry(r.country, defaultCountry);
    phone(r.phone_e164 ?? r.phone);
    phone(r.mobile_e164 ?? r.mobile);
    // a further phone (a home number) would bring the person back as someone's main phone
    for (const p of otherPhones(r)) phone(p.number);
    email(r.email_norm ?? r.email);
  }
  country = phoneCountry(rows[0]?.country, defaultCountry);
  for (const t of touches) {
    const c = touchContacts(t.data);
    c.phones.forEach(phone);
    c.emails.forEach(email);
  }
  return [...out.values()];
}

/** The words of a person's names, folded as names are compared (two letters or more). */
function nameWords(rows: Pick<LeadRow, 'first_name' | 'last_name'>[]): Set<string> {
  const words = new Set<string>();
  for (const r of rows) {
    for (const part of [r.first_name, r.last_name]) {
      for (const w of (part ?? '').split(/[\s\-.,'’]+/)) {
        const k = nameKey(w);
        if (k.length >= 2) words.add(k);
      }
    }
  }
  return words;
}

/**
 * The name an import's record keeps for its file once a person it brought is forgotten:
 * the file's own, unless that names them (`Zed Zebrowski.vcf`) or the file held them alone
 * (a card sent for one person), when it becomes `erased-lead-ID` with its extension.
 */
export function importFileAfterForget(
  file: string,
  rowsRead: number,
  rows: Pick<LeadRow, 'id' | 'first_name' | 'last_name'>[],
): string | null {
  const base = file.split(/[\\/]/).pop() ?? file;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot) : '';
  const words = nameWords(rows);
  // the folders it was read from count too (`clients/zebrowski/card.vcf`)
  const names = file
    .slice(0, file.length - ext.length)
    .split(/[^\p{L}\p{N}]+/u)
    .some((w) => words.has(nameKey(w)));
  return names || rowsRead <= 1 ? `erased-lead-${rows[0].id}${ext}` : null;
}
