// How `leads report` prints: on a terminal, aligned columns with the change, sparklines of
// the last periods and bars, fitting 80 columns; piped, tab-separated figures; `--csv` the
// same rows as CSV; `--json` the same figures as an object.
import { visible } from './safe.js';
import type { IO, Style } from './io.js';
import { printJson } from './output.js';
import { bar, sparkline } from './charts.js';
import { wrapWidth, wrapWords } from './wrap.js';
import { csvLine } from '../core/csv.js';
import { RATE_FIGURES, type Compared, type FigureKey } from '../core/report.js';
import type { Report, TrendPoint } from '../services/report.js';
import type { RateRow } from '../core/report.js';
import type { Rate } from '../core/day-parts.js';

// ---------------------------------------------------------------------------------------
// The figures as rows: one shape for the tab-separated output and the CSV.

const LONG_HEADER = ['section', 'key', 'label', 'current', 'previous', 'change', 'change_pct'];

const TREND_FIGURES = ['calls', 'reached', 'contact_rate', 'letters', 'emails', 'entered_cycle', 'stage_moves', 'sold', 'released'] as const;

const compared = (c: Compared) => [c.current, c.previous, c.change, c.change_pct];

const GROUP_HEADER = [
  'leads', 'new_leads', 'called', 'called_rate', 'reached', 'reached_rate', 'finished', 'finished_rate',
  'sold', 'sold_rate', 'cost_cents', 'cost_per_lead_cents', 'cost_per_sale_cents',
] as const;

const RATE_HEADER = ['section', 'key', 'label', 'calls', 'reached', 'rate', 'low', 'high', 'previous_calls', 'previous_reached', 'previous_rate', 'change_pts'];

const rateCells = (section: string, x: RateRow) => [
  section, x.key, x.label, x.calls, x.reached, x.rate, x.low, x.high, x.previous.calls, x.previous.reached, x.previous.rate, x.change_pts,
];

/** The header and rows of the report's figures, as `--csv` writes them and a pipe reads them. */
export function reportRows(r: Report): unknown[][] {
  if (r.rates) {
    const section = r.by === 'hour' ? 'hour' : 'weekday';
    return [RATE_HEADER, ...r.rates.parts.map((x) => rateCells('part', x)), ...r.rates.rows.map((x) => rateCells(section, x))];
  }
  if (r.groups) {
    return [[r.by, ...GROUP_HEADER], ...r.groups.map((g) => [g.key ?? '', ...GROUP_HEADER.map((k) => g[k])])];
  }
  const rows: unknown[][] = [
    LONG_HEADER,
    ['period', r.period.kind, 'current', r.period.from, r.previous.from, '', ''],
    ['period', r.period.kind, 'to', r.period.to, r.previous.to, '', ''],
  ];
  const trend = (key: string, value: (t: TrendPoint) => number | null) => {
    for (const t of r.trend) rows.push(['trend', key, t.label, value(t), '', '', '']);
  };
  if (r.by === 'code') {
    for (const o of r.outcomes) rows.push(['code', o.code ?? 'none', o.label, ...compared(o)]);
    for (const o of r.outcomes) trend(`code_${o.code ?? 'none'}`, (t) => t.by_code[String(o.code ?? 'none')] ?? 0);
  } else if (r.by === 'stage') {
    for (const s of r.stages) rows.push(['stage', s.stage, s.stage, ...compared(s)]);
    for (const s of r.stages) trend(s.stage, (t) => t.by_stage[s.stage] ?? 0);
  } else {
    for (const [key, f] of Object.entries(r.figures ?? {})) rows.push(['figure', key, f.label, ...compared(f)]);
    for (const o of r.outcomes) rows.push(['code', o.code ?? 'none', o.label, ...compared(o)]);
    for (const key of TREND_FIGURES) trend(key, (t) => t[key]);
  }
  return rows;
}

