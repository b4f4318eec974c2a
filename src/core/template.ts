// Letter and email templates: plain text with merge fields `{{first_name}}`, and a
// fallback for an empty value, `{{first_name|Sir or Madam}}`. Unknown fields are refused
// when the template is read (naming the template, line and field), not discovered in the
// middle of a batch.
import { RunError } from './errors.js';
import { oneLine } from './lead.js';

/** The merge fields a template may use. */
export const MERGE_FIELDS = [
  'first_name',
  'last_name',
  'name',
  'company',
  'title',
  'street',
  'city',
  'region',
  'postal_code',
  'country',
  'phone',
  'email',
  'date',
  'sender.name',
  'sender.company',
  'sender.street',
  'sender.city',
  'sender.region',
  'sender.postal_code',
  'sender.country',
  'sender.phone',
  'sender.email',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Partial<Record<MergeField, string | null>>;

type Part = string | { field: MergeField; fallback: string };

export interface Template {
  name: string;
  /** the `Subject:` first line of an email template, itself a template */
  subject: Part[] | null;
  /** the body, line by line */
  lines: Part[][];
}

const FIELD = /\{\{\s*([^}|]*?)\s*(?:\|([^}]*))?\}\}/g;

function parseLine(text: string, name: string, line: number): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(FIELD)) {
    const field = m[1] as MergeField;
    if (!(MERGE_FIELDS as readonly string[]).includes(field)) {
      throw new RunError(`template ${name} line ${line}: unknown merge field {{${m[1]}}}; the fields are ${MERGE_FIELDS.join(', ')}`);
    }
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ field, fallback: m[2] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * Reads a template. With `withSubject`, the first line must be `Subject: ...` (an email).
 * Line ends are normalised; trailing blank lines are dropped.
 */
export function parseTemplate(text: string, name: string, withSubject = false): Template {
  const all = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  let subject: Part[] | null = null;
  let first = 0;
  if (withSubject) {
    const m = /^subject:[ \t]*(.*)$/i.exec(all[0] ?? '');
    if (!m || !m[1].trim()) throw new RunError(`template ${name} line 1: an email template starts with a "Subject: ..." line`);
    subject = parseLine(m[1].trim(), name, 1);
    first = 1;
    while (first < all.length && !all[first].trim()) first++;
  }
  return { name, subject, lines: all.slice(first).map((l, i) => parseLine(l, name, first + i + 1)) };
}

const value = (p: Exclude<Part, string>, values: MergeValues) => {
  const v = values[p.field];
  // one line even for a value stored before contact fields were made one line
  return v !== null && v !== undefined && v.trim() !== '' ? oneLine(v.trim()) : p.fallback;
};

/**
 * The text after a merged value, without the stop or comma the value already ends with:
 * "{{company}}." with "Lakeside Clinic Ltd." reads "Ltd.", not "Ltd..". "Inc.," stays.
 */
function afterValue(merged: string, text: string): string {
  if (/[.!?…]$/.test(merged) && text.startsWith('.') && !text.startsWith('..')) return text.slice(1);
  if (merged.endsWith(',') && text.startsWith(',')) return text.slice(1);
  return text;
}

function renderLine(parts: Part[], values: MergeValues): string {
  let out = '';
  let merged = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += afterValue(merged, p);
      merged = '';
    } else {
      merged = value(p, values);
      out += merged;
    }
  }
  return out;
}

/**
 * The body with the values merged. A line made only of fields that are all empty (a
 * signature's company line when there is no company) is left out, as mail merge does.
 */
export function renderBody(t: Template, values: MergeValues): string {
  const out: string[] = [];
  for (const parts of t.lines) {
    const onlyFields = parts.length > 0 && parts.every((p) => typeof p !== 'string' || !p.trim());
    const text = renderLine(parts, values);
    if (onlyFields && !text.trim()) continue;
    out.push(text);
  }
  return out.join('\n') + '\n';
}

export function renderSubject(t: Template, values: MergeValues): string {
  return t.subject ? oneLine(renderLine(t.subject, values)).trim() : '';
}
