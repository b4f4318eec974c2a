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