/** The same figures as an object (snake_case keys); each view gives its own sections. */
export function reportJson(r: Report) {
  const head = { period: r.period, previous: r.previous, by: r.by };
  if (r.groups) {
    // each group named by what it is: {source: "web", ...} or {list: "spring", ...}
    const named = r.groups.map(({ key, ...g }) => ({ [r.by!]: key, ...g }));
    return { ...head, [r.by === 'list' ? 'lists' : 'sources']: named };
  }
  if (r.rates) {
    const row = (name: string, value: (x: RateRow) => unknown) => (x: RateRow) => {
      const { key: _key, label: _label, ...rest } = x;
      return { [name]: value(x), ...rest };
    };
    const parts = r.rates.parts.map(row('part', (x) => x.key));
    const rows = r.by === 'hour' ? { hours: r.rates.rows.map(row('hour', (x) => Number(x.key))) } : { weekdays: r.rates.rows.map(row('weekday', (x) => x.label)) };
    return { ...head, parts, ...rows, rotation: r.rates.rotation };
  }
  if (r.by === 'code') return { ...head, outcomes: r.outcomes, trend: r.trend };
  if (r.by === 'stage') return { ...head, stages: r.stages, trend: r.trend };
  return { ...head, figures: r.figures, outcomes: r.outcomes, trend: r.trend };
}

export function printReportCsv(io: IO, r: Report): void {
  io.stdout.write(reportRows(r).map(csvLine).join(''));
}

/** Tab-separated rows for a pipe: no charts, no colour, numbers as they are. */
export function printReportPlain(io: IO, r: Report): void {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]+/g, ' '));
  for (const row of reportRows(r)) io.out(row.map(cell).join('\t'));
}

// ---------------------------------------------------------------------------------------
// The terminal view.

type Align = 'l' | 'r';
const fit = (text: string, width: number, align: Align) => {
  if (width === 0) return text;
  const t = [...text].length > width ? [...text].slice(0, width - 1).join('') + '…' : text;
  const pad = ' '.repeat(Math.max(0, width - [...t].length));
  return align === 'l' ? t + pad : pad + t;
};

/** A line of cells, each padded to its width before it is coloured (escapes take no room). */
function line(cells: [string, number, Align, ((s: string) => string)?][]): string {
  return cells
    .map(([text, width, align, paint]) => (paint ? paint(fit(text, width, align)) : fit(text, width, align)))
    .join(' ')
    .trimEnd();
}

const pct = (x: number | null, places = 0) => (x === null ? 'n/a' : `${(x * 100).toFixed(places)}%`);
const num = (x: number | null, places: number) => (x === null ? 'n/a' : x.toFixed(places));
const signed = (x: number, places: number) => (x > 0 ? '+' : x < 0 ? '−' : '') + Math.abs(x).toFixed(places);
const money = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

/** `+12  +40%`, `+3.0 pts` for a rate, `n/a` when a side is unknown. */
function changeText(c: Compared, places: number, rate: boolean): string {
  if (c.change === null) return '';
  if (rate) return `${signed(c.change * 100, 1)} pts`;
  const p =
    c.change === 0 ? '' : c.change_pct === null ? 'new' : `${c.change_pct > 0 ? '+' : '−'}${Math.abs(Math.round(c.change_pct))}%`;
  return `${signed(c.change, places)} ${p.padStart(5)}`.trimEnd();
}

/** Up is good for every figure but the touches a lead needs before it is reached. */
function paintChange(s: Style, c: Compared, downIsGood = false) {
  if (!c.change) return s.dim;
  return c.change > 0 !== downIsGood ? s.green : s.red;
}

/** Column headers of the two periods: short enough for 10 cells. */
function periodHeads(r: Report): [string, string] {
  switch (r.period.kind) {
    case 'week':
      return [`wk ${r.period.from.slice(5)}`, `wk ${r.previous.from.slice(5)}`];
    case 'day':
      return [r.period.from.slice(5), r.previous.from.slice(5)];
    case 'days':
      return ['period', 'before'];
    default:
      return [r.period.label, r.previous.label];
  }
}

const TREND_NAMES: Record<string, string> = { day: 'days', week: 'weeks', month: 'months', days: 'periods' };

