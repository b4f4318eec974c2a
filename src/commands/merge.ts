// leads merge KEEP OTHER [--dry-run]: one lead from two, both histories kept.
import type { Context } from '../cli/context.js';
import type { MergeOptions } from './merge.def.js';
import { parseId } from '../cli/args.js';
import { printJson, printPairs } from '../cli/output.js';
import { leadJson } from '../core/lead.js';
import { UsageError } from '../core/errors.js';
import { mergeLeads, previewMerge } from '../services/merge.js';
import type { MergePlan } from '../core/merge.js';

function describe(ctx: Context, plan: MergePlan, moved: number, dry: boolean): void {
  const will = dry ? 'would ' : '';
  ctx.io.out(`lead ${plan.other} ${dry ? 'would be' : 'is'} merged into lead ${plan.keep}`);
  // only the lines that say something, so the labels line up among themselves
  const pairs: [string, string | null][] = [
    ['filled', Object.keys(plan.filled).join(', ') || null],
    ['flags', plan.flags.map((f) => f.replace(/_/g, ' ')).join(', ') || null],
    ['kept apart', Object.keys(plan.differing).length ? `${Object.keys(plan.differing).join(', ')} (in the merge touch)` : null],
    ['status', plan.disqualify ? 'disqualified (the other lead was)' : null],
    ['touches', `${moved} ${will}move${dry ? '' : 'd'} over, in time order`],
    ['alias', `leads show ${plan.other} ${dry ? 'would show' : 'shows'} lead ${plan.keep}`],
  ];
  printPairs(ctx.io, pairs.filter(([, v]) => v));
}

export default async function merge(ctx: Context, opts: MergeOptions): Promise<void> {
  const keep = parseId(opts.keep, 'KEEP');
  const other = parseId(opts.other, 'OTHER');
  if (keep === other) throw new UsageError('KEEP and OTHER are the same lead: give two lead ids');
  const db = ctx.db();
  if (opts.dryRun) {
    const plan = previewMerge(db, keep, other);
    if (opts.json) printJson(ctx.io, { dry_run: true, ...mergeJson(plan), moved: plan.moved });
    else {
      describe(ctx, plan, plan.moved, true);
      ctx.io.err('dry run: nothing changed');
    }
    return;
  }
  const r = mergeLeads(db, keep, other, ctx.now());
  if (opts.json) printJson(ctx.io, { dry_run: false, ...mergeJson(r), moved: r.moved, lead: leadJson(r.lead) });
  else describe(ctx, r, r.moved, false);
}

const mergeJson = (p: MergePlan) => ({
  keep: p.keep,
  other: p.other,
  filled: p.filled,
  flags: p.flags,
  differing: p.differing,
  disqualified: p.disqualify,
});
