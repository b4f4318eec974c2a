// The report's arithmetic as pure functions: which local calendar period a moment falls
// in (weeks start on Monday), the period before it, the last N periods for a trend, and
// the figures computed from grouped counts that the store aggregates in SQL.
// Periods are half-open [start, end) between local midnights; the store compares their
// UTC ISO forms with the stored UTC dates, so a report follows the local time zone.
import { daysBetween, localDay } from './dates.js';
import { UsageError } from './errors.js';
import { partOfHour, PARTS, WEEKDAY_NAMES, wilson, type Rate } from './day-parts.js';
import { partHours } from './retry.js';

export const PERIOD_KINDS = ['day', 'week', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A period of local calendar days, [start, end): start and end are local midnights. */
export interface Range {
  start: Date;
  end: Date;
}

/** `day`/`week`/`month`, or `days` for a `--from D --to D` span of some whole days. */
export type Span = { kind: PeriodKind } | { kind: 'days'; days: number };

const midnight = (y: number, m: number, d: number) => new Date(y, m, d);

/** The day, week (Monday to Sunday) or month that holds the moment `at`, in local time. */
export function periodContaining(kind: PeriodKind, at: Date): Range {
  const [y, m, d] = [at.getFullYear(), at.getMonth(), at.getDate()];
  switch (kind) {
    case 'day':
      return { start: midnight(y, m, d), end: midnight(y, m, d + 1) };
    case 'week': {
      const sinceMonday = (at.getDay() + 6) % 7;
      return { start: midnight(y, m, d - sinceMonday), end: midnight(y, m, d - sinceMonday + 7) };
    }
    case 'month':
      return { start: midnight(y, m, 1), end: midnight(y, m + 1, 1) };
  }
}

/** The whole local days from `from` to `to`, both included (`--from D --to D`). */
export function daysRange(from: Date, to: Date): Range {
  return {
    start: midnight(from.getFullYear(), from.getMonth(), from.getDate()),
    end: midnight(to.getFullYear(), to.getMonth(), to.getDate() + 1),
  };
}

/** Calendar days in a range (23- and 25-hour days of a clock change count as one). */
export function daysIn(r: Range): number {
  const a = r.start;
  const b = r.end;
  return Math.round((Date.UTC(b.getFullYear(), b.getMonth(), b.getDate()) - Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())) / 86_400_000);
}

/** The period just before `r`: the day, week or month before, or as many days before. */
export function previousPeriod(span: Span, r: Range): Range {
  const s = r.start;
  const [y, m, d] = [s.getFullYear(), s.getMonth(), s.getDate()];
  switch (span.kind) {
    case 'day':
      return { start: midnight(y, m, d - 1), end: r.start };
    case 'week':
      return { start: midnight(y, m, d - 7), end: r.start };
    case 'month':
      return { start: midnight(y, m - 1, 1), end: r.start };
    case 'days':
      return { start: midnight(y, m, d - span.days), end: r.start };
  }
}

/** The last `n` periods ending with `r`, oldest first (the trend of a sparkline). */
export function lastPeriods(span: Span, r: Range, n: number): Range[] {
  const out: Range[] = [r];
  while (out.length < n) out.unshift(previousPeriod(span, out[0]));
  return out;
}

/** The range's first and last local day, `YYYY-MM-DD` (the end is exclusive: a midnight end's day is not in it). */
export function rangeDays(r: Range): { from: string; to: string } {
  return { from: localDay(r.start), to: localDay(new Date(r.end.getTime() - 1)) };
}

/** The bounds as the store compares them: UTC ISO text. */
export function isoBounds(r: Range): { start: string; end: string } {
  return { start: r.start.toISOString(), end: r.end.toISOString() };
}

/** How a period is named on screen: `2026-11-24`, `2026-11-23..29`, `2026-11`, `2026-10-01..2026-11-15`. */
export function rangeLabel(span: Span, r: Range): string {
  const { from, to } = rangeDays(r);
  if (span.kind === 'month') return from.slice(0, 7);
  if (from === to) return from;
  if (from.slice(0, 8) === to.slice(0, 8)) return `${from}..${to.slice(8)}`;
  if (from.slice(0, 5) === to.slice(0, 5)) return `${from}..${to.slice(5)}`;
  return `${from}..${to}`;
}

