// vitest's worker waits at most 60 s for its runner to answer a report (a limit no option
// changes), and a thread held by synchronous work cannot read the answer: past 60 s the run
// ends with "Timeout calling onTaskUpdate" though every test passed. A stretch that held a
// test file's thread half that long is named with its test, so it can be made asynchronous.
import { expect } from 'vitest';

// one watch per process: this file runs again before each test file of a reused process
const watching = Symbol.for('leads.test.stalls');
const shared = globalThis as { [watching]?: true };
if (!shared[watching]) {
  shared[watching] = true;
  let last = Date.now();
  setInterval(() => {
    const now = Date.now();
    if (now - last >= 30_000) {
      console.warn(`[held] ${expect.getState().currentTestName ?? '(between tests)'}: the thread was held ${((now - last) / 1000).toFixed(0)} s`);
    }
    last = now;
  }, 1_000).unref();
}
