import { describe, expect, it } from 'vitest';
import { cleanLabel, codeRules, newCode, parseAction, parseCode } from '../../dist/core/codes.js';

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
    // a retry is tried again because nobody was reached: not reached unless said
    [{ code: '13', label: 'x', action: 'retry' }, { reached: 0 }],
    [{ code: '13', label: 'x', action: 'retry', reached: true }, { reached: 1 }],
    [{ code: '13', label: 'x', action: 'rest', reached: true }, { reached: 1 }],
  ])('%j gives %j', (input, out) => {
    expect(newCode(input)).toMatchObject(out);
  });

  it('refuses --reached with --not-reached', () => {
    expect(() => newCode({ code: '13', label: 'x', action: 'retry', reached: true, notReached: true })).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('refuses an email code for someone not reached, and only that', () => {
    expect(() => newCode({ code: '13', label: 'x', action: 'email', notReached: true })).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/spoken to directly/) }),
    );
    for (const action of ['rest', 'letter', 'retry', 'callback', 'finish', 'dnc', 'disqualify', 'none']) {
      expect(newCode({ code: '13', label: 'x', action, notReached: true, needsEmail: true })).toMatchObject({ reached: 0, needs_email: 1 });
    }
  });
});

describe('codeRules', () => {
  const row = (action: string, over: Record<string, number> = {}) =>
    ({ action, needs_date: 0, needs_email: 0, reached: 1, ...over }) as Parameters<typeof codeRules>[0];

  it.each([
    ['rest', { needsDate: false, needsEmail: false, batch: null, final: false }],
    ['letter', { needsDate: false, needsEmail: false, batch: 'letter', final: false }],
    ['retry', { needsDate: false, needsEmail: false, batch: null, final: false }],
    ['callback', { needsDate: true, needsEmail: false, batch: null, final: false }],
    ['email', { needsDate: false, needsEmail: true, batch: 'email', final: false }],
    ['finish', { needsDate: false, needsEmail: false, batch: 'follow_up', final: false }],
    ['dnc', { needsDate: false, needsEmail: false, batch: null, final: true }],
    ['disqualify', { needsDate: false, needsEmail: false, batch: null, final: true }],
    ['none', { needsDate: false, needsEmail: false, batch: null, final: false }],
  ])('%s: what the action implies', (action, want) => {
    expect(codeRules(row(action))).toEqual({ action, reached: true, ...want });
  });

  it('the flags of the row add to what the action implies, never take it away', () => {
    expect(codeRules(row('none', { needs_date: 1, needs_email: 1, reached: 0 }))).toMatchObject({
      needsDate: true,
      needsEmail: true,
      reached: false,
    });
    // a row stored without the flag (an older database) still asks what the action needs
    expect(codeRules(row('callback', { needs_date: 0 })).needsDate).toBe(true);
    expect(codeRules(row('email', { needs_email: 0 })).needsEmail).toBe(true);
  });
});
