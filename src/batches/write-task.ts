// The parts of a batch that can be written apart from the rest: the .eml files (many small
// files: a wait on the disk more than work for the CPU) and the three PDFs. A big batch
// writes them on a worker thread (write-worker.ts) while the command's thread builds the
// rest; a small one writes them in the command's thread (src/batches/files.ts).
import { join } from 'node:path';
import { writeNew } from './files.js';
import type { LetterContent, PdfConstructor } from './pdf.js';

export interface PdfFiles {
  envelopes: string;
  labels: string;
  letters: string;
}

export type WriteTask =
  | { type: 'files'; files: { path: string; data: string }[] }
  | { type: 'pdfs'; dir: string; names: PdfFiles; letters: LetterContent[]; guides: boolean };

let pdfModules: Promise<{ pdf: typeof import('./pdf.js'); PDF: PdfConstructor }> | undefined;

/** pdfkit and our drawing, loaded once a thread */
export function loadPdf() {
  return (pdfModules ??= Promise.all([import('./pdf.js'), import('pdfkit')]).then(([pdf, kit]) => ({ pdf, PDF: kit.default as unknown as PdfConstructor })));
}

export async function runWriteTask(task: WriteTask): Promise<void> {
  if (task.type === 'files') {
    for (const f of task.files) writeNew(f.path, f.data);
    return;
  }
  const { pdf, PDF } = await loadPdf();
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
