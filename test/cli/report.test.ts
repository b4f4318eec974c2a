// leads report on a seeded history: every figure checked against a hand count of the
// history below, the period boundaries in UTC and in New York time, empty periods, the
// comparison, and the four outputs (terminal, piped, --csv, --json) agreeing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { leads, leadsInProcess, leadsProcess, tempWorkspace, ANSI } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

/**
 * "Today" is Tuesday 2026-11-24 (noon). This week is Mon 11-23 .. Sun 11-29, last week
 * Mon 11-16 .. Sun 11-22 (in UTC; New York shifts the bounds by five hours).
 *
 * leads: 1 Ann (web/spring, import 1, sold), 2 Bob (web/spring, import 1), 3 Cy (fair/expo,
 * import 2), 4 Di (fair/expo, import 2), 5 Ed (no source, registered 11-20), 6 Flo (web/autumn,
 * import 3, registered 11-24). Imports: 1 web/spring cost 100.00, 2 fair/expo no cost, 3
 * web/autumn cost 50.00.
 */
const LEADS: [number, string, string | null, string | null, number | null, string, string][] = [
  [1, 'Ann', 'web', 'spring', 1, '2026-11-01T00:00:00.000Z', 'sold'],
  [2, 'Bob', 'web', 'spring', 1, '2026-11-01T00:00:00.000Z', 'prospect'],
  [3, 'Cy', 'fair', 'expo', 2, '2026-11-01T00:00:00.000Z', 'prospect'],
  [4, 'Di', 'fair', 'expo', 2, '2026-11-01T00:00:00.000Z', 'prospect'],
  [5, 'Ed', null, null, null, '2026-11-20T00:00:00.000Z', 'prospect'],
  [6, 'Flo', 'web', 'autumn', 3, '2026-11-24T08:00:00.000Z', 'prospect'],
];

// [lead, at, channel, code, stage, session]
const TOUCHES: [number, string, string, number | null, string | null, number | null][] = [
  [1, '2026-11-01T02:00:00.000Z', 'import', null, null, null],
  [4, '2026-11-01T03:00:00.000Z', 'call', 3, null, null], // Oct 31 in New York
  // last week
  [1, '2026-11-16T09:00:00.000Z', 'call', 3, null, 1],
  [2, '2026-11-16T09:10:00.000Z', 'call', 3, null, 1],
  [3, '2026-11-16T09:20:00.000Z', 'call', 1, null, 1], // Cy's first contact, 0 touches before
  [1, '2026-11-17T18:00:00.000Z', 'letter', null, null, null],
  [4, '2026-11-18T10:00:00.000Z', 'call', 2, null, null], // Di's first contact, 1 touch before
  [4, '2026-11-19T20:00:00.000Z', 'letter', null, null, null],
  [3, '2026-11-19T21:00:00.000Z', 'note', null, null, null],
  [5, '2026-11-22T23:59:59.999Z', 'call', 3, null, null], // the last moment of last week (UTC)
  // this week
  [6, '2026-11-23T00:00:00.000Z', 'call', 9, null, null], // the first moment of this week (UTC)
  [1, '2026-11-23T09:00:00.000Z', 'call', 6, null, 2], // Ann's first contact, 2 before
  [2, '2026-11-23T09:15:00.000Z', 'call', 3, null, 2],
  [5, '2026-11-23T09:30:00.000Z', 'call', 5, null, 2], // Ed's first contact, 1 before
  [3, '2026-11-23T09:45:00.000Z', 'call', 4, null, 2], // Cy again: not a first contact
  [5, '2026-11-23T20:00:00.000Z', 'email', null, null, null],
  [2, '2026-11-23T20:00:00.000Z', 'letter', null, null, null],
  [2, '2026-11-24T10:00:00.000Z', 'call', 6, null, 3], // Bob's first contact, 3 before
  [1, '2026-11-24T11:00:00.000Z', 'stage', null, 'thinking', null],
  [1, '2026-11-24T11:10:00.000Z', 'stage', null, 'application', null],
  [1, '2026-11-24T11:20:00.000Z', 'stage', null, 'delivery', null],
  [1, '2026-11-24T11:30:00.000Z', 'stage', null, 'sold', null],
  [1, '2026-11-24T11:35:00.000Z', 'note', null, null, null],
  [2, '2026-11-24T11:50:00.000Z', 'release', null, 'done', null],
  // next week (UTC): Sunday evening this week in New York
  [6, '2026-11-30T00:00:00.000Z', 'call', 1, null, null],
  // December (UTC): November 30 in New York
  [4, '2026-12-01T00:00:00.000Z', 'call', 7, null, null],
];

