// Suppressions: phones and emails that must stay out of the queue whatever an import brings
// (a do-not-call registry's numbers; a person who asked to be forgotten). Only a keyed hash
// is kept (HMAC-SHA-256, its key in a file of its own outside the database): a copy of the
// database without the key gives no number back, even to someone who tries every number.
// Databases from before the key hold plain SHA-256 hashes, which stay readable: each becomes
// keyed when its number is in hand again (a registry loaded again, the person forgotten again).
import { createHash, createHmac } from 'node:crypto';
import { normalisePhone, phoneDigits } from './normalise.js';

export type SuppressionKind = 'phone' | 'email';

/** Keyed hashes begin so, apart from the plain hex of before. */
export const KEYED = 'k1:';

/** The keyed hash of a normalised phone (E.164) or email (trimmed, lower-cased). */
export function suppressionHash(key: Uint8Array, kind: SuppressionKind, normalised: string): string {
  return KEYED + createHmac('sha256', key).update(`${kind}:${normalised}`).digest('hex');
}

/** The plain hash suppressions had before they were keyed: read, never written. */
export function plainSuppressionHash(kind: SuppressionKind, normalised: string): string {
  return createHash('sha256').update(`${kind}:${normalised}`).digest('hex');
}

/** What names a key without giving it away: the database keeps it, to tell its key from another. */
export function keyId(key: Uint8Array): string {
  return createHmac('sha256', key).update('leads suppression key').digest('hex').slice(0, 16);
}

/**
 * The form a phone is suppressed by: its E.164, else (a number not valid in its country) its
 * digits as written, so that a forgotten person's number comes back suppressed however it
 * was read.
 */
export function suppressionPhone(text: string, country: string): string | null {
  return normalisePhone(text, country)?.e164 ?? phoneDigits(text);
}

/**
 * The phone number on one line of a registry file, as E.164, or null. A line is a number in
 * any format, or cells (comma, semicolon or tab) of which the first that is a possible
 * number counts; an area code and a local number in two cells ("201,5550123", the shape
 * of the US registry's download) are read as one number.
 */
export function registryNumber(line: string, defaultCountry: string): string | null {
  const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, '').trim()).filter(Boolean);
  if (cells.length >= 2 && /^\d{3}$/.test(cells[0]) && /^\d{7}$/.test(cells[1].replace(/\D/g, ''))) {
    cells.unshift(`${cells[0]}${cells[1]}`);
  }
  for (const cell of cells) {
    if (!/\d{3}/.test(cell.replace(/\D/g, ''))) continue;
    const p = normalisePhone(cell, defaultCountry);
    if (p?.e164) return p.e164;
  }
  return null;
}