/** The current period and the one before it. */
export interface Periods {
  span: Span;
  current: Range;
  /** the whole period before */
  previous: Range;
  /**
   * What the current period is compared with: the whole period before, or, while the
   * current one runs, the same stretch of it (Monday to Tuesday 17:30 against Monday to
   * Tuesday 17:30 of the week before), so a Tuesday is not measured against a whole week.
   */
  compared: Range;
  /** `now` is inside the current period: it is reported so far */
  partial: boolean;
  /** when the report is made */
  now: Date;
}

const QUARTER_HOUR = 900_000;

/**
 * The start of `previous` as far into it as `now` is into `current`, in local days and
 * clock time (a clock change between them does not shift it); `now` is rounded up to the
 * quarter hour, where the store's counts are kept. Never past the end of `previous`.
 */
export function sameStretch(previous: Range, current: Range, now: Date): Range {
  const cut = new Date(Math.ceil(now.getTime() / QUARTER_HOUR) * QUARTER_HOUR);
  const s = previous.start;
  const at = new Date(s.getFullYear(), s.getMonth(), s.getDate() + daysBetween(current.start, cut), cut.getHours(), cut.getMinutes());
  return { start: previous.start, end: at < previous.end ? at : previous.end };
}

export function periodsFor(span: Span, current: Range, now: Date): Periods {
  const previous = previousPeriod(span, current);
  const partial = current.start <= now && now < current.end;
  return { span, current, previous, compared: partial ? sameStretch(previous, current, now) : previous, partial, now };
}

/** What the flags ask for: `--period P` (default a week), `--from D [--to D]`, or `--period P --from D`. */
export interface PeriodChoice {
  period?: PeriodKind;
  from?: Date;
  to?: Date;
}

/**
 * The period a report covers and the one it is compared with. `--period` alone is the day,
 * week or month holding `now`; with `--from D`, the one holding D. `--from D --to D` is those
 * whole days (to today without `--to`), compared with as many days just before.
 */
export function choosePeriods(c: PeriodChoice, now: Date): Periods {
  if (c.to && !c.from) throw new UsageError('--to needs --from: the first day of the report');
  if (c.period && c.to) throw new UsageError('--period and --to: give a period (and --from a day in it), or --from and --to');
  if (c.from && !c.period) {
    const r = daysRange(c.from, c.to ?? now);
    if (r.end <= r.start) throw new UsageError(`--from ${localDay(c.from)} is after --to ${localDay(c.to ?? now)}`);
    return periodsFor({ kind: 'days', days: daysIn(r) }, r, now);
  }
  const kind = c.period ?? 'week';
  return periodsFor({ kind }, periodContaining(kind, c.from ?? now), now);
}

// ---------------------------------------------------------------------------------------
// Figures

/** n / d, or null when there is nothing to divide by (an empty period reads "n/a"). */
export function ratio(n: number | null, d: number | null): number | null {
  if (n === null || d === null || d === 0) return null;
  return n / d;
}

export interface Compared {
  current: number | null;
  previous: number | null;
  /** current - previous (null when either is unknown) */
  change: number | null;
  /** the change in percent of the previous figure (null when that is 0 or unknown) */
  change_pct: number | null;
}

export const round = (x: number | null, places: number): number | null =>
  x === null ? null : Math.round(x * 10 ** places) / 10 ** places;

export function compare(current: number | null, previous: number | null, places = 2): Compared {
  const change = current === null || previous === null ? null : current - previous;
  const pct = change === null || !previous ? null : (change / Math.abs(previous!)) * 100;
  return {
    current: round(current, places),
    previous: round(previous, places),
    change: round(change, places),
    change_pct: round(pct, 1),
  };
}

/**
 * A group of touches counted by the store: in period `bucket` (index of the range),
 * this channel, code and stage, `n` of them. `reached` and `action` come from the code.
 */
export interface TouchGroup {
  bucket: number;
  channel: string;
  code: number | null;
  stage: string | null;
  reached: number | null;
  action: string | null;
  n: number;
}

/** Activity of one period, summed from its touch groups. */
export interface Activity {
  calls: number;
  reached: number;
  letters: number;
  emails: number;
  entered_cycle: number;
  stage_moves: number;
  sold: number;
  released: number;
  /** calls by outcome code (`null` for a call with no code) */
  by_code: Map<number | null, number>;
  /** stage touches by the stage moved to */
  by_stage: Map<string, number>;
}

