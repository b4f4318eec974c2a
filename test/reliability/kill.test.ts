// kill -9 at random moments of import, sort and log (10 times each, seeded; more with
// RELIABILITY_KILLS): afterwards the database passes integrity_check and
// foreign_key_check, and each operation is wholly there or wholly absent.
// test/e2e/import-kill.test.ts kills one 200k-row import once its WAL has spilled;
// test/e2e/sort-kill.test.ts kills the sort at six fixed delays; here the moments are
// random over each operation's whole run, from start-up to commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode, readCsv, setSender } from '../helpers/batches.js';
import { figure, health, peopleCsv, rng, runAsync, scalar, query, type Ended } from './util.js';

process.env.TZ = 'UTC';
const TIMES = Number(process.env.RELIABILITY_KILLS || 10);
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261124);

/** Kills that must land before the operation ends, or the test proves nothing. */
const IN_FLIGHT = 3;

/**
 * The moments to kill at, from the machine's pace: a random moment up to a little past a
 * whole run's length, that length taken from the latest run that ended by itself (a loaded
 * machine slows down and speeds up). Kills go on past TIMES, up to three times as many,
 * until IN_FLIGHT of them landed mid-run: what each kill leaves is checked whatever the
 * moment, and the count only says the moments reached inside the operation.
 */
class Pace {
  constructor(public ms: number) {}
  moment(r: () => number): number {
    return Math.floor(r() * this.ms * 1.1);
  }
  saw(run: Ended): void {
    if (run.signal === null) this.ms = run.ms;
  }
  more(done: number, inFlight: number): boolean {
    return done < TIMES || (inFlight < IN_FLIGHT && done < 3 * TIMES);
  }
}

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => (ws = tempWorkspace()));
afterAll(() => ws.cleanup());

function expectHealthy(db: string, what: string) {
  const h = health(db);
  expect(h.integrity, what).toBe('ok');
  expect(h.foreignKeys, what).toEqual([]);
}

/**
 * Big enough that a kill lands mid-transaction with pages already spilled to the WAL: these
 * leads fill the import's page cache (4 MB) twice over, and some 7 MB are in the WAL before
 * it commits. A bigger file only makes each of the runs longer;
 * test/e2e/import-kill.test.ts kills a 200k-row import once 8 MB are in its WAL.
 */
const IMPORT_ROWS = 25_000;

