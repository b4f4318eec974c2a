// Wall-clock time in a time zone, and the moment a wall-clock time in a zone is: the lead's
// own day, which the rotation of retries reads and plans in. Intl only, one formatter a zone.

/** A wall-clock time: month 1-12, weekday 0 (Sunday) to 6. */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

/** A calendar day. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = FORMATS.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    FORMATS.set(zone, f);
  }
  return f;
}

const QUARTER = 900_000;
/** A zone's offset from UTC in a quarter hour (minutes): offsets change on quarter hours only. */
const OFFSETS = new Map<string, number>();

function offsetMinutes(zone: string, ms: number): number {
  const key = `${zone} ${Math.floor(ms / QUARTER)}`;
  let off = OFFSETS.get(key);
  if (off === undefined) {
    const p: Record<string, number> = {};
    for (const part of format(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const minuteStart = Math.floor(ms / 60_000) * 60_000;
    off = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute) - minuteStart) / 60_000);
    // a long history reads many quarter hours of few zones: the map is emptied now and then, not grown for ever
    if (OFFSETS.size > 200_000) OFFSETS.clear();
    OFFSETS.set(key, off);
  }
  return off;
}

/** The wall-clock time in `zone` at the moment `at`. */
export function wallClock(zone: string, at: Date): Wall {
  const d = new Date(at.getTime() + offsetMinutes(zone, at.getTime()) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/**
 * The moment the wall clock in `zone` shows this day at hour:minute. A time the clock skips
 * (spring forward) moves on by the gap, as a Date does (2:30 is 3:30); a time it shows
 * twice is the first.
 */
export function atWall(zone: string, day: Day, hour: number, minute = 0): Date {
  const naive = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  let t = naive - offsetMinutes(zone, naive) * 60_000;
  const again = naive - offsetMinutes(zone, t) * 60_000;
  if (again !== t) t = Math.min(t, again);
  // in a gap neither reading shows the time asked: the later offset's moment is after the gap
  const w = wallClock(zone, new Date(t));
  if (w.hour !== hour || w.minute !== minute) t = Math.max(naive - offsetMinutes(zone, naive) * 60_000, again);
  return new Date(t);
}

/** The day `n` calendar days after `d`. */
export function addDays(d: Day, n: number): Day {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

export function weekdayOf(d: Day): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD`. */
export function dayText(d: Day): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** `YYYY-MM-DDTHH:MM`: a wall-clock time as stored with a call (the lead's own clock). */
export function wallText(w: Wall): string {
  return `${dayText(w)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** A stored `YYYY-MM-DDTHH:MM` read back; null when it is not one. */
export function parseWall(text: string | null | undefined): Wall | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return { ...day, hour: Number(m[4]), minute: Number(m[5]), weekday: weekdayOf(day) };
}

/** The zone this process reads local dates in (`TZ`, else the system's): the user's own. */
export function userZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