export function emptyActivity(): Activity {
  return {
    calls: 0,
    reached: 0,
    letters: 0,
    emails: 0,
    entered_cycle: 0,
    stage_moves: 0,
    sold: 0,
    released: 0,
    by_code: new Map(),
    by_stage: new Map(),
  };
}

const bump = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);

/** Folds the store's groups into one Activity per period (`periods` of them). */
export function activityByPeriod(groups: TouchGroup[], periods: number): Activity[] {
  const out = Array.from({ length: periods }, emptyActivity);
  for (const g of groups) {
    const a = out[g.bucket];
    if (!a) continue;
    switch (g.channel) {
      case 'call':
        a.calls += g.n;
        if (g.reached === 1) a.reached += g.n;
        if (g.action === 'finish') a.entered_cycle += g.n;
        bump(a.by_code, g.code, g.n);
        break;
      case 'letter':
        a.letters += g.n;
        break;
      case 'email':
        a.emails += g.n;
        break;
      case 'stage':
        a.stage_moves += g.n;
        if (g.stage === 'sold') a.sold += g.n;
        if (g.stage) bump(a.by_stage, g.stage, g.n);
        break;
      case 'release':
        a.released += g.n;
        break;
    }
  }
  return out;
}

/** What the store measures for one period besides its touch groups. */
export interface PeriodExtras {
  /** follow-ups served by a sort in the period */
  follow_ups: number;
  /** leads first reached in the period, and the counted touches they had before */
  first_contacts: number;
  touches_before_first_contact: number;
  /** calling sessions started in the period: their hours and the calls logged in them */
  session_hours: number;
  session_calls: number;
  /** dials made through dial.command in those sessions */
  session_dials: number;
  /** the timed calls of the period (duration_s) and their seconds */
  timed_calls: number;
  talk_seconds: number;
  /** inbound leads that came in in the period, and the median minutes from arrival to their first call (null: none called) */
  inbound_leads: number;
  inbound_minutes: number | null;
}

/** The headline figures, in the order they are shown. */
export const FIGURES = [
  ['calls', 'calls'],
  ['reached', 'people reached'],
  ['contact_rate', 'contact rate'],
  ['letters', 'letters sent'],
  ['emails', 'emails sent'],
  ['follow_ups', 'follow-ups'],
  ['entered_cycle', 'entered cycle'],
  ['stage_moves', 'stage movements'],
  ['sold', 'sold'],
  ['released', 'released'],
  ['touches_before_contact', 'touches before contact'],
  ['calls_per_hour', 'calls per hour'],
  ['dials_per_hour', 'dials per hour'],
  ['talk_minutes', 'talk time (min)'],
  ['average_call_minutes', 'average call (min)'],
  ['inbound_leads', 'inbound leads'],
  ['inbound_minutes', 'inbound: min to call'],
] as const;
export type FigureKey = (typeof FIGURES)[number][0];

/** Figures that are rates (0..1): shown as percentages, their change in points. */
export const RATE_FIGURES = new Set<FigureKey>(['contact_rate']);

export function figuresOf(a: Activity, x: PeriodExtras): Record<FigureKey, number | null> {
  return {
    calls: a.calls,
    reached: a.reached,
    contact_rate: ratio(a.reached, a.calls),
    letters: a.letters,
    emails: a.emails,
    follow_ups: x.follow_ups,
    entered_cycle: a.entered_cycle,
    stage_moves: a.stage_moves,
    sold: a.sold,
    released: a.released,
    touches_before_contact: ratio(x.touches_before_first_contact, x.first_contacts),
    calls_per_hour: ratio(x.session_calls, x.session_hours),
    dials_per_hour: ratio(x.session_dials, x.session_hours),
    talk_minutes: x.talk_seconds / 60,
    // over the timed calls only: a call logged by hand without --duration has no length
    average_call_minutes: ratio(x.talk_seconds / 60, x.timed_calls),
    inbound_leads: x.inbound_leads,
    inbound_minutes: x.inbound_minutes,
  };
}

/** Places each figure is rounded to in the output. */
export const PLACES: Record<FigureKey, number> = {
  calls: 0,
  reached: 0,
  contact_rate: 4,
  letters: 0,
  emails: 0,
  follow_ups: 0,
  entered_cycle: 0,
  stage_moves: 0,
  sold: 0,
  released: 0,
  touches_before_contact: 1,
  calls_per_hour: 1,
  dials_per_hour: 1,
  talk_minutes: 1,
  average_call_minutes: 1,
  inbound_leads: 0,
  inbound_minutes: 1,
};

