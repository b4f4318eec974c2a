// The next attempt at a lead nobody answered for: when, and why. One pure function of the
// lead's calls, its zone, the code's retry rules, the user's own figures, the away periods
// and the moment of the call. The outcome rules (src/core/outcome.ts) call it when a retry
// code is logged, so `due`, the queue and the calendar all read the one date set then.
import { addDays, atWall, weekdayOf, wallClock, type Day, type Wall } from './local-time.js';
import { PART_ENDS, PARTS, partOfHour, type Figures, type Part, type Rate } from './day-parts.js';
import { CALL_FROM_HOUR, CALL_UNTIL_HOUR, leadZone } from './zones.js';
import { userZone } from './local-time.js';

/** A part's hours within the calling hours, [from, until): morning 8-11, midday 11-14, afternoon 14-17, evening 17-21. */
export function partHours(p: Part): { from: number; until: number } {
  const i = PARTS.indexOf(p);
  const from = i === 0 ? 0 : PART_ENDS[PARTS[i - 1]];
  return { from: Math.max(from, CALL_FROM_HOUR), until: Math.min(PART_ENDS[p], CALL_UNTIL_HOUR) };
}

/** The parts that hold some of the calling hours: the ones a retry can go to. */
export function callingParts(): Part[] {
  return PARTS.filter((p) => partHours(p).from < partHours(p).until);
}

/** The zone a lead's day is read in: its own (src/core/zones.ts), else the user's. */
export function callingZone(lead: Parameters<typeof leadZone>[0]): string {
  return leadZone(lead)?.zone ?? userZone();
}

/** The days a retry goes to: Monday to Friday. */
export const CALLING_DAYS = [1, 2, 3, 4, 5];

/** What the code's rules and the settings say about trying again. */
export interface RetryRules {
  /** least time before the next try; whole days count calendar days (1440: from the next day) */
  delayMinutes: number;
  /** tries in a round without reaching anyone before a rest */
  round: number;
  /** days of rest between rounds */
  restDays: number;
  /** calls without reaching anyone after which the lead rests for the cool-off (rules.retry_limit) */
  limit: number;
  /** the rest at the limit (rules.cool_off_days) */
  coolOffDays: number;
}

/** One of the lead's calls: when, on the lead's own clock, and whether a person was reached. */
export interface PastCall {
  at: Date;
  local: Wall;
  reached: boolean;
}

/** A stretch of time in which nothing falls due (`leads away`). */
export interface Period {
  start: Date;
  end: Date;
}

export interface AttemptInput {
  /** the lead's calls, oldest first, the one just logged (not reached) last */
  calls: PastCall[];
  /** calls without reaching anyone since the last contact, the one just logged included */
  attempts: number;
  zone: string;
  rules: RetryRules;
  /** the user's contact rates by part of the day; null when unknown */
  figures: Figures | null;
  away: Period[];
}

/**
 * Why the next try is when it is, kept with the lead (`next_plan`) and told by `why`:
 * - `retry`: the next try of the round, in a part of the day (and a weekday) not yet tried;
 * - `round`: a round ended without reaching anyone: the first try of the next, after the rest;
 * - `rest`: the limit of calls is reached: the lead rests for the cool-off, then starts over.
 * `basis` says how the part was chosen: near the hour of an earlier contact, by the user's
 * figures (the best lower bound among the untried parts), or evenly (the soonest untried).
 */
export interface RetryPlan {
  /** the next contact this plan is for (ISO): a plan whose date was changed since is not told */
  at: string;
  kind: 'retry' | 'round' | 'rest';
  /** the number of the next call in its round, and the calls of a round */
  try: number;
  of: number;
  round: number;
  /** calls without reaching anyone so far (rest: the limit reached) */
  attempts: number;
  /** parts of the day tried in this round, in the order tried */
  tried: Part[];
  part: Part;
  basis: 'reached' | 'figures' | 'even';
  /** basis reached: the lead's clock when the person was reached before (`HH:MM`) */
  reached_at?: string;
  /** the user's contact rate in the planned part, when the figures are used */
  rate?: Pick<Rate, 'rate' | 'low' | 'high' | 'calls'>;
  /** the days of rest before this try (round, rest) */
  rest_days?: number;
  /** moved by an away period: the date it had, the away, and the day's share */
  held?: { from: string; away: number; per_day: number };
}

export interface Attempt {
  at: Date;
  plan: RetryPlan;
}

/** How far ahead a slot is looked for before the weekday rotation is let go. */
const HORIZON_DAYS = 400;
const QUARTER_MS = 900_000;

const dayOf = (w: Wall): Day => ({ year: w.year, month: w.month, day: w.day });
const sameDay = (a: Day, b: Day) => a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The round's tried parts (or weekdays), in order: the values of its calls, started afresh
 * each time every one has been tried, and never without the last one tried, so no two tries
 * in a row go to the same part.
 */
