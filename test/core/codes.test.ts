import { describe, expect, it } from 'vitest';
import { cleanLabel, newCode, parseAction, parseCode } from '../../dist/core/codes.js';

describe('parseCode', () => {
  it.each([['0', 0], ['7', 7], ['99', 99], [' 12 ', 12], ['05', 5]])('%j is %d', (t, n) => expect(parseCode(t)).toBe(n));
  it.each(['100', '-1', '1.5', 'abc', '', '1e1', undefined])('%j is a usage error', (t) => {
    expect(() => parseCode(t)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('parseAction', () => {
  it.each(['rest', 'letter', 'retry', 'callback', 'email', 'finish', 'dnc', 'disqualify', 'none', ' Letter '])('%j is an action', (a) => {
    expect(parseAction(a)).toBe(a.trim().toLowerCase());
  });
  it('names every action when the action is unknown', () => {
    expect(() => parseAction('mail')).toThrow(/unknown action "mail"; the actions are: rest, letter, retry, callback, email, finish, dnc, disqualify, none/);
  });
});

describe('cleanLabel', () => {
  it.each([['  wrong number ', 'wrong number']])('%j is %j', (t, out) => expect(cleanLabel(t)).toBe(out));
  it.each(['', '   ', 'two\nlines', 'x'.repeat(61)])('%j is refused', (t) => {
    expect(() => cleanLabel(t)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('newCode', () => {
  it.each([
    [{ code: '10', label: 'x', action: 'none' }, { needs_date: 0, needs_email: 0, reached: 1, builtin: 0 }],
    [{ code: '10', label: 'x', action: 'none', needsDate: true, needsEmail: true, notReached: true }, { needs_date: 1, needs_email: 1, reached: 0 }],
    // the action cannot work without: implied whatever the flags
    [{ code: '11', label: 'x', action: 'callback' }, { needs_date: 1, needs_email: 0 }],
    [{ code: '12', label: 'x', action: 'email' }, { needs_date: 0, needs_email: 1 }],
  ])('%j gives %j', (input, out) => {
    expect(newCode(input)).toMatchObject(out);
  });
});