/** `week 2026-11-23 to 2026-11-29 (so far)`, `month 2026-11`, `2026-10-01 to 2026-11-15 (46 days)`. */
function periodName(p: { kind: string; label: string; from: string; to: string }, partial = false): string {
  const range = p.from === p.to ? p.from : `${p.from} to ${p.to}`;
  const name = p.kind === 'days' ? `${range} (${daysOf(p)} days` : p.kind === 'month' ? `month ${p.label}` : `${p.kind} ${range}`;
  if (p.kind === 'days') return name + (partial ? ', so far)' : ')');
  return name + (partial ? ' (so far)' : '');
}

const daysOf = (p: { from: string; to: string }) => Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** What the period is compared with: the one before, or the same stretch of it (`up to Tue 17:30`). */
function comparedName(r: Report): string {
  const p = r.previous;
  const whole = periodName({ ...p, from: p.period_from, to: p.period_to });
  if (!p.partial) return `compared with ${whole}`;
  const end = new Date(p.end);
  const hm = `${String(end.getHours()).padStart(2, '0')}:${String(end.getMinutes()).padStart(2, '0')}`;
  const upTo = p.kind === 'day' ? hm : p.kind === 'week' ? `${WEEKDAYS[end.getDay()]} ${hm}` : `${p.to.slice(5)} ${hm}`;
  return `compared with ${whole} up to ${upTo}`;
}

function title(io: IO, r: Report, what: string): void {
  const s = io.style;
  io.out(s.bold(`${what}: ${periodName(r.period, r.period.partial)}`));
  io.out(s.dim(comparedName(r)));
  io.out();
}

const W = { label: 24, value: 9, change: 12, spark: 8 };

function headLine(io: IO, r: Report, first: string, last: string): string {
  const [cur, prev] = periodHeads(r);
  return line([
    [first, W.label, 'l', io.style.bold],
    [cur, W.value, 'r', io.style.bold],
    [prev, W.value, 'r', io.style.bold],
    ['change', W.change, 'r', io.style.bold],
    [' ' + last, 0, 'l', io.style.bold],
  ]);
}

function comparedLine(io: IO, label: string, c: Compared, o: { places?: number; rate?: boolean; downIsGood?: boolean; tail?: string }): string {
  const places = o.places ?? 0;
  const show = (x: number | null) => (o.rate ? pct(x, 1) : num(x, places));
  const na = (x: number | null) => (x === null ? io.style.dim : undefined);
  return line([
    [label, W.label, 'l'],
    [show(c.current), W.value, 'r', na(c.current)],
    [show(c.previous), W.value, 'r', na(c.previous)],
    [changeText(c, places, o.rate ?? false), W.change, 'r', paintChange(io.style, c, o.downIsGood)],
    [' ' + (o.tail ?? ''), 0, 'l'],
  ]);
}

const PLACES_SHOWN: Partial<Record<FigureKey, number>> = {
  touches_before_contact: 1, calls_per_hour: 1, dials_per_hour: 1, talk_minutes: 1, average_call_minutes: 1, inbound_minutes: 1,
};

/** Figures where a fall is good news: touches before a contact, the wait of an inbound lead. */
const DOWN_IS_GOOD = new Set<FigureKey>(['touches_before_contact', 'inbound_minutes']);

function printSummary(io: IO, r: Report): void {
  title(io, r, 'Report');
  const n = r.trend.length;
  io.out(headLine(io, r, 'figure', `last ${n} ${TREND_NAMES[r.period.kind]}`));
  const figures = r.figures!;
  for (const [key, f] of Object.entries(figures) as [FigureKey, (typeof figures)[FigureKey]][]) {
    const series = (TREND_FIGURES as readonly string[]).includes(key)
      ? sparkline(r.trend.map((t) => t[key as (typeof TREND_FIGURES)[number]]))
      : '';
    io.out(
      comparedLine(io, f.label, f, {
        places: PLACES_SHOWN[key] ?? 0,
        rate: RATE_FIGURES.has(key),
        downIsGood: DOWN_IS_GOOD.has(key),
        tail: io.style.cyan(series),
      }),
    );
  }
  io.out();
  printOutcomes(io, r, 'bars');
  const empty = figures.calls.current === 0 && figures.calls.previous === 0;
  if (empty) io.out(io.style.dim('\nno calls in either period: `leads call` or `leads log ID CODE` records them'));
}

