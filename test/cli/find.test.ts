import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSI, leadsProcess, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const ids = async (...args: string[]) => {
  const r = await run(['find', ...args, '--json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { id: number }[]).map((l) => l.id);
};

beforeEach(async () => {
  ws = tempWorkspace();
  for (const a of [
    ['--first', 'Ann', '--last', 'Baker', '--company', 'Baker Bread', '--phone', '(555) 100-2000', '--email', 'Ann@Example.com'],
    ['--first', 'Jürgen', '--last', 'Müller', '--phone', '+49 30 1234567'],
    ['--company', 'Acme 50% Off_Sale', '--phone', '555-1234'],
    ['--first', 'Cy', '--last', 'Dunn', '--company', 'Suite Co', '--mobile', '617-555-0199'],
  ]) expect((await run(['add', ...a])).code).toBe(0);
  await run(['note', '4', 'Wants the spanish brochure']);
});
afterEach(() => ws.cleanup());

describe('leads find', () => {
  it.each<[string, number[]]>([
    ['baker', [1]],
    ['ANN', [1]],
    ['ann baker', [1]],
    ['baker ann', [1]],
    ['Baker, Ann', [1]],
    ['bread', [1]],
    ['ann@example', [1]],
    ['muller', [2]],
    ['MÜLLER', [2]],
    ['jurgen mul', [2]],
    ['spanish', [4]],
    ['50%', [3]],
    ['off_sale', [3]],
  ])('text %j finds %j', async (text, want) => {
    expect(await ids(text)).toEqual(want);
  });

  it.each<[string, number[]]>([
    ['(555) 100-2000', [1]],
    ['555.100.2000', [1]],
    ['5551002000', [1]],
    ['+1 555 100 2000', [1]],
    ['1-555-100-2000', [1]],
    ['100-2000', [1]],
    // stored as written and not a possible number: found by its digits
    ['5551234', [3]],
    ['555 1234', [3]],
    ['030 1234567', []],
    ['+49301234567', [2]],
    ['6175550199', [4]],
  ])('phone %j finds %j', async (text, want) => {
    expect(await ids(text)).toEqual(want);
  });

  it('does not match across two fields or by stray digits in words', async () => {
    expect(await ids('ann bread')).toEqual([]);
    // "%" and "_" are text, not wildcards
    expect(await ids('%')).toEqual([3]);
    expect(await ids('a_e')).toEqual([]);
    expect(await ids('Suite 2000')).toEqual([]);
  });

  it('prints the leads tab-separated when piped, through the built binary', () => {
    const r = leadsProcess(['find', 'baker'], { db: ws.db });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'id\tname\tcompany\tphone\tcode\tstatus\ttouches\tnext\n' + '1\tAnn Baker\tBaker Bread\t(555) 100-2000\t\tprospect\t0\t\n',
    );
  });

  it('finding nothing is exit 0 with a note on stderr; --json gives []', async () => {
    const r = await run(['find', 'nobody']);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'no lead matches\n' });
    expect(await run(['find', 'nobody', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('--limit keeps the first N and says more matched', async () => {
    const r = await run(['find', '555', '--limit', '2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
    expect(r.stderr).toMatch(/^showing the first 2; more match/);
    const all = await run(['find', '555', '--json']);
    expect(JSON.parse(all.stdout)).toHaveLength(3);
    expect(all.stderr).toBe('');
  });

  it.each([
    [['find'], /missing required argument/],
    [['find', '  '], /^leads: give the text to look for/],
    [['find', 'ann', '--limit', '0'], /^leads: --limit must be at least 1/],
    [['find', 'ann', '--limit', 'ten'], /^leads: --limit must be a whole number/],
    [['find', 'ann', '--bogus'], /unknown option '--bogus'/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('draws a table on a terminal, in colour unless NO_COLOR', async () => {
    const tty = await leadsInProcess(['find', 'baker'], { db: ws.db, tty: true, env: { TERM: 'xterm' } });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout).toMatch(/│|\|/);
    expect(tty.stdout).toContain('Ann Baker');
    const plain = await leadsInProcess(['find', 'baker'], { db: ws.db, tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).toContain('Ann Baker');
    expect(plain.stdout).not.toMatch(ANSI);
  });
});
