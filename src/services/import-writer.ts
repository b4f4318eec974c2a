// The writing half of `leads import` in a worker thread of its own, so its JavaScript heap
// can be kept small (a worker's young generation can be sized; the main thread's cannot
// after start-up), which keeps a big import's memory small. It opens
// its own connection; the command's connection holds no transaction meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, READ_ONLY, setPageCache } from '../store/db.js';
import { RunError, UsageError } from '../core/errors.js';
import { importFile, type ImportOptions } from './import.js';

const { dbPath, file, options, now } = workerData as { dbPath: string; file: string; options: ImportOptions; now: string };
const port = parentPort!;

async function main() {
  const db = openDatabase(dbPath, undefined, { suppressionKeyFile: options.suppressionKeyFile });
  if (db.readonly) {
    db.close();
    throw new RunError(READ_ONLY);
  }
  // a smaller page cache than the 16 MB default: the load appends, it rereads little
  setPageCache(db, 4000);
  try {
    const result = await importFile(db, dbPath, file, options, new Date(now), {
      start: (total) => port.postMessage({ type: 'progress-start', total }),
      update: (bytes, rows) => port.postMessage({ type: 'progress', bytes, rows }),
      stop: () => port.postMessage({ type: 'progress-stop' }),
    });
    port.postMessage({ type: 'result', result });
  } finally {
    db.close();
  }
}

main().catch((e: unknown) => {
  port.postMessage({ type: 'error', usage: e instanceof UsageError, message: (e as Error).message, stack: (e as Error).stack });
});
