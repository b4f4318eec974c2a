// leads due: call-backs and follow-ups due by the end of a day (default today), overdue first.
import type { Context } from '../cli/context.js';
import type { DueOptions } from './due.def.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import { formatNext, parseWhen } from '../core/dates.js';
import { displayName, leadJson } from '../core/lead.js';
import { KIND_LABEL, zoneJson, type DueRow } from '../core/queue.js';
import { dueWithStale } from '../services/queue.js';

const COLUMNS: Column<DueRow>[] = [
  { header: 'due', value: (e) => formatNext(e.lead.next_contact_at, ''), fit: 'keep' },
  { header: 'overdue', value: (e) => (e.overdueDays ? `${e.overdueDays} d` : ''), align: 'right' },
  {
    header: 'kind',
    value: (e) => (e.kind === 'stale' ? 'stale' : `${KIND_LABEL[e.kind as keyof typeof KIND_LABEL]}${e.stale ? ', stale' : ''}`),
  },
  { header: 'id', value: (e) => e.lead.id, align: 'right' },
  { header: 'name', value: (e) => displayName(e.lead), fit: 'text' },
  { header: 'company', value: (e) => e.lead.company, fit: 'text' },
  { header: 'phone', value: (e) => e.lead.phone ?? e.lead.mobile, fit: 'keep' },
  // their clock now: a call-back due at 9:00 yours may be 3:00 theirs
  { header: 'their time', value: (e) => `${e.local.text}${e.zone.from === 'user' ? ' (yours)' : ''}${e.local.within ? '' : ', outside hours'}`, fit: 'keep' },
  { header: 'stage', value: (e) => e.lead.stage },
];

export default async function due(ctx: Context, opts: DueOptions): Promise<void> {
  const now = ctx.now();
  const day = typeof opts.date === 'string' ? parseWhen(opts.date, now) : now;
  const entries = dueWithStale(ctx.db(), day, now);
  if (opts.json) {
    printJson(
      ctx.io,
      entries.map((e) => ({
        ...leadJson(e.lead),
        due_at: e.lead.next_contact_at,
        kind: e.kind,
        overdue_days: e.overdueDays,
        stale: e.stale,
        ...zoneJson(e),
      })),
    );
    return;
  }
  if (!entries.length) {
    ctx.io.err('Nothing due.');
    return;
  }
  await printTable(ctx.io, COLUMNS, entries);
}
