// Exporting leads: CSV or JSON text, or an Excel workbook, produced one lead at a time (a
// million leads never sit in memory), and everything held on one person.
import type { DB } from '../store/db.js';
import { extraKeysOf, iterateLeads, requireLead } from '../store/leads.js';
import type { LeadFilter } from '../core/filter.js';
import { personRecord } from '../store/person.js';
import { leadJson, otherPhonesLine, touchJson, type LeadRow } from '../core/lead.js';
import { csvLine } from '../core/csv.js';
import { writeXlsx, type WorkbookWritten } from '../batches/xlsx.js';

/** The lead object's keys, in its order (extra columns come after, one column each). */
function leadKeys(): string[] {
  return Object.keys(leadJson({ extra: null } as unknown as LeadRow)).filter((k) => k !== 'extra');
}

/**
 * The export's columns (the lead object's keys, then its extra columns; one a key would
 * hide is named `extra.KEY`) and its rows, one lead at a time.
 */
function exportTable(db: DB, filter: LeadFilter): { header: string[]; extra: number; rows: Generator<unknown[]> } {
  const keys = leadKeys();
  const extra = extraKeysOf(db, filter);
  function* rows() {
    for (const row of iterateLeads(db, filter)) {
      const j = leadJson(row) as unknown as Record<string, unknown> & { extra: Record<string, unknown> };
      // further phones as one readable cell
      yield [...keys.map((k) => (k === 'other_phones' ? otherPhonesLine(row) : j[k])), ...extra.map((k) => j.extra[k])];
    }
  }
  return { header: [...keys, ...extra.map((k) => (keys.includes(k) || k === 'extra' ? `extra.${k}` : k))], extra: extra.length, rows: rows() };
}

/** Header, then one CSV record per lead. */
export function* exportCsv(db: DB, filter: LeadFilter): Generator<string, number> {
  const { header, rows } = exportTable(db, filter);
  yield csvLine(header);
  let n = 0;
  for (const r of rows) {
    yield csvLine(r);
    n++;
  }
  return n;
}

/** The columns a spreadsheet must keep as text: phones, postal codes, streets (and the imported columns, whatever they hold). */
const TEXT_COLUMN = /phone|mobile|postal|street/;

/**
 * The leads as a workbook (`path`, a new file): the same columns and rows as the CSV,
 * phones, postal codes and streets as text cells, on as many sheets as Excel needs.
 */
export async function exportXlsx(db: DB, filter: LeadFilter, path: string, shown = path): Promise<WorkbookWritten> {
  const { header, extra, rows } = exportTable(db, filter);
  const columns = header.map((h, i) => ({ header: h, text: TEXT_COLUMN.test(h) || i >= header.length - extra }));
  // flags as TRUE/FALSE, everything else as stored
  const cells = (function* () {
    for (const r of rows) yield r.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | boolean | null)));
  })();
  return writeXlsx(path, 'Leads', columns, cells, shown);
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
