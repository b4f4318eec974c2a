// The report use case: asks the store for the aggregates of the period, the one before it
// and the trend periods (inside one read transaction, so the figures agree with each
// other while a call session writes), and puts them side by side with the change.
import type { DB } from '../store/db.js';
import { codeLabels, periodExtras, sourceCounts, touchGroups } from '../store/report.js';
import { inboundArrivals } from '../store/call-hours.js';
import { hourWeekdayIn, userFigures } from './best-hours.js';
import { MIN_CALLS_PER_PART, FIGURES_DAYS, type Figures } from '../core/day-parts.js';
import {
  activityByPeriod,
  compare,
  figuresOf,
  median,
  rateRows,
  type PeriodExtras,
  type RateRow,
  FIGURES,
  isoBounds,
  lastPeriods,
  PLACES,
  rangeDays,
  rangeLabel,
  ratio,
  round,
  sourceRow,
  STAGES,
  type Activity,
  type Compared,
  type FigureKey,
  type Periods,
  type Range,
  type SourceRow,
  type Span,
} from '../core/report.js';

export type ReportBy = 'code' | 'source' | 'list' | 'stage' | 'hour' | 'weekday';

export interface PeriodInfo {
  kind: Span['kind'];
  label: string;
  /** first and last local day */
  from: string;
  to: string;
  /** UTC bounds, [start, end) */
  start: string;
  end: string;
}

/** One period of the trend: its activity counts, its contact rate, and its calls by code and moves by stage. */
export type TrendPoint = Omit<Activity, 'by_code' | 'by_stage'> & {
  label: string;
  from: string;
  to: string;
  contact_rate: number | null;
  by_code: Record<string, number>;
  by_stage: Record<string, number>;
};

export interface Report {
  /** `partial`: the period is not over; its figures are so far */
  period: PeriodInfo & { partial: boolean };
  /**
   * What it is compared with: the period before (`label`), all of it, or while the current
   * period runs, the same stretch of it (`partial`, `end` where it was cut)
   */
  previous: PeriodInfo & { partial: boolean; period_from: string; period_to: string };
  by: ReportBy | null;
  /** the headline figures (the report without `by`) */
  figures: Record<FigureKey, Compared & { label: string }> | null;
  outcomes: (Compared & { code: number | null; label: string; share: number | null })[];
  stages: (Compared & { stage: string })[];
  /** the last periods, oldest first, the current one last (empty by source or list) */
  trend: TrendPoint[];
  /** `--by source` or `--by list`: the current period's funnel of each */
  groups: SourceRow[] | null;
  /** `--by hour` or `--by weekday`: the contact rate of each part of the lead's day, and of each hour or weekday */
  rates: { parts: RateRow[]; rows: RateRow[]; rotation: Rotation } | null;
}

/** Whether the rotation of retries follows the user's figures now (over the last FIGURES_DAYS days), and by which rule. */
export interface Rotation {
  uses_figures: boolean;
  /** the part with the best lower bound, when the figures are used */
  best: string | null;
  calls: number;
  days: number;
  min_calls_per_part: number;
}

function rotationOf(f: Figures, days: number): Rotation {
  const best = f.ready ? [...f.parts].sort((a, b) => b.low - a.low)[0].part : null;
  return { uses_figures: f.ready, best, calls: f.calls, days, min_calls_per_part: MIN_CALLS_PER_PART };
}

/** What the store measures of a period beside its touches, with the inbound leads' wait for a first call. */
function extrasOf(db: DB, start: string, end: string): PeriodExtras {
  const arrivals = inboundArrivals(db, start, end);
  const waits = arrivals.filter((a) => a.first_call).map((a) => (Date.parse(a.first_call!) - Date.parse(a.inbound_at)) / 60_000);
  return { ...periodExtras(db, start, end), inbound_leads: arrivals.length, inbound_minutes: median(waits) };
}

function info(span: Span, r: Range): PeriodInfo {
  return { kind: span.kind, label: rangeLabel(span, r), ...rangeDays(r), ...isoBounds(r) };
}

