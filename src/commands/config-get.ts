// leads config get KEY: one setting's value (its default when never set).
import type { Context } from '../cli/context.js';
import type { ConfigGetOptions } from './config-get.def.js';
import { printJson } from '../cli/output.js';
import { settingOf } from '../services/settings.js';

export default async function configGet(ctx: Context, opts: ConfigGetOptions): Promise<void> {
  const row = settingOf(ctx.db(), opts.key);
  if (opts.json) printJson(ctx.io, row);
  else ctx.io.out(row.value);
}
