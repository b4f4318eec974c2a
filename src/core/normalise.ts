// Phone and email normalisation for matching; the text as written is always kept beside it.
import { createRequire } from 'node:module';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';

type Parse = (text: string, defaultCountry?: CountryCode) => PhoneNumber | undefined;
let parser: Parse | undefined;
/**
 * libphonenumber-js is large and slow to load: loaded on the first phone that needs it, so
 * `leads show` and `leads list`, which never parse one, do not pay for it.
 */
const parsePhoneNumberFromString: Parse = (text, defaultCountry) =>
  (parser ??= (createRequire(import.meta.url)('libphonenumber-js') as { parsePhoneNumberFromString: Parse })
    .parsePhoneNumberFromString)(text, defaultCountry);

export interface NormalPhone {
  /** E.164 of a valid number, else null: a number not valid where it is read is dialled as written */
  e164: string | null;
  ext: string | null;
  /** a real number for its country (false: kept as written and flagged) */
  valid: boolean;
}

const NOT_VALID: NormalPhone = Object.freeze({ e164: null, ext: null, valid: false }) as NormalPhone;

/** Countries of the North American Numbering Plan (+1), where 10-digit numbers need no country code. */
const NANP = new Set(['US', 'CA', 'PR', 'VI', 'GU', 'AS', 'MP', 'AG', 'AI', 'BB', 'BM', 'BS', 'DM', 'DO', 'GD', 'JM', 'KN', 'KY', 'LC', 'MS', 'SX', 'TC', 'TT', 'VC', 'VG']);

/**
 * A country code the phone library knows (ISO 3166-1 alpha-2, upper case). The +1 countries
 * are known without loading it: `leads add` and `find` in the US and Canada stay fast.
 */
export function isKnownCountry(code: string): boolean {
  if (NANP.has(code)) return true;
  const lib = createRequire(import.meta.url)('libphonenumber-js') as { isSupportedCountry: (c: string) => boolean };
  return /^[A-Z]{2}$/.test(code) && lib.isSupportedCountry(code);
}

/** Validity of NANP numbers by their first six digits (area code + exchange), as libphonenumber says. */
const nanpValid = new Map<string, boolean>();

/**
 * The common case of a list of North American numbers, without libphonenumber's cost
 * (about 7 µs a number): only digits, spaces, `()-.` and a leading `+`, 10 digits (or 11
 * starting with 1), an area code and exchange that start with 2-9. Its validity comes from
 * libphonenumber once per area code and exchange. Anything else returns undefined and goes
 * the full way; a table test and a property test hold the two ways to the same answers.
 */
export function fastNanp(t: string, defaultCountry: string): NormalPhone | undefined {
  let digits = '';
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += t[i];
    else if (c === 43 /* + */) {
      if (digits.length || i !== t.indexOf('+') || t.indexOf('+', i + 1) !== -1) return undefined;
    } else if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46) return undefined;
  }
  const plus = t.includes('+');
  if (digits.length === 11 && digits[0] === '1') digits = digits.slice(1);
  else if (digits.length !== 10 || plus) return undefined;
  if (!plus && !NANP.has(defaultCountry)) return undefined;
  if (digits.charCodeAt(0) < 50 || digits.charCodeAt(3) < 50) return undefined;
  const prefix = digits.slice(0, 6);
  let valid = nanpValid.get(prefix);
  if (valid === undefined) {
    const p = parsePhoneNumberFromString('+1' + digits);
    if (!p || !p.isPossible()) return undefined;
    valid = p.isValid();
    nanpValid.set(prefix, valid);
  }
  return { e164: '+1' + digits, ext: null, valid };
}

/**
 * A phone as written, read in `country` (a number with its own `+` code is read in that
 * one): its E.164 and extension when it is a valid number there, else flagged not valid,
 * with no E.164 made up for it (`0201234567` in GB is no `+1` number).
 */
