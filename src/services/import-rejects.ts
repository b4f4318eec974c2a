// `--rejects FILE`: the rows an import rejected, as CSV with their line and reason. The file
// is made new when the import starts (so a mistake is told before anything is read) and is
// whole or absent: written under a partial name beside it (disk/files.ts newOutputFile) and
// given its name only when the import is done, so an import that fails, a write that fails,
// or the process ending first (a signal, a kill) never leaves a cut-off FILE in the way of
// the next run.
import { lstatSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { RunError, UsageError } from '../core/errors.js';
import { csvLine } from '../core/csv.js';
import { newOutputFile, type NewFile } from '../disk/files.js';

export class RejectsFile {
  private file: NewFile | null;
  private headerWritten = false;

  /** Makes the file, owner-only; `name` is the path as typed, which messages use. */
  constructor(
    readonly name: string,
    cwd: string,
  ) {
    const path = resolve(cwd, name);
    const there = lstatSync(path, { throwIfNoEntry: false });
    if (there) throw refusal(name, there);
    this.file = newOutputFile(path, name);
  }

  /** One rejected row: its line, the reason, and its cells under the file's headers. */
  write(line: number, reason: string, headers: string[], cells: string[] | null): void {
    if (!this.headerWritten) {
      this.put(csvLine(['line', 'reason', ...headers]));
      this.headerWritten = true;
    }
    this.put(csvLine([String(line), reason, ...(cells ?? [])]));
  }

  /** A write that fails has removed the file; it fails the import, which saves nothing. */
  private put(text: string): void {
    try {
      this.file?.write(text);
    } catch (e) {
      this.file = null;
      throw new RunError(`${(e as Error).message}, and nothing of this import was saved`);
    }
  }

  /** The import is done (saved): the file is kept, whole, under its name; or, failing that, removed and said. */
  keep(): void {
    const file = this.file;
    this.file = null;
    file?.finish();
  }

  /** The import failed or was not finished: the file goes. */
  discard(): void {
    this.file?.discard();
    this.file = null;
  }
}

/** Why --rejects names something already there: a file, a folder, a link, a pipe or a device. */
function refusal(name: string, st: Stats): Error {
  const what = st.isFile() ? 'already exists' : st.isDirectory() ? 'is a folder' : st.isSymbolicLink() ? 'is a link' : 'is not a regular file (a pipe or a device)';
  return new UsageError(`--rejects ${name} ${what}; give the name of a new file`);
}
