// Countries as leads hold them: a two-letter code, an English name or a common alias in the
// lead's `country` field, and the country a phone number's calling code belongs to.
import { createRequire } from 'node:module';

/** Spellings people write that no language's name of the country is (any more): `Turkey` is now `Türkiye`. */
const ALIASES: Record<string, string> = {
  us: 'US', usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', 'united states of america': 'US', america: 'US',
  can: 'CA', uk: 'GB', 'u.k.': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  turkey: 'TR', holland: 'NL', 'the netherlands': 'NL', 'czech republic': 'CZ', 'republic of korea': 'KR', korea: 'KR',
  burma: 'MM', swaziland: 'SZ', macedonia: 'MK', 'ivory coast': 'CI', 'cape verde': 'CV', 'east timor': 'TL', prc: 'CN',
};

let regionNames: Intl.DisplayNames | undefined;
const names = () => (regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' }));
let codeOfName: Map<string, string> | undefined;

/**
 * The languages whose names of countries are read (`Deutschland`, `中国`, `Ελλάδα`): English
 * and the languages of the scripts the letters print.
 */
const NAME_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'pl', 'tr', 'ru', 'el', 'ja', 'zh', 'ko', 'ar', 'he', 'th', 'hi'];

/** Codes Intl names that are no ISO country (`FX` Metropolitan France, `DD`, `UK`): `France` is `FR`, not `FX`. */
const NOT_ISO_CODES = new Set(['DD', 'EU', 'EZ', 'FX', 'QO', 'UK', 'UN', 'ZZ']);

/** Country names (Unicode's CLDR, in the languages above) to codes, built once on the first name that is not a code. */
function nameTable(): Map<string, string> {
  if (!codeOfName) {
    codeOfName = new Map();
    const codes: string[] = [];
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (!NOT_ISO_CODES.has(code) && names().of(code) !== code) codes.push(code);
      }
    }
    for (const language of NAME_LANGUAGES) {
      const inLanguage = new Intl.DisplayNames([language], { type: 'region' });
      for (const code of codes) {
        const name = inLanguage.of(code)?.toLowerCase();
        if (name && !codeOfName.has(name)) codeOfName.set(name, code);
      }
    }
  }
  return codeOfName;
}

const keys = new Map<string, string>();

/** A country as a two-letter code where it can be told (`Canada`, `canada`, `CA` → `CA`), else in capitals. */
export function countryKey(c: string): string {
  const known = keys.get(c);
  if (known !== undefined) return known;
  const t = c.trim();
  const low = t.toLowerCase();
  const key = ALIASES[low] ?? (/^[A-Za-z]{2}$/.test(t) ? t.toUpperCase() : (nameTable().get(low) ?? t.toUpperCase()));
  // a book holds few spellings of few countries: each is worked out once
  if (keys.size < 10_000) keys.set(c, key);
  return key;
}

/** Whether a two-letter code names a country (not `XX`). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_ISO_CODES.has(code) && names().of(code) !== code;
}

/** The English name of a country code (`DE` → `Germany`), or null. */
export function countryName(code: string): string | null {
  return isCountryCode(code) ? names().of(code)! : null;
}

type Parse = (text: string) => { country?: string } | undefined;
let parse: Parse | undefined;
let callingCodes: Record<string, string[]> | undefined;
/** The country of a shared calling code's numbers by their first six national digits (the library takes half a millisecond a number). */
const byLeadingDigits = new Map<string, string>();

/**
 * The country of an E.164 number: the only country of its calling code (`+49` is Germany),
 * or, where a code is shared (`+1`, `+7`, `+44`), the one its leading digits tell, else the
 * code's main country (libphonenumber's metadata lists it first). libphonenumber-js is
 * loaded on the first number that needs it.
 */
export function countryOfPhone(e164: string): string | null {
  if (!/^\+\d{5,}$/.test(e164)) return null;
  callingCodes ??= (createRequire(import.meta.url)('libphonenumber-js/metadata.min.json') as { country_calling_codes: Record<string, string[]> })
    .country_calling_codes;
  // calling codes are prefix-free: at most one of the first three digit counts is a code
  for (const len of [1, 2, 3]) {
    const countries = callingCodes[e164.slice(1, 1 + len)];
    if (!countries) continue;
    if (countries.length === 1) return countries[0];
    // the digits that tell the countries of a code apart are fewer than six (`+44 1481` Guernsey)
    const key = e164.slice(0, 1 + len + 6);
    let country = byLeadingDigits.get(key);
    if (country === undefined) {
      parse ??= (createRequire(import.meta.url)('libphonenumber-js') as { parsePhoneNumberFromString: Parse }).parsePhoneNumberFromString;
      country = parse(e164)?.country ?? countries[0];
      if (byLeadingDigits.size < 100_000) byLeadingDigits.set(key, country);
    }
    return country;
  }
  return null;
}
