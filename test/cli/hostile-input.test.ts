// Careless and hostile input, case by case: settings out of range (set, and stored before),
// countries the phone library does not know, erased leads put back into the cycle, dates
// far off, ids longer than any, flags that do not apply to a code, a territory with no lead,
// and Ctrl-C at a prompt.
process.env.TZ = 'UTC';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { Cancelled } from '../../dist/core/errors.js';
import type { Prompter } from '../../dist/cli/context.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (args: string[], o: { tty?: boolean; prompter?: Prompter; env?: Record<string, string> } = {}) =>
  leadsInProcess(args, { db: ws.db, ...o });
const touches = () => {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM touches').pluck().get() as number;
  } finally {
    db.close();
  }
};
async function twoLeads() {
  expect((await run(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0100', '--region', 'MA'])).code).toBe(0);
  expect((await run(['add', '--first', 'Bo', '--last', 'Chan', '--phone', '(617) 555-0101', '--email', 'bo@x.example'])).code).toBe(0);
}

describe('settings have ranges', () => {
  it.each([
    ['rules.cool_off_days', '99999999999', 'must be from 0 to 3650'],
    ['rules.recall_days', '3651', 'must be from 0 to 3650'],
    ['rules.strikes', '0', 'must be from 1 to 10'],
    ['rules.strikes', '11', 'must be from 1 to 10'],
    ['rules.retry_limit', '51', 'must be from 1 to 50'],
    ['rules.stale_days', '366', 'must be from 1 to 365'],
    ['rules.default_country', 'ZZ', 'must be a two-letter country code such as US'],
    ['rules.default_country', 'XX', 'must be a two-letter country code such as US'],
  ])('config set %s %s is refused (exit 2) and stores nothing', async (key, value, why) => {
    const r = await run(['config', 'set', key, value]);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `leads: ${key} ${why}\n` });
    expect(JSON.parse((await run(['config', 'get', key, '--json'])).stdout).is_set).toBe(false);
  });

  it('the edges of each range are taken', async () => {
    for (const [k, v] of [['rules.cool_off_days', '3650'], ['rules.recall_days', '0'], ['rules.strikes', '10'], ['rules.retry_limit', '50'], ['rules.stale_days', '365'], ['rules.default_country', 'ie']]) {
      expect((await run(['config', 'set', k, v])).code, k).toBe(0);
    }
  });

  it('a value stored out of range before is a settings error naming leads config set, never an internal error', async () => {
    await twoLeads();
    const db = new Database(ws.db);
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('rules.cool_off_days', '99999999999'), ('rules.default_country', 'ZZ')").run();
    db.close();
    const log = await run(['log', '1', '1']);
    expect(log.code).toBe(1);
    expect(log.stderr).toBe('leads: the setting rules.cool_off_days is "99999999999"; it must be from 0 to 3650: fix it with `leads config set rules.cool_off_days VALUE`\n');
    const add = await run(['add', '--first', 'Cy', '--phone', '020 7946 0018']);
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/^leads: the setting rules.default_country is "ZZ"; .*`leads config set rules.default_country VALUE`\n$/);
    // config still lists it, so it can be seen and fixed
    expect((await run(['config', 'get', 'rules.cool_off_days'])).stdout).toBe('99999999999\n');
    expect((await run(['config', 'set', 'rules.cool_off_days', '90'])).code).toBe(0);
    expect((await run(['log', '1', '1'])).code).toBe(0);
  });

  it('import --country must name a country, by code or name, as the file\'s country column may', async () => {
    for (const bad of ['XX', 'Narnia', '']) {
      const r = await run(['import', 'x.csv', '--country', bad]);
      expect(r, bad).toMatchObject({ code: 2, stderr: 'leads: --country must name a country: a two-letter code such as US, or its name\n' });
    }
  });
});

describe('an erased person stays out of the cycle', () => {
  it.each([
    [['log', '1', '6'], 'call outcome'],
    [['log', '1', '4', '--next', 'tomorrow'], 'call outcome'],
    [['stage', '1', 'quote'], 'stage move'],
    [['note', '1', 'call again'], 'note'],
    [['edit', '1', '--first', 'Mal'], 'edit'],
    [['merge', '2', '1'], 'merge'],
    [['merge', '1', '2'], 'merge'],
  ])('%j is refused (exit 1) naming leads forget, and records nothing', async (args, what) => {
    await twoLeads();
    expect((await run(['forget', '1', '--yes'])).code).toBe(0);
    const before = touches();
    const r = await run(args);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: `leads: lead 1 was erased with \`leads forget\`: no ${what} can be recorded on it\n` });
    expect(touches()).toBe(before);
  });
});

