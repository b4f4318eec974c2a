// The next try at a lead not reached: a table of the rotation's cases, and its promises
// checked over generated histories (fast-check).
process.env.TZ = 'UTC';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextAttempt, CALLING_DAYS, type AttemptInput, type PastCall, type RetryRules } from '../../dist/core/retry.js';
import { partFigures, partOfHour, wilson, MIN_CALLS_PER_PART, type HourCount } from '../../dist/core/day-parts.js';
import { atWall, wallClock } from '../../dist/core/local-time.js';
import { shareDays } from '../../dist/core/away.js';

const NY = 'America/New_York';
const RULES: RetryRules = { delayMinutes: 1440, round: 6, restDays: 30, limit: 10, coolOffDays: 180 };

/** A call at a wall-clock time in a zone (month 1-12). */
function call(zone: string, y: number, m: number, d: number, h: number, mi = 0, reached = false): PastCall {
  const at = atWall(zone, { year: y, month: m, day: d }, h, mi);
  return { at, local: wallClock(zone, at), reached };
}

function decide(calls: PastCall[], over: Partial<AttemptInput> = {}) {
  const attempts = over.attempts ?? calls.length - calls.map((c) => c.reached).lastIndexOf(true) - 1;
  const a = nextAttempt({ calls, attempts, zone: NY, rules: RULES, figures: null, away: [], ...over });
  const w = wallClock(over.zone ?? NY, a.at);
  const when = `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][w.weekday]} ${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  return { ...a, when };
}

/** Hours with `calls` each and the contact rate given for each part of the day. */
function figuresWith(rates: Record<string, number>, calls: number) {
  const hours: HourCount[] = [9, 12, 15, 18].map((h) => ({ hour: h, calls, reached: Math.round(calls * rates[partOfHour(h)]) }));
  return partFigures(hours);
}

// Tuesday 24 November 2026 in New York
const TUE = (h: number, mi = 0, reached = false) => call(NY, 2026, 11, 24, h, mi, reached);

describe('the next try: a table', () => {
  it.each([
    ['a morning unanswered: midday the next day', [TUE(9)], {}, 'Wed 2026-11-25 11:00', { try: 2, of: 6, tried: ['morning'], part: 'midday', basis: 'even', kind: 'retry' }],
    [
      'mornings and midday tried: the afternoon, on a weekday not yet tried',
      [call(NY, 2026, 11, 23, 9), TUE(12)],
      {},
      'Wed 2026-11-25 14:00',
      { try: 3, tried: ['morning', 'midday'], part: 'afternoon' },
    ],
    ['a Friday afternoon: Monday, never the weekend', [call(NY, 2026, 11, 27, 15)], {}, 'Mon 2026-11-30 08:00', { part: 'morning' }],
    [
      'every part tried: the round of parts starts over, never the part just tried',
      [call(NY, 2026, 11, 16, 9), call(NY, 2026, 11, 17, 12), call(NY, 2026, 11, 18, 15), call(NY, 2026, 11, 19, 18)],
      {},
      'Fri 2026-11-20 08:00',
      { try: 5, tried: ['evening'], part: 'morning' },
    ],
    [
      'a weekday tried is skipped: Monday and Tuesday tried, Wednesday next',
      [call(NY, 2026, 11, 23, 9), call(NY, 2026, 11, 24, 12)],
      {},
      'Wed 2026-11-25 14:00',
      {},
    ],
    [
      'reached before at 10:40: tried near that hour again',
      [call(NY, 2026, 11, 16, 10, 40, true), TUE(15)],
      {},
      'Wed 2026-11-25 10:30',
      { basis: 'reached', reached_at: '10:40', part: 'morning' },
    ],
    [
      'the hour of the contact tried already in this round: the rotation goes on',
      [call(NY, 2026, 11, 16, 10, 40, true), call(NY, 2026, 11, 23, 10, 30), TUE(15)],
      {},
      'Wed 2026-11-25 11:00',
      { basis: 'even', tried: ['morning', 'afternoon'], part: 'midday' },
    ],
    [
      'figures that tell the parts apart: the untried part with the best lower bound',
      [TUE(9)],
      { figures: figuresWith({ morning: 0.2, midday: 0.1, afternoon: 0.35, evening: 0.25 }, 400) },
      'Wed 2026-11-25 14:00',
      { basis: 'figures', part: 'afternoon' },
    ],
    [
      'figures too few to tell apart: even rotation',
      [TUE(9)],
      { figures: figuresWith({ morning: 0.2, midday: 0.1, afternoon: 0.35, evening: 0.25 }, MIN_CALLS_PER_PART - 1) },
      'Wed 2026-11-25 11:00',
      { basis: 'even' },
    ],
    [
      'the sixth try of a round unanswered: 30 days of rest, then round 2',
      [TUE(9)],
      { attempts: 6 },
      'Thu 2026-12-24 11:00',
      { kind: 'round', try: 1, round: 2, rest_days: 30, tried: [] },
    ],
    ['the limit reached: the cool-off (180 days), then again', [TUE(9)], { attempts: 10 }, 'Mon 2027-05-24 11:00', { kind: 'rest', rest_days: 180 }],
    [
      'a delay of 4 hours: later the same day, in another part',
      [TUE(9)],
      { rules: { ...RULES, delayMinutes: 240 } },
      'Tue 2026-11-24 13:00',
      { part: 'midday' },
    ],
    [
      'away Wednesday to Friday: the Monday after',
      [TUE(9)],
      { away: [{ start: atWall(NY, { year: 2026, month: 11, day: 25 }, 0), end: atWall(NY, { year: 2026, month: 11, day: 30 }, 0) }] },
      'Mon 2026-11-30 11:00',
      {},
    ],
    [
      'a retry code kept as "reached" (an assistant took the call) after three parts tried: never the same part twice running',
      [call(NY, 2026, 11, 16, 9), call(NY, 2026, 11, 17, 12), call(NY, 2026, 11, 18, 15), call(NY, 2026, 11, 19, 18, 0, true)],
      { attempts: 4 },
      'Fri 2026-11-20 08:00',
      { part: 'morning', tried: ['evening'] },
    ],
    [
      'across the clock change: 11:00 on the lead\'s clock, whatever the offset',
      [call(NY, 2026, 10, 30, 9)],
      {},
      'Mon 2026-11-02 11:00',
      {},
    ],
  ] as const)('%s', (_name, calls, over, when, plan) => {
    const a = decide([...calls], over as Partial<AttemptInput>);
    expect(a.when).toBe(when);
    expect(a.plan).toMatchObject({ ...plan, at: a.at.toISOString() });
  });

  it('reads the lead in its own zone: a Tokyo lead called from New York is tried in Tokyo\'s midday', () => {
    const tokyo = 'Asia/Tokyo';
    const a = decide([call(tokyo, 2026, 11, 24, 9)], { zone: tokyo });
    expect(a.when).toBe('Wed 2026-11-25 11:00');
    expect(a.at.toISOString()).toBe('2026-11-25T02:00:00.000Z');
  });
});

describe('the user\'s figures', () => {
  it('the Wilson interval: inside 0-100%, honest for few calls', () => {
    expect(wilson(0, 0)).toMatchObject({ rate: null, low: 0, high: 1 });
    const w = wilson(31, 100);
    expect(w.rate).toBeCloseTo(0.31);
    expect(w.low).toBeCloseTo(0.2278, 3);
    expect(w.high).toBeCloseTo(0.4063, 3);
    expect(wilson(0, 5).low).toBe(0);
    expect(wilson(5, 5).high).toBe(1);
  });

  it('are used once every part has enough calls and the best part clears the worst', () => {
    const apart = { morning: 0.2, midday: 0.1, afternoon: 0.35, evening: 0.25 };
    expect(figuresWith(apart, MIN_CALLS_PER_PART - 1).ready).toBe(false);
    expect(figuresWith(apart, 200).ready).toBe(true);
    // parts alike: never told apart, however many calls
    expect(figuresWith({ morning: 0.25, midday: 0.25, afternoon: 0.26, evening: 0.25 }, 2000).ready).toBe(false);
  });
});

// --- the promises, over generated histories --------------------------------------------

const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Asia/Kolkata'];

const historyArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  // minutes after 2026-01-05 (a Monday), any hour: calls made with --any-hour or logged late included
  start: fc.integer({ min: 0, max: 600 * 24 * 60 }),
  gaps: fc.array(fc.integer({ min: 1, max: 20 * 24 * 60 }), { minLength: 0, maxLength: 11 }),
  reached: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  extra: fc.integer({ min: 0, max: 12 }),
  lastReached: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  rules: fc.record({
    delayMinutes: fc.oneof(fc.constantFrom(1440, 2880, 10_080), fc.integer({ min: 15, max: 3000 })),
    round: fc.integer({ min: 1, max: 10 }),
    restDays: fc.integer({ min: 0, max: 60 }),
    limit: fc.integer({ min: 1, max: 15 }),
    coolOffDays: fc.integer({ min: 0, max: 400 }),
  }),
  figures: fc.option(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }), { nil: null }),
  away: fc.array(fc.record({ from: fc.integer({ min: -5 * 24 * 60, max: 60 * 24 * 60 }), days: fc.integer({ min: 1, max: 120 }) }), { maxLength: 3 }),
});

const BASE = Date.UTC(2026, 0, 5);

describe('the next try: its promises over generated histories', () => {
  it('never outside the calling hours or on a weekend, never before the delay, never twice running in one part, never past the limit, never lost to an away', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        let t = BASE + h.start * 60_000;
        const times = [t, ...h.gaps.map((g) => (t += g * 60_000))];
        const calls: PastCall[] = times.map((ms, i) => ({ at: new Date(ms), local: wallClock(h.zone, new Date(ms)), reached: h.reached[i] }));
        // the call just logged: not reached, or now and then a retry code kept as "reached"
        calls[calls.length - 1].reached = h.lastReached;
        const trailing = calls.length - calls.map((c) => c.reached).lastIndexOf(true) - 1;
        const attempts = Math.max(1, trailing + h.extra);
        const last = calls[calls.length - 1];
        const away = h.away.map((p) => ({ start: new Date(last.at.getTime() + p.from * 60_000), end: new Date(last.at.getTime() + (p.from + p.days * 1440) * 60_000) }));
        const figures = h.figures && figuresWith({ morning: h.figures[0] / 100, midday: h.figures[1] / 100, afternoon: h.figures[2] / 100, evening: h.figures[3] / 100 }, 300);
        const a = nextAttempt({ calls, attempts, zone: h.zone, rules: h.rules, figures, away });

        const w = wallClock(h.zone, a.at);
        expect(Number.isFinite(a.at.getTime())).toBe(true);
        expect(w.hour >= 8 && w.hour < 21, `${w.hour}:${w.minute}`).toBe(true);
        expect(CALLING_DAYS).toContain(w.weekday);
        expect(partOfHour(w.hour)).not.toBe(partOfHour(last.local.hour));
        expect(away.some((p) => p.start <= a.at && a.at < p.end)).toBe(false);
        expect(a.at.getTime()).toBeGreaterThan(last.at.getTime());
        // the delay (whole days: from the start of that day on the lead's clock), the rest, the cool-off
        const kind = attempts >= h.rules.limit ? 'rest' : ((attempts - 1) % h.rules.round) + 1 === h.rules.round ? 'round' : 'retry';
        expect(a.plan.kind).toBe(kind);
        const days = kind === 'rest' ? h.rules.coolOffDays : kind === 'round' ? h.rules.restDays : null;
        const day = { year: last.local.year, month: last.local.month, day: last.local.day };
        const notBefore =
          days !== null
            ? atWall(h.zone, { ...day, day: day.day + days }, 0)
            : h.rules.delayMinutes % 1440 === 0
              ? atWall(h.zone, { ...day, day: day.day + h.rules.delayMinutes / 1440 }, 0)
              : new Date(last.at.getTime() + h.rules.delayMinutes * 60_000);
        expect(a.at.getTime()).toBeGreaterThanOrEqual(notBefore.getTime());
        expect(a.plan.try).toBeLessThanOrEqual(a.plan.of);
        expect(a.plan.at).toBe(a.at.toISOString());
      }),
      { numRuns: 400 },
    );
  });

  it('the retries an away holds are each given a calling day, at most a day\'s share, none on a day away', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.record({ from: fc.integer({ min: 0, max: 40 }), days: fc.integer({ min: 1, max: 20 }) }), { maxLength: 2 }),
        (n, perDay, backIn, later) => {
          const back = new Date(2026, 10, 24 + backIn);
          const away = later.map((p) => ({ start: new Date(2026, 10, 24 + backIn + p.from), end: new Date(2026, 10, 24 + backIn + p.from + p.days) }));
          const days = shareDays(n, perDay, back, away);
          const count = new Map<number, number>();
          const wrong = days.filter((d, i) => {
            count.set(d.getTime(), (count.get(d.getTime()) ?? 0) + 1);
            const inAway = away.some((p) => p.start <= d && new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1) <= p.end);
            // in the order given: never an earlier day after a later one
            return d < back || !CALLING_DAYS.includes(d.getDay()) || inAway || (i > 0 && d < days[i - 1]);
          });
          expect(days).toHaveLength(n);
          expect(wrong).toEqual([]);
          expect(Math.max(0, ...count.values())).toBeLessThanOrEqual(perDay);
        },
      ),
      { numRuns: 200 },
    );
  });
});
