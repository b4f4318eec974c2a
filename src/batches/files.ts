// Batch files on disk: created new ('wx': never over an existing file, and O_EXCL also
// refuses a symbolic link, even a dangling one), readable by the owner only, inside
// folders only the owner can enter.
import { lstatSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { RunError } from '../core/errors.js';
import type { BackgroundTask } from './write-worker.js';

export function writeNew(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RunError(`${path} already exists; batch files are never written over a file or link`);
    throw new RunError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The output folder (made 0700 if new) and a private scratch folder inside it, on the same disk for the rename. */
export function scratchFolder(outDir: string): string {
  try {
    mkdirSync(outDir, { recursive: true, mode: 0o700 });
    return mkdtempSync(join(outDir, '.leads-partial-'));
  } catch (e) {
    throw new RunError(`cannot use ${outDir} for batches: ${(e as Error).message}`);
  }
}

export function makeFolder(path: string): void {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (e) {
    throw new RunError(`cannot create ${path}: ${(e as Error).message}`);
  }
}

/** Work running in a worker thread; `done` settles when it is finished (or failed). */
export interface BackgroundJob {
  done: Promise<void>;
  /** stops the worker (when the batch failed elsewhere), so nothing is written after */
  stop(): Promise<void>;
}

export const NO_JOB: BackgroundJob = { done: Promise.resolve(), stop: async () => {} };

export function inBackground(task: BackgroundTask, timing?: (part: string, ms: number) => void): BackgroundJob {
  const worker = new Worker(new URL('./write-worker.js', import.meta.url), { workerData: task });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; message?: string; timings?: [string, number][] }) => {
      for (const [part, ms] of m.timings ?? []) timing?.(`${part} (worker)`, ms);
      if (m.ok) resolve();
      else reject(new RunError(m.message!));
    });
    worker.once('error', (e) => reject(new RunError(`cannot write the batch files: ${e.message}`)));
    // after its message this does nothing; without one, the worker died part-way
    worker.once('exit', (code) => reject(new RunError(`the batch writer stopped before it finished (exit ${code})`)));
  });
  done.catch(() => {}); // the caller awaits it; this keeps an early failure from being unhandled
  return { done, stop: async () => void (await worker.terminate()) };
}
