// `--rejects FILE`: the rows an import rejected, as CSV with their line and reason. The file
// is made new when the import starts (so a mistake is told before anything is read) and is
// whole or absent: an import that fails, a write that fails, or the process ending before
// the import is done removes it.
import { closeSync, lstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { RunError, UsageError } from '../core/errors.js';
import { csvLine } from '../core/csv.js';

export class RejectsFile {
  private fd: number | null;
  private headerWritten = false;
  private readonly path: string;
  private readonly onExit = () => this.discard();

  /** Makes the file, owner-only; `name` is the path as typed, which messages use. */
  constructor(
    readonly name: string,
    cwd: string,
  ) {
    this.path = resolve(cwd, name);
    try {
      this.fd = openSync(this.path, 'wx', 0o600);
    } catch (e) {
      throw refusal(name, this.path, e as NodeJS.ErrnoException);
    }
    process.once('exit', this.onExit);
  }

  /** One rejected row: its line, the reason, and its cells under the file's headers. */
  write(line: number, reason: string, headers: string[], cells: string[] | null): void {
    if (!this.headerWritten) {
      this.put(csvLine(['line', 'reason', ...headers]));
      this.headerWritten = true;
    }
    this.put(csvLine([String(line), reason, ...(cells ?? [])]));
  }

  private put(text: string): void {
    if (this.fd === null) return;
    const bytes = Buffer.from(text);
    try {
      // writeSync may write less than asked (a disk filling up): the rest is written on, or fails
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
    } catch (e) {
      this.discard();
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EFBIG' ? 'the file is over the size this system allows' : (e as Error).message;
      throw new RunError(`cannot write the rejects file ${this.name}: ${why}; it was removed, and nothing of this import was saved`);
    }
  }

  /** The import is done: the file is kept, whole. */
  keep(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    process.removeListener('exit', this.onExit);
    try {
      closeSync(fd);
    } catch (e) {
      unlinkSync(this.path);
      throw new RunError(`cannot write the rejects file ${this.name}: ${(e as Error).message}; it was removed`);
    }
  }

  /** The import failed or was not finished: the file goes. */
  discard(): void {
    if (this.fd === null) return;
    process.removeListener('exit', this.onExit);
    try {
      closeSync(this.fd);
    } catch {
      // going anyway
    }
    this.fd = null;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}

/** Why --rejects cannot be made: it exists (a file, a FIFO, a device), or its folder cannot be written. */
function refusal(name: string, path: string, e: NodeJS.ErrnoException): Error {
  if (e.code === 'EEXIST') {
    const st = lstatSync(path, { throwIfNoEntry: false });
    const what = !st || st.isFile() ? 'already exists' : st.isDirectory() ? 'is a folder' : st.isSymbolicLink() ? 'is a link' : 'is not a regular file (a pipe or a device)';
    return new UsageError(`--rejects ${name} ${what}; give the name of a new file`);
  }
  const why = e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' ? 'permission denied' : e.message;
  return new RunError(`cannot create the rejects file ${name}: ${why}`);
}
