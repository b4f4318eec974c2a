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

/** Each part's time, reported back for bench/sort. */
type Timings = [string, number][];

const loadPdf = () => {
  const t0 = performance.now();
  return Promise.all([import('./pdf.js'), import('pdfkit')]).then(([pdf, kit]) => ({
    pdf,
    PDF: kit.default as unknown as PdfConstructor,
    ms: performance.now() - t0,
  }));
};
const pdfModules = (workerData as { preload?: false | 'pdf' }).preload === 'pdf' ? loadPdf() : null;

async function run(task: BackgroundTask, timings: Timings): Promise<void> {
  const time = async (part: string, fn: () => Promise<void> | void) => {
    const t0 = performance.now();
    await fn();
    timings.push([part, performance.now() - t0]);
  };
  if (task.type === 'files') {
    await time('.eml files', () => task.files.forEach((f) => writeNew(f.path, f.data)));
    return;
  }
  const t0 = performance.now();
  const { pdf, PDF, ms } = await (pdfModules ?? loadPdf());
  timings.push([`load pdfkit (${ms.toFixed(0)} ms, of it waited)`, performance.now() - t0]);
  const { Sheet, drawEnvelopes, drawLabels, drawLetters, ENVELOPE, LABELS, LETTER_PAGE } = pdf;
  const blocks = task.letters.map((l) => l.recipient);
  const envelopes = task.letters.map((l) => ({ sender: l.sender, recipient: l.recipient }));
  // envelopes and labels hold a few lines a page: compressing them gains little
  await time('envelopes.pdf', async () => {
    const sheet = new Sheet(PDF, 'Envelopes (#10)', ENVELOPE, false);
    drawEnvelopes(sheet, envelopes, task.guides);
    writeNew(join(task.dir, task.names.envelopes), await sheet.end());
  });
  await time('labels.pdf', async () => {
    const sheet = new Sheet(PDF, 'Address labels (Avery 5160)', LABELS.page, false);
    drawLabels(sheet, blocks, task.guides);
    writeNew(join(task.dir, task.names.labels), await sheet.end());
  });
  await time('letters.pdf', async () => {
    const sheet = new Sheet(PDF, 'Letters', LETTER_PAGE);
    drawLetters(sheet, task.letters, task.guides);
    writeNew(join(task.dir, task.names.letters), await sheet.end());
  });
}

parentPort!.once('message', (task: BackgroundTask) => {
  const timings: Timings = [];
  run(task, timings).then(
    () => parentPort!.postMessage({ ok: true, timings }),
    (e: Error) => parentPort!.postMessage({ ok: false, message: e.message }),
  );
});