function triedOf<T>(values: T[], all: T[]): T[] {
  let tried: T[] = [];
  for (const v of values) {
    if (!all.includes(v)) continue;
    if (all.every((a) => tried.includes(a))) tried = [];
    if (!tried.includes(v)) tried.push(v);
  }
  const last = values[values.length - 1];
  if (all.every((a) => tried.includes(a))) tried = all.includes(last) ? [last] : [];
  return tried;
}

/** The earliest moment the next try may be: the code's delay, or a rest of whole days, after the call. */
function notBeforeOf(call: PastCall, zone: string, minutes: number): Date {
  if (minutes % 1440 === 0) return atWall(zone, addDays(dayOf(call.local), minutes / 1440), 0, 0);
  return new Date(call.at.getTime() + minutes * 60_000);
}

const inAway = (t: Date, away: Period[]) => away.find((p) => p.start <= t && t < p.end);

/** The hour and minute a part is tried at: its start, or the hour of an earlier contact within it. */
interface Target {
  part: Part;
  hour: number;
  minute: number;
}

/**
 * The first moment on `day` for this target not before `notBefore` and outside the away
 * periods, within the part's hours; null when the day has none.
 */
function slotOn(day: Day, t: Target, zone: string, notBefore: Date, away: Period[]): Date | null {
  const { from, until } = partHours(t.part);
  const end = atWall(zone, day, until, 0);
  let at = atWall(zone, day, t.hour, t.minute);
  for (let guard = 0; guard < 4; guard++) {
    const floor = new Date(Math.max(notBefore.getTime(), inAway(at, away)?.end.getTime() ?? 0));
    if (at < floor) at = new Date(Math.ceil(floor.getTime() / QUARTER_MS) * QUARTER_MS);
    if (at >= end || !sameDay(dayOf(wallClock(zone, at)), day)) return null;
    if (wallClock(zone, at).hour < from) return null;
    if (!inAway(at, away)) return at;
  }
  return null;
}

/**
 * A retry held over from an away, on its share day `day` (the lead's calendar): at the hour
 * of its part, within the calling hours, after the away periods; the next calling day's
 * first hour should that day have none.
 */
export function heldSlot(zone: string, day: Day, part: Part, away: Period[], notBefore: Date): Date {
  for (let i = 0; i < 36_500; i++) {
    const d = addDays(day, i);
    if (i && !CALLING_DAYS.includes(weekdayOf(d))) continue;
    for (const p of i ? callingParts() : [part, ...callingParts().filter((x) => x !== part)]) {
      const at = slotOn(d, targetOf(p, null), zone, notBefore, away);
      if (at) return at;
    }
  }
  throw new Error('no calling hour in a hundred years');
}

/** The target of a part: its first quarter hour, or the hour of an earlier contact in it. */
function targetOf(part: Part, reached: Wall | null): Target {
  if (reached && partOfHour(clampHour(reached.hour)) === part) {
    const hour = clampHour(reached.hour);
    return { part, hour, minute: hour === reached.hour ? Math.floor(reached.minute / 15) * 15 : 0 };
  }
  return { part, hour: partHours(part).from, minute: 0 };
}

const clampHour = (h: number) => Math.min(CALL_UNTIL_HOUR - 1, Math.max(CALL_FROM_HOUR, h));

/**
 * The next try at a lead not reached on the call just logged (the last of `calls`):
 * - never before the code's delay (a delay of whole days: from the start of that day on the
 *   lead's clock), nor, after a round without reaching anyone, before its rest, nor, at the
 *   limit, before the cool-off;
 * - always within the calling hours on the lead's clock, on a weekday (Monday to Friday),
 *   never inside an away period;
 * - in a part of the lead's day, and on a weekday, not yet tried in this round, never in the
 *   part of the last try: near the hour the person was reached before, if that part is
 *   untried; else, once the figures tell the parts apart, the untried part with the best
 *   lower bound; else the soonest untried part.
 */