/** Outcomes by code: with each code's share of the period's calls as a bar, or its trend. */
function printOutcomes(io: IO, r: Report, tail: 'bars' | 'trend'): void {
  const max = Math.max(0, ...r.outcomes.map((o) => o.current ?? 0));
  const last = tail === 'bars' ? 'share of calls' : `last ${r.trend.length} ${TREND_NAMES[r.period.kind]}`;
  io.out(headLine(io, r, 'outcomes by code', last));
  for (const o of r.outcomes) {
    const label = `${o.code ?? '-'} ${visible(o.label)}`;
    const extra =
      tail === 'bars'
        ? `${pct(o.share).padStart(4)} ${io.style.cyan(bar(o.current ?? 0, max, 12))}`
        : io.style.cyan(sparkline(r.trend.map((t) => t.by_code[String(o.code ?? 'none')] ?? 0)));
    io.out(comparedLine(io, label, o, { tail: o.share === null && tail === 'bars' ? '' : extra }));
  }
}

function printStages(io: IO, r: Report): void {
  title(io, r, 'Sales cycle');
  io.out(headLine(io, r, 'moved to stage', `last ${r.trend.length} ${TREND_NAMES[r.period.kind]}`));
  const names: Record<string, string> = { quote: 'quote (entered)', done: 'done (released)' };
  for (const s of r.stages) {
    const series = sparkline(r.trend.map((t) => t.by_stage[s.stage] ?? 0));
    io.out(comparedLine(io, names[s.stage] ?? s.stage, s, { tail: io.style.cyan(series) }));
  }
}

function printGroups(io: IO, r: Report): void {
  const groups = r.groups!;
  const s = io.style;
  io.out(s.bold(`By ${r.by}: ${periodName(r.period, r.period.partial)}`));
  io.out(s.dim('leads: registered by the end of the period; the rest: leads in the period,'));
  io.out(s.dim('each step with its share of the step before'));
  io.out();
  if (!groups.length) {
    io.out(s.dim(`no leads yet: \`leads import FILE --${r.by} NAME\` registers some`));
    return;
  }
  const step = (n: number, rate: number | null) => `${n} ${pct(rate).padStart(4)}`;
  const w = { key: 16, leads: 7, fresh: 5, step: 10 };
  io.out(
    line([
      [r.by!, w.key, 'l', s.bold],
      ['leads', w.leads, 'r', s.bold],
      ['new', w.fresh, 'r', s.bold],
      ['called', w.step, 'r', s.bold],
      ['reached', w.step, 'r', s.bold],
      ['finished', w.step, 'r', s.bold],
      ['sold', w.step, 'r', s.bold],
    ]),
  );
  for (const g of groups) {
    io.out(
      line([
        [g.key === null ? '(none)' : visible(g.key), w.key, 'l', g.key === null ? s.dim : undefined],
        [String(g.leads), w.leads, 'r'],
        [String(g.new_leads), w.fresh, 'r'],
        [step(g.called, g.called_rate), w.step, 'r'],
        [step(g.reached, g.reached_rate), w.step, 'r'],
        [step(g.finished, g.finished_rate), w.step, 'r'],
        [step(g.sold, g.sold_rate), w.step, 'r'],
      ]),
    );
  }
  const costed = groups.filter((g) => g.cost_cents !== null);
  io.out();
  if (!costed.length) {
    io.out(s.dim('no list costs known: `leads import FILE --cost AMOUNT` records what a list cost'));
    return;
  }
  io.out(s.dim('cost of the lists with a known cost, to date'));
  io.out(
    line([
      [r.by!, w.key, 'l', s.bold],
      ['cost', 10, 'r', s.bold],
      ['leads', 7, 'r', s.bold],
      ['per lead', 9, 'r', s.bold],
      ['sold', 6, 'r', s.bold],
      ['per sale', 10, 'r', s.bold],
    ]),
  );
  for (const g of costed) {
    io.out(
      line([
        [g.key === null ? '(none)' : visible(g.key), w.key, 'l'],
        [money(g.cost_cents), 10, 'r'],
        [String(g.costed_leads), 7, 'r'],
        [money(g.cost_per_lead_cents) || 'n/a', 9, 'r'],
        [String(g.costed_sold), 6, 'r'],
        [money(g.cost_per_sale_cents) || 'n/a', 10, 'r'],
      ]),
    );
  }
}

