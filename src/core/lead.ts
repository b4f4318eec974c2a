// The lead: its fields, and the shape it takes in `--json` output (SPEC "Commands").

/**
 * The lead's columns, once: what each holds and what it is to the program. Everything else
 * is derived from this table: the row type, the contact fields, the columns an import writes
 * (in the order its reader sends them), those `leads forget` erases and those the nightly
 * sort reads, so a column added here cannot be left out of any of them.
 * - contact: a field a person can set with `add` and `edit` (and an import can fill)
 * - imported: written by an import from the file's row
 * - personal: says who the person is or how to reach them; erased by `leads forget`
 * - formOf: a form of another field the program works out to match by (E.164, the folded
 *   email, the name key); it moves with that field and is never shown as a change of its own
 * - batch: read by the nightly sort (which batch, the address, the letter's merge fields)
 */
export const LEAD_COLUMNS = [
  col('id', 'int', { batch: true }),
  col('first_name', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('last_name', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('company', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('title', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('phone', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('phone_e164', 'text?', { imported: true, personal: true, formOf: 'phone' }),
  col('phone_ext', 'text?', { imported: true, personal: true, formOf: 'phone' }),
  /** 1 when the phone is a valid number for its country, 0 when kept as written */
  col('phone_valid', 'int?', { imported: true, personal: true, formOf: 'phone' }),
  col('mobile', 'text?', { contact: true, imported: true, personal: true }),
  col('mobile_e164', 'text?', { imported: true, personal: true, formOf: 'mobile' }),
  col('email', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('email_norm', 'text?', { imported: true, personal: true, formOf: 'email' }),
  col('street', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('city', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('region', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('postal_code', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  col('country', 'text?', { contact: true, imported: true, personal: true, batch: true }),
  /** further phones from an import, a JSON array of {label, number} (migration 0005) */
  col('other_phones', 'text?', { imported: true, personal: true }),
  /** folded names and company of a lead with no phone, mobile or email (migration 0005) */
  col('name_key', 'text?', { imported: true, personal: true, formOf: 'names' }),
  /** the unmapped columns of its import, a JSON object */
  col('extra', 'text?', { imported: true, personal: true }),
  // source and list say which list a lead came from (cost per lead): kept by forget
  col('source', 'text?', { contact: true, imported: true }),
  col('list', 'text?', { contact: true, imported: true }),
  col('time_zone', 'text?', { personal: true }),
  /** another lead this one shares a phone or email with: a link between two people */
  col('shares_with', 'int?', { personal: true }),
  col('priority', 'int'),
  col('status', 'status', { batch: true }),
  col('code', 'int?'),
  col('stage', 'text?', { batch: true }),
  col('stage_at', 'text?'),
  col('thinking_count', 'int'),
  col('cycles', 'int'),
  col('attempts', 'int'),
  col('touch_count', 'int'),
  col('last_called_at', 'text?'),
  col('next_contact_at', 'text?', { batch: true }),
  /** why the next contact is when it is: a retry's plan, as a JSON object (src/core/retry.ts) */
  col('next_plan', 'text?'),
  /** when the lead came to us by itself (a web form, a call): first in the queue while fresh */
  col('inbound_at', 'text?'),
  col('do_not_call', 'int', { batch: true }),
  col('do_not_email', 'int', { batch: true }),
  col('do_not_mail', 'int', { batch: true }),
  col('import_id', 'int?'),
  col('forgotten_at', 'text?', { batch: true }),
  col('created_at', 'text'),
  col('updated_at', 'text'),
  /** set on a lead merged into another (migration 0003): no longer a lead of its own */
  col('merged_into', 'int?', { batch: true }),
] as const;

type ColumnType = 'int' | 'int?' | 'text' | 'text?' | 'status';
interface ColumnTags {
  contact?: true;
  imported?: true;
  personal?: true;
  formOf?: 'phone' | 'mobile' | 'email' | 'names';
  batch?: true;
}

function col<N extends string, T extends ColumnType, G extends ColumnTags = Record<never, never>>(name: N, type: T, tags?: G) {
  return { name, type, ...(tags ?? ({} as G)) };
}

type Column = (typeof LEAD_COLUMNS)[number];
type ValueOf<T extends ColumnType> = T extends 'int' ? number : T extends 'int?' ? number | null : T extends 'text' ? string : T extends 'text?' ? string | null : Status;
type Tagged<G extends keyof ColumnTags> = Extract<Column, Record<G, unknown>>['name'];
const tagged = <G extends keyof ColumnTags>(g: G) => LEAD_COLUMNS.filter((c) => g in c).map((c) => c.name) as Tagged<G>[];

/** A row of the leads table, as the store returns it. */
export type LeadRow = { [C in Column as C['name']]: ValueOf<C['type']> };

/** Contact fields a person can set with `add` and `edit` (and an import can fill). */
export const CONTACT_FIELDS: readonly ContactField[] = tagged('contact');
export type ContactField = Tagged<'contact'>;
export type ContactFields = Partial<Record<ContactField, string | null>>;

/** The columns an import writes from a row, in the order its reader sends them. */
export const IMPORTED_COLUMNS: readonly ImportedColumn[] = tagged('imported');
export type ImportedColumn = Tagged<'imported'>;

/** The columns the nightly sort reads of a lead: to choose its batch, address it and merge it into a letter. */
export const BATCH_LEAD_COLUMNS: readonly BatchLeadColumn[] = tagged('batch');
export type BatchLeadColumn = Tagged<'batch'>;

/** The columns that hold personal data: `leads forget` sets every one of them to null. */
export const PERSONAL_COLUMNS: readonly PersonalColumn[] = tagged('personal');
export type PersonalColumn = Tagged<'personal'>;

const FORMS = new Set<string>(LEAD_COLUMNS.filter((c) => 'formOf' in c).map((c) => c.name));

/** A field with the forms worked out from it: `phone` → phone, phone_e164, phone_ext, phone_valid. */
export function withForms(field: string): string[] {
  return [field, ...LEAD_COLUMNS.filter((c) => 'formOf' in c && c.formOf === field).map((c) => c.name)];
}

/** Whether a column is a form worked out from another field (so not a change a person made). */
export function isForm(column: string): boolean {
  return FORMS.has(column);
}

/** Line breaks of every kind (CR, LF, VT, FF, NEL, line and paragraph separators) with the blanks around them. */
const LINE_BREAKS = /[ \t]*[\n\v\f\r\u0085\u2028\u2029]+[ \t]*/g;

/**
 * A contact field is one line: a break inside a name, company or address cell is folded to
 * a space, so no value can split a header, a greeting or a record it is written into.
 */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

/**
 * A street written on several lines as one, as an envelope's street line reads: the lines
 * joined by commas (`1 Main St` / `Suite 4` → `1 Main St, Suite 4`; a comma ending a line
 * not doubled), a line that is only a house number before the next with a space (`25334` /
 * `South Dr` → `25334 South Dr`).
 */
export function streetLine(text: string): string {
  const lines = text.split(LINE_BREAKS);
  if (lines.length === 1) return text;
  let out = '';
  let before = '';
  for (const raw of lines) {
    const l = raw.replace(/,+$/, '').trim();
    if (!l) continue;
    out += !out ? l : /^\d+[a-z]?$/i.test(before) ? ` ${l}` : `, ${l}`;
    before = l;
  }
  return out;
}

export const STATUSES = ['prospect', 'cycle', 'sold', 'disqualified'] as const;
export type Status = (typeof STATUSES)[number];

export interface OtherPhone {
  label: string;
  number: string;
}

/** The lead's further phones on one line, each with where it came from: `555-0102 (Home Phone), ...`; null without any. */
export function otherPhonesLine(row: Pick<LeadRow, 'other_phones'>): string | null {
  const phones = otherPhones(row);
  return phones.length ? phones.map((p) => `${p.number} (${p.label})`).join(', ') : null;
}

/** The lead's further phones. */
export function otherPhones(row: Pick<LeadRow, 'other_phones'>): OtherPhone[] {
  return row.other_phones ? (JSON.parse(row.other_phones) as OtherPhone[]) : [];
}

export interface TouchRow {
  id: number;
  lead_id: number;
  at: string;
  channel: string;
  code: number | null;
  result: string | null;
  stage: string | null;
  note: string | null;
  data: string | null;
  session_id: number | null;
  batch_id: number | null;
  import_id: number | null;
  /** the length of the call in seconds, when it was timed (a call, a stage move on a follow-up call) */
  duration_s: number | null;
  /** a call's time on the lead's own clock, `YYYY-MM-DDTHH:MM` (null for calls logged before calls kept it) */
  local_at?: string | null;
}

/** The SPEC's lead object: snake_case keys, JSON booleans for flags, ISO dates. */
export function leadJson(row: LeadRow) {
  return {
    id: row.id,
    first_name: row.first_name,
    last_name: row.last_name,
    company: row.company,
    title: row.title,
    phone: row.phone,
    phone_e164: row.phone_e164,
    phone_ext: row.phone_ext,
    mobile: row.mobile,
    other_phones: otherPhones(row),
    email: row.email,
    street: row.street,
    city: row.city,
    region: row.region,
    postal_code: row.postal_code,
    country: row.country,
    time_zone: row.time_zone,
    source: row.source,
    list: row.list,
    priority: row.priority,
    status: row.status,
    code: row.code,
    stage: row.stage,
    thinking_count: row.thinking_count,
    touch_count: row.touch_count,
    attempts: row.attempts,
    last_called_at: row.last_called_at,
    next_contact_at: row.next_contact_at,
    inbound_at: row.inbound_at,
    do_not_call: row.do_not_call === 1,
    do_not_email: row.do_not_email === 1,
    do_not_mail: row.do_not_mail === 1,
    shares_with: row.shares_with,
    extra: row.extra ? (JSON.parse(row.extra) as Record<string, string>) : {},
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function touchJson(t: TouchRow) {
  return {
    id: t.id,
    at: t.at,
    channel: t.channel,
    code: t.code,
    result: t.result,
    stage: t.stage,
    note: t.note,
    batch_id: t.batch_id,
    // a call's length (null when not timed); a stage move made on a follow-up call has one too
    ...(t.channel === 'call' || (t.duration_s !== null && t.duration_s !== undefined) ? { duration_s: t.duration_s ?? null } : {}),
    ...(t.channel === 'call' ? { local_at: t.local_at ?? null } : {}),
    data: t.data ? (JSON.parse(t.data) as Record<string, unknown>) : null,
  };
}

/** Chinese, Japanese and Korean letters (Han, kana, hangul): names in these scripts are written family name first. */
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u30fc]+$/u;

/**
 * The person's name: "Ann Baker", "王伟" (a Chinese, Japanese or Korean name family name
 * first, with no space); "" when the lead names no person (a company, a phone).
 */
export function personName(l: Pick<LeadRow, 'first_name' | 'last_name'>): string {
  const first = l.first_name?.trim() ?? '';
  const last = l.last_name?.trim() ?? '';
  if (first && last && CJK.test(first) && CJK.test(last)) return last + first;
  return [first, last].filter(Boolean).join(' ');
}

/** What to call the lead on a screen or in a file: the person's name, else the company, else "lead 12". */
export function displayName(l: Pick<LeadRow, 'first_name' | 'last_name' | 'company' | 'id'>): string {
  return personName(l) || l.company?.trim() || `lead ${l.id}`;
}

/** Touches that count toward "eight to ten touches to reach a prospect". */
export const COUNTED_CHANNELS = new Set(['call', 'letter', 'email']);
