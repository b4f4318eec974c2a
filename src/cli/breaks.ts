// Lines broken between items or words, never inside one, by a given measure of a text's
// cells. Light (no dependency): the messages to stderr use it at any start with a cheap
// measure; the call card's lines (wrap.ts) measure exactly with string-width.

/** How many terminal cells a text takes. */
export type Measure = (text: string) => number;

/**
 * A text's cells, never fewer than a terminal draws: a character from U+1100 on (CJK,
 * Hangul, emoji...) as two, a tab as eight, any other as one.
 */
export const cellsAtMost: Measure = (text) => {
  let n = 0;
  for (const c of text) n += c === '\t' ? 8 : c.codePointAt(0)! >= 0x1100 ? 2 : 1;
  return n;
};

/**
 * `items` joined with `sep` into lines of at most `width` cells by `measure`, broken only
 * between items; `first` starts the first line, `indent` the others. An item too long for a
 * line of its own is broken between its words; a single word too long stays whole.
 */
export function breakItems(items: string[], width: number, measure: Measure, sep = ' ', indent = '', first = ''): string[] {
  const lines: string[] = [];
  let line: string | undefined;
  for (const item of items) {
    if (line !== undefined && measure(line + sep + item) <= width) {
      line += sep + item;
      continue;
    }
    if (line !== undefined) lines.push(line);
    const start = lines.length ? indent : first;
    line = start + item;
    if (measure(line) > width && item.includes(' ')) {
      const words = breakItems(item.split(' '), width, measure, ' ', indent, start);
      lines.push(...words.slice(0, -1));
      line = words[words.length - 1];
    }
  }
  if (line !== undefined) lines.push(line);
  return lines;
}
