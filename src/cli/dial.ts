// Runs the dial command of the call session: one process, no shell, detached from the
// session's terminal so its output never lands in the card; a dial that fails is one line.
import { spawn } from 'node:child_process';

export interface Dialer {
  /** Starts `argv`; resolves with why it could not start, or null once it has. */
  dial(argv: string[]): Promise<string | null>;
  /** Failures of dials that started and then exited with an error, since the last call. */
  drain(): string[];
}

export function createDialer(): Dialer {
  let failed: string[] = [];
  return {
    dial(argv) {
      const [program, ...args] = argv;
      return new Promise((resolve) => {
        let child;
        try {
          child = spawn(program, args, { detached: true, stdio: 'ignore' });
        } catch (e) {
          resolve(`dial failed: ${(e as Error).message}`);
          return;
        }
        child.once('error', (e: NodeJS.ErrnoException) =>
          resolve(e.code === 'ENOENT' ? `dial failed: no program ${program} (see dial.command)` : `dial failed: ${program}: ${e.message}`),
        );
        child.once('spawn', () => {
          // a phone program may run for the whole call: the session does not wait on it
          child.unref();
          resolve(null);
        });
        child.once('exit', (code, signal) => {
          if (code) failed.push(`dial failed: ${program} exited with ${code}`);
          else if (signal) failed.push(`dial failed: ${program} ended by ${signal}`);
        });
      });
    },
    drain() {
      const out = failed;
      failed = [];
      return out;
    },
  };
}
