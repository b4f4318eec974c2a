// leads away: a holiday or a sick day. Nothing falls due while away; on the first day back
// the promised call-backs come first and the retries that waited come back a day's share at
// a time; nothing is lost or skipped for good, whether the time away is extended, ended
// early or called off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { leads, leadsAwaited, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

// TZ=UTC (the helper). Leads in New York (617): 14:00 UTC is 9:00 there.
const run = (today: string, ...args: string[]) => leads(args, { db: ws.db, env: { LEADS_TODAY: today } });
const ok = (today: string, ...args: string[]) => {
  const r = run(today, ...args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};
const queue = (today: string) => JSON.parse(ok(today, 'call', '--json', '--any-hour').stdout) as { id: number; queue_kind: string; why: string }[];
function query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const nextOf = () => query<{ id: number; next_contact_at: string | null }>('SELECT id, next_contact_at FROM leads ORDER BY id');

/** Five leads not reached on Monday 16 November at 9:00 in New York, and one call-back promised for Friday 20th. */
async function seed() {
  // awaited: thirteen runs before each test's own would hold the thread on a loaded machine
  const given = async (today: string, ...args: string[]) => {
    const r = await leadsAwaited(args, { db: ws.db, env: { LEADS_TODAY: today } });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  for (let i = 0; i < 6; i++) await given('2026-11-01 09:00', 'add', '--first', `P${i + 1}`, '--phone', `617-555-010${i}`);
  for (let i = 1; i <= 5; i++) await given('2026-11-16 14:00', 'log', String(i), '3');
  await given('2026-11-16 15:00', 'log', '6', '4', '--next', '2026-11-20 15:00');
  await given('2026-11-16 15:00', 'config', 'set', 'rules.retries_per_day', '2');
}

describe('leads away', () => {
  it('while away nothing falls due; on the day back the call-back first, the retries a share a day', async () => {
    await seed();
    // the retries were planned for Tuesday 17th at midday there (16:00 UTC)
    expect(nextOf().slice(0, 5).every((l) => l.next_contact_at === '2026-11-17T16:00:00.000Z')).toBe(true);
    const set = ok('2026-11-17 08:00', 'away', '--until', 'mon');
    expect(set.stdout).toBe(
      'You are away until Mon (2026-11-23): nothing falls due before then (`leads away --off` to come back early).\n' +
        '5 retries wait from the time away, at most 2 a day (rules.retries_per_day): 2 on Mon (2026-11-23), 2 on 2026-11-24, 1 on 2026-11-25; call-backs and follow-ups come first.\n',
    );
    // away: the queue is empty and says why; due shows what waits for the day back
    const q = run('2026-11-20 16:00', 'call', '--json');
    expect(q).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(q.stderr).toBe('You are away until Mon (2026-11-23): nothing falls due before then (`leads away --off` to come back early).\n');
    const due = run('2026-11-20 16:00', 'due');
    expect(due.stdout.split('\n')[1]).toMatch(/^2026-11-20 15:00\t\tcall-back\t6\tP6\t/);
    expect(due.stderr).toContain('You are away until Mon (2026-11-23)');
    expect(due.stderr).toContain('5 retries wait from the time away, at most 2 a day');
    // Monday: the call-back promised for Friday first, then Monday's share of the retries
    expect(queue('2026-11-23 16:00').map((e) => [e.id, e.queue_kind])).toEqual([[6, 'call_back'], [1, 'retry'], [2, 'retry']]);
    expect(queue('2026-11-23 16:00')[1].why).toBe(
      'retry 2 of 6: mornings tried; midday now (rotating evenly until your calls tell the parts apart); held over from your time away (2 a day)',
    );
    expect(queue('2026-11-24 16:00').map((e) => e.id)).toEqual([6, 1, 2, 3, 4]);
    expect(queue('2026-11-25 16:00').map((e) => e.id)).toEqual([6, 1, 2, 3, 4, 5]);
    expect(JSON.parse(ok('2026-11-23 16:00', 'away', '--json').stdout)).toEqual({
      away: null,
      retries_per_day: 2,
      waiting: [
        { day: '2026-11-23', retries: 2 },
        { day: '2026-11-24', retries: 2 },
        { day: '2026-11-25', retries: 1 },
      ],
    });
  });

  it('a retry logged while away, and a call-back set inside it, wait for the day back; the call-back is warned of', async () => {
    await seed();
    ok('2026-11-17 08:00', 'away', '--until', '2026-11-23');
    const cb = ok('2026-11-17 08:00', 'log', '6', '4', '--next', '2026-11-19 15:00');
    expect(cb.stderr).toBe('leads: you are away then (back 2026-11-23): lead 6 comes first on your return\n');
    ok('2026-11-17 09:00', 'log', '1', '3', '--at', '2026-11-17 09:00');
    expect(nextOf()[0].next_contact_at! >= '2026-11-23').toBe(true);
  });

  it('--off comes back early: the retries are spread again from today; a time away planned ahead is called off whole', async () => {
    await seed();
    ok('2026-11-17 08:00', 'away', '--until', '2026-11-30');
    const back = ok('2026-11-19 15:00', 'away', '--off');
    expect(back.stdout).toBe(
      'Welcome back: the time away is over.\n' +
        '5 retries wait from the time away, at most 2 a day (rules.retries_per_day): 2 today (2026-11-19), 2 tomorrow (2026-11-20), 1 on Mon (2026-11-23); call-backs and follow-ups come first.\n',
    );
    expect(queue('2026-11-19 16:00').map((e) => e.id)).toEqual([1, 2]);
    expect(ok('2026-11-19 16:00', 'away', '--off').stdout).toContain('You are not away.');

    // planned for December: the retries due in it move, and come back to their own dates when it is called off
    ok('2026-11-19 16:00', 'log', '1', '3');
    const planned = nextOf()[0].next_contact_at!;
    ok('2026-11-19 16:00', 'away', '--from', planned.slice(0, 10), '--until', '+3w');
    expect(nextOf()[0].next_contact_at! > planned).toBe(true);
    expect(ok('2026-11-19 16:00', 'away').stdout).toMatch(/^Away from .* until .*: nothing falls due in between\.\n/);
    expect(ok('2026-11-19 16:00', 'away', '--off').stdout).toMatch(/^The time away until .* is called off; its retries keep their own dates\.\n/);
    expect(nextOf()[0].next_contact_at).toBe(planned);
    expect(query('SELECT count(*) AS n FROM away')).toEqual([{ n: 1 }]);
  });

  it('extending the time away moves the retries on; every retry keeps a date', async () => {
    await seed();
    ok('2026-11-17 08:00', 'away', '--until', '2026-11-23');
    ok('2026-11-18 08:00', 'away', '--until', '2026-11-30');
    const dates = nextOf().slice(0, 5).map((l) => l.next_contact_at!);
    expect(dates.every((d) => d >= '2026-11-30')).toBe(true);
    expect(query('SELECT count(*) AS n FROM away')).toEqual([{ n: 1 }]);
    expect(query('SELECT count(*) AS n FROM away_moves')).toEqual([{ n: 5 }]);
  });

  it.each([
    [['away', '--until', 'yesterday'], 'leads: --until 2026-11-16: the day you are back must be after today (away for today: --until tomorrow)\n'],
    [['away', '--until', 'today'], 'leads: --until 2026-11-17: the day you are back must be after today (away for today: --until tomorrow)\n'],
    [['away', '--until', '+2y'], 'leads: --until 2028-11-17 is more than a year away; give a nearer day\n'],
    [['away', '--from', 'mon'], 'leads: --from needs --until: the day you are back\n'],
    [['away', '--off', '--until', 'mon'], 'leads: --off ends a time away: give it alone, or --until DAY\n'],
    [['away', '--until', 'someday'], /^leads: bad date "someday": use YYYY-MM-DD/],
  ])('%j is a usage error (exit 2), nothing recorded', async (args, stderr) => {
    await seed();
    const r = run('2026-11-17 08:00', ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
    expect(query('SELECT count(*) AS n FROM away')).toEqual([{ n: 0 }]);
  });

  it('on a missing database: exit 1, no database made', () => {
    const fresh = tempWorkspace({ database: false });
    try {
      const r = leads(['away', '--until', 'tomorrow'], { db: fresh.db });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^leads: no database at /);
    } finally {
      fresh.cleanup();
    }
  });
});
