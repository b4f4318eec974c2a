// The outcome rules: what logging a code on a call does to the lead. One pure function,
// used by `leads log` and the call session alike (src/services/outcome.ts applies it).
import { codeRules, type BatchKind, type CodeRow } from './codes.js';
import { checkNextContact, nextBusinessDay, toIso, WHEN_FORMS } from './dates.js';
import { RunError, UsageError } from './errors.js';
import type { LeadRow } from './lead.js';
import { looksLikeEmail, normaliseEmail } from './normalise.js';
import { intSetting, type Settings } from './settings.js';

/** Why nobody was reached on a not-available (retry) call. */
export const RESULTS = {
  no_answer: 'no answer',
  voicemail: 'voicemail left',
  busy: 'busy',
  someone_else: 'talked to someone else',
} as const;
export type CallResult = keyof typeof RESULTS;
export const RESULT_NAMES = Object.keys(RESULTS) as CallResult[];

const RESULT_ALIASES: Record<string, CallResult> = {
  'no-answer': 'no_answer', 'no answer': 'no_answer', noanswer: 'no_answer', na: 'no_answer',
  vm: 'voicemail', 'voice-mail': 'voicemail', 'voice mail': 'voicemail', voicemail_left: 'voicemail',
  'someone-else': 'someone_else', 'someone else': 'someone_else', other: 'someone_else',
};

export function parseResult(text: string): CallResult {
  const t = text.trim().toLowerCase();
  if ((RESULT_NAMES as string[]).includes(t)) return t as CallResult;
  if (RESULT_ALIASES[t]) return RESULT_ALIASES[t];
  throw new UsageError(`unknown result ${JSON.stringify(text)}; the results are: ${RESULT_NAMES.join(', ')}`);
}

/** The lead columns an outcome may change (and undo restores). */
export const OUTCOME_COLUMNS = [
  'status',
  'code',
  'stage',
  'stage_at',
  'thinking_count',
  'cycles',
  'attempts',
  'last_called_at',
  'next_contact_at',
  'do_not_call',
  'email',
  'email_norm',
] as const;
export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number];
export type LeadChanges = Partial<Pick<LeadRow, OutcomeColumn>>;

/** A touch the outcome adds beside the call itself (a do-not-call request, a rest note, an edit). */
export interface ExtraTouch {
  channel: 'dnc' | 'note' | 'edit';
  note: string | null;
  data: Record<string, unknown>;
}

export interface OutcomeInput {
  lead: LeadRow;
  code: CodeRow;
  settings: Settings;
  /** when the call was made */
  at: Date;
  /** the date asked for (call-back, follow-up, or an override of the code's own next date) */
  next?: Date | null;
  result?: CallResult | null;
  /** an email address given with the outcome (needed by email codes when the lead has none) */
  email?: string | null;
  note?: string | null;
}

export interface OutcomePlan {
  changes: LeadChanges;
  /** the lead's values of the changed columns before the call: what undo restores */
  before: LeadChanges;
  call: { code: number; result: CallResult | null; note: string | null };
  extra: ExtraTouch[];
  batchItem: BatchKind | null;
  /** a person was spoken to (the session's and report's "reached") */
  reached: boolean;
  /** said to the user, the outcome is still recorded */
  warnings: string[];
}

const name = (c: CodeRow) => `code ${c.code} (${c.label})`;

/** Local midnight `days` days after the day of `at`: the lead is callable from that day on. */
export function dayStart(at: Date, days: number): Date {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate() + days);
}

/**
 * The rules of the method, as data in the codes table (read through `codeRules`) and the
 * settings (`rules.cool_off_days`, `rules.retry_limit`, `rules.recall_days`):
 *
 * - every call: `code`, `last_called_at`; a person reached resets `attempts`
 * - rest (1): callable again after the cool-off (default 180 days)
 * - letter (2), email (5): a pending letter/email for tonight's sort; called again after
 *   `rules.recall_days`; email needs an address (given, or on the lead)
 * - retry (3): attempts + 1, callable the next day; at `rules.retry_limit` attempts the lead
 *   rests for the cool-off, with a note saying so
 * - callback (4): the date is required and becomes the next contact
 * - finish (6): a pending follow-up; enters the cycle (status `cycle`, stage `quote`, cycles + 1,
 *   thinking 0) unless already in it; next contact is the follow-up date (next business day, 9:00)
 * - dnc (7): do-not-call, never queued again; disqualify (9): status `disqualified`
 * - none (custom): recorded; the next contact is the date given, else left as it was
 *
 * A date given with any code (except dnc and disqualify) replaces the code's own next date.
 */