/** Moves into each stage: `quote` is the entry (a finish code), `done` the release. */
function stageCount(a: Activity, stage: string): number {
  if (stage === 'quote') return a.entered_cycle + (a.by_stage.get('quote') ?? 0);
  if (stage === 'done') return a.released + (a.by_stage.get('done') ?? 0);
  return a.by_stage.get(stage) ?? 0;
}

/**
 * The report a view shows: the headline figures (no `by`), the outcomes or the stages with
 * their trend (`code`, `stage`), or the funnel of each source or list. Each view asks the
 * store only for its own aggregates.
 */
export function buildReport(db: DB, p: Periods, by: ReportBy | null, trendLength = 8): Report {
  return db.transaction((): Report => {
    const c = isoBounds(p.current);
    const head = {
      period: { ...info(p.span, p.current), partial: p.partial },
      previous: {
        ...info(p.span, p.compared),
        label: rangeLabel(p.span, p.previous),
        partial: p.compared.end < p.previous.end,
        period_from: rangeDays(p.previous).from,
        period_to: rangeDays(p.previous).to,
      },
      by,
    };
    if (by === 'source' || by === 'list') {
      return { ...head, figures: null, outcomes: [], stages: [], trend: [], groups: sourceCounts(db, by, c.start, c.end).map(sourceRow), rates: null };
    }
    if (by === 'hour' || by === 'weekday') {
      const pr = isoBounds(p.compared);
      const rates = rateRows(by, hourWeekdayIn(db, c.start, c.end), hourWeekdayIn(db, pr.start, pr.end));
      const rotation = rotationOf(userFigures(db, p.now, { unplaced: true }), FIGURES_DAYS);
      return { ...head, figures: null, outcomes: [], stages: [], trend: [], groups: null, rates: { ...rates, rotation } };
    }

    const periods = lastPeriods(p.span, p.current, Math.max(2, trendLength));
    const bounds = [...periods.map((r) => isoBounds(r).start), c.end];
    const acts = activityByPeriod(touchGroups(db, bounds), periods.length);
    const cur = acts[acts.length - 1];
    const pr = isoBounds(p.compared);
    const prev =
      p.compared.end < p.previous.end ? activityByPeriod(touchGroups(db, [pr.start, pr.end]), 1)[0] : acts[acts.length - 2];

    let figures: Report['figures'] = null;
    if (by === null) {
      const curFig = figuresOf(cur, extrasOf(db, c.start, c.end));
      const prevFig = figuresOf(prev, extrasOf(db, pr.start, pr.end));
      figures = Object.fromEntries(
        FIGURES.map(([key, label]) => [key, { label, ...compare(curFig[key], prevFig[key], PLACES[key]) }]),
      ) as NonNullable<Report['figures']>;
    }

    // every code in the table, and any code a call used that is no longer there
    const labels = codeLabels(db);
    const codes = new Set<number | null>([...labels.keys(), ...cur.by_code.keys(), ...prev.by_code.keys()]);
    const outcomes = [...codes]
      .sort((a, b) => (a ?? 1000) - (b ?? 1000))
      .map((code) => ({
        code,
        label: code === null ? 'no code' : (labels.get(code) ?? `code ${code}`),
        ...compare(cur.by_code.get(code) ?? 0, prev.by_code.get(code) ?? 0, 0),
        share: round(ratio(cur.by_code.get(code) ?? 0, cur.calls), 4),
      }))
      .filter((o) => o.code !== null || o.current || o.previous);

    const stages = STAGES.map((stage) => ({ stage, ...compare(stageCount(cur, stage), stageCount(prev, stage), 0) }));

    const trend = periods.map((r, i): TrendPoint => {
      const a = acts[i];
      return {
        label: rangeLabel(p.span, r),
        ...rangeDays(r),
        calls: a.calls,
        reached: a.reached,
        contact_rate: round(ratio(a.reached, a.calls), 4),
        letters: a.letters,
        emails: a.emails,
        entered_cycle: a.entered_cycle,
        stage_moves: a.stage_moves,
        sold: a.sold,
        released: a.released,
        by_code: Object.fromEntries([...a.by_code].map(([k, n]) => [String(k ?? 'none'), n])),
        by_stage: Object.fromEntries(STAGES.map((s) => [s, stageCount(a, s)])),
      };
    });

    return { ...head, figures, outcomes, stages, trend, groups: null, rates: null };
  })();
}
