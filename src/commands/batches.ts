// leads batches [ID] [--rewrite [--out DIR]] [--deliver]: past batches, one batch's items, its files written again, or its deliveries tried again.
import type { Context } from '../cli/context.js';
import type { BatchesOptions } from './batches.def.js';
import { parseId } from '../cli/args.js';
import { printJson, printPairs, printTable } from '../cli/output.js';
import { deliveryWord, printDelivery, printSortSummary } from '../cli/batch-view.js';
import { formatLocal } from '../core/dates.js';
import { RunError, UsageError } from '../core/errors.js';
import { displayName } from '../core/lead.js';
import { templatesDir } from '../batches/templates.js';
import { batchDetail, batchList, deliverBatch, rewriteBatch, type BatchListRow } from '../services/sort.js';

const batchJson = (b: Omit<BatchListRow, 'waiting' | 'unsure'> & Partial<BatchListRow>) => ({
  id: b.id,
  day: b.day,
  created_at: b.created_at,
  out_dir: b.out_dir,
  letters: b.letters,
  emails: b.emails,
  follow_ups: b.follow_ups,
  skipped: b.skipped,
  files: b.files ? (JSON.parse(b.files) as Record<string, unknown>) : null,
  ...(b.waiting !== undefined ? { waiting: b.waiting, unsure: b.unsure } : {}),
});

export default async function batches(ctx: Context, opts: BatchesOptions): Promise<void> {
  const io = ctx.io;
  if (opts.rewrite && opts.id === undefined) throw new UsageError('--rewrite needs a batch id: leads batches ID --rewrite --out DIR');
  if (opts.out !== undefined && !opts.rewrite) throw new UsageError('--out goes with --rewrite: leads batches ID --rewrite --out DIR');
  if (opts.deliver && (opts.id === undefined || opts.rewrite)) throw new UsageError('--deliver needs a batch id and goes alone: leads batches ID --deliver');
  if (opts.resend && !opts.deliver) throw new UsageError('--resend goes with --deliver: leads batches ID --deliver --resend LEAD');
  if (opts.id === undefined) {
    const rows = batchList(ctx.db());
    if (opts.json) return printJson(io, rows.map(batchJson));
    if (!rows.length && io.isTTY) {
      io.out('no batches yet: `leads sort` makes one each evening');
      return;
    }
    await printTable(io, [
      { header: 'batch', value: (b: BatchListRow) => b.id, align: 'right' },
      { header: 'day', value: (b: BatchListRow) => b.day, fit: 'keep' },
      { header: 'made', value: (b: BatchListRow) => formatLocal(b.created_at), fit: 'keep' },
      { header: 'letters', value: (b: BatchListRow) => b.letters, align: 'right' },
      { header: 'emails', value: (b: BatchListRow) => b.emails, align: 'right' },
      { header: 'follow-ups', value: (b: BatchListRow) => b.follow_ups, align: 'right' },
      { header: 'left out', value: (b: BatchListRow) => b.skipped, align: 'right' },
      { header: 'waiting', value: (b: BatchListRow) => (b.waiting || b.unsure ? `${b.waiting}${b.unsure ? ` (+${b.unsure} unsure)` : ''}` : ''), align: 'right' },
      { header: 'folder', value: (b: BatchListRow) => b.out_dir ?? '', fit: 'keep' },
    ], rows);
    return;
  }
  const id = parseId(opts.id, 'batch id');
  if (opts.deliver) {
    const resend = (opts.resend ?? []).map((r) => parseId(r, 'lead id'));
    const d = await deliverBatch(ctx.db(), id, { now: ctx.now(), env: ctx.env, cwd: ctx.cwd, templatesDir: templatesDir(ctx.env), resend });
    if (opts.json) {
      printJson(io, d);
      for (const p of d.problems) io.err(`leads: ${p.line}`);
    } else printDelivery(io, d);
    if (d.problems.length) throw new RunError(`batch ${id}: not everything was delivered; \`leads batches\` shows what waits`);
    return;
  }
  if (opts.rewrite) {
    const s = await rewriteBatch(ctx.db(), id, {
      out: opts.out,
      cwd: ctx.cwd,
      templatesDir: templatesDir(ctx.env),
      now: ctx.now(),
      guides: ctx.debug.pdfGuides,
    });
    if (opts.json) return printJson(io, s);
    io.err(`batch ${id} written again to ${s.out_dir}${s.left_out ? ` (${s.left_out} left out: contact rules changed since)` : ''}`);
    await printSortSummary(io, s);
    return;
  }
  const { batch, items } = batchDetail(ctx.db(), id);
  if (opts.json) {
    return printJson(io, {
      ...batchJson(batch),
      items: items.map((i) => ({
        item_id: i.item_id, lead_id: i.lead_id, kind: i.kind, skipped: i.skipped, name: displayName({ ...i, id: i.lead_id }),
        delivery: i.delivery && { state: i.delivery.state, mode: i.delivery.mode, cause: i.delivery.cause, delivered_at: i.delivery.delivered_at },
      })),
    });
  }
  printPairs(io, [
    ['batch', batch.id],
    ['day', batch.day],
    ['made', formatLocal(batch.created_at)],
    ['folder', batch.out_dir ?? '(no files)'],
    ['letters', batch.letters],
    ['emails', batch.emails],
    ['follow-ups', batch.follow_ups],
    ['left out', batch.skipped],
  ]);
  io.out();
  await printTable(io, [
    { header: 'item', value: (i: (typeof items)[number]) => i.item_id, align: 'right' },
    { header: 'lead', value: (i) => i.lead_id, align: 'right' },
    { header: 'name', value: (i) => displayName({ ...i, id: i.lead_id }), fit: 'text' },
    { header: 'kind', value: (i) => i.kind.replace('_', '-') },
    { header: 'result', value: (i) => i.skipped ?? 'served' },
    { header: 'delivery', value: (i) => deliveryWord(i.delivery), fit: 'text' },
  ], items);
}
