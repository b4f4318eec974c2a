// Parsing of command-line values shared by commands: ids, numbers.
import { UsageError } from '../core/errors.js';

export function parseId(text: string | undefined, what = 'lead id'): number {
  if (text === undefined || !/^\d+$/.test(text.trim()) || Number(text) <= 0) {
    throw new UsageError(`${what} must be a positive whole number, not ${JSON.stringify(text ?? '')}`);
  }
  return Number(text);
}

export function parseCount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} must be a whole number`);
  return Number(text);
}