describe('kill -9 at random moments', () => {
  it(`import of ${IMPORT_ROWS / 1000}k rows, killed ${TIMES} times: the leads as before or the whole file`, async () => {
    const r = rng(SEED);
    const base = join(ws.dir, 'import-base.db');
    const csv = join(ws.dir, 'people.csv');
    writeFileSync(csv, peopleCsv(IMPORT_ROWS));
    const small = join(ws.dir, 'small.csv');
    writeFileSync(small, 'Name,Phone\nAl Able,(212) 555-0101\nBea Best,(212) 555-0102\n');
    expect(leads(['import', small], { db: base }).code).toBe(0);
    const before = scalar(base, 'SELECT count(*) FROM leads');
    // the whole run once, untouched: its length bounds the kill moments, its count is "whole"
    const full = join(ws.dir, 'import-full.db');
    copyFileSync(base, full);
    const whole = await runAsync(['import', csv], { db: full });
    expect(whole.code, whole.stderr).toBe(0);
    const after = scalar(full, 'SELECT count(*) FROM leads');
    expect(after).toBeGreaterThan(before + IMPORT_ROWS / 2);
    const outcomes = { before: 0, whole: 0 };
    const pace = new Pace(whole.ms);
    for (let i = 0; pace.more(i, outcomes.before); i++) {
      const db = join(ws.dir, `import-${i}.db`);
      copyFileSync(base, db);
      const at = pace.moment(r);
      const run = await runAsync(['import', csv], { db }, at);
      pace.saw(run);
      const what = `kill ${i} at ${at} ms of ${pace.ms} (seed ${SEED}): ${run.signal ?? run.code} ${run.stderr}`;
      expect(run.stderr, what).not.toMatch(/internal error|at .*\.js:\d+/);
      expectHealthy(db, what);
      const n = scalar(db, 'SELECT count(*) FROM leads');
      const imports = scalar(db, 'SELECT count(*) FROM imports');
      if (n === before) {
        outcomes.before++;
        expect(imports, what).toBe(1);
        expect(scalar(db, 'SELECT count(*) FROM touches'), what).toBe(scalar(base, 'SELECT count(*) FROM touches'));
      } else {
        outcomes.whole++;
        expect(n, what).toBe(after);
        expect(imports, what).toBe(2);
        expect(run.signal === 'SIGKILL' || run.code === 0, what).toBe(true);
      }
      rmSync(db, { force: true });
      for (const s of ['-wal', '-shm']) rmSync(db + s, { force: true });
    }
    // the moments must have caught imports in flight, or the test proves nothing
    expect(outcomes.before).toBeGreaterThanOrEqual(IN_FLIGHT);
    figure('kill -9 import', `${outcomes.before + outcomes.whole} kills of a ${IMPORT_ROWS / 1000}k-row import (whole run ${whole.ms} ms): ${outcomes.before} left as before, ${outcomes.whole} whole`);
  }, 1_800_000);

  it(`log, killed ${TIMES} times: the call touch, its batch item and the lead's columns together or not at all`, async () => {
    const r = rng(SEED + 1);
    const db = join(ws.dir, 'log.db');
    const first = await addLead(db, { first: 'F0', last: 'Log', phone: '(617) 555-2000' });
    const ref = await runAsync(['log', String(first), '2', '--note', 'reference'], { db });
    expect(ref.code, ref.stderr).toBe(0);
    const outcomes = { absent: 0, whole: 0 };
    const pace = new Pace(ref.ms);
    for (let i = 1; pace.more(i - 1, outcomes.absent); i++) {
      const id = await addLead(db, { first: `F${i}`, last: 'Log', phone: `(617) 555-${String(2000 + i)}` });
      const at = pace.moment(r);
      const run = await runAsync(['log', String(id), '2', '--note', `kill ${i}`], { db }, at);
      pace.saw(run);
      const what = `kill ${i} at ${at} ms of ${pace.ms} (seed ${SEED}): ${run.signal ?? run.code} ${run.stderr}`;
      expectHealthy(db, what);
      const calls = scalar(db, "SELECT count(*) FROM touches WHERE lead_id = ? AND channel = 'call'", id);
      const items = scalar(db, "SELECT count(*) FROM batch_items WHERE lead_id = ? AND kind = 'letter'", id);
      const lead = query<{ code: number | null; last_called_at: string | null; touch_count: number }>(
        db, 'SELECT code, last_called_at, touch_count FROM leads WHERE id = ?', id)[0];
      if (calls === 0) {
        outcomes.absent++;
        expect({ items, ...lead }, what).toEqual({ items: 0, code: null, last_called_at: null, touch_count: 0 });
      } else {
        outcomes.whole++;
        expect({ calls, items, code: lead.code, touch_count: lead.touch_count }, what).toEqual({ calls: 1, items: 1, code: 2, touch_count: 1 });
        expect(lead.last_called_at, what).not.toBeNull();
      }
    }
    expect(outcomes.absent).toBeGreaterThanOrEqual(IN_FLIGHT);
    figure('kill -9 log', `${outcomes.absent + outcomes.whole} kills of leads log (whole run ${ref.ms} ms): ${outcomes.absent} absent, ${outcomes.whole} whole`);
  }, 1_800_000);

  it(`sort, killed ${TIMES} times: a batch recorded has all its files; none recorded leaves every outcome pending`, async () => {
    const r = rng(SEED + 2);
    const db = join(ws.dir, 'sort.db');
    const env = { XDG_CONFIG_HOME: join(ws.dir, 'config') };
    await setSender(db);
    const LEADS = 24;
    for (let i = 1; i <= LEADS; i++) {
      const id = await addLead(db, {
        first: `First${i}`, last: `Last${i}`, street: `${i} Main St`, city: 'Boston', region: 'MA', postal: '02110',
        email: `s${i}@example.com`, phone: `(617) 555-${String(3000 + i)}`,
      });
      await logCode(db, id, [2, 5, 6][i % 3]);
    }
    const ref = await runAsync(['sort', '--out', join(ws.dir, 'ref'), '--dry-run'], { db, env });
    expect(ref.code, ref.stderr).toBe(0);
    const refOut = join(ws.dir, 'sort-ref.db');
    copyFileSync(db, refOut);
    const whole = await runAsync(['sort', '--out', join(ws.dir, 'ref')], { db: refOut, env });
    expect(whole.code, whole.stderr).toBe(0);
    const outcomes = { absent: 0, whole: 0 };
    const pace = new Pace(whole.ms);
    for (let i = 0; pace.more(i, outcomes.absent); i++) {
      const out = join(ws.dir, `out-${i}`);
      const at = pace.moment(r);
      const run = await runAsync(['sort', '--out', out], { db, env }, at);
      pace.saw(run);
      const what = `kill ${i} at ${at} ms of ${pace.ms} (seed ${SEED}): ${run.signal ?? run.code} ${run.stderr}`;
      expectHealthy(db, what);
      const batches = query<{ id: number; out_dir: string; letters: number; emails: number; follow_ups: number }>(
        db, 'SELECT id, out_dir, letters, emails, follow_ups FROM batches');
      const pending = scalar(db, 'SELECT count(*) FROM batch_items WHERE batch_id IS NULL');
      const served = scalar(db, "SELECT count(*) FROM touches WHERE channel IN ('letter', 'email')");
      if (batches.length === 0) {
        outcomes.absent++;
        expect({ pending, served }, what).toEqual({ pending: LEADS, served: 0 });
      } else {
        outcomes.whole++;
        expect(batches, what).toHaveLength(1);
        const b = batches[0];
        expect(pending, what).toBe(0);
        expect(served, what).toBe(b.letters + b.emails);
        expect(b.letters + b.emails + b.follow_ups, what).toBe(LEADS);
        // the batch's marks and its files agree
        expect(existsSync(b.out_dir), what).toBe(true);
        expect(readCsv(join(b.out_dir, 'letters.csv')), what).toHaveLength(b.letters);
        expect(scalar(db, 'SELECT count(*) FROM batch_items WHERE batch_id = ?', b.id), what).toBe(LEADS);
      }
      // back to pending for the next kill, with no folder left over
      const d = new Database(db);
      d.exec(`DELETE FROM deliveries;
              UPDATE batch_items SET batch_id = NULL, skipped = NULL;
              DELETE FROM touches WHERE channel IN ('letter', 'email');
              UPDATE leads SET touch_count = (SELECT count(*) FROM touches t WHERE t.lead_id = leads.id AND t.channel = 'call');
              DELETE FROM batches;`);
      d.close();
      rmSync(out, { recursive: true, force: true });
    }
    expect(outcomes.absent).toBeGreaterThanOrEqual(IN_FLIGHT);
    figure('kill -9 sort', `${outcomes.absent + outcomes.whole} kills of a ${LEADS}-outcome sort (whole run ${whole.ms} ms): ${outcomes.absent} absent, ${outcomes.whole} whole`);
  }, 1_800_000);
});
