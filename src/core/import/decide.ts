// The import's decisions, batch by batch: for each row the reader sends, whether it is a new
// lead, a repeat of a lead already there or of an earlier row (and what it changes on it), or
// a new lead sharing a phone or email with another person; with the counts and the preview.
// Pure: the service hands it each batch of rows with a way to find leads already written
// (the store), and writes what `decide` returns.
import { isForm, type ImportedColumn, type LeadRow } from '../lead.js';
import { decide, repeatChanges, type OnDuplicate } from './dedupe.js';
import { matchKeys, type ImportRow, type MatchFields } from './row.js';
import { KeyTable } from './keytable.js';

/** A lead a row may be, as the store finds it: what the decision and a repeat's changes read. */
export type KnownLead = Pick<LeadRow, 'id' | Exclude<ImportedColumn, 'name_key'> | 'merged_into'> & {
  /** the notes of its import touches (found only for a batch where a repeat may bring one) */
  import_notes: string[];
};

export interface PreviewRow {
  line: number;
  kind: 'new' | 'repeat' | 'shared';
  name: string;
  lead?: number;
}

export interface ImportTally {
  /** rows decided (the reader's rejects are counted apart) */
  read: number;
  inserted: number;
  duplicates: number;
  duplicates_in_db: number;
  duplicates_in_file: number;
  updated: number;
  shared: number;
  suppressed: number;
  /** rows whose phone is not a valid number for the country: stored as written, flagged */
  phones_kept_as_written: number;
  preview: PreviewRow[];
}

/** What to write for one row: a new lead (and its import touch), or a repeat's changes and touch. */
export type Write =
  | {
      kind: 'new';
      id: number;
      /** the row's columns, and its note for the import touch */
      row: ImportRow;
      sharesWith: number | null;
      /** '' or the suppression the row matches: such a lead is written not to be called (`forget`: nor mailed) */
      suppressed: string;
    }
  | { kind: 'repeat'; id: number; changes: Record<string, unknown> | null; touch: { note: string | null; data: string | null } | null };

const PREVIEW = 10;

export function emptyTally(): ImportTally {
  return {
    read: 0,
    inserted: 0,
    duplicates: 0,
    duplicates_in_db: 0,
    duplicates_in_file: 0,
    updated: 0,
    shared: 0,
    suppressed: 0,
    phones_kept_as_written: 0,
    preview: [],
  };
}

/** Files this big read every known key up front, and may set the scattered indexes aside. */
const BULK_BYTES = 2_000_000;
/** Rows decided before a big import into a database with leads judges whether to set indexes aside. */
const JUDGE_ROWS = 10_000;

/** Bytes a row of a prospect list takes, about: how a file's size tells its rows. */
export const BYTES_PER_ROW = 120;

/** A big file, with at least a quarter as many rows as there are leads: worth the bulk ways. */
function isBulk(fileBytes: number, leads: number): boolean {
  return fileBytes >= BULK_BYTES && fileBytes / BYTES_PER_ROW >= leads / 4;
}

/**
 * How the reader learns the leads already there: none to learn, all their keys up front (a
 * bulk import), or a look-up a row.
 */
export function knownLeadsMode(fileBytes: number, leads: number): 'none' | 'scan' | 'lookup' {
  if (leads === 0) return 'none';
  return isBulk(fileBytes, leads) ? 'scan' : 'lookup';
}

/**
 * Whether a bulk import sets the scattered indexes aside (undefined: not yet known). They are
 * when the file looks set to bring at least a quarter as many new leads as there are:
 * rebuilding them at the end then costs less than keeping them. Into an empty database from
 * the first batch; else judged by the share of new leads among the first rows (a file of
 * repeats would pay a whole rebuild for nothing).
 */
export function shouldSetIndexesAside(p: { leads: number; fileBytes: number; bytesRead: number; read: number; inserted: number }): boolean | undefined {
  if (!isBulk(p.fileBytes, p.leads)) return false;
  if (p.leads > 0 && p.read < JUDGE_ROWS) return undefined;
  return (p.inserted * p.fileBytes) / Math.max(p.bytesRead, 1) >= p.leads / 4;
}

/** A row the reader made, with what the import found for it before it is decided. */
export interface RowToDecide {
  line: number;
  row: ImportRow;
  /** leads already there sharing one of its keys, where they were looked up a row (else they are in the key table) */
  sharing: number[];
  /** '' or the suppression the row matches (`registry`, `forget`): such a lead is written not to be called */
  suppressed: string;
}

