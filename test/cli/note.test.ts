import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { leadsProcess, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const show = async (id = 1) => JSON.parse((await run(['show', String(id), '--json'])).stdout);

// in-process runs use this process's zone; the binary gets TZ=UTC from the helper
beforeAll(() => {
  process.env.TZ = 'UTC';
});
beforeEach(async () => {
  ws = tempWorkspace();
  await run(['add', '--first', 'Ann', '--last', 'Baker']);
});
afterEach(() => ws.cleanup());

describe('leads note', () => {
  it('adds a note touch; the words after the id are the note', async () => {
    const r = await run(['note', '1', 'asked', 'for the brochure,', 'call in spring']);
    expect(r).toMatchObject({ code: 0, stdout: 'lead 1: noted\n', stderr: '' });
    const lead = await show();
    expect(lead.touches.at(-1)).toMatchObject({ channel: 'note', note: 'asked for the brochure, call in spring', at: '2026-11-24T12:00:00.000Z' });
    expect(lead.next_contact_at).toBeNull();
    // a note is not a touch toward the 8-10 contacts
    expect(lead.touch_count).toBe(0);
  });

  it.each([
    ['2026-12-01', '2026-12-01T09:00:00.000Z', '2026-12-01 09:00'],
    ['2026-12-01 14:30', '2026-12-01T14:30:00.000Z', '2026-12-01 14:30'],
    // friendly forms; "today" is pinned to Tuesday 2026-11-24
    ['tomorrow', '2026-11-25T09:00:00.000Z', '2026-11-25 09:00'],
    ['fri 2pm', '2026-11-27T14:00:00.000Z', '2026-11-27 14:00'],
    ['+2w', '2026-12-08T09:00:00.000Z', '2026-12-08 09:00'],
    ['june 2027', '2027-06-01T09:00:00.000Z', '2027-06-01 09:00'],
  ])('--next %j sets the next contact to %s', async (when, iso, shown) => {
    const r = await run(['note', '1', 'call back', '--next', when]);
    expect(r).toMatchObject({ code: 0, stdout: `lead 1: noted; next contact ${shown}\n` });
    const lead = await show();
    expect(lead.next_contact_at).toBe(iso);
    expect(lead.touches.at(-1)).toMatchObject({ channel: 'note', note: 'call back', data: { next: iso } });
  });

  it('--json prints the lead object, through the built binary', () => {
    const r = leadsProcess(['note', '1', 'hello', '--next', '2026-12-02', '--json'], { db: ws.db });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 1, next_contact_at: '2026-12-02T09:00:00.000Z' });
  });

  it.each([
    [['note', '1', 'x', '--next', '2026-13-01'], /^leads: --next: bad date .*: use YYYY-MM-DD/],
    [['note', '1', 'x', '--next', '2026-02-30'], /^leads: --next: bad date .*: use YYYY-MM-DD/],
    [['note', '1', 'x', '--next', 'soonish'], /^leads: --next: bad date .*: use YYYY-MM-DD/],
    [['note', '1', '   '], /^leads: the note is empty/],
    [['note', '1'], /missing required argument 'text'/],
    [['note', 'one', 'x'], /^leads: lead id must be a positive whole number/],
    [['note', '1', 'x', '--when', 'today'], /unknown option '--when'/],
  ])('%j is a usage error (exit 2) and records nothing', async (args, message) => {
    const before = await show();
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await show()).toEqual(before);
  });

  it('a missing lead is exit 1', async () => {
    expect(await run(['note', '7', 'hello'])).toMatchObject({ code: 1, stderr: 'leads: no lead 7\n' });
  });
});