/** Creates the database through the CLI, then writes the history above with SQL. */
function seed(path: string): void {
  expect(leads(['codes', '--json'], { db: path }).code).toBe(0);
  const db = new Database(path);
  db.transaction(() => {
    const imp = db.prepare(
      `INSERT INTO imports (id, file, sha256, started_at, source, list, cost_cents) VALUES (?, ?, 'x', '2026-11-01T00:00:00.000Z', ?, ?, ?)`,
    );
    imp.run(1, 'spring.csv', 'web', 'spring', 10000);
    imp.run(2, 'expo.csv', 'fair', 'expo', null);
    imp.run(3, 'autumn.csv', 'web', 'autumn', 5000);
    const lead = db.prepare(
      `INSERT INTO leads (id, first_name, source, list, import_id, created_at, updated_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [id, name, source, list, importId, at, status] of LEADS) lead.run(id, name, source, list, importId, at, at, status);
    const session = db.prepare('INSERT INTO sessions (id, started_at, ended_at, dials) VALUES (?, ?, ?, ?)');
    session.run(1, '2026-11-16T09:00:00.000Z', '2026-11-16T10:00:00.000Z', 4); // 1 h, 3 calls, 4 dials
    session.run(2, '2026-11-23T09:00:00.000Z', '2026-11-23T10:30:00.000Z', 6); // 1.5 h, 4 calls, 6 dials
    session.run(3, '2026-11-24T09:55:00.000Z', null, 2); // never closed: lasts to its last touch (5 min, 1 call, 2 dials)
    const touch = db.prepare('INSERT INTO touches (lead_id, at, channel, code, stage, session_id) VALUES (?, ?, ?, ?, ?, ?)');
    const ids = TOUCHES.map((t) => Number(touch.run(...t).lastInsertRowid));
    const idOf = (lead: number, at: string) => ids[TOUCHES.findIndex((t) => t[0] === lead && t[1] === at)];
    // the timed calls: last week 60 + 30 + 210 s (5 min); this week 600 + 20 + 40 + 180 s and
    // Ann's follow-up call that moved her to thinking, 60 s (15 min); Cy's call of 11-23 logged
    // by hand without a length
    const timed = db.prepare('UPDATE touches SET duration_s = ? WHERE id = ?');
    for (const [lead, at, s] of [
      [1, '2026-11-16T09:00:00.000Z', 60], [2, '2026-11-16T09:10:00.000Z', 30], [3, '2026-11-16T09:20:00.000Z', 210],
      [1, '2026-11-23T09:00:00.000Z', 600], [2, '2026-11-23T09:15:00.000Z', 20], [5, '2026-11-23T09:30:00.000Z', 40],
      [2, '2026-11-24T10:00:00.000Z', 180], [1, '2026-11-24T11:00:00.000Z', 60],
    ] as const) timed.run(s, idOf(lead, at));
    // a sort last week (a letter) and one this week (Ann's follow-up served, Bob's skipped)
    db.prepare(`INSERT INTO batches (id, day, created_at) VALUES (1, '2026-11-18', '2026-11-18T20:00:00.000Z')`).run();
    db.prepare(`INSERT INTO batches (id, day, created_at) VALUES (2, '2026-11-23', '2026-11-23T20:00:00.000Z')`).run();
    const item = db.prepare('INSERT INTO batch_items (lead_id, touch_id, kind, batch_id, skipped) VALUES (?, ?, ?, ?, ?)');
    item.run(4, idOf(4, '2026-11-18T10:00:00.000Z'), 'letter', 1, null);
    item.run(1, idOf(1, '2026-11-23T09:00:00.000Z'), 'follow_up', 2, null);
    item.run(2, idOf(2, '2026-11-24T10:00:00.000Z'), 'follow_up', 2, 'no next contact');
  })();
  db.close();
}

/**
 * Late on Sunday of the week: this week is compared with the whole week before (earlier in
 * the week it is compared with the same stretch of it; see "so far" below).
 */
const SUNDAY_NIGHT = { LEADS_TODAY: '2026-11-29 23:50' };

const json = (args: string[], env: Record<string, string> = SUNDAY_NIGHT) => {
  // a time zone belongs to the process: another one than this process's needs the binary
  const run = env.TZ ? leadsProcess : leads;
  const r = run(['report', ...args, '--json'], { db: ws.db, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

const fig = (current: number | null, previous: number | null, change: number | null, change_pct: number | null) => ({
  current, previous, change, change_pct,
});

describe('leads report: the week against the week before (UTC)', () => {
  it('counts each figure of the seeded history', () => {
    seed(ws.db);
    const r = json([]);
    expect(r.period).toMatchObject({
      kind: 'week', from: '2026-11-23', to: '2026-11-29', start: '2026-11-23T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z', partial: true,
    });
    expect(r.previous).toMatchObject({ from: '2026-11-16', to: '2026-11-22', end: '2026-11-23T00:00:00.000Z' });
    const f = r.figures;
    // calls: 6 this week (Flo 9, Ann 6, Bob 3, Ed 5, Cy 4, Bob 6), 5 last week (Ann 3, Bob 3, Cy 1, Di 2, Ed 3)
    expect(f.calls).toMatchObject(fig(6, 5, 1, 20));
    // reached (codes 1, 2, 4, 5, 6 reach a person; 3 and 9 do not): 4 and 2
    expect(f.reached).toMatchObject(fig(4, 2, 2, 100));
    // 4/6 and 2/5; the change in points (0.2667) and relative to 0.4 (66.7%)
    expect(f.contact_rate).toMatchObject(fig(0.6667, 0.4, 0.2667, 66.7));
    expect(f.letters).toMatchObject(fig(1, 2, -1, -50));
    // nothing last week: the change in % is unknown, not infinite
    expect(f.emails).toMatchObject(fig(1, 0, 1, null));
    // Ann's follow-up served this week; Bob's was skipped; last week's sort had a letter only
    expect(f.follow_ups).toMatchObject(fig(1, 0, 1, null));
    expect(f.entered_cycle).toMatchObject(fig(2, 0, 2, null));
    expect(f.stage_moves).toMatchObject(fig(4, 0, 4, null));
    expect(f.sold).toMatchObject(fig(1, 0, 1, null));
    expect(f.released).toMatchObject(fig(1, 0, 1, null));
    // first contacts this week: Ann after 2 touches (call, letter), Ed after 1, Bob after 3 → 2.0;
    // last week: Cy after 0, Di after 1 (the call of Nov 1) → 0.5
    expect(f.touches_before_contact).toMatchObject(fig(2, 0.5, 1.5, 300));
    // sessions this week: 4 calls in 1.5 h and 1 call in the 5 min of an unclosed one → 5 / 1.5833 h;
    // last week 3 calls in 1 h
    expect(f.calls_per_hour).toMatchObject(fig(3.2, 3, 0.2, 5.3));
    // dials through dial.command in those sessions: 6 + 2 in 1.5833 h (5.05), 4 in 1 h
    expect(f.dials_per_hour).toMatchObject(fig(5.1, 4, 1.1, 26.3));
    // talk time: 15 min against 5; the average over the timed calls only (5 and 3)
    expect(f.talk_minutes).toMatchObject(fig(15, 5, 10, 200));
    expect(f.average_call_minutes).toMatchObject(fig(3, 1.7, 1.3, 80));
    expect(f.calls.label).toBe('calls');
  });

  it('gives the outcomes by code, every code of the table with its share of the calls', () => {
    seed(ws.db);
    const r = json([]);
    const byCode = Object.fromEntries(r.outcomes.map((o: { code: number }) => [o.code, o]));
    expect(Object.keys(byCode)).toEqual(['1', '2', '3', '4', '5', '6', '7', '9']);
    expect(byCode[1]).toMatchObject({ label: 'not interested', ...fig(0, 1, -1, -100), share: 0 });
    expect(byCode[2]).toMatchObject(fig(0, 1, -1, -100));
    expect(byCode[3]).toMatchObject({ ...fig(1, 3, -2, -66.7), share: 0.1667 });
    expect(byCode[4]).toMatchObject(fig(1, 0, 1, null));
    expect(byCode[5]).toMatchObject(fig(1, 0, 1, null));
    expect(byCode[6]).toMatchObject({ ...fig(2, 0, 2, null), share: 0.3333 });
    expect(byCode[7]).toMatchObject(fig(0, 0, 0, null));
    expect(byCode[9]).toMatchObject(fig(1, 0, 1, null));
  });

  it('has a trend of the last 8 weeks, oldest first, ending with this one', () => {
    seed(ws.db);
    const { trend } = json([]);
    expect(trend.map((t: { from: string }) => t.from)).toEqual([
      '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23',
    ]);
    // the call of Nov 1 (a Sunday) is in the week of Oct 26
    expect(trend.map((t: { calls: number }) => t.calls)).toEqual([0, 0, 0, 1, 0, 0, 5, 6]);
    expect(trend[7]).toMatchObject({ reached: 4, contact_rate: 0.6667, sold: 1, entered_cycle: 2, by_code: { 6: 2, 9: 1 } });
    expect(trend[0].contact_rate).toBeNull();
  });

  it('by stage: moves into each stage of the cycle; quote is entering, done is releasing', () => {
    seed(ws.db);
    const r = json(['--by', 'stage']);
    expect(r.by).toBe('stage');
    expect(r.stages).toEqual([
      { stage: 'quote', ...fig(2, 0, 2, null) },
      { stage: 'thinking', ...fig(1, 0, 1, null) },
      { stage: 'application', ...fig(1, 0, 1, null) },
      { stage: 'delivery', ...fig(1, 0, 1, null) },
      { stage: 'sold', ...fig(1, 0, 1, null) },
      { stage: 'done', ...fig(1, 0, 1, null) },
    ]);
    expect(r.trend[7].by_stage).toEqual({ quote: 2, thinking: 1, application: 1, delivery: 1, sold: 1, done: 1 });
    expect(r.figures).toBeUndefined();
  });

  it('by code: the outcomes and their trend', () => {
    seed(ws.db);
    const r = json(['--by', 'code']);
    expect(r.outcomes.find((o: { code: number }) => o.code === 3)).toMatchObject(fig(1, 3, -2, -66.7));
    expect(r.trend.map((t: { by_code: Record<string, number> }) => t.by_code['3'] ?? 0)).toEqual([0, 0, 0, 1, 0, 0, 3, 1]);
  });

  it('by source: leads, called, reached, finished, sold, each step a share of the one before, and costs', () => {
    seed(ws.db);
    const r = json(['--by', 'source']);
    expect(r.sources.map((s: { source: string | null }) => s.source)).toEqual(['fair', 'web', null]);
    const [fair, web, none] = r.sources;
    // web: Ann, Bob, Flo (Flo new this week); called all three, reached Ann and Bob, both
    // finished (6), Ann sold. Imports 1 and 3 cost 150.00 for 3 leads, of which 1 is sold.
    expect(web).toEqual({
      source: 'web', leads: 3, new_leads: 1, called: 3, reached: 2, finished: 2, sold: 1,
      called_rate: 1, reached_rate: 0.6667, finished_rate: 1, sold_rate: 0.5,
      cost_cents: 15000, costed_leads: 3, costed_sold: 1, cost_per_lead_cents: 5000, cost_per_sale_cents: 15000,
    });
    // fair: Cy and Di; only Cy called (code 4) this week; its list has no cost
    expect(fair).toMatchObject({
      leads: 2, new_leads: 0, called: 1, reached: 1, finished: 0, sold: 0,
      called_rate: 0.5, reached_rate: 1, finished_rate: 0, sold_rate: null,
      cost_cents: null, cost_per_lead_cents: null, cost_per_sale_cents: null,
    });
    expect(none).toMatchObject({ leads: 1, called: 1, reached: 1, finished: 0, sold_rate: null });
  });

  it('by list: the same funnel by prospect list; a list with no sale has no cost per sale', () => {
    seed(ws.db);
    const r = json(['--by', 'list']);
    expect(r.lists.map((s: { list: string | null }) => s.list)).toEqual(['autumn', 'expo', 'spring', null]);
    expect(r.lists[0]).toMatchObject({
      list: 'autumn', leads: 1, new_leads: 1, called: 1, reached: 0, called_rate: 1, reached_rate: 0,
      cost_cents: 5000, costed_leads: 1, costed_sold: 0, cost_per_lead_cents: 5000, cost_per_sale_cents: null,
    });
    expect(r.lists[2]).toMatchObject({
      list: 'spring', leads: 2, called: 2, reached: 2, finished: 2, sold: 1,
      cost_cents: 10000, cost_per_lead_cents: 5000, cost_per_sale_cents: 10000,
    });
  });
});

describe('periods', () => {
  it('a day: today so far against yesterday up to the same time', () => {
    seed(ws.db);
    const r = json(['--period', 'day'], { LEADS_TODAY: '2026-11-24 12:00' });
    expect(r.period).toMatchObject({ kind: 'day', from: '2026-11-24', to: '2026-11-24', partial: true });
    expect(r.previous).toMatchObject({ from: '2026-11-23', to: '2026-11-23', end: '2026-11-23T12:00:00.000Z', partial: true });
    expect(r.figures.calls).toMatchObject(fig(1, 5, -4, -80));
    expect(r.figures.sold).toMatchObject(fig(1, 0, 1, null));
    expect(r.trend).toHaveLength(8);
  });

  it('a month ends at the last moment of its last day (UTC)', () => {
    seed(ws.db);
    const r = json(['--period', 'month', '--from', '2026-11-15'], { LEADS_TODAY: '2026-12-05' });
    expect(r.period).toMatchObject({ from: '2026-11-01', to: '2026-11-30', start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' });
    // 1 on Nov 1, 5 last week, 6 this week, 1 on Nov 30; not the one at Dec 1 00:00
    expect(r.figures.calls).toMatchObject(fig(13, 0, 13, null));
    const code = (c: number) => r.outcomes.find((o: { code: number }) => o.code === c).current;
    expect([code(3), code(7)]).toEqual([5, 0]);
    expect(r.previous).toMatchObject({ from: '2026-10-01', to: '2026-10-31' });
  });

  it('in New York the week and the month move with the local midnight', () => {
    seed(ws.db);
    const env = { ...SUNDAY_NIGHT, TZ: 'America/New_York' };
    const w = json([], env);
    expect(w.period).toMatchObject({ from: '2026-11-23', start: '2026-11-23T05:00:00.000Z', end: '2026-11-30T05:00:00.000Z' });
    // Flo's code 9 at 00:00 UTC Monday is Sunday evening last week; her code 1 at 00:00 UTC next
    // Monday is Sunday evening this week
    const code = (r: { outcomes: { code: number; current: number; previous: number }[] }, c: number) =>
      r.outcomes.find((o) => o.code === c)!;
    expect(code(w, 9)).toMatchObject({ current: 0, previous: 1 });
    expect(code(w, 1)).toMatchObject({ current: 1, previous: 1 });
    expect(w.figures.calls).toMatchObject(fig(6, 6, 0, 0));
    const m = json(['--period', 'month', '--from', '2026-11-15'], { LEADS_TODAY: '2026-12-05', TZ: 'America/New_York' });
    expect(m.period).toMatchObject({ start: '2026-11-01T04:00:00.000Z', end: '2026-12-01T05:00:00.000Z' });
    // the call at 03:00 UTC Nov 1 is Oct 31 in New York; Dec 1 00:00 UTC is Nov 30
    expect(m.figures.calls).toMatchObject(fig(13, 1, 12, 1200));
    expect([code(m, 3).current, code(m, 7).current, code(m, 3).previous]).toEqual([4, 1, 1]);
  });

  it('--from --to: those whole days against as many days before', () => {
    seed(ws.db);
    const r = json(['--from', '2026-11-16', '--to', '2026-11-29']);
    expect(r.period).toMatchObject({ kind: 'days', from: '2026-11-16', to: '2026-11-29' });
    expect(r.previous).toMatchObject({ from: '2026-11-02', to: '2026-11-15' });
    expect(r.figures.calls).toMatchObject(fig(11, 0, 11, null));
    expect(r.figures.reached).toMatchObject(fig(6, 0, 6, null));
  });

  it('--from takes the friendly dates (a week ago, to today)', () => {
    seed(ws.db);
    const r = json(['--from', '-7d'], { LEADS_TODAY: '2026-11-24 12:00' });
    expect(r.period).toMatchObject({ from: '2026-11-17', to: '2026-11-24', partial: true });
    // Nov 17..24: Di's code 2 (18th), Ed's code 3 (22nd) and the six calls of this week;
    // Nov 9..16 up to noon of its last day: the three calls of the 16th morning
    expect(r.previous).toMatchObject({ from: '2026-11-09', to: '2026-11-16', end: '2026-11-16T12:00:00.000Z' });
    expect(r.figures.calls).toMatchObject(fig(8, 3, 5, 166.7));
  });

  it('--period month --from a day: that month', () => {
    seed(ws.db);
    const r = json(['--period', 'month', '--from', '2026-10-15'], { LEADS_TODAY: '2026-11-24' });
    expect(r.period).toMatchObject({ from: '2026-10-01', to: '2026-10-31', partial: false });
    expect(r.figures.calls).toMatchObject(fig(0, 0, 0, null));
  });
});

describe('a period not over yet: so far, against the same stretch of the one before', () => {
  it('on Tuesday at noon, this week is compared with last Monday to Tuesday noon', () => {
    seed(ws.db);
    const r = json([], { LEADS_TODAY: '2026-11-24 12:00' });
    expect(r.period).toMatchObject({ from: '2026-11-23', to: '2026-11-29', partial: true });
    expect(r.previous).toMatchObject({
      from: '2026-11-16', to: '2026-11-17', start: '2026-11-16T00:00:00.000Z', end: '2026-11-17T12:00:00.000Z',
      partial: true, label: '2026-11-16..22', period_from: '2026-11-16', period_to: '2026-11-22',
    });
    // last week to Tuesday noon: the three session calls of Monday (Ann 3, Bob 3, Cy 1); not
    // Tuesday evening's letter, nor the rest of the week
    expect(r.figures.calls).toMatchObject(fig(6, 3, 3, 100));
    expect(r.figures.reached).toMatchObject(fig(4, 1, 3, 300));
    expect(r.figures.letters).toMatchObject(fig(1, 0, 1, null));
    expect(r.figures.touches_before_contact).toMatchObject(fig(2, 0, 2, null));
    expect(r.figures.calls_per_hour).toMatchObject(fig(3.2, 3, 0.2, 5.3));
    // the trend keeps whole weeks
    expect(r.trend[6].calls).toBe(5);
  });

  it('"now" is rounded up to the quarter hour: a call at the cut is not in it', async () => {
    seed(ws.db);
    // 09:20 → 09:30: Flo 00:00, Ann 09:00, Bob 09:15 yesterday; Ed's call at 09:30 is not
    const r = json(['--period', 'day'], { LEADS_TODAY: '2026-11-24 09:20' });
    expect(r.previous.end).toBe('2026-11-23T09:30:00.000Z');
    expect(r.figures.calls.previous).toBe(3);
    const tty = await leadsInProcess(['report', '--period', 'day'], { db: ws.db, tty: true, env: { LEADS_TODAY: '2026-11-24 09:20', NO_COLOR: '1' } });
    expect(tty.stdout).toContain('Report: day 2026-11-24 (so far)\ncompared with day 2026-11-23 up to 09:30\n');
    expect(tty.stdout).toMatch(/^figure +11-24 +11-23 +change/m);
    const week = await leadsInProcess(['report'], { db: ws.db, tty: true, env: { LEADS_TODAY: '2026-11-24 12:00', NO_COLOR: '1' } });
    expect(week.stdout).toContain('compared with week 2026-11-16 to 2026-11-22 up to Tue 12:00\n');
  });

  it('a period over is compared with the whole period before', () => {
    seed(ws.db);
    const r = json(['--period', 'week', '--from', '2026-11-16'], { LEADS_TODAY: '2026-11-24 12:00' });
    expect(r.period.partial).toBe(false);
    expect(r.previous).toMatchObject({ from: '2026-11-09', to: '2026-11-15', partial: false });
    expect(r.figures.calls).toMatchObject(fig(5, 0, 5, null));
  });
});

describe('with the real commands', () => {
  it('a week of log, sort and stage reads back as the report says', () => {
    const env = { LEADS_TODAY: '2026-11-24 12:00' };
    const run = (args: string[]) => {
      // leads registered on the 1st, before the calls back-filled with --at
      const r = leads(args, { db: ws.db, env: args[0] === 'add' ? { LEADS_TODAY: '2026-11-01 09:00' } : env });
      expect(r.code, `leads ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    for (const [k, v] of [['name', 'Sam Seller'], ['street', '9 Elm St'], ['city', 'Boston'], ['postal_code', '02139'], ['phone', '617-555-0100']]) {
      run(['config', 'set', `sender.${k}`, v]);
    }
    for (const [first, phone] of [['Ann', '6175550101'], ['Bob', '6175550102'], ['Cy', '6175550103']]) {
      run(['add', '--first', first, '--last', 'Test', '--phone', phone, '--street', '1 Main St', '--city', 'Boston', '--postal-code', '02139']);
    }
    run(['log', '3', '1', '--at', '2026-11-17 10:00']); // last week, before Tuesday noon
    run(['log', '1', '3', '--at', '2026-11-23 09:00']);
    run(['log', '1', '6', '--at', '2026-11-24 09:00']); // Ann: first contact after 1 touch
    run(['log', '2', '2', '--at', '2026-11-24 09:10']); // Bob: first contact at once
    run(['sort', '--out', `${ws.dir}/batches`]); // Bob's letter, Ann's follow-up
    for (const stage of ['thinking', 'application', 'delivery', 'sold']) run(['stage', '1', stage]);
    const f = JSON.parse(run(['report', '--json'])).figures;
    expect(f.calls).toMatchObject(fig(3, 1, 2, 200));
    expect(f.reached).toMatchObject(fig(2, 1, 1, 100));
    expect(f.contact_rate).toMatchObject(fig(0.6667, 1, -0.3333, -33.3));
    expect(f.letters).toMatchObject(fig(1, 0, 1, null));
    expect(f.follow_ups).toMatchObject(fig(1, 0, 1, null));
    expect(f.entered_cycle).toMatchObject(fig(1, 0, 1, null));
    expect(f.stage_moves).toMatchObject(fig(4, 0, 4, null));
    expect(f.sold).toMatchObject(fig(1, 0, 1, null));
    expect(f.touches_before_contact).toMatchObject(fig(0.5, 0, 0.5, null));
    expect(f.calls_per_hour).toMatchObject(fig(null, null, null, null));
  });
});

