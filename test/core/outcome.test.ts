// The outcome rules, code by code: one pure function over the lead, the code, the settings
// and the time of the call.
process.env.TZ = 'America/New_York';
import { describe, expect, it } from 'vitest';
import { applyOutcome, parseResult, undoChanges, type OutcomeInput } from '../../dist/core/outcome.js';
import { withDefaults } from '../../dist/core/settings.js';
import { RETRY_DEFAULTS, type CodeRow } from '../../dist/core/codes.js';
import type { LeadRow } from '../../dist/core/lead.js';

const CODES: Record<number, CodeRow> = Object.fromEntries(
  (
    [
      [1, 'not interested', 'rest', 0, 0, 1],
      [2, 'send letter', 'letter', 0, 0, 1],
      [3, 'not available', 'retry', 0, 0, 0],
      [4, 'call back', 'callback', 1, 0, 1],
      [5, 'send permission email', 'email', 0, 1, 1],
      [6, 'finished lead', 'finish', 0, 0, 1],
      [7, 'do not call', 'dnc', 0, 0, 1],
      [9, 'disqualified', 'disqualify', 0, 0, 0],
      // custom codes added with `leads codes add`
      [11, 'left with receptionist', 'none', 0, 0, 0],
      [12, 'meeting booked', 'callback', 1, 0, 1],
      [13, 'brochure by email', 'email', 0, 1, 1],
      [14, 'wrong number', 'disqualify', 0, 0, 0],
      [15, 'ask again later', 'none', 1, 0, 1],
    ] as const
  ).map(([code, label, action, needs_date, needs_email, reached]) => [
    code,
    { code, label, action, needs_date, needs_email, reached, builtin: code < 10 ? 1 : 0, ...RETRY_DEFAULTS } as CodeRow,
  ]),
);

// Tuesday 24 November 2026, 10:30 local (New York)
const AT = new Date(2026, 10, 24, 10, 30);
const iso = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(y, m - 1, d, h, mi).toISOString();

function lead(over: Partial<LeadRow> = {}): LeadRow {
  return {
    id: 7, first_name: 'Ann', last_name: 'Baker', company: null, title: null, phone: '617-555-0100',
    phone_e164: '+16175550100', phone_ext: null, phone_valid: 1, mobile: null, mobile_e164: null,
    email: null, email_norm: null, street: null, city: null, region: null, postal_code: null, country: null,
    time_zone: null, source: null, list: null, priority: 0, extra: null, status: 'prospect', code: null,
    stage: null, stage_at: null, thinking_count: 0, cycles: 0, attempts: 0, touch_count: 0,
    last_called_at: null, next_contact_at: null, next_plan: null, inbound_at: null, do_not_call: 0, do_not_email: 0, do_not_mail: 0,
    shares_with: null, import_id: null, forgotten_at: null, created_at: iso(2026, 11, 1), updated_at: iso(2026, 11, 1),
    ...over,
  } as LeadRow;
}

const run = (code: number, over: Partial<OutcomeInput> = {}, l: Partial<LeadRow> = {}, settings: Record<string, string> = {}) =>
  applyOutcome({ lead: lead(l), code: CODES[code], settings: withDefaults(settings), at: AT, ...over });

const CALLED = { code: undefined, last_called_at: AT.toISOString() };

