// leads report: how am I doing, this period against the one before.
import type { Context } from '../cli/context.js';
import type { ReportOptions } from './report.def.js';
import { printJson, printReport, printReportCsv, printReportPlain, reportJson } from '../cli/report-view.js';
import { parseWhen } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { choosePeriods } from '../core/report.js';
import { buildReport } from '../services/report.js';

export default async function report(ctx: Context, opts: ReportOptions): Promise<void> {
  if (opts.json && opts.csv) throw new UsageError('--json and --csv: give one of them');
  const now = ctx.now();
  const day = (flag: 'from' | 'to') =>
    opts[flag] !== undefined ? parseWhen(opts[flag], now, { defaultHour: 12 }) : undefined;
  const periods = choosePeriods({ period: opts.period, from: day('from'), to: day('to') }, now);
  const r = buildReport(ctx.db(), periods, opts.by ?? null);
  if (opts.json) printJson(ctx.io, reportJson(r));
  else if (opts.csv) printReportCsv(ctx.io, r);
  else if (ctx.io.isTTY) printReport(ctx.io, r);
  else printReportPlain(ctx.io, r);
}
