// The rules an import reads phones and emails by hold for `add`, `edit`, `log` and the call
// session too: a phone is read in its lead's own country (else rules.default_country), a
// number not valid there gets no E.164 and is dialled as written; an email is an address,
// `Cy <cy@a.example>` stored as `cy@a.example`, `not-an-email` refused.
process.env.TZ = 'UTC';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { query } from '../helpers/cycle.js';
import type { Prompter } from '../../dist/cli/context.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const AT = '2026-11-24 15:00';
const run = (...args: string[]) => leads(args, { db: ws.db, env: { LEADS_TODAY: AT } });
const lead = (id: number) => query(ws.db, 'SELECT * FROM leads WHERE id = ?', id)[0];
const add = (...args: string[]) => {
  const r = run('add', ...args);
  expect(r.code, r.stderr).toBe(0);
  return Number(r.stdout.trim());
};

function answers(list: string[]): Prompter {
  const next = async (m: string) => {
    if (!list.length) throw new Error(`unexpected prompt: ${m}`);
    return list.shift()!;
  };
  return { input: next, key: next, confirm: async (m) => (await next(m)) === 'y' };
}

describe('a phone read in its lead\'s country: add and edit', () => {
  it('add: a London number with the lead\'s country is a London number; without it, read in the default country', () => {
    expect(lead(add('--first', 'Ben', '--phone', '020 7946 0958', '--country', 'GB'))).toMatchObject({ phone_e164: '+442079460958', phone_valid: 1 });
    expect(lead(add('--first', 'Bo', '--phone', '020 7946 0958', '--country', 'United Kingdom'))).toMatchObject({ phone_e164: '+442079460958' });
    // `0201234567` is valid nowhere it is read: no E.164 made up for it, flagged
    expect(lead(add('--first', 'Ann', '--phone', '0201234567', '--country', 'GB'))).toMatchObject({ phone: '0201234567', phone_e164: null, phone_valid: 0 });
    expect(lead(add('--first', 'Al', '--phone', '020 7946 0958'))).toMatchObject({ phone_e164: null, phone_valid: 0 });
    expect(run('config', 'set', 'rules.default_country', 'GB').code).toBe(0);
    expect(lead(add('--first', 'Cy', '--phone', '020 7946 0958'))).toMatchObject({ phone_e164: '+442079460958' });
  });

  it('edit: a new country reads the phones again in it; a new phone is read in the lead\'s country', () => {
    const id = add('--first', 'Dora', '--phone', '030 1234567', '--mobile', '0171 2345678');
    expect(lead(id)).toMatchObject({ phone_e164: null, mobile_e164: null });
    expect(run('edit', String(id), '--country', 'Deutschland').code).toBe(0);
    expect(lead(id)).toMatchObject({ phone_e164: '+49301234567', phone_valid: 1, mobile_e164: '+491712345678' });
    expect(run('edit', String(id), '--phone', '089 1234567').code).toBe(0);
    expect(lead(id)).toMatchObject({ phone_e164: '+49891234567' });
    expect(run('edit', String(id), '--country', 'US').code).toBe(0);
    expect(lead(id)).toMatchObject({ phone: '089 1234567', phone_e164: null, phone_valid: 0, mobile_e164: null });
  });

  it('the call session dials a number not valid in the lead\'s country as written, and says so', async () => {
    add('--first', 'Ann', '--last', 'Abbot', '--phone', '0201234567', '--country', 'GB');
    expect(run('config', 'set', 'dial.command', 'true {number}').code).toBe(0);
    const r = await leadsInProcess(['call', '--any-hour'], { db: ws.db, tty: true, prompter: answers(['d', 'q']), env: { LEADS_TODAY: AT, NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dialling the phone 0201234567 (as written: not a valid number in the lead's country)");
  });
});

describe('a forgotten person whose number is not valid in their country', () => {
  it('is suppressed by the number as written: a list bringing it back, in any format, keeps them out of the queue', async () => {
    const file = join(ws.dir, 'list.csv');
    writeFileSync(file, 'Name,Phone,Country\nAnn Abbot,0201234567,GB\n');
    expect((await leadsInProcess(['import', file], { db: ws.db })).code).toBe(0);
    expect(run('forget', '1', '--yes').code).toBe(0);
    writeFileSync(file, 'Name,Phone,Country\nAnn Abbot,020 123 4567,United Kingdom\n');
    const again = JSON.parse((await leadsInProcess(['import', file, '--json'], { db: ws.db })).stdout);
    expect(again).toMatchObject({ inserted: 1, suppressed: 1 });
    expect(lead(2)).toMatchObject({ phone_e164: null, do_not_call: 1 });
  });
});

describe('an email is an address: add, edit, log and the session', () => {
  it('add and edit take the address out of a display name; what holds none is refused, nothing changed', () => {
    const id = add('--first', 'Cy', '--email', 'Cy Dunn <Cy@A.example>');
    expect(lead(id)).toMatchObject({ email: 'Cy@A.example', email_norm: 'cy@a.example' });
    expect(run('edit', String(id), '--email', '"Dunn, Cy" <cy@dunn.example>').code).toBe(0);
    expect(lead(id)).toMatchObject({ email: 'cy@dunn.example' });
    const bad = run('add', '--first', 'Di', '--email', 'not-an-email');
    expect(bad).toMatchObject({ code: 2, stderr: 'leads: --email is not an email address (name@domain)\n' });
    expect(run('edit', String(id), '--email', 'cy@').code).toBe(2);
    expect(lead(id)).toMatchObject({ email: 'cy@dunn.example' });
    expect(query(ws.db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 1 }]);
  });

  it('log with an email code stores the address of what was typed', () => {
    const id = add('--first', 'Eve', '--phone', '617-555-0100');
    expect(run('log', String(id), '5', '--email', 'Eve <eve@fox.example>').code).toBe(0);
    expect(lead(id)).toMatchObject({ email: 'eve@fox.example' });
  });

  it('the session asks again for an email that is no address, and keeps the address of one with a display name', async () => {
    const id = add('--first', 'Gus', '--last', 'Hill', '--phone', '617-555-0100');
    const p = answers(['5', 'gus at hill', 'Gus Hill <gus@hill.example>', '', 'q']);
    const r = await leadsInProcess(['call', '--any-hour'], { db: ws.db, tty: true, prompter: p, env: { LEADS_TODAY: AT, NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('that is not an email address (name@domain)');
    expect(lead(id)).toMatchObject({ email: 'gus@hill.example', code: 5 });
  });
});
