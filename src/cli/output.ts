// Output in one place: a table on a terminal, tab-separated text when piped, JSON on request.
import type { IO } from './io.js';
import { visible } from './safe.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  align?: 'left' | 'right';
}

/** Tab-separated cells keep one record per line: tabs and line breaks inside become spaces. */
const tsvCell = (v: unknown): string => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '));

export async function printTable<T>(io: IO, columns: Column<T>[], rows: T[]): Promise<void> {
  if (!io.isTTY) {
    io.out(columns.map((c) => c.header).join('\t'));
    for (const row of rows) io.out(columns.map((c) => tsvCell(c.value(row))).join('\t'));
    return;
  }
  // cli-table3 is only needed on a terminal; it colours headers and borders unless told not to.
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: columns.map((c) => io.style.bold(c.header)),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true },
    wordWrap: true,
  });
  for (const row of rows) table.push(columns.map((c) => visible(tsvCell(c.value(row)))));
  io.out(table.toString());
}

export function printJson(io: IO, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** `label  value` lines, the labels padded to one width (a lead card, a summary). */
export function printPairs(io: IO, pairs: [string, string | number | null | undefined][]): void {
  const width = Math.max(...pairs.map(([k]) => k.length));
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    io.out(`${io.style.dim(k.padEnd(width))}  ${v}`);
  }
}
