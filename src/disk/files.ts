// Files written whole or not at all. A write may take only part of what it is given (a
// nearly full disk, a file size limit), so every write is checked until all of it is
// down; a new file is written under a hidden partial name beside its own and given its
// name only once complete, so its name never shows a cut-off file; and what a run that was
// stopped left half-made (its name carries the run's process id) is removed on the way out
// or, after a kill -9, by the next run that works in that folder.
import { closeSync, fstatSync, fsyncSync, linkSync, lstatSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RunError } from '../core/errors.js';

/** What a failed file operation means, in words a user can act on. */
export function whyFileFailed(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return noRoom(e);
    case 'EFBIG':
      return 'the file grew past the largest size allowed here (ulimit -f)';
    case 'EIO':
      return 'the disk reported an input/output error';
    case 'EROFS':
      return 'it is on read-only storage';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such folder';
    case 'ENOTDIR':
      return 'a part of its path is a file';
    case 'EISDIR':
      return 'it is a folder';
    case 'EEXIST':
      return 'it exists already';
    default:
      return code ?? (e as Error)?.message ?? String(e);
  }
}

/**
 * The words for a write refused for want of room, on the disk holding `what` when it is
 * named. A used-up quota is said as a quota: the disk may have room, only not for this user.
 */
export function noRoom(e: unknown, what?: string): string {
  const on = what ? ` holding ${what}` : '';
  return (e as NodeJS.ErrnoException)?.code === 'EDQUOT' ? `your disk quota${on ? ` on the disk${on}` : ''} is used up` : `the disk${on} is full`;
}

/** Whether an error is the disk (or the quota) being full. */
export const isNoSpace = (e: unknown): boolean => ['ENOSPC', 'EDQUOT'].includes((e as NodeJS.ErrnoException)?.code ?? '');

/** Writes all of `data` at the descriptor's position, however many writes it takes; returns its bytes. */
export function writeWhole(fd: number, data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let done = 0;
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    // a write that takes nothing and reports no error: the disk takes no more
    if (n <= 0) throw Object.assign(new Error('the disk took nothing more'), { code: 'ENOSPC' });
    done += n;
  }
  return done;
}

