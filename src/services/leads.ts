// Use cases on one lead: add, edit, note. Each runs in one transaction.
import { refuseErased } from '../core/forget.js';
import type { DB } from '../store/db.js';
import { addTouch, findLeads as findStored, insertLead, requireLead, updateLead } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { countrySetting } from '../core/settings.js';
import { CONTACT_FIELDS, oneLine, type ContactField, type ContactFields, type LeadRow } from '../core/lead.js';
import { FIELD_CAP } from '../core/import/row.js';
import { looksLikeEmail, matchColumns } from '../core/normalise.js';
import { UsageError } from '../core/errors.js';
import { checkNextContact, toIso } from '../core/dates.js';
import { searchTerms } from '../core/search.js';

function defaultCountry(db: DB): string {
  return countrySetting(currentSettings(db));
}

/**
 * Why a contact field's value cannot be kept, or null: an email must look like one, and a
 * value is at most as long as an import takes it. Asked of each answer as it is given.
 */
export function contactProblem(field: ContactField, value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (field === 'email' && !looksLikeEmail(v)) return 'does not look like an email address';
  if (v.length > FIELD_CAP) return `is longer than ${FIELD_CAP.toLocaleString('en-US')} characters`;
  return null;
}

/** Blank strings are "no value"; each field one line; an email must look like one. */
function clean(fields: ContactFields): ContactFields {
  const out: ContactFields = {};
  for (const k of CONTACT_FIELDS) {
    const v = fields[k];
    if (v === undefined) continue;
    const problem = contactProblem(k, v);
    if (problem) throw new UsageError(`--${flagOf(k)} ${problem}`);
    out[k] = v === null || v.trim() === '' ? null : oneLine(v);
  }
  return out;
}

/** The flag a field is given by, for messages: `first_name` is --first, `postal_code` --postal-code. */
const flagOf = (field: ContactField) => field.replace(/_name$/, '').replace(/_/g, '-');

export function addLead(db: DB, fields: ContactFields, now: Date, note?: string): LeadRow {
  const f = clean(fields);
  if (!reachable(f)) {
    throw new UsageError('a lead needs at least a name, a company, a phone or an email');
  }
  const at = toIso(now);
  return db.transaction(() => {
    const id = insertLead(db, { ...f, ...matchColumns(f, defaultCountry(db)) }, at);
    addTouch(db, { lead_id: id, at, channel: 'edit', note: 'added by hand' });
    if (note) addTouch(db, { lead_id: id, at, channel: 'note', note });
    return requireLead(db, id);
  }).immediate();
}

/** A lead must keep something to name or reach it by. */
export function reachable(f: ContactFields | LeadRow): boolean {
  return Boolean(f.first_name || f.last_name || f.company || f.phone || f.mobile || f.email);
}

/**
 * Changes contact fields and the priority; the `edit` touch records each one's old and new
 * value. Returns the lead and the fields that actually changed (none: no touch is recorded).
 */
export function editLead(db: DB, id: number, fields: ContactFields, now: Date, priority?: number): { lead: LeadRow; changed: string[] } {
  const f: Record<string, string | number | null | undefined> = { ...clean(fields), priority };
  const at = toIso(now);
  return db.transaction(() => {
    const lead = requireLead(db, id);
    refuseErased(lead, 'edit');
    const changed: Record<string, { from: string | number | null; to: string | number | null }> = {};
    for (const [k, v] of Object.entries(f)) {
      if (v === undefined) continue;
      const old = lead[k as keyof LeadRow] as string | number | null;
      if (old !== v) changed[k] = { from: old, to: v };
    }
    if (!Object.keys(changed).length) return { lead, changed: [] };
    const next = Object.fromEntries(Object.entries(changed).map(([k, c]) => [k, c.to]));
    if (!reachable({ ...lead, ...next })) {
      throw new UsageError('a lead needs at least a name, a company, a phone or an email; this edit would clear them all');
    }
    updateLead(db, lead.id, { ...next, ...matchColumns(next, defaultCountry(db)) }, at);
    addTouch(db, { lead_id: lead.id, at, channel: 'edit', data: { changed } });
    return { lead: requireLead(db, lead.id), changed: Object.keys(changed) };
  }).immediate();
}

export function addNote(db: DB, id: number, text: string, now: Date, next?: Date): LeadRow {
  if (!text.trim()) throw new UsageError('the note is empty');
  const at = toIso(now);
  return db.transaction(() => {
    const lead = requireLead(db, id);
    refuseErased(lead, 'note');
    if (next) checkNextContact(next, now);
    addTouch(db, { lead_id: lead.id, at, channel: 'note', note: text, data: next ? { next: toIso(next) } : null });
    updateLead(db, lead.id, next ? { next_contact_at: toIso(next) } : {}, at);
    return requireLead(db, lead.id);
  }).immediate();
}

/** Leads matching the text typed: names, company, email, notes, or a phone in any format. */
export function findLeads(db: DB, text: string, limit: number): LeadRow[] {
  return findStored(db, searchTerms(text, defaultCountry(db)), limit);
}
