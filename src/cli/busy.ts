// A write that finds the database held by another leads (an import is one transaction of
// minutes; the waiting itself is store/db.ts's Connection): what the run says, and the
// signals that end the wait. SQLite waits inside a synchronous call, where no signal
// handler can run (bin/leads.js's would be heard only once the lock came free): while it
// waits, Ctrl-C, SIGTERM and SIGHUP take their default action and end the run at once.
// Nothing of the write that waits has begun; what was committed before it stays.
import type { WhenBusy } from '../store/db.js';
import { ENDING_SIGNALS, type EndingSignal } from './interrupt.js';

/** Said once a run, on stderr, by a command that finds the database held. */
export const BUSY_LINE = 'leads: waiting for another leads command to finish with the database… (Ctrl-C gives up)';

const ENDING = Object.keys(ENDING_SIGNALS) as EndingSignal[];

type Listener = (...args: unknown[]) => void;

/**
 * `say` when a write begins to wait; the signals' own action while it waits, the run's
 * handlers again after. With `retrying()`, the write is given up at once instead: its
 * caller waits between tries, where its own handlers hear Ctrl-C (the call session).
 */
export function busyWait(say: () => void, retrying: () => boolean): WhenBusy {
  let handlers: [EndingSignal, Listener[]][] = [];
  return {
    waiting() {
      if (retrying()) return false;
      // before the line: a Ctrl-C pressed once it shows ends the wait
      handlers = ENDING.map((s) => [s, process.rawListeners(s) as Listener[]]);
      for (const s of ENDING) process.removeAllListeners(s);
      say();
      return true;
    },
    waited() {
      for (const [s, listeners] of handlers) for (const l of listeners) process.on(s, l);
      handlers = [];
    },
  };
}
