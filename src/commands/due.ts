// leads due: call-backs and follow-ups due by the end of a day (default today), overdue
// first, each with why; while away, what waits for the day back; and the retries an away
// holds over, with the day each share comes.
import type { Context } from '../cli/context.js';
import type { DueOptions } from './due.def.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import { awayLines } from '../cli/away-view.js';
import { whyText } from '../cli/why.js';
import { visible } from '../cli/safe.js';
import { wrapWidth, wrapWords } from '../cli/wrap.js';
import { formatNext, parseWhen } from '../core/dates.js';
import { displayName, leadJson } from '../core/lead.js';
import { KIND_LABEL, zoneJson, type DueRow } from '../core/queue.js';
import { dueWithStale } from '../services/queue.js';

type Shown = DueRow & { why: string };

const COLUMNS: Column<Shown>[] = [
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

/** Piped, the reason is a column of the row; on a terminal, a line under the table (a column would be cut). */
const PIPED: Column<Shown>[] = [...COLUMNS, { header: 'why', value: (e) => e.why }];

export default async function due(ctx: Context, opts: DueOptions): Promise<void> {
  const now = ctx.now();
  const day = typeof opts.date === 'string' ? parseWhen(opts.date, now) : now;
  const report = dueWithStale(ctx.db(), day, now);
  const rows: Shown[] = report.rows.map((e) => ({ ...e, why: whyText(e as DueRow & { kind: 'call_back' }, now, report.codes) }));
  // what the away holds and gives back, said where messages go: the table and JSON stay data
  for (const line of awayLines(report.away, now)) ctx.io.err(line);
  if (opts.json) {
    printJson(
      ctx.io,
      rows.map((e) => ({
        ...leadJson(e.lead),
        due_at: e.lead.next_contact_at,
        kind: e.kind,
        overdue_days: e.overdueDays,
        stale: e.stale,
        ...zoneJson(e),
        why: e.why,
      })),
    );
    return;
  }
  if (!rows.length) {
    ctx.io.err('Nothing due.');
    return;
  }
  if (!ctx.io.isTTY) return printTable(ctx.io, PIPED, rows);
  await printTable(ctx.io, COLUMNS, rows);
  ctx.io.out(ctx.io.style.dim('why'));
  for (const e of rows) {
    for (const line of wrapWords(visible(`#${e.lead.id} ${displayName(e.lead)}: ${e.why}`), wrapWidth(ctx.io) - 2, '    ')) ctx.io.out(`  ${line}`);
  }
}
