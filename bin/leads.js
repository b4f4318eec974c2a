#!/usr/bin/env node
// Runs the compiled program; `npm install` builds dist/ through the prepare script.
import { main } from '../dist/cli/main.js';
import { interruptedLine } from '../dist/cli/interrupt.js';

// The reader went away (`leads export | head`): stop quietly, as cat and grep do. Anything
// being written to the database is a transaction, which SQLite rolls back.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

// Ctrl-C outside a prompt: say what was kept; what was not committed is rolled back by SQLite
process.once('SIGINT', () => {
  process.stderr.write(`${interruptedLine()}\n`);
  process.exit(130);
});

process.exitCode = await main(process.argv.slice(2));
