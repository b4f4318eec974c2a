// What `leads find` looks for, from the text typed: pure, so the store only runs the query.
import { nationalDigits, normalisePhone } from './normalise.js';

/** Text folded for searching: lower case, accents dropped ("Müller" matches "muller"). */
export function foldText(text: string): string {
  // most text is ASCII: skip the costly Unicode decomposition for it (a search reads every lead)
  return /[^\x00-\x7f]/.test(text) ? text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() : text.toLowerCase();
}

/** Text for a LIKE pattern with `ESCAPE '\\'`: its `%`, `_` and `\` stand for themselves. */
export function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

export interface SearchTerms {
  /** a LIKE pattern of the folded text, `%`, `_` and `\` escaped */
  like: string;
  /**
   * the digits of a text that reads as a phone number, else '': its national number when it
   * is not a valid one (`+1 555 100 2000` finds `(555) 100-2000`, kept as written with no E.164)
   */
  digits: string;
  /** that phone number in E.164, when it parses, else '' */
  e164: string;
}

export function searchTerms(text: string, defaultCountry: string): SearchTerms {
  const t = foldText(text.trim());
  const phoneLike = /^[\d\s()+.\-/]+$/.test(t);
  const e164 = phoneLike ? (normalisePhone(t, defaultCountry)?.e164 ?? '') : '';
  const digits = phoneLike ? (e164 ? t.replace(/\D/g, '') : (nationalDigits(t, defaultCountry) ?? t.replace(/\D/g, ''))) : '';
  return { like: `%${likeEscaped(t)}%`, digits, e164 };
}
