// The lead filters of `leads list`, read from flags: shared by list and export.
import { parseCount } from './args.js';
import { Option } from './commander.js';
import { parseWhen, startOfLocalDay, toIso } from '../core/dates.js';
import type { LeadFilter } from '../core/filter.js';
import type { FlagsOf } from './command.js';
import { LEAD_FILTER_FLAGS } from './flags.js';

export type LeadFilterOptions = FlagsOf<typeof LEAD_FILTER_FLAGS>;

/** `--due` alone is today; `--due DATE` is the end of that day (friendly forms as everywhere). */
function dueBy(value: string | true | undefined, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const day = value === true ? startOfLocalDay(now) : parseWhen(value, now);
  return toIso(new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1));
}

export function leadFilterFromFlags(opts: LeadFilterOptions, now: Date): LeadFilter {
  return {
    code: parseCount(opts.code, '--code'),
    stage: opts.stage,
    status: opts.status,
    source: opts.source,
    list: opts.list,
    dueBy: dueBy(opts.due, now),
    limit: parseCount(opts.limit, '--limit'),
    sort: opts.sort,
  };
}

/** Did the user give any filter flag at all? */
export const hasLeadFilter = (opts: LeadFilterOptions): boolean =>
  LEAD_FILTER_FLAGS.some(([flags]) => opts[new Option(flags).attributeName() as keyof LeadFilterOptions] !== undefined);
