// Online backup: SQLite's backup API copies the database page by page while it is in use.
import Database from './sqlite.js';
import { existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DB } from './db.js';
import { createPrivateFile } from './db.js';
import { RunError } from '../core/errors.js';

/** Pages copied in one step: few enough that Ctrl-C is seen between steps, many enough to finish before most writes. */
const PAGES_PER_STEP = 1000;
/** A copy that gets no nearer its end for this long (a source that stays locked, or keeps changing) is given up. */
const STALL_MS = 10_000;

/** The file a backup would replace: refused, whether it was there before or appeared meanwhile. */
function exists(file: string): RunError {
  return new RunError(`${file} exists already; a backup goes into a new file (nothing is overwritten)`);
}

/**
 * Copies the open database into FILE, which must not exist (nor be a link). The copy is
 * made in a private (0600) file beside FILE and given FILE's name only once it is whole and
 * passes integrity_check, so FILE never names a partial copy; a failure, a stall or the
 * process ending leaves nothing behind. The copy is one self-contained file (rollback
 * journal, not WAL). A relative FILE is in `cwd`. Returns its size in bytes.
 */
export async function backupDatabase(db: DB, file: string, cwd: string): Promise<number> {
  // FILE as typed names it in messages; the path is read against the user's folder
  const path = resolve(cwd, file);
  if (existsSync(path)) throw exists(file);
  // hidden beside FILE, named by its start: with SQLite's -journal it stays within a name's 255 bytes
  const partial = join(dirname(path), `.${basename(path).slice(0, 100)}.partial-${process.pid}`);
  try {
    createPrivateFile(partial);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RunError(`cannot create ${file}: no such folder`);
    if (code === 'EACCES' || code === 'EPERM') throw new RunError(`cannot create ${file}: permission denied in its folder`);
    if (code === 'EROFS') throw new RunError(`cannot create ${file}: its folder is on read-only storage`);
    throw new RunError(`cannot create ${file}: ${code ?? (e as Error).message}`);
  }
  const removePartial = () => {
    for (const side of ['', '-journal', '-wal', '-shm']) rmSync(partial + side, { force: true });
  };
  process.once('exit', removePartial);
  try {
    await db.backup(partial, { progress: stallGuard() });
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new RunError(`the backup in ${file} failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    publish(partial, path);
  } catch (e) {
    if (e instanceof RunError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(file);
    throw new RunError(`backup failed, nothing kept: ${(e as Error).message}`);
  } finally {
    removePartial();
    process.removeListener('exit', removePartial);
  }
  return statSync(path).size;
}

/**
 * Gives the whole copy its name. A link, unlike a rename, never replaces a file that appeared
 * meanwhile; a file system without links (a FAT or exFAT stick) gets a rename after a check.
 */
function publish(partial: string, file: string): void {
  try {
    linkSync(partial, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code)) throw e;
    if (existsSync(file)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    renameSync(partial, file);
  }
}

/** The backup's progress callback: the step size, and an error when the copy stops getting nearer its end. */
function stallGuard() {
  let least = Infinity;
  let since = Date.now();
  return ({ remainingPages }: { totalPages: number; remainingPages: number }) => {
    if (remainingPages < least) {
      least = remainingPages;
      since = Date.now();
    } else if (Date.now() - since > STALL_MS) {
      throw new RunError(`backup stopped: the database stayed locked or kept changing for ${STALL_MS / 1000} s; nothing kept, try again`);
    }
    return PAGES_PER_STEP;
  };
}
