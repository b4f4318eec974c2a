// SQL of `leads import` and `leads imports`: the import's history row, leads written many
// rows to a statement, the indexes set aside during a big load, the history list.
import type { Statement } from 'better-sqlite3';
import { setPageCache, type DB } from './db.js';
import Database from './sqlite.js';
import type { MatchFields } from '../core/import/row.js';
import type { ContactField, LeadRow } from '../core/lead.js';

export interface ImportRecord {
  id: number;
  file: string;
  sha256: string;
  started_at: string;
  finished_at: string | null;
  source: string | null;
  list: string | null;
  cost_cents: number | null;
  read: number;
  inserted: number;
  duplicates: number;
  updated: number;
  rejected: number;
  unmapped: string | null;
  /** when `leads imports undo` took it back (migration 0005) */
  undone_at: string | null;
}

/**
 * An import's one transaction, opened and closed by hand: better-sqlite3's db.transaction()
 * cannot span the awaits between the reader's batches. It takes the write lock first.
 */
export function beginImportTransaction(db: DB): void {
  db.exec('BEGIN IMMEDIATE');
}

/** Ends it: kept, or (a dry run, an error) undone as if it had never begun. */
export function endImportTransaction(db: DB, keep: boolean): void {
  if (db.inTransaction) db.exec(keep ? 'COMMIT' : 'ROLLBACK');
}

export function beginImportRecord(
  db: DB,
  r: { file: string; started_at: string; source: string | null; list: string | null; cost_cents: number | null },
): number {
  return Number(
    db
      .prepare(`INSERT INTO imports (file, sha256, started_at, source, list, cost_cents) VALUES (@file, '', @started_at, @source, @list, @cost_cents)`)
      .run(r).lastInsertRowid,
  );
}

export function finishImportRecord(
  db: DB,
  id: number,
  r: { sha256: string; finished_at: string; read: number; inserted: number; duplicates: number; updated: number; rejected: number; unmapped: string[] },
): void {
  db.prepare(
    `UPDATE imports SET sha256 = @sha256, finished_at = @finished_at, read = @read, inserted = @inserted,
       duplicates = @duplicates, updated = @updated, rejected = @rejected, unmapped = @unmapped WHERE id = @id`,
  ).run({ ...r, unmapped: JSON.stringify(r.unmapped), id });
}

/** An earlier finished import of a file with the same bytes. */
export function earlierImportOf(db: DB, sha256: string, except: number): ImportRecord | undefined {
  return db
    .prepare('SELECT * FROM imports WHERE sha256 = ? AND id <> ? AND finished_at IS NOT NULL AND undone_at IS NULL ORDER BY id LIMIT 1')
    .get(sha256, except) as ImportRecord | undefined;
}

export function listImports(db: DB, limit?: number): ImportRecord[] {
  return db
    .prepare(`SELECT * FROM imports WHERE finished_at IS NOT NULL ORDER BY id DESC ${limit ? 'LIMIT ' + Number(limit) : ''}`)
    .all() as ImportRecord[];
}

export function leadStats(db: DB): { count: number; maxId: number } {
  const r = db.prepare('SELECT count(*) AS count, coalesce(max(id), 0) AS maxId FROM leads').get() as { count: number; maxId: number };
  return r;
}

/** Columns of a new lead that vary by row, in the order `LeadWriter.lead` takes them. */
export const NEW_LEAD_COLUMNS = [
  'id', 'first_name', 'last_name', 'company', 'title', 'phone', 'phone_e164', 'phone_ext', 'phone_valid', 'mobile',
  'mobile_e164', 'email', 'email_norm', 'street', 'city', 'region', 'postal_code', 'country', 'other_phones', 'name_key',
  'extra', 'source', 'list', 'shares_with',
] as const;

