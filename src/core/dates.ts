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

/** Start of the local day of a moment. */
export function startOfLocalDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** Whole days from `from` to `to` (local calendar days). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((startOfLocalDay(to).getTime() - startOfLocalDay(from).getTime()) / 86_400_000);
}
