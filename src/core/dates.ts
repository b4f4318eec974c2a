// Dates: stored as UTC ISO 8601 text (text order is time order), shown in local time.
import { UsageError } from './errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/** A local date `YYYY-MM-DD` or date-time `YYYY-MM-DD HH:mm`, or null when it is neither. */
export function parseIsoLocal(text: string, defaultHour = 0): Date | null {
  const t = text.trim();
  const m = DATE_TIME.exec(t) ?? DATE.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const h = m[4] !== undefined ? Number(m[4]) : defaultHour;
  const mi = m[5] !== undefined ? Number(m[5]) : 0;
  const date = new Date(y, mo, d, h, mi);
  // reject 2026-02-30 and 25:00 rather than rolling them over
  if (date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) return null;
  if (date.getHours() !== h || date.getMinutes() !== mi || h > 23 || mi > 59) return null;
  return date;
}

/**
 * "Now" for this run: the real clock, or `LEADS_TODAY` (YYYY-MM-DD, at noon, or
 * YYYY-MM-DD HH:mm) pinned for tests and back-filling.
 */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const pinned = env.LEADS_TODAY;
  if (!pinned) return () => new Date();
  const at = parseIsoLocal(pinned, 12);
  if (!at) throw new UsageError(`LEADS_TODAY must be YYYY-MM-DD or "YYYY-MM-DD HH:mm", not ${JSON.stringify(pinned)}`);
  return () => new Date(at);
}

export const toIso = (d: Date): string => d.toISOString();

const pad = (n: number) => String(n).padStart(2, '0');

/** Local calendar date of a moment, `YYYY-MM-DD`. */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local `YYYY-MM-DD HH:mm` of a stored ISO date, for people to read. */
export function formatLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${localDay(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A next contact for people to read: a retry due "any time that day" is stored as the local
 * midnight that begins it, and shows as the day alone.
 */
export function formatNext(iso: string | null, anyTime = ' (any time)'): string {
  if (!iso) return '';
  const d = new Date(iso);
  return d.getHours() === 0 && d.getMinutes() === 0 ? `${localDay(d)}${anyTime}` : formatLocal(iso);
}

/** Start of the local day of a moment. */
export function startOfLocalDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** Whole days from `from` to `to` (local calendar days). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((startOfLocalDay(to).getTime() - startOfLocalDay(from).getTime()) / 86_400_000);
}

// ---------------------------------------------------------------------------------------
// Friendly dates (`leads log --next`, `--at`, `due --date`, the call session's prompts).

/** The date forms a person may type; named in every bad-date error. */
export const WHEN_FORMS =
  'YYYY-MM-DD, "YYYY-MM-DD HH:mm", today, tomorrow, yesterday, a weekday (mon..sun), +3d, +2w, +1m, ' +
  '"june 2027", "june 15", optionally followed by a time ("tomorrow 14:00", "fri 2pm")';

const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0,
  mon: 1, monday: 1,
  tue: 2, tues: 2, tuesday: 2,
  wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
};

const MONTHS: Record<string, number> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, apr: 3, april: 3, may: 4,
  jun: 5, june: 5, jul: 6, july: 6, aug: 7, august: 7, sep: 8, sept: 8, september: 8,
  oct: 9, october: 9, nov: 10, november: 10, dec: 11, december: 11,
};

// a trailing time: 14:00, 9:30, 2pm, 2:30pm, 14h (a bare number is never a time: "june 2027")
const TIME = /(?:^|\s+)(?:at\s+)?(\d{1,2})(?:(?::|h)(\d{2}))?\s*(am|pm|h)?$/;

export interface WhenOptions {
  /** hour given to a date written without a time (default 9: the start of a working day) */
  defaultHour?: number;
}

/** Calendar date arithmetic in local time; the day of month is clamped (Jan 31 + 1m = Feb 28). */
function addMonthsClamped(d: Date, months: number): Date {
  const target = new Date(d.getFullYear(), d.getMonth() + months, 1);
  const last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  return new Date(target.getFullYear(), target.getMonth(), Math.min(d.getDate(), last));
}

const dayOf = (y: number, m: number, d: number): Date | null => {
  const date = new Date(y, m, d);
  return date.getFullYear() === y && date.getMonth() === m && date.getDate() === d ? date : null;
};

