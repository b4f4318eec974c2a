// Delivery's pure rules: who may still be emailed or scheduled, what a failure means, the day's allowance.
import { describe, expect, it } from 'vitest';
import { causeOf, problemLine, sendAllowance, stopsTheRun, withholdReason, type DeliveryItem, type FailureFacts } from '../../dist/core/delivery.js';

const lead = (o: Partial<DeliveryItem['lead']> = {}) =>
  ({ id: 7, email: 'a@b.example', do_not_email: 0, do_not_call: 0, do_not_mail: 0, forgotten_at: null, merged_into: null, status: 'prospect', ...o }) as DeliveryItem['lead'];
const item = (o: Partial<DeliveryItem> = {}): DeliveryItem => ({
  item_id: 1, batch_id: 1, kind: 'email', key: '<k@x>', state: 'waiting', mode: 'drafts', sending_at: null,
  outcome_at: '2026-11-24T10:00:00.000Z', call_action: 'email', call_reached: 1, last_note: null, lead: lead(), ...o,
});

describe('withholdReason: the contact rules at delivery time', () => {
  it.each([
    ['an email to a person reached', item(), null],
    ['do not email since', item({ lead: lead({ do_not_email: 1 }) }), 'do not email'],
    ['forgotten since', item({ lead: lead({ forgotten_at: '2026-11-25T00:00:00Z', email: null }) }), 'forgotten'],
    ['merged into another lead', item({ lead: lead({ merged_into: 3 }) }), 'merged'],
    ['the address taken away', item({ lead: lead({ email: ' ' }) }), 'no email'],
    ['the call no longer reached a person', item({ call_reached: 0 }), 'not reached on the call'],
    ['the call undone (no call behind it)', item({ call_action: null, call_reached: null }), 'not reached on the call'],
    ['the call now carries another code', item({ call_action: 'letter' }), 'not reached on the call'],
    ['a follow-up of a lead marked do not call', item({ kind: 'follow_up', lead: lead({ do_not_call: 1 }) }), 'do not call'],
    ['a follow-up needs no email and no reach', item({ kind: 'follow_up', call_action: 'finish', lead: lead({ email: null }) }), null],
  ])('%s', (_, d, want) => expect(withholdReason(d)).toBe(want));
});

describe('causeOf: what a failure means', () => {
  it.each<[string, FailureFacts, string]>([
    ['connection refused', { code: 'ECONNREFUSED' }, 'server down'],
    ['no such host', { code: 'ENOTFOUND' }, 'server down'],
    ["nodemailer's connection error", { code: 'ECONNECTION' }, 'server down'],
    ['IMAP login refused', { authenticationFailed: true }, 'wrong password'],
    ['SMTP 535', { code: 'EAUTH', status: 535 }, 'wrong password'],
    ['HTTP 401', { status: 401 }, 'wrong password'],
    ['IMAP over quota', { responseCode: 'OVERQUOTA' }, 'mailbox full'],
    ['CalDAV 507', { status: 507 }, 'mailbox full'],
    ['SMTP 452 on a recipient', { code: 'EENVELOPE', status: 452 }, 'mailbox full'],
    ['SMTP 550 on a recipient', { code: 'EENVELOPE', status: 550 }, 'rejected address'],
    ['an untrusted certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'certificate'],
    ['anything else', { status: 500 }, 'server error'],
  ])('%s', (_, f, want) => expect(causeOf(f)).toBe(want));

  it('a rejected address or one odd answer stops only that message; the rest stop the run', () => {
    expect(stopsTheRun('rejected address')).toBe(false);
    expect(stopsTheRun('server error')).toBe(false);
    expect(stopsTheRun('server down')).toBe(true);
    expect(stopsTheRun('wrong password')).toBe(true);
  });
});

describe('sendAllowance and problemLine', () => {
  it.each([[50, 0, 50], [50, 49, 1], [50, 50, 0], [2, 5, 0], [0, 0, 0]])('limit %i, sent %i: %i left', (limit, sent, left) =>
    expect(sendAllowance(limit, sent)).toBe(left),
  );

  it('names leads by id, never by address, and says how many wait', () => {
    const line = problemLine({ cause: 'rejected address', channel: 'email', where: 'smtp.example:465', leads: [4, 9] }, 'leads batches 2 --deliver');
    expect(line).toBe('smtp.example:465 refused the address of lead 4, lead 9: 2 emails wait; correct it (leads edit ID --email ...), then leads batches 2 --deliver');
    expect(problemLine({ cause: 'server down', channel: 'calendar', where: 'https://dav.example/cal/', detail: 'ETIMEDOUT', leads: [1] }, 'try again')).toBe(
      'https://dav.example/cal/ did not answer (ETIMEDOUT): 1 follow-up event waits; when it is back, try again',
    );
  });
});
