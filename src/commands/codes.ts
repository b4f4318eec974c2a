// leads codes: the outcome codes, their labels and what each does.
import type { Context } from '../cli/context.js';
import type { CodesOptions } from './codes.def.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import { codeJson, type CodeRow } from '../core/codes.js';
import { codeList } from '../services/codes.js';

const COLUMNS: Column<CodeRow>[] = [
  { header: 'code', value: (c) => c.code, align: 'right' },
  { header: 'label', value: (c) => c.label, fit: 'text' },
  { header: 'action', value: (c) => c.action, fit: 'text' },
  { header: 'needs', value: (c) => [c.needs_date && 'date', c.needs_email && 'email'].filter(Boolean).join(', ') },
  { header: 'reached', value: (c) => (c.reached ? 'yes' : 'no') },
  { header: 'kind', value: (c) => (c.builtin ? 'built-in' : 'own') },
];

export default async function codes(ctx: Context, opts: CodesOptions): Promise<void> {
  const rows = codeList(ctx.db());
  if (opts.json) printJson(ctx.io, rows.map(codeJson));
  else await printTable(ctx.io, COLUMNS, rows);
}