export function applyOutcome(input: OutcomeInput): OutcomePlan {
  const { lead, code, settings, at } = input;
  const rules = codeRules(code);
  const action = rules.action;
  const next = input.next ?? null;
  const warnings: string[] = [];

  if (lead.status === 'disqualified' && action !== 'disqualify') {
    throw new RunError(`lead ${lead.id} is disqualified (out of every queue for good); no call outcome can be logged`);
  }
  if (lead.last_called_at && at.toISOString() < lead.last_called_at) {
    // the lead's state is its last call's: an older call logged now would roll it back
    throw new UsageError(`lead ${lead.id} has a later call (${lead.last_called_at}); log calls in the order they were made`);
  }
  if (next && rules.final) {
    throw new UsageError(`${name(code)} is never called again and takes no date`);
  }
  if (rules.needsDate && !next) throw new UsageError(`${name(code)} needs a date (--next: ${WHEN_FORMS})`);
  if (next && next.getTime() <= at.getTime()) {
    throw new UsageError(`the next contact date must be after the call (${name(code)})`);
  }
  if (at.toISOString() < lead.created_at) {
    throw new UsageError(`the call time ${toIso(at)} is before lead ${lead.id} was registered (${lead.created_at})`);
  }
  if (next) checkNextContact(next, at);
  if (input.result && action !== 'retry') {
    throw new UsageError(`a result (${RESULT_NAMES.join(', ')}) is only for a not-available code, not ${name(code)}`);
  }
  if (input.email && action !== 'email' && code.needs_email !== 1) {
    throw new UsageError(`an email address is only for an email code, not ${name(code)}`);
  }

  const changes: LeadChanges = { code: code.code, last_called_at: toIso(at) };
  const extra: ExtraTouch[] = [];
  const batchItem = rules.batch;
  const reached = rules.reached;
  if (reached && lead.attempts !== 0) changes.attempts = 0;

  const email = input.email?.trim() || null;
  if (email) {
    if (!looksLikeEmail(email)) throw new UsageError('the email address does not look like one');
    const norm = normaliseEmail(email);
    if (email !== lead.email) {
      changes.email = email;
      changes.email_norm = norm;
      extra.push({ channel: 'edit', note: null, data: { changed: { email: { from: lead.email, to: email } } } });
    }
  }
  if (rules.needsEmail && !email && !lead.email) {
    throw new UsageError(`${name(code)} needs an email address (--email), and lead ${lead.id} has none`);
  }

  const coolOff = intSetting(settings, 'rules.cool_off_days');
  const recall = intSetting(settings, 'rules.recall_days');
  const nextAt = (d: Date) => (changes.next_contact_at = toIso(next ?? d));

  switch (action) {
    case 'rest':
      nextAt(dayStart(at, coolOff));
      break;
    case 'letter':
    case 'email':
      nextAt(dayStart(at, recall));
      if (action === 'email' && lead.do_not_email) {
        warnings.push(`lead ${lead.id} asked not to be emailed: the sort will leave the email out`);
      }
      if (action === 'letter' && lead.do_not_mail) {
        warnings.push(`lead ${lead.id} asked not to be mailed: the sort will leave the letter out`);
      }
      break;
    case 'retry': {
      const attempts = lead.attempts + 1;
      const limit = intSetting(settings, 'rules.retry_limit');
      if (limit > 0 && attempts >= limit) {
        // enough tries: the lead rests like a not-interested one, and the history says why
        changes.attempts = 0;
        nextAt(dayStart(at, coolOff));
        extra.push({
          channel: 'note',
          note: `rests for ${coolOff} days after ${attempts} calls without reaching anyone`,
          data: { attempts, rests_until: changes.next_contact_at },
        });
      } else {
        changes.attempts = attempts;
        nextAt(dayStart(at, 1));
      }
      break;
    }
    case 'callback':
      nextAt(next!);
      break;
    case 'finish':
      if (lead.status !== 'cycle') {
        changes.status = 'cycle';
        changes.stage = 'quote';
        changes.stage_at = toIso(at);
        changes.cycles = lead.cycles + 1;
        changes.thinking_count = 0;
      }
      nextAt(nextBusinessDay(at, 9));
      break;
    case 'dnc':
      changes.next_contact_at = null;
      if (!lead.do_not_call) {
        changes.do_not_call = 1;
        extra.push({ channel: 'dnc', note: `asked on a call (${name(code)})`, data: { call: true } });
      }
      break;
    case 'disqualify':
      changes.status = 'disqualified';
      changes.next_contact_at = null;
      break;
    case 'none':
      if (next) nextAt(next);
      break;
  }
  if (lead.do_not_call && action !== 'dnc') {
    warnings.push(`lead ${lead.id} is on do-not-call: it stays out of the queue`);
  }

  const before: LeadChanges = {};
  for (const k of Object.keys(changes) as OutcomeColumn[]) (before as Record<string, unknown>)[k] = lead[k];
  // columns the outcome sets to the value they already hold are not changes
  for (const k of Object.keys(changes) as OutcomeColumn[]) {
    if (changes[k] === lead[k] && k !== 'code' && k !== 'last_called_at') {
      delete changes[k];
      delete before[k];
    }
  }
  return {
    changes,
    before,
    call: { code: code.code, result: input.result ?? null, note: input.note?.trim() || null },
    extra,
    batchItem,
    reached,
    warnings,
  };
}

/** The columns to restore when an outcome is undone: what the call touch kept of the lead. */
export function undoChanges(callData: string | null): LeadChanges {
  if (!callData) return {};
  const data = JSON.parse(callData) as { before?: LeadChanges };
  const out: LeadChanges = {};
  for (const k of OUTCOME_COLUMNS) {
    if (data.before && k in data.before) (out as Record<string, unknown>)[k] = data.before[k];
  }
  return out;
}
