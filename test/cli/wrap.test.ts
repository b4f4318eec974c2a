// Wrapping a line to the terminal: between items, clauses or words, never inside a word.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wrapClauses, wrapItems, wrapWords } from '../../dist/cli/wrap.js';
import { cellsAtMost } from '../../dist/cli/breaks.js';
import { leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

const ws = tempWorkspace();
afterAll(() => ws.cleanup());

describe('wrapping', () => {
  it('breaks between items; a line holds as many as fit', () => {
    // 41 cells with the second item: it starts the next line
    expect(wrapItems(['5 send permission email', '6 finished lead', '7 do not call'], 40, ' · ')).toEqual([
      '5 send permission email',
      '6 finished lead · 7 do not call',
    ]);
    expect(wrapItems(['a', 'b'], 80, ' · ')).toEqual(['a · b']);
  });

  it('an item too long for a line is broken between its words; the later lines are indented', () => {
    expect(wrapItems(['#1 Ann', 'Lakeside Veterinary Clinic of Springfield'], 20, ' · ', '  ')).toEqual([
      '#1 Ann',
      '  Lakeside',
      '  Veterinary Clinic',
      '  of Springfield',
    ]);
  });

  it('a word longer than the line stays whole; display width counts CJK as two cells', () => {
    expect(wrapWords('see https://example.test/a-very-long-path now', 10)).toEqual(['see', 'https://example.test/a-very-long-path', 'now']);
    expect(wrapWords('東京 海上 日動', 9)).toEqual(['東京 海上', '日動']);
  });

  it('clauses first: a comma ends a line before a word does', () => {
    expect(wrapClauses('07:00 PST (America/Los_Angeles, from phone area code), outside calling hours', 60)).toEqual([
      '07:00 PST (America/Los_Angeles, from phone area code),',
      'outside calling hours',
    ]);
  });
});

describe('messages on stderr', () => {
  // named as typed in the message, from the folder it is in
  const csv = 'colours.csv';
  writeFileSync(join(ws.dir, csv), 'Colour,Size,Weight\nred,L,3\n');
  const o = { db: ws.db, cwd: ws.dir };

  it('on a terminal, a long error breaks between words, the later lines under its text', async () => {
    const r = await leadsInProcess(['import', csv], { ...o, stderrColumns: 40 });
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[0]).toMatch(/^leads: /);
    for (const l of lines) expect(cellsAtMost(l), l).toBeLessThanOrEqual(40);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {7}\S/);
    // the same words in the same order: nothing cut, nothing lost
    const piped = leads(['import', csv], o);
    expect(piped.stderr).toMatch(/^leads: [^\n]+\n$/);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(piped.stderr.trim());
  });

  it('a usage error and a warning wrap the same way; a short one stays one line', async () => {
    const usage = await leadsInProcess(['import', csv, '--on-duplicate', 'overwrite-everything-please'], { ...o, stderrColumns: 50 });
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n').length).toBeGreaterThan(2);
    for (const l of usage.stderr.trimEnd().split('\n')) expect(cellsAtMost(l)).toBeLessThanOrEqual(50);
    expect(await leadsInProcess(['show', '999'], { db: ws.db, stderrColumns: 50 })).toMatchObject({ code: 1, stderr: 'leads: no lead 999\n' });
  });

  it.each([
    ['plain ascii', 11],
    ['東京', 4],
    ['a\tb', 10],
    ['😀', 2],
  ])('counts %j as at most %i cells, never fewer than a terminal draws', (text, cells) => {
    expect(cellsAtMost(text)).toBe(cells);
  });
});