describe('dates and ids', () => {
  it('--next at most five years ahead; a year past 9999 is a bad date', async () => {
    await twoLeads();
    const far = await run(['log', '1', '4', '--next', '+999y']);
    expect(far).toMatchObject({ code: 2, stderr: 'leads: the next contact 3025-11-24 09:00 is more than 5 years ahead; give a nearer date\n' });
    expect((await run(['note', '1', 'x', '--next', '+6y'])).code).toBe(2);
    expect((await run(['log', '1', '4', '--next', '+99999y'])).stderr).toMatch(/^leads: bad date "\+99999y": use /);
    expect((await run(['log', '1', '4', '--next', '+5y'])).code).toBe(0);
    expect(touches()).toBe(3);
  });

  it('--at neither in the future nor before the lead was registered', async () => {
    await run(['add', '--first', 'Ann'], { env: { LEADS_TODAY: '2026-11-20 10:00' } });
    const old = await run(['log', '1', '2', '--at', '1990-01-01']);
    expect(old).toMatchObject({ code: 2, stderr: 'leads: the call time 1990-01-01T09:00:00.000Z is before lead 1 was registered (2026-11-20T10:00:00.000Z)\n' });
    expect((await run(['log', '1', '2', '--at', '+1d'])).stderr).toBe('leads: the call time (--at) is in the future\n');
    expect((await run(['log', '1', '2', '--at', '2026-11-21 14:00'])).code).toBe(0);
  });

  it('an id longer than any is echoed as typed', async () => {
    await twoLeads();
    for (const args of [['show', '99999999999999999999999'], ['log', '99999999999999999999999', '1'], ['export', '--lead', '99999999999999999999999']]) {
      expect(await run(args)).toMatchObject({ code: 1, stderr: 'leads: no lead 99999999999999999999999\n' });
    }
    expect((await run(['list', '--limit', '99999999999999999999999'])).stderr).toBe('leads: --limit must be a whole number\n');
  });
});

describe('flags that do not apply say so', () => {
  it('log --email with a code that sends no email is a usage error (exit 2), nothing recorded', async () => {
    await twoLeads();
    const r = await run(['log', '1', '1', '--email', 'x@y.example']);
    expect(r).toMatchObject({ code: 2, stderr: 'leads: an email address is only for an email code, not code 1 (not interested)\n' });
    expect(touches()).toBe(2);
    expect((await run(['log', '1', '5', '--email', 'ann@x.example'])).code).toBe(0);
  });
});

describe('call --territory', () => {
  it('a term that is no region or postal prefix is a usage error; a territory with no lead says so', async () => {
    await twoLeads();
    expect(await run(['call', '--json', '--territory', 'ZZ,!!'])).toMatchObject({ code: 2, stderr: 'leads: --territory: "!!" is not a state/region or postal-code prefix\n' });
    expect(await run(['call', '--json', '--territory', 'ZZ'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'leads: no lead is in the territory ZZ: no state/region or postal code matches (see `leads list`)\n',
    });
    const some = await run(['call', '--json', '--territory', 'ZZ,ma', '--any-hour']);
    expect(some.code).toBe(0);
    expect(some.stderr).toBe('leads: no lead is in ZZ; the rest of the territory is called\n');
    expect(JSON.parse(some.stdout).map((l: { id: number }) => l.id)).toEqual([1]);
  });
});

describe('Ctrl-C at a prompt', () => {
  const ctrlC: Prompter = {
    input: async () => {
      throw new Cancelled();
    },
    confirm: async () => {
      throw new Cancelled();
    },
    key: async () => {
      throw new Cancelled();
    },
  };
  it('one line saying what was kept, exit 130', async () => {
    expect(await run(['add'], { tty: true, prompter: ctrlC })).toMatchObject({ code: 130, stderr: 'leads: interrupted: nothing was changed\n' });
    await twoLeads();
    expect(await run(['forget', '1'], { tty: true, prompter: ctrlC })).toMatchObject({ code: 130, stderr: 'leads: interrupted: nothing was changed\n' });
    expect(JSON.parse((await run(['show', '1', '--json'])).stdout).first_name).toBe('Ann');
  });
});
