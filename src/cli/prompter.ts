// The real prompter: inquirer's prompts for text, raw keystrokes for choices. Loaded only
// by commands that ask (`call`, `add`, ...), so the others start without inquirer.
import { confirm, input } from '@inquirer/prompts';
import { Cancelled } from '../core/errors.js';
import type { Prompter } from './context.js';
import type { IO } from './io.js';
import { visible } from './safe.js';

/** inquirer rejects with ExitPromptError on Ctrl-C: that is the user leaving, exit 130. */
async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') throw new Cancelled();
    throw e;
  }
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACES = new Set(['\u007f', '\b']);
const ENTER = new Set(['\r', '\n']);

/**
 * Reads a choice key by key in raw mode: a key that completes a choice which begins no
 * other is taken at once; otherwise the keys typed so far wait for Enter (number + Enter),
 * Backspace takes one back, and anything that leads to no choice rings the bell.
 */
export function readChoice(io: IO, message: string, keys: string[]): Promise<string> {
  const choices = keys.map((k) => k.toLowerCase());
  const stdin = io.stdin as NodeJS.ReadStream;
  return new Promise((resolve, reject) => {
    let typed = '';
    io.stdout.write(`${message} `);
    const finish = (fn: () => void) => {
      stdin.off('data', onData);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      io.stdout.write('\n');
      fn();
    };
    const onData = (buf: Buffer) => {
      // a paste or a fast typist can bring several keys in one read
      for (const ch of buf.toString('utf8')) {
        if (ch === CTRL_C || ch === CTRL_D) return finish(() => reject(new Cancelled()));
        if (ENTER.has(ch)) {
          if (choices.includes(typed)) return finish(() => resolve(typed));
          io.stdout.write('\u0007');
          continue;
        }
        if (BACKSPACES.has(ch)) {
          if (typed) {
            typed = typed.slice(0, -1);
            io.stdout.write('\b \b');
          }
          continue;
        }
        const next = typed + ch.toLowerCase();
        if (!choices.some((c) => c.startsWith(next))) {
          io.stdout.write('\u0007');
          continue;
        }
        typed = next;
        io.stdout.write(ch);
        if (choices.includes(typed) && !choices.some((c) => c !== typed && c.startsWith(typed))) {
          return finish(() => resolve(typed));
        }
      }
    };
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });
}

export function inquirerPrompter(io: IO): Prompter {
  return {
    input: (message, opts) => guard(input({ message: visible(message), default: opts?.default })),
    confirm: (message, opts) => guard(confirm({ message: visible(message), default: opts?.default ?? false })),
    key: (message, keys) => readChoice(io, visible(message), keys),
  };
}
