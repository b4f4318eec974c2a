import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The kill, fuzz and terminal checks first: they are the longest files, and one of them
 * starting last would leave a core idle while it runs. vitest orders by the last run's
 * timings where it has them; a fresh clone (CI) has none, and file size says little here.
 */
class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const long = (f: TestSpecification) => /[/\\]test[/\\](reliability|e2e)[/\\]/.test(f.moduleId);
    return [...sorted.filter(long), ...sorted.filter((f) => !long(f))];
  }
}

const WORKERS = availableParallelism() + 1;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // each file in UTC unless it says otherwise (the spawned binary gets it from
    // test/helpers/cli.ts); a turn of the event loop before each test, and the name of a
    // test that holds its thread long enough for vitest's 60 s report limit
    setupFiles: ['test/helpers/zone.ts', 'test/helpers/turns.ts', 'test/helpers/stalls.ts'],
    globalSetup: ['test/helpers/empty-database.ts'],
    // room for a loaded machine (two cores, eight suites at once, twenty times slower than
    // quiet): a limit is there to end a hang, not to measure speed (bench/ does that)
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // processes, not threads: several files set the process's time zone for their dates.
    // A process serves one file after another: starting one per file cost more CPU than
    // most files' tests (test/helpers/zone.ts and cli.ts keep a file's zone its own)
    pool: 'forks',
    isolate: false,
    // vitest leaves one core free by default, which on two cores runs one file at a time;
    // many files here spend their time waiting on a child process, a terminal, a server or
    // a lock, so one file more than the cores keeps them busy. As many workers at the
    // least as at the most: tinypool ends an idle reused process with a file still
    // queued for it ("Terminating worker thread") when the two differ.
    maxWorkers: WORKERS,
    minWorkers: WORKERS,
    sequence: { sequencer: LongestFirst },
  },
});
