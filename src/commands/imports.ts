// leads imports: past imports, newest first: file, when, counts, source, list, cost, and when undone.
import { basename } from 'node:path';
import type { Context } from '../cli/context.js';
import type { ImportsOptions } from './imports.def.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import { parseCount } from '../cli/args.js';
import { formatLocal } from '../core/dates.js';
import { pastImports, type ImportRecord } from '../services/past-imports.js';

const money = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

const COLUMNS: Column<ImportRecord>[] = [
  { header: 'id', value: (r) => r.id, align: 'right' },
  { header: 'when', value: (r) => formatLocal(r.started_at), fit: 'keep' },
  { header: 'file', value: (r) => basename(r.file), fit: 'text' },
  { header: 'read', value: (r) => r.read, align: 'right' },
  { header: 'new', value: (r) => r.inserted, align: 'right' },
  { header: 'repeat', value: (r) => r.duplicates, align: 'right' },
  { header: 'updated', value: (r) => r.updated, align: 'right' },
  { header: 'rejected', value: (r) => r.rejected, align: 'right' },
  { header: 'source', value: (r) => r.source, fit: 'text' },
  { header: 'list', value: (r) => r.list, fit: 'text' },
  { header: 'cost', value: (r) => money(r.cost_cents), align: 'right' },
  { header: 'undone', value: (r) => (r.undone_at ? formatLocal(r.undone_at) : ''), fit: 'keep' },
];

export default async function imports(ctx: Context, opts: ImportsOptions): Promise<void> {
  const rows = pastImports(ctx.db(), parseCount(opts.limit, '--limit'));
  if (opts.json) {
    printJson(
      ctx.io,
      rows.map((r) => ({
        id: r.id,
        file: r.file,
        sha256: r.sha256,
        started_at: r.started_at,
        finished_at: r.finished_at,
        source: r.source,
        list: r.list,
        cost: r.cost_cents === null ? null : r.cost_cents / 100,
        read: r.read,
        inserted: r.inserted,
        duplicates: r.duplicates,
        updated: r.updated,
        rejected: r.rejected,
        unmapped: r.unmapped ? (JSON.parse(r.unmapped) as string[]) : [],
        undone_at: r.undone_at,
      })),
    );
    return;
  }
  if (!rows.length) {
    ctx.io.err('no imports yet: leads import FILE');
    return;
  }
  await printTable(ctx.io, COLUMNS, rows);
}
