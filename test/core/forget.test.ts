// Pure rules of forgetting (src/core/forget.ts) and of the registry's age (src/core/registry.ts).
import { describe, expect, it } from 'vitest';
import { contactsToSuppress, forgottenColumns, holdsPersonalData, scrubTouchData } from '../../dist/core/forget.js';
import { registryWarning } from '../../dist/core/registry.js';
import type { LeadRow } from '../../dist/core/lead.js';

describe('scrubTouchData: values that could be personal become null, the shape and outcomes stay', () => {
  const cases: [string, unknown, unknown][] = [
    ['an edit: old and new values go, the field names stay', { changed: { email: { from: 'a@b.example', to: 'c@d.example' }, last_name: { from: 'Zed', to: null } } }, { changed: { email: { from: null, to: null }, last_name: { from: null, to: null } } }],
    ['a call: flags, codes, dates and the batch kind stay, an earlier email goes', { before: { code: null, next_contact_at: '2026-11-25T09:00:00.000Z', email: 'x@y.example', status: 'prospect', attempts: 2 }, reached: true, batch: 'letter' }, { before: { code: null, next_contact_at: '2026-11-25T09:00:00.000Z', email: null, status: 'prospect', attempts: 2 }, reached: true, batch: 'letter' }],
    ['a merge: the other row\'s differing values go, ids and flags stay', { merged: 7, filled: { phone: '617 555 0134', 'extra.Hobby': 'sailing' }, differing: { email: 'q@r.example' }, flags: ['do_not_call'], touches: [1, 2], other: { status: 'cycle', stage: 'quote', do_not_call: true } }, { merged: 7, filled: { phone: null, 'extra.Hobby': null }, differing: { email: null }, flags: ['do_not_call'], touches: [1, 2], other: { status: 'cycle', stage: 'quote', do_not_call: true } }],
    ['a registry dnc: the file name goes', { flag: 'do_not_call', to: true, registry: 'ann-list.txt' }, { flag: 'do_not_call', to: true, registry: null }],
    ['an import: changed field names and the line stay', { changed: ['phone', 'email'], line: 12 }, { changed: ['phone', 'email'], line: 12 }],
    ['an undo: the call\'s note goes, its code and result stay', { call: { at: '2026-11-24T12:00:00.000Z', code: 3, result: 'voicemail', note: 'call Ann at home' } }, { call: { at: '2026-11-24T12:00:00.000Z', code: 3, result: 'voicemail', note: null } }],
    ['a date-looking text that is not an ISO moment goes', { next: '2026-11-25 in the morning' }, { next: null }],
  ];
  it.each(cases)('%s', (_name, data, want) => {
    expect(JSON.parse(scrubTouchData(JSON.stringify(data))!)).toEqual(want);
  });
  it('null stays null, broken JSON becomes null', () => {
    expect(scrubTouchData(null)).toBeNull();
    expect(scrubTouchData('{not json')).toBeNull();
  });
});

const row = (o: Partial<LeadRow>): LeadRow => ({ ...(Object.fromEntries(Object.keys(forgottenColumns('')).map((k) => [k, null])) as object), ...o }) as LeadRow;

describe('contactsToSuppress', () => {
  it('takes the phones and emails of every row and the old ones of the history, normalised, once each', () => {
    const rows = [
      row({ phone: '(617) 555-0134', phone_e164: '+16175550134', email: 'Ann@X.example', email_norm: 'ann@x.example' }),
      row({ mobile: '617.555.0134', mobile_e164: '+16175550134', email: ' ANN@x.example ' }),
    ];
    const touches = [
      { data: JSON.stringify({ changed: { email: { from: 'Old@Y.example', to: 'ann@x.example' }, phone: { from: '617-555-0199', to: null } } }) },
      { data: JSON.stringify({ before: { email: 'before@z.example' } }) },
      { data: JSON.stringify({ differing: { mobile: '+44 20 7946 0958' } }) },
      { data: null },
      { data: 'not json' },
    ];
    expect(contactsToSuppress(rows, touches, 'US')).toEqual([
      { kind: 'phone', value: '+16175550134' },
      { kind: 'email', value: 'ann@x.example' },
      { kind: 'phone', value: '+16175550199' },
      { kind: 'email', value: 'old@y.example' },
      { kind: 'email', value: 'before@z.example' },
      { kind: 'phone', value: '+442079460958' },
    ]);
  });
  it('a lead with no phone or email gives none', () => {
    expect(contactsToSuppress([row({ first_name: 'Ann' })], [], 'US')).toEqual([]);
  });
});

describe('holdsPersonalData', () => {
  it.each([
    [{ first_name: 'Ann' }, true],
    [{ extra: '{"Hobby":"x"}' }, true],
    [{ time_zone: 'America/New_York' }, true],
    [{ shares_with: 4 }, false],
    [{}, false],
  ] as [Partial<LeadRow>, boolean][])('%j → %s', (o, want) => {
    expect(holdsPersonalData(row(o))).toBe(want);
  });
});

describe('registryWarning', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  it.each([
    [null, null],
    ['2026-11-24T09:00:00.000Z', null],
    ['2026-10-24T12:00:00.000Z', null], // 31 days
    ['2026-10-24T11:59:00.000Z', null], // 31 days and a minute: still 31 whole days
    ['2026-10-23T12:00:00.000Z', 32],
    ['2025-11-24T12:00:00.000Z', 365],
  ] as [string | null, number | null][])('loaded %s → %s days', (at, days) => {
    const w = registryWarning(at, now);
    if (days === null) expect(w).toBeNull();
    else expect(w).toBe(`the do-not-call registry was last loaded ${days} days ago (${at!.slice(0, 10)}); load the current one with \`leads dnc import FILE\` before calling`);
  });
});
