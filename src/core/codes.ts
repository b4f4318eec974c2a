// Outcome codes: the actions a code can carry, and the checks on a code a user adds or
// renames. The codes themselves are data (the codes table, seeded with the method's 1-9).
import { UsageError } from './errors.js';

/** What logging a code does to the lead (applied by src/core/outcome.ts). */
export const CODE_ACTIONS = {
  rest: 'rests for the cool-off period, then callable again (not interested)',
  letter: "goes into tonight's letter batch",
  retry: 'retried on a later day, attempts counted (not available)',
  callback: 'asks for a call-back date; due in the queue then',
  email: "goes into tonight's email batch; needs an email address",
  finish: "goes into tonight's follow-up batch and enters the sales cycle",
  dnc: 'never called again (do not call)',
  disqualify: 'out of every queue and batch for good',
  none: 'recorded only; the lead is not moved',
} as const;
export type CodeAction = keyof typeof CODE_ACTIONS;
export const ACTION_NAMES = Object.keys(CODE_ACTIONS) as CodeAction[];

/** A row of the codes table. */
export interface CodeRow {
  code: number;
  label: string;
  action: CodeAction;
  needs_date: number;
  needs_email: number;
  reached: number;
  builtin: number;
}

export function codeJson(c: CodeRow) {
  return {
    code: c.code,
    label: c.label,
    action: c.action,
    needs_date: c.needs_date === 1,
    needs_email: c.needs_email === 1,
    reached: c.reached === 1,
    builtin: c.builtin === 1,
  };
}

/** An outcome code as typed: a whole number 0-99. */
export function parseCode(text: string | undefined): number {
  const t = (text ?? '').trim();
  if (!/^\d{1,2}$/.test(t)) throw new UsageError(`a code is a whole number from 0 to 99, not ${JSON.stringify(text ?? '')}`);
  return Number(t);
}

export function parseAction(text: string | undefined): CodeAction {
  const t = (text ?? '').trim().toLowerCase();
  if (!(ACTION_NAMES as string[]).includes(t)) {
    throw new UsageError(`unknown action ${JSON.stringify(text ?? '')}; the actions are: ${ACTION_NAMES.join(', ')}`);
  }
  return t as CodeAction;
}

/** A label is one line of text, 1-60 characters. */
export function cleanLabel(text: string | undefined): string {
  const t = (text ?? '').trim();
  if (!t) throw new UsageError('the label is empty');
  if (/[\r\n\t]/.test(t)) throw new UsageError('the label must be one line');
  if (t.length > 60) throw new UsageError('the label is longer than 60 characters');
  return t;
}

export interface NewCodeInput {
  code: string;
  label: string;
  action: string;
  needsDate?: boolean;
  needsEmail?: boolean;
  notReached?: boolean;
}

/**
 * A user's new code, checked. A `callback` code always asks for a date and an `email`
 * code always needs an address (their actions cannot work without), whatever the flags.
 */
export function newCode(input: NewCodeInput): CodeRow {
  const action = parseAction(input.action);
  return {
    code: parseCode(input.code),
    label: cleanLabel(input.label),
    action,
    needs_date: input.needsDate || action === 'callback' ? 1 : 0,
    needs_email: input.needsEmail || action === 'email' ? 1 : 0,
    reached: input.notReached ? 0 : 1,
    builtin: 0,
  };
}
