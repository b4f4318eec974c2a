// Phone and email normalisation for matching; the text as written is always kept beside it.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface NormalPhone {
  /** E.164 when the number has a possible length, else null */
  e164: string | null;
  ext: string | null;
  /** a real number for its country (false: kept as written and flagged) */
  valid: boolean;
}

export function normalisePhone(text: string | null | undefined, defaultCountry = 'US'): NormalPhone | null {
  const t = text?.trim();
  if (!t) return null;
  const parsed = parsePhoneNumberFromString(t, defaultCountry as CountryCode);
  if (!parsed || !parsed.isPossible()) return { e164: null, ext: null, valid: false };
  return { e164: parsed.number, ext: parsed.ext ?? null, valid: parsed.isValid() };
}

/** Trimmed and lower-cased: the form emails are matched in. */
export function normaliseEmail(text: string | null | undefined): string | null {
  const t = text?.trim().toLowerCase();
  return t ? t : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const looksLikeEmail = (text: string): boolean => EMAIL.test(text.trim());

/** The matching columns that go with a lead's phone, mobile and email as written. */
export function matchColumns(
  fields: { phone?: string | null; mobile?: string | null; email?: string | null },
  defaultCountry: string,
) {
  const out: {
    phone_e164?: string | null;
    phone_ext?: string | null;
    phone_valid?: number | null;
    mobile_e164?: string | null;
    email_norm?: string | null;
  } = {};
  if (fields.phone !== undefined) {
    const p = normalisePhone(fields.phone, defaultCountry);
    out.phone_e164 = p?.e164 ?? null;
    out.phone_ext = p?.ext ?? null;
    out.phone_valid = p ? (p.valid ? 1 : 0) : null;
  }
  if (fields.mobile !== undefined) out.mobile_e164 = normalisePhone(fields.mobile, defaultCountry)?.e164 ?? null;
  if (fields.email !== undefined) out.email_norm = normaliseEmail(fields.email);
  return out;
}
