// The real prompter's key reader: one keystroke, or number + Enter, Backspace, Ctrl-C.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { readChoice } from '../../dist/cli/prompter.js';
import { Cancelled } from '../../dist/core/errors.js';
import type { IO } from '../../dist/cli/io.js';

function fakeIO() {
  const stdin = new PassThrough();
  let out = '';
  const io = {
    stdin,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    isTTY: true,
    canPrompt: true,
    color: false,
    out: (l = '') => (out += l + '\n'),
    err: () => {},
  } as unknown as IO;
  return { io, stdin, output: () => out };
}

const CODES = ['1', '2', '3', '4', '5', '6', '7', '9', 's', 'u', 'n', 'q'];

describe('readChoice', () => {
  it.each([
    [CODES, ['3'], '3', 'outcome> 3\n'],
    [CODES, ['Q'], 'q', 'outcome> Q\n'],
    // keys that lead nowhere ring the bell and are ignored
    [CODES, ['8', 'x', '2'], '2', 'outcome> \u0007\u00072\n'],
    // 1 begins 12: it waits for Enter or the next digit
    [[...CODES, '12'], ['1', '\r'], '1', 'outcome> 1\n'],
    [[...CODES, '12'], ['1', '2'], '12', 'outcome> 12\n'],
    [[...CODES, '12'], ['12'], '12', 'outcome> 12\n'],
    [[...CODES, '12'], ['1', '\u007f', '4'], '4', 'outcome> 1\b \b4\n'],
    // Enter on nothing that is a choice rings the bell
    [[...CODES, '12'], ['\r', '1', '2'], '12', 'outcome> \u000712\n'],
  ])('choices %j, keys %j → %s', async (choices, keys, want, shown) => {
    const { io, stdin, output } = fakeIO();
    const p = readChoice(io, 'outcome>', choices);
    for (const k of keys) stdin.write(k);
    await expect(p).resolves.toBe(want);
    expect(output()).toBe(shown);
  });

  it.each([['\u0003'], ['\u0004']])('%j is Ctrl-C/Ctrl-D: Cancelled', async (key) => {
    const { io, stdin } = fakeIO();
    const p = readChoice(io, 'outcome>', CODES);
    stdin.write(key);
    await expect(p).rejects.toBeInstanceOf(Cancelled);
  });

  it('stops listening once answered: the next keys are for the next prompt', async () => {
    const { io, stdin } = fakeIO();
    const first = readChoice(io, 'outcome>', CODES);
    stdin.write('3');
    await expect(first).resolves.toBe('3');
    expect(stdin.listenerCount('data')).toBe(0);
    const second = readChoice(io, 'result>', ['a', 'v', 'b', 'o']);
    stdin.write('v');
    await expect(second).resolves.toBe('v');
  });
});
