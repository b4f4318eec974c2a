import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // a process per file: several files set the process's time zone for their dates
    pool: 'forks',
    // vitest leaves one core free by default, which on two cores runs one file at a time;
    // many files here spend their time waiting on a child process, a terminal or a lock
    maxWorkers: availableParallelism(),
  },
});
