// Exporting leads: CSV or JSON text produced one lead at a time (a million leads never sit
// in memory), and everything held on one person.
import type { DB } from '../store/db.js';
import { extraKeysOf, iterateLeads, requireLead } from '../store/leads.js';
import type { LeadFilter } from '../core/filter.js';
import { personRecord } from '../store/person.js';
import { leadJson, otherPhonesLine, touchJson, type LeadRow } from '../core/lead.js';
import { csvLine } from '../core/csv.js';

/** The lead object's keys, in its order (extra columns come after, one column each). */
function leadKeys(): string[] {
  return Object.keys(leadJson({ extra: null } as unknown as LeadRow)).filter((k) => k !== 'extra');
}

/** Header, then one CSV record per lead. Extra columns a key of the lead object would hide are named `extra.KEY`. */
export function* exportCsv(db: DB, filter: LeadFilter): Generator<string, number> {
  const keys = leadKeys();
  const extra = extraKeysOf(db, filter);
  yield csvLine([...keys, ...extra.map((k) => (keys.includes(k) || k === 'extra' ? `extra.${k}` : k))]);
  let n = 0;
  for (const row of iterateLeads(db, filter)) {
    const j = leadJson(row) as unknown as Record<string, unknown> & { extra: Record<string, unknown> };
    // further phones as one readable cell
    yield csvLine([...keys.map((k) => (k === 'other_phones' ? otherPhonesLine(row) : j[k])), ...extra.map((k) => j.extra[k])]);
    n++;
  }
  return n;
}

/** A JSON array of lead objects, one per line. */
export function* exportJson(db: DB, filter: LeadFilter): Generator<string, number> {
  let n = 0;
  yield '[';
  for (const row of iterateLeads(db, filter)) {
    yield `${n ? ',' : ''}\n${JSON.stringify(leadJson(row))}`;
    n++;
  }
  yield n ? '\n]\n' : ']\n';
  return n;
}

/** Everything held on one person: the lead with every column, merged rows, touches, batch items, imports. */
export function exportPerson(db: DB, id: number) {
  // one read transaction: a consistent picture even while a call session writes
  return db.transaction(() => {
  const lead = requireLead(db, id);
  const r = personRecord(db, lead);
  const full = (row: LeadRow) => ({ ...row, ...leadJson(row) });
  return {
    lead: full(r.lead),
    extra: leadJson(r.lead).extra,
    merged_leads: r.merged.map(full),
    aliases: r.aliases,
    shared_by: r.shared_by,
    touches: r.touches.map((t) => ({ ...t, ...touchJson(t) })),
    batch_items: r.batch_items,
    imports: r.imports.map((i) => ({ ...i, unmapped: typeof i.unmapped === 'string' ? JSON.parse(i.unmapped) : i.unmapped })),
  };
  })();
}
