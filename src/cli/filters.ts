// The lead filters of `leads list`, read from flags: shared by list and export.
import { parseCount } from './args.js';
import type { Status } from '../core/lead.js';
import { parseWhen, startOfLocalDay, toIso } from '../core/dates.js';
import { Option, type Command } from './commander.js';
import type { LeadFilter } from '../store/leads.js';

/** The filter flags of `leads list`, which `leads export` takes too. */
export function withLeadFilters(cmd: Command): Command {
  return cmd
    .option('--code <code>', 'last outcome code')
    .option('--stage <stage>', 'cycle stage')
    .addOption(new Option('--status <status>', 'status').choices(['prospect', 'cycle', 'sold', 'disqualified']))
    .option('--source <source>', 'source')
    .option('--list <list>', 'prospect list')
    .option('--due [date]', 'next contact due by the end of DATE (default today; tomorrow, fri, +3d, YYYY-MM-DD...)')
    .option('--limit <n>', 'at most N leads')
    .addOption(
      new Option('--sort <field>', 'order').choices(['id', 'name', 'company', 'created', 'next', 'called', 'touches']),
    );
}

/** `--due` alone is today; `--due DATE` is the end of that day (friendly forms as everywhere). */
function dueBy(value: unknown, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const day = value === true ? startOfLocalDay(now) : parseWhen(String(value), now);
  return toIso(new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1));
}

export function leadFilterFromFlags(opts: Record<string, unknown>, now: Date): LeadFilter {
  return {
    code: parseCount(opts.code as string | undefined, '--code'),
    stage: opts.stage as string | undefined,
    status: opts.status as Status | undefined,
    source: opts.source as string | undefined,
    list: opts.list as string | undefined,
    dueBy: dueBy(opts.due, now),
    limit: parseCount(opts.limit as string | undefined, '--limit'),
    sort: opts.sort as LeadFilter['sort'],
  };
}

/** Did the user give any filter flag at all? */
export const hasLeadFilter = (opts: Record<string, unknown>): boolean =>
  ['code', 'stage', 'status', 'source', 'list', 'due', 'limit', 'sort'].some((k) => opts[k] !== undefined);