/** What kind of thing is at a path that is not a regular file, or null (a regular file, or nothing there). */
export function notRegular(path: string): string | null {
  let s;
  try {
    s = statSync(path);
  } catch {
    return null;
  }
  if (s.isFile()) return null;
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Whether a process of that id runs on this machine (one of another user, which we may not signal, counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run's partial files and folders: `.NAME.partial-PID…`, `.NAME.new-PID…`, `.leads-partial-PID-…`. */
const LEFTOVER = /^\.(?:leads-partial|.+\.(?:partial|new))-(\d+)(?:-.*)?$/;
/** Partial folders of sorts from before their names carried the process id. */
const OLD_SCRATCH = /^\.leads-partial-[A-Za-z0-9]{6}$/;
/** Nothing leads writes takes a day: a leftover older than that is stale whatever its id says. */
const STALE_MS = 24 * 3_600_000;

/** A name's first 100 bytes: a partial's name, with SQLite's `-journal` after it, stays within a name's 255. */
const PARTIAL_NAME_BYTES = 100;

/** The hidden name beside `path` a run of this process makes a partial of it under, named by its start. */
export function partialPath(path: string, kind: 'partial' | 'new' = 'partial'): string {
  let start = '';
  let bytes = 0;
  for (const ch of basename(path)) {
    bytes += Buffer.byteLength(ch);
    if (bytes > PARTIAL_NAME_BYTES) break;
    start += ch;
  }
  return join(dirname(path), `.${start}.${kind}-${process.pid}`);
}

/**
 * Removes from `dir` what runs that have ended left half-made (a kill -9, a power cut):
 * partials whose process is gone. A run still at work keeps its own.
 */
export function removeLeftovers(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m && !OLD_SCRATCH.test(name)) continue;
    const path = join(dir, name);
    try {
      const age = now - lstatSync(path).mtimeMs;
      // an old scratch folder names no process: one over an hour old is no running sort's
      const ended = m ? Number(m[1]) !== process.pid && !processAlive(Number(m[1])) : age > 3_600_000;
      if (ended || age > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/**
 * Runs `remove` when the process ends before `done()` is called (a signal's exit, an exit
 * on a closed pipe): what it made half is not left behind.
 */
export function removeOnExit(remove: () => void): { done(): void } {
  const onExit = () => {
    try {
      remove();
    } catch {
      // the process is ending: nothing more can be done
    }
  };
  process.once('exit', onExit);
  return { done: () => void process.removeListener('exit', onExit) };
}

/** Thrown when the name a new file was to take appeared meanwhile. */
export class NameTaken extends Error {
  readonly code = 'EEXIST';
}

/**
 * Gives a whole file its name. A link, unlike a rename, never replaces a file that appeared
 * meanwhile; a file system without links (a FAT or exFAT stick) gets a rename after a check.
 */
export function publish(partial: string, path: string): void {
  try {
    linkSync(partial, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw new NameTaken(path);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code)) throw e;
    if (exists(path)) throw new NameTaken(path);
    renameSync(partial, path);
    return;
  }
  rmSync(partial, { force: true });
}

/** Whether anything (a file, a folder, a link, even a dangling one) is at the path. */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A new private file being written: whole and named on `finish()`, gone on `discard()` or if the process ends first. */
export interface NewFile {
  write(data: string | Uint8Array): void;
  /** on the disk (fsync) and given its name; throws NameTaken when the name appeared meanwhile */
  finish(): void;
  discard(): void;
}

/**
 * Starts a new file at `path` (0600, created under a partial name beside it, which must not
 * exist nor be a link). Leftovers of ended runs in its folder are removed first.
 */
export function startNewFile(path: string): NewFile {
  removeLeftovers(dirname(path));
  const partial = partialPath(path);
  const fd = openSync(partial, 'wx', 0o600);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const remove = () => {
    close();
    rmSync(partial, { force: true });
  };
  const guard = removeOnExit(remove);
  return {
    write: (data) => writeWhole(fd, data),
    finish: () => {
      try {
        // written is not yet kept: a disk can still refuse at the flush
        fsyncSync(fd);
        close();
        publish(partial, path);
      } catch (e) {
        remove();
        throw e;
      } finally {
        guard.done();
      }
    },
    discard: () => {
      remove();
      guard.done();
    },
  };
}

/**
 * A new file the user named (an export, a workbook, a --rejects file), `shown` as typed in
 * every message: refused when anything is at its path, written whole through startNewFile.
 * A failure to create, write or publish it is one RunError naming it, and leaves nothing.
 */
export function newOutputFile(path: string, shown: string): NewFile {
  if (exists(path)) throw new RunError(`${shown} exists already; give a new file name (nothing is overwritten)`);
  let file: NewFile;
  try {
    file = startNewFile(path);
  } catch (e) {
    throw new RunError(`cannot create ${shown}: ${whyFileFailed(e)}`);
  }
  const failed = (e: unknown) => {
    file.discard();
    if (e instanceof NameTaken) return new RunError(`${shown} appeared while it was being written; it was left as it is and nothing was written to it`);
    return new RunError(`cannot write ${shown}: ${whyFileFailed(e)}; no ${shown} was made`);
  };
  return {
    write(data) {
      try {
        file.write(data);
      } catch (e) {
        throw failed(e);
      }
    },
    finish() {
      try {
        file.finish();
      } catch (e) {
        throw failed(e);
      }
    },
    discard: () => file.discard(),
  };
}

/** The size of what a descriptor names (a file stdout was sent to), or null for a pipe or a device. */
export function fileSize(fd: number): number | null {
  try {
    const s = fstatSync(fd);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/**
 * Puts new content in place of a file, whole: written under a partial name beside it, then
 * renamed over it, so the file is the old one or the new one, never a cut-off mix.
 */
export function replaceFile(path: string, data: string | Uint8Array): void {
  const partial = partialPath(path);
  const fd = openSync(partial, 'wx', 0o600);
  try {
    writeWhole(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(partial, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    rmSync(partial, { force: true });
    throw e;
  }
}
