// Property-based fuzzing of `leads import` with fast-check: CSV files made of headers
// import knows and does not, fields with quotes, delimiters, line breaks, NULs, formula and
// SQL text, non-ASCII, and bytes that are not UTF-8, in UTF-8, UTF-16 or raw bytes. Each
// run imports into a fresh database and must: exit 0, 1 or 2 with no stack trace; leave
// either no new lead or exactly the count it reports (never half a file); and never store
// U+FFFD unless the file itself held one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { figure } from './util.js';

process.env.TZ = 'UTC';
const RUNS = Number(process.env.FUZZ_RUNS || 100);

let ws: ReturnType<typeof tempWorkspace>;
let empty: string;
beforeAll(() => {
  ws = tempWorkspace();
  empty = ws.db; // created and migrated once
});
afterAll(() => ws.cleanup());

const HEADERS = ['First Name', 'Last Name', 'Name', 'Full Name', 'Company', 'Phone', 'Mobile Phone', 'E-mail Address', 'Email', 'City', 'State',
  'Zip', 'Notes', 'Job Title', 'Street', 'Country', 'junk', ''];
const PIECES = ['Ann', 'Zoë', "O'Brien", '"', '""', ',', ';', '\t', '|', '\n', '\r\n', '\r', ' ', '\u0000', '\uFEFF', '€', '日本', '😀', 'é',
  '=HYPERLINK("x")', "'); DROP TABLE leads;--", '+1 555', '@SUM(A1)', '(617) 555-0142', '617.555.0143', '+44 20 7946 0958', '12345',
  'a@b.example', 'bad@@x', 'x@y', 'Ü', '\u00a0', '\u2028'];

const field = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join('')),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** A CSV as bytes: a header line, rows, one line break, fields quoted properly or raw, an encoding or raw junk bytes. */
const csvFile = fc
  .record({
    header: fc.uniqueArray(fc.constantFrom(...HEADERS), { minLength: 1, maxLength: 6 }),
    rows: fc.array(fc.array(field, { minLength: 0, maxLength: 7 }), { minLength: 0, maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    delimiter: fc.constantFrom(',', ';', '\t'),
    quoting: fc.constantFrom('proper', 'raw', 'mixed'),
    encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'junk'),
    junk: fc.array(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 3 }) }), { maxLength: 3 }),
  })
  .map((f) => {
    const cell = (s: string, i: number) =>
      f.quoting === 'proper' || (f.quoting === 'mixed' && i % 2 === 0) ? `"${s.replace(/"/g, '""')}"` : s;
    const text = [f.header, ...f.rows].map((r) => r.map(cell).join(f.delimiter)).join(f.eol) + f.eol;
    let bytes: Buffer;
    if (f.encoding === 'utf-16le') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    else if (f.encoding === 'utf-8-bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    else bytes = Buffer.from(text);
    if (f.encoding === 'junk') {
      for (const j of f.junk) {
        const at = j.at % (bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(j.bytes), bytes.subarray(at)]);
      }
    }
    return { ...f, bytes };
  });

const FFFD_UTF8 = Buffer.from('\uFFFD');
const FFFD_UTF16 = Buffer.from('\uFFFD', 'utf16le');

function stored(db: string) {
  const d = new Database(db, { readonly: true });
  try {
    const leadsN = (d.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
    const text = JSON.stringify([d.prepare('SELECT * FROM leads').all(), d.prepare('SELECT * FROM touches').all(), d.prepare('SELECT * FROM imports').all()]);
    return { leads: leadsN, text };
  } finally {
    d.close();
  }
}

describe('leads import, fuzzed', () => {
  it(`${RUNS} generated CSV files: exit 0/1/2, no stack trace, all or nothing, no silent U+FFFD`, async () => {
    let n = 0;
    const tally = { ok: 0, refused: 0, inserted: 0 };
    await fc.assert(
      fc.asyncProperty(csvFile, async (f) => {
        const dir = join(ws.dir, `run-${n++}`);
        const db = join(dir, 'leads.db');
        const csv = join(dir, 'in.csv');
        rmSync(dir, { recursive: true, force: true });
        const { mkdirSync } = await import('node:fs');
        mkdirSync(dir, { recursive: true });
        copyFileSync(empty, db);
        writeFileSync(csv, f.bytes);
        const r = await leadsInProcess(['import', csv, '--json'], { db });
        const what = `exit ${r.code}: ${r.stderr}`;
        expect([0, 1, 2], what).toContain(r.code);
        expect(r.stderr, what).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
        const after = stored(db);
        if (r.code === 0) {
          const out = JSON.parse(r.stdout);
          expect(after.leads, what).toBe(out.inserted);
          tally.ok++;
          tally.inserted += out.inserted;
        } else {
          expect(after.leads, what).toBe(0);
          expect(r.stderr, what).toMatch(/^leads: /);
          tally.refused++;
        }
        const hadFffd = f.bytes.includes(FFFD_UTF8) || (f.encoding === 'utf-16le' && f.bytes.includes(FFFD_UTF16));
        if (!hadFffd) expect(after.text.includes('\uFFFD'), `U+FFFD stored from a file without one; ${what}`).toBe(false);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: RUNS, seed: Number(process.env.RELIABILITY_SEED ?? 20261124) },
    );
    figure('import fuzzing (fast-check)', `${RUNS} generated files: ${tally.ok} imported (${tally.inserted} leads), ${tally.refused} refused with exit 1/2; no stack trace, no partial import, no U+FFFD`);
  }, 1_800_000);
});
