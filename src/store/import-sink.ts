// Where an import's decisions become rows: one write transaction for the whole file, the
// import's history row, the leads already there that rows may be, new leads and touches
// written many rows to a statement, and the indexes and triggers an import sets aside while
// it loads. Every statement stays in here.
import type { Statement } from 'better-sqlite3';
import { setPageCache, type DB } from './db.js';
import { IMPORTED_COLUMNS } from '../core/lead.js';
import type { KnownLead, Write } from '../core/import/decide.js';
import type { ImportRow, MatchFields } from '../core/import/row.js';
import { keyedByName, leadNameKey, nameKeyOf } from '../core/import/names.js';
import { earlierImportOf, type ImportRecord } from './imports.js';

/** The columns of a new lead that vary by row, in the order the writer takes them. */
const NEW_LEAD_COLUMNS = ['id', ...IMPORTED_COLUMNS, 'shares_with'];

/** The columns a row is compared with (KnownLead). */
const KNOWN_COLUMNS = ['id', ...IMPORTED_COLUMNS.filter((c) => c !== 'name_key'), 'merged_into'];

/**
 * What a big load sets aside and puts back at its end, each named with the migration that
 * made it (by its topic: the numbers change when lines of work are merged). A test holds
 * this list to the schema the migrations make, and holds each trigger to doing nothing for
 * an import's touches.
 */
export const SET_ASIDE_IN_A_LOAD = {
  /** indexes whose keys land all over the tree for new rows: cheaper built again after a big load than kept up to date */
  indexes: [
    { name: 'leads_phone', migration: 'init' },
    { name: 'leads_mobile', migration: 'init' },
    { name: 'leads_email', migration: 'init' },
    { name: 'leads_last_name', migration: 'init' },
    { name: 'leads_name_key', migration: 'import_faithful' },
  ],
  /**
   * triggers on touches that count calls, letters and emails (`WHEN NEW.channel IN ('call',
   * ...)`): SQLite evaluates the WHEN for every row, a cost every import touch pays for nothing
   */
  triggers: [
    { name: 'touch_counts_insert', migration: 'report' },
    { name: 'first_contacts_insert', migration: 'report' },
  ],
} as const;

export interface ImportStart {
  file: string;
  started_at: string;
  source: string | null;
  list: string | null;
  cost_cents: number | null;
}

export interface ImportFinish {
  sha256: string;
  finished_at: string;
  read: number;
  inserted: number;
  duplicates: number;
  updated: number;
  rejected: number;
  unmapped: string[];
}

/**
 * An import's one transaction, opened and closed by hand: better-sqlite3's db.transaction()
 * cannot span the awaits between the reader's batches. It takes the write lock at once, and
 * nothing else uses the connection until `end`.
 */
export class ImportSink {
  readonly importId: number;
  /** leads in the database before the import */
  readonly leads: number;
  /** the id the first new lead takes */
  readonly firstNewId: number;
  private readonly writer: LeadWriter;
  private readonly byId: Statement<unknown[]>;
  private readonly notesOf: Statement<unknown[]>;
  private readonly updates = new Map<string, Statement<unknown[]>>();
  private readonly sharingKeys: Statement<unknown[]>;
  private readonly byName: Statement<unknown[]>;
  private readonly suppressed: Statement<unknown[]> | null;
  /** the SQL of what is set aside, to put back, indexes first */
  private readonly aside: string[] = [];

  constructor(
    private readonly db: DB,
    start: ImportStart,
  ) {
    // a smaller page cache than the 16 MB default: the load appends, it rereads little
    setPageCache(db, 4000);
    db.exec('BEGIN IMMEDIATE');
    try {
      // above every id ever given, not only the highest now: a freed id is never given again
      const s = db
        .prepare(`SELECT count(*) AS count, max(coalesce(max(id), 0), (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'leads')) AS maxId FROM leads`)
        .get() as { count: number; maxId: number };
      this.leads = s.count;
      this.firstNewId = s.maxId + 1;
      this.importId = Number(
        db
          .prepare(`INSERT INTO imports (file, sha256, started_at, source, list, cost_cents) VALUES (@file, '', @started_at, @source, @list, @cost_cents)`)
          .run(start).lastInsertRowid,
      );
      this.setAside('trigger');
    } catch (e) {
      this.end(false);
      throw e;
    }
    this.writer = new LeadWriter(db, this.importId, start.started_at);
    this.byId = db.prepare(`SELECT ${KNOWN_COLUMNS.join(', ')} FROM leads WHERE id = ?`);
    this.notesOf = db.prepare("SELECT note FROM touches WHERE lead_id = ? AND channel = 'import' AND note IS NOT NULL").pluck();
    // the leads there before the import (the file's own rows are the decider's to know)
    this.sharingKeys = db
      .prepare(
        `SELECT id FROM leads WHERE phone_e164 = @p AND id < @first UNION SELECT id FROM leads WHERE mobile_e164 = @p AND id < @first
         UNION SELECT id FROM leads WHERE phone_e164 = @m AND id < @first UNION SELECT id FROM leads WHERE mobile_e164 = @m AND id < @first
         UNION SELECT id FROM leads WHERE email_norm = @e AND id < @first`,
      )
      .pluck();
    this.byName = db.prepare('SELECT id FROM leads WHERE name_key = ? AND id < ?').pluck();
    const anySuppressed = db.prepare('SELECT 1 FROM suppressions LIMIT 1').get() !== undefined;
    this.suppressed = anySuppressed ? db.prepare('SELECT reason FROM suppressions WHERE hash = ?').pluck() : null;
  }

