// The lead: its fields, and the shape it takes in `--json` output (SPEC "Commands").

/** Contact fields a person can set with `add` and `edit` (and an import can fill). */
export const CONTACT_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'title',
  'phone',
  'mobile',
  'email',
  'street',
  'city',
  'region',
  'postal_code',
  'country',
  'source',
  'list',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactFields = Partial<Record<ContactField, string | null>>;

/** Line breaks of every kind (CR, LF, VT, FF, NEL, line and paragraph separators) with the blanks around them. */
const LINE_BREAKS = /[ \t]*[\n\v\f\r\u0085\u2028\u2029]+[ \t]*/g;

/**
 * A contact field is one line: a break inside a name, company or address cell is folded to
 * a space, so no value can split a header, a greeting or a record it is written into.
 */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

export const STATUSES = ['prospect', 'cycle', 'sold', 'disqualified'] as const;
export type Status = (typeof STATUSES)[number];

/** A row of the leads table, as the store returns it. */
export interface LeadRow {
  id: number;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  phone_e164: string | null;
  phone_ext: string | null;
  phone_valid: number | null;
  mobile: string | null;
  mobile_e164: string | null;
  email: string | null;
  email_norm: string | null;
  street: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  time_zone: string | null;
  source: string | null;
  list: string | null;
  priority: number;
  extra: string | null;
  status: Status;
  code: number | null;
  stage: string | null;
  stage_at: string | null;
  thinking_count: number;
  cycles: number;
  attempts: number;
  touch_count: number;
  last_called_at: string | null;
  next_contact_at: string | null;
  do_not_call: number;
  do_not_email: number;
  do_not_mail: number;
  shares_with: number | null;
  import_id: number | null;
  forgotten_at: string | null;
  created_at: string;
  updated_at: string;
  /** set on a lead merged into another (migration 0003): no longer a lead of its own */
  merged_into: number | null;
  /** further phones from an import, a JSON array of {label, number} (migration 0005) */
  other_phones: string | null;
  /** folded names and company of a lead with no phone, mobile or email (migration 0005) */
  name_key: string | null;
}

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
    data: t.data ? (JSON.parse(t.data) as Record<string, unknown>) : null,
  };
}

/** "Ann Baker", or the company, or the phone: what to call the lead on a screen. */
export function displayName(l: Pick<LeadRow, 'first_name' | 'last_name' | 'company' | 'phone' | 'id'>): string {
  const name = [l.first_name, l.last_name].filter(Boolean).join(' ');
  return name || l.company || `lead ${l.id}`;
}

/** Touches that count toward "eight to ten touches to reach a prospect". */
export const COUNTED_CHANNELS = new Set(['call', 'letter', 'email']);
