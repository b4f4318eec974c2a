// leads log: a call outcome recorded without the session, and --undo.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { leads, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
  // registered a week before "today", so calls can be back-filled with --at
  const env = { LEADS_TODAY: '2026-11-17 09:00' };
  expect(leads(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0100'], { db: ws.db, env }).code).toBe(0);
  expect(leads(['add', '--first', 'Bo', '--last', 'Chan', '--email', 'bo@chan.example'], { db: ws.db, env }).code).toBe(0);
});
afterEach(() => ws.cleanup());

const log = (...args: string[]) => leads(['log', ...args], { db: ws.db });
function query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const lead = (id: number) => query('SELECT * FROM leads WHERE id = ?', id)[0];
const calls = () => query('SELECT lead_id, at, channel, code, result, note FROM touches WHERE channel NOT IN (\'edit\') ORDER BY id');
const items = () => query('SELECT lead_id, touch_id, kind, batch_id FROM batch_items ORDER BY id');

// LEADS_TODAY=2026-11-24 is noon UTC (TZ=UTC in the helper)
describe('leads log', () => {
  it('records a call-back: the call touch, the code, the next contact; prints one line', () => {
    const r = log('1', '4', '--next', 'tomorrow 14:00', '--note', 'call after lunch');
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: '#1 Ann Baker: code 4 (call back); next contact 2026-11-25 14:00\n' });
    expect(lead(1)).toMatchObject({
      code: 4, last_called_at: '2026-11-24T12:00:00.000Z', next_contact_at: '2026-11-25T14:00:00.000Z', touch_count: 1,
    });
    expect(calls()).toEqual([
      { lead_id: 1, at: '2026-11-24T12:00:00.000Z', channel: 'call', code: 4, result: null, note: 'call after lunch' },
    ]);
  });

  it('a letter, an email and a finished lead each leave a pending batch item tied to the call', () => {
    expect(log('1', '2').stdout).toBe('#1 Ann Baker: code 2 (send letter); letter pending for the sort; next contact 2026-12-24 (any time)\n');
    expect(log('2', '5').code).toBe(0);
    expect(log('2', '6', '--json').code).toBe(0);
    const touchIds = query<{ id: number }>("SELECT id FROM touches WHERE channel = 'call' ORDER BY id").map((t) => t.id);
    expect(items()).toEqual([
      { lead_id: 1, touch_id: touchIds[0], kind: 'letter', batch_id: null },
      { lead_id: 2, touch_id: touchIds[1], kind: 'email', batch_id: null },
      { lead_id: 2, touch_id: touchIds[2], kind: 'follow_up', batch_id: null },
    ]);
    expect(lead(2)).toMatchObject({ status: 'cycle', stage: 'quote', cycles: 1, next_contact_at: '2026-11-25T09:00:00.000Z' });
  });

  it('--json prints the lead object with the batch item kind', () => {
    const r = log('2', '6', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 2, status: 'cycle', stage: 'quote', code: 6, batch_item: 'follow_up' });
  });

  it('an email code takes --email when the lead has none, recorded as an edit', () => {
    const r = log('1', '5', '--email', 'ann@baker.example');
    expect(r.code).toBe(0);
    expect(lead(1)).toMatchObject({ email: 'ann@baker.example', email_norm: 'ann@baker.example' });
    expect(query("SELECT channel, data FROM touches WHERE lead_id = 1 AND channel = 'edit' AND data IS NOT NULL")).toHaveLength(1);
  });

  it('code 3 counts attempts and keeps the result; --at back-fills the call time', () => {
    expect(log('1', '3', '--result', 'voicemail', '--at', 'yesterday 16:00').code).toBe(0);
    // 11:00 in New York (midday) tried: the morning of the next day there, 8:00
    expect(lead(1)).toMatchObject({ attempts: 1, last_called_at: '2026-11-23T16:00:00.000Z', next_contact_at: '2026-11-24T13:00:00.000Z' });
    expect(calls()[0]).toMatchObject({ at: '2026-11-23T16:00:00.000Z', code: 3, result: 'voicemail' });
  });

  it('code 7 sets do-not-call with a dnc touch; code 9 disqualifies', () => {
    expect(log('1', '7').stdout).toBe('#1 Ann Baker: code 7 (do not call); never called again\n');
    expect(lead(1)).toMatchObject({ do_not_call: 1, next_contact_at: null });
    expect(calls().map((t) => t.channel)).toEqual(['call', 'dnc']);
    expect(log('2', '9').code).toBe(0);
    expect(lead(2)).toMatchObject({ status: 'disqualified' });
    const again = log('2', '1');
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe('leads: lead 2 is disqualified (out of every queue for good); no call outcome can be logged\n');
  });

  it('--duration keeps how long a call took by hand: duration_s on the call touch, in show --json', () => {
    expect(log('1', '1', '--duration', '3m').code).toBe(0);
    expect(log('2', '3', '--duration', '1:30').code).toBe(0);
    const touches = (id: number) => (JSON.parse(leads(['show', String(id), '--json'], { db: ws.db }).stdout) as { touches: { channel: string; duration_s?: number | null }[] }).touches;
    expect(touches(1).filter((t) => t.channel === 'call').map((t) => t.duration_s)).toEqual([180]);
    expect(touches(2).filter((t) => t.channel === 'call').map((t) => t.duration_s)).toEqual([90]);
    expect(leads(['show', '1'], { db: ws.db }).stdout).toMatch(/ call code 1 3:00$/m);
    // a touch that is not a call has no length
    expect(touches(1).find((t) => t.channel === 'edit')).not.toHaveProperty('duration_s');
  });

  it.each([
    [['1', '8'], 2, 'leads: unknown code 8; see `leads codes`\n'],
    [['1', 'x'], 2, 'leads: a code is a whole number from 0 to 99, not "x"\n'],
    [['1'], 2, 'leads: give the outcome code: leads log ID CODE (see `leads codes`)\n'],
    [['abc', '1'], 2, 'leads: lead id must be a positive whole number, not "abc"\n'],
    [['99', '1'], 1, 'leads: no lead 99\n'],
    [['1', '4', '--next', 'someday'], 2, /^leads: bad date "someday": use YYYY-MM-DD/],
    [['1', '4'], 2, /^leads: code 4 \(call back\) needs a date \(--next: /],
    [['1', '4', '--next', 'yesterday'], 2, 'leads: the next contact date must be after the call (code 4 (call back))\n'],
    [['1', '5'], 2, 'leads: code 5 (send permission email) needs an email address (--email), and lead 1 has none\n'],
    [['1', '5', '--email', 'nope'], 2, 'leads: --email is not an email address (name@domain)\n'],
    [['1', '1', '--result', 'busy'], 2, /^leads: a result .* is only for a not-available code, not code 1 \(not interested\)\n$/],
    [['1', '3', '--result', 'asleep'], 2, /^leads: unknown result "asleep"/],
    [['1', '1', '--at', 'tomorrow'], 2, 'leads: the call time (--at) is in the future\n'],
    [['1', '1', '--at', 'when'], 2, /^leads: bad date "when"/],
    [['1', '7', '--next', 'mon'], 2, 'leads: code 7 (do not call) is never called again and takes no date\n'],
    [['1', '1', '--note', ' '], 2, 'leads: --note is empty\n'],
    [['1', '--undo'], 1, 'leads: lead 1 has no call to undo\n'],
    [['1', '2', '--undo'], 2, 'leads: --undo takes no code: leads log ID --undo\n'],
    [['1', '--undo', '--note', 'x'], 2, 'leads: --undo takes no --note\n'],
    [['1', '1', '--duration', 'long'], 2, 'leads: not a call length: "long"; use 3m, 90s, 1m30s or 2:30\n'],
    [['1', '1', '--duration', '99999h'], 2, 'leads: a call of 99999 h 00 min is longer than the 8 hours a call may be; check --duration\n'],
    [['1', '--undo', '--duration', '3m'], 2, 'leads: --undo takes no --duration\n'],
  ] as const)('log %j fails with exit %i and changes nothing', (args, exit, message) => {
    const before = query('SELECT * FROM leads ORDER BY id');
    const touches = query('SELECT count(*) AS n FROM touches')[0];
    const r = log(...args);
    expect(r.code).toBe(exit);
    expect(r.stdout).toBe('');
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/Baker|617|chan\.example/);
    expect(query('SELECT * FROM leads ORDER BY id')).toEqual(before);
    expect(query('SELECT count(*) AS n FROM touches')[0]).toEqual(touches);
  });

  it('warns (stderr) on a call to a do-not-call lead, and keeps it off the queue', () => {
    log('1', '7');
    const r = log('1', '4', '--next', 'tomorrow');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('leads: lead 1 is on do-not-call: it stays out of the queue\n');
    expect(lead(1)).toMatchObject({ do_not_call: 1, code: 4 });
  });
});

