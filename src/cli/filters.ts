// The lead filters of `leads list`, read from flags: shared by list and export.
import { parseCount } from './args.js';
import type { Status } from '../core/lead.js';
import { parseIsoLocal, startOfLocalDay, toIso } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import type { LeadFilter } from '../store/leads.js';

/** `--due` alone is today; `--due DATE` is the end of that day. */
function dueBy(value: unknown, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const day = value === true ? startOfLocalDay(now) : parseIsoLocal(String(value));
  if (!day) throw new UsageError('--due takes a date as YYYY-MM-DD');
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
