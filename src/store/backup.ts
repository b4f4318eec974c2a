// Online backup: SQLite's backup API copies the database page by page while it is in use.
import Database from './sqlite.js';
import { rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DB } from './db.js';
import { createPrivateFile, isDiskFull, sideFileOf } from './db.js';
import { RunError } from '../core/errors.js';
import { exists as there, NameTaken, noRoom, partialPath, publish, removeLeftovers, removeOnExit, whyFileFailed } from '../disk/files.js';

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
  if (there(path)) throw exists(file);
  // SQLite takes `x.db-journal` for the journal of an `x.db` beside it, and deletes or replays it
  if (sideFileOf(path)) {
    throw new RunError(`${file} ends like a journal SQLite keeps beside a database (-journal, -wal, -shm) and would be taken for one; give the backup another name`);
  }
  removeLeftovers(dirname(path));
  const partial = partialPath(path);
  try {
    createPrivateFile(partial);
  } catch (e) {
    const denied = ['EACCES', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '');
    throw new RunError(`cannot create ${file}: ${denied ? 'permission denied in its folder' : whyFileFailed(e)}`);
  }
  const removePartial = () => {
    for (const side of ['', '-journal', '-wal', '-shm']) rmSync(partial + side, { force: true });
  };
  const guard = removeOnExit(removePartial);
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
    if (e instanceof NameTaken) throw exists(file);
    throw new RunError(`backup failed, nothing kept: ${isDiskFull(e) ? noRoom(e, file) : (e as Error).message}`);
  } finally {
    removePartial();
    guard.done();
  }
  return statSync(path).size;
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
