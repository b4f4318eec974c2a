import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSI, leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const codes = async () => JSON.parse((await run(['codes', '--json'])).stdout) as Record<string, unknown>[];

beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

describe('leads codes', () => {
  it('lists the method codes tab-separated when piped', () => {
    const r = leads(['codes'], { db: ws.db });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('code\tlabel\taction\tneeds\treached\tkind');
    expect(lines.slice(1).map((l) => l.split('\t')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '9']);
    expect(lines[4]).toBe('4\tcall back\tcallback\tdate\tyes\tbuilt-in');
  });

  it('--json gives snake_case keys and JSON booleans', async () => {
    const list = await codes();
    expect(list).toHaveLength(8);
    expect(list[4]).toEqual({ code: 5, label: 'send permission email', action: 'email', needs_date: false, needs_email: true, reached: true, builtin: true });
    expect(list[2]).toMatchObject({ code: 3, action: 'retry', reached: false });
  });

  it('a retry code added as the README shows is not reached, so the contact rate counts no one; --reached says otherwise', async () => {
    expect((await run(['codes', 'add', '8', 'voicemail left', '--action', 'retry'])).code).toBe(0);
    expect((await run(['codes', 'add', '11', 'spoke, call again', '--action', 'retry', '--reached'])).code).toBe(0);
    const list = await codes();
    expect(list.find((c) => c.code === 8)).toMatchObject({ action: 'retry', reached: false });
    expect(list.find((c) => c.code === 11)).toMatchObject({ action: 'retry', reached: true });
    expect((await run(['codes', 'add', '12', 'x', '--action', 'retry', '--reached', '--not-reached'])).code).toBe(2);
  });

  it('adds a code of your own with its action and flags', async () => {
    const r = await run(['codes', 'add', '10', 'wrong number', '--action', 'disqualify', '--not-reached']);
    expect(r).toMatchObject({ code: 0, stdout: 'code 10 wrong number: disqualify\n', stderr: '' });
    const json = await run(['codes', 'add', '0', 'gatekeeper', '--action', 'callback', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: 0, label: 'gatekeeper', needs_date: true, builtin: false });
    expect(await run(['codes', 'add', '42', 'sample sent', '--action', 'letter', '--needs-date', '--needs-email'])).toMatchObject({ code: 0 });
    const list = await codes();
    expect(list.map((c) => c.code)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 42]);
    expect(list.find((c) => c.code === 10)).toEqual({
      code: 10, label: 'wrong number', action: 'disqualify', needs_date: false, needs_email: false, reached: false, builtin: false,
    });
    // a call-back code always asks for its date
    expect(list.find((c) => c.code === 0)).toMatchObject({ action: 'callback', needs_date: true, reached: true });
    expect(list.find((c) => c.code === 42)).toMatchObject({ needs_date: true, needs_email: true });
  });

  it('renames a code; what it does stays', async () => {
    const r = await run(['codes', 'rename', '2', 'mail the brochure']);
    expect(r).toMatchObject({ code: 0, stdout: 'code 2 mail the brochure\n' });
    expect(JSON.parse((await run(['codes', 'rename', '2', 'brochure', '--json'])).stdout)).toMatchObject({ code: 2, label: 'brochure' });
    await run(['codes', 'rename', '2', 'mail the brochure']);
    expect((await codes())[1]).toMatchObject({ code: 2, label: 'mail the brochure', action: 'letter', builtin: true });
  });

  it('an existing code is exit 1 and left as it was', async () => {
    const before = await codes();
    const r = await run(['codes', 'add', '7', 'do not ring', '--action', 'none']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe('leads: code 7 exists already (do not call); rename it with leads codes rename\n');
    expect(await codes()).toEqual(before);
  });

  it('renaming a code that does not exist is exit 1', async () => {
    expect(await run(['codes', 'rename', '8', 'x'])).toMatchObject({ code: 1, stderr: 'leads: no code 8; add it with leads codes add\n' });
  });

  it('an unknown action is exit 2 and lists the actions', async () => {
    const r = await run(['codes', 'add', '10', 'x', '--action', 'mail']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'leads: unknown action "mail"; the actions are: rest, letter, retry, callback, email, finish, dnc, disqualify, none\n',
    );
  });

  it.each([
    [['codes', 'add', '100', 'x', '--action', 'none'], /^leads: a code is a whole number from 0 to 99, not "100"/],
    [['codes', 'add', '-1', 'x', '--action', 'none'], /./],
    [['codes', 'add', 'ten', 'x', '--action', 'none'], /^leads: a code is a whole number/],
    [['codes', 'add', '10', ' ', '--action', 'none'], /^leads: the label is empty/],
    [['codes', 'add', '10', 'x'], /required option '--action <action>' not specified/],
    [['codes', 'add', '10', '--action', 'none'], /missing required argument 'label'/],
    [['codes', 'rename', '1.5', 'x'], /^leads: a code is a whole number/],
    [['codes', 'rename', '1'], /missing required argument 'label'/],
    [['codes', 'bogus'], /too many arguments/],
  ])('%j is a usage error (exit 2) and changes nothing', async (args, message) => {
    const before = await codes();
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await codes()).toEqual(before);
  });

  it('an email code for someone not reached is refused (exit 2): the method emails only a person spoken to', async () => {
    const before = await codes();
    const r = await run(['codes', 'add', '13', 'x', '--action', 'email', '--not-reached']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'leads: an email code is for a person reached: a permission email goes only to someone spoken to directly (drop --not-reached)\n',
    );
    expect(await codes()).toEqual(before);
    // the same code for a person reached is the method's own, and other not-reached actions stay allowed
    expect(await run(['codes', 'add', '13', 'x', '--action', 'email'])).toMatchObject({ code: 0 });
    expect(await run(['codes', 'add', '14', 'y', '--action', 'letter', '--not-reached', '--needs-email'])).toMatchObject({ code: 0 });
    const list = await codes();
    expect(list.find((c) => c.code === 13)).toMatchObject({ action: 'email', needs_email: true, reached: true });
    expect(list.find((c) => c.code === 14)).toMatchObject({ action: 'letter', needs_email: true, reached: false });
  });

  it('draws a table on a terminal', async () => {
    const r = await leadsInProcess(['codes'], { db: ws.db, tty: true, env: { TERM: 'xterm' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
    expect(r.stdout).toContain('send permission email');
    expect(r.stdout).not.toContain('\t');
  });
});
