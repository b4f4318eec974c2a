// Who to call and when, through the commands: a retry code's rules (leads codes), the
// rotation a logged retry gets, inbound leads first while fresh, and why each lead is where
// it is in the queue (call --json, the card).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { Cancelled } from '../../dist/core/errors.js';
import type { Prompter } from '../../dist/cli/context.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

// TZ=UTC (the helper): 2026-11-24 15:00 is 10:00 in New York, Tuesday
const AT = '2026-11-24 15:00';
const run = (args: string[], today = AT) => leads(args, { db: ws.db, env: { LEADS_TODAY: today } });
const ok = (args: string[], today = AT) => {
  const r = run(args, today);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};
const add = (first: string, ...more: string[]) => Number(ok(['add', '--first', first, '--phone', '617-555-0100', ...more], '2026-11-01 09:00').stdout);
const queue = (today = AT) =>
  JSON.parse(ok(['call', '--json', '--any-hour'], today).stdout) as { id: number; queue_kind: string; why: string; next_contact_at: string | null }[];
const lead = (id: number) => JSON.parse(ok(['show', String(id), '--json']).stdout);
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('a retry code\'s rules (leads codes)', () => {
  it('leads codes --json gives the rules of the retry codes, with rules.retry_limit', () => {
    const codes = JSON.parse(ok(['codes', '--json']).stdout) as { code: number; retry?: unknown }[];
    expect(codes.find((c) => c.code === 3)!.retry).toEqual({ delay: '1 day', delay_minutes: 1440, round: 6, rest_days: 30, limit: 10 });
    expect(codes.filter((c) => c.retry).map((c) => c.code)).toEqual([3]);
    ok(['config', 'set', 'rules.retry_limit', '12']);
    expect((JSON.parse(ok(['codes', '--json']).stdout) as { code: number; retry?: { limit: number } }[])[2].retry!.limit).toBe(12);
  });

  it('leads codes retry changes them; the next retry logged follows them', () => {
    expect(ok(['codes', 'retry', '3', '--delay', '2d', '--round', '4', '--rest', '14d']).stdout).toBe(
      "code 3 not available: wait 2 days; rounds of 4, 14 days' rest between; at most 10 calls (from the next retry logged)\n",
    );
    expect(JSON.parse(ok(['codes', 'retry', '3', '--rest', '21', '--json']).stdout).retry).toEqual({
      delay: '2 days', delay_minutes: 2880, round: 4, rest_days: 21, limit: 10,
    });
    const id = add('Ann');
    ok(['log', String(id), '3']);
    // Tuesday 10:00 in New York tried: not before Thursday; midday there, 16:00 UTC
    expect(lead(id).next_contact_at).toBe('2026-11-26T16:00:00.000Z');
  });

  it('an own retry code takes its rules when added; a code of another action has none', () => {
    expect(ok(['codes', 'add', '8', 'left a voicemail', '--action', 'retry', '--not-reached', '--delay', '4h', '--json']).stdout).toContain('"delay": "4 h"');
    const id = add('Bo');
    ok(['log', String(id), '8']);
    // four hours after 10:00, the midday part untried: 14:00 would be the afternoon; 14:00 is its first quarter after the delay
    expect(lead(id).next_contact_at).toBe('2026-11-24T19:00:00.000Z');
    const r = run(['codes', 'add', '10', 'moved away', '--action', 'rest', '--delay', '2d']);
    expect(r).toMatchObject({ code: 2, stderr: 'leads: --delay, --round and --rest are the rules of a retry code (--action retry)\n' });
  });

  it.each([
    [['codes', 'retry', '1', '--delay', '2d'], 2, 'leads: code 1 (not interested) is not a retry code: only codes with the retry action have retry rules\n'],
    [['codes', 'retry', '3'], 2, 'leads: give the rules to change: --delay, --round or --rest\n'],
    [['codes', 'retry', '3', '--delay', 'soon'], 2, 'leads: --delay takes a time such as 1d, 3d, 4h or 90m (from 15 minutes to a year), not "soon"\n'],
    [['codes', 'retry', '3', '--delay', '5m'], 2, 'leads: --delay takes a time such as 1d, 3d, 4h or 90m (from 15 minutes to a year), not "5m"\n'],
    [['codes', 'retry', '3', '--round', '0'], 2, 'leads: --round takes the tries of a round, 1 to 50, not "0"\n'],
    [['codes', 'retry', '3', '--rest', 'a month'], 2, 'leads: --rest takes days of rest between rounds, 0 to 3650 (30 or 30d), not "a month"\n'],
    [['codes', 'retry', '42', '--round', '3'], 1, 'leads: no code 42; add it with leads codes add\n'],
  ])('%j is refused (exit %i), nothing changed', (args, code, stderr) => {
    const before = ok(['codes', '--json']).stdout;
    expect(run(args)).toMatchObject({ code, stdout: '', stderr });
    expect(ok(['codes', '--json']).stdout).toBe(before);
  });
});

