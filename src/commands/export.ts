// leads export: every lead or a filtered set as CSV, JSON or a workbook; --lead ID: everything on one person.
import type { Context } from '../cli/context.js';
import type { ExportOptions } from './export.def.js';
import { parseId } from '../cli/args.js';
import { hasLeadFilter, leadFilterFromFlags } from '../cli/filters.js';
import { newFileSink, streamSink, type Sink } from '../cli/sink.js';
import { UsageError } from '../core/errors.js';
import { exportCsv, exportJson, exportPerson, exportXlsx } from '../services/export.js';
import { resolve } from 'node:path';

export default async function exportLeads(ctx: Context, opts: ExportOptions): Promise<void> {
  const out = opts.out;
  const one = opts.lead !== undefined ? parseId(opts.lead, '--lead') : undefined;
  // without --format: JSON for one person or a file named *.json, a workbook for *.xlsx, else CSV
  const format = opts.format ?? (one !== undefined || (out && /\.json$/i.test(out)) ? 'json' : out && /\.xlsx$/i.test(out) ? 'xlsx' : 'csv');
  if (one !== undefined && format !== 'json') throw new UsageError(`--lead gives JSON only; leave out --format ${format}`);
  if (format === 'xlsx' && !out) throw new UsageError('--format xlsx writes a workbook file: give it with --out FILE.xlsx');
  if (one !== undefined && hasLeadFilter(opts)) throw new UsageError('--lead takes no list filters');
  const filter = leadFilterFromFlags(opts, ctx.now());
  const db = ctx.db();
  // read what is asked before creating the file: a missing lead leaves no empty file behind
  const person = one !== undefined ? exportPerson(db, one) : undefined;
  if (out) ctx.whenInterrupted(() => `no ${out} was made (nothing of it is left); the database is as it was`);
  if (format === 'xlsx') {
    const count = await exportXlsx(db, filter, resolve(ctx.cwd, out!), out);
    ctx.whenInterrupted(() => `${out} is written whole`);
    ctx.io.err(`exported ${count} leads to ${out}`);
    return;
  }

  // a spreadsheet reads a UTF-8 CSV file's accents right only with a byte-order mark
  const sink: Sink = out ? newFileSink(out, ctx.cwd, format === 'csv') : streamSink(ctx.io.stdout);
  let ok = false;
  let count = 0;
  try {
    if (person) {
      await sink.write(JSON.stringify(person, null, 2) + '\n');
    } else {
      const chunks = format === 'json' ? exportJson(db, filter) : exportCsv(db, filter);
      try {
        for (let r = chunks.next(); ; r = chunks.next()) {
          if (r.done) {
            count = r.value;
            break;
          }
          await sink.write(r.value);
          if (sink.gone) break;
        }
      } finally {
        // ends the query under it, however the loop ended (a failed write included)
        chunks.return(0);
      }
    }
    ok = true;
  } finally {
    await sink.close(ok);
  }
  if (out) ctx.whenInterrupted(() => `${out} is written whole`);
  if (out) ctx.io.err(person ? `exported lead ${one} to ${out}` : `exported ${count} leads to ${out}`);
}
