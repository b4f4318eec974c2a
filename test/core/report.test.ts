// The report's period logic and arithmetic, table by table. The periods are local
// calendar periods: these tests run in the process's zone, which the file pins to New York
// (vitest's forks pool starts each file in its own process; TZ is read at first use).
process.env.TZ = 'America/New_York';
import { describe, expect, it } from 'vitest';
import {
  activityByPeriod,
  choosePeriods,
  compare,
  daysIn,
  daysRange,
  isoBounds,
  lastPeriods,
  periodContaining,
  previousPeriod,
  rangeDays,
  rangeLabel,
  ratio,
  sameStretch,
  sourceRow,
  type PeriodKind,
  type Span,
} from '../../src/core/report.js';
import { sparkline, bar } from '../../src/cli/charts.js';

const local = (s: string) => {
  const [d, t = '12:00'] = s.split(' ');
  const [y, m, dd] = d.split('-').map(Number);
  const [h, mi] = t.split(':').map(Number);
  return new Date(y, m - 1, dd, h, mi);
};

describe('the zone of these tests', () => {
  it('is New York (so the bounds below are checked against a zone with clock changes)', () => {
    expect(new Date(2026, 6, 1).getTimezoneOffset()).toBe(240);
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(300);
  });
});

describe('periodContaining: local calendar periods as UTC bounds', () => {
  const cases: [PeriodKind, string, string, string][] = [
    // a Tuesday: its week starts on the Monday before
    ['week', '2026-11-24 12:00', '2026-11-23T05:00:00.000Z', '2026-11-30T05:00:00.000Z'],
    // Monday 00:00 is the first moment of its own week
    ['week', '2026-11-23 00:00', '2026-11-23T05:00:00.000Z', '2026-11-30T05:00:00.000Z'],
    // Sunday 23:59 is the last moment of the week that began six days before
    ['week', '2026-11-29 23:59', '2026-11-23T05:00:00.000Z', '2026-11-30T05:00:00.000Z'],
    // a week across a month and a year end
    ['week', '2026-12-31 09:00', '2026-12-28T05:00:00.000Z', '2027-01-04T05:00:00.000Z'],
    // the week of the autumn clock change (Sunday 1 Nov 2026): 7 days and one hour
    ['week', '2026-10-28 12:00', '2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    // the week of the spring clock change (Sunday 8 Mar 2026): 7 days less one hour
    ['week', '2026-03-04 12:00', '2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    ['day', '2026-11-24 00:00', '2026-11-24T05:00:00.000Z', '2026-11-25T05:00:00.000Z'],
    ['day', '2026-11-24 23:59', '2026-11-24T05:00:00.000Z', '2026-11-25T05:00:00.000Z'],
    // the 25-hour day of the autumn change, the 23-hour day of the spring one
    ['day', '2026-11-01 12:00', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['day', '2026-03-08 12:00', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    // month ends: 30, 31, 28 and 29 days; the month of a clock change
    ['month', '2026-11-30 23:59', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    ['month', '2026-12-31 23:59', '2026-12-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
    ['month', '2026-02-28 12:00', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'],
    ['month', '2028-02-29 12:00', '2028-02-01T05:00:00.000Z', '2028-03-01T05:00:00.000Z'],
    ['month', '2026-03-01 00:00', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
  ];
  it.each(cases)('%s holding %s is [%s, %s)', (kind, at, start, end) => {
    expect(isoBounds(periodContaining(kind, local(at)))).toEqual({ start, end });
  });
});

describe('previousPeriod', () => {
  const cases: [Span, string, string, string, string][] = [
    // [span, the current period's first day, last day] -> previous first and last day
    [{ kind: 'day' }, '2026-11-24', '2026-11-24', '2026-11-23', '2026-11-23'],
    [{ kind: 'day' }, '2026-03-01', '2026-03-01', '2026-02-28', '2026-02-28'],
    [{ kind: 'week' }, '2026-11-23', '2026-11-29', '2026-11-16', '2026-11-22'],
    [{ kind: 'week' }, '2026-01-05', '2026-01-11', '2025-12-29', '2026-01-04'],
    [{ kind: 'week' }, '2026-11-02', '2026-11-08', '2026-10-26', '2026-11-01'],
    [{ kind: 'month' }, '2026-03-01', '2026-03-31', '2026-02-01', '2026-02-28'],
    [{ kind: 'month' }, '2026-01-01', '2026-01-31', '2025-12-01', '2025-12-31'],
    [{ kind: 'month' }, '2026-05-01', '2026-05-31', '2026-04-01', '2026-04-30'],
    [{ kind: 'days', days: 10 }, '2026-11-01', '2026-11-10', '2026-10-22', '2026-10-31'],
    [{ kind: 'days', days: 3 }, '2026-03-08', '2026-03-10', '2026-03-05', '2026-03-07'],
  ];
  it.each(cases)('%o %s..%s comes after %s..%s', (span, from, to, pFrom, pTo) => {
    const cur = daysRange(local(from), local(to));
    expect(rangeDays(previousPeriod(span, cur))).toEqual({ from: pFrom, to: pTo });
    // the two are adjacent: nothing falls between them, nothing in both
    expect(previousPeriod(span, cur).end.getTime()).toBe(cur.start.getTime());
  });

  it('the last 8 weeks are consecutive Mondays, oldest first, ending with this one', () => {
    const r = periodContaining('week', local('2026-11-24'));
    const weeks = lastPeriods({ kind: 'week' }, r, 8);
    expect(weeks.map((w) => rangeDays(w).from)).toEqual([
      '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23',
    ]);
    for (let i = 1; i < weeks.length; i++) expect(weeks[i - 1].end).toEqual(weeks[i].start);
  });
});

describe('sameStretch: as far into the period before as now is into this one', () => {
  it.each([
    // [kind, now, end of the compared stretch]
    ['week', '2026-11-24 12:00', '2026-11-17T17:00:00.000Z'], // Tuesday noon: last Tuesday noon
    ['week', '2026-11-24 12:01', '2026-11-17T17:15:00.000Z'], // rounded up to the quarter hour
    ['week', '2026-11-23 00:00', '2026-11-16T05:00:00.000Z'], // Monday midnight: nothing yet
    ['week', '2026-11-29 23:50', '2026-11-23T05:00:00.000Z'], // rounds to the end: the whole week
    // after the autumn clock change (Sun 1 Nov): Tuesday 10:00 EST against Tuesday 10:00 EDT
    ['week', '2026-11-03 10:00', '2026-10-27T14:00:00.000Z'],
    ['day', '2026-11-24 09:20', '2026-11-23T14:30:00.000Z'],
    // the 31st of a month after a 30-day one: the whole month before, never past it
    ['month', '2026-12-31 12:00', '2026-12-01T05:00:00.000Z'],
    ['month', '2026-03-30 08:00', '2026-03-01T05:00:00.000Z'],
    ['month', '2026-11-24 17:30', '2026-10-24T21:30:00.000Z'],
  ] as [PeriodKind, string, string][])('%s at %s: to %s', (kind, now, end) => {
    const cur = periodContaining(kind, local(now));
    const prev = previousPeriod({ kind }, cur);
    const r = sameStretch(prev, cur, local(now));
    expect(r.start).toEqual(prev.start);
    expect(r.end.toISOString()).toBe(end);
  });

  it('only a period under way is cut; a period over (or not begun) is compared whole', () => {
    const now = local('2026-11-24 12:00');
    const over = choosePeriods({ period: 'week', from: local('2026-11-16') }, now);
    expect(over.compared).toEqual(over.previous);
    const ahead = choosePeriods({ from: local('2026-12-01'), to: local('2026-12-07') }, now);
    expect([ahead.partial, ahead.compared]).toEqual([false, ahead.previous]);
    const running = choosePeriods({}, now);
    expect([running.partial, running.compared.end.toISOString()]).toEqual([true, '2026-11-17T17:00:00.000Z']);
  });
});

describe('daysRange and daysIn', () => {
  it.each([
    ['2026-11-01', '2026-11-10', 10],
    ['2026-11-24', '2026-11-24', 1],
    ['2026-10-31', '2026-11-02', 3], // across the 25-hour day
    ['2026-03-07', '2026-03-09', 3], // across the 23-hour day
    ['2025-12-01', '2026-11-30', 365],
  ])('%s to %s is %i days', (from, to, days) => {
    expect(daysIn(daysRange(local(from), local(to)))).toBe(days);
  });
});

describe('rangeLabel', () => {
  it.each([
    [{ kind: 'day' }, '2026-11-24', '2026-11-24', '2026-11-24'],
    [{ kind: 'week' }, '2026-11-23', '2026-11-29', '2026-11-23..29'],
    [{ kind: 'week' }, '2026-10-26', '2026-11-01', '2026-10-26..11-01'],
    [{ kind: 'week' }, '2026-12-28', '2027-01-03', '2026-12-28..2027-01-03'],
    [{ kind: 'month' }, '2026-11-01', '2026-11-30', '2026-11'],
  ] as [Span, string, string, string][])('%o %s..%s is %s', (span, from, to, label) => {
    expect(rangeLabel(span, daysRange(local(from), local(to)))).toBe(label);
  });
});

describe('choosePeriods: what the flags ask for', () => {
  const now = local('2026-11-24 12:00');
  const days = (c: Parameters<typeof choosePeriods>[0]) => {
    const p = choosePeriods(c, now);
    return [rangeDays(p.current), rangeDays(p.previous), p.partial, p.span.kind];
  };
  it.each([
    ['no flags: this week so far', {}, ['2026-11-23', '2026-11-29'], ['2026-11-16', '2026-11-22'], true, 'week'],
    ['--period day', { period: 'day' }, ['2026-11-24', '2026-11-24'], ['2026-11-23', '2026-11-23'], true, 'day'],
    ['--period month', { period: 'month' }, ['2026-11-01', '2026-11-30'], ['2026-10-01', '2026-10-31'], true, 'month'],
    ['--period month --from a day in October', { period: 'month', from: local('2026-10-15') }, ['2026-10-01', '2026-10-31'], ['2026-09-01', '2026-09-30'], false, 'month'],
    ['--from --to', { from: local('2026-11-01'), to: local('2026-11-10') }, ['2026-11-01', '2026-11-10'], ['2026-10-22', '2026-10-31'], false, 'days'],
    ['--from alone runs to today', { from: local('2026-11-20') }, ['2026-11-20', '2026-11-24'], ['2026-11-15', '2026-11-19'], true, 'days'],
    ['--from and --to the same day', { from: local('2026-11-10'), to: local('2026-11-10') }, ['2026-11-10', '2026-11-10'], ['2026-11-09', '2026-11-09'], false, 'days'],
  ] as [string, Parameters<typeof choosePeriods>[0], string[], string[], boolean, string][])(
    '%s',
    (_name, choice, cur, prev, partial, kind) => {
      expect(days(choice)).toEqual([{ from: cur[0], to: cur[1] }, { from: prev[0], to: prev[1] }, partial, kind]);
    },
  );

  it.each([
    ['--to without --from', { to: local('2026-11-10') }, /--to needs --from/],
    ['--from after --to', { from: local('2026-11-10'), to: local('2026-11-01') }, /--from 2026-11-10 is after --to 2026-11-01/],
    ['--period with --to', { period: 'week', from: local('2026-11-01'), to: local('2026-11-10') }, /--period and --to/],
  ] as [string, Parameters<typeof choosePeriods>[0], RegExp][])('refuses %s (a usage error)', (_n, choice, msg) => {
    expect(() => choosePeriods(choice, now)).toThrow(msg);
    try {
      choosePeriods(choice, now);
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('the arithmetic', () => {
  it.each([
    [42, 30, { current: 42, previous: 30, change: 12, change_pct: 40 }],
    [30, 42, { current: 30, previous: 42, change: -12, change_pct: -28.6 }],
    [5, 0, { current: 5, previous: 0, change: 5, change_pct: null }],
    [0, 0, { current: 0, previous: 0, change: 0, change_pct: null }],
    [0, 4, { current: 0, previous: 4, change: -4, change_pct: -100 }],
    [null, 0.5, { current: null, previous: 0.5, change: null, change_pct: null }],
  ] as [number | null, number | null, object][])('compare(%s, %s)', (cur, prev, want) => {
    expect(compare(cur, prev)).toEqual(want);
  });

  it('a rate of nothing is n/a (null), never a division by zero', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(null, 4)).toBeNull();
  });

  it('folds touch groups into each period: calls, reached, codes, mail, the cycle', () => {
    const g = (bucket: number, channel: string, n: number, more: object = {}) => ({
      bucket, channel, code: null, stage: null, reached: null, action: null, n, ...more,
    });
    const [a, b] = activityByPeriod(
      [
        g(0, 'call', 4, { code: 3, reached: 0, action: 'retry' }),
        g(0, 'call', 2, { code: 6, reached: 1, action: 'finish' }),
        g(1, 'call', 1, { code: 1, reached: 1, action: 'rest' }),
        g(1, 'letter', 3),
        g(1, 'email', 2),
        g(1, 'stage', 2, { stage: 'thinking' }),
        g(1, 'stage', 1, { stage: 'sold' }),
        g(1, 'release', 1, { stage: 'done' }),
        g(5, 'call', 9), // outside the periods asked for: ignored
      ],
      2,
    );
    expect(a).toMatchObject({ calls: 6, reached: 2, entered_cycle: 2, letters: 0, sold: 0 });
    expect([...a.by_code]).toEqual([[3, 4], [6, 2]]);
    expect(b).toMatchObject({ calls: 1, reached: 1, letters: 3, emails: 2, stage_moves: 3, sold: 1, released: 1 });
    expect([...b.by_stage]).toEqual([['thinking', 2], ['sold', 1]]);
  });

  it('a source funnel: each step over the one before; costs where known', () => {
    const row = sourceRow({
      key: 'web', leads: 200, new_leads: 20, called: 50, reached: 20, finished: 4, sold: 1,
      cost_cents: 10000, costed_leads: 160, costed_sold: 2,
    });
    expect(row).toMatchObject({
      called_rate: 0.25, reached_rate: 0.4, finished_rate: 0.2, sold_rate: 0.25,
      cost_per_lead_cents: 63, cost_per_sale_cents: 5000,
    });
    const none = sourceRow({
      key: null, leads: 0, new_leads: 0, called: 0, reached: 0, finished: 0, sold: 0,
      cost_cents: null, costed_leads: 0, costed_sold: 0,
    });
    expect(none).toMatchObject({ called_rate: null, sold_rate: null, cost_per_lead_cents: null, cost_per_sale_cents: null });
    const unsold = sourceRow({ ...none, cost_cents: 5000, costed_leads: 10 });
    expect(unsold).toMatchObject({ cost_per_lead_cents: 500, cost_per_sale_cents: null });
  });
});

describe('charts', () => {
  it('a sparkline scales to the largest value; zero is the lowest mark, unknown a space', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6])).toBe('▁▃▄▅▆▇█');
    expect(sparkline([0, 1, 100])).toBe('▁▂█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([null, 10])).toBe(' █');
    expect(sparkline([])).toBe('');
  });
  it('a bar is as long as its share of the largest, in eighths of a cell', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(1, 16, 2)).toBe('▏');
    expect(bar(3, 16, 2)).toBe('▍');
    expect(bar(1, 1000, 10)).toBe('▏');
    expect(bar(0, 10, 4)).toBe('');
  });
});
