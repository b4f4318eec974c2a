// The error boundary: runs the program and turns typed errors into exit codes and
// one-line `leads: ` messages. Stack traces only with DEBUG.
import { CommanderError } from './commander.js';
import { Cancelled, isLeadsError } from '../core/errors.js';
import { newInterruption } from './interrupt.js';
import { databaseFailure } from '../store/db.js';
import type { Deps } from './context.js';
import { buildProgram, type RunState } from './program.js';
import { standardOutput } from './stdout.js';
import { visible } from './safe.js';
import { messageText } from './io.js';

export async function main(argv: string[], deps?: Partial<Deps>): Promise<number> {
  const full: Deps = {
    stdout: deps?.stdout ?? standardOutput(),
    // process.stderr and process.stdin are created on first use (a few ms each): most runs
    // of most commands never touch them
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    interruption: newInterruption(),
    ...deps,
  };
  const state: RunState = { close: () => {} };
  try {
    const program = await buildProgram(full, state, argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return report(e, full, state);
  } finally {
    state.close();
  }
}

function report(e: unknown, deps: Deps, state: RunState): number {
  if (e instanceof CommanderError) {
    // help and version are not errors; commander has already printed its message
    if (e.exitCode === 0) return 0;
    return 2;
  }
  // Ctrl-C at a prompt: the same line as Ctrl-C anywhere else
  if ((e instanceof Cancelled && e.message === 'cancelled') || (e as Error)?.name === 'ExitPromptError') {
    deps.stderr.write(messageText(deps.interruption!.line(), deps.stderr));
    return 130;
  }
  if (isLeadsError(e)) {
    // a message may quote what was typed or read: one line, nothing in it drives a terminal
    deps.stderr.write(messageText(`leads: ${visible(e.message)}`, deps.stderr));
    if (deps.env.DEBUG) deps.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  const failure = databaseFailure(err, deps.interruption!.what(), state.dbPath);
  if (failure) {
    deps.stderr.write(messageText(`leads: ${failure}`, deps.stderr));
    return 1;
  }
  deps.stderr.write(messageText(`leads: internal error: ${visible(err?.message ?? String(e))}`, deps.stderr));
  if (deps.env.DEBUG) deps.stderr.write(`${err?.stack}\n`);
  else deps.stderr.write('leads: run again with DEBUG=1 for details\n');
  return 1;
}