const literal = (v: string | number | null): string =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`;

/**
 * Writes new leads and their import touches, many rows to a statement. Two costs of
 * SQLite and better-sqlite3 shape it: the leads table's CHECK constraints with IN lists
 * build an ephemeral table per statement run (about 1.2 µs a row each when rows go one at
 * a time), and binding values costs about as much as the insert itself, so what is the
 * same for the whole import (import id, time, flags) is written into the SQL once.
 */
export class LeadWriter {
  static readonly ROWS = 64;
  private readonly manyLeads;
  private readonly oneLead;
  private readonly manyTouches;
  private readonly partial = new Map<string, Statement<unknown[]>>();
  private readonly db: DB;
  private readonly leadHead: string;
  private readonly leadRow: string;
  private readonly touchHead: string;
  private readonly touchRow: string;
  private leads: unknown[] = [];
  private touches: unknown[] = [];
  private nLeads = 0;
  private nTouches = 0;
  private readonly nc = NEW_LEAD_COLUMNS.length;

  constructor(db: DB, importId: number, at: string) {
    const fixed = `${importId}, ${literal(at)}, ${literal(at)}`;
    const row = `(${NEW_LEAD_COLUMNS.map(() => '?').join(',')}, ?, ?, ?, ${fixed})`;
    const manyRow = `(${NEW_LEAD_COLUMNS.map(() => '?').join(',')}, 0, 0, 0, ${fixed})`;
    const head = `INSERT INTO leads (${NEW_LEAD_COLUMNS.join(', ')}, do_not_call, do_not_email, do_not_mail, import_id, created_at, updated_at) VALUES `;
    this.db = db;
    this.leadHead = head;
    this.leadRow = manyRow;
    this.manyLeads = db.prepare(head + Array(LeadWriter.ROWS).fill(manyRow).join(','));
    this.oneLead = db.prepare(head + row);
    const trow = `(?, ${literal(at)}, 'import', ${importId}, ?, ?)`;
    const thead = 'INSERT INTO touches (lead_id, at, channel, import_id, note, data) VALUES ';
    this.touchHead = thead;
    this.touchRow = trow;
    this.manyTouches = db.prepare(thead + Array(LeadWriter.ROWS).fill(trow).join(','));
  }

  /** The lowest lead id still queued (Infinity when none): a lead at or above it is not in the table yet. */
  pendingFrom(): number {
    return this.nLeads ? (this.leads[0] as number) : Infinity;
  }

  /**
   * Queues a new lead (values in NEW_LEAD_COLUMNS order); one with do-not-contact flags
   * (a suppressed number or address) is written at once.
   */
  lead(values: unknown[], flags?: { call: number; email: number; mail: number }): void {
    if (flags) {
      this.flushLeads();
      this.oneLead.run(...values, flags.call, flags.email, flags.mail);
      return;
    }
    for (let i = 0; i < this.nc; i++) this.leads.push(values[i]);
    if (++this.nLeads === LeadWriter.ROWS) this.flushLeads();
  }

  /** Whether a queued touch of this lead has this note. */
  hasPendingTouch(leadId: number, note: string): boolean {
    for (let i = 0; i < this.touches.length; i += 3) if (this.touches[i] === leadId && this.touches[i + 1] === note) return true;
    return false;
  }

  /** Queues an import touch (written after the queued leads). */
  touch(leadId: number, note: string | null, data: string | null): void {
    this.touches.push(leadId, note, data);
    if (++this.nTouches === LeadWriter.ROWS) {
      this.flushLeads();
      this.flushTouches();
    }
  }

  // Spread, not an array: better-sqlite3 reads arguments faster than array elements.
  private flushLeads(): void {
    if (this.nLeads === LeadWriter.ROWS) this.manyLeads.run(...this.leads);
    else if (this.nLeads) this.sized('l', this.nLeads).run(...this.leads);
    this.leads = [];
    this.nLeads = 0;
  }

  private flushTouches(): void {
    if (this.nTouches === LeadWriter.ROWS) this.manyTouches.run(...this.touches);
    else if (this.nTouches) this.sized('t', this.nTouches).run(...this.touches);
    this.touches = [];
    this.nTouches = 0;
  }

  /** The statement for a batch of n rows (the last of a file, or one cut short to look up a lead). */
  private sized(kind: 'l' | 't', n: number) {
    const key = kind + n;
    let stmt = this.partial.get(key);
    if (!stmt) {
      stmt = this.db.prepare(kind === 'l' ? this.leadHead + Array(n).fill(this.leadRow).join(',') : this.touchHead + Array(n).fill(this.touchRow).join(','));
      this.partial.set(key, stmt);
    }
    return stmt;
  }

  /** Writes everything queued. */
  flush(): void {
    this.flushLeads();
    this.flushTouches();
  }
}

const byId = new WeakMap<DB, Statement<unknown[]>>();

/** What an import compares a repeat row with: the contact fields, their matching forms, the extras, a merge. */
export type ImportedLead = Pick<
  LeadRow,
  'id' | ContactField | 'phone_e164' | 'phone_ext' | 'phone_valid' | 'mobile_e164' | 'email_norm' | 'extra' | 'other_phones'
> & {
  merged_into: number | null;
};

// Only these columns, read as an array and made an object here: better-sqlite3 building
// the object itself (all ~45 columns) cost 11.5 µs a lead on this machine, this 5.5 µs, and
// a million-row repeat import pays it a million times.
const importedLeadSql = `SELECT id, first_name, last_name, company, title, phone, mobile, email, street, city, region,
  postal_code, country, source, list, phone_e164, phone_ext, phone_valid, mobile_e164, email_norm, extra, merged_into,
  other_phones FROM leads WHERE id = ?`;

export function importedLeadById(db: DB, id: number): ImportedLead | undefined {
  let stmt = byId.get(db);
  if (!stmt) byId.set(db, (stmt = db.prepare(importedLeadSql).raw()));
  const r = stmt.get(id) as [number, ...(string | null)[]] | undefined;
  if (!r) return undefined;
  // in the SELECT's order
  return {
    id: r[0],
    first_name: r[1],
    last_name: r[2],
    company: r[3],
    title: r[4],
    phone: r[5],
    mobile: r[6],
    email: r[7],
    street: r[8],
    city: r[9],
    region: r[10],
    postal_code: r[11],
    country: r[12],
    source: r[13],
    list: r[14],
    phone_e164: r[15],
    phone_ext: r[16],
    phone_valid: r[17] as unknown as number | null,
    mobile_e164: r[18],
    email_norm: r[19],
    extra: r[20],
    merged_into: r[21] as unknown as number | null,
    other_phones: r[22],
  };
}

const updates = new WeakMap<DB, Map<string, Statement<unknown[]>>>();

/** Sets some columns of a lead (and updated_at). */
export function setLeadColumns(db: DB, id: number, changes: Record<string, unknown>, at: string): void {
  const cols = Object.keys(changes);
  const key = cols.join(',');
  let cache = updates.get(db);
  if (!cache) updates.set(db, (cache = new Map()));
  let stmt = cache.get(key);
  if (!stmt) {
    stmt = db.prepare(`UPDATE leads SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`);
    cache.set(key, stmt);
  }
  stmt.run({ ...changes, at, id });
}

/**
 * Indexes whose keys land all over the tree for new rows (phone, mobile, email, last
 * name): a big load drops them inside its transaction and builds them again at the end,
 * which is several times faster than keeping them up to date row by row. Returns their SQL.
 */
export function dropScatteredIndexes(db: DB): string[] {
  const rows = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL
       AND name IN ('leads_phone', 'leads_mobile', 'leads_email', 'leads_last_name', 'leads_name_key')`,
    )
    .all() as { name: string; sql: string }[];
  for (const r of rows) db.exec(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.sql);
}


