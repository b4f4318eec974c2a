// Away and back: a holiday or a sick day during which nothing falls due, and the retries
// that waited given back a day's share at a time after the return, so no one is lost and the
// first morning back is not a wall of overdue calls. Pure: src/services/away.ts applies it.
import { UsageError } from './errors.js';
import { localDay, parseWhen, startOfLocalDay } from './dates.js';
import { CALLING_DAYS, type Period } from './retry.js';
import { partOfHour, type Part } from './day-parts.js';
import type { RetryPlan } from './retry.js';
import { CALL_FROM_HOUR } from './zones.js';

/** An away as stored: from `start` until `end`, the local midnight of the day back. */
export interface Away extends Period {
  id: number;
}

/** The longest away: further is a slip, not a holiday. */
export const AWAY_MAX_DAYS = 366;

/**
 * The day back from `--until DAY`: away until that day, back at its start. It must be after
 * today (after `--from`), and within a year.
 */
export function parseBack(text: string, now: Date, from?: Date): Date {
  const back = startOfLocalDay(parseWhen(text, now, { defaultHour: 0 }));
  const first = startOfLocalDay(from ?? now);
  if (back <= first) {
    throw new UsageError(`--until ${localDay(back)}: the day you are back must be after ${from ? 'the --from day' : 'today'} (away for today: --until tomorrow)`);
  }
  const limit = new Date(first.getFullYear(), first.getMonth(), first.getDate() + AWAY_MAX_DAYS);
  if (back > limit) throw new UsageError(`--until ${localDay(back)} is more than a year away; give a nearer day`);
  return back;
}

/** The away period `now` falls in, if any. */
export function awayAt<P extends Period>(now: Date, periods: P[]): P | undefined {
  return periods.find((p) => p.start <= now && now < p.end);
}

/**
 * The day (local midnight) each of `n` waiting retries is given back on: `perDay` a day,
 * in order, on calling days (Monday to Friday) from the day of `back`, skipping the days an
 * away takes whole (a day back at 14:00 still has its afternoon).
 */
export function shareDays(n: number, perDay: number, back: Date, away: Period[]): Date[] {
  const days: Date[] = [];
  let day = startOfLocalDay(back);
  while (days.length < n) {
    const next = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
    const awayAllDay = away.some((p) => p.start <= day && next <= p.end);
    if (CALLING_DAYS.includes(day.getDay()) && !awayAllDay) {
      for (let k = 0; k < perDay && days.length < n; k++) days.push(day);
    }
    day = next;
  }
  return days;
}

/** The part of the day a waiting retry keeps: its plan's, else the hour it was due at on the lead's clock. */
export function heldPart(plan: RetryPlan | null, dueHour: number): Part {
  return plan?.part ?? partOfHour(Math.max(CALL_FROM_HOUR, dueHour));
}

/** How many retries each day gets back, in order: `[{day: 'YYYY-MM-DD', retries}]`. */
export function sharesByDay(dates: Date[]): { day: string; retries: number }[] {
  const out: { day: string; retries: number }[] = [];
  for (const d of dates) {
    const day = localDay(d);
    const last = out[out.length - 1];
    if (last?.day === day) last.retries++;
    else out.push({ day, retries: 1 });
  }
  return out;
}
