// The import's decision step, table-driven: for a batch of rows and the known leads they
// touch, new / repeat / shared (rejects never reach it: the reader counts them), with the
// counts, the preview, and what is to be written.
import { describe, expect, it } from 'vitest';
import { ImportDecider, knownLeadsMode, shouldSetIndexesAside } from '../../dist/core/import/decide.js';
import { buildRow } from '../../dist/core/import/row.js';
import { mapHeaders } from '../../dist/core/import/headers.js';

const HEADERS = ['first_name', 'last_name', 'company', 'phone', 'email', 'notes'];

type Cells = Partial<Record<(typeof HEADERS)[number], string>>;

/** A batch of rows as the reader makes them: each with its line, the leads the store found sharing its keys, and its suppression. */
function batch(rows: { cells: Cells; sharing?: number[]; sup?: string }[], firstLine = 2) {
  return rows.map((r, i) => {
    const b = buildRow(HEADERS.map((h) => r.cells[h] ?? ''), mapHeaders(HEADERS), 'US');
    if (!('row' in b)) throw new Error(b.reject);
    return { line: firstLine + i, row: b.row, sharing: r.sharing ?? [], suppressed: r.sup ?? '' };
  });
}

/** The store's side: the leads given, by id, copied as the store reads them afresh; each ask recorded. */
function store(leads: ReturnType<typeof known>[]) {
  const asked: { ids: number[]; notesOf: Set<number> | 'all' }[] = [];
  const find = (ids: number[], notesOf: Set<number> | 'all') => {
    asked.push({ ids, notesOf });
    return new Map(leads.filter((l) => ids.includes(l.id) || leads.some((o) => ids.includes(o.id) && o.merged_into === l.id)).map((l) => [l.id, structuredClone(l)]));
  };
  return { find, asked };
}

/** A lead already in the database, as the sink finds it. */
const known = (id: number, over: Record<string, unknown> = {}) => ({
  id, first_name: null, last_name: null, company: null, title: null, phone: null, phone_e164: null, phone_ext: null,
  phone_valid: null, mobile: null, mobile_e164: null, email: null, email_norm: null, street: null, city: null,
  region: null, postal_code: null, country: null, source: null, list: null, extra: null, other_phones: null,
  merged_into: null, import_notes: [] as string[], ...over,
});

const ANN = { first_name: 'Ann', last_name: 'Baker', phone: '(617) 555-0134' };
const annLead = (id: number, over: Record<string, unknown> = {}) =>
  known(id, { first_name: 'Ann', last_name: 'Baker', phone: '(617) 555-0134', phone_e164: '+16175550134', phone_valid: 1, ...over });

