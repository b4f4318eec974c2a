// SQL for leads and their touches.
import type { DB } from './db.js';
import { prepared } from './statements.js';
import { COUNTED_CHANNELS, type LeadRow, type TouchRow } from '../core/lead.js';
import { RunError } from '../core/errors.js';
import { foldText, type SearchTerms } from '../core/search.js';
import type { LeadFilter } from '../core/filter.js';
import { NAME_KEY_SOURCES, nameKeyOf, type NameKeyFields } from '../core/import/names.js';

/** Columns a new lead can be given; the rest take their defaults. */
export type NewLead = Partial<Omit<LeadRow, 'id' | 'created_at' | 'updated_at'>>;

export function insertLead(db: DB, lead: NewLead, at: string): number {
  const cols = Object.keys(lead).filter((k) => lead[k as keyof NewLead] !== undefined);
  const sql = `INSERT INTO leads (${[...cols, 'created_at', 'updated_at'].join(', ')})
               VALUES (${[...cols.map((c) => '@' + c), '@at', '@at'].join(', ')})`;
  const id = Number(db.prepare(sql).run({ ...lead, at }).lastInsertRowid);
  refreshNameKey(db, id, cols);
  return id;
}

/** Sets the lead's name_key (migration 0005) after a change to what it depends on; an erased person has none. */
function refreshNameKey(db: DB, id: number, cols: string[]): void {
  if (!cols.some((c) => (NAME_KEY_SOURCES as readonly string[]).includes(c))) return;
  const l = db
    .prepare(`SELECT ${NAME_KEY_SOURCES.join(', ')}, forgotten_at FROM leads WHERE id = ?`)
    .get(id) as NameKeyFields & { forgotten_at: string | null };
  db.prepare('UPDATE leads SET name_key = ? WHERE id = ?').run(l.forgotten_at ? null : nameKeyOf(l), id);
}

/** The lead with this id, following the alias of a lead merged into another. */
export function getLead(db: DB, id: number): LeadRow | undefined {
  return prepared(db, `SELECT * FROM leads WHERE id = coalesce((SELECT lead_id FROM lead_aliases WHERE alias_id = ?), ?)`).get(id, id) as
    | LeadRow
    | undefined;
}

export function requireLead(db: DB, id: number): LeadRow {
  const lead = getLead(db, id);
  if (!lead) throw new RunError(`no lead ${id}`);
  return lead;
}

export function updateLead(db: DB, id: number, changes: NewLead, at: string): void {
  const cols = Object.keys(changes).filter((k) => changes[k as keyof NewLead] !== undefined);
  if (!cols.length) return;
  prepared(db, `UPDATE leads SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`).run({
    ...changes,
    at,
    id,
  });
  refreshNameKey(db, id, cols);
}

export interface NewTouch {
  lead_id: number;
  at: string;
  channel: string;
  code?: number | null;
  result?: string | null;
  stage?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  session_id?: number | null;
  batch_id?: number | null;
  import_id?: number | null;
  duration_s?: number | null;
  /** a call's time on the lead's clock, `YYYY-MM-DDTHH:MM` */
  local_at?: string | null;
}

/** Appends a touch to the lead's history; calls, letters and emails count toward its touches. */
export function addTouch(db: DB, t: NewTouch): number {
  const id = prepared(
    db,
    `INSERT INTO touches (lead_id, at, channel, code, result, stage, note, data, session_id, batch_id, import_id, duration_s, local_at)
     VALUES (@lead_id, @at, @channel, @code, @result, @stage, @note, @data, @session_id, @batch_id, @import_id, @duration_s, @local_at)`,
  ).run({
      code: null,
      result: null,
      stage: null,
      note: null,
      session_id: null,
      batch_id: null,
      import_id: null,
      duration_s: null,
      local_at: null,
      ...t,
      data: t.data ? JSON.stringify(t.data) : null,
    }).lastInsertRowid;
  if (COUNTED_CHANNELS.has(t.channel)) {
    prepared(db, 'UPDATE leads SET touch_count = touch_count + 1 WHERE id = ?').run(t.lead_id);
  }
  return Number(id);
}

export function touchesOf(db: DB, leadId: number): TouchRow[] {
  return db.prepare('SELECT * FROM touches WHERE lead_id = ? ORDER BY at, id').all(leadId) as TouchRow[];
}

