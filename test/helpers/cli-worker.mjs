// The other half of `leads()` in cli.ts: a worker thread that runs the program's entry point
// in this process, one run at a time, with buffers for stdout and stderr. The test's thread
// waits on `done` (Atomics: the number of the run last ended) and reads the result from
// `results` without an event loop turn, so a run reads like the synchronous spawn it replaces.
import { parentPort, workerData } from 'node:worker_threads';
import { PassThrough } from 'node:stream';
import { main } from '../../dist/cli/main.js';

const { done, results } = workerData;
let finish = null;

// What the binary would die of (exit 1, the stack on stderr) ends the run the same way,
// instead of leaving the test's thread waiting for an answer that never comes.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (e) => finish?.(1, `${e?.stack ?? e}\n`));
}

parentPort.on('message', async ({ run, args, env, cwd, input }) => {
  let stdout = '';
  let stderr = '';
  let ended = false;
  // this run's own end: a main() that returns after its run was ended (by a crash it
  // caused) must not end the next run with its answer
  const end = (code, more = '') => {
    if (ended) return;
    ended = true;
    if (finish === end) finish = null;
    results.postMessage({ run, code, stdout, stderr: stderr + more });
    Atomics.store(done, 0, run);
    Atomics.notify(done, 0);
  };
  finish = end;
  // piped, as a spawned binary's streams are: no TTY, stdin ends after the input
  const stdin = new PassThrough();
  stdin.end(input);
  try {
    const code = await main(args, {
      stdout: { write: (s) => ((stdout += s), true) },
      stderr: { write: (s) => ((stderr += s), true) },
      stdin,
      env,
      cwd,
    });
    end(code);
  } catch (e) {
    // main() is the error boundary: anything reaching here is a bug the test must show
    end(1, `${e?.stack ?? e}\n`);
  }
});