  /** Every lead's matching fields, for a bulk import that learns them all up front. */
  everyLeadKeys(): IterableIterator<MatchFields & { id: number }> {
    return this.db
      .prepare('SELECT id, first_name, last_name, company, phone_e164, phone_ext, mobile_e164, email_norm FROM leads WHERE id < ?')
      .iterate(this.firstNewId) as IterableIterator<MatchFields & { id: number }>;
  }

  /** Ids of the leads there before the import with one of the row's phones or its email; for a row with neither, its folded names and company. */
  leadsSharing(row: ImportRow): number[] {
    if (keyedByName(row)) return this.byName.all(leadNameKey(row.first_name, row.last_name, row.company), this.firstNewId) as number[];
    return this.sharingKeys.all({ p: row.phone_e164, m: row.mobile_e164, e: row.email_norm, first: this.firstNewId }) as number[];
  }

  /** Whether any phone or email is suppressed at all (else no row needs asking). */
  get suppresses(): boolean {
    return this.suppressed !== null;
  }

  /** The reason a suppression hash is held for (`registry`, `forget`), or undefined. */
  suppression(hash: string): string | undefined {
    return this.suppressed?.get(hash) as string | undefined;
  }

  /** Whether the import has written anything yet: a lead, a change, a touch. */
  get changed(): boolean {
    return this.writer.written > 0;
  }

  /**
   * The leads with these ids, and the leads they were merged into, by id; with their import
   * notes where `notesOf` asks (for a lead merged away, the lead it was merged into too).
   * What is queued is written first, so the leads read are as they are now.
   */
  findCandidates(ids: number[], notesOf: Set<number> | 'all'): Map<number, KnownLead> {
    const out = new Map<number, KnownLead>();
    if (!ids.length) return out;
    if (notesOf === 'all' || notesOf.size || ids.some((id) => id >= this.writer.pendingFrom())) this.writer.flush();
    const noted = new Set<number>();
    for (const first of ids) {
      const notes = notesOf === 'all' || notesOf.has(first);
      // a merge chain is followed a few hops at most, as the decision follows it
      for (let id: number | null = first, hops = 0; id && hops <= 10; hops++) {
        let lead = out.get(id);
        if (!lead) {
          lead = this.byId.get(id) as KnownLead | undefined;
          if (!lead) break;
          lead.import_notes = [];
          out.set(id, lead);
        }
        if (notes && !noted.has(id)) {
          lead.import_notes = this.notesOf.all(id) as string[];
          noted.add(id);
        }
        id = lead.merged_into;
      }
    }
    return out;
  }

  /** Writes a batch's decisions, in order, as they come. */
  write(writes: Iterable<Write>): void {
    for (const w of writes) {
      if (w.kind === 'new') {
        // a lead matching a suppression is written not to be called; a forgotten person's, not mailed either
        const forget = w.suppressed === 'forget' ? 1 : 0;
        this.writer.lead(w.id, w.row, w.sharesWith, w.suppressed ? { call: 1, email: forget, mail: forget } : undefined);
        this.writer.touch(w.id, w.row.notes, null);
        continue;
      }
      if (w.changes) {
        if (w.id >= this.writer.pendingFrom()) this.writer.flush();
        this.setColumns(w.id, w.changes);
      }
      if (w.touch) this.writer.touch(w.id, w.touch.note, w.touch.data);
    }
  }

