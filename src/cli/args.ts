// Parsing of command-line values shared by commands: ids, numbers.
import { RunError, UsageError } from '../core/errors.js';

export function parseId(text: string | undefined, what = 'lead id'): number {
  if (text === undefined || !/^\d+$/.test(text.trim()) || Number(text) <= 0) {
    throw new UsageError(`${what} must be a positive whole number, not ${JSON.stringify(text ?? '')}`);
  }
  // an id longer than any there can be: echoed as typed, not as 1e+22
  if (!Number.isSafeInteger(Number(text))) throw new RunError(`no ${what.endsWith(' id') ? what.slice(0, -3) : 'lead'} ${text.trim()}`);
  return Number(text);
}

export function parseCount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${flag} must be a whole number`);
  return Number(text);
}
