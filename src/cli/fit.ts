// A table fitted to the terminal's width, as `gh` does. A table that fits whole keeps its box;
// a narrower terminal gets gh's lighter table (no borders, two spaces between columns) so the
// width goes to data, and the columns give up cells in an order: free text first, widest
// first; then a short column's header; then free text further; phones, dates, ids and paths
// last. Widths are display widths (an emoji or a CJK character takes two cells), from
// string-width; loaded only when a table is drawn on a terminal.
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();

/** `text` cut to at most `width` cells, ending in `…` when cut; never splits a character. */
export function truncateToWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out.trimEnd() + '…';
}

/** `text` padded with spaces to `width` cells; `style` (bold, say) colours the text, not the padding. */
export function padToWidth(text: string, width: number, align: 'left' | 'right', style = (s: string) => s): string {
  const pad = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? pad + style(text) : style(text) + pad;
}

/**
 * How a column gives up width: `text` (a name, a company, a file) first; `short` (a count, a
 * code, a status) only by abbreviating its header, never below its widest value; `keep` (a
 * phone, a date, an id, a folder) last.
 */
export type Fit = 'text' | 'short' | 'keep';

/** Free text keeps this many cells until the short headers have been abbreviated. */
const TEXT_MIN = 10;
/** An abbreviated header keeps three letters before its `…`: `let…` and `lef…` stay apart. */
const HEADER_MIN = 4;
/** The narrowest a cut text, phone or date gets: a few characters and the `…`, never a lone `…`. */
const CUT_MIN = 4;

/** Columns in `cols` narrowed, widest first, toward `floor(i)` until `excess` cells are saved; the excess left. */
function shrink(widths: number[], cols: number[], floor: (i: number) => number, excess: number): number {
  while (excess > 0) {
    let widest = -1;
    for (const i of cols) if (widths[i] > floor(i) && (widest < 0 || widths[i] > widths[widest])) widest = i;
    if (widest < 0) break;
    widths[widest]--;
    excess--;
  }
  return excess;
}

/**
 * The width of each column so that they add up to at most `room` cells: `natural` are the
 * widest cells (header included), `values` the widest values (header left out).
 */
export function fitWidths(natural: number[], values: number[], fits: Fit[], room: number): number[] {
  const widths = [...natural];
  const of = (fit: Fit) => fits.flatMap((f, i) => (f === fit ? [i] : []));
  const steps: [number[], (i: number) => number][] = [
    [of('text'), (i) => Math.min(natural[i], TEXT_MIN)],
    [of('short'), (i) => Math.max(values[i], Math.min(natural[i], HEADER_MIN))],
    [of('text'), (i) => Math.min(natural[i], CUT_MIN)],
    [of('keep'), (i) => Math.min(natural[i], CUT_MIN)],
    [natural.map((_, i) => i), (i) => Math.min(natural[i], 2)],
  ];
  let excess = natural.reduce((a, b) => a + b, 0) - room;
  for (const [cols, floor] of steps) excess = shrink(widths, cols, floor, excess);
  return widths;
}

/** Two spaces between the columns of the light table, as gh has. */
export const GAP = 2;

/** What keeps a table readable on a narrow terminal: each column's readable width, and the order columns are dropped in. */
export interface Readability {
  /** cells a column keeps to stay readable (0: none asked) */
  readable: number[];
  /** the rank a column is dropped at (lowest first); undefined: never dropped */
  dropRank: (number | undefined)[];
}

/**
 * The cells (header first) fitted to `total` cells: `boxed` when the whole table fits with
 * cli-table3's borders and padding; else the columns (their indices) of a light table, those
 * empty in every row left out, each cell cut to its column's width. A column that would be
 * cut below its readable width (a name cut to three letters) makes the least useful column
 * go first, one at a time, while one can.
 */
export function fitTable(
  rows: string[][],
  total: number,
  fits: Fit[],
  keep: Readability = { readable: [], dropRank: [] },
): { boxed: boolean; columns: number[]; rows: string[][]; widths: number[] } {
  const n = rows[0]?.length ?? 0;
  const all = Array.from({ length: n }, (_, c) => c);
  const widest = (c: number, from: number) => Math.max(0, ...rows.slice(from).map((r) => stringWidth(r[c])));
  const natural = all.map((c) => widest(c, 0));
  // a border before each column and after the last, one space of padding each side
  if (natural.reduce((a, b) => a + b, 0) + 3 * n + 1 <= total) return { boxed: true, columns: all, rows, widths: natural };
  const shown = rows.length > 1 ? all.filter((c) => widest(c, 1) > 0) : all;
  const widthsOf = (columns: number[]) =>
    fitWidths(
      columns.map((c) => natural[c]),
      columns.map((c) => widest(c, 1)),
      columns.map((c) => fits[c]),
      total - GAP * (columns.length - 1),
    );
  const readable = (columns: number[], widths: number[]) => columns.every((c, k) => widths[k] >= Math.min(natural[c], keep.readable[c] ?? 0));
  // the least useful columns go one at a time until the readable ones are; then those that
  // fit back beside them (a narrow one dropped before a wide one) come back
  let columns = shown;
  const dropped: number[] = [];
  for (;;) {
    const droppable = columns.filter((c) => keep.dropRank[c] !== undefined);
    if (readable(columns, widthsOf(columns)) || !droppable.length) break;
    const drop = droppable.reduce((a, b) => (keep.dropRank[b]! < keep.dropRank[a]! ? b : a));
    dropped.push(drop);
    columns = columns.filter((c) => c !== drop);
  }
  for (const c of dropped.slice(0, -1).reverse()) {
    const back = shown.filter((s) => s === c || columns.includes(s));
    if (readable(back, widthsOf(back))) columns = back;
  }
  const widths = widthsOf(columns);
  return { boxed: false, columns, rows: rows.map((r) => columns.map((c, k) => truncateToWidth(r[c], widths[k]))), widths };
}
