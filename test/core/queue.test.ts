// The queue: who is callable, of what kind, in what order; and the time zone tables.
process.env.TZ = 'America/New_York';
import { describe, expect, it } from 'vitest';
import { isCallable, nextEntry, orderQueue, queueKind } from '../../dist/core/queue.js';
import { leadZone, localTimeIn, zoneOfPhone, zoneOfPostalCode, zoneOfRegion } from '../../dist/core/zones.js';
import type { LeadRow } from '../../dist/core/lead.js';

// Tuesday 24 November 2026, 11:00 in New York (16:00 UTC)
const NOW = new Date(2026, 10, 24, 11, 0);
const iso = (d: number, h = 0) => new Date(2026, 10, d, h).toISOString();

type Q = Parameters<typeof isCallable>[0];
const base: Q = {
  id: 1, status: 'prospect', code: null, priority: 0, do_not_call: 0, last_called_at: null, next_contact_at: null,
  time_zone: null, postal_code: null, region: null, country: null, phone_e164: null, mobile_e164: null, merged_into: null,
};
const L = (over: Partial<Q>): Q => ({ ...base, ...over });

describe('isCallable', () => {
  it.each([
    ['a prospect never called', {}, true],
    ['never called, a date set for later', { next_contact_at: iso(25) }, false],
    ['never called, a date set that has come', { next_contact_at: iso(24, 9) }, true],
    ['a call-back due', { code: 4, last_called_at: iso(20), next_contact_at: iso(24, 10) }, true],
    ['a call-back later today', { code: 4, last_called_at: iso(20), next_contact_at: iso(24, 14) }, false],
    ['a retry from yesterday, due today', { code: 3, last_called_at: iso(23, 10), next_contact_at: iso(24) }, true],
    ['a retry called today already', { code: 3, last_called_at: iso(24, 9), next_contact_at: iso(24, 0) }, false],
    ['called today, a call-back set for this morning after the call', { code: 4, last_called_at: iso(24, 9), next_contact_at: iso(24, 10) }, true],
    ['called today with a code that left it due', { code: 11, last_called_at: iso(24, 9), next_contact_at: iso(20) }, false],
    ['not interested, in cool-off', { code: 1, last_called_at: iso(20), next_contact_at: new Date(2027, 4, 20).toISOString() }, false],
    ['not interested, cool-off over', { code: 1, last_called_at: '2026-05-01T12:00:00.000Z', next_contact_at: iso(10) }, true],
    ['called, nothing scheduled', { code: 11, last_called_at: iso(20), next_contact_at: null }, false],
    ['do not call', { do_not_call: 1 }, false],
    ['do not call with a call-back due', { do_not_call: 1, code: 4, last_called_at: iso(20), next_contact_at: iso(23) }, false],
    ['disqualified', { status: 'disqualified', code: 9, last_called_at: iso(20), next_contact_at: iso(23) }, false],
    ['sold', { status: 'sold', code: 6, last_called_at: iso(20), next_contact_at: iso(23) }, false],
    ['in the cycle, follow-up due', { status: 'cycle', code: 6, last_called_at: iso(20), next_contact_at: iso(24, 9) }, true],
    ['in the cycle, follow-up tomorrow', { status: 'cycle', code: 6, last_called_at: iso(20), next_contact_at: iso(25, 9) }, false],
    ['merged into another lead', { merged_into: 9 }, false],
  ] as const)('%s: %s', (_name, over, want) => {
    expect(isCallable(L(over as Partial<Q>), NOW)).toBe(want);
  });
});

describe('queueKind', () => {
  it.each([
    [{}, null, 'new'],
    [{ next_contact_at: iso(20) }, null, 'call_back'],
    [{ code: 4 }, 'callback', 'call_back'],
    [{ code: 11 }, 'none', 'call_back'],
    [{ code: 3 }, 'retry', 'retry'],
    [{ code: 1 }, 'rest', 'recall'],
    [{ code: 2 }, 'letter', 'recall'],
    [{ code: 5 }, 'email', 'recall'],
    [{ code: 6 }, 'finish', 'recall'],
    [{ code: 6, status: 'cycle' }, 'finish', 'follow_up'],
    [{ code: 4, status: 'cycle' }, 'callback', 'follow_up'],
    [{ code: 7 }, 'dnc', null],
    [{ code: 9 }, 'disqualify', null],
  ] as const)('%j with action %s is %s', (over, action, want) => {
    expect(queueKind(L(over as Partial<Q>), action)).toBe(want);
  });
});

