// The dial command line made into one process's arguments, and call lengths as typed.
import { describe, expect, it } from 'vitest';
import { dialArgv, mobileTargets, phoneTarget, splitCommandLine, telUri } from '../../dist/core/dial.js';
import { formatClock, formatTalk, parseDuration } from '../../dist/core/session.js';

describe('dialArgv', () => {
  it.each([
    ['xdg-open {tel}', ['xdg-open', 'tel:+16175550100']],
    ['open', ['open', 'tel:+16175550100']],
    ['baresip -e "/dial {number}"', ['baresip', '-e', '/dial +16175550100']],
    ["linphonec -c 'call {number}'", ['linphonec', '-c', 'call +16175550100']],
    ['cmd /c start "" {tel}', ['cmd', '/c', 'start', '', 'tel:+16175550100']],
    ['my\\ dialer --to={number}', ['my dialer', '--to=+16175550100']],
    ['a; rm -rf ~ | $(x)', ['a;', 'rm', '-rf', '~', '|', '$(x)', 'tel:+16175550100']],
  ])('%s', (command, argv) => {
    expect(dialArgv(command, '+16175550100')).toEqual(argv);
  });

  it('refuses an empty command and an unclosed quote', () => {
    expect(() => dialArgv('  ', '+16175550100')).toThrow(/dial.command is empty/);
    expect(() => splitCommandLine('open "tel')).toThrow(/unclosed " quote/);
  });

  it('puts an extension of digits in the tel: URI, and nothing else from the data', () => {
    expect(telUri('+16175550100', '12')).toBe('tel:+16175550100;ext=12');
    expect(telUri('+16175550100', '12; rm')).toBe('tel:+16175550100');
  });
});

describe('call lengths', () => {
  it.each([
    ['3m', 180], ['90s', 90], ['1m30s', 90], ['1h', 3600], ['2:30', 150], ['4', 240], ['1.5', 90], ['2 min', 120],
  ])('%s is %i s', (text, s) => expect(parseDuration(text)).toBe(s));

  it.each(['', 'm', 'soon', '2:75', '-3m'])('%j is refused', (text) => expect(() => parseDuration(text)).toThrow(/not a call length/));
  it('eight hours is the longest call; past it is a typo, refused', () => {
    expect(parseDuration('8h')).toBe(8 * 3600);
    expect(() => parseDuration('8h1s')).toThrow(/longer than the 8 hours a call may be/);
    expect(() => parseDuration('99999h')).toThrow(/longer than the 8 hours/);
  });

  it('formats a clock and a talk time', () => {
    expect([formatClock(0), formatClock(42.9), formatClock(725), formatClock(3723)]).toEqual(['0:00', '0:42', '12:05', '1:02:03']);
    expect([formatTalk(45), formatTalk(200), formatTalk(180), formatTalk(7500)]).toEqual(['45 s', '3 min 20 s', '3 min', '2 h 05 min']);
  });
});

describe('what d and m dial', () => {
  const lead = { phone: '617-555-0100 x12', phone_e164: '+16175550100', phone_ext: '12', mobile: '617-555-0111', mobile_e164: '+16175550111' };
  it('d: the phone with its extension; none without a phone', () => {
    expect(phoneTarget(lead)).toEqual({ what: 'phone', written: '617-555-0100 x12', e164: '+16175550100', ext: '12', number: '+16175550100' });
    expect(phoneTarget({ ...lead, phone: null })).toBeNull();
  });
  it('m: the mobile, then the further phones read in the lead\'s country, else the one given; one that is no number stays undialable', () => {
    const other_phones = JSON.stringify([
      { label: 'Home Phone', number: '030 1234567' },
      { label: 'Other Phone', number: 'ask reception' },
    ]);
    expect(mobileTargets({ ...lead, other_phones, country: null }, 'DE')).toEqual([
      { what: 'mobile', written: '617-555-0111', e164: '+16175550111', ext: null, number: '+16175550111' },
      { what: 'Home Phone', written: '030 1234567', e164: '+49301234567', ext: null, number: '+49301234567' },
      { what: 'Other Phone', written: 'ask reception', e164: null, ext: null, number: null },
    ]);
    // a lead in Germany: its further phones are read there whatever the default
    expect(mobileTargets({ ...lead, other_phones, country: 'Deutschland' }, 'US')[1]).toMatchObject({ e164: '+49301234567' });
    expect(mobileTargets({ mobile: null, mobile_e164: null, other_phones: null, country: null }, 'US')).toEqual([]);
  });

  it.each([
    // a number not valid in the lead's country is dialled as written: its digits, a leading +, no extension
    [{ phone: '0201234567', phone_e164: null, phone_ext: null }, '0201234567'],
    [{ phone: '(555) 0156 x12', phone_e164: null, phone_ext: null }, '5550156'],
    [{ phone: '+44 (0)20 123', phone_e164: null, phone_ext: null }, '+44020123'],
    [{ phone: 'ask for Bo', phone_e164: null, phone_ext: null }, null],
    [{ phone: '12', phone_e164: null, phone_ext: null }, null],
  ])('d on %j dials %j', (l, number) => {
    expect(phoneTarget(l)?.number).toBe(number);
  });
});
