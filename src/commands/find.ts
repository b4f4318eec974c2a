// leads find TEXT: leads by name, company, phone (any format), email or notes.
import type { Context } from '../cli/context.js';
import type { FindOptions } from './find.def.js';
import { parseCount } from '../cli/args.js';
import { printJsonRows, printTable } from '../cli/output.js';
import { leadJson } from '../core/lead.js';
import { UsageError } from '../core/errors.js';
import { findLeads } from '../services/leads.js';
import { LEAD_TABLE } from '../cli/cards.js';

const DEFAULT_LIMIT = 50;

/** Whether rows come at all (the query ended after the first). */
function anyOf(rows: Iterable<unknown>): boolean {
  for (const _ of rows) return true;
  return false;
}

export default async function find(ctx: Context, opts: FindOptions): Promise<void> {
  const text = opts.text.join(' ').trim();
  if (!text) throw new UsageError('give the text to look for, e.g. leads find baker');
  const limit = parseCount(opts.limit, '--limit') ?? DEFAULT_LIMIT;
  if (limit < 1) throw new UsageError('--limit must be at least 1');
  // one more than asked: tells whether there were more; the rows are written as they are read
  const found = findLeads(ctx.db(), text, limit + 1);
  let count = 0;
  const shown = function* () {
    count = 0;
    for (const lead of found()) if (++count <= limit) yield lead;
  };
  if (opts.json) await printJsonRows(ctx.io, shown(), leadJson);
  else if (anyOf(found())) await printTable(ctx.io, LEAD_TABLE, shown);
  if (!count) ctx.io.err('no lead matches');
  else if (count > limit) ctx.io.err(`showing the first ${limit}; more match (use --limit or a longer text)`);
}
