// leads backup FILE: an online copy of the database into a new private file.
import type { Context } from '../cli/context.js';
import type { BackupOptions } from './backup.def.js';
import { printJson } from '../cli/output.js';
import { backupTo } from '../services/backup.js';

export default async function backup(ctx: Context, opts: BackupOptions): Promise<void> {
  const file = opts.file;
  const db = ctx.db();
  ctx.whenInterrupted(() => `no backup was made (nothing was written to ${file}); the database is as it was`);
  const bytes = await backupTo(db, file, ctx.cwd);
  // the copy has its name: whatever stops the run now, the backup is made
  ctx.whenInterrupted(() => `the backup ${file} is complete (${bytes} bytes)`);
  if (opts.json) printJson(ctx.io, { path: file, bytes });
  else ctx.io.out(`${file}\t${bytes} bytes`);
}