describe('applyOutcome: every code', () => {
  it.each([
    // [code, extra input, lead before, expected changes, batch item, reached, extra touch channels]
    [1, {}, {}, { next_contact_at: iso(2027, 5, 23) }, null, true, []],
    [1, {}, { attempts: 4 }, { attempts: 0, next_contact_at: iso(2027, 5, 23) }, null, true, []],
    [2, {}, {}, { next_contact_at: iso(2026, 12, 24) }, 'letter', true, []],
    // a morning without an answer: the next try is at midday the next day (src/core/retry.ts decides; test/core/retry.test.ts)
    [3, {}, {}, { attempts: 1, next_contact_at: iso(2026, 11, 25, 11), next_plan: expect.any(String) }, null, false, []],
    [3, { result: 'voicemail' }, { attempts: 8 }, { attempts: 9, next_contact_at: iso(2026, 11, 25, 11), next_plan: expect.any(String) }, null, false, []],
    // the tenth attempt: the lead rests for the cool-off (the 180th day is a Sunday: the Monday), and a note says why
    [3, {}, { attempts: 9 }, { attempts: 0, next_contact_at: iso(2027, 5, 24, 11), next_plan: expect.any(String) }, null, false, ['note']],
    [4, { next: new Date(2026, 10, 25, 14) }, {}, { next_contact_at: iso(2026, 11, 25, 14) }, null, true, []],
    [5, {}, { email: 'ann@baker.example' }, { next_contact_at: iso(2026, 12, 24) }, 'email', true, []],
    [5, { email: 'ann@baker.example' }, {}, { email: 'ann@baker.example', email_norm: 'ann@baker.example', next_contact_at: iso(2026, 12, 24) }, 'email', true, ['edit']],
    [6, {}, { cycles: 1 }, { status: 'cycle', stage: 'quote', stage_at: AT.toISOString(), cycles: 2, next_contact_at: iso(2026, 11, 25, 9) }, 'follow_up', true, []],
    [6, { next: new Date(2026, 11, 1, 15) }, {}, { status: 'cycle', stage: 'quote', stage_at: AT.toISOString(), cycles: 1, next_contact_at: iso(2026, 12, 1, 15) }, 'follow_up', true, []],
    // a second 6 in the same cycle keeps the stage and counters; only the follow-up is new
    [6, {}, { status: 'cycle', stage: 'thinking', thinking_count: 2, cycles: 1, code: 4 }, { next_contact_at: iso(2026, 11, 25, 9) }, 'follow_up', true, []],
    [6, {}, { thinking_count: 2, status: 'prospect', stage: 'done' }, { status: 'cycle', stage: 'quote', stage_at: AT.toISOString(), cycles: 1, thinking_count: 0, next_contact_at: iso(2026, 11, 25, 9) }, 'follow_up', true, []],
    [7, {}, { next_contact_at: iso(2026, 11, 20) }, { do_not_call: 1, next_contact_at: null }, null, true, ['dnc']],
    [9, {}, { next_contact_at: iso(2026, 11, 20) }, { status: 'disqualified', next_contact_at: null }, null, false, []],
    [11, {}, { next_contact_at: iso(2026, 11, 20) }, {}, null, false, []],
    [11, { next: new Date(2026, 11, 2, 9) }, {}, { next_contact_at: iso(2026, 12, 2, 9) }, null, false, []],
    [12, { next: new Date(2026, 11, 2, 9) }, {}, { next_contact_at: iso(2026, 12, 2, 9) }, null, true, []],
    [13, {}, { email: 'a@b.example' }, { next_contact_at: iso(2026, 12, 24) }, 'email', true, []],
    [14, {}, {}, { status: 'disqualified' }, null, false, []],
    [15, { next: new Date(2027, 0, 4, 9) }, {}, { next_contact_at: iso(2027, 1, 4, 9) }, null, true, []],
  ] as const)('code %i %j on %j', (code, over, before, want, batch, reached, extra) => {
    const plan = run(code, over as Partial<OutcomeInput>, before as Partial<LeadRow>);
    expect(plan.changes).toEqual({ ...CALLED, code, ...want });
    expect(plan.batchItem).toBe(batch);
    expect(plan.reached).toBe(reached);
    expect(plan.extra.map((t) => t.channel)).toEqual(extra);
    // before holds the lead's own values of exactly the changed columns
    const l = lead(before as Partial<LeadRow>);
    expect(Object.keys(plan.before).sort()).toEqual(Object.keys(plan.changes).sort());
    for (const [k, v] of Object.entries(plan.before)) expect(v).toBe(l[k as keyof LeadRow]);
    // a retry keeps its plan; any other outcome leaves none
    if (plan.changes.next_plan) expect(JSON.parse(plan.changes.next_plan)).toMatchObject({ at: plan.changes.next_contact_at, kind: code === 3 && before.attempts === 9 ? 'rest' : 'retry' });
  });

  it('reads the settings: cool-off, retry limit, recall days', () => {
    const s = { 'rules.cool_off_days': '30', 'rules.retry_limit': '3', 'rules.recall_days': '7' };
    expect(run(1, {}, {}, s).changes.next_contact_at).toBe(iso(2026, 12, 24));
    expect(run(3, {}, { attempts: 2 }, s).changes).toMatchObject({ attempts: 0, next_contact_at: iso(2026, 12, 24, 11) });
    expect(run(3, {}, { attempts: 1 }, s).changes).toMatchObject({ attempts: 2, next_contact_at: iso(2026, 11, 25, 11) });
    expect(run(2, {}, {}, s).changes.next_contact_at).toBe(iso(2026, 12, 1));
  });

  it('a date given replaces the code\'s own next date', () => {
    expect(run(1, { next: new Date(2027, 0, 10, 9) }).changes.next_contact_at).toBe(iso(2027, 1, 10, 9));
    expect(run(3, { next: new Date(2026, 10, 24, 16) }).changes.next_contact_at).toBe(iso(2026, 11, 24, 16));
  });

  it('the finish follow-up skips the weekend', () => {
    const friday = new Date(2026, 10, 27, 16);
    expect(applyOutcome({ lead: lead(), code: CODES[6], settings: withDefaults({}), at: friday }).changes.next_contact_at).toBe(
      iso(2026, 11, 30, 9),
    );
  });

  it('records the note and the result on the call', () => {
    // with the call's time on the lead's clock
    expect(run(3, { result: 'busy', note: '  line busy twice ' }).call).toEqual({ code: 3, result: 'busy', note: 'line busy twice', local_at: '2026-11-24T10:30' });
    expect(run(1, { note: '   ' }).call.note).toBeNull();
  });

  it('an email code on a do-not-email lead, a letter to a do-not-mail lead, any call to a do-not-call lead: warned, recorded', () => {
    expect(run(5, {}, { email: 'a@b.example', do_not_email: 1 }).warnings).toEqual([
      'lead 7 asked not to be emailed: the sort will leave the email out',
    ]);
    expect(run(2, {}, { do_not_mail: 1 }).warnings[0]).toMatch(/not to be mailed/);
    const p = run(4, { next: new Date(2026, 10, 25, 9) }, { do_not_call: 1 });
    expect(p.warnings).toEqual(['lead 7 is on do-not-call: it stays out of the queue']);
    expect(p.changes).not.toHaveProperty('do_not_call');
    // a 7 on a lead already do-not-call adds no second request
    expect(run(7, {}, { do_not_call: 1 }).extra).toEqual([]);
  });

  it.each([
    [4, {}, {}, 2, /^code 4 \(call back\) needs a date \(--next: YYYY-MM-DD/],
    [12, {}, {}, 2, /^code 12 \(meeting booked\) needs a date/],
    [15, {}, {}, 2, /^code 15 \(ask again later\) needs a date/],
    [4, { next: new Date(2026, 10, 24, 9) }, {}, 2, /^the next contact date must be after the call/],
    [5, {}, {}, 2, /^code 5 \(send permission email\) needs an email address \(--email\), and lead 7 has none$/],
    [13, {}, {}, 2, /needs an email address/],
    [5, { email: 'not-an-email' }, {}, 2, /^--email is not an email address \(name@domain\)$/],
    [7, { next: new Date(2026, 10, 25) }, {}, 2, /^code 7 \(do not call\) is never called again and takes no date$/],
    [9, { next: new Date(2026, 10, 25) }, {}, 2, /takes no date/],
    [1, { result: 'busy' }, {}, 2, /^a result \(no_answer, voicemail, busy, someone_else\) is only for a not-available code, not code 1/],
    [1, {}, { status: 'disqualified' }, 1, /^lead 7 is disqualified/],
    [1, {}, { last_called_at: iso(2026, 11, 24, 11) }, 2, /^lead 7 has a later call \(2026-11-24T16:00:00.000Z\); log calls in the order they were made$/],
  ] as const)('code %i %j on %j is refused (exit %i)', (code, over, before, exit, msg) => {
    let err: (Error & { exitCode?: number }) | undefined;
    try {
      run(code, over as Partial<OutcomeInput>, before as Partial<LeadRow>);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.exitCode).toBe(exit);
    expect(err?.message).toMatch(msg);
    expect(err?.message).not.toContain('Baker');
  });

  it('a 9 on a disqualified lead is allowed (nothing moves but the call)', () => {
    expect(run(9, {}, { status: 'disqualified' }).changes).toEqual({ ...CALLED, code: 9 });
  });
});

describe('results and undo data', () => {
  it.each([
    ['no_answer', 'no_answer'], ['no-answer', 'no_answer'], ['NA', 'no_answer'], ['vm', 'voicemail'],
    ['voicemail', 'voicemail'], ['busy', 'busy'], ['someone-else', 'someone_else'], ['other', 'someone_else'],
  ])('%s is %s', (text, want) => expect(parseResult(text)).toBe(want));

  it('an unknown result is a usage error listing the results', () => {
    expect(() => parseResult('gone fishing')).toThrow(/^unknown result "gone fishing"; the results are: no_answer, voicemail, busy, someone_else$/);
  });

  it('undoChanges restores only outcome columns kept in the call', () => {
    const data = JSON.stringify({ before: { code: null, next_contact_at: null, attempts: 2, phone: 'x' }, reached: true });
    expect(undoChanges(data)).toEqual({ code: null, next_contact_at: null, attempts: 2 });
    expect(undoChanges(null)).toEqual({});
  });
});
