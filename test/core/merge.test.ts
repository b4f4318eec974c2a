import { describe, expect, it } from 'vitest';
import { planMerge, mergedAwayColumns } from '../../dist/core/merge.js';
import { RunError } from '../../dist/core/errors.js';

const row = (over: Record<string, unknown>) =>
  ({
    id: 1, first_name: null, last_name: null, company: null, title: null, phone: null, phone_e164: null,
    phone_ext: null, phone_valid: null, mobile: null, mobile_e164: null, email: null, email_norm: null,
    street: null, city: null, region: null, postal_code: null, country: null, time_zone: null, source: null,
    list: null, priority: 0, extra: null, status: 'prospect', code: null, stage: null, stage_at: null,
    thinking_count: 0, cycles: 0, attempts: 0, touch_count: 0, last_called_at: null, next_contact_at: null,
    do_not_call: 0, do_not_email: 0, do_not_mail: 0, shares_with: null, import_id: null, forgotten_at: null,
    created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z', merged_into: null,
    ...over,
  }) as never;

describe('planMerge', () => {
  it('fills empty fields from the other (with their matching columns); the kept values win', () => {
    const p = planMerge(
      row({ id: 1, first_name: 'Ann', last_name: 'Baker', phone: '555-0100', phone_e164: '+15550100' }),
      row({ id: 2, first_name: 'Annie', email: 'Ann@X.example', email_norm: 'ann@x.example', phone: '555-0199', city: 'Boston' }),
    );
    // the other's phone the kept lead does not hold is kept as a further phone, never lost
    expect(p.filled).toEqual({ email: 'Ann@X.example', city: 'Boston', other_phones: '555-0199' });
    expect(p.changes).toMatchObject({ email: 'Ann@X.example', email_norm: 'ann@x.example', city: 'Boston' });
    expect(JSON.parse(p.changes.other_phones!)).toEqual([{ label: 'phone of lead 2', number: '555-0199' }]);
    expect(p.changes).not.toHaveProperty('first_name');
    expect(p.changes).not.toHaveProperty('phone');
    expect(p.differing).toEqual({ first_name: 'Annie', phone: '555-0199' });
  });

  it.each([
    [{}, { do_not_call: 1 }, ['do_not_call']],
    [{ do_not_call: 1 }, {}, []],
    [{ do_not_email: 1 }, { do_not_call: 1, do_not_email: 1, do_not_mail: 1 }, ['do_not_call', 'do_not_mail']],
  ])('unites do-not-contact flags: keep %o + other %o gains %o', (k, o, gained) => {
    const p = planMerge(row({ id: 1, ...k }), row({ id: 2, ...o }));
    expect(p.flags).toEqual(gained);
    for (const f of gained) expect(p.changes).toHaveProperty(f, 1);
  });

  it('adds up touches, takes the later last call, the higher priority, unknown extra columns', () => {
    const p = planMerge(
      row({ id: 1, touch_count: 2, last_called_at: '2026-11-02T10:00:00.000Z', extra: '{"a":"1"}' }),
      row({ id: 2, touch_count: 3, last_called_at: '2026-11-03T10:00:00.000Z', priority: 2, extra: '{"a":"9","b":"2"}' }),
    );
    expect(p.changes).toMatchObject({ touch_count: 5, last_called_at: '2026-11-03T10:00:00.000Z', priority: 2 });
    expect(JSON.parse(p.changes.extra as string)).toEqual({ a: '1', b: '2' });
  });

  it('a never-called kept lead takes the other\'s call state (a resting person stays resting)', () => {
    const p = planMerge(row({ id: 1 }), row({ id: 2, code: 1, next_contact_at: '2027-05-23T09:00:00.000Z', attempts: 0 }));
    expect(p.changes).toMatchObject({ code: 1, next_contact_at: '2027-05-23T09:00:00.000Z' });
  });

  it('a disqualified other disqualifies a kept prospect', () => {
    expect(planMerge(row({ id: 1 }), row({ id: 2, status: 'disqualified' }))).toMatchObject({
      disqualify: true,
      changes: { status: 'disqualified' },
    });
  });

  it('refuses a prospect swallowing a lead in the cycle or sold, naming the way round', () => {
    for (const status of ['cycle', 'sold']) {
      expect(() => planMerge(row({ id: 1 }), row({ id: 2, status }))).toThrow(RunError);
      expect(() => planMerge(row({ id: 1 }), row({ id: 2, status }))).toThrow('leads merge 2 1');
    }
    expect(() => planMerge(row({ id: 1, status: 'cycle', stage: 'quote' }), row({ id: 2, status: 'sold', stage: 'sold' }))).toThrow(
      'lead 2 is sold and lead 1 is not sold; keep the one further along: leads merge 2 1',
    );
    // both in the cycle: the kept one's cycle stays
    expect(planMerge(row({ id: 1, status: 'cycle', stage: 'quote' }), row({ id: 2, status: 'cycle', stage: 'thinking' })).changes)
      .not.toHaveProperty('stage');
  });

  it('clears the kept lead\'s shares_with when it pointed at the other', () => {
    expect(planMerge(row({ id: 1, shares_with: 2 }), row({ id: 2 })).changes).toHaveProperty('shares_with', null);
  });

  it('the merged-away row is out of every queue and batch', () => {
    expect(mergedAwayColumns(5)).toEqual({
      merged_into: 5, next_contact_at: null, do_not_call: 1, do_not_email: 1, do_not_mail: 1, shares_with: null,
    });
  });
});
