// leads dnc import FILE: a do-not-call registry marks the leads with its numbers and keeps
// the numbers only as hashes (suppressions) for later imports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { addLead, fileState, ok, query, showLead } from '../helpers/cycle.js';
import { registryNumber } from '../../dist/core/suppress.js';

let ws: ReturnType<typeof tempWorkspace>;
let o: { db: string };
beforeEach(() => {
  ws = tempWorkspace();
  o = { db: ws.db };
});
afterEach(() => ws.cleanup());

const registry = (text: string) => {
  const path = join(ws.dir, 'registry.csv');
  writeFileSync(path, text);
  return path;
};

describe('registryNumber', () => {
  it.each([
    ['617-555-0134', '+16175550134'],
    ['(617) 555-0134', '+16175550134'],
    ['"+1 617 555 0134",2026-01-01', '+16175550134'],
    ['617,5550134', '+16175550134'],
    ['2026-01-01;6175550134', '+16175550134'],
    ['Phone Number', null],
    ['12', null],
  ])('%j → %s', (line, want) => expect(registryNumber(line, 'US')).toBe(want));
});

describe('leads dnc import', () => {
  it('marks the leads with a registry number (phone or mobile), one touch each, and counts', () => {
    const a = addLead(o, '--first', 'Ann', '--phone', '(617) 555-0134');
    const b = addLead(o, '--first', 'Bo', '--mobile', '617.555.0188');
    const c = addLead(o, '--first', 'Cy', '--phone', '617-555-0199');
    const d = addLead(o, '--first', 'Di', '--phone', '617-555-0111');
    ok(['dnc', String(c)], o);
    const file = registry('Phone Number\r\n617-555-0134\r\n"(617) 555-0188"\r\n617,5550199\r\nnot a number\r\n+1 617 555 0134\r\n');
    const r = leads(['dnc', 'import', file], o);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        'numbers  3 (2 lines without a number)',
        'marked   2 leads do not call',
        'already  1 do not call before',
        'kept     3 new numbers as hashed suppressions for later imports',
        '',
      ].join('\n'),
    );
    expect([a, b, c, d].map((id) => showLead(o, id).do_not_call)).toEqual([true, true, true, false]);
    expect(showLead(o, a).touches.at(-1)).toMatchObject({
      channel: 'dnc', note: 'on the do-not-call registry', data: { flag: 'do_not_call', to: true, registry: 'registry.csv' },
    });
    // the numbers are kept as hashes only
    const rows = query<{ hash: string; kind: string; reason: string }>(ws.db, 'SELECT hash, kind, reason FROM suppressions ORDER BY hash');
    const sha = (n: string) => createHash('sha256').update(`phone:${n}`).digest('hex');
    expect(rows).toEqual(
      ['+16175550134', '+16175550188', '+16175550199'].map((n) => ({ hash: sha(n), kind: 'phone', reason: 'registry' })).sort((x, y) => x.hash.localeCompare(y.hash)),
    );
    // loading it again changes nothing new
    const again = JSON.parse(leads(['dnc', 'import', file, '--json'], o).stdout);
    expect(again).toMatchObject({ dry_run: false, numbers: 3, suppressions_added: 0, marked: [], already_do_not_call: 3, lines: 6, lines_without_number: 2 });
    expect(showLead(o, a).touches.filter((t) => t.channel === 'dnc')).toHaveLength(1);
  });

  it('--dry-run counts and changes no byte of the database', () => {
    addLead(o, '--first', 'Ann', '--phone', '(617) 555-0134');
    const file = registry('6175550134\n');
    const before = fileState(ws.db);
    const r = leads(['dnc', 'import', file, '--dry-run', '--json'], o);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dry_run: true, numbers: 1, suppressions_added: 1, marked: [1] });
    expect(fileState(ws.db)).toEqual(before);
  });

  it('a file with no numbers, a missing file: exit 1 naming the file, no number in the message', () => {
    addLead(o, '--first', 'Ann');
    expect(leads(['dnc', 'import', registry('name\nAnn\n')], o)).toMatchObject({
      code: 1, stderr: `leads: ${join(ws.dir, 'registry.csv')}: no phone numbers found in 2 lines; nothing changed\n`,
    });
    expect(leads(['dnc', 'import', join(ws.dir, 'nope.csv')], o)).toMatchObject({
      code: 1, stderr: `leads: cannot read ${join(ws.dir, 'nope.csv')}: no such file\n`,
    });
    expect(leads(['dnc', 'import'], o)).toMatchObject({ code: 2, stderr: "leads: missing required argument 'file' (see `leads --help`)\n" });
  });

  it('a missing file or a folder makes no new database', () => {
    const fresh = tempWorkspace({ database: false });
    try {
      const folder = join(fresh.dir, 'registry');
      mkdirSync(folder);
      expect(leads(['dnc', 'import', join(fresh.dir, 'nope.csv')], { db: fresh.db })).toMatchObject({
        code: 1, stdout: '', stderr: `leads: cannot read ${join(fresh.dir, 'nope.csv')}: no such file\n`,
      });
      expect(leads(['dnc', 'import', folder], { db: fresh.db })).toMatchObject({
        code: 1, stdout: '', stderr: `leads: cannot read ${folder}: it is a folder\n`,
      });
      expect(existsSync(fresh.db)).toBe(false);
    } finally {
      fresh.cleanup();
    }
  });

  it('leads dnc ID takes no second argument and no --dry-run', () => {
    const a = addLead(o, '--first', 'Ann');
    expect(leads(['dnc', String(a), 'x'], o)).toMatchObject({
      code: 2,
      stderr: "leads: too many arguments for 'dnc'. Expected 1 argument but got 2. (see `leads --help`)\n",
    });
    expect(leads(['dnc', String(a), '--dry-run'], o)).toMatchObject({ code: 2, stderr: "leads: unknown option '--dry-run' (see `leads --help`)\n" });
    expect(showLead(o, a).do_not_call).toBe(false);
  });
});
