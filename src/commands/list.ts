// leads list: leads as a table, filtered and sorted.
import type { Context } from '../cli/context.js';
import type { ListOptions } from './list.def.js';
import { leadFilterFromFlags } from '../cli/filters.js';
import { printJson, printJsonRows, printTable } from '../cli/output.js';
import { LEAD_TABLE } from '../cli/cards.js';
import { leadJson } from '../core/lead.js';
import { leadList, leadRows } from '../services/lookup.js';
import { pipelineRows, printPipeline } from '../cli/pipeline.js';
import { DUPLICATE_COLUMNS } from '../cli/duplicates.js';

export default async function list(ctx: Context, opts: ListOptions): Promise<void> {
  const filter = { ...leadFilterFromFlags(opts, ctx.now()), duplicates: Boolean(opts.duplicates) };
  // the pipeline: cycle leads grouped by stage with their days in stage
  if (filter.status === 'cycle' && !filter.sort) {
    const leads = leadList(ctx.db(), filter);
    const rows = pipelineRows(leads, ctx.now());
    if (opts.json) printJson(ctx.io, rows.map((l) => ({ ...leadJson(l), stage_at: l.stage_at, days_in_stage: l.days_in_stage })));
    else await printPipeline(ctx.io, leads, ctx.now());
    return;
  }
  // every other list is read as it is written: a book of a million leads never sits in memory
  const leads = leadRows(ctx.db(), filter);
  if (opts.duplicates && !opts.json) return printTable(ctx.io, DUPLICATE_COLUMNS, leads);
  if (opts.json) await printJsonRows(ctx.io, leads(), leadJson);
  else await printTable(ctx.io, LEAD_TABLE, leads);
}