/** The cycle's stages in order, and the release back to the prospect list. */
export const STAGES = ['quote', 'thinking', 'application', 'delivery', 'sold', 'done'] as const;

/** Counts of one source (or list) in a period, as the store aggregates them. */
export interface SourceCounts {
  key: string | null;
  /** leads of this source registered before the period's end, and within it */
  leads: number;
  new_leads: number;
  /** distinct leads called, reached, finished (code 6) and sold in the period */
  called: number;
  reached: number;
  finished: number;
  sold: number;
  /** what the costed imports of this source cost, the leads they brought, and how many of those are sold */
  cost_cents: number | null;
  costed_leads: number;
  costed_sold: number;
}

export interface SourceRow extends SourceCounts {
  called_rate: number | null;
  reached_rate: number | null;
  finished_rate: number | null;
  sold_rate: number | null;
  cost_per_lead_cents: number | null;
  cost_per_sale_cents: number | null;
}

/** The funnel of a source: each step as a share of the step before; the cost per lead and per sale. */
export function sourceRow(c: SourceCounts): SourceRow {
  const cost = c.cost_cents;
  return {
    ...c,
    called_rate: round(ratio(c.called, c.leads), 4),
    reached_rate: round(ratio(c.reached, c.called), 4),
    finished_rate: round(ratio(c.finished, c.reached), 4),
    sold_rate: round(ratio(c.sold, c.finished), 4),
    cost_per_lead_cents: cost === null ? null : round(ratio(cost, c.costed_leads), 0),
    cost_per_sale_cents: cost === null ? null : round(ratio(cost, c.costed_sold), 0),
  };
}

// ---------------------------------------------------------------------------------------
// The contact rate by part of the lead's day, hour and weekday (`--by hour`, `--by weekday`)

/** Calls and people reached in one hour and weekday of the lead's clock. */
export interface HourWeekdayCount {
  hour: number;
  weekday: number;
  calls: number;
  reached: number;
}

/** One row of the rates: the period's calls, reached and rate with its interval, the period before, the change in points. */
export interface RateRow extends Rate {
  key: string;
  label: string;
  previous: Rate;
  /** the rate's change from the period before, in percentage points (null when either has no calls) */
  change_pts: number | null;
}

function rateRow(key: string, label: string, cur: HourWeekdayCount[], prev: HourWeekdayCount[]): RateRow {
  const total = (rows: HourWeekdayCount[]) => wilson(rows.reduce((s, r) => s + r.reached, 0), rows.reduce((s, r) => s + r.calls, 0));
  const c = total(cur);
  const p = total(prev);
  return {
    key,
    label,
    ...roundRate(c),
    previous: roundRate(p),
    change_pts: c.rate === null || p.rate === null ? null : round((c.rate - p.rate) * 100, 1),
  };
}

const roundRate = (r: Rate): Rate => ({ ...r, rate: round(r.rate, 4), low: round(r.low, 4)!, high: round(r.high, 4)! });

/**
 * The rows of `--by hour` (each part of the lead's day, then each hour with a call in either
 * period) or `--by weekday` (Monday to Friday, and a weekend day with calls).
 */
export function rateRows(by: 'hour' | 'weekday', cur: HourWeekdayCount[], prev: HourWeekdayCount[]): { parts: RateRow[]; rows: RateRow[] } {
  const pick = (f: (r: HourWeekdayCount) => boolean) => [cur.filter(f), prev.filter(f)] as const;
  const parts = PARTS.map((part) => {
    const { from, until } = partHours(part);
    return rateRow(part, `${part} ${from}-${until}`, ...pick((r) => partOfHour(r.hour) === part));
  });
  if (by === 'hour') {
    const hours = [...new Set([...cur, ...prev].map((r) => r.hour))].sort((a, b) => a - b);
    const rows = hours.map((h) => rateRow(String(h), `${String(h).padStart(2, '0')}:00 ${partOfHour(h)}`, ...pick((r) => r.hour === h)));
    return { parts, rows };
  }
  const called = new Set([...cur, ...prev].map((r) => r.weekday));
  // Monday first; Saturday and Sunday only when called on
  const days = [1, 2, 3, 4, 5, 6, 0].filter((d) => (d >= 1 && d <= 5) || called.has(d));
  return { parts, rows: days.map((d) => rateRow(String(d), WEEKDAY_NAMES[d], ...pick((r) => r.weekday === d))) };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
