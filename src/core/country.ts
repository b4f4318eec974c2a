// Countries as leads hold them: a two-letter code, or a country's name as a person or an
// export writes it (`Germany`, `Deutschland`, `日本`, `U.S.A.`), told apart with the names
// ICU knows (Unicode's CLDR through Intl.DisplayNames); and the country a phone number's
// calling code belongs to.
import { createRequire } from 'node:module';

/** Spellings people write that no language's name of the country is (any more): `Turkey` is now `Türkiye`. Folded. */
const ALIASES: Record<string, string> = {
  us: 'US', usa: 'US', america: 'US', unitedstatesofamerica: 'US', can: 'CA',
  uk: 'GB', greatbritain: 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', northernireland: 'GB',
  turkey: 'TR', turkiye: 'TR', holland: 'NL', thenetherlands: 'NL', czechrepublic: 'CZ', republicofkorea: 'KR', korea: 'KR', southkorea: 'KR',
  burma: 'MM', swaziland: 'SZ', macedonia: 'MK', ivorycoast: 'CI', capeverde: 'CV', easttimor: 'TL', prc: 'CN',
};

/** Codes Intl names that are no ISO country (`FX` Metropolitan France, `DD`, `UK`, pseudo-locales): `France` is `FR`, not `FX`. */
const NOT_ISO_CODES = new Set(['DD', 'EU', 'EZ', 'FX', 'QO', 'UK', 'UN', 'ZZ', 'XA', 'XB']);

/**
 * The languages whose names of countries are read: those of the exports a salesperson is
 * likely to be handed and of the scripts the letters print (`Deutschland`, `中国`, `Ελλάδα`).
 */
const NAME_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'nb', 'fi', 'pl', 'cs', 'tr', 'el', 'ru', 'ja', 'zh', 'zh-Hant', 'ko', 'ar', 'he', 'th', 'hi'];

/** `U.S.A.` → `usa`, `Côte d'Ivoire` → `cotedivoire`: how names are compared. */
const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '');

let english: Intl.DisplayNames | undefined;
const names = () => (english ??= new Intl.DisplayNames(['en'], { type: 'region' }));

let byName: Map<string, string> | undefined;

/** Every country's names in NAME_LANGUAGES, folded, to its code: built on the first name that is not a code. */
function nameTable(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(ALIASES));
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (isCountryCode(code)) codes.push(code);
    }
  }
  for (const language of NAME_LANGUAGES) {
    const inLanguage = new Intl.DisplayNames([language], { type: 'region' });
    for (const code of codes) {
      const name = inLanguage.of(code);
      if (!name || name === code) continue;
      const k = fold(name);
      if (k && !byName.has(k)) byName.set(k, code);
    }
  }
  return byName;
}

/** Whether a two-letter code names a country (not `XX`). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_ISO_CODES.has(code) && names().of(code) !== code;
}

const seen = new Map<string, string | null>();

/**
 * The two-letter code of a country as written (`de`, `Germany`, `Deutschland`, `日本`, `U.K.`),
 * or null when it names none. A list holds few spellings of few countries: each is worked out once.
 */
export function countryCode(text: string | null | undefined): string | null {
  if (!text) return null;
  const known = seen.get(text);
  if (known !== undefined) return known;
  const t = text.trim();
  let code: string | null = null;
  if (/^[A-Za-z]{2}$/.test(t)) {
    const up = t.toUpperCase();
    code = up === 'UK' ? 'GB' : isCountryCode(up) ? up : null;
  } else if (t) code = nameTable().get(fold(t)) ?? null;
  if (seen.size < 10_000) seen.set(text, code);
  return code;
}

/** A country as a two-letter code where it can be told (`Canada`, `canada`, `CA` → `CA`), else as written in capitals: two spellings of one unknown place compare equal. */
export function countryKey(c: string): string {
  return countryCode(c) ?? c.trim().toUpperCase();
}

/** The country a lead's phones are read in: its own country (code or name) when it names one, else `fallback`. */
export function phoneCountry(leadCountry: string | null | undefined, fallback: string): string {
  return countryCode(leadCountry) ?? fallback;
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
