// The real prompter: inquirer's prompts for text, raw keystrokes for choices. Loaded only
// by commands that ask (`call`, `add`, ...), so the others start without inquirer.
import { confirm, input } from '@inquirer/prompts';
import { Cancelled } from '../core/errors.js';
import type { KeyOptions, Prompter } from './context.js';
import type { IO } from './io.js';
import { visible } from './safe.js';

/** inquirer rejects with ExitPromptError on Ctrl-C: that is the user leaving, exit 130. */
async function guard<T>(p: Promise<T>, typed?: () => string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') throw new Cancelled('cancelled', typed?.() || undefined);
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
 * Backspace takes one back, and anything that leads to no choice is answered with
 * `opts.miss` (or the bell). On a terminal, `opts.status` is redrawn before the prompt each
 * second and `opts.notices` are printed above it as they come.
 */
export function readChoice(io: IO, message: string, keys: string[], opts: KeyOptions = {}): Promise<string> {
  const choices = keys.map((k) => k.toLowerCase());
  const stdin = io.stdin as NodeJS.ReadStream;
  const live = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && Boolean(opts.status || opts.notices);
  return new Promise((resolve, reject) => {
    let typed = '';
    const line = () => `${opts.status ? `${opts.status()} ` : ''}${message} ${typed}`;
    const redraw = (above: string[] = []) => io.stdout.write(`\r\x1b[2K${above.map((l) => `${l}\n`).join('')}${line()}`);
    io.stdout.write(line());
    const timer = live ? setInterval(() => redraw(opts.notices?.() ?? []), 1000) : undefined;
    const finish = (fn: () => void) => {
      if (timer) clearInterval(timer);
      stdin.off('data', onData);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      io.stdout.write('\n');
      fn();
    };
    const miss = (what: string) => {
      if (opts.miss) redraw([opts.miss(what)]);
      else io.stdout.write('\u0007');
    };
    const onData = (buf: Buffer) => {
      // a paste or a fast typist can bring several keys in one read
      for (const ch of buf.toString('utf8')) {
        if (ch === CTRL_C || ch === CTRL_D) return finish(() => reject(new Cancelled()));
        if (ENTER.has(ch)) {
          if (choices.includes(typed)) return finish(() => resolve(typed));
          if (!typed && opts.enter !== undefined) return finish(() => resolve(opts.enter!));
          if (typed) miss(typed);
          else io.stdout.write('\u0007');
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
          miss(next);
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
    input: (message, opts) => {
      // what is typed so far, so that Ctrl-C can keep a note half written
      let typed = '';
      const seen = (value: string) => ((typed = value), value);
      return guard(input({ message: visible(message), default: opts?.default, transformer: seen }), () => typed);
    },
    confirm: (message, opts) => guard(confirm({ message: visible(message), default: opts?.default ?? false })),
    key: (message, keys, opts) => readChoice(io, visible(message), keys, opts),
  };
}
