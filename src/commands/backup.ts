// leads backup FILE: an online copy of the database into a new private file.
import type { Context } from '../cli/context.js';
import { printJson } from '../cli/output.js';
import { whenInterrupted } from '../cli/interrupt.js';
import { backupDatabase } from '../store/backup.js';

export default async function backup(ctx: Context, args: string[], opts: Record<string, unknown>): Promise<void> {
  const file = args[0];
  const db = ctx.db();
  whenInterrupted(() => `no backup was made (nothing was written to ${file}); the database is as it was`);
  const bytes = await backupDatabase(db, file);
  if (opts.json) printJson(ctx.io, { path: file, bytes });
  else ctx.io.out(`${file}\t${bytes} bytes`);
}