export function normalisePhone(text: string | null | undefined, country = 'US'): NormalPhone | null {
  const t = text?.trim();
  if (!t) return null;
  const fast = t.length <= 20 ? fastNanp(t, country) : undefined;
  if (fast) return fast.valid ? fast : NOT_VALID;
  const parsed = parsePhoneNumberFromString(t, country as CountryCode);
  if (!parsed || !parsed.isValid()) return NOT_VALID;
  return { e164: parsed.number, ext: parsed.ext ?? null, valid: true };
}

/** The digits of a number as written, with its leading `+`, before any extension; null with fewer than three. */
export function phoneDigits(text: string): string | null {
  const main = text.split(/\s*(?:ext\.?|x|#|;ext=)\s*\d+\s*$/i)[0];
  const digits = main.replace(/\D/g, '');
  if (digits.length < 3) return null;
  return (/^\s*\+/.test(main) ? '+' : '') + digits;
}

/**
 * The national number of a phone as typed (`+1 555 100 2000` → `5551002000`), valid or not,
 * when it has a possible length; else null. What a search matches a number stored as
 * written by, where there is no E.164 to match.
 */
export function nationalDigits(text: string, country: string): string | null {
  const p = parsePhoneNumberFromString(text.trim(), country as CountryCode);
  return p && p.isPossible() ? String(p.nationalNumber) : null;
}


/** Trimmed and lower-cased: the form emails are matched in (of an address emailAddress gave). */
export function normaliseEmail(text: string | null | undefined): string | null {
  const t = text?.trim().toLowerCase();
  return t ? t : null;
}

// local part: the characters RFC 5322 allows unquoted (dot-atom), no dot at either end nor two
// in a row; domain: labels of letters (any script), digits and inner hyphens, and a top level
// of letters
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;
// the same rules for an address of ASCII letters only, in one pattern without Unicode
// classes: most addresses of a list, checked at a third of the cost
const ASCII = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Whether text is one email address and nothing else (`cy@a.example`; not `Cy <cy@a.example>`). */
export function looksLikeEmail(text: string): boolean {
  const t = text.trim();
  const at = t.lastIndexOf('@');
  if (at <= 0 || t.length > 254 || at > 64) return false;
  if (ASCII.test(t)) return true;
  const labels = t.slice(at + 1).split('.');
  return LOCAL.test(t.slice(0, at)) && labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TOP.test(labels[labels.length - 1]);
}

/**
 * The address of an email as people write one: `cy@a.example`, `Cy <cy@a.example>`,
 * `"Dunn, Cy" <cy@a.example>`, `cy@a.example (Cy)`, `mailto:cy@a.example`; null when it
 * holds no address (`not-an-email`). Used wherever an email comes in: import, add, edit,
 * the call session, a logged outcome.
 */
export function emailAddress(text: string | null | undefined): string | null {
  let t = text?.trim() ?? '';
  if (!t) return null;
  // most cells are a bare address
  if (!/[<(]|^mailto:/i.test(t)) return looksLikeEmail(t) ? t : null;
  // a display name before the address in angle brackets, or a comment after it
  const angle = /^(?:"(?:[^"\\]|\\.)*"|[^<>"]*)\s*<([^<>]*)>$/.exec(t);
  if (angle) t = angle[1].trim();
  else t = t.replace(/\s*\([^()]*\)$/, '');
  t = t.replace(/^mailto:/i, '');
  return looksLikeEmail(t) ? t : null;
}

/** The matching columns that go with a lead's phone, mobile and email as written. */
export function matchColumns(
  fields: { phone?: string | null; mobile?: string | null; email?: string | null },
  country: string,
) {
  const out: {
    phone_e164?: string | null;
    phone_ext?: string | null;
    phone_valid?: number | null;
    mobile_e164?: string | null;
    email_norm?: string | null;
  } = {};
  if (fields.phone !== undefined) {
    const p = normalisePhone(fields.phone, country);
    out.phone_e164 = p?.e164 ?? null;
    out.phone_ext = p?.ext ?? null;
    out.phone_valid = p ? (p.valid ? 1 : 0) : null;
  }
  if (fields.mobile !== undefined) out.mobile_e164 = normalisePhone(fields.mobile, country)?.e164 ?? null;
  if (fields.email !== undefined) out.email_norm = normaliseEmail(fields.email);
  return out;
}
