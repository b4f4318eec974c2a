// The outcome rules: what logging a code on a call does to the lead. One pure function,
// used by `leads log` and the call session alike (src/services/outcome.ts applies it).
import { codeRules, type BatchKind, type CodeAction, type CodeRow, type CodeRules } from './codes.js';
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
  'street',
  'city',
  'region',
  'postal_code',
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
  /** a postal address given with a letter code, for a lead that has none */
  address?: PostalAddress | null;
  note?: string | null;
}

/** The parts of a postal address a letter needs, as typed (empty parts left out). */
export type PostalAddress = Partial<Record<'street' | 'city' | 'region' | 'postal_code', string>>;

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

/** What an action's handler reads of the outcome and what it adds to the plan. */
interface Step {
  lead: LeadRow;
  code: CodeRow;
  settings: Settings;
  at: Date;
  /** the date asked for, if any */
  next: Date | null;
  coolOff: number;
  recall: number;
  changes: LeadChanges;
  extra: ExtraTouch[];
  warnings: string[];
}

/** Sets the next contact: the date asked for, else the code's own `d`. */
function nextAt(s: Step, d: Date): void {
  s.changes.next_contact_at = toIso(s.next ?? d);
}

/**
 * What each action does to the lead beyond recording the call. The rules of the method, as
 * data in the codes table (read through `codeRules`) and the settings
 * (`rules.cool_off_days`, `rules.retry_limit`, `rules.recall_days`). A date given with any
 * code (except dnc and disqualify, which refuse one) replaces the code's own next date.
 */
const ACTIONS: Record<CodeAction, (s: Step) => void> = {
  /** not interested: callable again after the cool-off (default 180 days) */
  rest: (s) => nextAt(s, dayStart(s.at, s.coolOff)),
  /** a pending letter for tonight's sort; called again after `rules.recall_days` */
  letter: (s) => {
    nextAt(s, dayStart(s.at, s.recall));
    if (s.lead.do_not_mail) s.warnings.push(`lead ${s.lead.id} asked not to be mailed: the sort will leave the letter out`);
  },
  /** a pending email, as a letter; the address was checked before */
  email: (s) => {
    nextAt(s, dayStart(s.at, s.recall));
    if (s.lead.do_not_email) s.warnings.push(`lead ${s.lead.id} asked not to be emailed: the sort will leave the email out`);
  },
  retry,
  /** the date is required and becomes the next contact */
  callback: (s) => nextAt(s, s.next!),
  finish: enterCycle,
  /** do-not-call: never queued again */
  dnc: (s) => {
    s.changes.next_contact_at = null;
    if (!s.lead.do_not_call) {
      s.changes.do_not_call = 1;
      s.extra.push({ channel: 'dnc', note: `asked on a call (${name(s.code)})`, data: { call: true } });
    }
  },
  disqualify: (s) => {
    s.changes.status = 'disqualified';
    s.changes.next_contact_at = null;
  },
  /** a custom code: recorded; the next contact is the date given, else left as it was */
  none: (s) => {
    if (s.next) nextAt(s, s.next);
  },
};

/**
 * Not available: attempts + 1, callable the next day; at `rules.retry_limit` attempts the
 * lead rests for the cool-off, with a note saying so.
 */
function retry(s: Step): void {
  const attempts = s.lead.attempts + 1;
  const limit = intSetting(s.settings, 'rules.retry_limit');
  if (limit > 0 && attempts >= limit) {
    // enough tries: the lead rests like a not-interested one, and the history says why
    s.changes.attempts = 0;
    nextAt(s, dayStart(s.at, s.coolOff));
    s.extra.push({
      channel: 'note',
      note: `rests for ${s.coolOff} days after ${attempts} calls without reaching anyone`,
      data: { attempts, rests_until: s.changes.next_contact_at },
    });
  } else {
    s.changes.attempts = attempts;
    nextAt(s, dayStart(s.at, 1));
  }
}

/**
 * Finished lead: a pending follow-up; enters the cycle (status `cycle`, stage `quote`,
 * cycles + 1, thinking 0) unless already in it; the next contact is the follow-up date
 * (next business day, 9:00).
 */
function enterCycle(s: Step): void {
  if (s.lead.status !== 'cycle') {
    s.changes.status = 'cycle';
    s.changes.stage = 'quote';
    s.changes.stage_at = toIso(s.at);
    s.changes.cycles = s.lead.cycles + 1;
    s.changes.thinking_count = 0;
  }
  nextAt(s, nextBusinessDay(s.at, 9));
}