describe('deciding a batch', () => {
  it.each([
    {
      what: 'a row seen nowhere is a new lead',
      rows: [{ cells: ANN }],
      leads: [],
      writes: [{ kind: 'new', id: 10, sharesWith: null }],
      tally: { read: 1, inserted: 1, duplicates: 0, shared: 0 },
    },
    {
      what: 'a row with a known lead\'s phone and its name is a repeat in the database',
      rows: [{ cells: ANN, sharing: [3] }],
      leads: [annLead(3)],
      writes: [{ kind: 'repeat', id: 3, changes: null, touch: null }],
      tally: { read: 1, inserted: 0, duplicates: 1, duplicates_in_db: 1, duplicates_in_file: 0 },
    },
    {
      what: 'a row with a known lead\'s phone under another name is new, sharing it',
      rows: [{ cells: { ...ANN, first_name: 'Bob', last_name: 'Cole' }, sharing: [3] }],
      leads: [annLead(3)],
      writes: [{ kind: 'new', id: 10, sharesWith: 3 }],
      tally: { read: 1, inserted: 1, shared: 1 },
    },
    {
      what: 'a row repeating an earlier row of the same batch is a repeat within the file',
      rows: [{ cells: ANN }, { cells: ANN}],
      leads: [],
      writes: [{ kind: 'new', id: 10 }, { kind: 'repeat', id: 10, changes: null, touch: null }],
      tally: { read: 2, inserted: 1, duplicates: 1, duplicates_in_db: 0, duplicates_in_file: 1 },
    },
    {
      what: 'a repeat fills the lead\'s empty fields (skip) and the touch says what changed',
      rows: [{ cells: { ...ANN, email: 'ann@baker.example' }, sharing: [3] }],
      leads: [annLead(3)],
      writes: [{ kind: 'repeat', id: 3, changes: { email: 'ann@baker.example', email_norm: 'ann@baker.example' } }],
      tally: { duplicates: 1, updated: 1 },
    },
    {
      what: 'a repeat of a merged-away lead goes to the lead it was merged into',
      rows: [{ cells: ANN, sharing: [3] }],
      leads: [annLead(3, { merged_into: 5 }), annLead(5)],
      writes: [{ kind: 'repeat', id: 5 }],
      tally: { duplicates: 1 },
    },
    {
      what: 'a note the lead has from an import is not added again; a new one is',
      rows: [{ cells: { ...ANN, notes: 'met at fair' }, sharing: [3] }, { cells: { ...ANN, notes: 'called back' }, sharing: [3] }],
      leads: [annLead(3, { import_notes: ['met at fair'] })],
      writes: [{ kind: 'repeat', id: 3, touch: null }, { kind: 'repeat', id: 3, touch: { note: 'called back', data: null } }],
      tally: { duplicates: 2 },
    },
    {
      what: 'a suppressed row is still a new lead, counted as suppressed',
      rows: [{ cells: ANN, sup: 'registry' }],
      leads: [],
      writes: [{ kind: 'new', id: 10, suppressed: 'registry' }],
      tally: { inserted: 1, suppressed: 1 },
    },
  ])('$what', ({ rows, leads, writes, tally }) => {
    const d = new ImportDecider(10, 'skip', false);
    const out = [...d.decide(batch(rows), store(leads).find)];
    expect(out).toHaveLength(writes.length);
    writes.forEach((w, i) => expect(out[i]).toMatchObject(w));
    expect(d.tally).toMatchObject(tally);
  });

  it('asks the store once a batch for the leads its rows may be: found by key, earlier batches\' rows by the lead they became', () => {
    const d = new ImportDecider(10, 'skip', false);
    const s = store([]);
    [...d.decide(batch([{ cells: ANN }]), s.find)];
    const bob = { first_name: 'Bob', last_name: 'Cole', phone: '(617) 555-0199' };
    const cy = { first_name: 'Cy', last_name: 'Dunn', email: 'cy@dunn.example', notes: 'met at fair' };
    [...d.decide(batch([{ cells: ANN }, { cells: bob, sharing: [4] }, { cells: cy, sharing: [5] }], 3), s.find)];
    expect(s.asked[1]).toEqual({ ids: [10, 4, 5], notesOf: new Set([5]) });
    // a row with a note repeating a row of the same batch: whose lead that is is not known yet
    const di = { first_name: 'Di', last_name: 'Eve', phone: '(617) 555-0177' };
    [...d.decide(batch([{ cells: di }, { cells: { ...di, notes: 'x' } }], 6), s.find)];
    expect(s.asked[2].notesOf).toBe('all');
  });

  it('a lead learned up front (a bulk import) is found by its phone without asking the store for a look-up', () => {
    const d = new ImportDecider(10, 'skip', false);
    d.learn(annLead(3));
    const [w] = d.decide(batch([{ cells: ANN }]), store([annLead(3)]).find);
    expect(w).toMatchObject({ kind: 'repeat', id: 3 });
  });

  it('a new lead carries the row\'s columns', () => {
    const d = new ImportDecider(1, 'skip', false);
    const [w] = d.decide(batch([{ cells: ANN }]), store([]).find);
    expect(w).toMatchObject({ kind: 'new', id: 1, row: { first_name: 'Ann', last_name: 'Baker', phone_e164: '+16175550134', phone_valid: 1 } });
  });

  it('a dry run previews new rows; repeats and shares are previewed in any run', () => {
    const d = new ImportDecider(10, 'skip', true);
    [...d.decide(batch([{ cells: ANN }, { cells: ANN }]), store([]).find)];
    expect(d.tally.preview).toEqual([
      { line: 2, kind: 'new', name: 'Ann Baker' },
      { line: 3, kind: 'repeat', name: 'Ann Baker', lead: 10 },
    ]);
  });
});

describe('how a big import loads', () => {
  it.each([
    [1_000, 0, 'none'],
    [100_000_000, 1_000, 'scan'],
    [1_000, 1_000, 'lookup'],
  ] as const)('a %i-byte file into %i leads learns them by %s', (bytes, leads, mode) => {
    expect(knownLeadsMode(bytes, leads)).toBe(mode);
  });

  it.each([
    { what: 'a small file never', p: { leads: 0, fileBytes: 1_000, bytesRead: 1_000, read: 10, inserted: 10 }, aside: false },
    { what: 'into an empty database, at once', p: { leads: 0, fileBytes: 10_000_000, bytesRead: 100_000, read: 800, inserted: 800 }, aside: true },
    { what: 'into leads, not before enough rows', p: { leads: 1_000, fileBytes: 10_000_000, bytesRead: 100_000, read: 800, inserted: 800 }, aside: undefined },
    { what: 'into leads, when many rows are new', p: { leads: 1_000, fileBytes: 10_000_000, bytesRead: 1_200_000, read: 10_000, inserted: 9_000 }, aside: true },
    { what: 'not for a file of repeats', p: { leads: 1_000_000, fileBytes: 120_000_000, bytesRead: 1_200_000, read: 10_000, inserted: 10 }, aside: false },
  ])('sets the scattered indexes aside: $what', ({ p, aside }) => {
    expect(shouldSetIndexesAside(p)).toBe(aside);
  });
});
