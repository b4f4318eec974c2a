// How a command line parses into the options object a command's run function gets,
// without running the command.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../dist/cli/program.js';

describe('parsing a command line', () => {
  it.each([
    [['log', '12', '4', '--next', 'friday'], 'log', { id: '12', code: '4', next: 'friday' }],
    [['log', '12', '--undo', '--json'], 'log', { id: '12', code: undefined, undo: true, json: true }],
    [['--db', '/tmp/x.db', 'show', '7'], 'show', { id: '7' }],
    [['note', '3', 'call', 'in', 'spring'], 'note', { id: '3', text: ['call', 'in', 'spring'] }],
    [['release'], 'release', { ids: [] }],
    [['release', '4', '5', '--dry-run'], 'release', { ids: ['4', '5'], dryRun: true }],
    [['edit', '2', '--postal-code', '02139'], 'edit', { id: '2', postalCode: '02139' }],
    [['list', '--due'], 'list', { due: true }],
    [['list', '--due', 'fri', '--status', 'cycle'], 'list', { due: 'fri', status: 'cycle' }],
    [['call', '--any-hour', '--limit', '5'], 'call', { anyHour: true, limit: '5' }],
    [['codes', 'add', '13', 'x', '--action', 'email', '--needs-email'], 'codes add', { code: '13', label: 'x', action: 'email', needsEmail: true }],
    [['codes', '--json'], 'codes list', { json: true }],
    [['imports'], 'imports list', {}],
    [['config', 'set', 'sender.name', 'Ann'], 'config set', { key: 'sender.name', value: 'Ann' }],
    [['dnc', 'import', 'reg.txt', '--dry-run', '--json'], 'dnc import', { file: 'reg.txt', dryRun: true, json: true }],
    [['dnc', '42', '--email', '--json'], 'dnc', { id: '42', email: true, json: true }],
    [['import', 'a.csv', 'b.csv', '--map', 'phone=Tel', '--map', 'email=Mail'], 'import', { file: ['a.csv', 'b.csv'], map: ['phone=Tel', 'email=Mail'], onDuplicate: 'skip' }],
    [['import', 'a.csv', '--on-duplicate', 'update'], 'import', { file: ['a.csv'], onDuplicate: 'update' }],
    [['report', '--by', 'source', '--period', 'month'], 'report', { by: 'source', period: 'month' }],
  ])('%j → %s %j', async (argv, name, options) => {
    expect(await parseCommand(argv)).toEqual({ name, options });
  });

  it.each([
    [['log', '12', '4', '--nxt', 'friday'], /unknown option/],
    [['report', '--by', 'nope'], /invalid/],
    [['codes', 'add', '13', 'x'], /required option/],
    [['show'], /missing required argument/],
    [['dnc', 'import'], /missing required argument 'file'/],
    [['dnc', '42', '--dry-run'], /unknown option/],
  ])('%j is refused', async (argv, message) => {
    await expect(parseCommand(argv)).rejects.toThrow(message);
  });
});

describe('every command definition', () => {
  it('names no flag like one of its arguments: in the options object a flag would hide the argument', async () => {
    const { readdirSync } = await import('node:fs');
    const { Argument, Option } = await import('commander');
    const dir = new URL('../../dist/commands/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.def.js'));
    expect(files.length).toBeGreaterThan(25);
    for (const f of files) {
      const { spec } = (await import(new URL(f, dir).href)).default;
      const args = (spec.args ?? []).map(([name]: [string]) => new Option(`--${new Argument(name).name()}`).attributeName());
      const flags = (spec.flags ?? []).map(([flags]: [string]) => new Option(flags).attributeName());
      expect(flags.filter((k: string) => args.includes(k)), f).toEqual([]);
    }
  });
});
