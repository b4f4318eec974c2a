// Output in one place: a table on a terminal, tab-separated text when piped, JSON on request.
import type { IO } from './io.js';
import { visible } from './safe.js';
import type { Fit } from './fit.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  align?: 'left' | 'right';
  /** on a narrow terminal: `text` shrinks first, `keep` (a phone, a date, a path) last; by default a short column */
  fit?: Fit;
  /** cells a `text` column keeps to stay readable (a name); below that, less useful columns go first */
  readable?: number;
  /** dropped on a narrow terminal to keep the readable columns readable: the lowest rank first; without one, never */
  dropRank?: number;
}

/** Tab-separated cells keep one record per line: tabs and line breaks inside become spaces. */
const tsvCell = (v: unknown): string => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '));

export async function printTable<T>(io: IO, columns: Column<T>[], rows: T[]): Promise<void> {
  if (!io.isTTY) {
    io.out(columns.map((c) => c.header).join('\t'));
    for (const row of rows) io.out(columns.map((c) => tsvCell(c.value(row))).join('\t'));
    return;
  }
  // cli-table3 and the width fitting are only needed on a terminal; cli-table3 colours
  // headers and borders unless told not to.
  const [{ default: Table }, { fitTable, padToWidth, GAP }] = await Promise.all([import('cli-table3'), import('./fit.js')]);
  const cells = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => visible(tsvCell(c.value(row)))))];
  const fitted = fitTable(cells, io.stdout.columns || 80, columns.map((c) => c.fit ?? 'short'), {
    readable: columns.map((c) => c.readable ?? 0),
    dropRank: columns.map((c) => c.dropRank),
  });
  const aligns = fitted.columns.map((c) => columns[c].align ?? 'left');
  if (fitted.boxed) {
    const table = new Table({
      head: fitted.rows[0].map((h) => io.style.bold(h)),
      colAligns: aligns,
      colWidths: fitted.widths.map((w) => w + 2),
      style: { head: [], border: [], compact: true },
      wordWrap: false,
    });
    for (const row of fitted.rows.slice(1)) table.push(row);
    return io.out(table.toString());
  }
  // the last column is not padded: no trailing spaces
  const last = fitted.widths.length - 1;
  const width = (k: number) => (k < last || aligns[k] === 'right' ? fitted.widths[k] : 0);
  fitted.rows.forEach((row, i) =>
    io.out(row.map((cell, k) => padToWidth(cell, width(k), aligns[k], i ? undefined : io.style.bold)).join(' '.repeat(GAP))),
  );
}

export function printJson(io: IO, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/**
 * `label  value` lines, the labels padded to one width (a lead card, a summary). `wrap` (the
 * call card's, on a terminal) breaks a long value into lines, shown under one another.
 * `style` colours a value (a warning in red).
 */
export function printPairs(
  io: IO,
  pairs: [string, string | number | null | undefined, ((s: string) => string)?][],
  wrap: (text: string, room: number) => string[] = (text) => [text],
): void {
  const width = Math.max(...pairs.map(([k]) => k.length));
  const room = (io.stdout.columns || 80) - width - 2;
  for (const [k, v, style = (s: string) => s] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    wrap(String(v), room).forEach((line, i) => io.out(`${i ? ' '.repeat(width) : io.style.dim(k.padEnd(width))}  ${style(line)}`));
  }
}