/** Finds the leads already written with these ids (and those they were merged into), with their import notes where asked. */
export type FindLeads = (ids: number[], notesOf: Set<number> | 'all') => Map<number, KnownLead>;

export class ImportDecider {
  readonly tally: ImportTally = emptyTally();
  /** every phone, email and name key seen: of the leads there (a bulk import learns them all) and of the file's rows */
  private readonly keys: KeyTable;
  /** the lead each row of the file became or was found to be, by row number (a row's ref is -(number + 1)) */
  private leadOfRow = new Int32Array(1 << 16);
  private seq = 0;
  private nextId: number;
  private newInPreview = 0;
  /** the rows of the batch being decided that made new leads, by id from `batchFirstId` */
  private batchFirstId = 0;
  private newRows: ImportRow[] = [];

  /** New leads take ids from `firstNewId` on; a lead below it was in the database before. `expectedKeys` sizes the key table. */
  constructor(
    private readonly firstNewId: number,
    private readonly onDuplicate: OnDuplicate,
    private readonly dryRun: boolean,
    expectedKeys = 0,
  ) {
    this.nextId = firstNewId;
    this.keys = new KeyTable(expectedKeys);
  }

  /** A lead already in the database, by its keys: a bulk import learns every one before its first row. */
  learn(lead: MatchFields & { id: number }): void {
    for (const k of matchKeys(lead)) this.keys.add(k, lead.id);
  }

  /**
   * Decides every row of a batch, in order. The leads already written that its rows may be
   * are asked of `findLeads` once for the batch; a row is also compared with the earlier
   * rows of the file. Each row's write is handed over as it is decided, to be written before
   * the next is decided.
   */
  *decide(rows: RowToDecide[], findLeads: FindLeads): Generator<Write> {
    if (this.seq + rows.length > this.leadOfRow.length) {
      const bigger = new Int32Array(Math.max(this.leadOfRow.length * 2, this.seq + rows.length));
      bigger.set(this.leadOfRow);
      this.leadOfRow = bigger;
    }
    const refs = this.refsOf(rows);
    const known = findLeads(...this.leadsToFind(rows, refs));
    this.batchFirstId = this.nextId;
    this.newRows = [];
    const t = this.tally;
    for (let i = 0; i < rows.length; i++) {
      const { line, row, suppressed } = rows[i];
      t.read++;
      if (suppressed) t.suppressed++;
      if (row.phone_valid === 0) t.phones_kept_as_written++;
      let sharesWith: number | null = null;
      if (refs[i].length) {
        // a phone or email seen before: the same person, or another one sharing it
        const d = decide(row, this.candidates(refs[i], known));
        if ('same' in d) {
          yield this.repeat(row, line, this.followMerges(known.get(d.same)!, known));
          continue;
        }
        sharesWith = d.sharesWith === null ? null : this.followMerges(known.get(d.sharesWith)!, known).id;
        if (sharesWith !== null) {
          t.shared++;
          if (t.preview.length < PREVIEW * 3) t.preview.push({ line, kind: 'shared', name: nameOf(row), lead: sharesWith });
        }
      }
      yield this.fresh(row, line, sharesWith, suppressed);
    }
  }

  /**
   * Each row's refs: the leads and earlier rows of the file with one of its keys (`12`: lead
   * 12; `-3`: the file's third row). The rows' own keys are added as they go, so a row finds
   * the earlier rows of its own batch.
   */
  private refsOf(rows: RowToDecide[]): number[][] {
    return rows.map((r, i) => {
      const keys = matchKeys(r.row);
      const found: number[] = [];
      for (const k of keys) this.keys.find(k, found);
      for (const id of r.sharing) if (!found.includes(id)) found.push(id);
      for (const k of keys) this.keys.add(k, -(this.seq + i + 1));
      return found;
    });
  }

  /**
   * The leads already written that a batch's rows may be (rows of the batch itself are
   * known here), and those whose import notes matter: the leads a row with a note may
   * repeat (all of them where such a row names a row of the batch, whose lead is not known yet).
   */
  private leadsToFind(rows: RowToDecide[], refs: number[][]): [number[], Set<number> | 'all'] {
    const ids = new Set<number>();
    let notesOf: Set<number> | 'all' = new Set<number>();
    rows.forEach((r, i) => {
      const note = r.row.notes !== null;
      for (const x of refs[i]) {
        const id = x > 0 ? x : -x - 1 < this.seq ? this.leadOfRow[-x - 1] : 0;
        if (id) ids.add(id);
        if (note && notesOf !== 'all') {
          if (id) notesOf.add(id);
          else notesOf = 'all';
        }
      }
    });
    return [[...ids], notesOf];
  }

