// A table fitted to the terminal's width, as `gh` does: columns that fit their share keep
// their width, the wider ones share what is left, and a cell too long is cut with an ellipsis.
// Widths are display widths (an emoji or a CJK character takes two cells), from string-width;
// loaded only when a table is drawn on a terminal.
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

/** The narrowest a column is cut to while columns that must not be cut are kept whole. */
const MIN_CUT = 5;

/** Widths that fit `room`: a column at or under an even share keeps its width, the wider ones split the rest evenly. */
function share(natural: number[], room: number): number[] {
  if (natural.reduce((a, b) => a + b, 0) <= room) return natural;
  const out = [...natural];
  let open = natural.map((_, i) => i);
  for (;;) {
    const even = Math.floor(room / open.length);
    const fits = open.filter((i) => natural[i] <= even);
    if (!fits.length) break;
    for (const i of fits) room -= natural[i];
    open = open.filter((i) => natural[i] > even);
  }
  const even = Math.floor(room / open.length);
  // what an even split leaves over goes to the first wide columns, a cell each
  open.forEach((i, k) => (out[i] = Math.max(1, even + (k < room - even * open.length ? 1 : 0))));
  return out;
}

/**
 * The width of each column so that the table is at most `total` cells wide: `natural` are the
 * widest cells (header included), `overhead` the cells the borders and padding take. Columns
 * marked `keep` (a phone, a date: useless cut) stay whole while the others can still be given
 * a few cells each; past that every column is cut alike.
 */
export function fitWidths(natural: number[], total: number, overhead: number, keep: boolean[] = []): number[] {
  const room = total - overhead;
  const kept = natural.reduce((sum, w, i) => sum + (keep[i] ? w : 0), 0);
  const cut = natural.map((_, i) => (keep[i] ? -1 : i)).filter((i) => i >= 0);
  const left = room - kept;
  if (kept && left >= cut.reduce((sum, i) => sum + Math.min(natural[i], MIN_CUT), 0)) {
    const widths = share(cut.map((i) => natural[i]), left);
    const out = [...natural];
    cut.forEach((i, k) => (out[i] = widths[k]));
    return out;
  }
  return share(natural, room);
}

/**
 * The cells (header first) cut to fit `total` cells with cli-table3's borders and padding,
 * and the widths; `keep` marks the columns cut last.
 */
export function fitTable(rows: string[][], total: number, keep: boolean[] = []): { rows: string[][]; widths: number[] } {
  const n = rows[0]?.length ?? 0;
  const natural = Array.from({ length: n }, (_, c) => Math.max(...rows.map((r) => stringWidth(r[c]))));
  // a border before each column and after the last, one space of padding each side
  const widths = fitWidths(natural, total, n + 1 + 2 * n, keep);
  return { rows: rows.map((r) => r.map((cell, c) => truncateToWidth(cell, widths[c]))), widths };
}
