import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leadsProcess, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const show = async (id = 1) => JSON.parse((await run(['show', String(id), '--json'])).stdout);

beforeEach(async () => {
  ws = tempWorkspace();
  await run(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(555) 100-2000', '--email', 'ann@example.com']);
});
afterEach(() => ws.cleanup());

describe('leads edit', () => {
  it('changes the fields given and records an edit touch with old and new values', async () => {
    const r = await run(['edit', '1', '--phone', '617-555-0199', '--city', 'Boston', '--postal-code', '02139', '--email', 'ann@example.com']);
    expect(r).toMatchObject({ code: 0, stdout: 'lead 1: changed phone, city, postal_code\n', stderr: '' });
    const lead = await show();
    expect(lead).toMatchObject({ phone: '617-555-0199', phone_e164: '+16175550199', city: 'Boston', postal_code: '02139', email: 'ann@example.com' });
    const edit = lead.touches.at(-1);
    expect(edit).toMatchObject({ channel: 'edit' });
    expect(edit.data.changed).toEqual({
      phone: { from: '(555) 100-2000', to: '617-555-0199' },
      city: { from: null, to: 'Boston' },
      postal_code: { from: null, to: '02139' },
    });
    // the new number is the one found
    expect(JSON.parse((await run(['find', '6175550199', '--json'])).stdout)).toHaveLength(1);
    expect(JSON.parse((await run(['find', '5551002000', '--json'])).stdout)).toHaveLength(0);
  });

  it('an empty value clears a field', async () => {
    expect((await run(['edit', '1', '--email', ''])).stdout).toBe('lead 1: changed email\n');
    expect(await show()).toMatchObject({ email: null });
  });

  it('the same values change nothing and record no touch', async () => {
    const before = (await show()).touches.length;
    const r = await run(['edit', '1', '--first', 'Ann']);
    expect(r).toMatchObject({ code: 0, stdout: 'lead 1: nothing changed\n' });
    expect((await show()).touches).toHaveLength(before);
  });

  it('--json prints the lead object', async () => {
    const r = await run(['edit', '1', '--company', 'Baker Bread', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 1, company: 'Baker Bread', do_not_call: false });
  });

  it('works through the built binary', () => {
    const r = leadsProcess(['edit', '1', '--title', 'Owner'], { db: ws.db });
    expect(r).toMatchObject({ code: 0, stdout: 'lead 1: changed title\n', stderr: '' });
  });

  it.each([
    [['edit', '1'], /^leads: give the fields to change/],
    [['edit', 'abc', '--city', 'X'], /^leads: lead id must be a positive whole number/],
    [['edit', '0', '--city', 'X'], /^leads: lead id must be a positive whole number/],
    [['edit', '1', '--email', 'not-an-email'], /^leads: --email is not an email address \(name@domain\)/],
    [['edit', '1', '--colour', 'red'], /unknown option '--colour'/],
    [['edit', '--city', 'X'], /missing required argument 'id'/],
    [['edit', '1', '--first', '', '--last', '', '--phone', '', '--email', ''], /^leads: a lead needs at least a name/],
  ])('%j is a usage error (exit 2) and changes nothing', async (args, message) => {
    const before = await show();
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await show()).toEqual(before);
  });

  it('a missing lead is exit 1', async () => {
    expect(await run(['edit', '99', '--city', 'X'])).toMatchObject({ code: 1, stdout: '', stderr: 'leads: no lead 99\n' });
  });
});

describe('leads edit --priority: the door to the order of new prospects', () => {
  const queue = async () => JSON.parse((await leadsInProcess(['call', '--json', '--any-hour'], { db: ws.db })).stdout).map((e: { id: number }) => e.id);

  it('a higher priority is called first among the never called, a negative one last; the edit is a touch', async () => {
    for (const first of ['Bo', 'Cy', 'Di']) await run(['add', '--first', first, '--phone', '(555) 100-2001']);
    expect(await queue()).toEqual([1, 2, 3, 4]);
    expect(await run(['edit', '3', '--priority', '5'])).toMatchObject({ code: 0, stdout: 'lead 3: changed priority\n' });
    expect(await run(['edit', '1', '--priority', '-1'])).toMatchObject({ code: 0 });
    expect(await queue()).toEqual([3, 2, 4, 1]);
    const lead = await show(3);
    expect(lead.priority).toBe(5);
    expect(lead.touches.at(-1)).toMatchObject({ channel: 'edit', data: { changed: { priority: { from: 0, to: 5 } } } });
    expect(await run(['edit', '3', '--priority', '+5'])).toMatchObject({ code: 0, stdout: 'lead 3: nothing changed\n' });
  });

  it.each(['10', '-10', 'high', '2.5', ''])('--priority %j is a usage error, nothing changed', async (value) => {
    const r = await run(['edit', '1', '--priority', value, '--city', 'Boston']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^leads: --priority must be a whole number from -9 to 9/);
    expect(await show()).toMatchObject({ priority: 0, city: null });
  });
});
