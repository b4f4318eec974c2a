// The figures of a session's summary.
import { describe, expect, it } from 'vitest';
import { formatMinutes, sessionFigures, talkSeconds } from '../../dist/core/session.js';

const at = (min: number) => new Date(Date.UTC(2026, 10, 24, 9, min)).toISOString();

describe('sessionFigures', () => {
  it.each([
    // [minutes long, calls, reached, calls per hour]
    [90, 30, 12, 20],
    [45, 10, 4, 13.3],
    [1, 2, 0, 120],
    [0, 3, 1, null], // under a minute: no honest rate
  ])('%i min, %i calls, %i reached → %s calls per hour', (minutes, calls, reached, rate) => {
    const f = sessionFigures({ started_at: at(0), ended_at: at(minutes), calls, reached }, new Date(0));
    expect(f).toEqual({ minutes, calls, reached, callsPerHour: rate });
  });

  it('a session not ended (killed) is measured to now', () => {
    const f = sessionFigures({ started_at: at(0), ended_at: null, calls: 6, reached: 2 }, new Date(at(30)));
    expect(f).toMatchObject({ minutes: 30, callsPerHour: 12 });
  });

  it.each([
    [0, 'under a minute'],
    [0.5, 'under a minute'],
    [1, '1 min'],
    [59.9, '59 min'],
    [60, '1 h 00 min'],
    [135, '2 h 15 min'],
  ])('%d minutes read %s', (m, text) => expect(formatMinutes(m)).toBe(text));
});

describe('talkSeconds: talk time stops call.idle_minutes after the last key', () => {
  const MIN = 60_000;
  it.each([
    { what: 'a call of 3 minutes, keys all along', start: 0, key: 2 * MIN, now: 3 * MIN, idle: 10 * MIN, seconds: 180 },
    { what: 'a card left open over lunch', start: 0, key: 1 * MIN, now: 90 * MIN, idle: 10 * MIN, seconds: 11 * 60 },
    { what: 'no key since the card showed', start: 0, key: 0, now: 60 * MIN, idle: 10 * MIN, seconds: 600 },
    { what: 'dialled after the last key: counted from the dial', start: 5 * MIN, key: 1 * MIN, now: 60 * MIN, idle: 10 * MIN, seconds: 600 },
    { what: 'a shorter idle setting', start: 0, key: 0, now: 5 * MIN, idle: 2 * MIN, seconds: 120 },
  ])('$what: $seconds s', ({ start, key, now, idle, seconds }) => {
    expect(talkSeconds(start, key, now, idle)).toBe(seconds);
  });
});
