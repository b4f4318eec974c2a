// Ctrl-C, SIGTERM (a shutdown) or SIGHUP (the terminal closed): one last line saying what
// was kept and what was not. Writes are synchronous transactions and a signal is handled
// between them, so what was committed stays and what was under way is rolled back; each
// run has its own account of which is which, kept up to date by the command through its
// context (`ctx.whenInterrupted`). A full disk ends a run the same way and says the same.

/** The signals that end a run with its last line, and the exit status of each (128 + its number). */
export const ENDING_SIGNALS = { SIGINT: 130, SIGHUP: 129, SIGTERM: 143 } as const;

export type EndingSignal = keyof typeof ENDING_SIGNALS;

export interface Interruption {
  /** What an interruption now leaves: the command says it as its work goes on. */
  say(describe: () => string): void;
  /** What stands at this moment (`nothing was changed`, `the backup x.db is complete`). */
  what(): string;
  /** The last line told for a signal (Ctrl-C when none is named). */
  line(signal?: EndingSignal): string;
}

const HOW: Record<EndingSignal, string> = {
  SIGINT: 'interrupted',
  SIGTERM: 'stopped (SIGTERM)',
  SIGHUP: 'stopped: the terminal closed (SIGHUP)',
};

export function newInterruption(): Interruption {
  let describe = () => 'nothing was changed';
  return {
    say: (d) => void (describe = d),
    what: () => describe(),
    line: (signal = 'SIGINT') => `leads: ${HOW[signal]}: ${describe()}`,
  };
}
