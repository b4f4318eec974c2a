import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ANSI, leads, leadsInProcess, leadsProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

describe('add and show', () => {
  it('prints the new id and shows the lead object with the SPEC keys and touches', () => {
    const add = leads(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(555) 100-2000'], { db: ws.db });
    expect(add).toMatchObject({ code: 0, stdout: '1\n', stderr: '' });
    const show = leads(['show', '1', '--json'], { db: ws.db });
    expect(show.code).toBe(0);
    const lead = JSON.parse(show.stdout);
    for (const key of [
      'id', 'first_name', 'last_name', 'company', 'phone', 'email', 'street', 'city', 'region', 'postal_code',
      'source', 'list', 'status', 'code', 'stage', 'thinking_count', 'touch_count', 'last_called_at',
      'next_contact_at', 'do_not_call', 'do_not_email', 'do_not_mail', 'created_at', 'touches',
    ]) expect(lead).toHaveProperty(key);
    expect(lead).toMatchObject({ id: 1, first_name: 'Ann', last_name: 'Baker', phone: '(555) 100-2000', status: 'prospect', do_not_call: false });
    expect(lead.touches[0]).toMatchObject({ channel: 'edit', note: 'added by hand' });
  });

  it('refuses a lead with nothing to reach or name (exit 2)', () => {
    // the exit status of the real binary, once for a usage error
    const r = leadsProcess(['add', '--city', 'Boston'], { db: ws.db });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leads: a lead needs/);
  });

  it('asks for the fields on a terminal when none are given', async () => {
    const p = scriptedPrompter(['Cy', 'Dunn', 'Dunn & Co', '617-555-0199', 'cy@dunn.example', '', '', '', '']);
    const r = await leadsInProcess(['add'], { db: ws.db, tty: true, prompter: p });
    expect(r).toMatchObject({ code: 0, stdout: '1\n' });
    expect(JSON.parse(leads(['show', '1', '--json'], { db: ws.db }).stdout)).toMatchObject({
      first_name: 'Cy', company: 'Dunn & Co', email: 'cy@dunn.example', street: null,
    });
  });

  it('on a terminal, checks each answer as it is given: a wrong one is said and asked again, the others kept', async () => {
    const p = scriptedPrompter(['Cy', 'Dunn', '', '617-555-0199', 'cy at dunn', 'cy@dunn.example', 'x'.repeat(1001), '1 Elm St', '', '', '']);
    const r = await leadsInProcess(['add'], { db: ws.db, tty: true, prompter: p });
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/\n1\n$/) });
    expect(r.stdout).toContain('that is not an email address (name@domain); give it again (Enter for none)');
    expect(r.stdout).toContain('that is longer than 1,000 characters; give it again (Enter for none)');
    expect(p.asked).toEqual(['First name', 'Last name', 'Company', 'Phone', 'Email', 'Email', 'Street', 'Street', 'City', 'State/region', 'Postal code']);
    expect(JSON.parse(leads(['show', '1', '--json'], { db: ws.db }).stdout)).toMatchObject({ first_name: 'Cy', email: 'cy@dunn.example', street: '1 Elm St' });
  });

  it('on a terminal, a lead with nothing to name or reach it by asks for those again', async () => {
    const p = scriptedPrompter(['', '', '', '', '', '', 'Boston', '', '', '', '', 'Acme', '', '']);
    const r = await leadsInProcess(['add'], { db: ws.db, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('a lead needs at least a name, a company, a phone or an email (Ctrl-C leaves)');
    expect(JSON.parse(leads(['show', '1', '--json'], { db: ws.db }).stdout)).toMatchObject({ company: 'Acme', city: 'Boston' });
  });

  it('by flags, a value over the cap is refused naming its flag', () => {
    const r = leads(['add', '--first', 'Cy', '--postal-code', '9'.repeat(1001)], { db: ws.db });
    expect(r).toMatchObject({ code: 2, stderr: 'leads: --postal-code is longer than 1,000 characters\n' });
  });

  it('without flags and without a terminal, says how to give the fields', () => {
    const r = leads(['add'], { db: ws.db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('leads add --first');
  });

  it('shows a missing lead as exit 1 with a one-line message', () => {
    // the exit status of the real binary, once for an error, and once for success
    expect(leadsProcess(['add', '--first', 'Ann'], { db: ws.db })).toMatchObject({ code: 0, stdout: '1\n', stderr: '' });
    const r = leadsProcess(['show', '999'], { db: ws.db });
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'leads: no lead 999\n' });
  });
});

