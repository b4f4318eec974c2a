// leads config get KEY: one setting's value (its default when never set).
import type { Context } from '../cli/context.js';
import { printJson } from '../cli/output.js';
import { settingRows } from '../core/settings.js';
import { UsageError } from '../core/errors.js';
import { readSettings } from '../store/settings.js';

export default async function configGet(ctx: Context, args: string[], opts: Record<string, unknown>): Promise<void> {
  const row = settingRows(readSettings(ctx.db())).find((s) => s.key === args[0]);
  if (!row) throw new UsageError(`unknown setting ${args[0]}; leads config lists them`);
  if (opts.json) printJson(ctx.io, row);
  else ctx.io.out(row.value);
}
