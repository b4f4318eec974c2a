// The other half of `leads()` in cli.ts: a worker thread that runs the program's entry point
// in this process, one run at a time, with buffers for stdout and stderr. The test's thread
// waits on `done` (Atomics) and reads the result from `results` without an event loop turn,
// so a run reads like the synchronous spawn it replaces.
import { parentPort, workerData } from 'node:worker_threads';
import { PassThrough } from 'node:stream';
import { main } from '../../dist/cli/main.js';

const { done, results } = workerData;

parentPort.on('message', async ({ args, env, cwd, input }) => {
  let stdout = '';
  let stderr = '';
  // piped, as a spawned binary's streams are: no TTY, stdin ends after the input
  const stdin = new PassThrough();
  stdin.end(input);
  let code;
  try {
    code = await main(args, {
      stdout: { write: (s) => ((stdout += s), true) },
      stderr: { write: (s) => ((stderr += s), true) },
      stdin,
      env,
      cwd,
    });
  } catch (e) {
    // main() is the error boundary: anything reaching here is a bug the test must show
    code = 1;
    stderr += `uncaught: ${e?.stack ?? e}\n`;
  }
  results.postMessage({ code, stdout, stderr });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