/** The day part of a friendly date, as a local midnight; null when the text is not one. */
function parseDay(t: string, now: Date): Date | null {
  const today = startOfLocalDay(now);
  const plusDays = (n: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate() + n);
  if (t === '' || t === 'today') return today;
  if (t === 'tomorrow' || t === 'tmrw' || t === 'tmr') return plusDays(1);
  if (t === 'yesterday') return plusDays(-1);

  const wd = /^(?:next\s+)?([a-z]+)$/.exec(t);
  if (wd && WEEKDAYS[wd[1]] !== undefined) {
    // the next one strictly after today: "mon" said on a Monday is a week away
    const ahead = (WEEKDAYS[wd[1]] - today.getDay() + 7) % 7 || 7;
    return plusDays(ahead);
  }

  const rel = /^(?:(\+|-)\s*|in\s+)(\d{1,4})\s*(d|days?|w|wks?|weeks?|m|mos?|months?|y|yrs?|years?)$/.exec(t);
  if (rel) {
    const n = Number(rel[2]) * (rel[1] === '-' ? -1 : 1);
    const unit = rel[3][0];
    if (unit === 'd') return plusDays(n);
    if (unit === 'w') return plusDays(7 * n);
    if (unit === 'm') return addMonthsClamped(today, n);
    return addMonthsClamped(today, 12 * n);
  }

  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) return dayOf(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));

  // month forms: "june 2027", "june 15", "june 15 2027", "15 june", "15 june 2027", "june"
  const words = t.replace(/,/g, ' ').split(/\s+/);
  const mi = words.findIndex((w) => MONTHS[w.replace(/\.$/, '')] !== undefined);
  if (mi === -1 || words.length > 3) return null;
  const month = MONTHS[words[mi].replace(/\.$/, '')];
  const rest = words.filter((_, i) => i !== mi);
  if (!rest.every((w) => /^\d{1,4}(?:st|nd|rd|th)?$/.test(w))) return null;
  const digits = rest.map((w) => w.replace(/\D+$/, ''));
  // a year is four bare digits ("15th" is a day)
  const isYear = (i: number) => /^\d{4}$/.test(rest[i]);
  const nums = digits.map(Number);
  let day = 1;
  let year: number | undefined;
  if (nums.length === 1) {
    if (isYear(0)) year = nums[0];
    else if (digits[0].length <= 2) day = nums[0];
    else return null;
  } else if (nums.length === 2) {
    // "june 15 2027" or "15 june 2027": the day comes first of the two numbers
    if (!isYear(1) || digits[0].length > 2) return null;
    [day, year] = nums;
  }
  if (year !== undefined) return dayOf(year, month, day);
  // no year: the next such day, today included
  const thisYear = dayOf(today.getFullYear(), month, day);
  if (thisYear && thisYear >= today) return thisYear;
  return dayOf(today.getFullYear() + 1, month, day);
}

/**
 * A date as a person types it: `YYYY-MM-DD`, `YYYY-MM-DD HH:mm`, `today`, `tomorrow`,
 * `yesterday`, weekday names (the next one after today), `+3d`/`+2w`/`+1m`/`+1y` (also `-2d`,
 * `in 3 days`), `+2h` (from now), `june 2027`, `june 15`, `15 june 2027`, `now`; any day form
 * may be followed by a time (`14:00`, `2pm`, `9:30am`), and a time alone is today.
 * A date without a time is at `defaultHour` (9:00). Throws a UsageError naming the forms.
 */
export function parseWhen(text: string, now: Date, opts: WhenOptions = {}): Date {
  const bad = () => new UsageError(`bad date ${JSON.stringify(text)}: use ${WHEN_FORMS}`);
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!t) throw bad();
  if (t === 'now') return new Date(now);

  const hours = /^(?:\+\s*|in\s+)(\d{1,3})\s*(h|hrs?|hours?)$/.exec(t);
  if (hours) return new Date(now.getTime() + Number(hours[1]) * 3_600_000);

  // "2026-12-01T14:00" and "2026-12-01 14:00"
  let s = t.replace(/^(\d{4}-\d{2}-\d{2})t(\d)/, '$1 $2');
  let hour = opts.defaultHour ?? 9;
  let minute = 0;
  const tm = TIME.exec(s);
  if (tm && (tm[2] !== undefined || tm[3] !== undefined)) {
    let h = Number(tm[1]);
    const m = tm[2] !== undefined ? Number(tm[2]) : 0;
    const mer = tm[3];
    if (mer === 'am' || mer === 'pm') {
      if (h < 1 || h > 12) throw bad();
      h = (h % 12) + (mer === 'pm' ? 12 : 0);
    }
    if (h > 23 || m > 59) throw bad();
    hour = h;
    minute = m;
    s = s.slice(0, tm.index).trim();
  }
  const day = parseDay(s, now);
  if (!day) throw bad();
  const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute);
  // a time that does not exist on that day (a daylight-saving gap) is refused, not moved
  if (at.getHours() !== hour || at.getMinutes() !== minute) throw bad();
  // a year the calendar and ISO dates hold (`+9999y` is not one)
  if (at.getFullYear() < 1000 || at.getFullYear() > 9999) throw bad();
  return at;
}

/** How far ahead a next contact may be set: further is a slip (`+999y`), not a plan. */
export const NEXT_MAX_YEARS = 5;

export function checkNextContact(next: Date, now: Date): void {
  const limit = new Date(now);
  limit.setFullYear(limit.getFullYear() + NEXT_MAX_YEARS);
  if (next.getTime() > limit.getTime()) {
    throw new UsageError(`the next contact ${formatLocal(next.toISOString())} is more than ${NEXT_MAX_YEARS} years ahead; give a nearer date`);
  }
}

/** A friendly date reduced to its local day `YYYY-MM-DD` (for `--date D` flags). */
export function parseDayText(text: string, now: Date): string {
  return localDay(parseWhen(text, now, { defaultHour: 12 }));
}

/** The next working day (Monday to Friday) after `now`, at `hour`:00 local. */
export function nextBusinessDay(now: Date, hour = 9): Date {
  const d = startOfLocalDay(now);
  do d.setDate(d.getDate() + 1);
  while (d.getDay() === 0 || d.getDay() === 6);
  d.setHours(hour, 0, 0, 0);
  return d;
}