/**
 * Triggers on touches that fire only for other channels than `import` (`WHEN NEW.channel
 * IN ('call', ...)`): SQLite evaluates the WHEN for every row, building its IN list each
 * time (about 2 µs a row). An import sets them aside inside its transaction, where they
 * would do nothing for its touches, and puts them back before committing. Returns their SQL.
 */
export function dropTriggersNotForImport(db: DB): string[] {
  const rows = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'touches' AND sql LIKE '%INSERT ON touches%'`)
    .all() as { name: string; sql: string }[];
  const out: string[] = [];
  for (const r of rows) {
    const m = /\bAFTER\s+INSERT\s+ON\s+touches\s+WHEN\s+NEW\.channel\s+IN\s*\(([^)]*)\)\s*BEGIN/i.exec(r.sql);
    if (!m) continue;
    const channels = m[1].split(',').map((c) => c.trim().replace(/^'|'$/g, ''));
    if (channels.includes('import') || channels.some((c) => !/^[a-z_]+$/.test(c))) continue;
    db.exec(`DROP TRIGGER "${r.name.replace(/"/g, '""')}"`);
    out.push(r.sql);
  }
  return out;
}

export function execAll(db: DB, sqls: string[]): void {
  for (const sql of sqls) db.exec(sql);
}

const noteStmts = new WeakMap<DB, Statement<unknown[]>>();

