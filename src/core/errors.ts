// Typed errors; the CLI error boundary (src/cli/main.ts) maps them to exit codes.
// Messages name the line, field and reason, never the personal data in them.

/** Exit 2: the command was used wrongly (unknown flag, bad code, bad date). */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Exit 1: the command was fine but could not be done (no such lead, file unreadable). */
export class RunError extends Error {
  readonly exitCode = 1;
}

/** Exit 130: the user pressed Ctrl-C at a prompt; what was already answered is saved. */
export class Cancelled extends Error {
  readonly exitCode = 130;
  constructor(
    message = 'cancelled',
    /** the text typed at the prompt before Ctrl-C (a note half written), when there was any */
    readonly typed?: string,
  ) {
    super(message);
  }
}

export type LeadsError = UsageError | RunError | Cancelled;

export function isLeadsError(e: unknown): e is LeadsError {
  return e instanceof UsageError || e instanceof RunError || e instanceof Cancelled;
}
