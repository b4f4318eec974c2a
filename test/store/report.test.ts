// The report's quarter-hour touch counts (migration 0004) against the touches they count:
// filled from the touches a database already had when it migrates, and kept equal by the
// triggers through every way the commands write touches (log, undo, stage, release, merge,
// sort) and through direct edits of a touch's time, channel, code or stage; and the funnel by
// source or list, the same whichever order it reads the touches in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadMigrations, openDatabase } from '../../dist/store/db.js';
import { sourceCounts, touchGroups } from '../../dist/store/report.js';
import { COUNTED_CHANNELS } from '../../dist/core/lead.js';
import { leads, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace({ database: false })));
afterEach(() => ws.cleanup());

const env = { LEADS_TODAY: '2026-11-24 12:00' };
const run = (args: string[]) => {
  // leads are registered on the 1st, before the calls back-filled with --at (none may precede its lead)
  const r = leads(args, { db: ws.db, env: args[0] === 'add' ? { LEADS_TODAY: '2026-11-01 09:00' } : env });
  expect(r, `leads ${args.join(' ')}: ${r.stderr}`).toMatchObject({ code: 0 });
  return r.stdout;
};

/** Weekly bounds around the history, on local midnights (quarter hours). */
const WEEKS = ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].map((d) => `${d}T00:00:00.000Z`);

const sorted = <T>(xs: T[]) => [...xs].map((x) => JSON.stringify(x)).sort();

/** Each lead's first reached call and the counted touches before it, from its touches. */
const FIRST_CONTACTS = `
  SELECT f.lead_id, f.at,
         (SELECT count(*) FROM touches b WHERE b.lead_id = f.lead_id AND b.at < f.at
            AND b.channel IN (${[...COUNTED_CHANNELS].map((c) => `'${c}'`).join(', ')})) AS touches_before
  FROM (SELECT lead_id, min(at) AS at FROM touches
        WHERE channel = 'call' AND code IN (SELECT code FROM codes WHERE reached = 1) GROUP BY lead_id) f
  ORDER BY f.lead_id`;

/**
 * The groups from the counts and counted from the touches are the same, and so are the
 * first contacts kept and computed; returns the touches counted.
 */
function expectCountsMatch(path: string, bounds = WEEKS): number {
  const db = new Database(path, { readonly: true });
  try {
    const counts = touchGroups(db, bounds);
    const direct = touchGroups(db, bounds, { fromTouches: true });
    expect(sorted(counts)).toEqual(sorted(direct));
    expect(db.prepare('SELECT lead_id, at, touches_before FROM first_contacts ORDER BY lead_id').all()).toEqual(
      db.prepare(FIRST_CONTACTS).all(),
    );
    return direct.reduce((n: number, g: { n: number }) => n + g.n, 0);
  } finally {
    db.close();
  }
}

