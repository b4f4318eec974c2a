// Ctrl-C: one line saying what was kept and what was not, exit 130. Writes are synchronous
// transactions, so an interruption lands between them: what was committed stays, what
// was under way (an import's file, a backup's copy) is not kept.

let what: () => string = () => 'nothing was changed';

/** What an interruption now leaves: the command (or the database opened) says it. */
export function whenInterrupted(describe: () => string): void {
  what = describe;
}

/** The line told on Ctrl-C. */
export function interruptedLine(): string {
  return `leads: interrupted: ${what()}`;
}
