// leads report --by hour and --by weekday: calls, people reached and the contact rate with
// its 95% interval in each part of the lead's day (and hour, and weekday), against the
// period before, in the four outputs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSI, leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

// TZ=UTC (the helper); Tuesday 2026-11-24, this week from Monday 23rd
const TODAY = '2026-11-24 21:00';
const run = (args: string[], today = TODAY) => leads(args, { db: ws.db, env: { LEADS_TODAY: today } });
const ok = (args: string[], today = TODAY) => {
  const r = run(args, today);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

/**
 * New York leads (617) called this week: at 9:00 their time (14:00 UTC) three calls, one
 * reached; at 15:00 their time two calls, both reached. Last week one call at 9:00, reached.
 * A Los Angeles lead (213) called at 17:00 UTC is at 9:00 its time: its morning.
 */
function seed() {
  for (let i = 0; i < 7; i++) ok(['add', '--first', `P${i}`, '--phone', `${i === 6 ? '213' : '617'}-555-010${i}`], '2026-11-01 09:00');
  ok(['log', '1', '1', '--at', '2026-11-17 14:00']);
  ok(['log', '2', '3', '--at', '2026-11-23 14:00']);
  ok(['log', '3', '3', '--at', '2026-11-23 14:10']);
  ok(['log', '4', '2', '--at', '2026-11-24 20:00']);
  ok(['log', '5', '1', '--at', '2026-11-24 20:05']);
  ok(['log', '7', '2', '--at', '2026-11-24 17:00']);
}

describe('leads report --by hour', () => {
  it('--json: each part and hour of the lead\'s day with rate, low and high, against the week before', () => {
    seed();
    const r = JSON.parse(ok(['report', '--by', 'hour', '--json']).stdout);
    expect(r.by).toBe('hour');
    expect(r.parts.map((p: { part: string; calls: number; reached: number }) => [p.part, p.calls, p.reached])).toEqual([
      ['morning', 3, 1],
      ['midday', 0, 0],
      ['afternoon', 2, 2],
      ['evening', 0, 0],
    ]);
    const morning = r.parts[0];
    expect(morning.rate).toBe(0.3333);
    expect(morning.low).toBeCloseTo(0.0615, 3);
    expect(morning.high).toBeCloseTo(0.7923, 3);
    // the week before so far (to Tuesday 21:00): the 9:00 call of the 17th, reached
    expect(morning.previous).toMatchObject({ calls: 1, reached: 1, rate: 1 });
    expect(morning.change_pts).toBe(-66.7);
    expect(r.parts[1]).toMatchObject({ rate: null, low: 0, high: 1, change_pts: null });
    expect(r.hours.map((h: { hour: number; calls: number }) => [h.hour, h.calls])).toEqual([[9, 3], [15, 2]]);
    expect(r.rotation).toEqual({ uses_figures: false, best: null, calls: 6, days: 365, min_calls_per_part: 30 });
  });

  it('--by weekday: Monday to Friday, each with its calls', () => {
    seed();
    const r = JSON.parse(ok(['report', '--by', 'weekday', '--json']).stdout);
    expect(r.weekdays.map((d: { weekday: string; calls: number; reached: number }) => [d.weekday, d.calls, d.reached])).toEqual([
      ['Monday', 2, 0],
      ['Tuesday', 3, 3],
      ['Wednesday', 0, 0],
      ['Thursday', 0, 0],
      ['Friday', 0, 0],
    ]);
  });

  it('--csv gives the same rows as the pipe', () => {
    seed();
    for (const by of ['hour', 'weekday']) {
      const csv = ok(['report', '--by', by, '--csv']).stdout;
      const tsv = ok(['report', '--by', by]).stdout;
      const rows = (text: string, sep: string, eol: string) => text.split(eol).filter(Boolean).map((l) => l.split(sep));
      expect(rows(csv, ',', '\r\n')).toEqual(rows(tsv, '\t', '\n'));
      expect(tsv.split('\n')[0]).toBe('section\tkey\tlabel\tcalls\treached\trate\tlow\thigh\tprevious_calls\tprevious_reached\tprevious_rate\tchange_pts');
    }
    expect(ok(['report', '--by', 'hour']).stdout).toContain('part\tafternoon\tafternoon 14-17\t2\t2\t1\t0.3424\t1\t0\t0\t\t\n');
  });

  it('on a terminal: bars with the interval, within 80 columns; says how retries rotate', async () => {
    seed();
    for (const by of ['hour', 'weekday']) {
      const r = await leadsInProcess(['report', '--by', by], { db: ws.db, tty: true, env: { LEADS_TODAY: TODAY, NO_COLOR: '1' } });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(ANSI);
      for (const l of r.stdout.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
      expect(r.stdout.replace(/\n/g, ' ')).toContain('Retries rotate evenly: your calls do not tell the parts of the day apart yet (6 in the last 365 days');
    }
    const r = await leadsInProcess(['report', '--by', 'hour'], { db: ws.db, tty: true, env: { LEADS_TODAY: TODAY, NO_COLOR: '1' } });
    // solid to the rate, light to the upper bound of its interval (here the scale is 100%)
    expect(r.stdout).toMatch(/^morning 8-11 +3 +1 +33% \(6-79%\) +100% +−66\.7 pts ███▍░░░░$/m);
    expect(r.stdout).toMatch(/^afternoon 14-17 +2 +2 +100% \(34-100%\) +n\/a +██████████$/m);
    expect(r.stdout).toMatch(/^midday 11-14 +0 +0 +n\/a +n\/a$/m);
  });

  it('an empty database: no calls, n/a, never NaN', () => {
    const r = JSON.parse(ok(['report', '--by', 'hour', '--json']).stdout);
    expect(r.parts.every((p: { calls: number; rate: null }) => p.calls === 0 && p.rate === null)).toBe(true);
    expect(r.hours).toEqual([]);
    expect(ok(['report', '--by', 'hour']).stdout).not.toMatch(/NaN|Infinity/);
  });
});
