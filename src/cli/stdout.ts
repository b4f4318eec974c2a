// The process's stdout. On a terminal or a pipe it is Node's stream; sent to a file or a
// device it is written here, each write whole and checked.
import { fstatSync, ftruncateSync } from 'node:fs';
import { isatty } from 'node:tty';
import { RunError } from '../core/errors.js';
import { fileSize, whyFileFailed, writeWhole } from '../disk/files.js';
import type { Writable } from './io.js';

/** The process's stdout: written whole through `fileOutput` when it was sent to a file or a device, else Node's stream (a terminal, a pipe). */
export function standardOutput(): Writable {
  try {
    const s = fstatSync(1);
    if (s.isFile() || ((s.isCharacterDevice() || s.isBlockDevice()) && !isatty(1))) return fileOutput(1);
  } catch {
    // no stdout at all: Node's stream says so when written to
  }
  return process.stdout;
}

/**
 * stdout sent to a file or a device (`leads export > file`): Node's own stream for these
 * drops what a short write leaves, so each write goes down whole here. A write that fails
 * (a full disk, a file size limit) takes the file back to what it held before this run
 * wrote to it, and says why; later writes of the run are dropped.
 */
export function fileOutput(fd: number): Writable {
  let start: number | null | undefined;
  let failed = false;
  let written = 0;
  return {
    isTTY: false,
    get bytesWritten() {
      return written;
    },
    write(text: string) {
      if (failed) return true;
      if (start === undefined) start = fileSize(fd);
      try {
        written += writeWhole(fd, text);
      } catch (e) {
        failed = true;
        try {
          if (start !== null) ftruncateSync(fd, start);
        } catch {
          // the file stays as far as it got; the message says the output failed
        }
        throw new RunError(`cannot write the output: ${whyFileFailed(e)}; ${start !== null ? 'the file it went to is as it was before' : 'it is incomplete'}`);
      }
      return true;
    },
  };
}
