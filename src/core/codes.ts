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

/** The batches an outcome can wait in for tonight's sort, and the contact each one makes. */
export const BATCH_CHANNEL = { letter: 'mail', email: 'email', follow_up: 'call' } as const;
export type BatchKind = keyof typeof BATCH_CHANNEL;

const BATCH_OF: Partial<Record<CodeAction, BatchKind>> = { letter: 'letter', email: 'email', finish: 'follow_up' };

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
  /** a person is spoken to: the default of every action but `retry` */
  reached?: boolean;
}

/** What a code asks of an outcome and what it does: the one reading of a codes row. */
export interface CodeRules {
  action: CodeAction;
  /** a date must come with the outcome: a call-back cannot work without one */
  needsDate: boolean;
  /** an email address must be known, on the lead or given with the outcome */
  needsEmail: boolean;
  /** a person was spoken to (the session's and the report's "reached") */
  reached: boolean;
  /** the batch the outcome waits in for tonight's sort */
  batch: BatchKind | null;
  /** never called again, so the outcome takes no date */
  final: boolean;
}

export function codeRules(c: Pick<CodeRow, 'action' | 'needs_date' | 'needs_email' | 'reached'>): CodeRules {
  const batch = BATCH_OF[c.action] ?? null;
  return {
    action: c.action,
    needsDate: c.needs_date === 1 || c.action === 'callback',
    needsEmail: c.needs_email === 1 || (batch !== null && BATCH_CHANNEL[batch] === 'email'),
    reached: c.reached === 1,
    batch,
    final: c.action === 'dnc' || c.action === 'disqualify',
  };
}

/**
 * Whether a new code means a person was spoken to: as said (`--reached`, `--not-reached`),
 * else yes but for a retry, which is tried again because nobody was reached (a retry code
 * counted as reached would inflate the contact rate).
 */
function reachedByDefault(action: CodeAction, input: Pick<NewCodeInput, 'reached' | 'notReached'>): boolean {
  if (input.reached) return true;
  if (input.notReached) return false;
  return action !== 'retry';
}

/**
 * A user's new code, checked, with what its action implies written into its row (a
 * `callback` code asks for a date, an `email` code needs an address, whatever the flags).
 * An email code must be a "reached" one: the method sends a permission email only to
 * someone spoken to directly.
 */
export function newCode(input: NewCodeInput): CodeRow {
  if (input.reached && input.notReached) throw new UsageError('--reached and --not-reached contradict each other: give one');
  const action = parseAction(input.action);
  const row: CodeRow = {
    code: parseCode(input.code),
    label: cleanLabel(input.label),
    action,
    needs_date: input.needsDate ? 1 : 0,
    needs_email: input.needsEmail ? 1 : 0,
    reached: reachedByDefault(action, input) ? 1 : 0,
    builtin: 0,
  };
  const rules = codeRules(row);
  if (rules.batch === 'email' && !rules.reached) {
    throw new UsageError('an email code is for a person reached: a permission email goes only to someone spoken to directly (drop --not-reached)');
  }
  return { ...row, needs_date: rules.needsDate ? 1 : 0, needs_email: rules.needsEmail ? 1 : 0 };
}
