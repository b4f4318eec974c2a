#!/usr/bin/env node
// Runs the compiled program; `npm install` builds dist/ through the prepare script.
import { ENDING_SIGNALS, newInterruption } from '../dist/cli/interrupt.js';

// The reader went away (`leads export | head`): stop quietly, as cat and grep do. Anything
// being written to the database is a transaction, which SQLite rolls back. Any other
// failure to write (a terminal gone, a device error) ends the run with one line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    try {
      process.stderr.write(`leads: cannot write the output: ${e.code ?? e.message}\n`);
    } catch {
      // stderr itself is what failed
    }
    process.exit(1);
  });
}

// Ctrl-C, a shutdown or a closed terminal outside a prompt: say what was kept (what was not
// committed is rolled back by SQLite); 'exit' listeners remove any partial file or folder.
const interruption = newInterruption();
for (const [signal, status] of Object.entries(ENDING_SIGNALS)) {
  process.once(signal, () => {
    try {
      process.stderr.write(`${interruption.line(signal)}\n`);
    } catch {
      // a closed terminal takes no line: the exit status still tells
    }
    process.exit(status);
  });
}

// the program loads after the handlers are in place: a signal during start-up is told too
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2), { interruption });
