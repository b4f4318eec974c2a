// The pure rules behind careless and hostile input: contact fields one line, the ranges of
// the settings, how far ahead a next contact may be, what a territory term may be.
process.env.TZ = 'UTC';
import { describe, expect, it } from 'vitest';
import { oneLine, streetLine } from '../../dist/core/lead.js';
import { countrySetting, intSetting, validateSetting, withDefaults } from '../../dist/core/settings.js';
import { checkNextContact, parseWhen } from '../../dist/core/dates.js';
import { parseTerritory } from '../../dist/core/queue.js';
import { emailAddress, isKnownCountry, looksLikeEmail, normalisePhone } from '../../dist/core/normalise.js';
import { countryCode, phoneCountry } from '../../dist/core/country.js';

describe('an email as people write one: its address, or none', () => {
  it.each([
    ['cy@a.example', 'cy@a.example'],
    ['  Cy@A.Example ', 'Cy@A.Example'],
    ['Cy <cy@a.example>', 'cy@a.example'],
    ['"Dunn, Cy" <cy@a.example>', 'cy@a.example'],
    ['"Cy \\"the\\" Dunn" <cy@a.example>', 'cy@a.example'],
    ['<cy@a.example>', 'cy@a.example'],
    ['cy@a.example (Cy Dunn)', 'cy@a.example'],
    ['mailto:cy@a.example', 'cy@a.example'],
    ["o'brien+leads@mail.a-b.example", "o'brien+leads@mail.a-b.example"],
    ['josé@correo.example', 'josé@correo.example'],
    ['info@xn--mller-kva.example', 'info@xn--mller-kva.example'],
    ['not-an-email', null],
    ['cy@', null],
    ['@a.example', null],
    ['cy@localhost', null],
    ['cy@a..example', null],
    ['cy..d@a.example', null],
    ['.cy@a.example', null],
    ['cy@-a.example', null],
    ['cy@a.example.', null],
    ['cy@a.123', null],
    ['cy dunn@a.example', null],
    ['a@b.example, c@d.example', null],
    ['Cy <not-an-email>', null],
    ['Cy <cy@a.example', null],
    ['', null],
  ])('%j → %j', (text, address) => {
    expect(emailAddress(text)).toBe(address);
    expect(looksLikeEmail(text)).toBe(address !== null && address === text.trim());
  });
});

describe('a country as written', () => {
  it.each([
    ['GB', 'GB'], ['gb', 'GB'], ['UK', 'GB'], ['United Kingdom', 'GB'], ['England', 'GB'], ['USA', 'US'], ['U.S.A.', 'US'],
    ['United States of America', 'US'], ['Deutschland', 'DE'], ['Germany', 'DE'], ['Allemagne', 'DE'], ['日本', 'JP'], ['Japan', 'JP'],
    ['中国', 'CN'], ['Ελλάδα', 'GR'], ['Österreich', 'AT'], ["Côte d'Ivoire", 'CI'], ['Türkiye', 'TR'], ['Brasil', 'BR'],
    ['ZZ', null], ['XX', null], ['Atlantis', null], ['', null], [null, null],
  ])('%j → %j', (text, code) => {
    expect(countryCode(text)).toBe(code);
  });

  it('a lead is read in its own country when it names one, else in the default', () => {
    expect(phoneCountry('Deutschland', 'US')).toBe('DE');
    expect(phoneCountry('Atlantis', 'US')).toBe('US');
    expect(phoneCountry(null, 'GB')).toBe('GB');
  });
});

describe('a phone read in a country', () => {
  it.each([
    ['020 7946 0958', 'GB', '+442079460958', true],
    ['0201234567', 'GB', null, false],
    ['0201234567', 'US', null, false],
    ['030 1234567', 'DE', '+49301234567', true],
    ['+49 30 1234567', 'US', '+49301234567', true],
    ['03-1234-5678', 'JP', '+81312345678', true],
    ['(617) 555-0134', 'US', '+16175550134', true],
    ['(617) 555-0134', 'GB', null, false],
    ['555-0156', 'US', null, false],
    ['ask for Bo', 'US', null, false],
  ])('%j in %s: E.164 %j (valid %s), never one made up for a number that is not valid there', (text, country, e164, valid) => {
    expect(normalisePhone(text, country)).toMatchObject({ e164, valid });
  });
});

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

describe('streetLine', () => {
  it.each([
    ['1 Main St', '1 Main St'],
    ['1 Main St, Suite 4', '1 Main St, Suite 4'],
    ['1 Main St\nSuite 4', '1 Main St, Suite 4'],
    ['1 Main St\r\n\r\nSuite 4\n', '1 Main St, Suite 4'],
    ['Silicon Alley 5,\nFloor 2', 'Silicon Alley 5, Floor 2'],
    // a house number on a line of its own goes before the street, as it is read
    ['25334\nSouth Crescent Dr', '25334 South Crescent Dr'],
    ['12b \n Elm St\nApt 2', '12b Elm St, Apt 2'],
    ['a\rb\u2028c', 'a, b, c'],
  ])('%j → %j', (text, want) => expect(streetLine(text)).toBe(want));
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
