// Lines wrapped to the terminal's width at item or word boundaries, never inside a word: a
// terminal left to wrap a long line cuts `permission` into `permis` / `sion`.
import stringWidth from 'string-width';
import type { IO } from './io.js';

/** The width to wrap to: the terminal's, or none when piped (a piped line stays whole). */
export const wrapWidth = (io: IO): number => (io.isTTY ? io.stdout.columns || 80 : Infinity);

/**
 * `items` joined with `sep` into lines of at most `width` cells, broken only between items;
 * `first` starts the first line, `indent` the others. An item too long for a line of its own
 * is broken between its words; a single word too long stays whole.
 */
export function wrapItems(items: string[], width: number, sep = ' ', indent = '', first = ''): string[] {
  const lines: string[] = [];
  let line: string | undefined;
  for (const item of items) {
    if (line !== undefined && stringWidth(line + sep + item) <= width) {
      line += sep + item;
      continue;
    }
    if (line !== undefined) lines.push(line);
    const start = lines.length ? indent : first;
    line = start + item;
    if (stringWidth(line) > width && item.includes(' ')) {
      const words = wrapItems(item.split(' '), width, ' ', indent, start);
      lines.push(...words.slice(0, -1));
      line = words[words.length - 1];
    }
  }
  if (line !== undefined) lines.push(line);
  return lines;
}

/** `text` wrapped between its words; `indent` starts each line after the first. */
export const wrapWords = (text: string, width: number, indent = ''): string[] => wrapItems(text.split(' '), width, ' ', indent);

/** `text` wrapped between its clauses (after a comma) where it can, else between its words. */
export const wrapClauses = (text: string, width: number, indent = ''): string[] =>
  wrapItems(text.split(', ').map((part, i, all) => (i < all.length - 1 ? `${part},` : part)), width, ' ', indent);
