// Where a long output goes, a chunk at a time: stdout (waiting when the pipe is full) or a
// new private file. Small writes are gathered into 64 KiB chunks. Every write is checked
// whole: a failed output says so in one line and leaves no partial file.
import { resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RunError } from '../core/errors.js';
import { newOutputFile, whyFileFailed } from '../disk/files.js';
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
 * A file that must not exist yet (nor be a link), created readable by the owner only. It
 * is written under a hidden name beside FILE and takes FILE's name only once whole, so a
 * full disk, a file size limit or Ctrl-C never leaves a cut-off FILE. A relative FILE is
 * in `cwd`; messages name it as typed.
 */
export function newFileSink(file: string, cwd: string, bom = false): Sink {
  const out = newOutputFile(resolve(cwd, file), file);
  let buf = bom ? '\uFEFF' : '';
  const flush = () => {
    if (buf) out.write(buf);
    buf = '';
  };
  return {
    gone: false,
    async write(text) {
      buf += text;
      if (buf.length < CHUNK) return;
      flush();
      // a chunk written: the event loop turns, so a signal is heard (and its line told) mid-file
      await nextTurn();
    },
    async close(ok) {
      if (!ok) return out.discard();
      flush();
      out.finish();
    },
  };
}

type Listener = (...a: unknown[]) => void;
type Stream = Writable & {
  once?: (event: string, cb: Listener) => unknown;
  off?: (event: string, cb: Listener) => unknown;
  on?: (event: string, cb: (e: Error) => void) => unknown;
};

/**
 * stdout: waits for 'drain' when the pipe is full, so memory stays flat; on a terminal, data
 * cannot drive it (`shown`: how text is made safe there, unless the caller made it so).
 * After each chunk the event loop turns, so a closed pipe or a signal is heard at once.
 */
export function streamSink(stream: Stream, shown: (s: string) => string = stream.isTTY ? terminalText : (s) => s): Sink {
  let buf = '';
  let gone = false;
  let failure: string | undefined;
  stream.on?.('error', (e: Error) => {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') gone = true;
    else failure = whyFileFailed(e);
  });
  const flush = async () => {
    if (failure) throw new RunError(`cannot write the output: ${failure}`);
    if (!buf || gone) return;
    const chunk = shown(buf);
    buf = '';
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (gone) return;
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
