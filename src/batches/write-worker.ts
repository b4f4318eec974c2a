// A worker thread for the parts of a batch that can run beside the main thread: creating
// many small files (the .eml messages: a wait on the disk more than work for the CPU),
// drawing the three PDFs on the second core while the main thread builds the emails and
// the calendar. Started with `preload`, it loads pdfkit at once (while the main thread is
// still reading the database), then waits for its task.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { writeNew } from './files.js';
import type { LetterContent, PdfConstructor } from './pdf.js';

export interface PdfFiles {
  envelopes: string;
  labels: string;
  letters: string;
}

export type BackgroundTask =
  | { type: 'files'; files: { path: string; data: string }[] }
  | { type: 'pdfs'; dir: string; names: PdfFiles; letters: LetterContent[]; guides: boolean };

const loadPdf = () =>
  Promise.all([import('./pdf.js'), import('pdfkit')]).then(([pdf, kit]) => ({ pdf, PDF: kit.default as unknown as PdfConstructor }));
const pdfModules = (workerData as { preload?: false | 'pdf' }).preload === 'pdf' ? loadPdf() : null;

async function run(task: BackgroundTask): Promise<void> {
  if (task.type === 'files') {
    for (const f of task.files) writeNew(f.path, f.data);
    return;
  }
  const { pdf, PDF } = await (pdfModules ?? loadPdf());
  const { Sheet, drawEnvelopes, drawLabels, drawLetters, ENVELOPE, LABELS, LETTER_PAGE } = pdf;
  const blocks = task.letters.map((l) => l.recipient);
  // envelopes and labels hold a few lines a page: compressing them gains little
  const envelopes = new Sheet(PDF, 'Envelopes (#10)', ENVELOPE, false);
  drawEnvelopes(envelopes, task.letters.map((l) => ({ sender: l.sender, recipient: l.recipient })), task.guides);
  writeNew(join(task.dir, task.names.envelopes), await envelopes.end());
  const labels = new Sheet(PDF, 'Address labels (Avery 5160)', LABELS.page, false);
  drawLabels(labels, blocks, task.guides);
  writeNew(join(task.dir, task.names.labels), await labels.end());
  const letters = new Sheet(PDF, 'Letters', LETTER_PAGE);
  drawLetters(letters, task.letters, task.guides);
  writeNew(join(task.dir, task.names.letters), await letters.end());
}

parentPort!.once('message', (task: BackgroundTask) => {
  run(task).then(
    () => parentPort!.postMessage({ ok: true }),
    (e: Error) => parentPort!.postMessage({ ok: false, message: e.message }),
  );
});