describe('house rules', () => {
  it('an unknown command is a usage error (exit 2)', () => {
    const r = leads(['bogus'], { db: ws.db });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leads: unknown command 'bogus'/);
  });

  it('an unknown flag is a usage error (exit 2)', () => {
    expect(leads(['list', '--colour'], { db: ws.db }).code).toBe(2);
  });

  it("a command's help ends with its examples, from its definition", async () => {
    const r = await leadsInProcess(['log', '--help'], { db: ws.db });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nExamples:\n  leads log 42 3 --result voicemail\n(  leads .*\n)+$/);
  });

  it.each([
    [['lsit'], "leads: unknown command 'lsit': did you mean list? (see `leads --help`)\n"],
    [['dnc', '3', '--emial'], "leads: unknown option '--emial': did you mean --email? (see `leads --help`)\n"],
    [['list', '--sort', 'id', '--limt', '3'], "leads: unknown option '--limt': did you mean one of --limit, --list? (see `leads --help`)\n"],
  ])('a near miss %j is named on one line with its suggestion', (args, stderr) => {
    expect(leads(args, { db: ws.db })).toMatchObject({ code: 2, stdout: '', stderr });
  });

  it('piped output is tab-separated with no ANSI escapes; NO_COLOR and --no-color too', async () => {
    leads(['add', '--first', 'Ann', '--last', 'Baker'], { db: ws.db });
    const piped = leads(['list'], { db: ws.db });
    expect(piped.stdout.split('\n')[1]).toBe('1\tAnn Baker\t\t\t\tprospect\t0\t');
    expect(piped.stdout).not.toMatch(ANSI);
    const tty = await leadsInProcess(['list'], { db: ws.db, tty: true, env: { TERM: 'xterm' } });
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout).toContain('Ann Baker');
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
      const r = await leadsInProcess(['list'], { db: ws.db, tty: true, env });
      expect(r.stdout).toContain('Ann Baker');
      expect(r.stdout).not.toMatch(ANSI);
    }
    const flag = await leadsInProcess(['list', '--no-color'], { db: ws.db, tty: true, env: { TERM: 'xterm' } });
    expect(flag.stdout).not.toMatch(ANSI);
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(leads(['--version'], { db: ws.db })).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });
});

describe('the store', () => {
  it('creates the database 0600 in a 0700 folder, WAL, synchronous FULL, foreign keys on', () => {
    const path = join(ws.dir, 'new', 'leads.db');
    expect(leads(['add', '--first', 'Ann'], { db: path }).stderr).toBe(`leads: made a new database at ${path}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // synchronous and foreign_keys are per connection: ask the program's own connection
    const r = leads(['doctor', '--json'], { db: path });
    expect(JSON.parse(r.stdout).pragmas).toMatchObject({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1 });
  });
});

describe('leads list filters', () => {
  it('--due takes the friendly date forms: leads due by the end of that day', () => {
    const run = (args: string[]) => leads(args, { db: ws.db, env: { LEADS_TODAY: '2026-11-24 10:00' } });
    run(['add', '--first', 'Ann', '--last', 'Baker']);
    run(['add', '--first', 'Bo', '--last', 'Chan']);
    run(['add', '--first', 'Cy', '--last', 'Dunn']);
    expect(run(['note', '1', 'call back', '--next', 'tomorrow 15:00']).code).toBe(0);
    expect(run(['note', '2', 'call back', '--next', '+5d']).code).toBe(0);
    const ids = (args: string[]) => (JSON.parse(run(['list', '--json', ...args]).stdout) as { id: number }[]).map((l) => l.id);
    expect(ids(['--due', 'tomorrow'])).toEqual([1]);
    expect(ids(['--due', '+1w'])).toEqual([1, 2]);
    expect(ids(['--due'])).toEqual([]);
    const bad = run(['list', '--due', 'someday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^leads: bad date "someday": use YYYY-MM-DD/);
  });
});
