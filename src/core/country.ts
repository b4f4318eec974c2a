// Countries as leads hold them: a two-letter code, or a country's name as a person or an
// export writes it (`Germany`, `Deutschland`, `日本`, `U.S.A.`), told apart with the names
// ICU knows (Intl.DisplayNames) in the languages lists are written in.

const ALIASES: Record<string, string> = {
  usa: 'US', us: 'US', america: 'US', unitedstatesofamerica: 'US', uk: 'GB', greatbritain: 'GB', britain: 'GB', england: 'GB',
  scotland: 'GB', wales: 'GB', northernireland: 'GB', holland: 'NL', turkiye: 'TR', korea: 'KR', southkorea: 'KR',
};

/** Codes Intl names that are no ISO country (`FX` Metropolitan France, `DD`, `UK`): `France` is `FR`, not `FX`. */
const NOT_ISO_CODES = new Set(['DD', 'EU', 'EZ', 'FX', 'QO', 'UK', 'UN', 'ZZ', 'XA', 'XB', 'XK']);

/** Languages whose country names are read: those of the exports a salesperson is likely to be handed. */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'nb', 'fi', 'pl', 'cs', 'tr', 'el', 'ru', 'ja', 'zh', 'zh-Hant', 'ko'];

/** `U.S.A.` → `usa`, `Côte d'Ivoire` → `cotedivoire`: how names are compared. */
const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '');

let english: Intl.DisplayNames | undefined;
const names = () => (english ??= new Intl.DisplayNames(['en'], { type: 'region' }));

let byName: Map<string, string> | undefined;

/** Every country's names in LANGUAGES, folded, to its code: built on the first name that is not a code. */
function nameTable(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(ALIASES));
  for (const lang of LANGUAGES) {
    const d = new Intl.DisplayNames([lang], { type: 'region' });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (NOT_ISO_CODES.has(code)) continue;
        const name = d.of(code);
        if (!name || name === code) continue;
        const k = fold(name);
        if (!byName.has(k)) byName.set(k, code);
      }
    }
  }
  return byName;
}

/** Whether a two-letter code names a country (not `XX`). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_ISO_CODES.has(code) && names().of(code) !== code;
}

/** The country a lead's phones are read in: its own country (code or name) when it names one, else `fallback`. */
export function phoneCountry(leadCountry: string | null | undefined, fallback: string): string {
  return countryCode(leadCountry) ?? fallback;
}

const seen = new Map<string, string | null>();

/**
 * The two-letter code of a country as written (`de`, `Germany`, `Deutschland`, `日本`), or
 * null when it names none. A list holds few spellings of few countries: each is worked out once.
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
