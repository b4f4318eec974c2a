// leads config: every setting with its value, its default and what it is for.
import type { Context } from '../cli/context.js';
import type { ConfigOptions } from './config.def.js';
import { printJson, printTable, type Column } from '../cli/output.js';
import type { SettingRow } from '../core/settings.js';
import { settingList } from '../services/settings.js';

const COLUMNS: Column<SettingRow>[] = [
  { header: 'key', value: (s) => s.key, fit: 'keep' },
  { header: 'value', value: (s) => s.value, fit: 'text' },
  { header: 'default', value: (s) => s.default, fit: 'text' },
  { header: 'about', value: (s) => s.description, fit: 'text' },
];

export default async function config(ctx: Context, opts: ConfigOptions): Promise<void> {
  const rows = settingList(ctx.db());
  if (opts.json) printJson(ctx.io, rows);
  else await printTable(ctx.io, COLUMNS, rows);
}