describe('the rotation of a retry, and why', () => {
  it('each retry goes to another part of the lead\'s day, on another weekday; the queue says why', () => {
    const id = add('Ann');
    ok(['log', String(id), '3', '--result', 'no_answer']);
    const plan = query<{ next_plan: string }>('SELECT next_plan FROM leads WHERE id = ?', id)[0];
    expect(JSON.parse(plan.next_plan)).toMatchObject({ kind: 'retry', try: 2, of: 6, tried: ['morning'], part: 'midday', basis: 'even' });
    // the call keeps the lead's clock
    expect(lead(id).touches.find((t: { channel: string }) => t.channel === 'call').local_at).toBe('2026-11-24T10:00');
    // Wednesday 11:00 in New York is 16:00 UTC: not in the queue before, in it then
    expect(queue('2026-11-25 15:59').map((e) => e.id)).not.toContain(id);
    const due = queue('2026-11-25 16:05').find((e) => e.id === id)!;
    expect(due).toMatchObject({ queue_kind: 'retry', why: 'retry 2 of 6: mornings tried; midday now (rotating evenly until your calls tell the parts apart)' });
    // later in the day, still due: when it was planned for, on the user's clock
    expect(queue('2026-11-25 20:00').find((e) => e.id === id)!.why).toBe(
      'retry 2 of 6: mornings tried; midday, due since 16:00 (rotating evenly until your calls tell the parts apart)',
    );
    ok(['log', String(id), '3'], '2026-11-25 16:05');
    expect(lead(id).next_contact_at).toBe('2026-11-26T19:00:00.000Z');
    expect(queue('2026-11-26 19:00').find((e) => e.id === id)!.why).toMatch(/^retry 3 of 6: mornings and midday tried; afternoon now/);
  });

  it('a person reached before is tried near that hour; a date given by hand replaces the plan', () => {
    const id = add('Cy');
    ok(['log', String(id), '4', '--at', '2026-11-20 15:40', '--next', '2026-11-23 15:00']);
    ok(['log', String(id), '3', '--at', '2026-11-23 19:00'], '2026-11-23 19:00');
    // reached at 10:40 in New York: tried at 10:30 the next day there
    expect(lead(id).next_contact_at).toBe('2026-11-24T15:30:00.000Z');
    expect(queue('2026-11-24 15:30').find((e) => e.id === id)!.why).toBe(
      'retry 2 of 6: afternoons tried; morning now, near 10:40, when you reached them before',
    );
    ok(['log', String(id), '3', '--next', 'fri 9:00'], '2026-11-24 15:35');
    expect(query('SELECT next_plan FROM leads WHERE id = ?', id)).toEqual([{ next_plan: null }]);
    expect(queue('2026-11-27 14:00').find((e) => e.id === id)!.why).toBe('retry; not reached on 2 calls; due 09:00');
  });
});

