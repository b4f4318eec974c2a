// `leads away`: set, extend or end a time away, and the retries it holds over, each given
// back on its share of a day after the return. Each change is one transaction.
import type { DB } from '../store/db.js';
import {
  awayAfter,
  cancelAway,
  insertAway,
  lastAwayBefore,
  movedWaiting,
  moveRetry,
  updateAway,
  waitingRetries,
  type AwayRow,
} from '../store/away.js';
import { listCodes } from '../store/codes.js';
import { currentSettings } from '../store/settings.js';
import { awayAt, heldPart, shareDays, sharesByDay, type Away } from '../core/away.js';
import { callingZone, heldSlot, type RetryPlan } from '../core/retry.js';
import { partOfHour } from '../core/day-parts.js';
import { wallClock } from '../core/local-time.js';
import { intSetting } from '../core/settings.js';
import { startOfLocalDay, toIso } from '../core/dates.js';

/** The away periods not over at `now` (the current one and those planned), as the rules read them. */
export function awayPeriods(db: DB, now: Date): Away[] {
  return awayAfter(db, toIso(now)).map(periodOf);
}

const periodOf = (a: AwayRow): Away => ({ id: a.id, start: new Date(a.starts_at), end: new Date(a.ends_at) });

export interface AwayState {
  /** the current or next planned away; null when none */
  away: AwayRow | null;
  /** `now` falls in it */
  current: boolean;
  /** the retries given back after it (or after the last away, while they wait), by day */
  shares: { day: string; retries: number }[];
  perDay: number;
}

/** Where the user stands: away or not, and the retries that wait, by the day each share comes. */
export function awayState(db: DB, now: Date): AwayState {
  const upcoming = awayAfter(db, toIso(now))[0] ?? null;
  const shown = upcoming ?? lastAwayBefore(db, toIso(now)) ?? null;
  const from = toIso(startOfLocalDay(now));
  return {
    away: upcoming,
    current: upcoming !== null && awayAt(now, [periodOf(upcoming)]) !== undefined,
    shares: shown ? sharesByDay(movedWaiting(db, shown.id, from).map((d) => new Date(d))) : [],
    perDay: intSetting(currentSettings(db), 'rules.retries_per_day'),
  };
}

/**
 * Away from `from` (default now) until the day `back`: an away that overlaps it is changed
 * to it, else a new one is kept. The retries due before the return (those due before it
 * begins stay, when it begins later) are spread over the days after it.
 */
export function setAway(db: DB, now: Date, back: Date, from?: Date): AwayState {
  const start = from && from > now ? from : now;
  db.transaction(() => {
    const overlapping = awayAfter(db, toIso(start)).find((a) => a.starts_at < toIso(back));
    let id: number;
    if (overlapping) {
      id = overlapping.id;
      updateAway(db, id, { starts_at: toIso(start) < overlapping.starts_at || from ? toIso(start) : overlapping.starts_at, ends_at: toIso(back) });
    } else {
      id = insertAway(db, { starts_at: toIso(start), ends_at: toIso(back), created_at: toIso(now) });
    }
    spread(db, awayAfter(db, toIso(now)).find((a) => a.id === id)!, now);
  }).immediate();
  return awayState(db, now);
}

/**
 * Back now: the current away ends (its retries are spread again from today), or, when the
 * next one has not begun, it is called off and its retries go back to their own dates.
 * Null when there is no away to end.
 */
export function endAway(db: DB, now: Date): { ended: AwayRow; calledOff: boolean; state: AwayState } | null {
  const ended = db.transaction(() => {
    const next = awayAfter(db, toIso(now))[0];
    if (!next) return null;
    if (next.starts_at >= toIso(now)) {
      cancelAway(db, next.id, toIso(now));
      return { ended: next, calledOff: true };
    }
    updateAway(db, next.id, { ends_at: toIso(now), ended_at: toIso(now) });
    spread(db, { ...next, ends_at: toIso(now), ended_at: toIso(now) }, now);
    return { ended: next, calledOff: false };
  }).immediate();
  return ended && { ...ended, state: awayState(db, now) };
}

/**
 * The retries that wait for the return of `away`, given back `rules.retries_per_day` a
 * calling day from the day back, in the order they fell due, each at the part of the day it
 * was planned for (on the lead's clock) and never inside an away.
 */
function spread(db: DB, away: AwayRow, now: Date): void {
  const perDay = intSetting(currentSettings(db), 'rules.retries_per_day');
  const retryCodes = listCodes(db).filter((c) => c.action === 'retry').map((c) => c.code);
  const begun = away.starts_at <= toIso(now);
  // an away that begins later holds only what falls due in it
  const waiting = waitingRetries(db, away.id, away.ends_at, retryCodes).filter(
    (r) => r.from_at !== null || begun || r.next_contact_at >= away.starts_at,
  );
  const periods = [...awayAfter(db, toIso(now)).filter((a) => a.id !== away.id).map(periodOf), periodOf(away)];
  const back = new Date(away.ends_at);
  const days = shareDays(waiting.length, perDay, back, periods);
  const move = moveRetry(db, toIso(now));
  waiting.forEach((r, i) => {
    const zone = callingZone(r);
    const stored = r.next_plan ? (JSON.parse(r.next_plan) as RetryPlan) : null;
    const plan = stored && stored.at === r.next_contact_at ? stored : null;
    const part = heldPart(plan, wallClock(zone, new Date(r.next_contact_at)).hour);
    const d = days[i];
    const at = heldSlot(zone, { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() }, part, periods, back);
    const held: RetryPlan = {
      ...(plan ?? { kind: 'retry', try: r.attempts + 1, of: r.retry_round, round: 1, attempts: r.attempts, tried: [], basis: 'even' }),
      at: toIso(at),
      part: partOfHour(wallClock(zone, at).hour),
      held: { from: r.from_at ?? r.next_contact_at, away: away.id, per_day: perDay },
    };
    move(away.id, r, toIso(at), JSON.stringify(held));
  });
}
