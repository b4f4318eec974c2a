// A worker thread that creates many small files (a batch's .eml messages) while the main
// thread draws the PDFs: creating a file is a wait on the disk, not work for the CPU.
import { parentPort, workerData } from 'node:worker_threads';
import { writeNew } from './files.js';

const files = (workerData as { files: { path: string; data: string }[] }).files;
try {
  for (const f of files) writeNew(f.path, f.data);
  parentPort!.postMessage({ ok: true });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: (e as Error).message });
}
