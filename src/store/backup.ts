// Online backup: SQLite's backup API copies the database page by page while it is in use.
import Database from './sqlite.js';
import { rmSync, statSync } from 'node:fs';
import type { DB } from './db.js';
import { createPrivateFile } from './db.js';
import { RunError } from '../core/errors.js';

/**
 * Copies the open database into FILE, which must not exist (nor be a link): it is created
 * 0600 first, so the copy is never readable by others even for a moment. The copy is made
 * one self-contained file (rollback journal, not WAL) and must pass integrity_check.
 * Returns its size in bytes.
 */
export async function backupDatabase(db: DB, file: string): Promise<number> {
  try {
    createPrivateFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RunError(`${file} exists already; a backup goes into a new file (nothing is overwritten)`);
    if (code === 'ENOENT') throw new RunError(`cannot create ${file}: no such folder`);
    throw new RunError(`cannot create ${file}: ${code ?? (e as Error).message}`);
  }
  try {
    await db.backup(file);
    const copy = new Database(file);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new RunError(`the backup in ${file} failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
  } catch (e) {
    rmSync(file, { force: true });
    for (const side of ['-journal', '-wal', '-shm']) rmSync(file + side, { force: true });
    if (e instanceof RunError) throw e;
    throw new RunError(`backup failed, nothing kept: ${(e as Error).message}`);
  }
  return statSync(file).size;
}