describe('empty periods', () => {
  it('a new database: zeros, and n/a (null) for rates and averages, never NaN or Infinity', async () => {
    const r = json([]);
    expect(r.figures.calls).toMatchObject(fig(0, 0, 0, null));
    expect(r.figures.contact_rate).toMatchObject(fig(null, null, null, null));
    expect(r.figures.touches_before_contact.current).toBeNull();
    expect(r.figures.calls_per_hour.current).toBeNull();
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/NaN|Infinity/);
    const tty = await leadsInProcess(['report'], { db: ws.db, tty: true, env: { NO_COLOR: '1' } });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/^contact rate +n\/a +n\/a *$/m);
    expect(tty.stdout).toContain('no calls in either period');
    const piped = leads(['report'], { db: ws.db });
    expect(piped.stdout).toContain('figure\tcontact_rate\tcontact rate\t\t\t\t\n');
    for (const by of ['source', 'list', 'code', 'stage']) {
      const b = await leadsInProcess(['report', '--by', by], { db: ws.db, tty: true });
      expect(b.code).toBe(0);
      expect(b.stdout).not.toMatch(/NaN|Infinity|undefined/);
    }
    expect(json(['--by', 'source']).sources).toEqual([]);
  });
});

const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('output', () => {
  it('piped: tab-separated rows with a header, no colour, no charts', () => {
    seed(ws.db);
    const r = leads(['report'], { db: ws.db, env: SUNDAY_NIGHT });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('section\tkey\tlabel\tcurrent\tprevious\tchange\tchange_pct');
    expect(lines).toContain('period\tweek\tcurrent\t2026-11-23\t2026-11-16\t\t');
    expect(lines).toContain('figure\tcalls\tcalls\t6\t5\t1\t20');
    expect(lines).toContain('figure\tcontact_rate\tcontact rate\t0.6667\t0.4\t0.2667\t66.7');
    expect(lines).toContain('code\t6\tfinished lead\t2\t0\t2\t');
    expect(lines).toContain('trend\tcalls\t2026-11-16..22\t5\t\t\t');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).not.toMatch(/[▁▂▃▄▅▆▇█]/);
  });

  it('--csv gives the same rows as the pipe, and the same figures as --json', () => {
    seed(ws.db);
    for (const by of [[], ['--by', 'code'], ['--by', 'stage'], ['--by', 'source'], ['--by', 'list']]) {
      const csv = leads(['report', ...by, '--csv'], { db: ws.db, env: SUNDAY_NIGHT });
      const tsv = leads(['report', ...by], { db: ws.db, env: SUNDAY_NIGHT });
      expect(csv).toMatchObject({ code: 0, stderr: '' });
      expect(tsv).toMatchObject({ code: 0, stderr: '' });
      // no cell here holds a comma or quote, so splitting is enough
      const rows = (text: string, sep: string, eol: string) => text.split(eol).filter(Boolean).map((l) => l.split(sep));
      expect(rows(csv.stdout, ',', '\r\n')).toEqual(rows(tsv.stdout, '\t', '\n'));
    }
    const csv = leads(['report', '--csv'], { db: ws.db, env: SUNDAY_NIGHT }).stdout.split('\r\n');
    const j = json([]);
    for (const [key, f] of Object.entries(j.figures) as [string, { label: string; current: number | null; previous: number | null; change: number | null; change_pct: number | null }][]) {
      const cell = (v: number | null) => (v === null ? '' : String(v));
      expect(csv).toContain(['figure', key, f.label, cell(f.current), cell(f.previous), cell(f.change), cell(f.change_pct)].join(','));
    }
    const src = leads(['report', '--by', 'source', '--csv'], { db: ws.db, env: SUNDAY_NIGHT }).stdout.split('\r\n');
    expect(src[0]).toBe(
      'source,leads,new_leads,called,called_rate,reached,reached_rate,finished,finished_rate,sold,sold_rate,cost_cents,cost_per_lead_cents,cost_per_sale_cents',
    );
    expect(src).toContain('web,3,1,3,1,2,0.6667,2,1,1,0.5,15000,5000,15000');
    expect(src).toContain(',1,0,1,1,1,1,0,0,0,,,,');
  });

  it('a source named like a formula is neutralised in the CSV', () => {
    seed(ws.db);
    const db = new Database(ws.db);
    db.prepare(`UPDATE leads SET source = '=HYPERLINK("x")' WHERE id = 3`).run();
    db.close();
    const src = leads(['report', '--by', 'source', '--csv'], { db: ws.db }).stdout;
    expect(src).toContain(`"'=HYPERLINK(""x"")",1,`);
  });

  it('on a terminal: the change, sparklines and bars, within 80 columns', async () => {
    seed(ws.db);
    const r = await leadsInProcess(['report'], { db: ws.db, tty: true, env: { ...SUNDAY_NIGHT, TERM: 'xterm' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
    const out = strip(r.stdout);
    expect(out).toContain('Report: week 2026-11-23 to 2026-11-29 (so far)');
    expect(out).toContain('compared with week 2026-11-16 to 2026-11-22');
    expect(out).toMatch(/^figure +wk 11-23 +wk 11-16 +change +last 8 weeks$/m);
    expect(out).toMatch(/^calls +6 +5 +\+1 +\+20% +▁▁▁▃▁▁▇█$/m);
    expect(out).toMatch(/^contact rate +66\.7% +40\.0% +\+26\.7 pts/m);
    expect(out).toMatch(/^letters sent +1 +2 +−1 +−50%/m);
    expect(out).toMatch(/^emails sent +1 +0 +\+1 +new/m);
    expect(out).toMatch(/^touches before contact +2\.0 +0\.5 +\+1\.5 +\+300%$/m);
    expect(out).toMatch(/^calls per hour +3\.2 +3\.0 +\+0\.2 +\+5%$/m);
    expect(out).toMatch(/^dials per hour +5\.1 +4\.0 +\+1\.1 +\+26%$/m);
    expect(out).toMatch(/^talk time \(min\) +15\.0 +5\.0 +\+10\.0 +\+200%$/m);
    expect(out).toMatch(/^average call \(min\) +3\.0 +1\.7 +\+1\.3 +\+80%$/m);
    expect(out).toMatch(/^6 finished lead +2 +0 +\+2 +new +33% █{12}$/m);
    expect(out).toMatch(/^3 not available +1 +3 +−2 +−67% +17% ██████$/m);
    for (const l of out.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
  });

  it('every view fits 80 columns on a terminal, and NO_COLOR keeps the charts without colour', async () => {
    seed(ws.db);
    for (const by of [[], ['--by', 'code'], ['--by', 'stage'], ['--by', 'source'], ['--by', 'list'], ['--by', 'hour'], ['--by', 'weekday'], ['--from', '2026-10-01']]) {
      const r = await leadsInProcess(['report', ...by], { db: ws.db, tty: true, env: { ...SUNDAY_NIGHT, NO_COLOR: '1' } });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(ANSI);
      for (const l of r.stdout.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    }
    const src = await leadsInProcess(['report', '--by', 'source'], { db: ws.db, tty: true, env: { ...SUNDAY_NIGHT, NO_COLOR: '1' } });
    expect(src.stdout).toMatch(/^web +3 +1 +3 100% +2 +67% +2 100% +1 +50%$/m);
    expect(src.stdout).toMatch(/^\(none\) +1 +0 +1 100% +1 100% +0 +0% +0 +n\/a$/m);
    expect(src.stdout).toMatch(/^web +150\.00 +3 +50\.00 +1 +150\.00$/m);
    const stage = await leadsInProcess(['report', '--by', 'stage'], { db: ws.db, tty: true, env: { ...SUNDAY_NIGHT, NO_COLOR: '1' } });
    expect(stage.stdout).toMatch(/^quote \(entered\) +2 +0 +\+2 +new +▁▁▁▁▁▁▁█$/m);
    const code = await leadsInProcess(['report', '--by', 'code'], { db: ws.db, tty: true, env: { ...SUNDAY_NIGHT, NO_COLOR: '1' } });
    expect(code.stdout).toMatch(/^3 not available +1 +3 +−2 +−67% +▁▁▁▄▁▁█▄$/m);
  });
});

describe('usage errors (exit 2, one line)', () => {
  it.each([
    [['--period', 'year'], /--period/],
    [['--by', 'region'], /--by/],
    [['--from', 'someday'], /bad date "someday"/],
    [['--to', '2026-11-10'], /--to needs --from/],
    [['--from', '2026-11-10', '--to', '2026-11-01'], /--from 2026-11-10 is after --to 2026-11-01/],
    [['--period', 'week', '--from', '2026-11-01', '--to', '2026-11-10'], /--period and --to/],
    [['--json', '--csv'], /--json and --csv/],
  ])('leads report %j', (args, msg) => {
    const r = leads(['report', ...args], { db: ws.db });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).toMatch(/^leads: /);
  });
});
