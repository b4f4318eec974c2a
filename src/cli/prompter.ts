// The real prompter: inquirer's prompts, loaded only by commands that ask something.
import { confirm, input } from '@inquirer/prompts';
import { Cancelled } from '../core/errors.js';
import type { Prompter } from './context.js';
import type { IO } from './io.js';

/** inquirer rejects with ExitPromptError on Ctrl-C: that is the user leaving, exit 130. */
async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if ((e as Error).name === 'ExitPromptError' || (e as Error).name === 'AbortPromptError') throw new Cancelled();
    throw e;
  }
}

export function inquirerPrompter(io: IO): Prompter {
  return {
    input: (message, opts) => guard(input({ message, default: opts?.default })),
    confirm: (message, opts) => guard(confirm({ message, default: opts?.default ?? false })),
    key: (message, keys) =>
      new Promise((resolve, reject) => {
        const stdin = io.stdin as NodeJS.ReadStream;
        io.stdout.write(`${message} `);
        stdin.setRawMode(true);
        stdin.resume();
        const onData = (buf: Buffer) => {
          const k = buf.toString('utf8');
          if (k === '\u0003' || k === '\u0004') {
            done();
            io.out();
            reject(new Cancelled());
          } else if (keys.includes(k.toLowerCase())) {
            done();
            io.out(k);
            resolve(k.toLowerCase());
          }
        };
        const done = () => {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
        };
        stdin.on('data', onData);
      }),
  };
}
