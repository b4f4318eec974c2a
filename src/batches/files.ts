// Batch files on disk: created new ('wx': never over an existing file, and O_EXCL also
// refuses a symbolic link, even a dangling one), readable by the owner only, inside
// folders only the owner can enter.
import { mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { RunError } from '../core/errors.js';
import { removeLeftovers, removeOnExit, whyFileFailed } from '../disk/files.js';
import type { WriteTask } from './write-task.js';

export function writeNew(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RunError(`${path} already exists; batch files are never written over a file or link`);
    throw new RunError(`cannot write ${path}: ${whyFileFailed(e)}`);
  }
}

export { exists } from '../disk/files.js';

/** A batch's private scratch folder: the files are written there, then it is renamed into place. */
export interface Scratch {
  path: string;
  /** removes it and what is in it (the batch failed, or was not to be kept) */
  remove(): void;
  /** it was renamed into place, or removed: nothing is left to clear on exit */
  done(): void;
  /**
   * A failure that names a file in it (a full disk), told instead of `folder`, where its
   * files were to be: the scratch folder is gone by the time the message is read. `after`
   * says what was kept. Any other failure is as it was.
   */
  told(e: unknown, folder: string, after: string): unknown;
}

/**
 * The output folder (made 0700 if new) and a private scratch folder inside it, on the same
 * disk for the rename, named with this process's id. What ended runs left there is removed
 * first; if this run ends before the batch is done (a signal, a closed pipe), its scratch
 * folder goes with it.
 */
export function scratchFolder(outDir: string): Scratch {
  let path: string;
  // the first folder made for this batch, if any: a batch not made leaves no empty folder either
  let made: string | undefined;
  try {
    made = mkdirSync(outDir, { recursive: true, mode: 0o700 });
    removeLeftovers(outDir);
    path = mkdtempSync(join(outDir, `.leads-partial-${process.pid}-`));
  } catch (e) {
    // making a folder where a file is: the path, or a folder above it, is that file
    const why = (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'it is a file, not a folder' : whyFileFailed(e);
    throw new RunError(`cannot use ${outDir} for batches: ${why}`);
  }
  // renamed first: a worker thread still writing into it cannot add a file after the removal
  const remove = () => {
    const doomed = `${path}-stopped`;
    try {
      renameSync(path, doomed);
      rmSync(doomed, { recursive: true, force: true });
    } catch {
      rmSync(path, { recursive: true, force: true });
    }
    if (made) removeEmptyFolders(outDir, made);
  };
  const guard = removeOnExit(remove);
  return {
    path,
    remove: () => {
      remove();
      guard.done();
    },
    done: () => guard.done(),
    told: (e, folder, after) => (e instanceof RunError && e.message.includes(path) ? new RunError(`${e.message.split(path).join(folder)}; ${after}`) : e),
  };
}

/** Removes `from` and the folders above it up to `upTo`, each only while it is empty. */
function removeEmptyFolders(from: string, upTo: string): void {
  for (let p = from; ; p = dirname(p)) {
    try {
      rmdirSync(p);
    } catch {
      return;
    }
    if (p === upTo || dirname(p) === p) return;
  }
}

export function makeFolder(path: string): void {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (e) {
    throw new RunError(`cannot create ${path}: ${(e as Error).message}`);
  }
}

/** Writes a part of a batch (src/batches/write-task.ts), on a worker thread or in this one. */
export interface PartWriter {
  /** hands it its task; settles when the task is done (or failed) */
  run(task: WriteTask): Promise<void>;
  /** stops it (no task after all, or the batch failed elsewhere): nothing is written after */
  stop(): Promise<void>;
}

/**
 * A worker thread for a part of a big batch, started now and given its task later; with
 * `preload` it loads pdfkit at once, while the caller builds the rest.
 */
export function backgroundWriter(preload: false | 'pdf' = false): PartWriter {
  const worker = new Worker(new URL('./write-worker.js', import.meta.url), { workerData: { preload } });
  worker.unref(); // an idle writer never keeps the process alive
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ok: boolean; message?: string }) => {
      if (m.ok) resolve();
      else reject(new RunError(m.message!));
    });
    worker.once('error', (e) => reject(new RunError(`cannot write the batch files: ${e.message}`)));
    // after its message this does nothing; without one, the worker died part-way
    worker.once('exit', (code) => reject(new RunError(`the batch writer stopped before it finished (exit ${code})`)));
  });
  done.catch(() => {}); // awaited through run(); this keeps an early failure from being unhandled
  return {
    run: (task) => {
      worker.ref();
      worker.postMessage(task);
      return done;
    },
    stop: async () => void (await worker.terminate()),
  };
}

/**
 * The same part written in this thread: for a small batch, where starting a thread costs
 * more than it saves. Stopping waits for a task under way, so nothing is written after.
 */
export function inThisThread(): PartWriter {
  let running: Promise<void> = Promise.resolve();
  return {
    run: (task) => {
      running = import('./write-task.js')
        .then(({ runWriteTask }) => runWriteTask(task))
        // said as the worker says it: a failure is a line, whichever thread wrote
        .catch((e: Error) => {
          throw e instanceof RunError ? e : new RunError(`cannot write the batch files: ${e.message}`);
        });
      // awaited by the caller once the rest is built; a failure before then is not unhandled
      running.catch(() => {});
      return running;
    },
    stop: () => running.then(
      () => {},
      () => {},
    ),
  };
}
