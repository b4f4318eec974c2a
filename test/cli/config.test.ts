import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSI, leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { SETTINGS } from '../../dist/core/settings.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
type Row = { key: string; value: string; default: string; is_set: boolean; description: string };
const rows = async () => JSON.parse((await run(['config', '--json'])).stdout) as Row[];

beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

describe('leads config', () => {
  it('lists every setting with its default, tab-separated when piped', () => {
    const r = leads(['config'], { db: ws.db });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('key\tvalue\tdefault\tabout');
    expect(lines.slice(1).map((l) => l.split('\t')[0])).toEqual(Object.keys(SETTINGS));
    expect(lines).toContain('rules.cool_off_days\t180\t180\tdays a not-interested (1) lead rests');
  });

  it('--json gives each setting with value, default and whether it was set', async () => {
    const list = await rows();
    expect(list.map((r) => r.key)).toEqual(Object.keys(SETTINGS));
    expect(list.find((r) => r.key === 'rules.default_country')).toMatchObject({ value: 'US', default: 'US', is_set: false });
    expect(list.find((r) => r.key === 'sender.name')).toMatchObject({ value: '', default: '', is_set: false });
  });

  it('set stores a checked value that list and get then show', async () => {
    expect(await run(['config', 'set', 'rules.cool_off_days', '90'])).toMatchObject({ code: 0, stdout: 'rules.cool_off_days = 90\n' });
    expect(await run(['config', 'set', 'rules.default_country', 'gb'])).toMatchObject({ code: 0, stdout: 'rules.default_country = GB\n' });
    expect(await run(['config', 'set', 'sender.name', 'Ann Baker & Co, "Bakers"'])).toMatchObject({ code: 0 });
    expect(await run(['config', 'get', 'rules.cool_off_days'])).toMatchObject({ code: 0, stdout: '90\n' });
    expect(await run(['config', 'get', 'sender.name'])).toMatchObject({ stdout: 'Ann Baker & Co, "Bakers"\n' });
    expect(await run(['config', 'get', 'rules.strikes'])).toMatchObject({ stdout: '3\n' });
    const list = await rows();
    expect(list.find((r) => r.key === 'rules.cool_off_days')).toMatchObject({ value: '90', default: '180', is_set: true });
    expect(list.find((r) => r.key === 'rules.default_country')).toMatchObject({ value: 'GB', is_set: true });
    expect(JSON.parse((await run(['config', 'get', 'rules.default_country', '--json'])).stdout)).toMatchObject({ key: 'rules.default_country', value: 'GB' });
    // switches take the usual words for on and off, stored as on or off
    expect(await run(['config', 'set', 'dial.auto', 'Yes'])).toMatchObject({ code: 0, stdout: 'dial.auto = on\n' });
    expect(await run(['config', 'set', 'dial.auto', '0'])).toMatchObject({ code: 0, stdout: 'dial.auto = off\n' });
    expect(await run(['config', 'set', 'dial.command', 'xdg-open {tel}'])).toMatchObject({ code: 0, stdout: 'dial.command = xdg-open {tel}\n' });
  });

  it('the default country is the one phone numbers without a country take', async () => {
    await run(['config', 'set', 'rules.default_country', 'GB']);
    await run(['add', '--first', 'Ed', '--phone', '020 7946 0018']);
    expect(JSON.parse((await run(['show', '1', '--json'])).stdout).phone_e164).toBe('+442079460018');
  });

  it.each([
    [['config', 'set', 'rules.bogus', '1'], /^leads: unknown setting rules.bogus; the settings are: rules.cool_off_days, /],
    [['config', 'set', 'rules.strikes', 'three'], /^leads: rules.strikes must be a whole number/],
    [['config', 'set', 'rules.cool_off_days', '-5'], /^leads: rules.cool_off_days must be a whole number/],
    [['config', 'set', 'rules.default_country', 'USA'], /^leads: rules.default_country must be a two-letter country code/],
    [['config', 'set', 'rules.strikes'], /missing required argument 'value'/],
    [['config', 'set', 'dial.auto', 'maybe'], /^leads: dial.auto takes on or off\n$/],
    [['config', 'set', 'calendar.reminder_minutes', 'soon'], /^leads: calendar.reminder_minutes must be a whole number/],
    [['config', 'set', 'email.deliver', 'smtp'], /^leads: email.deliver takes files, drafts, send\n$/],
    [['config', 'set', 'email.auth', 'token'], /^leads: email.auth takes password, oauth2\n$/],
    [['config', 'set', 'email.smtp_port', '70000'], /^leads: email.smtp_port must be from 1 to 65535/],
    [['config', 'set', 'email.imap_host', 'imap.example.com/x'], /^leads: email.imap_host must be a host name/],
    [['config', 'set', 'calendar.url', 'http://dav.example.com/cal/'], /^leads: calendar.url must be an https:\/\/ address/],
    [['config', 'set', 'email.unsubscribe_url', 'mailto:me@example.com'], /^leads: email.unsubscribe_url must be an https:\/\/ address/],
    [['config', 'get', 'nope'], /^leads: unknown setting nope/],
    [['config', 'get'], /missing required argument 'key'/],
  ])('%j is a usage error (exit 2) and stores nothing', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect((await rows()).every((s) => !s.is_set)).toBe(true);
  });

  it.each([
    [['config', 'set', 'bogus', '1'], /^leads: unknown setting bogus; /],
    [['config', 'set', 'rules.cool_off_days', '99999999999'], /^leads: rules.cool_off_days must be /],
  ])('%j with no database is a usage error (exit 2) and makes no database', async (args, message) => {
    const fresh = tempWorkspace({ database: false });
    try {
      const r = await leadsInProcess(args, { db: fresh.db });
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('made a new database');
      expect(existsSync(fresh.db)).toBe(false);
    } finally {
      fresh.cleanup();
    }
  });

  it('draws a table on a terminal', async () => {
    const r = await leadsInProcess(['config'], { db: ws.db, tty: true, env: { TERM: 'xterm' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
    expect(r.stdout).toContain('rules.cool_off_days');
    expect(r.stdout).not.toContain('\t');
  });
});

describe('call.idle_minutes', () => {
  it('is 10 by default, takes 1 to 240 minutes, and refuses anything else', async () => {
    expect((await rows()).find((r) => (r as { key: string }).key === 'call.idle_minutes')).toMatchObject({ value: '10' });
    expect((await run(['config', 'set', 'call.idle_minutes', '25'])).code).toBe(0);
    expect((await rows()).find((r) => (r as { key: string }).key === 'call.idle_minutes')).toMatchObject({ value: '25' });
    for (const bad of ['0', '241', 'ten']) expect((await run(['config', 'set', 'call.idle_minutes', bad])).code).toBe(2);
  });
});
