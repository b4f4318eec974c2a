// How the sales cycle reads on screen: the pipeline by stage (`leads list --status cycle`)
// and the leads a release picks.
import type { IO } from './io.js';
import { printTable, type Column } from './output.js';
import { displayName, type LeadRow } from '../core/lead.js';
import { daysBetween, formatNext } from '../core/dates.js';
import { pipeline } from '../core/cycle.js';

type Staged = LeadRow & { days_in_stage: number | null };

const PIPELINE_COLUMNS: Column<Staged>[] = [
  { header: 'stage', value: (l) => l.stage },
  { header: 'id', value: (l) => l.id, align: 'right' },
  { header: 'name', value: (l) => displayName(l), fit: 'text' },
  { header: 'company', value: (l) => l.company, fit: 'text' },
  { header: 'phone', value: (l) => l.phone, fit: 'keep' },
  { header: 'days', value: (l) => l.days_in_stage, align: 'right' },
  { header: 'thinking', value: (l) => l.thinking_count, align: 'right' },
  { header: 'next', value: (l) => formatNext(l.next_contact_at, ''), fit: 'keep' },
];

/**
 * Cycle leads grouped by stage (quote, thinking, application, delivery), longest in stage
 * first. On a terminal each stage is a heading with its count; piped, one tab-separated
 * table whose first column is the stage.
 */
export async function printPipeline(io: IO, leads: LeadRow[], now: Date): Promise<void> {
  const groups = pipeline(leads, now);
  if (!io.isTTY) {
    await printTable(io, PIPELINE_COLUMNS, groups.flatMap((g) => g.leads));
    return;
  }
  const cols = PIPELINE_COLUMNS.slice(1);
  let first = true;
  for (const g of groups) {
    if (!first) io.out();
    first = false;
    io.out(io.style.bold(`${g.stage} (${g.leads.length})`));
    if (g.leads.length) await printTable(io, cols, g.leads);
  }
}

/** Pipeline rows for `--json`: the lead objects with their days in stage. */
export function pipelineRows(leads: LeadRow[], now: Date): Staged[] {
  return pipeline(leads, now).flatMap((g) => g.leads);
}

export function releaseColumns(now: Date): Column<LeadRow>[] {
  return [
    { header: 'id', value: (l) => l.id, align: 'right' },
    { header: 'name', value: (l) => displayName(l), fit: 'text' },
    { header: 'company', value: (l) => l.company, fit: 'text' },
    { header: 'stage', value: (l) => l.stage },
    { header: 'thinking', value: (l) => l.thinking_count, align: 'right' },
    { header: 'days', value: (l) => (l.stage_at ? daysBetween(new Date(l.stage_at), now) : null), align: 'right' },
  ];
}

/** A line of `leads due`: D's due entry, or a cycle lead going stale with nothing due. */
export interface DueRow {
  lead: LeadRow;
  kind: string;
  overdueDays: number;
  /** a cycle lead with no next contact, or one overdue beyond `rules.stale_days` */
  stale: boolean;
}

/**
 * The due list with the stale cycle leads marked, and those not in it (no next contact, or
 * do-not-call) added after it as kind `stale`, longest without contact first.
 */
export function withStale(
  entries: { lead: LeadRow; kind: string; overdueDays: number }[],
  stale: LeadRow[],
  now: Date,
): DueRow[] {
  const staleIds = new Set(stale.map((l) => l.id));
  const listed = new Set(entries.map((e) => e.lead.id));
  return [
    ...entries.map((e) => ({ ...e, stale: staleIds.has(e.lead.id) })),
    ...stale
      .filter((l) => !listed.has(l.id))
      .map((l) => ({
        lead: l,
        kind: 'stale',
        overdueDays: l.next_contact_at ? Math.max(0, daysBetween(new Date(l.next_contact_at), now)) : 0,
        stale: true,
      })),
  ];
}
