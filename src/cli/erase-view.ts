// How the steps that finish an erase are told: by `leads forget`, and by the run that finishes
// an erase an earlier one could not (the next command, or `leads doctor`).
import type { IO } from './io.js';
import type { EraseFinish } from '../services/forget.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line per batch folder the erased leads were in: what was taken out, or why it could not be. */
export function batchLines(r: EraseFinish): string[] {
  return r.batches.map((b) => {
    if (b.gone) return `batch ${b.id}: its folder ${b.folder} is not there any more (moved or deleted): leads cannot reach it`;
    const parts = [
      b.changed.length ? `taken out of ${b.changed.join(', ')}` : '',
      b.deleted.length ? `deleted ${b.deleted.join(', ')}` : '',
      b.failed.length ? `not done yet: ${b.failed.join('; ')}` : '',
    ].filter(Boolean);
    return `batch ${b.id} (${b.folder}): ${parts.join('; ') || 'nothing of them in its files'}`;
  });
}

/** The line told when steps are left: what, and who finishes them. */
export function unfinishedLine(r: EraseFinish): string {
  return `the erase of ${r.leads.length === 1 ? `lead ${r.leads[0]}` : `leads ${r.leads.join(', ')}`} is not finished: ${r.unfinished.join('; ')}; the next leads command that writes (or \`leads doctor\`) finishes it once that is put right`;
}

/** What a run that finished an earlier erase says on stderr. */
export function printLeftErase(io: IO, r: EraseFinish): void {
  if (r.unfinished.length) return io.err(`leads: ${unfinishedLine(r)}`);
  const who = r.leads.length === 1 ? `lead ${r.leads[0]}` : plural(r.leads.length, 'lead');
  io.err(`leads: finished the erase of ${who} an earlier \`leads forget\` could not finish`);
  for (const line of batchLines(r)) io.err(`leads:   ${line}`);
}
