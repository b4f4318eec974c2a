// The figures of a calling session, for its summary.
import { UsageError } from './errors.js';

export interface SessionFigures {
  minutes: number;
  calls: number;
  reached: number;
  /** null when the session lasted under a minute (no honest rate) */
  callsPerHour: number | null;
}

export function sessionFigures(s: { started_at: string; ended_at: string | null; calls: number; reached: number }, now: Date): SessionFigures {
  const end = s.ended_at ? new Date(s.ended_at) : now;
  const minutes = Math.max(0, (end.getTime() - new Date(s.started_at).getTime()) / 60_000);
  return {
    minutes,
    calls: s.calls,
    reached: s.reached,
    callsPerHour: minutes >= 1 ? Math.round((s.calls / minutes) * 60 * 10) / 10 : null,
  };
}

export function formatMinutes(minutes: number): string {
  if (minutes < 1) return 'under a minute';
  const m = Math.floor(minutes);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

/** A running call clock: `0:42`, `12:05`, `1:02:03`. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const mm = `${Math.floor((s % 3600) / 60)}`;
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** Time on the phone for people to read: `45 s`, `3 min 20 s`, `2 h 05 min`. */
export function formatTalk(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${String(s % 60).padStart(2, '0')} s` : ''}`;
  return formatMinutes(s / 60);
}

/** No call lasts longer: a longer length is a typo (`99999h`) that would swamp every talk-time figure. */
export const LONGEST_CALL_S = 8 * 3600;

/**
 * A call's length as typed (`leads log --duration`): `3m`, `90s`, `1m30s`, `1h`, `2:30`
 * (minutes:seconds), or a bare number of minutes. In whole seconds, at most eight hours.
 */
export function parseDuration(text: string): number {
  const s = durationSeconds(text.trim().toLowerCase());
  if (s === null) throw new UsageError(`not a call length: ${JSON.stringify(text)}; use 3m, 90s, 1m30s or 2:30`);
  if (s > LONGEST_CALL_S) throw new UsageError(`a call of ${formatTalk(s)} is longer than the ${LONGEST_CALL_S / 3600} hours a call may be; check --duration`);
  return s;
}

function durationSeconds(t: string): number | null {
  let m = /^(\d+):([0-5]\d)$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 60);
  m = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$/.exec(t);
  if (m && (m[1] || m[2] || m[3])) return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return null;
}

/**
 * A call's length in seconds, from its start (the dial, else the card) to `now`, stopping
 * `idleMs` after the last key pressed on the card: a card left open while nobody is on the
 * phone is not talk time. Monotonic milliseconds in, whole-second precision left to the caller.
 */
export function talkSeconds(startMs: number, lastKeyMs: number, nowMs: number, idleMs: number): number {
  const end = Math.min(nowMs, Math.max(startMs, lastKeyMs) + idleMs);
  return Math.max(0, (end - startMs) / 1000);
}
