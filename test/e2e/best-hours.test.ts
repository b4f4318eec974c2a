// The user's own best hours, end to end through the built binary with a pinned clock and
// zone: a generated history of a few thousand calls whose true contact rate in each part of
// the lead's day the test knows. The report's rates hold the true ones within their 95%
// intervals and count exactly the calls generated; the rotation of retries goes evenly
// until the history tells the parts apart, then to the part with the best lower bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leadsProcessAwaited, tempWorkspace } from '../helpers/cli.js';
import { rng } from '../reliability/util.js';

const TZ = 'America/New_York';
const TRUE: Record<string, number> = { morning: 0.2, midday: 0.1, afternoon: 0.35, evening: 0.25 };
const part = (h: number) => (h < 11 ? 'morning' : h < 14 ? 'midday' : h < 17 ? 'afternoon' : 'evening');
const AREAS: [string, string][] = [['617', 'America/New_York'], ['312', 'America/Chicago'], ['213', 'America/Los_Angeles']];
const LEADS = 300;
/** leads kept out of the generated history: the retries the rotation is watched on */
const FRESH = [295, 296, 297, 298, 299, 300];

let ws: ReturnType<typeof tempWorkspace>;
// awaited: a test of several processes must not hold its thread (vitest's 60 s)
const bin = async (today: string, ...args: string[]) => {
  const r = await leadsProcessAwaited(args, { db: ws.db, env: { TZ, LEADS_TODAY: today } });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

/** The lead's wall clock, read by Intl here: the test's own reading, not the program's. */
function localOf(zone: string, at: Date): { hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { hour: Number(get('hour')) % 24, weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')) };
}

interface Call {
  lead: number;
  at: string;
  hour: number;
  weekday: number;
  reached: boolean;
}

/** Calls on weekdays between 8:00 and 21:00 on the lead's clock, June to November, reached at the part's true rate. */
function generate(n: number): Call[] {
  const r = rng(20261124);
  const start = Date.UTC(2026, 5, 2);
  const span = Date.UTC(2026, 10, 20) - start;
  const out: Call[] = [];
  while (out.length < n) {
    const lead = 1 + Math.floor(r() * (LEADS - FRESH.length));
    const at = new Date(start + Math.floor((r() * span) / 60_000) * 60_000);
    const { hour, weekday } = localOf(AREAS[lead % 3][1], at);
    if (hour < 8 || hour >= 21 || weekday === 0 || weekday === 6) continue;
    out.push({ lead, at: at.toISOString(), hour, weekday, reached: r() < TRUE[part(hour)] });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

/** The calls go in as a history from before calls kept the lead's clock: the program gives them theirs. */
function insert(calls: Call[]): void {
  const db = new Database(ws.db);
  try {
    const add = db.prepare(`INSERT INTO touches (lead_id, at, channel, code, data) VALUES (?, ?, 'call', ?, ?)`);
    db.transaction(() => {
      for (const c of calls) add.run(c.lead, c.at, c.reached ? 1 : 3, JSON.stringify({ reached: c.reached }));
    })();
  } finally {
    db.close();
  }
}

interface RateJson {
  part?: string;
  hour?: number;
  weekday?: string;
  calls: number;
  reached: number;
  rate: number | null;
  low: number;
  high: number;
}
const report = async (by: 'hour' | 'weekday') =>
  JSON.parse((await bin('2026-11-24 09:30', 'report', '--by', by, '--from', '2026-06-01', '--to', '2026-11-23', '--json')).stdout) as {
    parts: RateJson[];
    hours?: RateJson[];
    weekdays?: RateJson[];
    rotation: { uses_figures: boolean; best: string | null };
  };

/** Logs a call not reached on a fresh lead, then reads its reason in the queue once its try is due. */
async function retryOf(lead: number, at: string): Promise<{ due: string; why: string }> {
  await bin(at, 'log', String(lead), '3');
  const next = JSON.parse((await bin(at, 'show', String(lead), '--json')).stdout).next_contact_at as string;
  const d = new Date(next);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' }).format(d);
  const queue = JSON.parse((await bin(local, 'call', '--json', '--any-hour', '--limit', '400')).stdout) as { id: number; why: string }[];
  return { due: next, why: queue.find((e) => e.id === lead)!.why };
}

const ALL = generate(3200);
const EARLY = 60;

beforeAll(async () => {
  ws = tempWorkspace({ database: false });
  const csv = ['first_name,last_name,phone'];
  for (let i = 1; i <= LEADS; i++) csv.push(`P${i},L${i},(${AREAS[i % 3][0]}) 555-${String(1000 + i)}`);
  const file = join(ws.dir, 'leads.csv');
  writeFileSync(file, csv.join('\n') + '\n');
  await bin('2026-06-01 08:00', 'import', file);
});
afterAll(() => ws?.cleanup());

describe('best hours from a generated history (through the binary, TZ and clock pinned)', () => {
  it('with a few calls the rotation goes evenly and says so', async () => {
    insert(ALL.slice(0, EARLY));
    expect((await report('hour')).rotation.uses_figures).toBe(false);
    // Tuesday 9:30 in New York: lead 297 (a 617 number) tried in its morning
    const r = await retryOf(297, '2026-11-24 09:30');
    expect(r.due).toBe('2026-11-25T16:00:00.000Z');
    expect(r.why).toBe('retry 2 of 6: mornings tried; midday now (rotating evenly until your calls tell the parts apart)');
  });

  it('the report counts every call generated and holds each part\'s true rate within its interval', async () => {
    insert(ALL.slice(EARLY));
    const r = await report('hour');
    for (const p of r.parts) {
      const mine = ALL.filter((c) => part(c.hour) === p.part);
      expect({ part: p.part, calls: p.calls, reached: p.reached }).toEqual({ part: p.part, calls: mine.length, reached: mine.filter((c) => c.reached).length });
      expect(p.low, p.part).toBeLessThanOrEqual(TRUE[p.part!]);
      expect(p.high, p.part).toBeGreaterThanOrEqual(TRUE[p.part!]);
      expect(p.rate).toBeCloseTo(mine.filter((c) => c.reached).length / mine.length, 3);
    }
    // each hour counted exactly; 13 intervals of 95% miss their true rate about 0.65 times
    const misses = r.hours!.filter((h) => {
      const mine = ALL.filter((c) => c.hour === h.hour);
      expect([h.hour, h.calls, h.reached]).toEqual([h.hour, mine.length, mine.filter((c) => c.reached).length]);
      return TRUE[part(h.hour!)] < h.low || TRUE[part(h.hour!)] > h.high;
    });
    expect(misses.length).toBeLessThanOrEqual(2);
    const w = await report('weekday');
    for (const d of w.weekdays!) {
      const mine = ALL.filter((c) => ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][c.weekday] === d.weekday);
      expect([d.weekday, d.calls]).toEqual([d.weekday, mine.length]);
    }
    expect(r.rotation).toMatchObject({ uses_figures: true, best: 'afternoon' });
  });

  it('once the history tells the parts apart, a retry goes to the untried part with the best lower bound, and says so', async () => {
    const before = await report('hour');
    // lead 300 (a 617 number: New York) tried at 9:30, its morning: the afternoon next, Wednesday 14:00
    const r = await retryOf(300, '2026-11-24 09:30');
    expect(r.due).toBe('2026-11-25T19:00:00.000Z');
    const m = /^retry 2 of 6: mornings tried; afternoon now, when you reach (\d+)% \(±(\d+)%\)$/.exec(r.why);
    expect(m, r.why).not.toBeNull();
    const afternoon = before.parts.find((p) => p.part === 'afternoon')!;
    // the same figures, each rounded on its own: a point either way
    expect(Math.abs(Number(m![1]) - afternoon.rate! * 100)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(m![2]) - ((afternoon.high - afternoon.low) / 2) * 100)).toBeLessThanOrEqual(1);
    // the log gave the history the lead's clock: the counts the report reads now give the same figures
    const after = await report('hour');
    expect(after.parts).toEqual(before.parts);
    expect(after.hours).toEqual(before.hours);
  });
});
