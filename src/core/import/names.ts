// A whole name (`Name`, `Full Name`) split into first and last name, and the forms names
// are compared in when deciding whether two rows are the same person. Pure.

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'rev', 'hon']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'phd', 'md', 'dds', 'esq', 'cpa', 'mba', 'rn', 'pe']);
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'st', 'bin', 'ibn', 'al', 'ter', 'ten']);

const bare = (w: string) => w.toLowerCase().replace(/[.,]/g, '');

/** Chinese, Japanese and Korean script: names written family name first. */
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー・\s]+$/u;

/**
 * `Ann Baker` → Ann / Baker; `Baker, Ann` → Ann / Baker; `Dr. Ann M. Baker Jr.` →
 * Ann M. / Baker Jr.; `Ludwig van Beethoven` → Ludwig / van Beethoven; one word is a
 * first name. A name in Chinese, Japanese or Korean script is family name first
 * (`山田 太郎` → 太郎 / 山田), and one written without a space is the whole family-first
 * name, kept as the last name (where the family name ends cannot be told). Words are kept
 * as written (only the honorific is left out).
 */
export function splitName(full: string): { first: string | null; last: string | null } {
  const t = full.trim().replace(/\s+/g, ' ');
  if (!t) return { first: null, last: null };
  if (CJK.test(t)) {
    const sp = t.indexOf(' ');
    return sp < 0 ? { first: null, last: t } : { first: t.slice(sp + 1), last: t.slice(0, sp) };
  }
  const comma = t.indexOf(',');
  if (comma > 0) {
    const before = t.slice(0, comma).trim();
    const after = t.slice(comma + 1).trim();
    // `Ann Baker, Jr.` is a suffix; `Baker, Ann` is last, first
    const afterWords = after.split(' ');
    if (after && !afterWords.every((w) => SUFFIXES.has(bare(w)))) {
      return { first: after || null, last: before || null };
    }
  }
  const words = t.split(' ');
  while (words.length > 1 && HONORIFICS.has(bare(words[0]))) words.shift();
  if (words.length === 1) return { first: words[0], last: null };
  let end = words.length - 1;
  while (end > 1 && SUFFIXES.has(bare(words[end]))) end--;
  let start = end;
  while (start > 1 && PARTICLES.has(bare(words[start - 1]))) start--;
  return { first: words.slice(0, start).join(' '), last: words.slice(start).join(' ') };
}

/** `O'Brien`, `obrien` and `Óbrien` compare equal: letters and digits, no accents, no case. */
export function nameKey(name: string | null | undefined): string {
  if (!name) return '';
  // most names are plain ASCII letters: no need for Unicode normalisation
  if (/^[A-Za-z]+$/.test(name)) return name.toLowerCase();
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The key a lead without phone, mobile or email is recognised by: its names and company,
 * each folded as nameKey does. The same in the file and in the database (leads.name_key).
 */
export function leadNameKey(first: string | null | undefined, last: string | null | undefined, company: string | null | undefined): string {
  return `${nameKey(first)}|${nameKey(last)}|${nameKey(company)}`;
}

/** What a lead's name key is made of: its names and company, and whether it has a phone, mobile or email. */
export const NAME_KEY_SOURCES = ['first_name', 'last_name', 'company', 'phone_e164', 'mobile_e164', 'email_norm'] as const;
export type NameKeyFields = Record<(typeof NAME_KEY_SOURCES)[number], string | null>;

/** Whether a lead is recognised by its names and company: it has no phone, mobile or email to be found by. */
export function keyedByName(l: Pick<NameKeyFields, 'phone_e164' | 'mobile_e164' | 'email_norm'>): boolean {
  return !l.phone_e164 && !l.mobile_e164 && !l.email_norm;
}

/** leads.name_key: the lead's folded names and company when it is keyed by name, else null. */
export function nameKeyOf(l: NameKeyFields): string | null {
  return keyedByName(l) ? storedNameKey(l.first_name, l.last_name, l.company) : null;
}

/** The name key as stored: none for a lead with neither names nor company (one forgotten), found by nothing. */
export function storedNameKey(first: string | null | undefined, last: string | null | undefined, company: string | null | undefined): string | null {
  const key = leadNameKey(first, last, company);
  return key === '||' ? null : key;
}
