// parseWhen: the friendly date forms of `--next`, `--at`, `--date` and the session prompts.
// Run in a zone with daylight saving so local-time arithmetic is really exercised.
process.env.TZ = 'America/New_York';
import { describe, expect, it } from 'vitest';
import { nextBusinessDay, parseDayText, parseWhen, WHEN_FORMS } from '../../dist/core/dates.js';

// Tuesday 24 November 2026, 10:30 local
const NOW = new Date(2026, 10, 24, 10, 30);
const fmt = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ` +
  `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

describe('parseWhen', () => {
  it.each([
    ['2026-12-01', '2026-12-01 09:00'],
    ['2026-12-01 14:00', '2026-12-01 14:00'],
    ['2026-12-01T14:05', '2026-12-01 14:05'],
    ['  2026-12-01   14:00 ', '2026-12-01 14:00'],
    ['today', '2026-11-24 09:00'],
    ['Today 16:45', '2026-11-24 16:45'],
    ['tomorrow', '2026-11-25 09:00'],
    ['tomorrow 14:00', '2026-11-25 14:00'],
    ['tomorrow at 2pm', '2026-11-25 14:00'],
    ['tomorrow 9:30am', '2026-11-25 09:30'],
    ['tomorrow 12am', '2026-11-25 00:00'],
    ['tomorrow 12pm', '2026-11-25 12:00'],
    ['tomorrow 14h', '2026-11-25 14:00'],
    ['tomorrow 14h30', '2026-11-25 14:30'],
    ['yesterday', '2026-11-23 09:00'],
    ['15:00', '2026-11-24 15:00'],
    ['3pm', '2026-11-24 15:00'],
    // weekdays: the next one after today; today's own name is a week away
    ['wed', '2026-11-25 09:00'],
    ['mon', '2026-11-30 09:00'],
    ['Monday', '2026-11-30 09:00'],
    ['next fri', '2026-11-27 09:00'],
    ['tue', '2026-12-01 09:00'],
    ['sun 11:00', '2026-11-29 11:00'],
    ['thurs', '2026-11-26 09:00'],
    ['+3d', '2026-11-27 09:00'],
    ['+ 3 days', '2026-11-27 09:00'],
    ['in 3 days', '2026-11-27 09:00'],
    ['-2d', '2026-11-22 09:00'],
    ['+2w', '2026-12-08 09:00'],
    ['+1m', '2026-12-24 09:00'],
    ['+2months', '2027-01-24 09:00'],
    ['+1y', '2027-11-24 09:00'],
    ['+3d 16:00', '2026-11-27 16:00'],
    ['+2h', '2026-11-24 12:30'],
    ['now', '2026-11-24 10:30'],
    ['june 2027', '2027-06-01 09:00'],
    ['Jun 2027', '2027-06-01 09:00'],
    ['june', '2027-06-01 09:00'],
    ['december 15', '2026-12-15 09:00'],
    ['nov 24', '2026-11-24 09:00'],
    ['nov 23', '2027-11-23 09:00'],
    ['15 june 2027', '2027-06-15 09:00'],
    ['june 15, 2027', '2027-06-15 09:00'],
    ['june 15th 2027 10:15', '2027-06-15 10:15'],
    ['sept 2027 8am', '2027-09-01 08:00'],
  ])('%s → %s', (text, want) => {
    expect(fmt(parseWhen(text, NOW))).toBe(want);
  });

  it('clamps the day of month when adding months', () => {
    expect(fmt(parseWhen('+1m', new Date(2027, 0, 31, 8)))).toBe('2027-02-28 09:00');
    expect(fmt(parseWhen('+1m', new Date(2028, 0, 31, 8)))).toBe('2028-02-29 09:00');
  });

  it('keeps wall-clock time across a daylight-saving change', () => {
    // 2027-03-14 is the US spring-forward day
    expect(fmt(parseWhen('+1d', new Date(2027, 2, 13, 12)))).toBe('2027-03-14 09:00');
    expect(fmt(parseWhen('+2d 14:00', new Date(2027, 2, 13, 12)))).toBe('2027-03-15 14:00');
  });

  it('takes another default hour for dates without a time', () => {
    expect(fmt(parseWhen('2026-12-01', NOW, { defaultHour: 0 }))).toBe('2026-12-01 00:00');
    expect(fmt(parseWhen('2026-12-01 07:15', NOW, { defaultHour: 0 }))).toBe('2026-12-01 07:15');
  });

  it.each([
    '', '   ', 'soon', '2026-02-30', '2026-13-01', '2026-12-01 25:00', '2026-12-01 10:60', 'tomorrow 13pm',
    'tomorrow 0am', '+3x', '3d', 'june 32', 'june 2027 2028', '2026/12/01', '12/01/2026', 'mon 9', 'fri tomorrow',
    'feb 29 2027', '2027-03-14 02:30', 'next', '+', 'june june',
  ])('refuses %j with a usage error naming the accepted forms', (text) => {
    let err: unknown;
    try {
      parseWhen(text, NOW);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect((err as Error & { exitCode: number }).exitCode).toBe(2);
    expect((err as Error).message).toBe(`bad date ${JSON.stringify(text)}: use ${WHEN_FORMS}`);
  });
});

describe('parseDayText and nextBusinessDay', () => {
  it.each([
    ['today', '2026-11-24'],
    ['tomorrow', '2026-11-25'],
    ['2026-12-31', '2026-12-31'],
    ['mon', '2026-11-30'],
  ])('day of %s is %s', (text, want) => expect(parseDayText(text, NOW)).toBe(want));

  it.each([
    [new Date(2026, 10, 24, 10), '2026-11-25 09:00'], // Tuesday → Wednesday
    [new Date(2026, 10, 27, 10), '2026-11-30 09:00'], // Friday → Monday
    [new Date(2026, 10, 28, 10), '2026-11-30 09:00'], // Saturday → Monday
    [new Date(2026, 10, 29, 23), '2026-11-30 09:00'], // Sunday night → Monday
  ])('next business day after %s is %s', (now, want) => expect(fmt(nextBusinessDay(now))).toBe(want));
});
