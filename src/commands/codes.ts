// leads codes: the outcome codes, their labels, what each does, and a retry code's rules.
import type { Context } from '../cli/context.js';
import type { CodesOptions } from './codes.def.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import { retryRulesText } from '../cli/codes-view.js';
import { visible } from '../cli/safe.js';
import { wrapWidth, wrapWords } from '../cli/wrap.js';
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
  const { codes: rows, retryLimit } = codeList(ctx.db());
  const rules = (c: CodeRow) => (c.action === 'retry' ? retryRulesText(c, retryLimit) : '');
  if (opts.json) return printJson(ctx.io, rows.map((c) => codeJson(c, retryLimit)));
  // piped, a retry code's rules are a column; on a terminal, lines under the table (a column would be cut)
  if (!ctx.io.isTTY) return printTable(ctx.io, [...COLUMNS, { header: 'retry rules', value: rules }], rows);
  await printTable(ctx.io, COLUMNS, rows);
  const retry = rows.filter((c) => c.action === 'retry');
  if (retry.length) ctx.io.out(ctx.io.style.dim('retry rules (leads codes retry)'));
  for (const c of retry) {
    for (const line of wrapWords(visible(`${c.code} ${c.label}: ${rules(c)}`), wrapWidth(ctx.io) - 2, '    ')) ctx.io.out(`  ${line}`);
  }
}
