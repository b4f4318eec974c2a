// Output in one place: a table on a terminal, tab-separated text when piped, JSON on request.
import type { IO } from './io.js';
import { terminalLine, visible } from './safe.js';
import { streamSink, type Sink } from './sink.js';
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

/** Rows as an array, or as a query run anew each time it is read (a million leads never held at once). */
export type Rows<T> = readonly T[] | (() => Iterable<T>);

/** A table on a terminal is boxed only this long: cli-table3 draws it as one string. */
const BOXED_ROWS = 1000;

/**
 * A table of rows, written as they come with the pipe's pace (memory stays flat): piped,
 * tab-separated lines; on a terminal, fitted to its width (a first pass over the rows
 * measures them), boxed when it fits and is short.
 */
export async function printTable<T>(io: IO, columns: Column<T>[], rows: Rows<T>): Promise<void> {
  const each = typeof rows === 'function' ? rows : () => rows;
  const sink = streamSink(io.stdout, (text) => text);
  let ok = false;
  try {
    if (!io.isTTY) {
      await sink.write(columns.map((c) => c.header).join('\t') + '\n');
      for (const row of each()) {
        await sink.write(columns.map((c) => tsvCell(c.value(row))).join('\t') + '\n');
        if (sink.gone) break;
      }
    } else await terminalTable(io, sink, columns, each);
    ok = true;
  } finally {
    await sink.close(ok);
  }
}

/** The terminal's table: measured in a first pass, then written row by row (or boxed whole when short). */
async function terminalTable<T>(io: IO, sink: Sink, columns: Column<T>[], each: () => Iterable<T>): Promise<void> {
  // cli-table3 and the width fitting are only needed on a terminal; cli-table3 colours
  // headers and borders unless told not to.
  const [{ default: Table }, { fitColumns, padToWidth, truncateToWidth, GAP }, { default: stringWidth }] = await Promise.all([
    import('cli-table3'),
    import('./fit.js'),
    import('string-width'),
  ]);
  const cells = (row: T) => columns.map((c) => visible(tsvCell(c.value(row))));
  const natural = columns.map((c) => stringWidth(c.header));
  const values = columns.map(() => 0);
  let count = 0;
  for (const row of each()) {
    cells(row).forEach((cell, c) => {
      const w = stringWidth(cell);
      if (w > values[c]) values[c] = w;
      if (w > natural[c]) natural[c] = w;
    });
    count++;
  }
  const fit = fitColumns(natural, values, columns.map((c) => c.fit ?? 'short'), io.stdout.columns || 80, count, {
    readable: columns.map((c) => c.readable ?? 0),
    dropRank: columns.map((c) => c.dropRank),
  });
  const aligns = fit.columns.map((c) => columns[c].align ?? 'left');
  const line = (text: string) => sink.write(terminalLine(text) + '\n');
  if (fit.boxed && count <= BOXED_ROWS) {
    const table = new Table({
      head: columns.map((c) => io.style.bold(c.header)),
      colAligns: aligns,
      colWidths: fit.widths.map((w) => w + 2),
      style: { head: [], border: [], compact: true },
      wordWrap: false,
    });
    for (const row of each()) table.push(cells(row));
    return line(table.toString());
  }
  // the light table; the last column is not padded: no trailing spaces
  const last = fit.widths.length - 1;
  const width = (k: number) => (k < last || aligns[k] === 'right' ? fit.widths[k] : 0);
  const light = (row: string[], style?: (s: string) => string) =>
    fit.columns.map((c, k) => padToWidth(truncateToWidth(row[c], fit.widths[k]), width(k), aligns[k], style)).join(' '.repeat(GAP));
  await line(light(columns.map((c) => c.header), io.style.bold));
  for (const row of each()) {
    await line(light(cells(row)));
    if (sink.gone) break;
  }
}

/** A JSON array of rows (each as `json` makes it) written one by one, laid out as printJson lays out an array. */
export async function printJsonRows<T>(io: IO, rows: Iterable<T>, json: (row: T) => unknown): Promise<void> {
  const sink = streamSink(io.stdout);
  let ok = false;
  let n = 0;
  try {
    for (const row of rows) {
      await sink.write(`${n++ ? ',\n' : '[\n'}  ${JSON.stringify(json(row), null, 2).replace(/\n/g, '\n  ')}`);
      if (sink.gone) break;
    }
    await sink.write(n ? '\n]\n' : '[]\n');
    ok = true;
  } finally {
    await sink.close(ok);
  }
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
