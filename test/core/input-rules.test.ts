// The pure rules behind careless and hostile input: contact fields one line, the ranges of
// the settings, how far ahead a next contact may be, what a territory term may be.
process.env.TZ = 'UTC';
import { describe, expect, it } from 'vitest';
import { oneLine } from '../../dist/core/lead.js';
import { countrySetting, intSetting, validateSetting, withDefaults } from '../../dist/core/settings.js';
import { checkNextContact, parseWhen } from '../../dist/core/dates.js';
import { parseTerritory } from '../../dist/core/queue.js';
import { isKnownCountry } from '../../dist/core/normalise.js';

describe('oneLine', () => {
  it.each([
    ['Ann', 'Ann'],
    ['Ann\nBcc: x', 'Ann Bcc: x'],
    ['Ann \r\n  Baker', 'Ann Baker'],
    ['a\rb\u000bc\u000cd\u0085e\u2028f\u2029g', 'a b c d e f g'],
    ['1 Main St\n\n\nSuite 5', '1 Main St Suite 5'],
    ['tab\tstays', 'tab\tstays'],
  ])('%j → %j', (text, want) => expect(oneLine(text)).toBe(want));
});

describe('settings ranges', () => {
  it.each([
    ['rules.cool_off_days', '0', '0'], ['rules.cool_off_days', '3650', '3650'], ['rules.strikes', '1', '1'], ['rules.strikes', '10', '10'],
    ['rules.retry_limit', '50', '50'], ['rules.stale_days', '365', '365'], ['rules.default_country', 'gb', 'GB'], ['sender.name', 'Sam\nBcc: x', 'Sam Bcc: x'],
  ])('%s %j is taken as %j', (key, value, stored) => expect(validateSetting(key, value)).toBe(stored));

  it.each([
    ['rules.cool_off_days', '3651'], ['rules.recall_days', '99999999999'], ['rules.strikes', '0'], ['rules.strikes', '11'], ['rules.retry_limit', '0'],
    ['rules.retry_limit', '51'], ['rules.stale_days', '0'], ['rules.stale_days', '366'], ['rules.strikes', '1e3'], ['rules.default_country', 'ZZ'], ['rules.default_country', 'USA'],
  ])('%s %j is refused', (key, value) => expect(() => validateSetting(key, value)).toThrow(new RegExp(`^${key} must be`)));

  it('a stored value out of range is a RunError naming leads config set; in range it is read', () => {
    expect(() => intSetting(withDefaults({ 'rules.cool_off_days': '99999999999' }), 'rules.cool_off_days')).toThrow(/leads config set rules.cool_off_days/);
    expect(() => countrySetting(withDefaults({ 'rules.default_country': 'ZZ' }))).toThrow(/leads config set rules.default_country/);
    expect(intSetting(withDefaults({}), 'rules.strikes')).toBe(3);
    expect(countrySetting(withDefaults({ 'rules.default_country': 'ie' }))).toBe('IE');
  });

  it('countries are those the phone library knows', () => {
    expect(['US', 'CA', 'GB', 'DE', 'JP', 'BR'].every(isKnownCountry)).toBe(true);
    expect(['ZZ', 'XX', 'UK', 'us', 'USA', ''].some(isKnownCountry)).toBe(false);
  });
});

describe('dates', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it('a next contact at most five years ahead', () => {
    expect(() => checkNextContact(parseWhen('+5y', now), now)).not.toThrow();
    expect(() => checkNextContact(parseWhen('+6y', now), now)).toThrow(/more than 5 years ahead/);
    expect(() => checkNextContact(parseWhen('+999y', now), now)).toThrow(/3025-11-24/);
  });
  it('a year past 9999 is a bad date, not an invalid one', () => {
    expect(() => parseWhen('+9999y', now)).toThrow(/^bad date/);
  });
});

describe('territory terms', () => {
  it.each([['MA', ['MA']], ['MA, NH ,021', ['MA', 'NH', '021']], ["St. John's", ["St. John's"]], ['Île-de-France', ['Île-de-France']]])('%j → %j', (text, want) =>
    expect(parseTerritory(text)).toEqual(want),
  );
  it.each([['ZZ,!!', /"!!" is not a state\/region or postal-code prefix/], [',,', /takes states\/regions/], ['%', /"%"/], ['MA;NH', /"MA;NH"/]])('%j is refused', (text, message) =>
    expect(() => parseTerritory(text)).toThrow(message),
  );
});
