// Lines wrapped to the terminal's width at item or word boundaries, never inside a word: a
// terminal left to wrap a long line cuts `permission` into `permis` / `sion`.
import stringWidth from 'string-width';
import { breakItems } from './breaks.js';
import type { IO } from './io.js';

/** The width to wrap to: the terminal's, or none when piped (a piped line stays whole). */
export const wrapWidth = (io: IO): number => (io.isTTY ? io.stdout.columns || 80 : Infinity);

/**
 * `items` joined with `sep` into lines of at most `width` cells, broken only between items;
 * `first` starts the first line, `indent` the others. An item too long for a line of its own
 * is broken between its words; a single word too long stays whole.
 */
export const wrapItems = (items: string[], width: number, sep = ' ', indent = '', first = ''): string[] =>
  breakItems(items, width, stringWidth, sep, indent, first);

/** `text` wrapped between its words; `indent` starts each line after the first. */
export const wrapWords = (text: string, width: number, indent = ''): string[] => wrapItems(text.split(' '), width, ' ', indent);

/** `text` wrapped between its clauses (after a comma) where it can, else between its words. */
export const wrapClauses = (text: string, width: number, indent = ''): string[] =>
  wrapItems(text.split(', ').map((part, i, all) => (i < all.length - 1 ? `${part},` : part)), width, ' ', indent);
