// A worker thread for a part of a big batch (write-task.ts): the .eml files, or the three
// PDFs drawn on the second core while the command's thread builds the emails and the
// calendar. Started with `preload`, it loads pdfkit at once, then waits for its task.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPdf, runWriteTask, type WriteTask } from './write-task.js';

if ((workerData as { preload?: false | 'pdf' }).preload === 'pdf') void loadPdf();

parentPort!.once('message', (task: WriteTask) => {
  runWriteTask(task).then(
    () => parentPort!.postMessage({ ok: true }),
    (e: Error) => parentPort!.postMessage({ ok: false, message: e.message }),
  );
});
