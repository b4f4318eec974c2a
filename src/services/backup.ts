// An online backup of the database into a new private file.
import type { DB } from '../store/db.js';
import { backupDatabase } from '../store/backup.js';

/** Copies the database, while in use, into FILE (read against `cwd`); its size in bytes. */
export function backupTo(db: DB, file: string, cwd: string): Promise<number> {
  return backupDatabase(db, file, cwd);
}
