// leads sort: the end-of-day batch of letters, emails and follow-ups.
import type { Context } from '../cli/context.js';
import type { SortOptions } from './sort.def.js';
import type { SortSummary } from '../services/sort.js';
import { printJson } from '../cli/output.js';
import { printDelivery, printSortSummary } from '../cli/batch-view.js';
import { localDay, parseDayText } from '../core/dates.js';
import { RunError, UsageError } from '../core/errors.js';
import { templatesDir } from '../batches/templates.js';
import { sortDay } from '../services/sort.js';

export default async function sort(ctx: Context, opts: SortOptions): Promise<void> {
  const now = ctx.now();
  const today = localDay(now);
  const day = opts.date !== undefined ? parseDayText(opts.date, now) : today;
  if (day > today) throw new UsageError(`--date ${day} is after today (${today}); a sort serves calls already made`);
  const [y, m, d] = day.split('-').map(Number);
  // the files go into a scratch folder that the run's end removes; the batch is recorded in one transaction
  ctx.whenInterrupted(() => 'no batch was made: the outcomes still wait for the next sort, and no batch files were left');
  const summary = await sortDay(ctx.db(), {
    day,
    until: new Date(y, m - 1, d + 1),
    out: opts.out,
    cwd: ctx.cwd,
    templatesDir: templatesDir(ctx.env),
    now,
    dryRun: Boolean(opts.dryRun),
    guides: ctx.debug.pdfGuides,
    delivery: { env: ctx.env, cwd: ctx.cwd },
    onRecorded: (id, folder) => ctx.whenInterrupted(() => `batch ${id} is made${folder ? ` and its files are in ${folder}` : ''}`),
  });
  const io = ctx.io;
  if (opts.json) {
    printJson(io, summary);
    for (const p of summary.delivery?.problems ?? []) io.err(`leads: ${p.line}`);
    return undelivered(summary);
  }
  const nothing = summary.batch_id === null && !summary.dry_run;
  if (nothing || (summary.dry_run && !summary.out_dir && !summary.skipped.count)) {
    io.out('nothing to sort: no outcomes are waiting for a batch');
    if (summary.delivery) printDelivery(io, summary.delivery);
    return undelivered(summary);
  }
  if (summary.dry_run) {
    io.err(`dry run: nothing written${summary.out_dir ? `; the batch would go to ${summary.out_dir}` : ''}`);
    if (summary.missing_message) io.err(`leads: ${summary.missing_message}`);
  } else {
    io.err(summary.out_dir ? `batch ${summary.batch_id} written to ${summary.out_dir}` : `batch ${summary.batch_id}: nothing to print or send`);
  }
  await printSortSummary(io, summary);
  if (summary.delivery) printDelivery(io, summary.delivery);
  undelivered(summary);
}

/** Exit 1 when a server kept anything from being delivered: the files stay, the rest waits. */
function undelivered(s: SortSummary): void {
  if (!s.delivery?.problems.length) return;
  throw new RunError(`${s.out_dir ? `the batch's files are in ${s.out_dir}; ` : ''}\`leads batches\` shows what waits`);
}
