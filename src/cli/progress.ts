// A progress bar on stderr (a terminal only), redrawn at most ten times a second.
import type { Writable } from './io.js';

export interface ProgressBar {
  start(total: number): void;
  update(done: number, rows: number): void;
  stop(): void;
}

/** A bar for one file; does nothing for a file under `minTotal` bytes. */
export function progressBar(stream: Writable, label: string, minTotal: number): ProgressBar {
  let total = 0;
  let last = 0;
  let shown = false;
  const width = 30;
  return {
    start(t) {
      total = t;
    },
    update(done, rows) {
      if (total < minTotal) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const f = Math.min(1, done / total);
      const fill = Math.round(f * width);
      const name = label.length > 30 ? '…' + label.slice(-29) : label;
      stream.write(`\r${name} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(Math.round(f * 100)).padStart(3)}%  ${rows.toLocaleString('en-US')} rows`);
      shown = true;
    },
    stop() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