export function importNoteExists(db: DB, leadId: number, note: string): boolean {
  let stmt = noteStmts.get(db);
  if (!stmt) noteStmts.set(db, (stmt = db.prepare("SELECT 1 FROM touches WHERE lead_id = ? AND channel = 'import' AND note = ?")));
  return stmt.get(leadId, note) !== undefined;
}

/**
 * The import reader's view of the leads already held: its own read-only connection (the
 * writer's transaction has begun, so it sees what the writer saw), with either every lead's
 * keys up front (`scan`, a big import) or look-ups a row (`lookup`, a small one), and the
 * suppressed phone and email hashes.
 */
export function openKnownLeads(dbPath: string, existing: 'scan' | 'lookup' | 'none') {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  // a scan reads each page once and a look-up a few: a small cache keeps the reader's memory down
  setPageCache(db, 1024);
  const lookups = existing === 'lookup';
  const hasSuppressions = (db.prepare('SELECT count(*) FROM suppressions').pluck().get() as number) > 0;
  return {
    everyLeadKeys: () =>
      db
        .prepare('SELECT id, first_name, last_name, company, phone_e164, phone_ext, mobile_e164, email_norm FROM leads')
        .iterate() as IterableIterator<MatchFields & { id: number }>,
    lookup: lookups
      ? db
          .prepare(
            `SELECT id FROM leads WHERE phone_e164 = @p UNION SELECT id FROM leads WHERE mobile_e164 = @p
             UNION SELECT id FROM leads WHERE phone_e164 = @m UNION SELECT id FROM leads WHERE mobile_e164 = @m
             UNION SELECT id FROM leads WHERE email_norm = @e`,
          )
          .pluck()
      : null,
    // rows with no phone and no email: leads of the same folded names and company
    byName: lookups ? db.prepare('SELECT id FROM leads WHERE name_key = ? AND name_key IS NOT NULL').pluck() : null,
    suppressed: hasSuppressions ? db.prepare('SELECT reason FROM suppressions WHERE hash = ?').pluck() : null,
    close: () => db.close(),
  };
}

export function importById(db: DB, id: number): ImportRecord | undefined {
  return db.prepare('SELECT * FROM imports WHERE id = ? AND finished_at IS NOT NULL').get(id) as ImportRecord | undefined;
}

/** The leads an import created, each with the first touch since that is not the import's own. */
export function leadsCreatedBy(db: DB, importId: number): { lead: LeadRow; since: string | null }[] {
  const since = db.prepare(
    "SELECT channel FROM touches WHERE lead_id = ? AND NOT (channel = 'import' AND import_id = ?) ORDER BY id LIMIT 1",
  ).pluck();
  return (db.prepare('SELECT * FROM leads WHERE import_id = ? ORDER BY id').all(importId) as LeadRow[]).map((lead) => ({
    lead,
    since: (since.get(lead.id, importId) as string | undefined) ?? null,
  }));
}

/** The import's touches on leads it did not create (a repeat it filled or updated, a note it added), with the lead now. */
export function importTouchesOnOthers(db: DB, importId: number): { touch_id: number; data: string | null; lead: LeadRow }[] {
  const rows = db
    .prepare(
      `SELECT t.id AS touch_id, t.data, t.lead_id FROM touches t JOIN leads l ON l.id = t.lead_id
       WHERE t.import_id = ? AND t.channel = 'import' AND l.import_id IS NOT ? ORDER BY t.id`,
    )
    .all(importId, importId) as { touch_id: number; data: string | null; lead_id: number }[];
  const lead = db.prepare('SELECT * FROM leads WHERE id = ?');
  return rows.map((r) => ({ touch_id: r.touch_id, data: r.data, lead: lead.get(r.lead_id) as LeadRow }));
}

/** Removes leads an import created and nothing else touched: their touches, the flags pointing at them, the rows. */
export function removeImportedLeads(db: DB, ids: number[]): void {
  const json = JSON.stringify(ids);
  db.prepare('DELETE FROM touches WHERE lead_id IN (SELECT value FROM json_each(?))').run(json);
  db.prepare('UPDATE leads SET shares_with = NULL WHERE shares_with IN (SELECT value FROM json_each(?))').run(json);
  db.prepare('DELETE FROM leads WHERE id IN (SELECT value FROM json_each(?))').run(json);
}

export function deleteTouches(db: DB, ids: number[]): void {
  db.prepare('DELETE FROM touches WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
}

export function markImportUndone(db: DB, id: number, at: string): void {
  db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(at, id);
}