describe('inbound leads', () => {
  it('a fresh inbound lead comes first, before a call-back due; after its first hour, before the list', () => {
    const callback = add('Callback');
    ok(['log', String(callback), '4', '--at', '2026-11-20 15:00', '--next', '2026-11-24 14:00']);
    const listed = add('Listed', '--list', 'spring');
    const inbound = Number(ok(['add', '--first', 'Ian', '--phone', '617-555-0199', '--inbound'], '2026-11-24 14:56').stdout);
    expect(queue().map((e) => [e.id, e.queue_kind, e.why])).toEqual([
      [inbound, 'inbound', 'inbound, came in 4 minutes ago'],
      [callback, 'call_back', 'call-back promised for 14:00, 1 hour late'],
      [listed, 'new', 'never called; list spring'],
    ]);
    expect(queue('2026-11-24 17:00').map((e) => [e.id, e.queue_kind, e.why])).toEqual([
      [callback, 'call_back', 'call-back promised for 14:00, 3 hours late'],
      [inbound, 'new', 'inbound, came in 2 hours ago; not called yet'],
      [listed, 'new', 'never called; list spring'],
    ]);
    expect(lead(inbound)).toMatchObject({ inbound_at: '2026-11-24T14:56:00.000Z' });
  });

  it('leads import --inbound marks the file\'s new leads, not the repeats', () => {
    const known = add('Known', '--email', 'known@x.example');
    const csv = join(ws.dir, 'form.csv');
    writeFileSync(csv, 'first_name,email\nKnown,known@x.example\nNew,new@x.example\n');
    expect(JSON.parse(ok(['import', csv, '--inbound', '--json']).stdout)).toMatchObject({ inserted: 1, duplicates: 1 });
    const rows = query<{ id: number; inbound_at: string | null }>('SELECT id, inbound_at FROM leads ORDER BY id');
    expect(rows).toEqual([
      { id: known, inbound_at: null },
      { id: known + 1, inbound_at: '2026-11-24T15:00:00.000Z' },
    ]);
    expect(queue()[0]).toMatchObject({ id: known + 1, queue_kind: 'inbound', why: 'inbound, came in 0 minutes ago' });
  });

  it('the report gives the median time from arrival to first call, against the period before', () => {
    const ids = ['A', 'B', 'C'].map((n, i) => Number(ok(['add', '--first', n, '--phone', `617-555-020${i}`, '--inbound'], '2026-11-24 14:00').stdout));
    ['14:05', '14:10', '14:30'].forEach((t, i) => ok(['log', String(ids[i]), '3'], `2026-11-24 ${t}`));
    ok(['add', '--first', 'Late', '--inbound'], '2026-11-24 14:40');
    const f = JSON.parse(ok(['report', '--json']).stdout).figures;
    expect(f.inbound_leads).toMatchObject({ current: 4, previous: 0, label: 'inbound leads' });
    expect(f.inbound_minutes).toMatchObject({ current: 10, previous: null, label: 'inbound: min to call' });
  });
});

describe('the session', () => {
  const CTRL_C = Symbol('Ctrl-C');
  function answers(list: (string | typeof CTRL_C)[]): Prompter {
    const next = async () => {
      const a = list.shift();
      if (a === undefined || a === CTRL_C) throw new Cancelled();
      return a;
    };
    return { input: next, key: next, confirm: async () => (await next()) === 'y' };
  }

  it('says why this lead, now, and how long an inbound lead has waited', async () => {
    ok(['add', '--first', 'Ian', '--phone', '617-555-0199', '--inbound'], '2026-11-24 14:52');
    const r = await leadsInProcess(['call'], { db: ws.db, tty: true, prompter: answers(['q']), env: { LEADS_TODAY: AT, NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('why: inbound, came in 8 minutes ago');
    expect(r.stdout).toMatch(/came in +2026-11-24 14:52 \(8 minutes ago\), inbound/);
  });

  it('undo takes back a retry\'s plan and its count by hour with the call', async () => {
    const id = add('Di');
    add('Eve');
    ok(['log', String(id), '3']);
    const before = query('SELECT next_contact_at, next_plan, attempts FROM leads WHERE id = ?', id);
    // Wednesday at midday in New York the retry is due: logged again, then undone
    const r = await leadsInProcess(['call'], { db: ws.db, tty: true, prompter: answers(['3', 'a', '', 'u', 'q']), env: { LEADS_TODAY: '2026-11-25 16:05', NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('undid code 3 for #1 Di');
    expect(query('SELECT next_contact_at, next_plan, attempts FROM leads WHERE id = ?', id)).toEqual(before);
    expect(query('SELECT hour, weekday, calls, reached FROM call_hours WHERE calls > 0')).toEqual([{ hour: 10, weekday: 2, calls: 1, reached: 0 }]);
  });
});
