// leads report: how am I doing, this period against the one before.
import type { Context } from '../cli/context.js';
import { printJson, printReport, printReportCsv, printReportPlain, reportJson } from '../cli/report-view.js';
import { parseWhen } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { choosePeriods, type PeriodKind } from '../core/report.js';
import { buildReport, type ReportBy } from '../services/report.js';

export default async function report(ctx: Context, _args: string[], opts: Record<string, unknown>): Promise<void> {
  if (opts.json && opts.csv) throw new UsageError('--json and --csv: give one of them');
  const now = ctx.now();
  const day = (flag: 'from' | 'to') =>
    typeof opts[flag] === 'string' ? parseWhen(opts[flag] as string, now, { defaultHour: 12 }) : undefined;
  const periods = choosePeriods({ period: opts.period as PeriodKind | undefined, from: day('from'), to: day('to') }, now);
  const r = buildReport(ctx.db(), periods, (opts.by as ReportBy | undefined) ?? null);
  if (opts.json) printJson(ctx.io, reportJson(r));
  else if (opts.csv) printReportCsv(ctx.io, r);
  else if (ctx.io.isTTY) printReport(ctx.io, r);
  else printReportPlain(ctx.io, r);
}