  private setColumns(id: number, changes: Record<string, unknown>): void {
    const cols = Object.keys(changes);
    const key = cols.join(',');
    let stmt = this.updates.get(key);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE leads SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`);
      this.updates.set(key, stmt);
    }
    stmt.run({ ...changes, at: this.writer.at, id });
    this.writer.written++;
  }

  /**
   * Sets the scattered indexes aside until `restore` (building them again once is several
   * times faster than keeping them up to date row by row, when a load brings many new
   * leads); with `trigger`, the triggers that do nothing for an import's touches. Each is
   * found by its name; one a later migration has dropped is not there to set aside.
   */
  setAside(kind: 'index' | 'trigger' = 'index'): void {
    const sqlOf = this.db.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').pluck();
    for (const { name } of kind === 'index' ? SET_ASIDE_IN_A_LOAD.indexes : SET_ASIDE_IN_A_LOAD.triggers) {
      const sql = sqlOf.get(kind, name) as string | undefined;
      if (sql === undefined) continue;
      this.db.exec(`DROP ${kind.toUpperCase()} ${name}`);
      // indexes are built again before the triggers come back
      if (kind === 'index') this.aside.unshift(sql);
      else this.aside.push(sql);
    }
  }

  /** Writes what is queued and puts back what was set aside (indexes built again, triggers). */
  restore(): void {
    this.writer.flush();
    for (const sql of this.aside.splice(0)) this.db.exec(sql);
  }

  /** Records the import's figures; returns an earlier finished import of a file with the same bytes. */
  finish(r: ImportFinish): ImportRecord | undefined {
    const earlier = earlierImportOf(this.db, r.sha256, this.importId);
    this.db
      .prepare(
        `UPDATE imports SET sha256 = @sha256, finished_at = @finished_at, read = @read, inserted = @inserted,
           duplicates = @duplicates, updated = @updated, rejected = @rejected, unmapped = @unmapped WHERE id = @id`,
      )
      .run({ ...r, unmapped: JSON.stringify(r.unmapped), id: this.importId });
    return earlier;
  }

  /** Ends the transaction: kept, or (a dry run, an error) undone as if it had never begun. */
  end(keep: boolean): void {
    if (this.db.inTransaction) this.db.exec(keep ? 'COMMIT' : 'ROLLBACK');
  }
}

/** A new lead's imported columns in IMPORTED_COLUMNS order, as stored (the name key worked out here). */
function columnValues(row: ImportRow): unknown[] {
  return IMPORTED_COLUMNS.map((c) => (c === 'name_key' ? nameKeyOf(row) : row[c]));
}

const literal = (v: string | number | null): string =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`;

/**
 * Writes new leads and their import touches, many rows to a statement. Two costs of
 * SQLite and better-sqlite3 shape it: the leads table's CHECK constraints with IN lists
 * build an ephemeral table per statement run (a cost each row pays when rows go one at a
 * time), and binding values costs about as much as the insert itself, so what is the
 * same for the whole import (import id, time, flags) is written into the SQL once.
 */
class LeadWriter {
  static readonly ROWS = 64;
  private readonly manyLeads;
  private readonly oneLead;
  private readonly manyTouches;
  private readonly partial = new Map<string, Statement<unknown[]>>();
  private readonly leadHead: string;
  private readonly leadRow: string;
  private readonly touchHead: string;
  private readonly touchRow: string;
  private leads: unknown[] = [];
  private touches: unknown[] = [];
  private nLeads = 0;
  private nTouches = 0;
  /** leads, touches and changes written or queued */
  written = 0;

  constructor(
    private readonly db: DB,
    importId: number,
    readonly at: string,
  ) {
    const fixed = `${importId}, ${literal(at)}, ${literal(at)}`;
    const row = `(${NEW_LEAD_COLUMNS.map(() => '?').join(',')}, ?, ?, ?, ${fixed})`;
    const manyRow = `(${NEW_LEAD_COLUMNS.map(() => '?').join(',')}, 0, 0, 0, ${fixed})`;
    const head = `INSERT INTO leads (${NEW_LEAD_COLUMNS.join(', ')}, do_not_call, do_not_email, do_not_mail, import_id, created_at, updated_at) VALUES `;
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

  /** Queues a new lead; one with do-not-contact flags (a suppressed number or address) is written at once. */
  lead(id: number, row: ImportRow, sharesWith: number | null, flags?: { call: number; email: number; mail: number }): void {
    this.written++;
    if (flags) {
      this.flushLeads();
      this.oneLead.run(id, ...columnValues(row), sharesWith, flags.call, flags.email, flags.mail);
      return;
    }
    this.leads.push(id);
    for (const c of IMPORTED_COLUMNS) this.leads.push(c === 'name_key' ? nameKeyOf(row) : row[c]);
    this.leads.push(sharesWith);
    if (++this.nLeads === LeadWriter.ROWS) this.flushLeads();
  }

  /** Queues an import touch (written after the queued leads). */
  touch(leadId: number, note: string | null, data: string | null): void {
    this.written++;
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

  /** The statement for a batch of n rows (the last of a file, or one cut short to read a lead). */
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