/** `25% (18-33%)`. */
const rateText = (x: Rate) => (x.rate === null ? 'n/a' : `${pct(x.rate)} (${Math.round(x.low * 100)}-${Math.round(x.high * 100)}%)`);

/**
 * A rate on a track of `width` cells, `scale` at its end: solid to the rate, light to the
 * upper bound of its interval, so a short bar with a long tail is a rate still unsure.
 */
function rateBar(x: Rate, width: number, scale: number): string {
  if (x.rate === null || scale <= 0) return '';
  const solid = bar(x.rate, scale, width);
  const tail = Math.max(0, Math.round((Math.min(x.high, scale) / scale) * width) - [...solid].length);
  return solid + '░'.repeat(tail);
}

function printRates(io: IO, r: Report): void {
  const s = io.style;
  const rates = r.rates!;
  title(io, r, r.by === 'hour' ? 'Contact rate by hour, their time' : 'Contact rate by weekday, their time');
  const [, prev] = periodHeads(r);
  const w = { label: 16, calls: 6, reached: 7, rate: 14, prev: 9, change: 10 };
  const head = (first: string) =>
    line([
      [first, w.label, 'l', s.bold],
      ['calls', w.calls, 'r', s.bold],
      ['reached', w.reached, 'r', s.bold],
      ['rate (95%)', w.rate, 'r', s.bold],
      [prev, w.prev, 'r', s.bold],
      ['change', w.change, 'r', s.bold],
    ]);
  // the bars of a view share one scale: the highest upper bound of a row with calls
  const scale = Math.max(0, ...[...rates.parts, ...rates.rows].filter((x) => x.calls).map((x) => x.high));
  const rowLine = (x: RateRow) =>
    line([
      [x.label, w.label, 'l'],
      [String(x.calls), w.calls, 'r'],
      [String(x.reached), w.reached, 'r'],
      [rateText(x), w.rate, 'r', x.rate === null ? s.dim : undefined],
      [x.previous.rate === null ? 'n/a' : pct(x.previous.rate), w.prev, 'r', x.previous.rate === null ? s.dim : undefined],
      [x.change_pts === null ? '' : `${signed(x.change_pts, 1)} pts`, w.change, 'r', paintChange(s, { change: x.change_pts } as Compared)],
      [s.cyan(rateBar(x, 10, scale)), 0, 'l'],
    ]);
  io.out(head('part of the day'));
  for (const x of rates.parts) io.out(rowLine(x));
  io.out();
  io.out(head(r.by === 'hour' ? 'hour' : 'weekday'));
  for (const x of rates.rows) io.out(rowLine(x));
  if (!rates.rows.some((x) => x.calls)) io.out(s.dim('no calls in this period: `leads call` or `leads log ID CODE` records them'));
  io.out();
  const rot = rates.rotation;
  const said = rot.uses_figures
    ? `Retries follow your figures: ${rot.calls} calls in the last ${rot.days} days tell the parts of the day apart; among the parts not yet tried, the best lower bound first (now ${rot.best}).`
    : `Retries rotate evenly: your calls do not tell the parts of the day apart yet (${rot.calls} in the last ${rot.days} days; it takes ${rot.min_calls_per_part} in every part and one part's interval clear of another's).`;
  // the report is laid out for 80 columns: its prose too
  for (const l of wrapWords(said, Math.min(80, wrapWidth(io)))) io.out(s.dim(l));
}

export function printReport(io: IO, r: Report): void {
  if (r.rates) printRates(io, r);
  else if (r.groups) printGroups(io, r);
  else if (r.by === 'code') {
    title(io, r, 'Outcomes');
    printOutcomes(io, r, 'trend');
  } else if (r.by === 'stage') printStages(io, r);
  else printSummary(io, r);
}

export { printJson };