const ORDER: Record<NonNullable<LeadFilter['sort']>, string> = {
  id: 'id',
  name: 'last_name COLLATE NOCASE, first_name COLLATE NOCASE, id',
  company: 'company COLLATE NOCASE, id',
  created: 'created_at, id',
  next: 'next_contact_at IS NULL, next_contact_at, id',
  called: 'last_called_at IS NULL, last_called_at DESC, id',
  touches: 'touch_count DESC, id',
};

/** The SELECT of the leads a filter picks, in its order: shared by list and export. */
function leadQuery(f: LeadFilter): { sql: string; params: Record<string, unknown> } {
  // a lead merged into another is no longer a lead of its own (migration 0003)
  const where: string[] = ['merged_into IS NULL'];
  const params: Record<string, unknown> = {};
  const eq = (col: keyof LeadFilter, column: string) => {
    if (f[col] === undefined) return;
    where.push(`${column} = @${col}`);
    params[col] = f[col];
  };
  eq('code', 'code');
  eq('stage', 'stage');
  eq('status', 'status');
  eq('source', 'source');
  eq('list', 'list');
  if (f.duplicates) where.push('shares_with IS NOT NULL');
  if (f.dueBy !== undefined) {
    where.push('next_contact_at <= @dueBy');
    params.dueBy = f.dueBy;
  }
  const sql =
    `SELECT * FROM leads ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ` +
    `ORDER BY ${ORDER[f.sort ?? 'id']}` +
    (f.limit !== undefined ? ' LIMIT @limit' : '');
  if (f.limit !== undefined) params.limit = f.limit;
  return { sql, params };
}

export function listLeads(db: DB, f: LeadFilter): LeadRow[] {
  const { sql, params } = leadQuery(f);
  return db.prepare(sql).all(params) as LeadRow[];
}

/** The same leads as listLeads, one row at a time: memory stays flat for a million leads. */
export function iterateLeads(db: DB, f: LeadFilter): IterableIterator<LeadRow> {
  const { sql, params } = leadQuery(f);
  return db.prepare(sql).iterate(params) as IterableIterator<LeadRow>;
}

/** The keys of the extra (unmapped import) columns the filtered leads hold, sorted. */
export function extraKeysOf(db: DB, f: LeadFilter): string[] {
  const { sql, params } = leadQuery(f);
  return (
    db
      .prepare(`SELECT DISTINCT j.key AS key FROM (${sql}) AS l, json_each(l.extra) AS j WHERE l.extra IS NOT NULL ORDER BY j.key`)
      .all(params) as { key: string }[]
  ).map((r) => r.key);
}

function registerFold(db: DB): void {
  db.function('leads_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldText(v) : null));
}

/** Digits of a phone column as written (SQLite has no regex replace). */
const digitsOf = (col: string) =>
  ['+', ' ', '-', '(', ')', '.', '/'].reduce((sql, ch) => `replace(${sql}, '${ch}', '')`, col);

/**
 * Leads whose name (either order), company, email, phone as written or notes contain the
 * text, case and accents aside; or, when the text reads as a phone number, whose phone or
 * mobile holds its digits or its normalised form (so "(555) 100-2000", "555.100.2000",
 * "+1 555 100 2000" and "5551002000" find the same lead).
 */
export function findLeads(db: DB, { like, digits, e164 }: SearchTerms, limit = 200): IterableIterator<LeadRow> {
  registerFold(db);
  // char(1) between fields: a search never matches across two of them
  const haystack = `leads_fold(concat_ws(char(1), first_name || ' ' || last_name, last_name || ' ' || first_name,
    last_name || ', ' || first_name, first_name, last_name, company, email, phone, mobile))`;
  return db
    .prepare(
      `SELECT * FROM leads WHERE merged_into IS NULL AND (
         ${haystack} LIKE @like ESCAPE '\\'
         OR (length(@digits) >= 4 AND (
              phone_e164 LIKE '%' || @digits || '%' OR mobile_e164 LIKE '%' || @digits || '%'
              OR ${digitsOf('phone')} LIKE '%' || @digits || '%' OR ${digitsOf('mobile')} LIKE '%' || @digits || '%'))
         OR (@e164 <> '' AND (phone_e164 = @e164 OR mobile_e164 = @e164))
         OR id IN (SELECT lead_id FROM touches WHERE note IS NOT NULL AND leads_fold(note) LIKE @like ESCAPE '\\'))
       ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id
       LIMIT @limit`,
    )
    .iterate({ like, digits, e164, limit }) as IterableIterator<LeadRow>;
}
