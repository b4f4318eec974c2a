// The parts of a lead's day and how often the user reaches people in each: the contact rate
// with its 95% interval (Wilson), and the rule that says when the user's own calls tell the
// parts of the day apart well enough for the rotation of retries to follow them. Light: the
// lead card reads it; the calling hours are src/core/retry.ts's.

export const PARTS = ['morning', 'midday', 'afternoon', 'evening'] as const;
export type Part = (typeof PARTS)[number];

/** The hour each part ends at, on the lead's clock: morning to 11:00, midday to 14:00, afternoon to 17:00. */
export const PART_ENDS: Record<Part, number> = { morning: 11, midday: 14, afternoon: 17, evening: 24 };

/** The part of the day an hour (0-23, the lead's clock) falls in; before 11:00 is morning. */
export function partOfHour(hour: number): Part {
  return PARTS.find((p) => hour < PART_ENDS[p]) ?? 'evening';
}

/** Weekday names, 0 = Sunday, as the report and the reasons say them. */
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A contact rate: people reached of calls, with its 95% interval; `rate` null with no calls. */
export interface Rate {
  calls: number;
  reached: number;
  rate: number | null;
  low: number;
  high: number;
}

const Z95 = 1.959964;

/**
 * The rate and its 95% Wilson score interval: unlike rate ± 1.96 standard errors it stays
 * within 0-100% and is honest for few calls and for rates near 0 or 100%.
 */
export function wilson(reached: number, calls: number): Rate {
  if (calls <= 0) return { calls: 0, reached: 0, rate: null, low: 0, high: 1 };
  const p = reached / calls;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / calls;
  const centre = (p + z2 / (2 * calls)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / calls + z2 / (4 * calls * calls))) / denom;
  return { calls, reached, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The user's figures are used by the rotation once every part of the day holds at least
 * this many calls over the last FIGURES_DAYS days, and the best part's lower bound is above
 * the worst part's upper bound (their 95% intervals no longer overlap): only then do the
 * calls tell the parts of the day apart. Until then retries rotate evenly.
 */
export const MIN_CALLS_PER_PART = 30;
export const FIGURES_DAYS = 365;

export interface PartRate extends Rate {
  part: Part;
}

/** The user's contact rates by part of the lead's day, and whether they tell the parts apart. */
export interface Figures {
  parts: PartRate[];
  /** the rule above holds: the rotation prefers the untried part with the best lower bound */
  ready: boolean;
  calls: number;
}

/** Calls and people reached in one hour of the lead's day (0-23). */
export interface HourCount {
  hour: number;
  calls: number;
  reached: number;
}

export function partFigures(hours: HourCount[]): Figures {
  const parts = PARTS.map((part): PartRate => {
    const inPart = hours.filter((h) => partOfHour(h.hour) === part);
    return { part, ...wilson(sum(inPart, 'reached'), sum(inPart, 'calls')) };
  });
  const enough = parts.every((p) => p.calls >= MIN_CALLS_PER_PART);
  const ready = enough && Math.max(...parts.map((p) => p.low)) > Math.min(...parts.map((p) => p.high));
  return { parts, ready, calls: sum(hours, 'calls') };
}

const sum = <K extends string>(rows: Record<K, number>[], k: K) => rows.reduce((s, r) => s + r[k], 0);