  /** The leads a row's refs name, each once: a lead by id, an earlier row by the lead it became. */
  private candidates(refs: number[], known: Map<number, KnownLead>): KnownLead[] {
    const ids = new Set<number>();
    for (const x of refs) ids.add(x > 0 ? x : this.leadOfRow[-x - 1]);
    const out: KnownLead[] = [];
    for (const id of ids) {
      const l = known.get(id) ?? this.newOfBatch(id, known);
      if (l) out.push(l);
    }
    return out;
  }

  /** A lead this batch made, as it stands, made known the first time a later row names it. */
  private newOfBatch(id: number, known: Map<number, KnownLead>): KnownLead | undefined {
    const row = this.newRows[id - this.batchFirstId];
    if (row === undefined) return undefined;
    const { notes, ...columns } = row;
    const lead: KnownLead = { id, ...columns, merged_into: null, import_notes: notes === null ? [] : [notes] };
    known.set(id, lead);
    return lead;
  }

  /** A merged-away lead is found by its old phone or email: the lead it was merged into takes the row. */
  private followMerges(lead: KnownLead, known: Map<number, KnownLead>): KnownLead {
    let l = lead;
    for (let hops = 0; l.merged_into && hops < 10; hops++) {
      const next = known.get(l.merged_into);
      if (!next) break;
      l = next;
    }
    return l;
  }

  private repeat(row: ImportRow, line: number, lead: KnownLead): Write {
    const t = this.tally;
    this.leadOfRow[this.seq++] = lead.id;
    t.duplicates++;
    const inDb = lead.id < this.firstNewId;
    if (inDb) t.duplicates_in_db++;
    else t.duplicates_in_file++;
    if (t.preview.length < PREVIEW * 3) t.preview.push({ line, kind: 'repeat', name: nameOf(row), lead: lead.id });
    const changes = repeatChanges(lead as unknown as Record<string, unknown> & { extra: string | null }, row, this.onDuplicate);
    const changed = Object.keys(changes).length > 0;
    const fields = Object.keys(changes).filter((c) => !isForm(c));
    // the import touch: on a lead this file changed, or that gets a note it did not have
    const newNote = row.notes !== null && !lead.import_notes.includes(row.notes);
    let touch: { note: string | null; data: string | null } | null = null;
    if ((inDb && fields.length) || newNote) {
      // what each column was and became: `leads imports undo` puts back what is unchanged since
      const data = fields.length ? { changed: fields, line, ...(inDb ? beforeAfter(lead, changes) : {}) } : null;
      touch = { note: newNote ? row.notes : null, data: data ? JSON.stringify(data) : null };
      if (newNote) lead.import_notes.push(row.notes!);
    }
    if (changed) {
      Object.assign(lead, changes);
      if (inDb) t.updated++;
    }
    return { kind: 'repeat', id: lead.id, changes: changed ? changes : null, touch };
  }

  private fresh(row: ImportRow, line: number, sharesWith: number | null, suppressed: string): Write {
    const id = this.nextId++;
    this.leadOfRow[this.seq++] = id;
    this.newRows[id - this.batchFirstId] = row;
    this.tally.inserted++;
    if (this.dryRun && sharesWith === null && this.newInPreview < PREVIEW) {
      this.newInPreview++;
      this.tally.preview.push({ line, kind: 'new', name: nameOf(row) });
    }
    return { kind: 'new', id, row, sharesWith, suppressed };
  }
}

/** The columns an import changes on a lead, as they were and as they became (name_key follows the names). */
function beforeAfter(lead: KnownLead, changes: Record<string, unknown>) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [c, v] of Object.entries(changes)) {
    if (c === 'name_key') continue;
    before[c] = (lead as unknown as Record<string, unknown>)[c] ?? null;
    after[c] = v;
  }
  return { before, after };
}

function nameOf(row: Pick<ImportRow, 'first_name' | 'last_name' | 'company' | 'email' | 'phone'>): string {
  const n = [row.first_name, row.last_name].filter(Boolean).join(' ');
  return n || row.company || row.email || row.phone || '';
}