describe('touch_counts and first_contacts', () => {
  it('is filled from the touches a database had before migration 0004', () => {
    const before = loadMigrations().filter((m: { version: number }) => m.version < 6);
    const db = openDatabase(ws.db, before);
    db.exec(`INSERT INTO leads (id, created_at, updated_at) VALUES (1, 'x', 'x'), (2, 'x', 'x')`);
    const t = db.prepare('INSERT INTO touches (lead_id, at, channel, code, stage) VALUES (?, ?, ?, ?, ?)');
    t.run(1, '2026-11-16T09:00:00.000Z', 'call', 3, null);
    t.run(1, '2026-11-16T09:14:59.999Z', 'call', 3, null);
    t.run(2, '2026-11-16T09:15:00.000Z', 'call', 6, null);
    t.run(2, '2026-11-24T10:00:00.000Z', 'stage', null, 'thinking');
    t.run(2, '2026-11-24T10:00:00.000Z', 'note', null, null);
    t.run(1, '2026-11-24T11:00:00.000Z', 'letter', null, null);
    db.close();
    openDatabase(ws.db).close();
    expect(expectCountsMatch(ws.db)).toBe(5);
    const check = new Database(ws.db, { readonly: true });
    expect(check.prepare('SELECT slot, channel, code, stage, n FROM touch_counts ORDER BY slot, channel').all()).toEqual([
      { slot: '2026-11-16T09:00', channel: 'call', code: 3, stage: '', n: 2 },
      { slot: '2026-11-16T09:15', channel: 'call', code: 6, stage: '', n: 1 },
      { slot: '2026-11-24T10:00', channel: 'stage', code: -1, stage: 'thinking', n: 1 },
      { slot: '2026-11-24T11:00', channel: 'letter', code: -1, stage: '', n: 1 },
    ]);
    // lead 2 was reached by its code-6 call with nothing before; lead 1 was never reached
    expect(check.prepare('SELECT * FROM first_contacts').all()).toEqual([
      { lead_id: 2, at: '2026-11-16T09:15:00.000Z', touches_before: 0 },
    ]);
    check.close();
  });

  it('stays equal to the touches through log, undo, stage, release, merge and sort', () => {
    for (let i = 1; i <= 6; i++) run(['add', '--first', `P${i}`, '--last', `L${i}`, '--phone', `555010${i}000`, '--street', '1 Main St', '--city', 'Boston', '--postal-code', '02139']);
    run(['log', '1', '3', '--at', '2026-11-16 09:05']);
    run(['log', '1', '6', '--at', '2026-11-23 09:20']);
    run(['log', '2', '2', '--at', '2026-11-23 09:40']);
    run(['log', '3', '6', '--at', '2026-11-24 09:00']);
    run(['log', '4', '3', '--at', '2026-11-24 09:10']);
    run(['log', '4', '--undo']); // deletes the call touch
    run(['log', '6', '3', '--at', '2026-11-20 09:00']);
    run(['log', '6', '4', '--at', '2026-11-23 09:00', '--next', '2026-11-30 10:00']);
    run(['log', '5', '3', '--at', '2026-11-17 09:00']);
    run(['log', '5', '1', '--at', '2026-11-24 09:30']);
    run(['stage', '1', 'thinking']);
    run(['stage', '1', 'application']);
    run(['release', '3', '--yes']);
    run(['merge', '5', '6']); // moves touches from one lead to another
    for (const [k, v] of [['name', 'Sam Seller'], ['street', '9 Elm St'], ['city', 'Boston'], ['postal_code', '02139'], ['phone', '617-555-0100']]) {
      run(['config', 'set', `sender.${k}`, v]);
    }
    const sort = leads(['sort', '--out', `${ws.dir}/batches`], { db: ws.db, env });
    expect(sort.code, sort.stderr).toBe(0);
    const letters = JSON.parse(run(['show', '2', '--json'])).touches.filter((t: { channel: string }) => t.channel === 'letter');
    expect(letters).toHaveLength(1);
    // 9 calls logged, 1 undone; 2 stage moves; 1 release; the letter the sort sent
    expect(expectCountsMatch(ws.db)).toBe(8 + 2 + 1 + 1);
    // lead 6 merged into 5: 5's first contact is 6's call back (after 5's and 6's code 3s),
    // earlier than its own code 1
    const db = new Database(ws.db, { readonly: true });
    expect(db.prepare('SELECT * FROM first_contacts WHERE lead_id IN (5, 6)').all()).toEqual([
      { lead_id: 5, at: new Date(2026, 10, 23, 9, 0).toISOString(), touches_before: 2 },
    ]);
    db.close();
    const r = JSON.parse(run(['report', '--json', '--by', 'code']));
    // this week to Tuesday noon: none (lead 4's was undone); last week to Tuesday noon: leads 1 and 5
    expect(r.outcomes.find((o: { code: number }) => o.code === 3)).toMatchObject({ current: 0, previous: 2 });
  });

  it('follows a touch edited or deleted by hand, and a channel the report does not count', () => {
    run(['add', '--first', 'Ann', '--phone', '5550101000']);
    run(['log', '1', '3', '--at', '2026-11-23 09:05']);
    run(['log', '1', '5', '--at', '2026-11-23 10:00', '--email', 'ann@example.com']);
    const db = new Database(ws.db);
    db.prepare(`UPDATE touches SET at = '2026-11-17T08:59:00.000Z' WHERE channel = 'call' AND code = 3`).run();
    db.prepare(`UPDATE touches SET code = 1 WHERE channel = 'call' AND code = 5`).run();
    db.prepare(`UPDATE touches SET channel = 'letter', code = NULL WHERE channel = 'edit'`).run();
    db.prepare(`UPDATE touches SET lead_id = lead_id`).run();
    db.prepare(`DELETE FROM touches WHERE channel = 'letter'`).run();
    db.close();
    expect(expectCountsMatch(ws.db)).toBe(2);
  });

  it('bounds off the quarter hour are counted from the touches, to the millisecond', () => {
    run(['add', '--first', 'Ann', '--phone', '5550101000']);
    run(['log', '1', '3', '--at', '2026-11-23 09:05']);
    run(['log', '1', '4', '--at', '2026-11-23 09:20', '--next', '2026-11-30 10:00']);
    const db = new Database(ws.db, { readonly: true });
    const groups = touchGroups(db, ['2026-11-23T09:00:00.000Z', '2026-11-23T09:10:00.000Z', '2026-11-23T09:30:00.000Z']);
    db.close();
    expect(groups.map((g: { bucket: number; code: number; n: number }) => [g.bucket, g.code, g.n])).toEqual([
      [0, 3, 1],
      [1, 4, 1],
    ]);
  });
});