/** Refuses an outcome that cannot be logged as given: the lead, the order of calls, the date, the extras. */
function checkInput(input: OutcomeInput, rules: CodeRules): void {
  const { lead, code, at } = input;
  const next = input.next ?? null;
  if (lead.status === 'disqualified' && rules.action !== 'disqualify') {
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
  if (input.result && rules.action !== 'retry') {
    throw new UsageError(`a result (${RESULT_NAMES.join(', ')}) is only for a not-available code, not ${name(code)}`);
  }
  if (input.email && rules.action !== 'email' && code.needs_email !== 1) {
    throw new UsageError(`an email address is only for an email code, not ${name(code)}`);
  }
}

/**
 * An email address given with the outcome becomes the lead's (an edit touch says so); an
 * email code needs one, given or on the lead.
 */
function takeEmail(input: OutcomeInput, rules: CodeRules, changes: LeadChanges, extra: ExtraTouch[]): void {
  const { lead, code } = input;
  const email = input.email?.trim() || null;
  if (email) {
    if (!looksLikeEmail(email)) throw new UsageError('the email address does not look like one');
    if (email !== lead.email) {
      changes.email = email;
      changes.email_norm = normaliseEmail(email);
      extra.push({ channel: 'edit', note: null, data: { changed: { email: { from: lead.email, to: email } } } });
    }
  }
  if (rules.needsEmail && !email && !lead.email) {
    throw new UsageError(`${name(code)} needs an email address (--email), and lead ${lead.id} has none`);
  }
}

/**
 * A postal address given with a letter code fills the parts the lead lacks (an edit touch
 * says so); a part it has is never overwritten here (`leads edit` changes it).
 */
function takeAddress(input: OutcomeInput, rules: CodeRules, changes: LeadChanges, extra: ExtraTouch[]): void {
  const given = Object.entries(input.address ?? {}).filter(([, v]) => v?.trim()) as [keyof PostalAddress, string][];
  if (!given.length) return;
  if (rules.batch !== 'letter') throw new UsageError(`a postal address is only for a letter code, not ${name(input.code)}`);
  const changed: Record<string, { from: null; to: string }> = {};
  for (const [k, v] of given) {
    if (input.lead[k]?.trim()) continue;
    changes[k] = v.trim();
    changed[k] = { from: null, to: v.trim() };
  }
  if (Object.keys(changed).length) extra.push({ channel: 'edit', note: null, data: { changed } });
}

/**
 * The lead's values of the changed columns (what undo restores), and the changes without
 * the columns set to the value they already hold (the call's code and time always stay).
 */
function beforeAndChanges(lead: LeadRow, all: LeadChanges): { changes: LeadChanges; before: LeadChanges } {
  const changes: LeadChanges = {};
  const before: LeadChanges = {};
  for (const k of Object.keys(all) as OutcomeColumn[]) {
    if (all[k] === lead[k] && k !== 'code' && k !== 'last_called_at') continue;
    (changes as Record<string, unknown>)[k] = all[k];
    (before as Record<string, unknown>)[k] = lead[k];
  }
  return { changes, before };
}

/**
 * What logging `code` on a call does to the lead: every call sets `code` and
 * `last_called_at`, a person reached resets `attempts`, an email given is kept, and the
 * code's action does the rest (ACTIONS).
 */
export function applyOutcome(input: OutcomeInput): OutcomePlan {
  const { lead, code, settings, at } = input;
  const rules = codeRules(code);
  checkInput(input, rules);

  const changes: LeadChanges = { code: code.code, last_called_at: toIso(at) };
  const extra: ExtraTouch[] = [];
  if (rules.reached && lead.attempts !== 0) changes.attempts = 0;
  takeEmail(input, rules, changes, extra);
  takeAddress(input, rules, changes, extra);

  const s: Step = {
    lead,
    code,
    settings,
    at,
    next: input.next ?? null,
    coolOff: intSetting(settings, 'rules.cool_off_days'),
    recall: intSetting(settings, 'rules.recall_days'),
    changes,
    extra,
    warnings: [],
  };
  ACTIONS[rules.action](s);
  if (lead.do_not_call && rules.action !== 'dnc') {
    s.warnings.push(`lead ${lead.id} is on do-not-call: it stays out of the queue`);
  }

  return {
    ...beforeAndChanges(lead, changes),
    call: { code: code.code, result: input.result ?? null, note: input.note?.trim() || null },
    extra,
    batchItem: rules.batch,
    reached: rules.reached,
    warnings: s.warnings,
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