describe('orderQueue', () => {
  const due = { last_called_at: iso(20) };
  const candidates = [
    { lead: L({ id: 10, priority: 0 }), action: null },
    { lead: L({ id: 11, priority: 5 }), action: null },
    { lead: L({ id: 12, code: 3, ...due, next_contact_at: iso(22) }), action: 'retry' as const },
    { lead: L({ id: 13, code: 3, ...due, next_contact_at: iso(21) }), action: 'retry' as const },
    { lead: L({ id: 14, code: 4, ...due, next_contact_at: iso(24, 10) }), action: 'callback' as const },
    { lead: L({ id: 15, status: 'cycle', code: 6, ...due, next_contact_at: iso(23, 9) }), action: 'finish' as const },
    { lead: L({ id: 16, code: 1, ...due, next_contact_at: iso(1) }), action: 'rest' as const },
    { lead: L({ id: 17, code: 4, ...due, next_contact_at: iso(22, 15) }), action: 'callback' as const },
    { lead: L({ id: 18, do_not_call: 1 }), action: null },
    { lead: L({ id: 19, code: 4, ...due, next_contact_at: iso(26) }), action: 'callback' as const },
    { lead: L({ id: 20, priority: 0 }), action: null },
    // the same lead read twice (two parts of the query) is queued once
    { lead: L({ id: 14, code: 4, ...due, next_contact_at: iso(24, 10) }), action: 'callback' as const },
  ];

  it('call-backs and follow-ups overdue first, then retries, recalls, new prospects by priority and id', () => {
    const q = orderQueue(candidates, NOW);
    expect(q.map((e) => [e.lead.id, e.kind])).toEqual([
      [17, 'call_back'], [15, 'follow_up'], [14, 'call_back'],
      [13, 'retry'], [12, 'retry'],
      [16, 'recall'],
      [11, 'new'], [10, 'new'], [20, 'new'],
    ]);
  });

  it('holds back leads outside 8:00-21:00 their time, unless any hour; a lead with no clue in the user\'s own zone', () => {
    const la = L({ id: 30, phone_e164: '+12065550100' }); // Seattle: 8:00 when New York is 11:00
    const ny = L({ id: 31, region: 'NY' });
    const early = new Date(2026, 10, 24, 10, 30); // 7:30 in Seattle
    const london = L({ id: 32, phone_e164: '+442079460000' });
    const unknown = L({ id: 33 });
    const q = orderQueue([la, ny, london, unknown].map((lead) => ({ lead, action: null })), early);
    expect(q.map((e) => [e.lead.id, e.heldBack, e.local.text, e.zone.from])).toEqual([
      [30, true, '07:30 PST', 'phone'], [31, false, '10:30 EST', 'region'], [32, false, '15:30 GMT', 'phone_country'], [33, false, '10:30 EST', 'user'],
    ]);
    expect(orderQueue([{ lead: unknown, action: null }], new Date(2026, 10, 24, 7, 59))[0].heldBack).toBe(true);
    expect(nextEntry(q, new Set())?.lead.id).toBe(31);
    expect(nextEntry(q, new Set([31]))?.lead.id).toBe(32);
    expect(orderQueue([{ lead: la, action: null }], early, { anyHour: true })[0].heldBack).toBe(false);
    // 21:00 in New York is past calling hours; 20:59 is not
    expect(orderQueue([{ lead: ny, action: null }], new Date(2026, 10, 24, 21, 0))[0].heldBack).toBe(true);
    expect(orderQueue([{ lead: ny, action: null }], new Date(2026, 10, 24, 20, 59))[0].heldBack).toBe(false);
    expect(orderQueue([{ lead: ny, action: null }], new Date(2026, 10, 24, 8, 0))[0].heldBack).toBe(false);
  });
});