describe('leads log --undo', () => {
  it('restores the lead, removes the call, its dnc touch and pending item, records an undo touch', () => {
    log('1', '3', '--result', 'busy');
    const mid = lead(1);
    log('1', '6');
    const r = log('1', '--undo');
    expect(r).toMatchObject({ code: 0, stdout: '#1 Ann Baker: undid code 6 of 2026-11-24 12:00\n' });
    const after = lead(1);
    for (const k of ['status', 'stage', 'stage_at', 'cycles', 'code', 'attempts', 'last_called_at', 'next_contact_at', 'touch_count']) {
      expect(after[k], k).toEqual(mid[k]);
    }
    expect(items()).toEqual([]);
    expect(calls().map((t) => [t.channel, t.code])).toEqual([['call', 3], ['undo', 6]]);
  });

  it('undoes a 7: do-not-call lifted, its dnc touch gone', () => {
    log('1', '7');
    expect(log('1', '--undo').code).toBe(0);
    expect(lead(1)).toMatchObject({ do_not_call: 0, code: null, last_called_at: null, touch_count: 0 });
    expect(calls().map((t) => t.channel)).toEqual(['undo']);
  });

  it('undoes an email code that set the email', () => {
    log('1', '5', '--email', 'ann@baker.example');
    log('1', '--undo');
    expect(lead(1)).toMatchObject({ email: null, email_norm: null });
  });

  it('refuses when a sort has served the batch item', () => {
    log('1', '2');
    const db = new Database(ws.db);
    db.prepare("INSERT INTO batches (id, day, created_at) VALUES (1, '2026-11-24', '2026-11-24T20:00:00.000Z')").run();
    db.prepare('UPDATE batch_items SET batch_id = 1').run();
    db.close();
    const r = log('1', '--undo');
    expect(r).toMatchObject({ code: 1, stderr: 'leads: the letter of this call went out in batch 1; it cannot be undone\n' });
    expect(lead(1)).toMatchObject({ code: 2 });
  });

  it('refuses when the lead changed after the call (a later undo, edit or stage), but not for a note', () => {
    log('1', '1');
    expect(leads(['note', '1', 'said maybe in spring'], { db: ws.db }).code).toBe(0);
    expect(log('1', '--undo').code).toBe(0);
    // the undo itself is a later touch: the previous call cannot be undone through it
    log('2', '3');
    log('2', '3');
    expect(log('2', '--undo').code).toBe(0);
    const r = log('2', '--undo');
    expect(r).toMatchObject({ code: 1, stderr: 'leads: lead 2 has changed since the call (undo); it cannot be undone\n' });
  });
});
