// Where an import's decisions become rows: one write transaction for the whole file, the
// import's history row, new leads and touches written many rows to a statement, and the
// indexes and triggers an import sets aside while it loads. Every statement stays in here.
import type { Statement } from 'better-sqlite3';
import type { DB } from './db.js';
import { IMPORTED_COLUMNS, objectOf } from '../core/lead.js';
import type { KnownLead, Write } from '../core/import/decide.js';
import { earlierImportOf, type ImportRecord } from './imports.js';

/** The columns of a new lead that vary by row, in the order the writer takes them. */
const NEW_LEAD_COLUMNS = ['id', ...IMPORTED_COLUMNS, 'shares_with'];

/** The columns a row is compared with (KnownLead), read as an array and made an object: the cheapest way to a lead a row. */
const KNOWN_COLUMNS = ['id', ...IMPORTED_COLUMNS.filter((c) => c !== 'name_key'), 'merged_into'];
const knownLeadOf = objectOf(KNOWN_COLUMNS);

/** Indexes whose keys land all over the tree for new rows: cheaper built again after a big load than kept up to date. */
const SCATTERED_INDEXES = ['leads_phone', 'leads_mobile', 'leads_email', 'leads_last_name', 'leads_name_key'];

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
  /** the SQL of what is set aside, to put back */
  private readonly indexesAside: string[] = [];
  private readonly triggersAside: string[] = [];

  constructor(
    private readonly db: DB,
    start: ImportStart,
  ) {
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
      this.setTriggersAside();
    } catch (e) {
      this.end(false);
      throw e;
    }
    this.writer = new LeadWriter(db, this.importId, start.started_at);
    this.byId = db.prepare(`SELECT ${KNOWN_COLUMNS.join(', ')} FROM leads WHERE id = ?`).raw();
    this.notesOf = db.prepare("SELECT note FROM touches WHERE lead_id = ? AND channel = 'import' AND note IS NOT NULL").pluck();
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
          const r = this.byId.get(id) as unknown[] | undefined;
          if (!r) break;
          lead = knownLeadOf(r) as KnownLead;
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
        this.writer.lead(w.id, w.values, w.sharesWith, w.suppressed ? { call: 1, email: forget, mail: forget } : undefined);
        this.writer.touch(w.id, w.note, null);
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
  }

  /**
   * Sets the scattered indexes (phone, mobile, email, last name, name key) aside until
   * `restore`: building them again once is several times faster than keeping them up to
   * date row by row, when a load brings many new leads.
   */
  setAside(): void {
    const rows = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL AND name IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(SCATTERED_INDEXES)) as { name: string; sql: string }[];
    for (const r of rows) {
      this.db.exec(`DROP INDEX ${r.name}`);
      this.indexesAside.push(r.sql);
    }
  }

  /**
   * Triggers on touches that fire only for other channels than `import` (`WHEN NEW.channel
   * IN ('call', ...)`): SQLite evaluates the WHEN for every row, building its IN list each
   * time, a cost every row pays. They would do nothing for an import's touches.
   */
  private setTriggersAside(): void {
    const rows = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'touches' AND sql LIKE '%INSERT ON touches%'`)
      .all() as { name: string; sql: string }[];
    for (const r of rows) {
      const m = /\bAFTER\s+INSERT\s+ON\s+touches\s+WHEN\s+NEW\.channel\s+IN\s*\(([^)]*)\)\s*BEGIN/i.exec(r.sql);
      if (!m) continue;
      const channels = m[1].split(',').map((c) => c.trim().replace(/^'|'$/g, ''));
      if (channels.includes('import') || channels.some((c) => !/^[a-z_]+$/.test(c))) continue;
      this.db.exec(`DROP TRIGGER "${r.name.replace(/"/g, '""')}"`);
      this.triggersAside.push(r.sql);
    }
  }

  /** Writes what is queued and puts back what was set aside (indexes built again, triggers). */
  restore(): void {
    this.writer.flush();
    for (const sql of this.indexesAside.splice(0)) this.db.exec(sql);
    for (const sql of this.triggersAside.splice(0)) this.db.exec(sql);
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
  lead(id: number, values: unknown[], sharesWith: number | null, flags?: { call: number; email: number; mail: number }): void {
    if (flags) {
      this.flushLeads();
      this.oneLead.run(id, ...values, sharesWith, flags.call, flags.email, flags.mail);
      return;
    }
    this.leads.push(id);
    for (let i = 0; i < values.length; i++) this.leads.push(values[i]);
    this.leads.push(sharesWith);
    if (++this.nLeads === LeadWriter.ROWS) this.flushLeads();
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