describe('time zones', () => {
  it.each([
    // [lead fields, zone, from]
    [{ time_zone: 'Europe/Paris', region: 'MA' }, 'Europe/Paris', 'lead'],
    [{ time_zone: 'Not/AZone', region: 'MA' }, 'America/New_York', 'region'],
    [{ postal_code: '02139' }, 'America/New_York', 'postal_code'],
    [{ postal_code: '02139-4307' }, 'America/New_York', 'postal_code'],
    [{ postal_code: '60601' }, 'America/Chicago', 'postal_code'],
    [{ postal_code: '79901' }, 'America/Denver', 'postal_code'], // El Paso, Texas
    [{ postal_code: '32501' }, 'America/Chicago', 'postal_code'], // Pensacola, Florida
    [{ postal_code: '37902' }, 'America/New_York', 'postal_code'], // Knoxville, Tennessee
    [{ postal_code: '85001' }, 'America/Phoenix', 'postal_code'],
    [{ postal_code: '96813' }, 'Pacific/Honolulu', 'postal_code'],
    [{ postal_code: '99501' }, 'America/Anchorage', 'postal_code'],
    [{ postal_code: 'M5V 2T6' }, 'America/Toronto', 'postal_code'],
    [{ postal_code: 'v6b1a1' }, 'America/Vancouver', 'postal_code'],
    [{ postal_code: 'A1C 5M2' }, 'America/St_Johns', 'postal_code'],
    [{ postal_code: 'S4P 3Y2' }, 'America/Regina', 'postal_code'],
    [{ region: 'ca' }, 'America/Los_Angeles', 'region'],
    [{ region: 'Texas' }, 'America/Chicago', 'region'],
    [{ region: 'Québec' }, 'America/Toronto', 'region'],
    [{ region: 'British Columbia' }, 'America/Vancouver', 'region'],
    [{ region: 'AZ' }, 'America/Phoenix', 'region'],
    [{ region: 'NY', country: 'USA' }, 'America/New_York', 'region'],
    [{ region: 'AB', country: 'Canada' }, 'America/Edmonton', 'region'],
    // a postal code beats the region; a region beats the phone
    [{ postal_code: '98101', region: 'NY', phone_e164: '+16175550100' }, 'America/Los_Angeles', 'postal_code'],
    [{ region: 'WA', phone_e164: '+16175550100' }, 'America/Los_Angeles', 'region'],
    [{ phone_e164: '+16175550100' }, 'America/New_York', 'phone'],
    [{ phone_e164: '+19155550100' }, 'America/Denver', 'phone'], // El Paso
    [{ phone_e164: '+18505550100' }, 'America/Chicago', 'phone'], // Florida panhandle
    [{ phone_e164: '+14165550100' }, 'America/Toronto', 'phone'],
    [{ phone_e164: '+16045550100' }, 'America/Vancouver', 'phone'],
    [{ phone_e164: '+18085550100' }, 'Pacific/Honolulu', 'phone'],
    [{ mobile_e164: '+13125550100' }, 'America/Chicago', 'phone'],
    // a state outside North America is not read as a US state: the country tells
    [{ region: 'MA', country: 'Morocco', phone_e164: '+212522000000' }, 'Africa/Casablanca', 'country'],
    // a country of one zone, by code, name or alias
    [{ country: 'DE', phone_e164: '+49301234567' }, 'Europe/Berlin', 'country'],
    [{ country: 'Germany' }, 'Europe/Berlin', 'country'],
    [{ country: 'uk', postal_code: 'SW1A 1AA' }, 'Europe/London', 'country'],
    [{ country: 'Japan', region: 'Tokyo' }, 'Asia/Tokyo', 'country'],
    [{ country: 'TR' }, 'Europe/Istanbul', 'country'],
    // the country beats a phone from elsewhere
    [{ country: 'FR', phone_e164: '+12125550100' }, 'Europe/Paris', 'country'],
    // a US lead without state: the phone's area code narrows the country down
    [{ country: 'US', phone_e164: '+13125550100' }, 'America/Chicago', 'phone'],
    // no country: the phone's calling code tells it
    [{ phone_e164: '+442079460000' }, 'Europe/London', 'phone_country'],
    [{ phone_e164: '+81312345678' }, 'Asia/Tokyo', 'phone_country'],
    [{ mobile_e164: '+4915112345678' }, 'Europe/Berlin', 'phone_country'],
    [{ phone_e164: '+77172000000' }, 'Asia/Almaty', 'phone_country'], // +7 shared: Kazakhstan by its digits
    [{ phone_e164: '+18765550100' }, 'America/Jamaica', 'phone_country'], // +1 outside the US and Canada
    // a zone the lead holds that the runtime does not know is not used
    [{ time_zone: 'Mars/Olympus', country: 'IT' }, 'Europe/Rome', 'country'],
    // nothing at all: the user's own zone (the process's: New York here)
    [{ postal_code: '99999x' }, 'America/New_York', 'user'],
    [{}, 'America/New_York', 'user'],
  ] as const)('%j → %s', (fields, zone, from) => {
    const z = leadZone(fields);
    expect(z.zone).toBe(zone);
    expect(z.zones).toEqual([zone]);
    expect(z.from).toBe(from);
  });

  it.each([
    // a country of several zones with nothing narrower: every zone of it, west to east
    [{ country: 'AU', city: 'Sydney' }, 'country', ['Australia/Perth', 'Australia/Eucla', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Brisbane', 'Australia/Sydney', 'Australia/Lord_Howe']],
    [{ country: 'Australia' }, 'country', ['Australia/Perth', 'Australia/Eucla', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Brisbane', 'Australia/Sydney', 'Australia/Lord_Howe']],
    [{ phone_e164: '+61291234567' }, 'phone_country', ['Australia/Perth', 'Australia/Eucla', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Brisbane', 'Australia/Sydney', 'Australia/Lord_Howe']],
    [{ country: 'US' }, 'country', ['America/Adak', 'Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Phoenix', 'America/Denver', 'America/Chicago', 'America/New_York'].sort()],
    [{ phone_e164: '+18005550100' }, 'phone_country', ['America/Adak', 'Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Phoenix', 'America/Denver', 'America/Chicago', 'America/New_York'].sort()],
    [{ country: 'Spain' }, 'country', ['Atlantic/Canary', 'Europe/Madrid']],
  ] as const)('%j → every zone of its country', (fields, from, zones) => {
    const z = leadZone(fields);
    expect(z.from).toBe(from);
    expect([...z.zones].sort()).toEqual([...zones].sort());
    expect(z.zone).toBe(z.zones[0]);
  });

  it('a lead in a country of several zones is callable only while calling hours hold in every one', () => {
    const sydney = L({ id: 40, country: 'AU' });
    // 8:00 in Sydney (21:00 UTC, summer time) is 5:00 in Perth: held back
    const at = (utc: string) => orderQueue([{ lead: sydney, action: null }], new Date(utc))[0];
    expect(at('2026-11-23T21:00:00Z')).toMatchObject({ heldBack: true, local: { text: '05:00 GMT+8 to 08:00 GMT+11', within: false } });
    // 8:00 in Perth is 11:00 in Sydney and on Lord Howe (both summer time): callable
    expect(at('2026-11-24T00:00:00Z')).toMatchObject({ heldBack: false, local: { within: true } });
    // 20:59 in Sydney is 17:59 in Perth: callable; a minute later Sydney is past 21:00
    expect(at('2026-11-24T09:59:00Z').heldBack).toBe(false);
    expect(at('2026-11-24T10:00:00Z').heldBack).toBe(true);
  });

  it('every zone in the tables is one the runtime knows', () => {
    const zones = new Set<string>();
    for (let p = 0; p < 1000; p++) {
      const z = zoneOfPostalCode(`${String(p).padStart(3, '0')}01`);
      if (z) zones.add(z);
    }
    for (let a = 200; a < 1000; a++) {
      const z = zoneOfPhone(`+1${a}5550100`);
      if (z) zones.add(z);
    }
    for (const r of ['AK', 'HI', 'NL', 'NS', 'NB', 'PE', 'SK', 'MB', 'YT', 'NT', 'NU', 'PR', 'GU', 'VI']) zones.add(zoneOfRegion(r)!);
    expect(zones.size).toBeGreaterThan(15);
    for (const z of zones) expect(() => localTimeIn(z, NOW), z).not.toThrow();
  });

  it('local time follows daylight saving', () => {
    expect(localTimeIn('America/New_York', new Date(Date.UTC(2026, 6, 1, 16))).text).toBe('12:00 EDT');
    expect(localTimeIn('America/Phoenix', new Date(Date.UTC(2026, 6, 1, 16))).text).toBe('09:00 MST');
  });
});
