// Where a long output goes, a chunk at a time: stdout (waiting when the pipe is full) or a
// new private file. Small writes are gathered into 64 KiB chunks.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { RunError } from '../core/errors.js';
import type { Writable } from './io.js';
import { terminalText } from './safe.js';

const CHUNK = 64 * 1024;

export interface Sink {
  write(text: string): Promise<void>;
  /** flushes and closes; `ok` false removes a file left half-written */
  close(ok: boolean): Promise<void>;
  /** the reader went away (`leads export | head`): stop quietly */
  readonly gone: boolean;
}

/**
 * A file that must not exist yet (nor be a link), created readable by the owner only. A
 * relative FILE is in `cwd`; messages name it as typed.
 */
export function newFileSink(file: string, cwd: string, bom = false): Sink {
  const path = resolve(cwd, file);
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RunError(`${file} exists already; give a new file name (nothing is overwritten)`);
    if (code === 'ENOENT') throw new RunError(`cannot create ${file}: no such folder`);
    throw new RunError(`cannot create ${file}: ${code ?? (e as Error).message}`);
  }
  let buf = bom ? '\uFEFF' : '';
  const flush = () => {
    if (buf) writeSync(fd, buf);
    buf = '';
  };
  // the process ending before close (Ctrl-C) leaves no half-written file
  const removeHalf = () => rmSync(path, { force: true });
  process.once('exit', removeHalf);
  return {
    gone: false,
    async write(text) {
      buf += text;
      if (buf.length >= CHUNK) flush();
    },
    async close(ok) {
      try {
        if (ok) flush();
      } finally {
        closeSync(fd);
        process.removeListener('exit', removeHalf);
        if (!ok) removeHalf();
      }
    },
  };
}

type Listener = (...a: unknown[]) => void;
type Stream = Writable & {
  once?: (event: string, cb: Listener) => unknown;
  off?: (event: string, cb: Listener) => unknown;
  on?: (event: string, cb: (e: Error) => void) => unknown;
};

/** stdout: waits for 'drain' when the pipe is full, so memory stays flat; on a terminal, data cannot drive it. */
export function streamSink(stream: Stream): Sink {
  const shown = stream.isTTY ? terminalText : (s: string) => s;
  let buf = '';
  let gone = false;
  let failure: string | undefined;
  stream.on?.('error', (e: Error) => {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') gone = true;
    else failure = (e as NodeJS.ErrnoException).code ?? e.message;
  });
  const flush = async () => {
    if (failure) throw new RunError(`cannot write the output: ${failure}`);
    if (!buf || gone) return;
    const chunk = shown(buf);
    buf = '';
    if (stream.write(chunk) === false && stream.once && stream.off) {
      // the pipe is full: wait until it drains (or closes), then drop both listeners
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off!('drain', done);
          stream.off!('close', done);
          resolve();
        };
        stream.once!('drain', done);
        stream.once!('close', done);
      });
    }
  };
  return {
    get gone() {
      return gone;
    },
    async write(text) {
      buf += text;
      if (buf.length >= CHUNK) await flush();
    },
    async close(ok) {
      if (ok) await flush();
    },
  };
}
