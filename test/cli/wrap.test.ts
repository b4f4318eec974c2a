// Wrapping a line to the terminal: between items, clauses or words, never inside a word.
import { describe, expect, it } from 'vitest';
import { wrapClauses, wrapItems, wrapWords } from '../../dist/cli/wrap.js';

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