describe('the funnel by source or list', () => {
  it('is the same read in lead order or in time order, for a short period and a long one', () => {
    for (let i = 1; i <= 4; i++) run(['add', '--first', `P${i}`, '--phone', `555010${i}000`]);
    const db = new Database(ws.db);
    db.exec(`UPDATE leads SET source = CASE WHEN id <= 2 THEN 'fair' ELSE 'web' END, list = 'list ' || (id % 2)`);
    const touch = db.prepare('INSERT INTO touches (lead_id, at, channel, code, stage) VALUES (?, ?, ?, ?, ?)');
    for (const [lead, at, channel, code, stage] of [
      [1, '2026-11-02T09:00:00.000Z', 'call', 3, null],
      [1, '2026-11-16T09:00:00.000Z', 'call', 6, null],
      [1, '2026-11-23T09:00:00.000Z', 'stage', null, 'sold'],
      [2, '2026-11-10T09:00:00.000Z', 'call', null, null], // a call with no code is called, not reached
      [2, '2026-11-17T09:00:00.000Z', 'call', 1, null],
      [3, '2026-11-18T09:00:00.000Z', 'call', 2, null],
      [3, '2026-11-18T10:00:00.000Z', 'note', null, null],
      [4, '2026-11-24T09:00:00.000Z', 'stage', null, 'thinking'],
    ] as const) {
      touch.run(lead, at, channel, code, stage);
    }
    db.close();
    const ro = new Database(ws.db, { readonly: true });
    try {
      const periods = [[WEEKS[0], WEEKS[5]], [WEEKS[2], WEEKS[3]], [WEEKS[3], WEEKS[4]], [WEEKS[4], WEEKS[5]]];
      for (const by of ['source', 'list'] as const) {
        for (const [start, end] of periods) {
          const inLeadOrder = sourceCounts(ro, by, start, end, { byLead: true });
          expect(sourceCounts(ro, by, start, end, { byLead: false })).toEqual(inLeadOrder);
          expect(sourceCounts(ro, by, start, end)).toEqual(inLeadOrder);
        }
      }
      expect(sourceCounts(ro, 'source', WEEKS[0], WEEKS[5]).map((r: Record<string, unknown>) => [r.key, r.called, r.reached, r.finished, r.sold])).toEqual([
        ['fair', 2, 2, 1, 1],
        ['web', 1, 1, 0, 0],
      ]);
    } finally {
      ro.close();
    }
  });
});
