// SQL for leads and their touches.
import type { DB } from './db.js';
import { COUNTED_CHANNELS, type LeadRow, type Status, type TouchRow } from '../core/lead.js';
import { RunError } from '../core/errors.js';

/** Columns a new lead can be given; the rest take their defaults. */
export type NewLead = Partial<Omit<LeadRow, 'id' | 'created_at' | 'updated_at'>>;

export function insertLead(db: DB, lead: NewLead, at: string): number {
  const cols = Object.keys(lead).filter((k) => lead[k as keyof NewLead] !== undefined);
  const sql = `INSERT INTO leads (${[...cols, 'created_at', 'updated_at'].join(', ')})
               VALUES (${[...cols.map((c) => '@' + c), '@at', '@at'].join(', ')})`;
  return Number(db.prepare(sql).run({ ...lead, at }).lastInsertRowid);
}

/** The lead with this id, following the alias of a lead merged into another. */
export function getLead(db: DB, id: number): LeadRow | undefined {
  return db
    .prepare(
      `SELECT * FROM leads WHERE id = coalesce((SELECT lead_id FROM lead_aliases WHERE alias_id = ?), ?)`,
    )
    .get(id, id) as LeadRow | undefined;
}

export function requireLead(db: DB, id: number): LeadRow {
  const lead = getLead(db, id);
  if (!lead) throw new RunError(`no lead ${id}`);
  return lead;
}

export function updateLead(db: DB, id: number, changes: NewLead, at: string): void {
  const cols = Object.keys(changes).filter((k) => changes[k as keyof NewLead] !== undefined);
  if (!cols.length) return;
  db.prepare(`UPDATE leads SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`).run({
    ...changes,
    at,
    id,
  });
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
}

/** Appends a touch to the lead's history; calls, letters and emails count toward its touches. */
export function addTouch(db: DB, t: NewTouch): number {
  const id = db
    .prepare(
      `INSERT INTO touches (lead_id, at, channel, code, result, stage, note, data, session_id, batch_id, import_id)
       VALUES (@lead_id, @at, @channel, @code, @result, @stage, @note, @data, @session_id, @batch_id, @import_id)`,
    )
    .run({
      code: null,
      result: null,
      stage: null,
      note: null,
      session_id: null,
      batch_id: null,
      import_id: null,
      ...t,
      data: t.data ? JSON.stringify(t.data) : null,
    }).lastInsertRowid;
  if (COUNTED_CHANNELS.has(t.channel)) {
    db.prepare('UPDATE leads SET touch_count = touch_count + 1 WHERE id = ?').run(t.lead_id);
  }
  return Number(id);
}

export function touchesOf(db: DB, leadId: number): TouchRow[] {
  return db.prepare('SELECT * FROM touches WHERE lead_id = ? ORDER BY at, id').all(leadId) as TouchRow[];
}

export interface LeadFilter {
  code?: number;
  stage?: string;
  status?: Status;
  source?: string;
  list?: string;
  /** next contact at or before this ISO moment */
  dueBy?: string;
  limit?: number;
  /** only leads flagged as sharing a phone or email with another lead (`shares_with`) */
  duplicates?: boolean;
  sort?: 'id' | 'name' | 'company' | 'created' | 'next' | 'called' | 'touches';
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

export function listLeads(db: DB, f: LeadFilter): LeadRow[] {
  // a lead merged into another is no longer a lead of its own (migration 0005)
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
  return db.prepare(sql).all(params) as LeadRow[];
}

/**
 * Leads whose name, company, email or notes contain the text, or whose phone holds its
 * digits (so "(555) 100-2000", "555.100.2000" and "5551002000" find the same lead).
 */
export function findLeads(db: DB, text: string, limit = 200): LeadRow[] {
  const like = `%${text.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const digits = text.replace(/\D/g, '');
  return db
    .prepare(
      `SELECT * FROM leads WHERE merged_into IS NULL AND (
         (first_name || ' ' || coalesce(last_name, '')) LIKE @like ESCAPE '\\'
         OR last_name LIKE @like ESCAPE '\\'
         OR company LIKE @like ESCAPE '\\'
         OR email LIKE @like ESCAPE '\\'
         OR phone LIKE @like ESCAPE '\\'
         OR (length(@digits) >= 4 AND (phone_e164 LIKE '%' || @digits || '%' OR mobile_e164 LIKE '%' || @digits || '%'))
         OR id IN (SELECT lead_id FROM touches WHERE note LIKE @like ESCAPE '\\'))
       ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id
       LIMIT @limit`,
    )
    .all({ like, digits, limit }) as LeadRow[];
}
