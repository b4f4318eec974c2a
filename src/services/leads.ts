// Use cases on one lead: add, edit, note. Each runs in one transaction.
import { refuseErased } from '../core/forget.js';
import type { DB } from '../store/db.js';
import { addTouch, findLeads as findStored, insertLead, requireLead, updateLead } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { countrySetting } from '../core/settings.js';
import { CONTACT_FIELDS, oneLine, type ContactField, type ContactFields, type LeadRow } from '../core/lead.js';
import { FIELD_CAP } from '../core/import/row.js';
import { emailAddress, matchColumns } from '../core/normalise.js';
import { phoneCountry } from '../core/country.js';
import { UsageError } from '../core/errors.js';
import { checkNextContact, toIso } from '../core/dates.js';
import { searchTerms } from '../core/search.js';

function defaultCountry(db: DB): string {
  return countrySetting(currentSettings(db));
}

/**
 * Why a contact field's value cannot be kept, or null: an email must hold an address, as an
 * import reads one, and a value is at most as long as an import takes it. Asked of each
 * answer as it is given; the text typed is not repeated, so an error line carries no
 * personal data.
 */
export function contactProblem(field: ContactField, value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  if (field === 'email' && !emailAddress(v)) return 'is not an email address (name@domain)';
  if (v.length > FIELD_CAP) return `is longer than ${FIELD_CAP.toLocaleString('en-US')} characters`;
  return null;
}

/** Blank strings are "no value"; each field one line; an email is its address (`Cy <cy@a.example>` is `cy@a.example`). */
function clean(fields: ContactFields): ContactFields {
  const out: ContactFields = {};
  for (const k of CONTACT_FIELDS) {
    const v = fields[k];
    if (v === undefined) continue;
    const problem = contactProblem(k, v);
    if (problem) throw new UsageError(`--${flagOf(k)} ${problem}`);
    out[k] = v === null || v.trim() === '' ? null : oneLine(v);
  }
  if (out.email) out.email = emailAddress(out.email);
  return out;
}

/** The flag a field is given by, for messages: `first_name` is --first, `postal_code` --postal-code. */
const flagOf = (field: ContactField) => field.replace(/_name$/, '').replace(/_/g, '-');

/**
 * A new lead by hand, with a first note; `inbound`: it came to us (a web form, a call), so
 * it is first in the queue while fresh.
 */
export function addLead(db: DB, fields: ContactFields, now: Date, o: { note?: string; inbound?: boolean } = {}): LeadRow {
  const f = clean(fields);
  const note = o.note;
  if (!reachable(f)) {
    throw new UsageError('a lead needs at least a name, a company, a phone or an email');
  }
  const at = toIso(now);
  return db.transaction(() => {
    // the lead's phones are read in its own country, as an import reads a row's
    const id = insertLead(db, { ...f, ...matchColumns(f, phoneCountry(f.country, defaultCountry(db))), ...(o.inbound ? { inbound_at: at } : {}) }, at);
    addTouch(db, { lead_id: id, at, channel: 'edit', note: o.inbound ? 'added by hand, inbound' : 'added by hand' });
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
    // a new country reads the phones again in it (the contact fields are text; priority alone is a number)
    const text = next as Record<string, string | null | undefined>;
    const country = 'country' in next ? text.country : lead.country;
    const again = 'country' in next;
    const forms = matchColumns(
      {
        phone: 'phone' in next ? text.phone : again ? lead.phone : undefined,
        mobile: 'mobile' in next ? text.mobile : again ? lead.mobile : undefined,
        email: text.email,
      },
      phoneCountry(country, defaultCountry(db)),
    );
    updateLead(db, lead.id, { ...next, ...forms }, at);
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
/** The leads that match, read one at a time each time they are read. */
export function findLeads(db: DB, text: string, limit: number): () => Iterable<LeadRow> {
  const terms = searchTerms(text, defaultCountry(db));
  return () => findStored(db, terms, limit);
}