export function nextAttempt(input: AttemptInput): Attempt {
  const { calls, zone, rules, away } = input;
  const last = calls[calls.length - 1];
  const attempts = Math.max(1, input.attempts);
  const round = Math.max(1, rules.round);
  const inRound = ((attempts - 1) % round) + 1;
  const roundNo = Math.floor((attempts - 1) / round) + 1;
  const kind: RetryPlan['kind'] = attempts >= rules.limit ? 'rest' : inRound === round ? 'round' : 'retry';

  // the calls of this round: the last ones, none of them reaching anyone
  const roundCalls = kind === 'retry' ? calls.slice(-inRound).filter((c) => !c.reached) : [last];
  const parts = callingParts();
  // the last call's part even when it reached someone (a retry code kept as "reached"): never twice running
  const lastPart = partOfHour(last.local.hour);
  let triedParts = triedOf(roundCalls.map((c) => partOfHour(c.local.hour)), parts);
  if (!triedParts.includes(lastPart)) triedParts.push(lastPart);
  if (parts.every((p) => triedParts.includes(p))) triedParts = [lastPart];
  const triedDays = triedOf(roundCalls.map((c) => c.local.weekday), CALLING_DAYS);

  const restDays = kind === 'rest' ? rules.coolOffDays : kind === 'round' ? rules.restDays : 0;
  const notBefore = kind === 'retry' ? notBeforeOf(last, zone, rules.delayMinutes) : notBeforeOf(last, zone, restDays * 1440);
  // with a delay under a day, a try later the same day (another part of it) is allowed
  const sameDayOk = kind === 'retry' && rules.delayMinutes < 1440;

  const reachedCall = [...calls].reverse().find((c) => c.reached) ?? null;
  const untried = parts.filter((p) => !triedParts.includes(p));
  const choice = preference(untried, reachedCall?.local ?? null, input.figures);
  const targets = choice.order.map((p) => targetOf(p, choice.basis === 'reached' ? reachedCall!.local : null));

  const found = findSlot(targets, choice.basis === 'even', { zone, notBefore, away, triedDays, sameDayOk, lastDay: dayOf(last.local) });
  const plan: RetryPlan = {
    at: found.at.toISOString(),
    kind,
    try: kind === 'retry' ? inRound + 1 : 1,
    of: round,
    round: kind === 'retry' ? roundNo : kind === 'round' ? roundNo + 1 : 1,
    attempts,
    tried: kind === 'retry' ? triedParts : [],
    part: found.part,
    // the part of an earlier contact had no slot in reach: the rest of the order decided
    basis: choice.basis === 'reached' && found.part !== choice.order[0] ? (input.figures?.ready ? 'figures' : 'even') : choice.basis,
  };
  if (plan.basis === 'reached') plan.reached_at = `${pad(reachedCall!.local.hour)}:${pad(reachedCall!.local.minute)}`;
  const figure = input.figures?.ready ? input.figures.parts.find((p) => p.part === found.part) : undefined;
  if (figure && figure.rate !== null) plan.rate = { rate: figure.rate, low: figure.low, high: figure.high, calls: figure.calls };
  if (restDays) plan.rest_days = restDays;
  return { at: found.at, plan };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The untried parts in the order they are wanted, and why that order. */
function preference(untried: Part[], reached: Wall | null, figures: Figures | null): { order: Part[]; basis: RetryPlan['basis'] } {
  const byFigures = figures?.ready
    ? [...untried].sort((a, b) => lowOf(figures, b) - lowOf(figures, a))
    : null;
  const reachedPart = reached ? partOfHour(clampHour(reached.hour)) : null;
  if (reachedPart && untried.includes(reachedPart)) {
    return { order: [reachedPart, ...(byFigures ?? untried).filter((p) => p !== reachedPart)], basis: 'reached' };
  }
  if (byFigures) return { order: byFigures, basis: 'figures' };
  return { order: untried, basis: 'even' };
}

const lowOf = (f: Figures, p: Part) => f.parts.find((x) => x.part === p)?.low ?? 0;

interface SlotRules {
  zone: string;
  notBefore: Date;
  away: Period[];
  triedDays: number[];
  sameDayOk: boolean;
  lastDay: Day;
}

/**
 * The slot of the most wanted target that has one within the horizon (`soonest`: the
 * earliest slot of any target), on a calling day not yet tried in the round. Should the
 * weekdays find nothing (a very long away), any calling day will do; should nothing at all,
 * the first slot after every away period: a lead is never dropped.
 */
function findSlot(targets: Target[], soonest: boolean, r: SlotRules): { at: Date; part: Part } {
  const first = dayOf(wallClock(r.zone, r.notBefore));
  for (const rotateDays of [true, false]) {
    const found = new Map<Part, Date>();
    for (let i = 0; i < HORIZON_DAYS * (rotateDays ? 1 : 5); i++) {
      const day = addDays(first, i);
      const wd = weekdayOf(day);
      if (!CALLING_DAYS.includes(wd)) continue;
      const sameAsLast = sameDay(day, r.lastDay);
      if (rotateDays && r.triedDays.includes(wd) && !(sameAsLast && r.sameDayOk)) continue;
      for (const t of targets) {
        if (found.has(t.part)) continue;
        const at = slotOn(day, t, r.zone, r.notBefore, r.away);
        if (at) found.set(t.part, at);
      }
      if (soonest && found.size) {
        const [part, at] = [...found].sort((a, b) => a[1].getTime() - b[1].getTime())[0];
        return { at, part };
      }
      if (found.has(targets[0].part)) return { at: found.get(targets[0].part)!, part: targets[0].part };
    }
    const best = targets.find((t) => found.has(t.part));
    if (best) return { at: found.get(best.part)!, part: best.part };
  }
  // away for years: the first slot after every away period
  for (let i = HORIZON_DAYS * 5; i < 36_500; i++) {
    const day = addDays(first, i);
    const at = CALLING_DAYS.includes(weekdayOf(day)) ? slotOn(day, targets[0], r.zone, r.notBefore, r.away) : null;
    if (at) return { at, part: targets[0].part };
  }
  throw new Error('no calling hour in a hundred years');
}
