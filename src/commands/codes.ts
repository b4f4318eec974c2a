// leads codes: the outcome codes, their labels, what each does, and a retry code's rules.
import type { Context } from '../cli/context.js';
import type { CodesOptions } from './codes.def.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import { retryRulesText } from '../cli/codes-view.js';
import { codeJson, type CodeRow } from '../core/codes.js';
import { codeList } from '../services/codes.js';

function columns(limit: number): Column<CodeRow>[] {
  return [
    { header: 'code', value: (c) => c.code, align: 'right' },
    { header: 'label', value: (c) => c.label, fit: 'text' },
    { header: 'action', value: (c) => c.action, fit: 'text' },
    { header: 'needs', value: (c) => [c.needs_date && 'date', c.needs_email && 'email'].filter(Boolean).join(', ') },
    { header: 'reached', value: (c) => (c.reached ? 'yes' : 'no') },
    { header: 'kind', value: (c) => (c.builtin ? 'built-in' : 'own') },
    { header: 'retry rules', value: (c) => (c.action === 'retry' ? retryRulesText(c, limit) : ''), fit: 'text' },
  ];
}

export default async function codes(ctx: Context, opts: CodesOptions): Promise<void> {
  const { codes: rows, retryLimit } = codeList(ctx.db());
  if (opts.json) printJson(ctx.io, rows.map((c) => codeJson(c, retryLimit)));
  else await printTable(ctx.io, columns(retryLimit), rows);
}
